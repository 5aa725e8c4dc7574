//! The part of a printout that says where to go (shown on paper only): the point's name,
//! address, phone and hours, the date it was printed, and the QR code of the page, so the sheet
//! leads back to the up-to-date page.

use leptos::prelude::*;
use linli_shared::api::PointDetail;
use linli_shared::domain::takeaway::{day_runs, week_groups};
use linli_shared::error::Lang;

use crate::api;
use crate::components::loaded::load;
use crate::components::qr::QrCode;
use crate::i18n::{Msg, text_in, tr, weekday_short};
use crate::session::lang;

/// Today in the device's local time, `2026-11-24`.
pub fn today_text() -> String {
    let now = web_sys::js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date()
    )
}

/// A week's hours in a few lines: `周一至周三、周五 08:30–12:00, 13:00–17:30`.
fn hours_lines(lang: Lang, point: &PointDetail) -> Vec<String> {
    let (to, and) = match lang {
        Lang::Zh => ("至", "、"),
        Lang::En => ("–", ", "),
    };
    week_groups(&point.hours)
        .into_iter()
        .map(|(days, intervals)| {
            let days = day_runs(&days)
                .into_iter()
                .map(|(first, last)| {
                    if first == last {
                        weekday_short(lang, first).to_owned()
                    } else {
                        format!(
                            "{}{to}{}",
                            weekday_short(lang, first),
                            weekday_short(lang, last)
                        )
                    }
                })
                .collect::<Vec<_>>()
                .join(and);
            let times = intervals
                .iter()
                .map(|i| format!("{}–{}", i.from, i.to))
                .collect::<Vec<_>>()
                .join(", ");
            format!("{days} {times}")
        })
        .collect()
}

/// Printed under the materials: where to go (`point`, when there is one), the print date and
/// the QR code of `qr_path`.
#[component]
pub fn PrintSheet(#[prop(into)] point: Signal<Option<String>>, qr_path: String) -> impl IntoView {
    let detail = load(move || point.get().map(|id| api::point(&id)));
    let place = move || {
        let point = detail.get()?.ok()?;
        let for_hours = point.clone();
        let lines = move || hours_lines(lang(), &for_hours);
        Some(view! {
            <div class="print-place" data-testid="print-point" data-point=point.id.to_string()>
                <p class="print-place-name">{text_in(lang(), &point.name, point.name_en.as_deref()).to_owned()}</p>
                <dl class="facts">
                    <dt>{tr(Msg::Address)}</dt>
                    <dd>{text_in(lang(), &point.address, point.address_en.as_deref()).to_owned()}</dd>
                    <dt>{tr(Msg::Phone)}</dt>
                    <dd data-testid="print-phone">{point.phone.clone()}</dd>
                    <dt>{tr(Msg::Hours)}</dt>
                    <dd data-testid="print-hours">
                        {move || lines().into_iter().map(|l| view! { <span class="print-hours-line">{l}</span> }).collect_view()}
                    </dd>
                </dl>
            </div>
        })
    };
    view! {
        <section class="print-only print-sheet" data-testid="print-sheet">
            <div class="print-where">
                {move || point.get().is_some().then(|| view! { <h2>{tr(Msg::WhereToGo)}</h2> })}
                {place}
                <p class="print-date" data-testid="print-date">{tr(Msg::PrintedOn)} {today_text()}</p>
            </div>
            <figure class="print-qr">
                <QrCode path=qr_path label=Signal::derive(tr(Msg::ScanToOpen).to_owned()) show_address=true testid="print-qr"/>
                <figcaption>{tr(Msg::ScanToOpen)}</figcaption>
            </figure>
        </section>
    }
}

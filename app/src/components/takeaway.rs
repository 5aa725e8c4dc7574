//! The part of a printout that says where to go (shown on paper only): the point's name,
//! address, phone and hours, the date it was printed, and the QR code of the page, so the sheet
//! leads back to the up-to-date page.

use leptos::prelude::*;
use linli_shared::api::PointDetail;
use linli_shared::domain::takeaway::{china_date, day_runs, week_groups};
use linli_shared::error::Lang;

use crate::api;
use crate::components::loaded::load;
use crate::components::qr::QrCode;
use crate::components::results::{dir_name, dir_text};
use crate::i18n::{Msg, tr, weekday_short};
use crate::session::lang;

/// Today in China (UTC+8), `2026-11-24`, from the device's clock whatever zone it is set to.
pub fn today_text() -> String {
    china_date(web_sys::js_sys::Date::now())
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
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

/// A place on the printout: the point, and the errands it is for (names in Chinese and
/// English), empty when it is for everything on the sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintPlace {
    pub point: String,
    pub for_items: Vec<(String, String)>,
}

impl PrintPlace {
    /// The one place of a sheet about one thing (an item's card).
    pub fn whole(point: impl Into<String>) -> PrintPlace {
        PrintPlace {
            point: point.into(),
            for_items: Vec::new(),
        }
    }
}

/// Printed under the materials: where to go (each of `places`: name, address, phone and hours;
/// for a list of errands that no one point handles, each place says which errands it is for),
/// the print date and the QR code of `qr_path`.
#[component]
pub fn PrintSheet(#[prop(into)] places: Signal<Vec<PrintPlace>>, qr_path: String) -> impl IntoView {
    view! {
        <section class="print-only print-sheet" data-testid="print-sheet">
            <div class="print-where">
                {move || places.with(|p| !p.is_empty()).then(|| view! { <h2>{tr(Msg::WhereToGo)}</h2> })}
                <div class="print-places">
                    {move || places.get().into_iter().map(|place| view! { <PrintPlaceView place/> }).collect_view()}
                </div>
                <p class="print-date" data-testid="print-date">{tr(Msg::PrintedOn)} {today_text()}</p>
            </div>
            <figure class="print-qr">
                <QrCode path=qr_path label=Signal::derive(tr(Msg::ScanToOpen).to_owned()) show_address=true testid="print-qr"/>
                <figcaption>{tr(Msg::ScanToOpen)}</figcaption>
            </figure>
        </section>
    }
}

/// One place of the printout, its details fetched (the hours are not in a list's points).
#[component]
fn PrintPlaceView(place: PrintPlace) -> impl IntoView {
    let PrintPlace { point, for_items } = place;
    let id = point.clone();
    let detail = load(move || Some(api::point(&id)));
    move || {
        let point = detail.get()?.ok()?;
        let for_hours = point.clone();
        let lines = move || hours_lines(lang(), &for_hours);
        let for_items = for_items.clone();
        Some(view! {
            <div class="print-place" data-testid="print-point" data-point=point.id.to_string()>
                <p class="print-place-name">{dir_text(point.name.clone(), point.name_en.clone())}</p>
                {(!for_items.is_empty()).then(|| view! {
                    <p class="print-place-for" data-testid="print-point-for">
                        {tr(Msg::NeededFor)}
                        {for_items.into_iter().enumerate().map(|(n, (zh, en))| view! {
                            {(n > 0).then_some(move || if lang() == Lang::Zh { "、" } else { ", " })}
                            {dir_name(zh, en)}
                        }).collect_view()}
                    </p>
                })}
                <dl class="facts">
                    <dt>{tr(Msg::Address)}</dt>
                    <dd>{dir_text(point.address.clone(), point.address_en.clone())}</dd>
                    <dt>{tr(Msg::Phone)}</dt>
                    <dd data-testid="print-phone">{point.phone.clone()}</dd>
                    <dt>{tr(Msg::Hours)}</dt>
                    <dd data-testid="print-hours">
                        {move || lines().into_iter().map(|l| view! { <span class="print-hours-line">{l}</span> }).collect_view()}
                    </dd>
                </dl>
            </div>
        })
    }
}

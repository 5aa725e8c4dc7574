//! A service point: open now or when it opens next, the week's hours with today highlighted,
//! address, phone (a tel: link), and the items it handles.

use chrono::{Datelike, Timelike};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use linli_shared::api::PointDetail;
use linli_shared::domain::hours::{Weekday, intervals_on};

use crate::api;
use crate::components::notice::{ErrorNotice, Loading};
use crate::components::results::{ItemLinks, OpenBadge};
use crate::i18n::{Msg, point_kind, t, weekday_name};
use crate::session::lang;

#[component]
pub fn PointPage() -> impl IntoView {
    let params = use_params_map();
    let detail = LocalResource::new(move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        async move { api::point(&id).await }
    });
    view! {
        <Transition fallback=Loading>
            {move || detail.get().map(|answer| match answer {
                Ok(d) => view! { <PointView detail=d/> }.into_any(),
                Err(e) => view! { <ErrorNotice error=e on_retry=move |_| detail.refetch()/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn PointView(detail: PointDetail) -> impl IntoView {
    let kind = detail.kind;
    // Today by the server's clock (the point's local time), not the kiosk's or phone's.
    let today = detail.weekday;
    // Formatted by hand: chrono's formatter would add tens of KB to the wasm.
    let opens_next = detail.opens_next.map(|t| {
        format!(
            "{:02}-{:02} {:02}:{:02}",
            t.month(),
            t.day(),
            t.hour(),
            t.minute()
        )
    });
    let closed_for = detail.closed_today_for.clone();
    let week: Vec<(Weekday, String)> = Weekday::ALL
        .iter()
        .map(|&day| {
            let text = intervals_on(&detail.hours, day)
                .iter()
                .map(|i| format!("{}–{}", i.from, i.to))
                .collect::<Vec<_>>()
                .join(", ");
            (day, text)
        })
        .collect();
    view! {
        <article class="point card">
            <p class="crumb">{move || point_kind(lang(), kind)} " · " {detail.subdistrict.clone()}</p>
            <h1 data-testid="point-name">{detail.name.clone()}</h1>
            <p class="status" data-testid="open-status">
                <OpenBadge open=detail.open_now/>
                {closed_for.map(|reason| view! { " " {move || t(lang(), Msg::ClosedTodayFor)} {reason.clone()} })}
                {opens_next.map(|when| view! { " " {move || t(lang(), Msg::OpensNext)} " " {when.clone()} })}
            </p>
            <dl class="facts">
                <dt>{move || t(lang(), Msg::Address)}</dt>
                <dd>{detail.address.clone()}</dd>
                <dt>{move || t(lang(), Msg::Phone)}</dt>
                <dd><a data-testid="phone-link" href=format!("tel:{}", detail.phone)>{detail.phone.clone()}</a></dd>
            </dl>
            <h2 id="hours-title">{move || t(lang(), Msg::Hours)}</h2>
            <table class="hours" data-testid="hours" aria-labelledby="hours-title">
                <tbody>
                    {week.into_iter().map(|(day, text)| {
                        let is_today = day == today;
                        view! {
                            <tr class:today=is_today aria-current=is_today.then_some("date")>
                                <th scope="row">
                                    {move || weekday_name(lang(), day)}
                                    {is_today.then(|| view! { " (" {move || t(lang(), Msg::Today)} ")" })}
                                </th>
                                <td>{if text.is_empty() { None } else { Some(text.clone()) }
                                    .unwrap_or_else(|| t(lang(), Msg::ClosedAllDay).to_owned())}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </article>
        <section aria-labelledby="offered-title">
            <h2 id="offered-title">{move || t(lang(), Msg::OfferedItems)}</h2>
            <ItemLinks items=detail.items testid="offered-item"/>
        </section>
    }
}

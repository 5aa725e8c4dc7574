//! A service point: open now or when it opens next (today, tomorrow or a date), the week's
//! hours with today highlighted, address, phone (a tel: link), and the items it handles, folded
//! by category (a point may handle over a hundred: flat, they made the page 9,000 px tall on a
//! phone).

use leptos::prelude::*;
use linli_shared::api::{CategorySummary, ItemSummary, PointDetail};
use linli_shared::domain::english::point_detail_lacks_english;
use linli_shared::domain::hours::{Weekday, intervals_on, opens_next_day};
use linli_shared::domain::takeaway::tel_href;
use linli_shared::error::Lang;

use crate::api;
use crate::components::loaded::{Loaded, load};
use crate::components::nearby::PlaceActions;
use crate::components::results::{ItemLinks, OpenBadge, dir_name, dir_text, shown};
use crate::components::title::page_title;
use crate::i18n::{Counted, Msg, count_text, opens_next_text, point_kind, tr, weekday_name};
use crate::routes::use_id;
use crate::session::{lang, use_session};

#[component]
pub fn PointPage() -> impl IntoView {
    let id = use_id();
    let detail = load(move || Some(api::point(&id.get())));
    view! {
        <Loaded answer=detail let:detail>
            <PointView detail/>
        </Loaded>
    }
}

#[component]
fn PointView(detail: PointDetail) -> impl IntoView {
    let kind = detail.kind;
    let kiosk = use_session().is_kiosk();
    let lacks_english = point_detail_lacks_english(&detail);
    let closed_for_en = detail.closed_today_for_en.clone();
    page_title(shown(&detail.name, &detail.name_en));
    // Today by the server's clock (the point's local time), not the kiosk's or phone's.
    let today = detail.weekday;
    // Today, tomorrow or a date, by the server's clock (the point's own today).
    let opens_next = detail
        .opens_next
        .map(|next| opens_next_day(detail.date, next));
    let closed_for = detail.closed_today_for.clone();
    // Each interval is kept whole on a line ("08:30–12:00"): a narrow screen wraps between them.
    let week: Vec<(Weekday, Vec<String>)> = Weekday::ALL
        .iter()
        .map(|&day| {
            let intervals = intervals_on(&detail.hours, day)
                .iter()
                .map(|i| format!("{}–{}", i.from, i.to))
                .collect::<Vec<_>>();
            (day, intervals)
        })
        .collect();
    view! {
        <article class="point card">
            <p class="crumb">{move || point_kind(lang(), kind)} " · " {dir_text(detail.subdistrict.clone(), detail.subdistrict_en.clone())}</p>
            <h1 data-testid="point-name">{dir_text(detail.name.clone(), detail.name_en.clone())}</h1>
            <Show when=move || lacks_english && lang() == Lang::En>
                <p class="notice" data-testid="only-in-chinese">{tr(Msg::OnlyInChinese)}</p>
            </Show>
            <p class="status" data-testid="open-status">
                <OpenBadge open=detail.open_now/>
                {closed_for.map(|reason| view! { " " {tr(Msg::ClosedTodayFor)} {dir_text(reason, closed_for_en.clone())} })}
                {opens_next.map(|when| view! {
                    " " <span data-testid="opens-next">{move || opens_next_text(lang(), when)}</span>
                })}
            </p>
            <dl class="facts">
                <dt>{tr(Msg::Address)}</dt>
                <dd>{dir_text(detail.address.clone(), detail.address_en.clone())}</dd>
                // On a phone the call button below says the number: once is enough.
                {kiosk.then(|| view! {
                    <dt>{tr(Msg::Phone)}</dt>
                    <dd><a data-testid="phone-link" class="phone-number" href=tel_href(&detail.phone)>{detail.phone.clone()}</a></dd>
                })}
            </dl>
            {(!kiosk).then(|| view! {
                <PlaceActions phone=detail.phone.clone() lat=detail.lat lng=detail.lng
                    name=detail.name.clone() address=detail.address.clone()/>
            })}
            <h2 id="hours-title">{tr(Msg::Hours)}</h2>
            <table class="hours" data-testid="hours" aria-labelledby="hours-title">
                <tbody>
                    {week.into_iter().map(|(day, intervals)| {
                        let is_today = day == today;
                        view! {
                            <tr class:today=is_today aria-current=is_today.then_some("date")>
                                <th scope="row">
                                    {move || weekday_name(lang(), day)}
                                    {is_today.then(|| view! { {tr(Msg::Today)} })}
                                </th>
                                <td>{if intervals.is_empty() { tr(Msg::ClosedAllDay).into_any() } else {
                                    let last = intervals.len() - 1;
                                    intervals.into_iter().enumerate().map(|(n, interval)| view! {
                                        <span class="interval">{interval}{(n < last).then_some(",")}</span>
                                        {(n < last).then_some(" ")}
                                    }).collect_view().into_any()
                                }}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </article>
        <section aria-labelledby="offered-title">
            <h2 id="offered-title">{tr(Msg::OfferedItems)}</h2>
            <OfferedItems items=detail.items categories=detail.categories/>
        </section>
    }
}

/// The items a point handles, one fold per category (a `<details>`: its summary is a button to
/// keyboards and screen readers, saying the category and how many items it holds). Without
/// categories (an older server) the plain list.
#[component]
fn OfferedItems(items: Vec<ItemSummary>, categories: Vec<CategorySummary>) -> impl IntoView {
    if categories.is_empty() {
        return view! { <ItemLinks items testid="offered-item"/> }.into_any();
    }
    let mut rest = items.into_iter();
    view! {
        <div class="folds" data-testid="offered-categories">
            {categories.into_iter().map(|category| {
                let count = category.item_count;
                let items: Vec<ItemSummary> = rest.by_ref().take(count as usize).collect();
                view! {
                    <details class="fold" data-testid="offered-category" data-category=category.id.to_string()>
                        <summary>
                            <span class="fold-name">{dir_name(category.name.clone(), category.name_en.clone())}</span>
                            <span class="fold-count" data-testid="offered-count">{move || count_text(lang(), Counted::Services, count)}</span>
                        </summary>
                        <ItemLinks items testid="offered-item"/>
                    </details>
                }
            }).collect_view()}
        </div>
    }
    .into_any()
}

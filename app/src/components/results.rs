//! Result lists: items first (what residents come for), then service points.

use leptos::prelude::*;
use linli_shared::api::{ItemHit, ItemSummary, PointHit};

use crate::components::link::Link;
use crate::components::nearby::{PointRow, summary_of};
use crate::i18n::{Msg, name_in, tr};
use crate::routes::Page;
use crate::session::lang;

#[component]
pub fn ItemHits(items: Vec<ItemHit>) -> impl IntoView {
    view! {
        <section class="results" aria-labelledby="items-title">
            <h2 id="items-title">{tr(Msg::Items)}</h2>
            <ul class="hits">
                {items
                    .into_iter()
                    .map(|hit| {
                        let show_matched = hit.matched != hit.name && hit.matched != hit.name_en;
                        view! {
                            <li>
                                <Link href=Page::Item(&hit.id).href() class="hit" testid="item-hit">
                                    <ItemName name=hit.name.clone() name_en=hit.name_en.clone()/>
                                    <span class="hit-sub" lang="en">{hit.name_en.clone()}</span>
                                    {show_matched.then(|| view! { <span class="hit-matched">"“" {hit.matched.clone()} "”"</span> })}
                                </Link>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// Items as plain links (a category's items, the most asked).
#[component]
pub fn ItemLinks(items: Vec<ItemSummary>, testid: &'static str) -> impl IntoView {
    view! {
        <ul class="hits">
            {items
                .into_iter()
                .map(|item| {
                    view! {
                        <li>
                            <Link href=Page::Item(&item.id).href() class="hit" testid=testid>
                                <ItemName name=item.name name_en=item.name_en/>
                            </Link>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// Found points, each with its distance (when the search had a location), and on a phone a
/// call and the map apps (`nearby::PointRow`).
#[component]
pub fn PointHits(points: Vec<PointHit>) -> impl IntoView {
    let kiosk = crate::session::use_session().is_kiosk();
    view! {
        <section class="results" aria-labelledby="points-title">
            <h2 id="points-title">{tr(Msg::Points)}</h2>
            <ul class="hits places">
                {points
                    .into_iter()
                    .map(|p| view! { <PointRow point=summary_of(p) kiosk link_testid="point-hit"/> })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// An item's name in the display language (Chinese when it has no English name).
#[component]
fn ItemName(name: String, name_en: String) -> impl IntoView {
    view! { <span class="hit-name">{move || name_in(lang(), &name, &name_en).to_owned()}</span> }
}

#[component]
pub fn OpenBadge(open: bool) -> impl IntoView {
    view! {
        <span class=if open { "badge open" } else { "badge closed" }>
            {tr(if open { Msg::OpenNow } else { Msg::ClosedNow })}
        </span>
    }
}

//! Search results: items first (what residents come for), then service points.

use leptos::prelude::*;
use linli_shared::api::{ItemHit, PointHit};

use crate::i18n::{Locale, t};

#[component]
pub fn ItemHits(items: Vec<ItemHit>) -> impl IntoView {
    let lang = move || Locale::get_from_context();
    view! {
        <section class="results" aria-labelledby="items-title">
            <h2 id="items-title">{move || t(lang(), "items")}</h2>
            <ul>
                {items
                    .into_iter()
                    .map(|hit| {
                        let href = format!("/items/{}", hit.id);
                        let show_matched = hit.matched != hit.name && hit.matched != hit.name_en;
                        view! {
                            <li>
                                <a class="hit" href=href data-testid="item-hit">
                                    <span class="hit-name">{hit.name}</span>
                                    <span class="hit-sub">{hit.name_en}</span>
                                    {show_matched.then(|| view! { <span class="hit-matched">"“" {hit.matched} "”"</span> })}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

#[component]
pub fn PointHits(points: Vec<PointHit>) -> impl IntoView {
    let lang = move || Locale::get_from_context();
    view! {
        <section class="results" aria-labelledby="points-title">
            <h2 id="points-title">{move || t(lang(), "points")}</h2>
            <ul>
                {points
                    .into_iter()
                    .map(|p| {
                        let href = format!("/points/{}", p.id);
                        let open = p.open_now;
                        view! {
                            <li>
                                <a class="hit" href=href data-testid="point-hit">
                                    <span class="hit-name">{p.name}</span>
                                    <span class="hit-sub">{p.address}</span>
                                    <OpenBadge open=open/>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

#[component]
pub fn OpenBadge(open: bool) -> impl IntoView {
    let lang = move || Locale::get_from_context();
    view! {
        <span class=if open { "badge open" } else { "badge closed" }>
            {move || t(lang(), if open { "open_now" } else { "closed_now" })}
        </span>
    }
}

//! An item's page: what it is, who may apply, every material at once, fee, time limit, channels,
//! and where to go.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use linli_shared::api::ItemDetail;

use crate::api;
use crate::components::materials::MaterialsList;
use crate::components::notice::{ErrorNotice, Loading};
use crate::components::results::OpenBadge;
use crate::i18n::{Locale, channel_name, fee_text, t, use_locale};

#[component]
pub fn ItemPage() -> impl IntoView {
    let params = use_params_map();
    let detail = LocalResource::new(move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        async move { api::item(&id).await }
    });
    view! {
        <a class="back" href="/" on:click=|ev| {
            // Back keeps the search the resident came from, when there was one.
            if let Some(history) = web_sys::window().and_then(|w| w.history().ok())
                && history.length().unwrap_or(0) > 1
            {
                ev.prevent_default();
                let _ = history.back();
            }
        }>{move || t(Locale::get_from_context(), "back")}</a>
        <Transition fallback=Loading>
            {move || detail.get().map(|answer| match answer {
                Ok(d) => view! { <ItemView detail=d/> }.into_any(),
                Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn ItemView(detail: ItemDetail) -> impl IntoView {
    let locale = use_locale();
    let lang = move || locale.get();
    let ItemDetail {
        item,
        category,
        points,
        total_points,
    } = detail;
    let time_limit = item.time_limit_days;
    let fee = item.fee.clone();
    let channels = item.channels.clone();
    let more = total_points as usize - points.len();
    view! {
        <article class="item">
            <p class="crumb">{move || if lang() == linli_shared::error::Lang::Zh { category.name.clone() } else { category.name_en.clone() }}</p>
            <h1 data-testid="item-name">{item.name.clone()}</h1>
            <p class="subtitle">{item.name_en.clone()}</p>
            <p class="description">{item.description.clone()}</p>
            <dl class="facts">
                <dt>{move || t(lang(), "time_limit")}</dt>
                <dd data-testid="time-limit">
                    {move || if time_limit == 0 {
                        t(lang(), "on_the_spot").to_owned()
                    } else {
                        format!("{time_limit} {}", t(lang(), "working_days"))
                    }}
                </dd>
                <dt>{move || t(lang(), "fee")}</dt>
                <dd>{move || fee_text(lang(), fee.amount_fen)} {(!fee.note.is_empty()).then(|| format!("（{}）", fee.note))}</dd>
                <dt>{move || t(lang(), "channels")}</dt>
                <dd>
                    <ul class="chips">
                        {channels.iter().map(|&c| view! { <li>{move || channel_name(lang(), c)}</li> }).collect_view()}
                    </ul>
                </dd>
                <dt>{move || t(lang(), "eligibility")}</dt>
                <dd>{item.eligibility.clone()}</dd>
                <dt>{move || t(lang(), "department")}</dt>
                <dd>{item.department.clone()}</dd>
                <dt>{move || t(lang(), "legal_basis")}</dt>
                <dd>{item.legal_basis.clone()}</dd>
            </dl>
            <MaterialsList materials=item.materials.clone()/>
            <section class="where" aria-labelledby="where-title">
                <h2 id="where-title">{move || t(lang(), "where")}</h2>
                <ul>
                    {points.into_iter().map(|p| {
                        let href = format!("/points/{}", p.id);
                        view! {
                            <li>
                                <a class="hit" href=href>
                                    <span class="hit-name">{p.name}</span>
                                    <span class="hit-sub">{p.address} " · " {p.phone}</span>
                                    <OpenBadge open=p.open_now/>
                                </a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                {(more > 0).then(|| view! { <p class="hint">"+" {more} " " {move || t(lang(), "more_points")}</p> })}
            </section>
        </article>
    }
}

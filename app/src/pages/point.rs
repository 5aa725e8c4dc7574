//! A service point's page: open now or not, today's hours, address and phone, what it handles.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use linli_shared::api::PointDetail;

use crate::api;
use crate::components::notice::{ErrorNotice, Loading};
use crate::components::results::OpenBadge;
use crate::i18n::{point_kind, t, use_locale};

#[component]
pub fn PointPage() -> impl IntoView {
    let params = use_params_map();
    let detail = LocalResource::new(move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        async move { api::point(&id).await }
    });
    let locale = use_locale();
    view! {
        <a class="back" href="/">{move || t(locale.get(), "back")}</a>
        <Transition fallback=Loading>
            {move || detail.get().map(|answer| match answer {
                Ok(d) => view! { <PointView detail=d/> }.into_any(),
                Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn PointView(detail: PointDetail) -> impl IntoView {
    let locale = use_locale();
    let lang = move || locale.get();
    let kind = detail.kind;
    let today = detail
        .today
        .iter()
        .map(|i| format!("{}–{}", i.from, i.to))
        .collect::<Vec<_>>()
        .join("、");
    let closed_today = today.is_empty();
    view! {
        <article class="point">
            <p class="crumb">{move || point_kind(lang(), kind)} " · " {detail.subdistrict.clone()}</p>
            <h1 data-testid="point-name">{detail.name.clone()}</h1>
            <OpenBadge open=detail.open_now/>
            <dl class="facts">
                <dt>{move || t(lang(), "hours_today")}</dt>
                <dd>{move || if closed_today { t(lang(), "closed_today").to_owned() } else { today.clone() }}</dd>
                <dt>{move || t(lang(), "address")}</dt>
                <dd>{detail.address.clone()}</dd>
                <dt>{move || t(lang(), "phone")}</dt>
                <dd><a href=format!("tel:{}", detail.phone)>{detail.phone.clone()}</a></dd>
            </dl>
            <section aria-labelledby="offered-title">
                <h2 id="offered-title">{move || t(lang(), "offered_items")}</h2>
                <ul class="offered">
                    {detail.items.into_iter().map(|i| {
                        let href = format!("/items/{}", i.id);
                        view! { <li><a href=href>{i.name}</a></li> }
                    }).collect_view()}
                </ul>
            </section>
        </article>
    }
}

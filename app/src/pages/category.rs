//! A category's items, most asked first.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::components::notice::{ErrorNotice, Loading};
use crate::components::results::ItemLinks;
use crate::i18n::{Msg, name_in, t};
use crate::session::lang;

#[component]
pub fn CategoryPage() -> impl IntoView {
    let params = use_params_map();
    let category = LocalResource::new(move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        async move { api::category(&id).await }
    });
    view! {
        <Transition fallback=Loading>
            {move || category.get().map(|answer| match answer {
                Ok(c) => {
                    let (name, name_en) = (c.category.name.clone(), c.category.name_en.clone());
                    view! {
                        <h1>{move || name_in(lang(), &name, &name_en).to_owned()}</h1>
                        <h2 class="visually-hidden">{move || t(lang(), Msg::ItemsInCategory)}</h2>
                        <ItemLinks items=c.items testid="item-hit"/>
                    }.into_any()
                }
                Err(e) => view! { <ErrorNotice error=e on_retry=move |_| category.refetch()/> }.into_any(),
            })}
        </Transition>
    }
}

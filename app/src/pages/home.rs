//! Home: the search box, the service categories as large tiles, and the most asked items. On
//! a kiosk nothing here needs typing: every common path starts with a touch.

use leptos::prelude::*;
use linli_shared::api::Overview;

use linli_shared::query::SearchQuery;

use crate::api;
use crate::components::icons::CategoryIcon;
use crate::components::link::Link;
use crate::components::notice::{ErrorNotice, Loading};
use crate::components::results::ItemLinks;
use crate::components::search_box::SearchBox;
use crate::i18n::{Msg, name_in, t};
use crate::session::lang;

#[component]
pub fn HomePage() -> impl IntoView {
    let overview = LocalResource::new(api::overview);
    view! {
        <h1 class="visually-hidden">{move || t(lang(), Msg::Brand)}</h1>
        <SearchBox initial=String::new() filters=Signal::derive(SearchQuery::default)/>
        <Transition fallback=Loading>
            {move || overview.get().map(|answer| match answer {
                Ok(o) => view! { <HomeContent overview=o/> }.into_any(),
                Err(e) => view! { <ErrorNotice error=e on_retry=move |_| overview.refetch()/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn HomeContent(overview: Overview) -> impl IntoView {
    view! {
        <section aria-labelledby="categories-title">
            <h2 id="categories-title">{move || t(lang(), Msg::Categories)}</h2>
            <ul class="tiles">
                {overview.categories.into_iter().map(|c| {
                    let (name, name_en) = (c.name.clone(), c.name_en.clone());
                    let href = format!("/categories/{}", c.id);
                    let icon = String::from(c.id.clone());
                    view! {
                        <li>
                            <Link href=href class="tile" testid="category-tile" {..} data-category=String::from(c.id)>
                                <span class="tile-inner">
                                    <CategoryIcon category=icon/>
                                    <span class="tile-name">{move || name_in(lang(), &name, &name_en).to_owned()}</span>
                                </span>
                            </Link>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="popular-title">
            <h2 id="popular-title">{move || t(lang(), Msg::MostAsked)}</h2>
            <ItemLinks items=overview.popular testid="popular-item"/>
        </section>
    }
}

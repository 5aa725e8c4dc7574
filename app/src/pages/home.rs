//! Home: the service categories as large tiles and the most asked items, beneath the search box
//! (`SearchFrame`, shared with the results, which replace this page in place when typing
//! pauses). On a kiosk nothing here needs typing: every common path starts with a touch.

use leptos::prelude::*;
use linli_shared::api::Overview;

use crate::api;
use crate::components::icons::CategoryIcon;
use crate::components::link::Link;
use crate::components::loaded::{Loaded, load};
use crate::components::results::{ItemLinks, dir_name};
use crate::components::title::page_title;
use crate::i18n::{Msg, tr};
use crate::routes::Page;

#[component]
pub fn HomePage() -> impl IntoView {
    page_title(String::new);
    let overview = load(|| Some(api::overview()));
    view! {
        <h1 class="visually-hidden">{tr(Msg::Brand)}</h1>
        <Loaded answer=overview let:overview>
            <HomeContent overview/>
        </Loaded>
    }
}

#[component]
fn HomeContent(overview: Overview) -> impl IntoView {
    view! {
        <section aria-labelledby="categories-title">
            <h2 id="categories-title">{tr(Msg::Categories)}</h2>
            <ul class="tiles">
                {overview.categories.into_iter().map(|c| {
                    let (name, name_en) = (c.name.clone(), c.name_en.clone());
                    let href = Page::Category(&c.id).href();
                    let icon = String::from(c.id.clone());
                    view! {
                        <li>
                            <Link href=href class="tile" testid="category-tile" {..} data-category=String::from(c.id)>
                                <span class="tile-inner">
                                    <CategoryIcon category=icon/>
                                    <span class="tile-name">{dir_name(name, name_en)}</span>
                                </span>
                            </Link>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="popular-title">
            <h2 id="popular-title">{tr(Msg::MostAsked)}</h2>
            <ItemLinks items=overview.popular testid="popular-item"/>
        </section>
    }
}

//! A category's items, most asked first.

use leptos::prelude::*;
use linli_shared::api::CategoryItems;

use crate::api;
use crate::components::loaded::{Loaded, load};
use crate::components::results::{ItemLinks, dir_name};
use crate::components::title::page_title;
use crate::i18n::{Msg, name_in, tr};
use crate::routes::use_id;
use crate::session::lang;

#[component]
pub fn CategoryPage() -> impl IntoView {
    let id = use_id();
    let category = load(move || Some(api::category(&id.get())));
    view! {
        <Loaded answer=category let:found>
            <CategoryView found/>
        </Loaded>
    }
}

#[component]
fn CategoryView(found: CategoryItems) -> impl IntoView {
    let CategoryItems { category, items } = found;
    let (name, name_en) = (category.name.clone(), category.name_en.clone());
    page_title(move || name_in(lang(), &name, &name_en).to_owned());
    view! {
        <h1>{dir_name(category.name, category.name_en)}</h1>
        <h2 class="visually-hidden">{tr(Msg::ItemsInCategory)}</h2>
        <ItemLinks items=items testid="item-hit"/>
    }
}

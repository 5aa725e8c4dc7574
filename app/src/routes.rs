//! Every address of the app in one place: the route table, the link to each page (ids
//! percent-encoded here and nowhere else), and the typed parameters a page reads back.

use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::hooks::use_params;
use leptos_router::params::Params;
use leptos_router::path;

use crate::api::{SearchFilters, encode};
use crate::i18n::{Msg, tr};
use crate::pages::{
    category::CategoryPage, home::HomePage, item::ItemPage, point::PointPage, search::SearchPage,
};

/// A page of the app, with what its address needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Page<'a> {
    /// The start screen; a kiosk keeps its own point in the address.
    Home {
        kiosk: Option<&'a str>,
    },
    Search(&'a SearchFilters),
    Category(&'a str),
    Item(&'a str),
    Point(&'a str),
}

impl Page<'_> {
    /// The page's address, as links and navigation use it.
    pub fn href(&self) -> String {
        match self {
            Page::Home { kiosk: None } => "/".to_owned(),
            Page::Home { kiosk: Some(point) } => format!("/?kiosk={}", encode(point)),
            Page::Search(filters) => filters.page_href(),
            Page::Category(id) => format!("/categories/{}", encode(id)),
            Page::Item(id) => format!("/items/{}", encode(id)),
            Page::Point(id) => format!("/points/{}", encode(id)),
        }
    }
}

/// The route table: each path here is the one [`Page::href`] writes.
#[component]
pub fn PageRoutes() -> impl IntoView {
    view! {
        <Routes fallback=|| view! { <p class="notice">{tr(Msg::PageNotFound)}</p> }>
            <Route path=path!("/") view=HomePage/>
            <Route path=path!("/search") view=SearchPage/>
            <Route path=path!("/categories/:id") view=CategoryPage/>
            <Route path=path!("/items/:id") view=ItemPage/>
            <Route path=path!("/points/:id") view=PointPage/>
        </Routes>
    }
}

/// The `:id` of `/categories/:id`, `/items/:id` and `/points/:id`, already percent-decoded.
#[derive(Params, Debug, Clone, PartialEq)]
pub struct IdParams {
    pub id: Option<String>,
}

/// The current page's id (reactive); empty when the route has none, which the API answers
/// with a "not found" the page shows like any other.
pub fn use_id() -> Memo<String> {
    let params = use_params::<IdParams>();
    Memo::new(move |_| {
        params
            .with(|p| p.as_ref().ok().and_then(|p| p.id.clone()))
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn each_page_writes_its_address_with_ids_encoded_once() {
        assert_eq!(Page::Home { kiosk: None }.href(), "/");
        assert_eq!(
            Page::Home {
                kiosk: Some("xiyingmen-center")
            }
            .href(),
            "/?kiosk=xiyingmen-center"
        );
        assert_eq!(Page::Item("dibao").href(), "/items/dibao");
        assert_eq!(
            Page::Category("social-assistance").href(),
            "/categories/social-assistance"
        );
        assert_eq!(Page::Point("a/b c").href(), "/points/a%2Fb%20c");
        assert_eq!(Page::Home { kiosk: Some("p&q") }.href(), "/?kiosk=p%26q");
        let filters = SearchFilters {
            query: "低保".into(),
            ..Default::default()
        };
        assert_eq!(
            Page::Search(&filters).href(),
            "/search?q=%E4%BD%8E%E4%BF%9D"
        );
    }
}

//! Every address of the app in one place: the route table, the link to each page (ids
//! percent-encoded here and nowhere else), and the typed parameters a page reads back.

use leptos::prelude::*;
use leptos_router::Lazy;
use leptos_router::components::{ParentRoute, Route, Routes};
use leptos_router::hooks::use_params;
use leptos_router::params::Params;
use leptos_router::path;

use linli_shared::ids::{CategoryId, ItemId, PointId};
use linli_shared::query::search::DEFAULT_LIMIT;
use linli_shared::query::{QueryParams, QueryRequest, SearchQuery};

use crate::api::encode;
use crate::components::search_box::SearchFrame;
use crate::pages::home::HomePage;
use crate::pages::lazy::{
    BookingRoute, CategoryRoute, ItemRoute, ListRoute, PointRoute, SearchRoute,
};
use crate::pages::not_found::{Missing, NotFound, provide_dead_ends};

/// The results page's path (the box reads and writes its words there).
pub const SEARCH_PATH: &str = "/search";

/// The list of errands' path.
pub const LIST_PATH: &str = "/list";

/// A page of the app, with what its address needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Page<'a> {
    /// The start screen; a kiosk keeps its own point in the address.
    Home {
        kiosk: Option<&'a str>,
    },
    /// The results page; the kiosk's point and the page size are not kept in the address (the
    /// search page adds them to its request).
    Search(&'a SearchQuery),
    Category(&'a CategoryId),
    Item(&'a ItemId),
    Point(&'a PointId),
    /// The list of errands: the resident's own (`None`), or the items named (what its QR code
    /// opens on a phone).
    List(Option<&'a [String]>),
    /// Booking an item (预约办理).
    Book(&'a ItemId),
    /// The bookings of the number proved on this device.
    MyBookings,
    /// One booking, by its code.
    Booking(&'a str),
}

impl Page<'_> {
    /// The page's address, as links and navigation use it.
    pub fn href(&self) -> String {
        match self {
            Page::Home { kiosk: None } => "/".to_owned(),
            Page::Home { kiosk: Some(point) } => format!("/?kiosk={}", encode(point)),
            Page::Search(query) => {
                let page = SearchQuery {
                    at: None,
                    limit: DEFAULT_LIMIT,
                    ..(*query).clone()
                };
                format!("{SEARCH_PATH}?{}", page.to_query_string())
            }
            Page::Category(id) => format!("/categories/{}", encode(id.as_str())),
            Page::Item(id) => format!("/items/{}", encode(id.as_str())),
            Page::Point(id) => format!("/points/{}", encode(id.as_str())),
            Page::Book(id) => format!("/book/{}", encode(id.as_str())),
            Page::MyBookings => "/bookings".to_owned(),
            Page::Booking(code) => format!("/bookings/{}", encode(code)),
            Page::List(None) => LIST_PATH.to_owned(),
            Page::List(Some(ids)) => format!(
                "{LIST_PATH}?items={}",
                encode(&crate::list::ids_param(ids)).replace("%2C", ",")
            ),
        }
    }
}

/// Reads a search back from the results page's query string (`?q=…`), keeping what is
/// readable: an address typed by hand or from an older version still opens a page.
pub fn search_from_address(search: &str) -> SearchQuery {
    QueryParams::parse(search)
        .map(|params| SearchQuery::read(&params).0)
        .unwrap_or_default()
}

/// The route table: each path here is the one [`Page::href`] writes. Home, the results and a
/// category share one search box ([`SearchFrame`]) that stays mounted while they change. Every
/// page but home is lazy: its code is fetched when it is first opened (`pages::lazy`).
#[component]
pub fn PageRoutes() -> impl IntoView {
    provide_dead_ends();
    view! {
        <Routes fallback=|| view! { <NotFound missing=Missing::Page/> }>
            <ParentRoute path=path!("") view=SearchFrame>
                <Route path=path!("/") view=HomePage/>
                <Route path=path!("/search") view={Lazy::<SearchRoute>::new()}/>
                <Route path=path!("/categories/:id") view={Lazy::<CategoryRoute>::new()}/>
            </ParentRoute>
            <Route path=path!("/items/:id") view={Lazy::<ItemRoute>::new()}/>
            <Route path=path!("/points/:id") view={Lazy::<PointRoute>::new()}/>
            <Route path=path!("/list") view={Lazy::<ListRoute>::new()}/>
            <Route path=path!("/book/:id") view={Lazy::<BookingRoute>::new()}/>
            <Route path=path!("/bookings") view={Lazy::<BookingRoute>::new()}/>
            <Route path=path!("/bookings/:id") view={Lazy::<BookingRoute>::new()}/>
        </Routes>
    }
}

/// The `:id` of `/categories/:id`, `/items/:id`, `/points/:id`, `/book/:id` (an item) and
/// `/bookings/:id` (a booking code), already percent-decoded.
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
    use linli_shared::directory::Channel;
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
        // The kiosk's point comes from the first address as typed: encoded on the way back.
        assert_eq!(Page::Home { kiosk: Some("p&q") }.href(), "/?kiosk=p%26q");
        let item = ItemId::parse("dibao").unwrap();
        assert_eq!(Page::Item(&item).href(), "/items/dibao");
        let category = CategoryId::parse("social-assistance").unwrap();
        assert_eq!(
            Page::Category(&category).href(),
            "/categories/social-assistance"
        );
        let point = PointId::parse("xiyingmen-center").unwrap();
        assert_eq!(Page::Point(&point).href(), "/points/xiyingmen-center");
        assert_eq!(Page::List(None).href(), "/list");
        let ids = ["dibao".to_owned(), "elderly-preferential-card".to_owned()];
        assert_eq!(
            Page::List(Some(&ids)).href(),
            "/list?items=dibao,elderly-preferential-card"
        );
        assert_eq!(
            Page::Search(&SearchQuery::new("低保")).href(),
            "/search?q=%E4%BD%8E%E4%BF%9D"
        );
    }

    #[test]
    fn a_search_round_trips_through_the_address_without_the_kiosk_point() {
        let query = SearchQuery {
            channel: Some(Channel::HomeVisit),
            open_now: true,
            at: Some(PointId::parse("p1").unwrap()),
            ..SearchQuery::new("低保 申请")
        };
        let href = Page::Search(&query).href();
        assert_eq!(
            href,
            "/search?q=%E4%BD%8E%E4%BF%9D%20%E7%94%B3%E8%AF%B7&channel=home_visit&open_now=true"
        );
        let back = search_from_address(href.split_once('?').unwrap().1);
        assert_eq!(back, SearchQuery { at: None, ..query });
    }

    #[test]
    fn an_address_the_server_would_refuse_still_reads() {
        let query = search_from_address("?q=&open_now=1&limit=0&channel=fax");
        assert!(query.open_now, "open_now=1 means yes, as on the server");
        assert_eq!(query.channel, None);
        assert_eq!(query.limit, DEFAULT_LIMIT);
    }
}

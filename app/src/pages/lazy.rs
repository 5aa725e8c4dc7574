//! The pages other than home, each as a lazy route: `./x app` splits the wasm at the functions
//! below (`wasm_split`, post-processed by `wasm-split-cli`), so the first load carries home and
//! the frame only, and a page's code arrives the first time it is opened. The router waits for
//! it while the previous page stays on screen.
//!
//! A phone that is offline when it opens a page whose code has not arrived gets the network
//! notice with a retry, never a blank screen (the split functions are `fallible`: without it a
//! failed fetch would abort the whole wasm). Outside the split build (component tests, the
//! host) these are plain calls.

use std::future::Future;

use leptos::__reexports::send_wrapper::SendWrapper;
use leptos::prelude::*;
use leptos::wasm_split::{SplitLoaderError, wasm_split};
use leptos_router::LazyRoute;

use crate::api;
use crate::components::notice::ErrorNotice;
use crate::pages::{
    bookings::BookingPages, category::CategoryPage, item::ItemPage, list::ListPage,
    point::PointPage, search::SearchPage,
};

/// A page's code could not be fetched (the browser's console says why).
#[derive(Debug)]
pub struct CodeMissing;

impl From<SplitLoaderError> for CodeMissing {
    fn from(_: SplitLoaderError) -> Self {
        CodeMissing
    }
}

// One split point per page; the splitter puts what only one page uses in that page's chunk and
// what several of them share (the result lists) in a chunk of its own, fetched with the first.

#[wasm_split(search_page, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_search))]
fn search_view() -> Result<AnyView, CodeMissing> {
    Ok(view! { <SearchPage/> }.into_any())
}

#[wasm_split(category_page, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_category))]
fn category_view() -> Result<AnyView, CodeMissing> {
    Ok(view! { <CategoryPage/> }.into_any())
}

#[wasm_split(item_page, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_item))]
fn item_view() -> Result<AnyView, CodeMissing> {
    Ok(view! { <ItemPage/> }.into_any())
}

#[wasm_split(point_page, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_point))]
fn point_view() -> Result<AnyView, CodeMissing> {
    Ok(view! { <PointPage/> }.into_any())
}

#[wasm_split(list_page, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_list))]
fn list_view() -> Result<AnyView, CodeMissing> {
    Ok(view! { <ListPage/> }.into_any())
}

// The booking screens (booking, my bookings, one booking) share one module: they share most of
// their code, and one split point keeps the route table and the loader as small as before.
#[wasm_split(booking_pages, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_booking))]
fn booking_view() -> Result<AnyView, CodeMissing> {
    Ok(view! { <BookingPages/> }.into_any())
}

/// The routes of [`crate::routes::PageRoutes`] (`view=Lazy::<SearchRoute>::new()`). They keep
/// no data of their own: each page asks for its answer once its code is there.
pub struct SearchRoute;
pub struct CategoryRoute;
pub struct ItemRoute;
pub struct PointRoute;
pub struct ListRoute;
/// `/book/:id`, `/bookings` and `/bookings/:id`.
pub struct BookingRoute;

impl LazyRoute for SearchRoute {
    fn data() -> Self {
        SearchRoute
    }
    async fn view(_: Self) -> AnyView {
        page_or_notice(search_view).await
    }
    async fn preload() {
        // A failure shows when the page is drawn (`view` tries again).
        let _ = preload_search().await;
    }
}

impl LazyRoute for CategoryRoute {
    fn data() -> Self {
        CategoryRoute
    }
    async fn view(_: Self) -> AnyView {
        page_or_notice(category_view).await
    }
    async fn preload() {
        let _ = preload_category().await;
    }
}

impl LazyRoute for ItemRoute {
    fn data() -> Self {
        ItemRoute
    }
    async fn view(_: Self) -> AnyView {
        page_or_notice(item_view).await
    }
    async fn preload() {
        let _ = preload_item().await;
    }
}

impl LazyRoute for PointRoute {
    fn data() -> Self {
        PointRoute
    }
    async fn view(_: Self) -> AnyView {
        page_or_notice(point_view).await
    }
    async fn preload() {
        let _ = preload_point().await;
    }
}

impl LazyRoute for ListRoute {
    fn data() -> Self {
        ListRoute
    }
    async fn view(_: Self) -> AnyView {
        page_or_notice(list_view).await
    }
    async fn preload() {
        let _ = preload_list().await;
    }
}

impl LazyRoute for BookingRoute {
    fn data() -> Self {
        BookingRoute
    }
    async fn view(_: Self) -> AnyView {
        page_or_notice(booking_view).await
    }
    async fn preload() {
        let _ = preload_booking().await;
    }
}

/// The page, or the network notice whose retry fetches the page's code again (and draws the
/// page in its place once it is there).
async fn page_or_notice<Fut>(page: fn() -> Fut) -> AnyView
where
    Fut: Future<Output = Result<AnyView, CodeMissing>> + 'static,
{
    if let Ok(view) = page().await {
        return view;
    }
    // Attempts after the first; each retry fetches again.
    let retries = RwSignal::new(0u32);
    let notice = move || {
        view! { <ErrorNotice error=api::unreachable() on_retry=move |_| retries.update(|n| *n += 1)/> }
            .into_any()
    };
    (move || {
        let again = retries.get() > 0;
        Suspend::new(SendWrapper::new(async move {
            match again {
                true => page().await.unwrap_or_else(|_| notice()),
                false => notice(),
            }
        }))
    })
    .into_any()
}

//! Where there is nothing: an item, point or category the directory does not have (the API's
//! 404 codes, shown by `Loaded`) or an address the app has no route for (the route table's
//! fallback). A heading that says what is missing, what probably happened, and ways on: a
//! search box holding the address's words (ids are pinyin or English words, so `/items/canji-zheng`
//! offers "canji zheng"), the start screen, and the category the resident came from when there
//! was one. Never a lone "retry": asking again would find nothing again.
//!
//! The server answers such an address with HTTP 404 and this same app page
//! (`server/src/http/static_files.rs`), so this view is what a resident sees either way.
//!
//! Its code is a lazy module of its own (like the pages in `lazy.rs`): few residents ever see
//! it, and in the main module it cost 8 KB brotli on every first load.

use leptos::__reexports::send_wrapper::SendWrapper;
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::wasm_split::wasm_split;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};
use linli_shared::error::ErrorCode;
use linli_shared::query::SearchQuery;
use linli_shared::query::search::MAX_QUERY_CHARS;

use crate::api::ClientError;
use crate::components::link::Link;
use crate::components::search_box::FrameBoxAside;
use crate::components::title::page_title;
use crate::i18n::{Msg, tr};
use crate::pages::lazy::CodeMissing;
use crate::routes::Page;
use crate::session::use_session;

/// What is not there. (`repr(u8)`: it crosses into the lazy module as a plain number.)
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(u8)]
pub enum Missing {
    Item,
    Point,
    Category,
    Page,
}

impl Missing {
    /// What an error says is missing; `None` for any other error (those get a retry).
    pub fn from_error(error: &ClientError) -> Option<Missing> {
        match error {
            ClientError::Api(ErrorCode::ItemNotFound) => Some(Missing::Item),
            ClientError::Api(ErrorCode::PointNotFound) => Some(Missing::Point),
            ClientError::Api(ErrorCode::CategoryNotFound) => Some(Missing::Category),
            ClientError::Api(ErrorCode::NotFound) => Some(Missing::Page),
            _ => None,
        }
    }

    fn title(self) -> Msg {
        match self {
            Missing::Item => Msg::NotFoundItem,
            Missing::Point => Msg::NotFoundPoint,
            Missing::Category => Msg::NotFoundCategory,
            Missing::Page => Msg::NotFoundPage,
        }
    }
}

/// Words to search for, from an address's last segment: `canji-zheng` gives `canji zheng`.
/// Nothing when the segment has no letters (a number, punctuation) or is too long to be words.
pub fn words_from_path(path: &str) -> String {
    let last = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    let decoded = percent_encoding::percent_decode_str(last).decode_utf8_lossy();
    let words = decoded
        .split(|c: char| c == '-' || c == '_' || c == '.' || c == '+' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let has_letters = words.chars().any(char::is_alphabetic);
    if has_letters && words.chars().count() <= MAX_QUERY_CHARS.min(40) {
        words
    } else {
        String::new()
    }
}

/// How `Loaded` draws a dead end. The route table provides it ([`provide_dead_ends`] in
/// `routes::PageRoutes`), so this page's lazy module is reached only from the app itself, like
/// the pages of `lazy.rs`: a component test that mounts `Loaded` alone links no split module
/// (and gets the error notice instead).
#[derive(Clone, Copy)]
pub struct DeadEnds(pub fn(Missing) -> AnyView);

pub fn provide_dead_ends() {
    provide_context(DeadEnds(|missing| view! { <NotFound missing/> }.into_any()));
}

/// The not-found page: its code is fetched first (a plain sentence with the way home if even
/// that fails, as offline with nothing kept).
#[component]
pub fn NotFound(missing: Missing) -> impl IntoView {
    Suspend::new(SendWrapper::new(async move {
        not_found_view(missing).await.unwrap_or_else(|_| {
            let home = use_session().home_href();
            view! {
                <p class="notice" data-testid="not-found">
                    {tr(missing.title())} " " <Link href=home testid="not-found-home">{tr(Msg::Home)}</Link>
                </p>
            }
            .into_any()
        })
    }))
}

#[wasm_split(not_found_page, wasm_split_path = ::leptos::wasm_split, fallible)]
fn not_found_view(missing: Missing) -> Result<AnyView, CodeMissing> {
    Ok(view! { <NotFoundView missing/> }.into_any())
}

#[component]
fn NotFoundView(missing: Missing) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let location = use_location();
    let here = location.pathname.get_untracked();
    page_title(move || tr(missing.title())().to_owned());
    let words = words_from_path(&here);
    // The page before this one in the app's own trail, when it was a category's.
    let came_from = (missing != Missing::Category)
        .then(|| {
            session.trail.with_untracked(|trail| {
                trail
                    .iter()
                    .rev()
                    .find(|page| page.split('?').next() != Some(here.as_str()))
                    .filter(|page| page.starts_with("/categories/"))
                    .cloned()
            })
        })
        .flatten();
    // Under the search frame (an unknown category) the frame's box steps aside while this page
    // is shown: the message first, then the ways on, this page's own search among them.
    if let Some(FrameBoxAside(aside)) = use_context::<FrameBoxAside>() {
        aside.set(true);
        on_cleanup(move || {
            aside.try_set(false);
        });
    }
    let input = NodeRef::<html::Input>::new();
    let search = move |event: SubmitEvent| {
        event.prevent_default();
        let text = input.get().map(|i| i.value()).unwrap_or_default();
        let query = SearchQuery::new(text.trim());
        navigate(
            &Page::Search(&query).href(),
            NavigateOptions {
                replace: session.is_kiosk(),
                ..Default::default()
            },
        );
    };
    view! {
        <section class="not-found" data-testid="not-found" aria-labelledby="not-found-title">
            <h1 id="not-found-title" data-testid="not-found-title">{tr(missing.title())}</h1>
            <p class="what">{tr(Msg::NotFoundWhat)}</p>
            <h2>{tr(Msg::WaysOn)}</h2>
            <form role="search" class="search" on:submit=search>
                <label for="not-found-search">{tr(Msg::SearchLabel)}</label>
                <div class="search-row">
                    <input
                        id="not-found-search"
                        type="search"
                        enterkeyhint="search"
                        maxlength=MAX_QUERY_CHARS
                        data-testid="not-found-search"
                        node_ref=input
                        prop:value=words
                    />
                    <button type="submit" class="primary" data-testid="not-found-search-button">
                        {tr(Msg::Search)}
                    </button>
                </div>
            </form>
            <ul class="ways">
                {came_from.map(|href| view! {
                    <li><Link href testid="not-found-category">{tr(Msg::BackToCategory)}</Link></li>
                })}
                <li>
                    <Link href=session.home_href() testid="not-found-home">{tr(Msg::GoHome)}</Link>
                </li>
            </ul>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn an_address_gives_the_words_of_its_last_segment() {
        assert_eq!(words_from_path("/items/canji-zheng"), "canji zheng");
        assert_eq!(
            words_from_path("/points/xiyingmen_center/"),
            "xiyingmen center"
        );
        assert_eq!(words_from_path("/items/%E4%BD%8E%E4%BF%9D"), "低保");
        assert_eq!(words_from_path("/dibao"), "dibao");
        assert_eq!(words_from_path("/items/12345"), "");
        assert_eq!(words_from_path("/"), "");
        assert_eq!(words_from_path(&format!("/items/{}", "a".repeat(60))), "");
    }

    #[test]
    fn only_the_not_found_codes_are_dead_ends() {
        assert_eq!(
            Missing::from_error(&ClientError::Api(ErrorCode::ItemNotFound)),
            Some(Missing::Item)
        );
        assert_eq!(
            Missing::from_error(&ClientError::Api(ErrorCode::CategoryNotFound)),
            Some(Missing::Category)
        );
        assert_eq!(Missing::from_error(&ClientError::Network), None);
        assert_eq!(
            Missing::from_error(&ClientError::Api(ErrorCode::Internal)),
            None
        );
    }
}

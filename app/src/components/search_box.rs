//! The search box, one for the pages a resident searches from (home, a category, the results).
//!
//! Why one box that outlives the pages: typing opens the results after a short pause, and if
//! each page had its own box the first pause would unmount the box being typed in, dropping
//! focus and every later key (and an input method's composition). [`SearchFrame`] is the parent
//! route of those three pages, so the box stays mounted while the page under it changes; typing
//! on home puts the results in place beneath it.
//!
//! Who owns the text: while the resident types on the results page, the box's own text is the
//! truth and the address follows it (replacing its history entry); the box is never re-set from
//! the address then. Any other move (a link, back, the kiosk starting over) is not typing, so
//! the box shows what the new address says and drops a search still waiting to go. A
//! composition in progress (`compositionstart` … `compositionend`) is never searched for.
//!
//! The waiting search is a timer; it is cleared when the box goes away (`on_cleanup`), so it
//! can never touch a disposed signal. How long it waits follows the link: as long as the last
//! search took to come back, 300 to 1200 ms (`linli_shared::typing`), measured by the results
//! page ([`record_round_trip`]) and kept in memory only.

use std::cell::Cell;
use std::time::Duration;

use leptos::html;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::Outlet;
use leptos_router::hooks::{use_location, use_navigate};
use linli_shared::query::SearchQuery;
use linli_shared::query::search::MAX_QUERY_CHARS;
use linli_shared::typing::{round_trip_from_ms, typing_pause};

use crate::i18n::{Msg, tr};
use crate::routes::{Page, SEARCH_PATH, search_from_address};
use crate::session::use_session;

thread_local! {
    /// How long the last search took to come back, for the page's life (memory only: nothing of
    /// it outlives a reload, and it says nothing about what anyone searched for).
    static LAST_ROUND_TRIP: Cell<Option<Duration>> = const { Cell::new(None) };
}

/// The results page's report of how long a search took to come back (milliseconds of
/// `performance.now()`): the next pauses follow it.
pub fn record_round_trip(ms: f64) {
    LAST_ROUND_TRIP.with(|last| last.set(Some(round_trip_from_ms(ms))));
}

/// How long typing pauses before the results follow: fewer requests on slow links, no flicker.
/// (The results page also sends one search at a time: see `pages::search`.)
fn pause() -> Duration {
    typing_pause(LAST_ROUND_TRIP.with(Cell::get))
}

/// Whether the frame's box steps aside for the page beneath: a dead end (an unknown category)
/// tells what happened first and offers its own search among the ways on, so the box must not
/// stand above its message. The not-found page sets it while it is shown.
#[derive(Clone, Copy)]
pub struct FrameBoxAside(pub RwSignal<bool>);

/// The parent route of the pages with the search box: the box, then the page.
#[component]
pub fn SearchFrame() -> impl IntoView {
    provide_context(FrameBoxAside(RwSignal::new(false)));
    view! {
        <SearchBox/>
        <Outlet/>
    }
}

#[component]
pub fn SearchBox() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let navigate = use_navigate();
    let input = NodeRef::<html::Input>::new();
    // The search waiting for the typing to pause, and whether an input method is composing.
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let composing = StoredValue::new(false);

    let cancel_pending = move || {
        if let Some(handle) = pending.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    };
    on_cleanup(cancel_pending);

    // What the address says the box holds: the results page's words, nothing elsewhere.
    let address_text = Memo::new(move |_| {
        if location.pathname.get() == SEARCH_PATH {
            location.search.with(|s| search_from_address(s).text)
        } else {
            String::new()
        }
    });
    Effect::new(move |_| {
        // Every move, also between pages that both leave the box empty (home to a category).
        let on_results = location.pathname.get() == SEARCH_PATH;
        location.search.track();
        let text = address_text.get();
        let Some(el) = input.get() else { return };
        // The box's own searches leave nothing waiting, so a move made while a search was
        // waiting came from elsewhere (a link, back): that search is stale.
        cancel_pending();
        let typing_here = on_results && has_focus(&el);
        if !typing_here && el.value() != text {
            el.set_value(&text);
        }
    });

    // Shows the results for `text` (trimmed), keeping the results page's filters. From home or
    // a category this adds a history entry (back returns there); on the results page, and
    // always on a kiosk, it replaces it.
    let search = move |text: &str| {
        cancel_pending();
        let text = text.trim();
        let on_results = location.pathname.get_untracked() == SEARCH_PATH;
        let mut query = if on_results {
            location.search.with_untracked(|s| search_from_address(s))
        } else {
            SearchQuery::default()
        };
        if (on_results && query.text == text) || (!on_results && text.is_empty()) {
            return;
        }
        query.text = text.to_owned();
        navigate(
            &Page::Search(&query).href(),
            NavigateOptions {
                replace: on_results || session.is_kiosk(),
                // The box stays where it is, the results appear beneath it.
                scroll: false,
                ..Default::default()
            },
        );
    };
    // Event handlers read the box's state through `try_`: a blur or a compositionend can fire
    // while the box is being removed, after its owner is gone.
    let is_composing = move || composing.try_get_value().unwrap_or(false);
    let current_text = move || input.try_get_untracked().flatten().map(|el| el.value());
    let search_later = {
        let search = search.clone();
        move || {
            cancel_pending();
            let search = search.clone();
            let handle = set_timeout_with_handle(
                move || {
                    pending.try_set_value(None);
                    if let Some(text) = current_text() {
                        search(&text);
                    }
                },
                pause(),
            );
            // Gone already (an event fired while the box was being removed): nothing waits.
            if let Some(Some(orphan)) = pending.try_set_value(handle.ok()) {
                orphan.clear();
            }
        }
    };

    let on_input = {
        let search_later = search_later.clone();
        move |_: leptos::ev::Event| {
            if !is_composing() {
                search_later();
            }
        }
    };
    let on_composition_start = move |_: leptos::ev::CompositionEvent| {
        composing.try_set_value(true);
        cancel_pending();
    };
    let on_composition_end = move |_: leptos::ev::CompositionEvent| {
        composing.try_set_value(false);
        search_later();
    };
    let on_submit = {
        let search = search.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if is_composing() {
                return;
            }
            if let Some(text) = current_text() {
                search(&text);
            }
        }
    };
    // Leaving the box on the results page (for a filter, say) sends what is waiting first, so
    // what the filter writes into the address carries every letter typed.
    let on_blur = move |_: leptos::ev::FocusEvent| {
        let waiting = pending.try_with_value(Option::is_some).unwrap_or(false);
        if waiting
            && location.pathname.get_untracked() == SEARCH_PATH
            && let Some(text) = current_text()
        {
            search(&text);
        }
    };

    // Kept mounted when it steps aside (hidden: out of sight and of the accessibility tree), so
    // coming back from the dead end finds the same box.
    let aside = use_context::<FrameBoxAside>().map(|FrameBoxAside(aside)| aside);
    let hidden = move || aside.is_some_and(|aside| aside.get());
    view! {
        <form
            class="search"
            hidden=hidden
            class:on-results=move || location.pathname.get() == SEARCH_PATH
            role="search"
            on:submit=on_submit
        >
            <label for="search-input">{tr(Msg::SearchLabel)}</label>
            <div class="search-row">
                <input
                    node_ref=input
                    id="search-input"
                    type="search"
                    data-testid="search-input"
                    autocomplete="off"
                    enterkeyhint="search"
                    maxlength=MAX_QUERY_CHARS
                    placeholder=tr(Msg::SearchPlaceholder)
                    aria-describedby="search-hint"
                    on:input=on_input
                    on:compositionstart=on_composition_start
                    on:compositionend=on_composition_end
                    on:blur=on_blur
                />
                <button type="submit" class="primary search-submit">
                    <svg class="search-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                        <circle cx="10.5" cy="10.5" r="6.5" fill="none" stroke="currentColor" stroke-width="2.6"/>
                        <path d="m15.5 15.5 5 5" fill="none" stroke="currentColor" stroke-width="2.8" stroke-linecap="round"/>
                    </svg>
                    <span class="search-label">{tr(Msg::Search)}</span>
                </button>
            </div>
            <p class="hint" id="search-hint">{tr(Msg::SearchHint)}</p>
        </form>
    }
}

fn has_focus(el: &web_sys::HtmlInputElement) -> bool {
    document()
        .active_element()
        .is_some_and(|active| active.is_same_node(Some(el)))
}

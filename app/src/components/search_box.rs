//! The search box: typing opens the results after a short pause (fewer requests on slow
//! networks, no flicker while typing), keeping the other filters of the address.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use linli_shared::query::SearchQuery;
use linli_shared::query::search::MAX_QUERY_CHARS;

use crate::i18n::{Msg, tr};
use crate::routes::Page;
use crate::session::use_session;

const TYPING_PAUSE: Duration = Duration::from_millis(250);

#[component]
pub fn SearchBox(
    /// What the box shows at first.
    initial: String,
    /// The filters to keep when the text changes.
    #[prop(into)]
    filters: Signal<SearchQuery>,
) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let typed = RwSignal::new(initial);
    let pending = StoredValue::new(None::<TimeoutHandle>);

    let go = move |text: String| {
        let mut f = filters.get_untracked();
        f.text = text.trim().to_owned();
        if f.text.is_empty() {
            return;
        }
        navigate(
            &Page::Search(&f).href(),
            NavigateOptions {
                // The results page replaces itself while typing; on a kiosk, everything does.
                replace: session.is_kiosk()
                    || window().location().pathname().is_ok_and(|p| p == "/search"),
                ..Default::default()
            },
        );
    };
    let on_input = {
        let go = go.clone();
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            typed.set(value.clone());
            if let Some(handle) = pending.get_value() {
                handle.clear();
            }
            let go = go.clone();
            pending.set_value(set_timeout_with_handle(move || go(value), TYPING_PAUSE).ok());
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        go(typed.get_untracked());
    };

    view! {
        <form class="search" role="search" on:submit=on_submit>
            <label for="search-input">{tr(Msg::SearchLabel)}</label>
            <div class="search-row">
                <input
                    id="search-input"
                    type="search"
                    data-testid="search-input"
                    autocomplete="off"
                    enterkeyhint="search"
                    maxlength=MAX_QUERY_CHARS
                    placeholder=tr(Msg::SearchPlaceholder)
                    aria-describedby="search-hint"
                    prop:value=move || typed.get()
                    on:input=on_input
                />
                <button type="submit" class="primary">{tr(Msg::Search)}</button>
            </div>
            <p class="hint" id="search-hint">{tr(Msg::SearchHint)}</p>
        </form>
    }
}

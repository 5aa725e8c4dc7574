//! The search page: one box; results appear as the resident types. The query lives in the URL
//! (`/?q=低保`), so the back button and a shared link bring the same results.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use linli_shared::api::MAX_QUERY_CHARS;

use crate::api;
use crate::components::notice::{ErrorNotice, Loading};
use crate::components::results::{ItemHits, PointHits};
use crate::i18n::{t, use_locale};

/// Waiting this long after the last keystroke saves requests on slow networks.
const TYPING_PAUSE: Duration = Duration::from_millis(250);
const RESULTS_PER_LIST: usize = 10;

#[component]
pub fn SearchPage() -> impl IntoView {
    let locale = use_locale();
    let query_map = use_query_map();
    let url_query = Memo::new(move |_| query_map.with(|q| q.get("q").unwrap_or_default()));
    let typed = RwSignal::new(url_query.get_untracked());
    let navigate = use_navigate();
    let pending = StoredValue::new(None::<TimeoutHandle>);

    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        typed.set(value.clone());
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let navigate = navigate.clone();
        let handle = set_timeout_with_handle(
            move || {
                let target = if value.trim().is_empty() {
                    "/".to_owned()
                } else {
                    format!(
                        "/?q={}",
                        percent_encoding::utf8_percent_encode(
                            value.trim(),
                            percent_encoding::NON_ALPHANUMERIC
                        )
                    )
                };
                navigate(
                    &target,
                    NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                );
            },
            TYPING_PAUSE,
        )
        .ok();
        pending.set_value(handle);
    };

    let results = LocalResource::new(move || {
        let q = url_query.get();
        async move {
            if q.trim().is_empty() {
                None
            } else {
                Some(api::search(q.trim(), RESULTS_PER_LIST).await)
            }
        }
    });

    view! {
        <form class="search" role="search" on:submit=|ev| ev.prevent_default()>
            <label for="search-input">{move || t(locale.get(), "search_label")}</label>
            <input
                id="search-input"
                type="search"
                data-testid="search-input"
                autocomplete="off"
                maxlength=MAX_QUERY_CHARS
                placeholder=move || t(locale.get(), "search_placeholder")
                prop:value=move || typed.get()
                on:input=on_input
            />
            <p class="hint">{move || t(locale.get(), "search_hint")}</p>
        </form>
        <div aria-live="polite">
            <Transition fallback=Loading>
                {move || {
                    results
                        .get()
                        .flatten()
                        .map(|answer| match answer {
                            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                            Ok(found) if found.items.is_empty() && found.points.is_empty() => {
                                view! { <p class="notice" data-testid="no-results">{move || t(locale.get(), "no_results")}</p> }
                                    .into_any()
                            }
                            Ok(found) => {
                                view! {
                                    {(!found.items.is_empty()).then(|| view! { <ItemHits items=found.items.clone()/> })}
                                    {(!found.points.is_empty()).then(|| view! { <PointHits points=found.points.clone()/> })}
                                }
                                    .into_any()
                            }
                        })
                }}
            </Transition>
        </div>
    }
}

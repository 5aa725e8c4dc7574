//! A page's data: fetched when the page asks for it, again when what it asks changes, shown
//! with one loading notice, one error notice with a retry (the words say whether the device is
//! offline, the server unreachable or failing), the not-found page when the API says the item,
//! point or category is not there, and otherwise whatever the page says to show. Pages only
//! write that last part:
//!
//! ```ignore
//! let detail = load(move || Some(api::point(&id())));
//! view! { <Loaded answer=detail let:point><PointView detail=point/></Loaded> }
//! ```
//!
//! While a new request runs, the last answer stays on screen (no flicker while typing). The
//! request a page has moved away from (a new query, another page) is cancelled, so it stops
//! using a slow rural link. The answer is kept as text and decoded when shown: the fetching and
//! state code is then the same for every type and exists once in the wasm.

use std::marker::PhantomData;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::de::DeserializeOwned;

use crate::api::{self, Body, Cancel, ClientError, Fetch, Method};
use crate::components::notice::{ErrorNotice, Loading};
use crate::pages::not_found::{DeadEnds, Missing};

/// The latest answer to what a page asks for (see [`load`]).
pub struct Answer<T> {
    /// The answer's text or why there is none; `None` before the first answer, or when the page
    /// asks for nothing.
    text: RwSignal<Option<Result<Arc<str>, ClientError>>>,
    loading: RwSignal<bool>,
    retry: Trigger,
    answer: PhantomData<fn() -> T>,
}

impl<T> Clone for Answer<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Answer<T> {}

impl<T: DeserializeOwned> Answer<T> {
    /// The answer (reactive), or `None` while the first one is on its way.
    pub fn get(&self) -> Option<Result<T, ClientError>> {
        self.text
            .with(|text| text.clone().map(|t| t.and_then(|text| api::decode(&text))))
    }
}

impl<T> Answer<T> {
    /// Whether a request is on its way (reactive).
    pub fn is_loading(&self) -> bool {
        self.loading.get()
    }

    /// Whether the latest request was answered (not an error, not asking for nothing), without
    /// decoding the answer; not reactive to the answer's content, only to its arrival.
    pub fn answered(&self) -> bool {
        self.text.with_untracked(|t| matches!(t, Some(Ok(_))))
    }

    /// Asks again (after an error).
    pub fn retry(&self) {
        self.retry.notify();
    }
}

/// Fetches what `request` names, and again whenever it names something else; `None` asks for
/// nothing (a search with no words yet).
pub fn load<T: 'static>(
    request: impl Fn() -> Option<Fetch<T>> + Send + Sync + 'static,
) -> Answer<T> {
    // A memo, so that something else changing on the page does not ask again for the same URL.
    let url = Memo::new(move |_| request().map(|r| r.url().to_owned()));
    let (text, loading, retry) = load_text(url.into());
    Answer {
        text,
        loading,
        retry,
        answer: PhantomData,
    }
}

/// The part of [`load`] that does not depend on the answer's type.
#[allow(clippy::type_complexity)]
fn load_text(
    url: Signal<Option<String>>,
) -> (
    RwSignal<Option<Result<Arc<str>, ClientError>>>,
    RwSignal<bool>,
    Trigger,
) {
    let text = RwSignal::new(None::<Result<Arc<str>, ClientError>>);
    // Loading from the start when there is something to ask (the effect below runs a moment
    // after the first render), so the page never flashes blank.
    let loading = RwSignal::new(url.with_untracked(Option::is_some));
    let retry = Trigger::new();
    // The request on its way; only the latest one may write its answer.
    let in_flight = StoredValue::new_local(None::<Rc<Cancel>>);
    let generation = StoredValue::new(0u64);
    let cancel_in_flight = move || {
        in_flight.try_update_value(|current| {
            if let Some(request) = current.take() {
                request.cancel();
            }
        });
    };

    Effect::new(move |_| {
        retry.track();
        let url = url.get();
        cancel_in_flight();
        generation.update_value(|g| *g += 1);
        let Some(url) = url else {
            text.set(None);
            loading.set(false);
            return;
        };
        let mine = generation.get_value();
        // A retry says "loading" instead of the old error; a new query keeps the last results.
        if text.with_untracked(|t| matches!(t, Some(Err(_)))) {
            text.set(None);
        }
        loading.set(true);
        let cancel = Rc::new(Cancel::new());
        in_flight.set_value(Some(cancel.clone()));
        spawn_local(async move {
            let answer = api::send(Method::Get, &url, Body::Empty, Some(&cancel)).await;
            // Gone (the page was left) or replaced by a newer request: nobody listens.
            if generation.try_get_value() != Some(mine) {
                return;
            }
            text.try_set(Some(answer.map(Arc::from)));
            loading.try_set(false);
            in_flight.try_set_value(None);
        });
    });
    on_cleanup(cancel_in_flight);
    (text, loading, retry)
}

/// Shows a page's data: the loading notice until the first answer, the not-found page for the
/// API's "not found" codes, an error notice with a retry when there is no answer, else
/// `children` with the answer.
#[component]
pub fn Loaded<T, C, V>(answer: Answer<T>, children: C) -> impl IntoView
where
    T: DeserializeOwned + 'static,
    C: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let dead_ends = use_context::<DeadEnds>();
    move || match answer.get() {
        Some(Ok(data)) => children(data).into_any(),
        // Asking again finds nothing again: the dead end's own page, with ways on.
        Some(Err(error)) => match (Missing::from_error(&error), dead_ends) {
            (Some(missing), Some(DeadEnds(show))) => show(missing),
            _ => view! { <ErrorNotice error=error on_retry=move |_| answer.retry()/> }.into_any(),
        },
        None => answer.is_loading().then(Loading).into_any(),
    }
}

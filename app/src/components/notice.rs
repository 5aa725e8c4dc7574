//! Loading and error notices. Errors say what happened in the resident's language and offer a
//! retry; nothing is ever a blank screen.

use leptos::prelude::*;

use crate::api::ClientError;
use crate::i18n::{Msg, error_text, tr};
use crate::session::lang;

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="notice loading" role="status">{tr(Msg::Loading)}</p> }
}

#[component]
pub fn ErrorNotice(error: ClientError, #[prop(into)] on_retry: Callback<()>) -> impl IntoView {
    view! {
        <div class="notice error" role="alert" data-testid="error">
            <p>{move || error_text(lang(), &error)}</p>
            <button type="button" class="primary" data-testid="retry" on:click=move |_| on_retry.run(())>
                {tr(Msg::Retry)}
            </button>
        </div>
    }
}

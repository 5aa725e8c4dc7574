//! Loading and error notices, read out by screen readers as they appear.

use leptos::prelude::*;

use crate::api::ClientError;
use crate::i18n::{Locale, error_text, t};

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="notice" role="status">{move || t(Locale::get_from_context(), "loading")}</p> }
}

#[component]
pub fn ErrorNotice(error: ClientError) -> impl IntoView {
    view! {
        <p class="notice error" role="alert" data-testid="error">
            {move || error_text(Locale::get_from_context(), &error)}
        </p>
    }
}

use leptos::prelude::*;

use crate::PageHeading;
use crate::i18n::{Msg, tr};

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <PageHeading msg=Msg::NotFound/>
        <p>{tr(Msg::NotFoundHint)}</p>
    }
}

//! An in-app link. On a kiosk it replaces the current history entry instead of adding one, so
//! the browser's history never holds the last person's pages.

use leptos::prelude::*;

use crate::session::use_session;

#[component]
pub fn Link(
    href: String,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] testid: &'static str,
    children: Children,
) -> impl IntoView {
    let kiosk = use_session().is_kiosk();
    view! {
        <a
            href=href
            class=class
            data-testid=(!testid.is_empty()).then_some(testid)
            prop:replace=kiosk
        >
            {children()}
        </a>
    }
}

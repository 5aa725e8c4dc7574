//! Linli's resident app: routes and the context every page shares (the display language).
//! Pages live in `pages/`, reusable pieces in `components/`, all fetching in `api`.

pub mod api;
pub mod components;
pub mod i18n;
pub mod pages;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::i18n::{Locale, t};
use crate::pages::{item::ItemPage, point::PointPage, search::SearchPage};

#[component]
pub fn App() -> impl IntoView {
    let locale = Locale::provide();
    view! {
        <Router>
            <header class="topbar">
                <a class="brand" href="/">{move || t(locale.get(), "brand")}</a>
                <button
                    class="lang-toggle"
                    data-testid="lang-toggle"
                    on:click=move |_| locale.toggle()
                >
                    {move || t(locale.get(), "other_language")}
                </button>
            </header>
            <main id="main">
                <Routes fallback=move || view! { <p class="notice">{t(locale.get(), "page_not_found")}</p> }>
                    <Route path=path!("/") view=SearchPage/>
                    <Route path=path!("/items/:id") view=ItemPage/>
                    <Route path=path!("/points/:id") view=PointPage/>
                </Routes>
            </main>
        </Router>
    }
}

//! Linli's resident app: one code base for the landscape kiosk and the phone.
//!
//! `App` sets up the session (language, elder mode, kiosk), the top bar and the routes. Pages
//! live in `pages/`, reusable pieces in `components/`, all fetching in `api`, every word in
//! `i18n`.

pub mod api;
pub mod components;
pub mod i18n;
pub mod pages;
pub mod session;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

use crate::components::idle::IdleReset;
use crate::components::topbar::TopBar;
use crate::i18n::{Msg, t};
use crate::pages::{
    category::CategoryPage, home::HomePage, item::ItemPage, point::PointPage, search::SearchPage,
};
use crate::session::{Session, lang};

#[component]
pub fn App() -> impl IntoView {
    let session = Session::provide();
    view! {
        <Router>
            <TrailTracker/>
            <TopBar/>
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <p class="notice">{move || t(lang(), Msg::PageNotFound)}</p> }>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/search") view=SearchPage/>
                    <Route path=path!("/categories/:id") view=CategoryPage/>
                    <Route path=path!("/items/:id") view=ItemPage/>
                    <Route path=path!("/points/:id") view=PointPage/>
                </Routes>
            </main>
            {session.is_kiosk().then(|| view! { <IdleReset/> })}
        </Router>
    }
}

/// Records every page visited, so the back button knows where back is (on a kiosk the browser's
/// own history is never used: it would keep the last person's pages).
#[component]
fn TrailTracker() -> impl IntoView {
    let session = session::use_session();
    let location = use_location();
    Effect::new(move |_| {
        let search = location.search.get();
        let here = match search.trim_start_matches('?') {
            "" => location.pathname.get(),
            query => format!("{}?{query}", location.pathname.get()),
        };
        session.trail.update(|trail| {
            if trail.last() != Some(&here) {
                trail.push(here);
            }
        });
    });
}

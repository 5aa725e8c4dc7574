//! Linli's resident app: one code base for the landscape kiosk and the phone.
//!
//! `App` sets up the session (language, elder mode, kiosk), the top bar and the routes. Pages
//! live in `pages/`, reusable pieces in `components/`, every address in `routes`, all fetching
//! in `api`, every word in `i18n`.

pub mod api;
pub mod components;
pub mod i18n;
pub mod list;
pub mod pages;
pub mod resident;
pub mod routes;
pub mod session;

use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::use_location;

use crate::components::idle::IdleReset;
use crate::components::topbar::TopBar;
use crate::routes::PageRoutes;
use crate::session::Session;

#[component]
pub fn App() -> impl IntoView {
    let session = Session::provide();
    view! {
        <Router>
            <TrailTracker/>
            <TopBar/>
            <main id="main" tabindex="-1">
                <PageRoutes/>
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
        let on_results = location.pathname.with(|p| p == routes::SEARCH_PATH);
        session.trail.update(|trail| {
            // Typing and filters replace the results page (as in the browser's history), so
            // back leaves the results instead of stepping through every letter typed.
            let replaces_results = on_results
                && trail
                    .last()
                    .is_some_and(|last| last.split('?').next() == Some(routes::SEARCH_PATH));
            if replaces_results {
                trail.pop();
            }
            if trail.last() != Some(&here) {
                trail.push(here);
            }
        });
    });
}

//! The bar on every screen: back (on every screen but the start), home, language, elder mode and text size.
//!
//! One row at every text size. On a phone (the stylesheet decides by width) back and home show
//! as icons once the text is large, and elder mode with the text size fold behind one "Aa"
//! button (`aria-expanded`); on a kiosk's wide screen everything stays in the row, unfolded.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};

use crate::components::link::Link;
use crate::i18n::{Msg, tr};
use crate::list;
use crate::routes::Page;
use crate::session::{MAX_FONT_PX, lang, use_session};

#[component]
pub fn TopBar() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let location = use_location();
    // Whether the folded settings are open (only a narrow screen folds them).
    let tools_open = RwSignal::new(false);
    let back = move |_| {
        let mut trail = session.trail.get_untracked();
        trail.pop();
        let target = trail.last().cloned();
        if session.is_kiosk() {
            // Never the browser's history on a kiosk: walk our own trail.
            session.trail.set(trail);
            let to = target.unwrap_or_else(|| session.home_href());
            navigate(
                &to,
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        } else if target.is_some()
            && window()
                .history()
                .is_ok_and(|h| h.length().unwrap_or(0) > 1)
        {
            let _ = window().history().map(|h| h.back());
        } else {
            navigate(&session.home_href(), NavigateOptions::default());
        }
    };
    view! {
        <header class="topbar">
            <nav class="topbar-nav" aria-label=tr(Msg::Brand)>
                // Not on the start screen: there is nowhere in the app to go back to from there
                // (it did nothing), and the browser's own back is still there on a phone.
                <Show when=move || location.pathname.with(|p| p != "/")>
                    <button type="button" class="bar-button" data-testid="back-button" on:click=back.clone()>
                        <BackIcon/>
                        <span class="bar-label">{tr(Msg::Back)}</span>
                    </button>
                </Show>
                <Link href=session.home_href() class="bar-button" testid="home-button">
                    <HomeIcon/>
                    <span class="bar-label">{tr(Msg::Home)}</span>
                </Link>
                <span class="brand">{tr(Msg::Brand)}</span>
                <ListButton/>
            </nav>
            <button
                type="button"
                class="bar-button lang-toggle"
                data-testid="lang-toggle"
                lang=move || if lang() == linli_shared::error::Lang::Zh { "en" } else { "zh-CN" }
                on:click=move |_| session.toggle_lang()
            >
                // A narrow screen at large text shows the short name ("EN"); the whole one stays
                // for screen readers.
                <span class="lang-long">{tr(Msg::OtherLanguage)}</span>
                <span class="lang-short" aria-hidden="true">{tr(Msg::OtherLanguageShort)}</span>
            </button>
            <button
                type="button"
                class="bar-button tools-toggle"
                data-testid="display-settings"
                aria-controls="topbar-tools"
                aria-expanded=move || tools_open.get().to_string()
                on:click=move |_| tools_open.update(|open| *open = !*open)
            >
                "Aa"
                <span class="visually-hidden">" " {tr(Msg::DisplaySettings)}</span>
            </button>
            <div class="topbar-tools" id="topbar-tools" class:open=move || tools_open.get()>
                <Show when=move || session.elder.get()>
                    <button
                        type="button"
                        class="bar-button"
                        data-testid="font-smaller"
                        disabled=move || { session.elder_font_px.get() <= session.min_font_px() }
                        on:click=move |_| session.smaller()
                    >
                        "A−"
                        <span class="visually-hidden">{tr(Msg::FontSmaller)}</span>
                    </button>
                    <button
                        type="button"
                        class="bar-button"
                        data-testid="font-larger"
                        disabled=move || { session.elder_font_px.get() >= MAX_FONT_PX }
                        on:click=move |_| session.larger()
                    >
                        "A+"
                        <span class="visually-hidden">{tr(Msg::FontLarger)}</span>
                    </button>
                </Show>
                <button
                    type="button"
                    class="bar-button"
                    data-testid="elder-toggle"
                    aria-pressed=move || session.elder.get().to_string()
                    on:click=move |_| session.toggle_elder()
                >
                    {tr(Msg::ElderMode)}
                </button>
            </div>
        </header>
    }
}

/// A left-pointing chevron: "back" where the word does not fit.
#[component]
fn BackIcon() -> impl IntoView {
    view! {
        <svg class="bar-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M15 4 7 12l8 8" fill="none" stroke="currentColor" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>
        </svg>
    }
}

/// A house: "home" where the word does not fit.
#[component]
fn HomeIcon() -> impl IntoView {
    view! {
        <svg class="bar-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M3 11.5 12 4l9 7.5M6 10v10h4.5v-6h3v6H18V10" fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round"/>
        </svg>
    }
}

/// A checklist: "my list" where the words do not fit (its name stays for screen readers).
#[component]
fn ListIcon() -> impl IntoView {
    view! {
        <svg class="bar-icon list-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M9 6h11M9 12h11M9 18h11M4 6l1 1 2-2M4 12l1 1 2-2M4 18l1 1 2-2" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/>
        </svg>
    }
}

/// The list of errands, with how many items are on it; there once the list holds one.
#[component]
fn ListButton() -> impl IntoView {
    view! {
        <Show when=move || { list::count() > 0 }>
            <Link href=Page::List(None).href() class="bar-button list-button" testid="list-link">
                <ListIcon/>
                <span class="bar-label">{tr(Msg::MyList)}</span>
                <span class="list-count" data-testid="list-count">{move || list::count()}</span>
            </Link>
        </Show>
    }
}

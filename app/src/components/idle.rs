//! Kiosk idle reset: after 90 s without a touch, a countdown of 20 s that any touch cancels
//! (WCAG 2.2.1 Timing Adjustable); at zero, back to the start with nothing of the last person
//! left on screen, in history or in storage.

use std::time::Duration;

use leptos::ev;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::i18n::{Msg, t};
use crate::session::{lang, use_session};

pub const IDLE_SECONDS: u32 = 90;
pub const COUNTDOWN_SECONDS: u32 = 20;

#[component]
pub fn IdleReset() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let idle = RwSignal::new(0u32);

    // Any touch, click, key or scroll counts as someone being there.
    let active = move || idle.set(0);
    let _ = window_event_listener(ev::pointerdown, move |_| active());
    let _ = window_event_listener(ev::keydown, move |_| active());
    let _ = window_event_listener(ev::touchstart, move |_| active());
    let _ = window_event_listener(ev::wheel, move |_| active());

    let _ = set_interval_with_handle(
        move || {
            let seconds = idle.get_untracked() + 1;
            if seconds >= IDLE_SECONDS + COUNTDOWN_SECONDS {
                idle.set(0);
                session.reset();
                navigate(
                    &session.home_href(),
                    NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                );
                // A fresh trail holds only the start screen.
                session.trail.set(vec![session.home_href()]);
            } else {
                idle.set(seconds);
            }
        },
        Duration::from_secs(1),
    );

    let remaining = move || (IDLE_SECONDS + COUNTDOWN_SECONDS).saturating_sub(idle.get());
    view! {
        <Show when=move || { idle.get() >= IDLE_SECONDS }>
            <div class="idle-overlay" role="alertdialog" aria-modal="true" aria-labelledby="idle-title" aria-describedby="idle-body" data-testid="idle-countdown">
                <div class="idle-box">
                    <h2 id="idle-title">{move || t(lang(), Msg::IdleTitle)}</h2>
                    <p id="idle-body">{move || t(lang(), Msg::IdleBody)}</p>
                    <p class="idle-seconds" aria-live="polite">
                        <span data-testid="idle-seconds">{remaining}</span>
                        " "
                        {move || t(lang(), Msg::Seconds)}
                    </p>
                    <button type="button" class="primary" data-testid="idle-stay" on:click=move |_| idle.set(0)>
                        {move || t(lang(), Msg::IdleStay)}
                    </button>
                </div>
            </div>
        </Show>
    }
}

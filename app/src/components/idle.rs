//! Kiosk idle reset: after 90 s without a touch, a countdown of 20 s that any touch cancels
//! (WCAG 2.2.1 Timing Adjustable); at zero, back to the start with nothing of the last person
//! left on screen, in history or in storage.
//!
//! Each wait is one timeout for the whole span, restarted by activity, not a count of ticks:
//! browsers delay timers on a busy or hidden page, and a late timer still fires once. The overlay
//! is dismissed by its own click, so the touch that dismisses it never lands on a link beneath.

use std::time::Duration;

use leptos::ev;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use web_sys::js_sys::Date;

use crate::i18n::{Msg, t};
use crate::session::{lang, use_session};

pub const IDLE_SECONDS: f64 = 90.0;
pub const COUNTDOWN_SECONDS: f64 = 20.0;

#[component]
pub fn IdleReset() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    // Milliseconds since the epoch of the last sign of someone there.
    let last_activity = StoredValue::new(Date::now());
    // When the countdown started, while it shows.
    let countdown_since = RwSignal::new(None::<f64>);
    let now = RwSignal::new(Date::now());
    // Every (re)start of the wait bumps the generation; a timer from an older one does nothing,
    // so no timer ever needs cancelling.
    let generation = StoredValue::new(0u64);

    let reset_for_next_person = std::rc::Rc::new(move || {
        session.reset();
        let home = session.home_href();
        navigate(
            &home,
            NavigateOptions {
                replace: true,
                ..Default::default()
            },
        );
        session.trail.set(vec![home]);
    });
    // (Re)starts the 90 s wait; when it runs out, the countdown and its own 20 s wait begin.
    let arm = StoredValue::new_local(None::<std::rc::Rc<dyn Fn()>>);
    let arm_fn: std::rc::Rc<dyn Fn()> = std::rc::Rc::new(move || {
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        let current = move || generation.get_value() == mine;
        let reset_for_next_person = reset_for_next_person.clone();
        set_timeout(
            move || {
                if !current() {
                    return;
                }
                let since = Date::now();
                now.set(since);
                countdown_since.set(Some(since));
                set_timeout(
                    move || {
                        if !current() {
                            return;
                        }
                        countdown_since.set(None);
                        if last_activity.get_value() <= since {
                            reset_for_next_person();
                        }
                        // Else touched during the countdown without a click (a swipe): still
                        // here. Either way the wait starts again.
                        arm.with_value(|a| a.as_ref().map(|a| a()));
                    },
                    Duration::from_secs_f64(COUNTDOWN_SECONDS),
                );
            },
            Duration::from_secs_f64(IDLE_SECONDS),
        );
    });
    arm.set_value(Some(arm_fn));
    let rearm = move || arm.with_value(|a| a.as_ref().map(|a| a()));
    rearm();

    let active = move || {
        last_activity
            .set_value(Date::now().max(countdown_since.get_untracked().unwrap_or(0.0) + 1.0));
        // While the countdown shows, only its own click dismisses it: hiding it at the touch
        // would let the click fall through to the page beneath.
        if countdown_since.get_untracked().is_none() {
            rearm();
        }
    };
    let dismiss = move || {
        // Strictly after the countdown began, even on a clock that stands still (tests).
        last_activity
            .set_value(Date::now().max(countdown_since.get_untracked().unwrap_or(0.0) + 1.0));
        countdown_since.set(None);
        rearm();
    };
    let _ = window_event_listener(ev::pointerdown, move |_| active());
    let _ = window_event_listener(ev::touchstart, move |_| active());
    let _ = window_event_listener(ev::wheel, move |_| active());
    let _ = window_event_listener(ev::keydown, move |_| dismiss());
    // Only the seconds on screen need a ticking clock.
    let _ = set_interval_with_handle(
        move || {
            if countdown_since.get_untracked().is_some() {
                now.set(Date::now());
            }
        },
        Duration::from_millis(250),
    );

    let remaining = move || {
        countdown_since
            .get()
            // To the nearest second: the display clock ticks every 250 ms, not on the second.
            .map(|since| {
                (COUNTDOWN_SECONDS - (now.get() - since) / 1000.0)
                    .round()
                    .max(0.0) as u32
            })
            .unwrap_or(COUNTDOWN_SECONDS as u32)
    };
    let on_click = move |ev: ev::MouseEvent| {
        // This click is the resident saying "still here"; it must not reach the page beneath.
        ev.prevent_default();
        ev.stop_propagation();
        dismiss();
    };
    view! {
        <Show when=move || countdown_since.get().is_some()>
            <div class="idle-overlay" role="alertdialog" aria-modal="true" aria-labelledby="idle-title"
                aria-describedby="idle-body" data-testid="idle-countdown" on:click=on_click>
                <div class="idle-box">
                    <h2 id="idle-title">{move || t(lang(), Msg::IdleTitle)}</h2>
                    <p id="idle-body">{move || t(lang(), Msg::IdleBody)}</p>
                    <p class="idle-seconds" aria-live="polite">
                        <span data-testid="idle-seconds">{remaining}</span>
                        " "
                        {move || t(lang(), Msg::Seconds)}
                    </p>
                    <button type="button" class="primary" data-testid="idle-stay">
                        {move || t(lang(), Msg::IdleStay)}
                    </button>
                </div>
            </div>
        </Show>
    }
}

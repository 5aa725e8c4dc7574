//! The kiosk's idle reset on screen: the rules are `linli_shared::kiosk::IdleReset` (a state
//! machine tested natively); this component only feeds it the page's events and one timer, and
//! shows the countdown or starts over as it says.
//!
//! The overlay is dismissed by its own click, so the touch that dismisses it never lands on a
//! link beneath.

use std::time::Duration;

use leptos::ev;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use linli_shared::kiosk::{Event, IdleReset as Machine, Step};
use web_sys::js_sys::Date;

use crate::i18n::{Counted, Msg, count_word, tr};
use crate::session::{lang, use_session};

#[component]
pub fn IdleReset() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let machine = StoredValue::new(Machine::new(now()));
    // Seconds left on the countdown while it shows.
    let countdown = RwSignal::new(None::<u32>);
    let timer = StoredValue::new(None::<TimeoutHandle>);

    // Feeds one event to the machine and carries out its answer; `feed` is stored so the timer
    // it sets can call it again.
    let feed = StoredValue::new_local(None::<std::rc::Rc<dyn Fn(Event)>>);
    let send = move |event| {
        feed.with_value(|f| {
            if let Some(f) = f {
                f(event)
            }
        })
    };
    let feed_fn: std::rc::Rc<dyn Fn(Event)> = std::rc::Rc::new(move |event| {
        let at = now();
        let Step {
            countdown: seconds,
            reset,
            wake_at,
        } = machine
            .try_update_value(|m| m.on(event, at))
            .expect("the idle machine lives as long as the component");
        countdown.set(seconds);
        if reset {
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
        }
        // One timer at a time, always for the machine's next deadline.
        if let Some(old) = timer.get_value() {
            old.clear();
        }
        let wait = Duration::from_millis(wake_at.saturating_sub(at));
        let next = set_timeout_with_handle(move || send(Event::Tick), wait);
        timer.set_value(next.ok());
    });
    feed.set_value(Some(feed_fn));
    send(Event::Tick);
    on_cleanup(move || {
        if let Some(t) = timer.get_value() {
            t.clear();
        }
    });

    let _ = window_event_listener(ev::pointerdown, move |_| send(Event::Activity));
    let _ = window_event_listener(ev::touchstart, move |_| send(Event::Activity));
    let _ = window_event_listener(ev::wheel, move |_| send(Event::Activity));
    let _ = window_event_listener(ev::keydown, move |_| send(Event::StillHere));

    let on_click = move |ev: ev::MouseEvent| {
        // This click is the resident saying "still here"; it must not reach the page beneath.
        ev.prevent_default();
        ev.stop_propagation();
        send(Event::StillHere);
    };
    view! {
        <Show when=move || countdown.get().is_some()>
            <div class="idle-overlay" role="alertdialog" aria-modal="true" aria-labelledby="idle-title"
                aria-describedby="idle-body" data-testid="idle-countdown" on:click=on_click>
                <div class="idle-box">
                    <h2 id="idle-title">{tr(Msg::IdleTitle)}</h2>
                    <p id="idle-body">{tr(Msg::IdleBody)}</p>
                    <p class="idle-seconds" aria-live="polite">
                        <span data-testid="idle-seconds">{move || countdown.get().unwrap_or_default()}</span>
                        " "
                        {move || count_word(lang(), Counted::Seconds, countdown.get().unwrap_or_default())}
                    </p>
                    <button type="button" class="primary" data-testid="idle-stay">
                        {tr(Msg::IdleStay)}
                    </button>
                </div>
            </div>
        </Show>
    }
}

/// Milliseconds since the epoch, the machine's clock (Playwright's fake clock in the e2e tests).
fn now() -> u64 {
    Date::now() as u64
}

//! The kiosk's idle reset as a plain state machine: after [`IDLE_MS`] without a touch a
//! countdown of [`COUNTDOWN_MS`] that the resident can cancel (WCAG 2.2.1 Timing Adjustable);
//! at zero the kiosk starts over for the next person.
//!
//! Time is passed in (milliseconds on any clock that only the caller reads) and nothing here
//! touches the DOM or sets a timer: the app's `IdleReset` component feeds it events and a tick
//! at [`IdleReset::wake_at`], and does what [`Step`] says. Deadlines are judged against the time
//! given, never by counting ticks: browsers delay timers on a busy or hidden page, and a late
//! tick must still see that 90 s have passed.

/// How long without a sign of anyone before the countdown appears.
pub const IDLE_MS: u64 = 90_000;
/// How long the countdown runs before the reset.
pub const COUNTDOWN_MS: u64 = 20_000;

/// What happened, as the kiosk's screen saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A touch, a pointer press or a scroll. During the countdown it does not hide it (the
    /// touch would fall through to the page beneath), but it does stop the reset.
    Activity,
    /// The resident answered the countdown: a click on it, its button, or a key.
    StillHere,
    /// A timer fired: deadlines are checked against `now`.
    Tick,
}

/// What the screen must do after an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// Whole seconds left to show on the countdown, or `None` when it is hidden.
    pub countdown: Option<u32>,
    /// Wipe the session and go home: nobody answered the countdown.
    pub reset: bool,
    /// When the machine next needs a [`Event::Tick`] (same clock as `now`).
    pub wake_at: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Nobody has been seen since `since`.
    Waiting { since: u64 },
    /// The countdown shows since `since`; `touched` when someone touched the screen during it
    /// without answering it (a swipe): they are still there, so no reset.
    Counting { since: u64, touched: bool },
}

/// The idle reset of one kiosk screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdleReset {
    phase: Phase,
}

impl IdleReset {
    /// Starts waiting at `now`, as if someone had just touched the screen.
    pub fn new(now: u64) -> IdleReset {
        IdleReset {
            phase: Phase::Waiting { since: now },
        }
    }

    /// Applies an event that happened at `now`.
    pub fn on(&mut self, event: Event, now: u64) -> Step {
        let mut reset = false;
        self.phase = match (self.phase, event) {
            (Phase::Waiting { .. }, Event::Activity | Event::StillHere) => {
                Phase::Waiting { since: now }
            }
            (Phase::Waiting { since }, Event::Tick) if elapsed(since, now) >= IDLE_MS => {
                // The resident always gets the whole countdown, however late this tick is.
                Phase::Counting {
                    since: now,
                    touched: false,
                }
            }
            (Phase::Counting { since, .. }, Event::Activity) => Phase::Counting {
                since,
                touched: true,
            },
            (Phase::Counting { .. }, Event::StillHere) => Phase::Waiting { since: now },
            (Phase::Counting { since, touched }, Event::Tick)
                if elapsed(since, now) >= COUNTDOWN_MS =>
            {
                reset = !touched;
                Phase::Waiting { since: now }
            }
            (phase, Event::Tick) => phase,
        };
        Step {
            countdown: self.countdown(now),
            reset,
            wake_at: self.wake_at(now),
        }
    }

    /// The whole seconds left on the countdown at `now` (20 when it appears, 1 in its last
    /// second), or `None` while it is hidden.
    pub fn countdown(&self, now: u64) -> Option<u32> {
        match self.phase {
            Phase::Waiting { .. } => None,
            Phase::Counting { since, .. } => {
                let left = COUNTDOWN_MS.saturating_sub(elapsed(since, now));
                Some(left.div_ceil(1000) as u32)
            }
        }
    }

    /// When the next tick is due: the end of the wait, or, during the countdown, the moment
    /// the seconds on screen change (and finally its end).
    pub fn wake_at(&self, now: u64) -> u64 {
        match self.phase {
            Phase::Waiting { since } => since + IDLE_MS,
            Phase::Counting { since, .. } => {
                let gone = elapsed(since, now).min(COUNTDOWN_MS);
                let left = COUNTDOWN_MS - gone;
                // The next whole second of what is left, or the end.
                let to_next_second = match left % 1000 {
                    0 if left > 0 => 1000,
                    part => part,
                };
                now.max(since) + to_next_second.min(left)
            }
        }
    }
}

/// Time from `since` to `now`; a clock that went back counts as no time.
fn elapsed(since: u64, now: u64) -> u64 {
    now.saturating_sub(since)
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: u64 = 1_000_000;

    /// Ticks at every wake-up the machine asks for until `until`, as the component's timer does.
    fn run_until(machine: &mut IdleReset, mut now: u64, until: u64) -> Vec<(u64, Step)> {
        let mut steps = Vec::new();
        loop {
            let next = machine.wake_at(now);
            if next > until {
                return steps;
            }
            now = next;
            steps.push((now, machine.on(Event::Tick, now)));
        }
    }

    #[test]
    fn nothing_shows_before_the_idle_time() {
        let mut m = IdleReset::new(T0);
        assert_eq!(m.wake_at(T0), T0 + IDLE_MS);
        let step = m.on(Event::Tick, T0 + IDLE_MS - 1);
        assert_eq!(step.countdown, None);
        assert!(!step.reset);
        assert_eq!(step.wake_at, T0 + IDLE_MS, "an early tick changes nothing");
    }

    #[test]
    fn the_countdown_appears_after_the_idle_time_with_its_full_seconds() {
        let mut m = IdleReset::new(T0);
        let step = m.on(Event::Tick, T0 + IDLE_MS);
        assert_eq!(step.countdown, Some(20));
        assert_eq!(step.wake_at, T0 + IDLE_MS + 1000);
        assert_eq!(m.countdown(T0 + IDLE_MS + 5_500), Some(15));
        assert_eq!(m.countdown(T0 + IDLE_MS + 19_999), Some(1));
    }

    #[test]
    fn activity_restarts_the_wait() {
        let mut m = IdleReset::new(T0);
        let step = m.on(Event::Activity, T0 + 60_000);
        assert_eq!(step.wake_at, T0 + 60_000 + IDLE_MS);
        assert_eq!(m.on(Event::Tick, T0 + IDLE_MS).countdown, None);
        assert_eq!(m.on(Event::Tick, T0 + 60_000 + IDLE_MS).countdown, Some(20));
    }

    #[test]
    fn nobody_answering_resets_once_after_the_countdown_and_waits_again() {
        let mut m = IdleReset::new(T0);
        let steps = run_until(&mut m, T0, T0 + IDLE_MS + COUNTDOWN_MS);
        let shown: Vec<u32> = steps.iter().filter_map(|(_, s)| s.countdown).collect();
        assert_eq!(
            shown,
            (1..=20).rev().collect::<Vec<_>>(),
            "every second shown once"
        );
        let resets: Vec<u64> = steps
            .iter()
            .filter(|(_, s)| s.reset)
            .map(|(at, _)| *at)
            .collect();
        assert_eq!(resets, vec![T0 + IDLE_MS + COUNTDOWN_MS]);
        let (at, last) = steps.last().unwrap();
        assert_eq!(last.countdown, None);
        assert_eq!(
            last.wake_at,
            at + IDLE_MS,
            "the next person gets a fresh wait"
        );
    }

    #[test]
    fn answering_the_countdown_hides_it_and_restarts_the_wait() {
        let mut m = IdleReset::new(T0);
        m.on(Event::Tick, T0 + IDLE_MS);
        let now = T0 + IDLE_MS + 3_000;
        let step = m.on(Event::StillHere, now);
        assert_eq!(step.countdown, None);
        assert!(!step.reset);
        assert_eq!(step.wake_at, now + IDLE_MS);
        assert!(!m.on(Event::Tick, T0 + IDLE_MS + COUNTDOWN_MS).reset);
    }

    #[test]
    fn a_touch_during_the_countdown_keeps_it_on_screen_but_stops_the_reset() {
        let mut m = IdleReset::new(T0);
        m.on(Event::Tick, T0 + IDLE_MS);
        let step = m.on(Event::Activity, T0 + IDLE_MS + 2_000);
        assert_eq!(
            step.countdown,
            Some(18),
            "hiding it at the touch would let the touch land on the page"
        );
        let end = m.on(Event::Tick, T0 + IDLE_MS + COUNTDOWN_MS);
        assert!(!end.reset, "someone is there");
        assert_eq!(end.countdown, None);
        assert_eq!(end.wake_at, T0 + IDLE_MS + COUNTDOWN_MS + IDLE_MS);
    }

    #[test]
    fn a_late_tick_still_sees_the_time_that_passed() {
        // The page was hidden for five minutes: one late tick shows the whole countdown...
        let mut m = IdleReset::new(T0);
        let late = T0 + 300_000;
        assert_eq!(m.on(Event::Tick, late).countdown, Some(20));
        // ...and one late tick after it resets, without a tick per second in between.
        let step = m.on(Event::Tick, late + 60_000);
        assert!(step.reset);
        assert_eq!(step.countdown, None);
    }

    #[test]
    fn a_clock_that_goes_back_counts_as_no_time() {
        let mut m = IdleReset::new(T0);
        let step = m.on(Event::Tick, T0 - 5_000);
        assert_eq!(step.countdown, None);
        assert_eq!(step.wake_at, T0 + IDLE_MS);
        m.on(Event::Tick, T0 + IDLE_MS);
        assert_eq!(m.countdown(T0), Some(20));
        assert!(!m.on(Event::Tick, T0).reset);
    }
}

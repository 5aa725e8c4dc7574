//! How long the search box waits after a keystroke before it searches (the typing pause).
//!
//! The pause follows the link: it is as long as the last search took to come back, between
//! [`SHORTEST_PAUSE`] and [`LONGEST_PAUSE`]. On a fast link the results follow the typing
//! after a short pause; on a slow one, where an answer takes a second or more, a resident typing
//! a letter every half second sends no search until they stop, rather than one that the next
//! letter makes stale before it is answered. The app keeps the last round trip in memory for
//! the page's life (nothing is stored, so a kiosk keeps nothing across its idle reset), and a
//! first search, with nothing measured yet, waits the shortest pause.

use std::time::Duration;

/// The pause on a fast link, and before anything has been measured.
pub const SHORTEST_PAUSE: Duration = Duration::from_millis(300);
/// The longest pause: waiting longer would feel like the box ignores the resident.
pub const LONGEST_PAUSE: Duration = Duration::from_millis(1200);

/// The typing pause after a search that took `last_round_trip` to come back (`None`: none has
/// come back yet).
pub fn typing_pause(last_round_trip: Option<Duration>) -> Duration {
    last_round_trip.map_or(SHORTEST_PAUSE, |took| {
        took.clamp(SHORTEST_PAUSE, LONGEST_PAUSE)
    })
}

/// A round trip measured in milliseconds by a browser clock (`performance.now()` differences):
/// a negative or not-a-number difference (a clock set back, a faked clock) counts as instant.
pub fn round_trip_from_ms(ms: f64) -> Duration {
    if ms.is_finite() && ms > 0.0 {
        Duration::from_micros((ms.min(3_600_000.0) * 1000.0).round() as u64)
    } else {
        Duration::ZERO
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn the_pause_follows_the_last_round_trip_within_its_bounds() {
        assert_eq!(typing_pause(None), ms(300), "nothing measured yet");
        assert_eq!(typing_pause(Some(ms(20))), ms(300), "a fast link");
        assert_eq!(typing_pause(Some(ms(300))), ms(300));
        assert_eq!(typing_pause(Some(ms(650))), ms(650), "a middling link");
        assert_eq!(typing_pause(Some(ms(1200))), ms(1200));
        assert_eq!(typing_pause(Some(ms(1500))), ms(1200), "a weak rural link");
        assert_eq!(typing_pause(Some(Duration::from_secs(30))), ms(1200));
        // It follows the last round trip both ways: a link that recovers shortens it again.
        assert_eq!(typing_pause(Some(ms(40))), ms(300));
    }

    #[test]
    fn browser_clock_differences_become_round_trips() {
        assert_eq!(round_trip_from_ms(412.0), ms(412));
        assert_eq!(round_trip_from_ms(0.0), Duration::ZERO);
        assert_eq!(round_trip_from_ms(-5.0), Duration::ZERO);
        assert_eq!(round_trip_from_ms(f64::NAN), Duration::ZERO);
        assert_eq!(round_trip_from_ms(f64::INFINITY), Duration::ZERO);
        assert_eq!(typing_pause(Some(round_trip_from_ms(1e300))), ms(1200));
    }
}

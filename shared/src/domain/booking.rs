//! Limits against hoarding and bots: one active booking per number per item per day, and a few
//! active bookings per number in all (both configurable); a number that did not come three
//! times in 90 days may not book for 30 days. And what becomes of a freed seat: the first on
//! the waiting list gets it held for a while, else a cancelled seat waits out a short delay
//! before it goes back on sale.

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};

use crate::api::appointments::{Availability, SlotStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookingLimits {
    /// Active bookings of one number for one item on one day.
    pub per_item_per_day: u32,
    /// Active bookings of one number (slots not yet begun).
    pub active: u32,
}

impl Default for BookingLimits {
    fn default() -> Self {
        BookingLimits {
            per_item_per_day: 1,
            active: 3,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitRefusal {
    /// The number already has a booking for this item that day.
    SameItemSameDay,
    /// The number has as many active bookings as allowed.
    TooMany,
}

/// What a number holds: its active bookings whose slots have not begun, and how many of them
/// are for the item and day asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Held {
    pub active: u32,
    pub same_item_and_day: u32,
}

impl Held {
    /// Counts from a list of (item, date) of the active bookings.
    pub fn of(active: &[(&str, NaiveDate)], item: &str, date: NaiveDate) -> Held {
        Held {
            active: active.len() as u32,
            same_item_and_day: active
                .iter()
                .filter(|(i, d)| *i == item && *d == date)
                .count() as u32,
        }
    }
}

/// Whether one more booking is allowed to a number holding `held`.
pub fn may_book(limits: &BookingLimits, held: Held) -> Result<(), LimitRefusal> {
    if held.same_item_and_day >= limits.per_item_per_day {
        return Err(LimitRefusal::SameItemSameDay);
    }
    if held.active >= limits.active {
        return Err(LimitRefusal::TooMany);
    }
    Ok(())
}

/// How freed seats and no-shows are handled (all configurable on `serve`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeatRules {
    /// How long a freed seat is held for the first on the waiting list.
    pub waitlist_hold: TimeDelta,
    /// How long a cancelled seat with nobody waiting stays off sale.
    pub cancel_delay: TimeDelta,
    pub no_shows: NoShowRule,
}

impl Default for SeatRules {
    fn default() -> Self {
        SeatRules {
            waitlist_hold: TimeDelta::minutes(15),
            cancel_delay: TimeDelta::minutes(5),
            no_shows: NoShowRule::default(),
        }
    }
}

/// `limit` no-shows within `window` bar a number from booking for `ban` after the last of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoShowRule {
    pub limit: u32,
    pub window: TimeDelta,
    pub ban: TimeDelta,
}

impl Default for NoShowRule {
    fn default() -> Self {
        NoShowRule {
            limit: 3,
            window: TimeDelta::days(90),
            ban: TimeDelta::days(30),
        }
    }
}

impl NoShowRule {
    /// How far back a no-show can still matter at any moment: the window and the ban.
    pub fn look_back(&self) -> TimeDelta {
        self.window + self.ban
    }
}

/// Until when a number with no-shows at these times (its slots' starts, any order) may not
/// book, if it is barred at `now`: each run of `limit` no-shows within `window` bars it for
/// `ban` after the run's last one. A limit of 0 bars nobody.
pub fn barred_until(
    rule: &NoShowRule,
    no_shows: &[NaiveDateTime],
    now: NaiveDateTime,
) -> Option<NaiveDateTime> {
    let limit = usize::try_from(rule.limit).ok().filter(|&n| n > 0)?;
    let mut times = no_shows.to_vec();
    times.sort();
    times
        .windows(limit)
        .filter(|run| run[limit - 1] - run[0] <= rule.window)
        .map(|run| run[limit - 1] + rule.ban)
        .filter(|&until| until > now)
        .max()
}

/// What becomes of a seat given back (a cancel, or a booking moved away) or of a hold that ran
/// out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FreedSeat {
    /// Held for the first in line (this waiting-list entry) until then.
    HoldFor { entry: i64, until: NaiveDateTime },
    /// Off sale until then (the cancel delay), for nobody.
    Delay { until: NaiveDateTime },
    /// Back on sale now.
    Release,
}

/// The fate of a freed seat at `now`: the first in line (if any) gets it held; otherwise a
/// seat just given up by a resident waits out the cancel delay (so it cannot be handed to
/// someone standing by), and one whose hold or delay ran out goes back on sale.
pub fn freed_seat(
    rules: &SeatRules,
    first_in_line: Option<i64>,
    given_up_by_resident: bool,
    now: NaiveDateTime,
) -> FreedSeat {
    match first_in_line {
        Some(entry) => FreedSeat::HoldFor {
            entry,
            until: now + rules.waitlist_hold,
        },
        None if given_up_by_resident && rules.cancel_delay > TimeDelta::zero() => {
            FreedSeat::Delay {
                until: now + rules.cancel_delay,
            }
        }
        None => FreedSeat::Release,
    }
}

/// Why a resident may not join a waiting list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitRefusal {
    /// None of the slots can still be booked (past the cut-off, or none at all).
    NothingToWaitFor,
    /// A seat is left: book it instead.
    SeatsLeft,
}

/// Whether a resident may wait for these slots (a day's, or the one slot asked for), each as
/// (still bookable by the clock, seats left): only when some can still be booked and none of
/// those has a seat left.
pub fn may_wait(slots: &[(bool, u32)]) -> Result<(), WaitRefusal> {
    let mut bookable = slots.iter().filter(|(open, _)| *open).peekable();
    if bookable.peek().is_none() {
        return Err(WaitRefusal::NothingToWaitFor);
    }
    if bookable.any(|(_, left)| *left > 0) {
        return Err(WaitRefusal::SeatsLeft);
    }
    Ok(())
}

/// The first `n` slots with a seat left that start after `after`, soonest first: what a
/// resident is offered when the slot they chose went to someone else a moment earlier.
pub fn next_open_slots(
    availability: &Availability,
    after: NaiveDateTime,
    n: usize,
) -> Vec<NaiveDateTime> {
    availability
        .days
        .iter()
        .flat_map(|d| &d.slots)
        .filter(|s| s.status == SlotStatus::Open && s.seats_left > 0 && s.starts_at > after)
        .map(|s| s.starts_at)
        .take(n)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn one_per_item_and_day_three_in_all() {
        let limits = BookingLimits::default();
        let one = [("id-card", d("2026-11-25"))];
        assert_eq!(may_book(&limits, Held::default()), Ok(()));
        assert_eq!(
            may_book(&limits, Held::of(&one, "id-card", d("2026-11-25"))),
            Err(LimitRefusal::SameItemSameDay)
        );
        assert_eq!(
            may_book(&limits, Held::of(&one, "id-card", d("2026-11-26"))),
            Ok(())
        );
        assert_eq!(
            may_book(&limits, Held::of(&one, "dibao", d("2026-11-25"))),
            Ok(())
        );
        let three = [
            ("id-card", d("2026-11-25")),
            ("dibao", d("2026-11-25")),
            ("id-card", d("2026-11-27")),
        ];
        assert_eq!(
            may_book(&limits, Held::of(&three, "vaccination", d("2026-11-30"))),
            Err(LimitRefusal::TooMany)
        );
        let generous = BookingLimits {
            per_item_per_day: 2,
            active: 5,
        };
        assert_eq!(
            may_book(&generous, Held::of(&three, "id-card", d("2026-11-25"))),
            Ok(())
        );
    }

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn three_no_shows_within_ninety_days_bar_booking_for_thirty() {
        let rule = NoShowRule::default();
        let now = at("2026-06-10 09:00");
        let two = [at("2026-05-01 09:00"), at("2026-06-01 09:00")];
        assert_eq!(barred_until(&rule, &two, now), None, "two are not enough");
        let three = [
            at("2026-06-01 09:00"),
            at("2026-04-01 09:00"),
            at("2026-05-01 09:00"),
        ];
        assert_eq!(
            barred_until(&rule, &three, now),
            Some(at("2026-07-01 09:00")),
            "30 days after the last, whatever the order"
        );
        assert_eq!(
            barred_until(&rule, &three, at("2026-07-01 09:00")),
            None,
            "the bar ends"
        );
        let spread = [
            at("2026-01-01 09:00"),
            at("2026-03-01 09:00"),
            at("2026-06-01 09:00"),
        ];
        assert_eq!(
            barred_until(&rule, &spread, now),
            None,
            "151 days apart: not within 90"
        );
        let strict = NoShowRule {
            limit: 2,
            window: TimeDelta::days(10),
            ban: TimeDelta::days(7),
        };
        let two_close = [at("2026-06-01 09:00"), at("2026-06-05 09:00")];
        assert_eq!(
            barred_until(&strict, &two_close, now),
            Some(at("2026-06-12 09:00"))
        );
        let off = NoShowRule { limit: 0, ..strict };
        assert_eq!(barred_until(&off, &two_close, now), None);
    }

    #[test]
    fn a_freed_seat_goes_to_the_first_in_line_else_waits_out_the_delay() {
        let rules = SeatRules::default();
        let now = at("2026-06-10 09:00");
        assert_eq!(
            freed_seat(&rules, Some(7), true, now),
            FreedSeat::HoldFor {
                entry: 7,
                until: at("2026-06-10 09:15")
            }
        );
        assert_eq!(
            freed_seat(&rules, None, true, now),
            FreedSeat::Delay {
                until: at("2026-06-10 09:05")
            }
        );
        assert_eq!(
            freed_seat(&rules, None, false, now),
            FreedSeat::Release,
            "a hold or delay that ran out with nobody in line"
        );
        let no_delay = SeatRules {
            cancel_delay: TimeDelta::zero(),
            ..rules
        };
        assert_eq!(freed_seat(&no_delay, None, true, now), FreedSeat::Release);
    }

    #[test]
    fn only_a_full_day_or_slot_can_be_waited_for() {
        assert_eq!(may_wait(&[(true, 0), (true, 0)]), Ok(()));
        assert_eq!(
            may_wait(&[(false, 2), (true, 0)]),
            Ok(()),
            "a slot past its cut-off does not count"
        );
        assert_eq!(
            may_wait(&[(true, 0), (true, 1)]),
            Err(WaitRefusal::SeatsLeft)
        );
        assert_eq!(may_wait(&[(false, 0)]), Err(WaitRefusal::NothingToWaitFor));
        assert_eq!(may_wait(&[]), Err(WaitRefusal::NothingToWaitFor));
    }

    #[test]
    fn after_a_full_slot_the_next_free_ones_are_offered() {
        use crate::api::appointments::{AvailabilityDay, AvailabilitySlot, DayStatus};
        let slot = |t: &str, left, status| AvailabilitySlot {
            starts_at: at(t),
            ends_at: at(t) + chrono::TimeDelta::minutes(15),
            seats: 2,
            seats_left: left,
            status,
        };
        let a = Availability {
            point: crate::ids::PointId::parse("p").unwrap(),
            item: crate::ids::ItemId::parse("i").unwrap(),
            schedule: "s".into(),
            today: d("2026-11-24"),
            last_bookable: d("2026-12-08"),
            cutoff_minutes: 60,
            days: vec![
                AvailabilityDay {
                    date: d("2026-11-24"),
                    status: DayStatus::Open,
                    closed: None,
                    slots: vec![
                        slot("2026-11-24 09:00", 2, SlotStatus::PastCutoff),
                        slot("2026-11-24 11:00", 0, SlotStatus::Full),
                        slot("2026-11-24 11:15", 1, SlotStatus::Open),
                    ],
                },
                AvailabilityDay {
                    date: d("2026-11-25"),
                    status: DayStatus::Open,
                    closed: None,
                    slots: vec![
                        slot("2026-11-25 09:00", 2, SlotStatus::Open),
                        slot("2026-11-25 09:15", 1, SlotStatus::Open),
                    ],
                },
            ],
        };
        assert_eq!(
            next_open_slots(&a, at("2026-11-24 11:00"), 2),
            vec![at("2026-11-24 11:15"), at("2026-11-25 09:00")],
            "the full slot, and those past the cut-off, are skipped"
        );
        assert_eq!(next_open_slots(&a, at("2026-11-25 09:15"), 3), vec![]);
    }
}

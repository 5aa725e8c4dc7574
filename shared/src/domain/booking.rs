//! Limits against hoarding and bots: one active booking per number per item per day, and a few
//! active bookings per number in all (both configurable).

use chrono::{NaiveDate, NaiveDateTime};

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

    #[test]
    fn after_a_full_slot_the_next_free_ones_are_offered() {
        use crate::api::appointments::{AvailabilityDay, AvailabilitySlot, DayStatus};
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
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

//! Limits against hoarding and bots: one active booking per number per item per day, and a few
//! active bookings per number in all (both configurable).

use chrono::NaiveDate;

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

/// Whether one more booking of `item` on `date` is allowed, given the number's active
/// bookings (item, date) whose slots have not begun.
pub fn may_book(
    limits: &BookingLimits,
    active: &[(&str, NaiveDate)],
    item: &str,
    date: NaiveDate,
) -> Result<(), LimitRefusal> {
    let same = active
        .iter()
        .filter(|(i, d)| *i == item && *d == date)
        .count() as u32;
    if same >= limits.per_item_per_day {
        return Err(LimitRefusal::SameItemSameDay);
    }
    if active.len() as u32 >= limits.active {
        return Err(LimitRefusal::TooMany);
    }
    Ok(())
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
        assert_eq!(may_book(&limits, &[], "id-card", d("2026-11-25")), Ok(()));
        assert_eq!(
            may_book(&limits, &one, "id-card", d("2026-11-25")),
            Err(LimitRefusal::SameItemSameDay)
        );
        assert_eq!(may_book(&limits, &one, "id-card", d("2026-11-26")), Ok(()));
        assert_eq!(may_book(&limits, &one, "dibao", d("2026-11-25")), Ok(()));
        let three = [
            ("id-card", d("2026-11-25")),
            ("dibao", d("2026-11-25")),
            ("id-card", d("2026-11-27")),
        ];
        assert_eq!(
            may_book(&limits, &three, "vaccination", d("2026-11-30")),
            Err(LimitRefusal::TooMany)
        );
        let generous = BookingLimits {
            per_item_per_day: 2,
            active: 5,
        };
        assert_eq!(
            may_book(&generous, &three, "id-card", d("2026-11-25")),
            Ok(())
        );
    }
}

//! The working-day calendar: public holidays and adjusted working days (调休上班) as data.
//!
//! A working day is Monday to Friday, minus the days off of a holiday, plus the extra working
//! days the State Council announces with them. The days themselves are rows of the
//! `holiday_calendar` table (seeded with 2026, extended by a platform admin when next year's
//! notice comes out); this module only decides, given those rows, what a date is. Deadlines in
//! working days (限时办结) and the appointment calendar both ask it.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::hours::Weekday;

/// What a calendar row says about its date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// A day off of a public holiday (放假): no appointments, whatever the weekday.
    Holiday,
    /// A weekend day worked in exchange (调休上班): opens like the weekday in `works_as`.
    Workday,
}

impl DayKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DayKind::Holiday => "holiday",
            DayKind::Workday => "workday",
        }
    }

    pub fn parse(text: &str) -> Option<DayKind> {
        match text {
            "holiday" => Some(DayKind::Holiday),
            "workday" => Some(DayKind::Workday),
            _ => None,
        }
    }
}

/// One row of the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub kind: DayKind,
    /// The holiday's name (国庆节), also on its adjusted working days.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// For an adjusted working day: whose weekday's hours and appointment templates apply
    /// (Monday when the notice does not say).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub works_as: Option<Weekday>,
}

/// What a date is for opening hours and appointments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayRule<'a> {
    /// An ordinary day: its own weekday's hours (a weekend day is a weekend day).
    Ordinary(Weekday),
    /// A holiday's day off: closed.
    Holiday(&'a CalendarDay),
    /// An adjusted working day: opens like the given weekday.
    Adjusted(Weekday, &'a CalendarDay),
}

impl DayRule<'_> {
    /// The weekday whose hours and templates apply; `None` on a holiday.
    pub fn opens_as(&self) -> Option<Weekday> {
        match self {
            DayRule::Ordinary(day) | DayRule::Adjusted(day, _) => Some(*day),
            DayRule::Holiday(_) => None,
        }
    }
}

/// The calendar's rows by date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    days: BTreeMap<NaiveDate, CalendarDay>,
}

impl Calendar {
    /// A calendar of these rows; for a date given twice, the last row wins.
    pub fn new(days: impl IntoIterator<Item = CalendarDay>) -> Calendar {
        Calendar {
            days: days.into_iter().map(|d| (d.date, d)).collect(),
        }
    }

    pub fn days(&self) -> impl Iterator<Item = &CalendarDay> {
        self.days.values()
    }

    /// What `date` is.
    pub fn rule(&self, date: NaiveDate) -> DayRule<'_> {
        match self.days.get(&date) {
            Some(day) if day.kind == DayKind::Holiday => DayRule::Holiday(day),
            Some(day) => DayRule::Adjusted(day.works_as.unwrap_or(Weekday::Mon), day),
            None => DayRule::Ordinary(Weekday::of(date)),
        }
    }

    /// Monday to Friday, minus holidays, plus adjusted working days.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        match self.rule(date) {
            DayRule::Holiday(_) => false,
            DayRule::Adjusted(..) => true,
            DayRule::Ordinary(day) => !matches!(day, Weekday::Sat | Weekday::Sun),
        }
    }

    /// The date `n` working days after `date` (a time limit of 限时办结 counted from it);
    /// `n = 0` is `date` itself.
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut at = date;
        let mut left = n;
        while left > 0 {
            at = at.succ_opt().expect("dates stay far from the end of time");
            if self.is_working_day(at) {
                left -= 1;
            }
        }
        at
    }
}

/// Problems with a calendar row, for the admin's edit and the seed's test.
pub fn day_problems(day: &CalendarDay) -> Vec<String> {
    let mut problems = Vec::new();
    if day.name.trim().is_empty() {
        problems.push("the holiday's name is empty".to_owned());
    }
    match day.kind {
        DayKind::Holiday if day.works_as.is_some() => {
            problems.push("a holiday has no `works_as` weekday".to_owned())
        }
        DayKind::Workday => {
            if matches!(day.works_as, Some(Weekday::Sat | Weekday::Sun)) {
                problems.push("an adjusted working day works as a weekday, Mon-Fri".to_owned());
            }
        }
        _ => {}
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn day(date: &str, kind: DayKind, name: &str) -> CalendarDay {
        CalendarDay {
            date: d(date),
            kind,
            name: name.to_owned(),
            name_en: None,
            works_as: None,
        }
    }

    /// National Day 2026 as the State Council set it: 1-7 October off, Sunday 20 September and
    /// Saturday 10 October worked.
    fn national_day() -> Calendar {
        let mut days: Vec<CalendarDay> = (1..=7)
            .map(|n| day(&format!("2026-10-{n:02}"), DayKind::Holiday, "国庆节"))
            .collect();
        days.push(day("2026-09-20", DayKind::Workday, "国庆节"));
        days.push(CalendarDay {
            works_as: Some(Weekday::Fri),
            ..day("2026-10-10", DayKind::Workday, "国庆节")
        });
        Calendar::new(days)
    }

    #[test]
    fn weekdays_work_weekends_rest_holidays_rest_adjusted_days_work() {
        let cal = national_day();
        assert!(cal.is_working_day(d("2026-11-24")), "an ordinary Tuesday");
        assert!(!cal.is_working_day(d("2026-11-28")), "an ordinary Saturday");
        assert!(
            !cal.is_working_day(d("2026-10-05")),
            "a Monday off for 国庆"
        );
        assert!(
            cal.is_working_day(d("2026-09-20")),
            "a Sunday worked (调休)"
        );
        assert!(
            cal.is_working_day(d("2026-10-10")),
            "a Saturday worked (调休)"
        );
        assert!(
            Calendar::default().is_working_day(d("2026-10-05")),
            "without the row it is a Monday"
        );
    }

    #[test]
    fn an_adjusted_day_opens_as_its_weekday_a_holiday_not_at_all() {
        let cal = national_day();
        assert_eq!(cal.rule(d("2026-09-20")).opens_as(), Some(Weekday::Mon));
        assert_eq!(cal.rule(d("2026-10-10")).opens_as(), Some(Weekday::Fri));
        assert_eq!(cal.rule(d("2026-10-03")).opens_as(), None);
        assert_eq!(cal.rule(d("2026-11-28")).opens_as(), Some(Weekday::Sat));
        assert!(matches!(cal.rule(d("2026-10-03")), DayRule::Holiday(h) if h.name == "国庆节"));
    }

    #[test]
    fn working_days_are_counted_across_holidays_and_adjusted_days() {
        let cal = national_day();
        // Friday 25 September + 3 working days: Mon 28, Tue 29, Wed 30.
        assert_eq!(cal.add_working_days(d("2026-09-25"), 3), d("2026-09-30"));
        // Wed 30 September + 1: past the holiday, Thursday 8 October.
        assert_eq!(cal.add_working_days(d("2026-09-30"), 1), d("2026-10-08"));
        // Then Fri 9, Sat 10 (worked), Mon 12.
        assert_eq!(cal.add_working_days(d("2026-09-30"), 3), d("2026-10-10"));
        assert_eq!(cal.add_working_days(d("2026-09-30"), 4), d("2026-10-12"));
        // Friday 18 September + 1: Sunday 20th is worked.
        assert_eq!(cal.add_working_days(d("2026-09-18"), 1), d("2026-09-20"));
        assert_eq!(cal.add_working_days(d("2026-09-18"), 0), d("2026-09-18"));
    }

    #[test]
    fn rows_that_make_no_sense_are_named() {
        assert!(day_problems(&day("2026-10-01", DayKind::Holiday, "国庆节")).is_empty());
        assert_eq!(
            day_problems(&day("2026-10-01", DayKind::Holiday, " ")).len(),
            1
        );
        let weekend_as_weekend = CalendarDay {
            works_as: Some(Weekday::Sun),
            ..day("2026-09-20", DayKind::Workday, "国庆节")
        };
        assert_eq!(day_problems(&weekend_as_weekend).len(), 1);
        assert_eq!(DayKind::parse("workday"), Some(DayKind::Workday));
        assert_eq!(
            DayKind::parse(DayKind::Holiday.as_str()),
            Some(DayKind::Holiday)
        );
        assert_eq!(DayKind::parse("weekend"), None);
    }
}

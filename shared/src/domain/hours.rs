//! Opening hours: clock times, weekdays, and whether a point is open at a given moment.
//!
//! Times are local to the point. Linli serves mainland China, which has one time zone (UTC+8)
//! and no daylight saving, so "local" is a fixed offset; see [`china_now`] on the server side.

use std::fmt;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::directory::{Break, Closure, HoursRule};

/// A time of day in minutes after midnight, written `HH:MM`. `24:00` is allowed as a closing time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClockTime(u16);

impl ClockTime {
    pub const MIDNIGHT: ClockTime = ClockTime(0);
    pub const END_OF_DAY: ClockTime = ClockTime(24 * 60);

    pub fn from_hm(hour: u16, minute: u16) -> Option<ClockTime> {
        let total = hour.checked_mul(60)?.checked_add(minute)?;
        (minute < 60 && total <= 24 * 60).then_some(ClockTime(total))
    }

    pub fn minutes(self) -> u16 {
        self.0
    }

    /// Parses `HH:MM` (two digits each).
    pub fn parse(s: &str) -> Option<ClockTime> {
        let (h, m) = s.split_once(':')?;
        if h.len() != 2 || m.len() != 2 {
            return None;
        }
        ClockTime::from_hm(h.parse().ok()?, m.parse().ok()?)
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl Serialize for ClockTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        ClockTime::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("invalid time {s:?}: expected HH:MM, 00:00-24:00"))
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    pub fn of(date: NaiveDate) -> Weekday {
        Weekday::ALL[date.weekday().num_days_from_monday() as usize]
    }
}

/// One open stretch of a day, `from` included, `to` excluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenInterval {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "08:30"))]
    pub from: ClockTime,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "12:00"))]
    pub to: ClockTime,
}

/// The open intervals of one weekday, in order, breaks cut out. Empty when closed all day.
pub fn intervals_on(hours: &[HoursRule], day: Weekday) -> Vec<OpenInterval> {
    let mut out = Vec::new();
    for rule in hours.iter().filter(|r| r.days.contains(&day)) {
        let mut start = rule.opens;
        let mut breaks: Vec<_> = rule.breaks.iter().collect();
        breaks.sort_by_key(|b| b.from);
        for b in breaks {
            if b.from > start {
                out.push(OpenInterval {
                    from: start,
                    to: b.from.min(rule.closes),
                });
            }
            start = start.max(b.to);
        }
        if rule.closes > start {
            out.push(OpenInterval {
                from: start,
                to: rule.closes,
            });
        }
    }
    out.sort_by_key(|i| i.from);
    out
}

/// Minutes open on one weekday (used to check the plans' "at least 8 hours a day").
pub fn open_minutes_on(hours: &[HoursRule], day: Weekday) -> u32 {
    intervals_on(hours, day)
        .iter()
        .map(|i| u32::from(i.to.minutes() - i.from.minutes()))
        .sum()
}

/// The closure in force on `date`, if any.
pub fn closure_on(closures: &[Closure], date: NaiveDate) -> Option<&Closure> {
    closures.iter().find(|c| c.from <= date && date <= c.to)
}

/// Whether a point with these hours and closures is open at local time `at`.
/// Called for every point when searching with "open now", so it allocates nothing.
pub fn is_open_at(hours: &[HoursRule], closures: &[Closure], at: NaiveDateTime) -> bool {
    let date = at.date();
    if closure_on(closures, date).is_some() {
        return false;
    }
    let day = Weekday::of(date);
    let minute = ClockTime((at.hour() * 60 + at.minute()) as u16);
    hours.iter().any(|rule| {
        rule.days.contains(&day)
            && rule.opens <= minute
            && minute < rule.closes
            && !rule
                .breaks
                .iter()
                .any(|b| b.from <= minute && minute < b.to)
    })
}

/// How far ahead [`next_opening`] looks.
pub const LOOKAHEAD_DAYS: u32 = 14;

/// When a point that is closed at `at` next opens, within [`LOOKAHEAD_DAYS`]; `None` when it is
/// open now or stays closed that long.
pub fn next_opening(
    hours: &[HoursRule],
    closures: &[Closure],
    at: NaiveDateTime,
) -> Option<NaiveDateTime> {
    if is_open_at(hours, closures, at) {
        return None;
    }
    let now = ClockTime((at.hour() * 60 + at.minute()) as u16);
    (0..=LOOKAHEAD_DAYS).find_map(|offset| {
        let date = at.date() + chrono::Days::new(u64::from(offset));
        if closure_on(closures, date).is_some() {
            return None;
        }
        intervals_on(hours, Weekday::of(date))
            .into_iter()
            .map(|i| i.from)
            .find(|from| offset > 0 || *from > now)
            .and_then(|from| {
                date.and_hms_opt(
                    u32::from(from.minutes() / 60),
                    u32::from(from.minutes() % 60),
                    0,
                )
            })
    })
}

/// When a closed point next opens, as a resident reads it: today, tomorrow, or a later date
/// (always with the time). "下次开门 11-25 08:30" made a resident work out that it meant this
/// afternoon; "今天 13:00 开门" does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpensNext {
    Today(ClockTime),
    Tomorrow(ClockTime),
    /// Later than tomorrow: the date (its weekday is `Weekday::of`) and the time.
    On(NaiveDate, ClockTime),
}

/// Which day `next` (a [`next_opening`]) falls on, seen from `today` (both local to the point).
/// A `next` before `today` (a stale answer) reads as its own date, never as "today".
pub fn opens_next_day(today: NaiveDate, next: NaiveDateTime) -> OpensNext {
    let time = ClockTime((next.hour() * 60 + next.minute()) as u16);
    let date = next.date();
    if date == today {
        OpensNext::Today(time)
    } else if today.succ_opt() == Some(date) {
        OpensNext::Tomorrow(time)
    } else {
        OpensNext::On(date, time)
    }
}

/// Whether a break starts before it ends, strictly inside the opening hours.
pub fn break_inside(b: &Break, opens: ClockTime, closes: ClockTime) -> bool {
    b.from < b.to && b.from > opens && b.to < closes
}

/// Problems with one hours rule, as human-readable reasons (empty when fine).
pub fn rule_problems(rule: &HoursRule) -> Vec<String> {
    let mut problems = Vec::new();
    if rule.days.is_empty() {
        problems.push("no weekdays given".to_owned());
    }
    if rule.opens >= rule.closes {
        problems.push(format!(
            "opens at {} but closes at {}",
            rule.opens, rule.closes
        ));
    }
    for b in &rule.breaks {
        if !break_inside(b, rule.opens, rule.closes) {
            problems.push(format!(
                "break {}-{} is not inside {}-{}",
                b.from, b.to, rule.opens, rule.closes
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> ClockTime {
        ClockTime::parse(s).unwrap()
    }

    fn weekday_rule() -> HoursRule {
        HoursRule {
            days: vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            opens: t("08:30"),
            closes: t("17:30"),
            breaks: vec![Break {
                from: t("12:00"),
                to: t("13:00"),
            }],
        }
    }

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn clock_time_parses_and_prints() {
        assert_eq!(t("08:05").minutes(), 485);
        assert_eq!(t("24:00"), ClockTime::END_OF_DAY);
        assert_eq!(t("17:30").to_string(), "17:30");
        for bad in ["8:30", "24:01", "12:60", "ab:cd", "", "12"] {
            assert_eq!(ClockTime::parse(bad), None, "{bad} should not parse");
        }
    }

    #[test]
    fn lunch_break_splits_the_day() {
        let intervals = intervals_on(&[weekday_rule()], Weekday::Tue);
        assert_eq!(
            intervals,
            vec![
                OpenInterval {
                    from: t("08:30"),
                    to: t("12:00")
                },
                OpenInterval {
                    from: t("13:00"),
                    to: t("17:30")
                }
            ]
        );
        assert_eq!(open_minutes_on(&[weekday_rule()], Weekday::Tue), 8 * 60);
        assert!(intervals_on(&[weekday_rule()], Weekday::Sun).is_empty());
    }

    #[test]
    fn open_now_respects_hours_breaks_and_closures() {
        let hours = [weekday_rule()];
        let national_day = [Closure {
            from: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
            to: NaiveDate::from_ymd_opt(2026, 10, 7).unwrap(),
            reason: "国庆节".into(),
            reason_en: None,
        }];
        // 2026-11-24 is a Tuesday.
        assert!(is_open_at(&hours, &national_day, at("2026-11-24 08:30")));
        assert!(!is_open_at(&hours, &national_day, at("2026-11-24 08:29")));
        assert!(!is_open_at(&hours, &national_day, at("2026-11-24 12:30")));
        assert!(!is_open_at(&hours, &national_day, at("2026-11-24 17:30")));
        assert!(!is_open_at(&hours, &national_day, at("2026-11-29 10:00")));
        // 2026-10-06 is a Tuesday inside the closure.
        assert!(!is_open_at(&hours, &national_day, at("2026-10-06 10:00")));
        assert!(is_open_at(&hours, &national_day, at("2026-10-08 10:00")));
    }

    #[test]
    fn next_opening_skips_breaks_nights_weekends_and_closures() {
        let hours = [weekday_rule()];
        let closures = [Closure {
            from: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
            to: NaiveDate::from_ymd_opt(2026, 10, 7).unwrap(),
            reason: "国庆节".into(),
            reason_en: None,
        }];
        let next = |s| next_opening(&hours, &closures, at(s));
        assert_eq!(next("2026-11-24 10:00"), None, "open now");
        assert_eq!(
            next("2026-11-24 12:15"),
            Some(at("2026-11-24 13:00")),
            "after lunch"
        );
        assert_eq!(
            next("2026-11-24 07:00"),
            Some(at("2026-11-24 08:30")),
            "this morning"
        );
        assert_eq!(
            next("2026-11-24 18:00"),
            Some(at("2026-11-25 08:30")),
            "tomorrow"
        );
        assert_eq!(
            next("2026-11-27 18:00"),
            Some(at("2026-11-30 08:30")),
            "after the weekend"
        );
        assert_eq!(
            next("2026-09-30 18:00"),
            Some(at("2026-10-08 08:30")),
            "after the holiday"
        );
        assert_eq!(
            next_opening(&[], &[], at("2026-11-24 10:00")),
            None,
            "never opens"
        );
    }

    #[test]
    fn the_next_opening_reads_as_today_tomorrow_or_a_date() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        assert_eq!(
            opens_next_day(today, at("2026-11-24 13:00")),
            OpensNext::Today(t("13:00"))
        );
        assert_eq!(
            opens_next_day(today, at("2026-11-25 08:30")),
            OpensNext::Tomorrow(t("08:30"))
        );
        assert_eq!(
            opens_next_day(today, at("2026-11-30 08:30")),
            OpensNext::On(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(), t("08:30"))
        );
        // Across a month's and a year's end.
        let new_year_eve = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        assert_eq!(
            opens_next_day(new_year_eve, at("2027-01-01 09:00")),
            OpensNext::Tomorrow(t("09:00"))
        );
        // An answer from yesterday is not "today".
        assert_eq!(
            opens_next_day(today, at("2026-11-23 08:30")),
            OpensNext::On(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), t("08:30"))
        );
        // What the point page is given: the server's next opening, seen from its own today.
        let hours = [weekday_rule()];
        let lunch = at("2026-11-24 12:15");
        let next = next_opening(&hours, &[], lunch).unwrap();
        assert_eq!(
            opens_next_day(lunch.date(), next),
            OpensNext::Today(t("13:00"))
        );
        let evening = at("2026-11-24 18:00");
        let next = next_opening(&hours, &[], evening).unwrap();
        assert_eq!(
            opens_next_day(evening.date(), next),
            OpensNext::Tomorrow(t("08:30"))
        );
    }

    #[test]
    fn bad_rules_are_named() {
        let mut rule = weekday_rule();
        rule.opens = t("18:00");
        assert!(!rule_problems(&rule).is_empty());
        let mut rule = weekday_rule();
        rule.breaks[0].to = t("19:00");
        assert_eq!(rule_problems(&rule).len(), 1);
        assert!(rule_problems(&weekday_rule()).is_empty());
    }
}

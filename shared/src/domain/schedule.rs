//! Appointment schedules (预约办理) and the slots they give, as plain data and pure functions.
//!
//! A schedule belongs to one service point and serves one or more of its items (a group of
//! windows serving several items shares its seats). Its weekly sessions say when appointments
//! run (`08:30-12:00`, 30-minute slots, 3 seats = 3 open windows); dated exceptions replace a
//! day's sessions or cancel the day; the booking horizon (days ahead) and the cut-off before a
//! slot (minutes) limit when a slot can be booked. On top of it the point's own opening hours,
//! breaks and closures and the holiday calendar apply: no slot on a holiday, in a closure, or
//! outside the hours; an adjusted working day (调休) opens like the weekday it works as.
//!
//! Schedules are kept beside the directory, not in the directory file: see
//! docs/DIRECTORY_FORMAT.md, *Appointment schedules*.

use std::collections::HashSet;

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use serde::{Deserialize, Serialize};

use crate::directory::{Channel, Closure, DirectoryFile, HoursRule};
use crate::domain::calendar::{Calendar, DayRule};
use crate::domain::hours::{ClockTime, Weekday, closure_on, intervals_on};
use crate::ids::{ItemId, PointId};

/// The `format` tag of a schedules file.
pub const SCHEDULES_FORMAT_TAG: &str = "linli-schedules/1";
pub const DEFAULT_HORIZON_DAYS: u32 = 14;
pub const DEFAULT_CUTOFF_MINUTES: u32 = 60;
/// Most days one availability request covers.
pub const MAX_RANGE_DAYS: u32 = 31;

fn default_horizon() -> u32 {
    DEFAULT_HORIZON_DAYS
}

fn default_cutoff() -> u32 {
    DEFAULT_CUTOFF_MINUTES
}

/// A whole schedules file (`linli-schedules/1`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchedulesFile {
    pub format: String,
    pub schedules: Vec<Schedule>,
}

/// The appointments of a group of windows at one point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// Unique within its point, e.g. `social-security-windows`.
    pub id: String,
    pub point: PointId,
    /// The items booked here; they share the seats.
    pub items: Vec<ItemId>,
    /// When appointments run, by weekday.
    pub weekly: Vec<Session>,
    /// Dated changes: a day's own sessions, or none (cancelled, with a reason).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exceptions: Vec<ScheduleException>,
    /// How many days after today can be booked (default 14).
    #[serde(default = "default_horizon")]
    pub horizon_days: u32,
    /// Booking closes this many minutes before a slot starts (default 60).
    #[serde(default = "default_cutoff")]
    pub cutoff_minutes: u32,
}

/// A run of equal slots on some weekdays: `from` to `to` cut into `slot_minutes`, each with
/// `seats` seats.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// Left out in an exception (it is for its date).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub days: Vec<Weekday>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "08:30"))]
    pub from: ClockTime,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "12:00"))]
    pub to: ClockTime,
    pub slot_minutes: u16,
    pub seats: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ScheduleException {
    pub date: NaiveDate,
    /// The day's sessions instead of the weekly ones; empty: no appointments that day.
    #[serde(default)]
    pub sessions: Vec<Session>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_en: Option<String>,
}

/// Why a day has no bookable slots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ClosedReason {
    /// Before today.
    Past,
    /// After the booking horizon.
    BeyondHorizon,
    /// A public holiday's day off.
    Holiday {
        name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name_en: Option<String>,
    },
    /// The point is closed that day.
    Closure {
        reason: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason_en: Option<String>,
    },
    /// The schedule cancels the day.
    Cancelled {
        reason: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason_en: Option<String>,
    },
    /// No appointments on this weekday (or none inside the point's hours).
    NoSessions,
}

/// Whether a slot can still be booked (seats aside).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SlotTiming {
    Open,
    /// The cut-off before the slot has passed (or the slot has begun).
    PastCutoff,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedSlot {
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub seats: u32,
    pub timing: SlotTiming,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayPlan {
    pub date: NaiveDate,
    /// `Some` when the day has no slots.
    pub closed: Option<ClosedReason>,
    pub slots: Vec<PlannedSlot>,
}

/// Where a schedule's point is: its hours and closures.
#[derive(Debug, Clone, Copy)]
pub struct PointHours<'a> {
    pub hours: &'a [HoursRule],
    pub closures: &'a [Closure],
}

/// The last date that can be booked at local time `now`.
pub fn last_bookable_date(schedule: &Schedule, now: NaiveDateTime) -> NaiveDate {
    now.date() + Days::new(u64::from(schedule.horizon_days))
}

/// One day's slots by the schedule, the point's hours and closures and the calendar, at `now`.
pub fn plan_day(
    schedule: &Schedule,
    point: PointHours<'_>,
    calendar: &Calendar,
    now: NaiveDateTime,
    date: NaiveDate,
) -> DayPlan {
    let closed = |reason| DayPlan {
        date,
        closed: Some(reason),
        slots: Vec::new(),
    };
    if date < now.date() {
        return closed(ClosedReason::Past);
    }
    if date > last_bookable_date(schedule, now) {
        return closed(ClosedReason::BeyondHorizon);
    }
    if let Some(c) = closure_on(point.closures, date) {
        return closed(ClosedReason::Closure {
            reason: c.reason.clone(),
            reason_en: c.reason_en.clone(),
        });
    }
    let weekday = match calendar.rule(date) {
        DayRule::Holiday(day) => {
            return closed(ClosedReason::Holiday {
                name: day.name.clone(),
                name_en: day.name_en.clone(),
            });
        }
        rule => rule.opens_as().expect("only a holiday does not open"),
    };
    let sessions: Vec<&Session> = match schedule.exceptions.iter().find(|e| e.date == date) {
        Some(e) if e.sessions.is_empty() => {
            return closed(ClosedReason::Cancelled {
                reason: e.reason.clone(),
                reason_en: e.reason_en.clone(),
            });
        }
        Some(e) => e.sessions.iter().collect(),
        None => schedule
            .weekly
            .iter()
            .filter(|s| s.days.contains(&weekday))
            .collect(),
    };
    let open = intervals_on(point.hours, weekday);
    let cutoff = TimeDelta::minutes(i64::from(schedule.cutoff_minutes));
    let mut slots: Vec<PlannedSlot> = Vec::new();
    for session in sessions {
        let step = session.slot_minutes.max(1);
        let mut start = session.from.minutes();
        while start + step <= session.to.minutes() {
            let end = start + step;
            let inside = open
                .iter()
                .any(|i| i.from.minutes() <= start && end <= i.to.minutes());
            if inside {
                let start_at = at(date, start);
                slots.push(PlannedSlot {
                    start: start_at,
                    end: at(date, end),
                    seats: session.seats,
                    timing: if now <= start_at - cutoff {
                        SlotTiming::Open
                    } else {
                        SlotTiming::PastCutoff
                    },
                });
            }
            start = end;
        }
    }
    slots.sort_by_key(|s| s.start);
    slots.dedup_by_key(|s| s.start);
    if slots.is_empty() {
        return closed(ClosedReason::NoSessions);
    }
    DayPlan {
        date,
        closed: None,
        slots,
    }
}

/// Every day from `from` to `to`, both included.
pub fn plan_days(
    schedule: &Schedule,
    point: PointHours<'_>,
    calendar: &Calendar,
    now: NaiveDateTime,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<DayPlan> {
    from.iter_days()
        .take_while(|d| *d <= to)
        .map(|date| plan_day(schedule, point, calendar, now, date))
        .collect()
}

/// The slot starting at `start`, if the schedule has one that day (bookable or not).
pub fn find_slot(
    schedule: &Schedule,
    point: PointHours<'_>,
    calendar: &Calendar,
    now: NaiveDateTime,
    start: NaiveDateTime,
) -> Result<PlannedSlot, Option<ClosedReason>> {
    let plan = plan_day(schedule, point, calendar, now, start.date());
    if let Some(reason) = plan.closed {
        return Err(Some(reason));
    }
    plan.slots
        .into_iter()
        .find(|s| s.start == start)
        .ok_or(None)
}

/// `date` at `minutes` after midnight (24:00 is the next day's 00:00).
fn at(date: NaiveDate, minutes: u16) -> NaiveDateTime {
    date.and_time(NaiveTime::MIN) + TimeDelta::minutes(i64::from(minutes))
}

/// Every problem with a schedules file against the directory it serves, each as
/// `schedules[i] (id): reason`.
pub fn schedules_problems(file: &SchedulesFile, directory: &DirectoryFile) -> Vec<String> {
    let mut problems = Vec::new();
    if file.format != SCHEDULES_FORMAT_TAG {
        problems.push(format!(
            "format: expected {SCHEDULES_FORMAT_TAG:?}, found {:?}",
            file.format
        ));
    }
    let mut ids = HashSet::new();
    let mut booked_items = HashSet::new();
    for (i, s) in file.schedules.iter().enumerate() {
        let place = format!("schedules[{i}] ({})", s.id);
        let mut say = |reason: String| problems.push(format!("{place}: {reason}"));
        if crate::ids::PointId::parse(&s.id).is_err() {
            say("id: 1-64 of a-z, 0-9 and -".to_owned());
        }
        if !ids.insert((s.point.as_str(), s.id.as_str())) {
            say(format!("id: twice at point {:?}", s.point.as_str()));
        }
        for reason in schedule_problems(s) {
            say(reason);
        }
        let Some(point) = directory.points.iter().find(|p| p.id == s.point) else {
            say(format!("point: unknown point {:?}", s.point.as_str()));
            continue;
        };
        for item_id in &s.items {
            if !booked_items.insert((s.point.as_str(), item_id.as_str())) {
                say(format!(
                    "items: {:?} is in two schedules of this point",
                    item_id.as_str()
                ));
            }
            match directory.items.iter().find(|it| it.id == *item_id) {
                None => say(format!("items: unknown item {:?}", item_id.as_str())),
                Some(item) if !item.channels.contains(&Channel::Appointment) => say(format!(
                    "items: {:?} has no `appointment` channel",
                    item_id.as_str()
                )),
                Some(_) if !point.items.contains(item_id) => say(format!(
                    "items: the point does not offer {:?}",
                    item_id.as_str()
                )),
                Some(_) => {}
            }
        }
    }
    problems
}

/// Problems with one schedule on its own (ranges, sizes, sessions).
pub fn schedule_problems(s: &Schedule) -> Vec<String> {
    let mut problems = Vec::new();
    if s.items.is_empty() {
        problems.push("items: at least one".to_owned());
    }
    if !(1..=90).contains(&s.horizon_days) {
        problems.push("horizon_days: 1 to 90".to_owned());
    }
    if s.cutoff_minutes > 7 * 24 * 60 {
        problems.push("cutoff_minutes: at most a week (10080)".to_owned());
    }
    for (i, session) in s.weekly.iter().enumerate() {
        if session.days.is_empty() {
            problems.push(format!("weekly[{i}].days: at least one weekday"));
        }
        problems.extend(
            session_problems(session)
                .into_iter()
                .map(|p| format!("weekly[{i}].{p}")),
        );
    }
    let mut dates = HashSet::new();
    for (i, e) in s.exceptions.iter().enumerate() {
        if !dates.insert(e.date) {
            problems.push(format!("exceptions[{i}].date: {} twice", e.date));
        }
        if e.sessions.is_empty() && e.reason.trim().is_empty() {
            problems.push(format!(
                "exceptions[{i}].reason: a cancelled day tells residents why"
            ));
        }
        for (j, session) in e.sessions.iter().enumerate() {
            problems.extend(
                session_problems(session)
                    .into_iter()
                    .map(|p| format!("exceptions[{i}].sessions[{j}].{p}")),
            );
        }
    }
    problems
}

fn session_problems(s: &Session) -> Vec<String> {
    let mut problems = Vec::new();
    if s.from >= s.to {
        problems.push(format!("from: {} is not before {}", s.from, s.to));
    }
    if !(5..=480).contains(&s.slot_minutes) {
        problems.push("slot_minutes: 5 to 480".to_owned());
    }
    if !(1..=999).contains(&s.seats) {
        problems.push("seats: 1 to 999".to_owned());
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::Break;
    use crate::domain::calendar::{CalendarDay, DayKind};

    fn t(s: &str) -> ClockTime {
        ClockTime::parse(s).unwrap()
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    const WEEKDAYS: [Weekday; 5] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ];

    /// Weekdays 08:30-17:30 with lunch 12:00-13:00; Saturday mornings 09:00-12:00.
    fn hours() -> Vec<HoursRule> {
        vec![
            HoursRule {
                days: WEEKDAYS.to_vec(),
                opens: t("08:30"),
                closes: t("17:30"),
                breaks: vec![Break {
                    from: t("12:00"),
                    to: t("13:00"),
                }],
            },
            HoursRule {
                days: vec![Weekday::Sat],
                opens: t("09:00"),
                closes: t("12:00"),
                breaks: vec![],
            },
        ]
    }

    fn closures() -> Vec<Closure> {
        vec![Closure {
            from: d("2026-12-16"),
            to: d("2026-12-16"),
            reason: "业务培训".into(),
            reason_en: Some("Staff training".into()),
        }]
    }

    /// Weekdays: 09:00-11:00 in 30-minute slots with 2 seats, and 12:30-14:00 (the lunch
    /// break cuts the first two slots out). Tuesday only: 16:00-18:00 (past closing at 17:30).
    fn schedule() -> Schedule {
        Schedule {
            id: "windows".into(),
            point: PointId::parse("p").unwrap(),
            items: vec![ItemId::parse("id-card").unwrap()],
            weekly: vec![
                Session {
                    days: WEEKDAYS.to_vec(),
                    from: t("09:00"),
                    to: t("11:00"),
                    slot_minutes: 30,
                    seats: 2,
                },
                Session {
                    days: WEEKDAYS.to_vec(),
                    from: t("12:00"),
                    to: t("14:00"),
                    slot_minutes: 30,
                    seats: 1,
                },
                Session {
                    days: vec![Weekday::Tue],
                    from: t("16:00"),
                    to: t("18:00"),
                    slot_minutes: 60,
                    seats: 3,
                },
            ],
            exceptions: vec![
                ScheduleException {
                    date: d("2026-12-03"),
                    sessions: vec![],
                    reason: "系统升级".into(),
                    reason_en: None,
                },
                ScheduleException {
                    date: d("2026-12-04"),
                    sessions: vec![Session {
                        days: vec![],
                        from: t("14:00"),
                        to: t("15:00"),
                        slot_minutes: 20,
                        seats: 5,
                    }],
                    reason: String::new(),
                    reason_en: None,
                },
            ],
            horizon_days: DEFAULT_HORIZON_DAYS,
            cutoff_minutes: DEFAULT_CUTOFF_MINUTES,
        }
    }

    fn calendar() -> Calendar {
        let mut days: Vec<CalendarDay> = (1..=7)
            .map(|n| CalendarDay {
                date: d(&format!("2026-10-{n:02}")),
                kind: DayKind::Holiday,
                name: "国庆节".into(),
                name_en: Some("National Day".into()),
                works_as: None,
            })
            .collect();
        days.push(CalendarDay {
            date: d("2026-10-10"),
            kind: DayKind::Workday,
            name: "国庆节".into(),
            name_en: None,
            works_as: Some(Weekday::Fri),
        });
        Calendar::new(days)
    }

    fn plan(now: &str, date: &str) -> DayPlan {
        let (h, c) = (hours(), closures());
        let point = PointHours {
            hours: &h,
            closures: &c,
        };
        plan_day(&schedule(), point, &calendar(), dt(now), d(date))
    }

    fn starts(plan: &DayPlan) -> Vec<String> {
        plan.slots
            .iter()
            .map(|s| s.start.format("%H:%M").to_string())
            .collect()
    }

    #[test]
    fn a_weekday_has_its_slots_inside_the_hours_and_outside_the_breaks() {
        // Tuesday 24 November, asked the day before.
        let p = plan("2026-11-23 10:00", "2026-11-24");
        assert_eq!(p.closed, None);
        assert_eq!(
            starts(&p),
            [
                "09:00", "09:30", "10:00", "10:30", "13:00", "13:30", "16:00"
            ],
            "lunch 12:00-13:00 and 17:30 closing cut slots out"
        );
        assert_eq!(p.slots[0].seats, 2);
        assert_eq!(p.slots[4].seats, 1);
        assert_eq!(p.slots[6].seats, 3);
        assert_eq!(p.slots[6].end, dt("2026-11-24 17:00"));
        assert!(p.slots.iter().all(|s| s.timing == SlotTiming::Open));
        // Wednesday has no afternoon session of Tuesday's.
        assert_eq!(plan("2026-11-23 10:00", "2026-11-25").slots.len(), 6);
    }

    #[test]
    fn the_cut_off_closes_a_slot_an_hour_before_it_starts() {
        let p = plan("2026-11-24 09:00", "2026-11-24");
        let timing: Vec<(String, SlotTiming)> = p
            .slots
            .iter()
            .map(|s| (s.start.format("%H:%M").to_string(), s.timing))
            .collect();
        assert_eq!(timing[0], ("09:00".into(), SlotTiming::PastCutoff));
        assert_eq!(timing[1], ("09:30".into(), SlotTiming::PastCutoff));
        // 10:00 - 60 minutes = 09:00: still bookable at exactly 09:00.
        assert_eq!(timing[2], ("10:00".into(), SlotTiming::Open));
        let p = plan("2026-11-24 09:01", "2026-11-24");
        assert_eq!(p.slots[2].timing, SlotTiming::PastCutoff);
        assert_eq!(p.slots[3].timing, SlotTiming::Open);
    }

    #[test]
    fn the_horizon_ends_fourteen_days_after_today_and_the_past_is_closed() {
        // Today Tuesday 24 November: the last bookable day is Tuesday 8 December.
        assert_eq!(plan("2026-11-24 10:00", "2026-12-08").closed, None);
        assert_eq!(
            plan("2026-11-24 10:00", "2026-12-09").closed,
            Some(ClosedReason::BeyondHorizon)
        );
        assert_eq!(
            plan("2026-11-24 10:00", "2026-11-23").closed,
            Some(ClosedReason::Past)
        );
        let mut longer = schedule();
        longer.horizon_days = 30;
        let (h, c) = (hours(), closures());
        let point = PointHours {
            hours: &h,
            closures: &c,
        };
        let p = plan_day(
            &longer,
            point,
            &calendar(),
            dt("2026-11-24 10:00"),
            d("2026-12-09"),
        );
        assert_eq!(p.closed, None);
    }

    #[test]
    fn holidays_have_no_slots_and_adjusted_working_days_open_like_their_weekday() {
        for date in ["2026-10-01", "2026-10-05", "2026-10-07"] {
            assert_eq!(
                plan("2026-09-28 10:00", date).closed,
                Some(ClosedReason::Holiday {
                    name: "国庆节".into(),
                    name_en: Some("National Day".into())
                }),
                "{date}"
            );
        }
        // Saturday 10 October works as a Friday: the weekday sessions, inside Friday's hours
        // (not Saturday's 09:00-12:00).
        let p = plan("2026-09-28 10:00", "2026-10-10");
        assert_eq!(
            starts(&p),
            ["09:00", "09:30", "10:00", "10:30", "13:00", "13:30"]
        );
        // An ordinary Saturday: no Saturday sessions in the schedule.
        assert_eq!(
            plan("2026-09-28 10:00", "2026-10-03").closed,
            Some(ClosedReason::Holiday {
                name: "国庆节".into(),
                name_en: Some("National Day".into())
            })
        );
        assert_eq!(
            plan("2026-11-24 10:00", "2026-11-28").closed,
            Some(ClosedReason::NoSessions)
        );
    }

    #[test]
    fn closures_and_exceptions_change_a_day() {
        assert_eq!(
            plan("2026-12-02 10:00", "2026-12-16").closed,
            Some(ClosedReason::Closure {
                reason: "业务培训".into(),
                reason_en: Some("Staff training".into())
            })
        );
        assert_eq!(
            plan("2026-12-02 10:00", "2026-12-03").closed,
            Some(ClosedReason::Cancelled {
                reason: "系统升级".into(),
                reason_en: None
            })
        );
        let p = plan("2026-12-02 10:00", "2026-12-04");
        assert_eq!(starts(&p), ["14:00", "14:20", "14:40"]);
        assert!(p.slots.iter().all(|s| s.seats == 5));
    }

    #[test]
    fn days_are_planned_in_order_and_a_slot_is_found_by_its_start() {
        let (h, c) = (hours(), closures());
        let point = PointHours {
            hours: &h,
            closures: &c,
        };
        let now = dt("2026-11-24 10:00");
        let days = plan_days(
            &schedule(),
            point,
            &calendar(),
            now,
            d("2026-11-23"),
            d("2026-11-30"),
        );
        assert_eq!(days.len(), 8);
        assert_eq!(days[0].closed, Some(ClosedReason::Past));
        assert_eq!(days[7].date, d("2026-11-30"));
        let slot = find_slot(&schedule(), point, &calendar(), now, dt("2026-11-25 09:30"));
        assert_eq!(slot.unwrap().seats, 2);
        assert_eq!(
            find_slot(&schedule(), point, &calendar(), now, dt("2026-11-25 09:15")),
            Err(None),
            "not a slot's start"
        );
        assert_eq!(
            find_slot(&schedule(), point, &calendar(), now, dt("2026-11-28 09:00")),
            Err(Some(ClosedReason::NoSessions))
        );
    }

    #[test]
    fn bad_schedules_are_named() {
        assert!(schedule_problems(&schedule()).is_empty());
        let mut bad = schedule();
        bad.weekly[0].slot_minutes = 0;
        bad.weekly[1].from = t("15:00");
        bad.weekly[2].days.clear();
        bad.exceptions[0].reason.clear();
        bad.horizon_days = 0;
        bad.items.clear();
        let problems = schedule_problems(&bad);
        assert_eq!(problems.len(), 6, "{problems:#?}");
    }

    #[test]
    fn a_closed_reason_travels_with_its_code() {
        let json = serde_json::to_value(ClosedReason::Holiday {
            name: "国庆节".into(),
            name_en: None,
        })
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "holiday", "name": "国庆节"})
        );
        let json = serde_json::to_value(ClosedReason::BeyondHorizon).unwrap();
        assert_eq!(json, serde_json::json!({"code": "beyond_horizon"}));
    }
}

//! Complaints and suggestions (投诉建议) as a 12345 hotline works them: the case's states and
//! the one function that moves a case from one to the next (`transition`), the working-day
//! deadlines (受理 within one working day, 回复 within the subject's limit), overdue cases
//! (督办), tracking numbers, and the residents' ratings (好差评).
//!
//! ```text
//! received ─accept─▶ accepted ─dispatch─▶ dispatched ─start─▶ in_progress ─reply─▶ replied
//!                       ▲                     │ (reply)──────────────────────────────▲  │
//!                       └──── hand_back ──────┘                                      │ close
//!   rectifying ─reply────────────────────────────────────────────────────────────────┘  ▼
//!       ▲                                 rated ◀─rate─ followed_up ◀─follow_up─ closed
//!       └──── a rating of 不满意 or worse, in the first round ──┘ (rate also from replied/closed)
//! ```
//!
//! Supervision (督办) is not a step of its own: an overdue case stays where it is (it still has
//! to be accepted or answered) and is marked supervised, which puts it in the supervisor's
//! inbox. `transition` allows `Supervise` only on an open, unsupervised case, so the overdue job
//! marks each case once. A reopened case (整改) starts a new round with a new deadline, and is
//! no longer supervised; both rounds' ratings are kept. A case is reopened at most once.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::calendar::Calendar;
use crate::domain::resident::CODE_ALPHABET;

/// Longest text of a case, a note or a reply, in characters.
pub const MAX_TEXT_CHARS: usize = 4_000;
/// Longest comment with a rating, in characters.
pub const MAX_COMMENT_CHARS: usize = 500;
/// Longest address given as a case's place, in characters.
pub const MAX_ADDRESS_CHARS: usize = 200;
/// Working days to accept a case in (受理).
pub const ACCEPT_WITHIN_DAYS: u32 = 1;
/// Working days to reply in when the subject sets no limit of its own.
pub const DEFAULT_REPLY_DAYS: u32 = 15;
/// The rounds a case may have: the first, and one rectification (整改).
pub const MAX_ROUNDS: i64 = 2;

/// Writes a unit-only enum with stable snake_case wire names, `ALL`, `as_str` and `parse`.
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[doc = $doc:literal])* $variant:ident = $wire:tt,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name {
            $($(#[doc = $doc])* #[serde(rename = $wire)] $variant,)*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The stable name, as stored and sent.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire,)* }
            }

            pub fn parse(text: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.as_str() == text)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

wire_enum! {
    /// What the resident tells.
    CaseKind {
        /// 投诉
        Complaint = "complaint",
        /// 建议
        Suggestion = "suggestion",
        /// 咨询
        Consultation = "consultation",
        /// 表扬
        Praise = "praise",
    }
}

wire_enum! {
    /// What the case is about; each subject has its reply limit.
    Subject {
        /// A service item of the directory.
        ServiceItem = "service_item",
        /// A service point of the directory.
        ServicePoint = "service_point",
        /// 物业
        Property = "property",
        /// 环境卫生
        Environment = "environment",
        /// 设施
        Facilities = "facilities",
        Other = "other",
    }
}

wire_enum! {
    /// Where a case stands.
    CaseState {
        Received = "received",
        /// 受理: the front desk took it on.
        Accepted = "accepted",
        /// 调度: sent to a department.
        Dispatched = "dispatched",
        /// 办理: the department works on it.
        InProgress = "in_progress",
        /// 回复: the department answered the resident.
        Replied = "replied",
        /// 办结
        Closed = "closed",
        /// 回访: the front desk asked the resident how it went.
        FollowedUp = "followed_up",
        /// 评价
        Rated = "rated",
        /// 整改: reopened by a bad rating, waiting for a second reply.
        Rectifying = "rectifying",
    }
}

impl CaseState {
    /// Whether someone still owes the resident something (and a deadline runs).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            CaseState::Received
                | CaseState::Accepted
                | CaseState::Dispatched
                | CaseState::InProgress
                | CaseState::Rectifying
        )
    }

    /// Whether the case is with a department (which then sees it in its inbox and may work it).
    pub fn with_department(self) -> bool {
        matches!(
            self,
            CaseState::Dispatched | CaseState::InProgress | CaseState::Rectifying
        )
    }
}

/// Who moves a case: a staff role acting on it, the resident, or the overdue job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Party {
    FrontDesk,
    Department,
    Supervisor,
    Resident,
    System,
}

impl Party {
    pub fn as_str(self) -> &'static str {
        match self {
            Party::FrontDesk => "front_desk",
            Party::Department => "department",
            Party::Supervisor => "supervisor",
            Party::Resident => "resident",
            Party::System => "system",
        }
    }

    pub fn parse(text: &str) -> Option<Party> {
        [
            Party::FrontDesk,
            Party::Department,
            Party::Supervisor,
            Party::Resident,
            Party::System,
        ]
        .into_iter()
        .find(|p| p.as_str() == text)
    }
}

/// What happens to a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Accept,
    Dispatch,
    /// The department says the case is not theirs: back to the front desk.
    HandBack,
    Start,
    Reply,
    Close,
    FollowUp,
    /// The resident's rating; `reopens` when it is 不满意 or worse.
    Rate {
        reopens: bool,
    },
    /// The overdue job marks it (督办).
    Supervise,
}

impl Event {
    /// Who may cause it.
    pub fn party(self) -> Party {
        match self {
            Event::Accept | Event::Dispatch | Event::Close | Event::FollowUp => Party::FrontDesk,
            Event::HandBack | Event::Start | Event::Reply => Party::Department,
            Event::Rate { .. } => Party::Resident,
            Event::Supervise => Party::System,
        }
    }

    /// The stable name of the timeline entry it writes.
    pub fn entry_kind(self, after: CaseState) -> EntryKind {
        match self {
            Event::Accept => EntryKind::Accepted,
            Event::Dispatch => EntryKind::Dispatched,
            Event::HandBack => EntryKind::HandedBack,
            Event::Start => EntryKind::Started,
            Event::Reply => EntryKind::Replied,
            Event::Close => EntryKind::Closed,
            Event::FollowUp => EntryKind::FollowedUp,
            Event::Rate { .. } if after == CaseState::Rectifying => EntryKind::Reopened,
            Event::Rate { .. } => EntryKind::Rated,
            Event::Supervise => EntryKind::Supervised,
        }
    }
}

wire_enum! {
    /// A timeline entry's kind.
    EntryKind {
        Received = "received",
        Accepted = "accepted",
        Dispatched = "dispatched",
        HandedBack = "handed_back",
        Started = "started",
        Replied = "replied",
        Closed = "closed",
        FollowedUp = "followed_up",
        Rated = "rated",
        /// Rated 不满意 or worse: reopened for rectification.
        Reopened = "reopened",
        Supervised = "supervised",
        /// An internal note: staff only.
        Note = "note",
    }
}

impl EntryKind {
    /// Whether residents see the entry (never a note; a reply's text too, other texts not).
    pub fn is_public(self) -> bool {
        self != EntryKind::Note
    }
}

/// Where a case goes after an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub state: CaseState,
    /// The round after the event (a reopening starts the second).
    pub round: i64,
    pub supervised: bool,
}

/// Why an event cannot happen to a case as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("a case that is {0} cannot take this step")]
    WrongState(CaseState),
    #[error("the case is already supervised")]
    AlreadySupervised,
}

/// The case machine: where a case in `state`, `round`, `supervised` goes on `event`.
pub fn transition(
    state: CaseState,
    round: i64,
    supervised: bool,
    event: Event,
) -> Result<Step, Refusal> {
    use CaseState::*;
    let to = |state| {
        Ok(Step {
            state,
            round,
            supervised,
        })
    };
    match (state, event) {
        (Received, Event::Accept) => to(Accepted),
        (Accepted, Event::Dispatch) => to(Dispatched),
        (Dispatched, Event::HandBack) => to(Accepted),
        (Dispatched, Event::Start) => to(InProgress),
        (Dispatched | InProgress | Rectifying, Event::Reply) => to(Replied),
        (Replied, Event::Close) => to(Closed),
        (Closed, Event::FollowUp) => to(FollowedUp),
        (Replied | Closed | FollowedUp, Event::Rate { reopens }) => {
            if reopens && round < MAX_ROUNDS {
                Ok(Step {
                    state: Rectifying,
                    round: round + 1,
                    supervised: false,
                })
            } else {
                to(Rated)
            }
        }
        (open, Event::Supervise) if open.is_open() => {
            if supervised {
                Err(Refusal::AlreadySupervised)
            } else {
                Ok(Step {
                    state,
                    round,
                    supervised: true,
                })
            }
        }
        (state, _) => Err(Refusal::WrongState(state)),
    }
}

/// A case's deadlines (dates in China time; the deadline is the whole of that day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Deadlines {
    /// Accept by the end of this day.
    pub accept_by: NaiveDate,
    /// Reply by the end of this day; set when the case is accepted (or reopened).
    pub reply_by: Option<NaiveDate>,
}

/// The last day to accept a case received on `received`: one working day after it.
pub fn accept_by(calendar: &Calendar, received: NaiveDate) -> NaiveDate {
    calendar.add_working_days(received, ACCEPT_WITHIN_DAYS)
}

/// The last day to reply to a case accepted (or reopened) on `from`, `days` working days on.
pub fn reply_by(calendar: &Calendar, from: NaiveDate, days: u32) -> NaiveDate {
    calendar.add_working_days(from, days.max(1))
}

/// Which deadline an open case missed, as of `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overdue {
    Accept,
    Reply,
}

/// Whether a case in `state` is past a deadline on `today` (a deadline's own day is in time).
pub fn overdue(state: CaseState, deadlines: &Deadlines, today: NaiveDate) -> Option<Overdue> {
    match state {
        CaseState::Received => (today > deadlines.accept_by).then_some(Overdue::Accept),
        s if s.is_open() => deadlines
            .reply_by
            .filter(|by| today > *by)
            .map(|_| Overdue::Reply),
        _ => None,
    }
}

/// Characters in a tracking number: 21^8, about 3.8e10 numbers, of the booking codes'
/// unambiguous alphabet (no 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V).
pub const TRACKING_LEN: usize = 8;

/// A tracking number from random bytes (one byte per character).
pub fn tracking_number(random: &[u8; TRACKING_LEN]) -> String {
    random
        .iter()
        .map(|b| CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()] as char)
        .collect()
}

/// A typed tracking number as stored (capitals; spaces and hyphens dropped), or `None`.
pub fn normalize_tracking(text: &str) -> Option<String> {
    let code: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (code.len() == TRACKING_LEN && code.bytes().all(|b| CODE_ALPHABET.contains(&b))).then_some(code)
}

wire_enum! {
    /// The five levels of 好差评, best first.
    Level {
        /// 非常满意
        VerySatisfied = "very_satisfied",
        /// 满意
        Satisfied = "satisfied",
        /// 基本满意
        FairlySatisfied = "fairly_satisfied",
        /// 不满意
        Dissatisfied = "dissatisfied",
        /// 非常不满意
        VeryDissatisfied = "very_dissatisfied",
    }
}

impl Level {
    /// 5 for 非常满意 down to 1 for 非常不满意.
    pub fn score(self) -> u8 {
        match self {
            Level::VerySatisfied => 5,
            Level::Satisfied => 4,
            Level::FairlySatisfied => 3,
            Level::Dissatisfied => 2,
            Level::VeryDissatisfied => 1,
        }
    }

    /// 不满意 or worse: a 差评.
    pub fn is_bad(self) -> bool {
        self.score() <= 2
    }

    pub fn zh(self) -> &'static str {
        match self {
            Level::VerySatisfied => "非常满意",
            Level::Satisfied => "满意",
            Level::FairlySatisfied => "基本满意",
            Level::Dissatisfied => "不满意",
            Level::VeryDissatisfied => "非常不满意",
        }
    }
}

/// A case's rating: overall and on the national 好差评 dimensions of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseRating {
    pub overall: Level,
    /// 办事效率
    pub efficiency: Level,
    /// 办事便捷度
    pub convenience: Level,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl CaseRating {
    /// Whether the rating reopens the case: overall 不满意 or worse.
    pub fn reopens(&self) -> bool {
        self.overall.is_bad()
    }
}

/// Why a text is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextProblem {
    Empty,
    TooLong,
}

/// A case's text, a note or a reply as it will be stored: as given (only the ends trimmed),
/// 1 to `max` characters.
pub fn check_text(text: &str, max: usize) -> Result<&str, TextProblem> {
    let text = text.trim();
    if text.is_empty() {
        Err(TextProblem::Empty)
    } else if text.chars().count() > max {
        Err(TextProblem::TooLong)
    } else {
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::{CalendarDay, DayKind};

    const OPEN: [CaseState; 5] = [
        CaseState::Received,
        CaseState::Accepted,
        CaseState::Dispatched,
        CaseState::InProgress,
        CaseState::Rectifying,
    ];

    fn events() -> Vec<Event> {
        vec![
            Event::Accept,
            Event::Dispatch,
            Event::HandBack,
            Event::Start,
            Event::Reply,
            Event::Close,
            Event::FollowUp,
            Event::Rate { reopens: false },
            Event::Rate { reopens: true },
            Event::Supervise,
        ]
    }

    /// Every allowed move (first round, not supervised), and where it goes.
    fn allowed(state: CaseState, event: Event) -> Option<CaseState> {
        use CaseState::*;
        Some(match (state, event) {
            (Received, Event::Accept) => Accepted,
            (Accepted, Event::Dispatch) => Dispatched,
            (Dispatched, Event::HandBack) => Accepted,
            (Dispatched, Event::Start) => InProgress,
            (Dispatched | InProgress | Rectifying, Event::Reply) => Replied,
            (Replied, Event::Close) => Closed,
            (Closed, Event::FollowUp) => FollowedUp,
            (Replied | Closed | FollowedUp, Event::Rate { reopens: false }) => Rated,
            (Replied | Closed | FollowedUp, Event::Rate { reopens: true }) => Rectifying,
            (s, Event::Supervise) if OPEN.contains(&s) => s,
            _ => return None,
        })
    }

    #[test]
    fn every_state_and_event_is_allowed_or_refused_as_the_table_says() {
        let mut allowed_count = 0;
        for &state in CaseState::ALL {
            for event in events() {
                let got = transition(state, 1, false, event);
                match allowed(state, event) {
                    Some(next) => {
                        allowed_count += 1;
                        let step = got.unwrap_or_else(|e| panic!("{state} {event:?}: {e}"));
                        assert_eq!(step.state, next, "{state} {event:?}");
                        let reopened = event == Event::Rate { reopens: true };
                        assert_eq!(step.round, if reopened { 2 } else { 1 });
                        assert_eq!(step.supervised, event == Event::Supervise);
                    }
                    None => assert_eq!(
                        got,
                        Err(Refusal::WrongState(state)),
                        "{state} {event:?} must be refused"
                    ),
                }
            }
        }
        assert_eq!(allowed_count, 20);
    }

    #[test]
    fn a_bad_rating_reopens_once_and_the_second_is_kept_as_it_is() {
        let reopened = transition(
            CaseState::FollowedUp,
            1,
            true,
            Event::Rate { reopens: true },
        )
        .unwrap();
        assert_eq!(
            reopened,
            Step {
                state: CaseState::Rectifying,
                round: 2,
                supervised: false
            }
        );
        let replied = transition(reopened.state, 2, false, Event::Reply).unwrap();
        assert_eq!((replied.state, replied.round), (CaseState::Replied, 2));
        let rated = transition(CaseState::Replied, 2, false, Event::Rate { reopens: true });
        assert_eq!(rated.unwrap().state, CaseState::Rated);
        // Rated is the end: nothing moves it, not even another rating.
        for event in events() {
            assert!(transition(CaseState::Rated, 2, false, event).is_err());
        }
    }

    #[test]
    fn a_case_is_supervised_once_and_only_while_open() {
        for state in OPEN {
            assert!(transition(state, 1, false, Event::Supervise).is_ok());
            assert_eq!(
                transition(state, 1, true, Event::Supervise),
                Err(Refusal::AlreadySupervised)
            );
            // Supervised cases keep moving, and stay supervised.
            if let Some(next) = allowed(state, Event::Reply) {
                let step = transition(state, 1, true, Event::Reply).unwrap();
                assert_eq!((step.state, step.supervised), (next, true));
            }
        }
        for state in [CaseState::Replied, CaseState::Closed, CaseState::Rated] {
            assert!(transition(state, 1, false, Event::Supervise).is_err());
        }
    }

    #[test]
    fn each_event_belongs_to_one_party_and_writes_its_entry() {
        assert_eq!(Event::Accept.party(), Party::FrontDesk);
        assert_eq!(Event::Dispatch.party(), Party::FrontDesk);
        assert_eq!(Event::HandBack.party(), Party::Department);
        assert_eq!(Event::Reply.party(), Party::Department);
        assert_eq!(Event::Rate { reopens: true }.party(), Party::Resident);
        assert_eq!(Event::Supervise.party(), Party::System);
        assert_eq!(
            Event::Rate { reopens: true }.entry_kind(CaseState::Rectifying),
            EntryKind::Reopened
        );
        assert_eq!(
            Event::Rate { reopens: true }.entry_kind(CaseState::Rated),
            EntryKind::Rated
        );
        assert!(!EntryKind::Note.is_public());
        assert!(EntryKind::Replied.is_public());
        for party in [Party::FrontDesk, Party::Resident, Party::System] {
            assert_eq!(Party::parse(party.as_str()), Some(party));
        }
    }

    #[test]
    fn wire_names_are_stable_and_read_back() {
        for &s in CaseState::ALL {
            assert_eq!(CaseState::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{s}\""));
        }
        for &k in CaseKind::ALL {
            assert_eq!(CaseKind::parse(k.as_str()), Some(k));
        }
        for &s in Subject::ALL {
            assert_eq!(Subject::parse(s.as_str()), Some(s));
        }
        for &e in EntryKind::ALL {
            assert_eq!(EntryKind::parse(e.as_str()), Some(e));
        }
        assert_eq!(CaseKind::parse("rant"), None);
        assert_eq!(Subject::ALL.len(), 6);
        assert_eq!(CaseKind::ALL.len(), 4);
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// 2026's Mid-Autumn and National Day as the State Council set them: 25-27 September and
    /// 1-7 October off; Sunday 20 September and Saturday 10 October worked.
    fn autumn() -> Calendar {
        let mut days: Vec<CalendarDay> = Vec::new();
        let row = |date: String, kind| CalendarDay {
            date: d(&date),
            kind,
            name: "国庆节".into(),
            name_en: None,
            works_as: None,
        };
        for n in 25..=27 {
            days.push(row(format!("2026-09-{n}"), DayKind::Holiday));
        }
        for n in 1..=7 {
            days.push(row(format!("2026-10-0{n}"), DayKind::Holiday));
        }
        days.push(row("2026-09-20".into(), DayKind::Workday));
        days.push(row("2026-10-10".into(), DayKind::Workday));
        Calendar::new(days)
    }

    #[test]
    fn accept_within_one_working_day_across_weekends_holidays_and_adjusted_days() {
        let cal = autumn();
        // Tuesday: Wednesday.
        assert_eq!(accept_by(&cal, d("2026-11-24")), d("2026-11-25"));
        // Friday: Monday.
        assert_eq!(accept_by(&cal, d("2026-11-27")), d("2026-11-30"));
        // Saturday (not worked): Monday.
        assert_eq!(accept_by(&cal, d("2026-11-28")), d("2026-11-30"));
        // Friday 18 September: Sunday 20th is worked (调休).
        assert_eq!(accept_by(&cal, d("2026-09-18")), d("2026-09-20"));
        // Wednesday 30 September: the holiday runs to the 7th, so Thursday 8 October.
        assert_eq!(accept_by(&cal, d("2026-09-30")), d("2026-10-08"));
        // Received on a holiday: the first working day after it.
        assert_eq!(accept_by(&cal, d("2026-10-03")), d("2026-10-08"));
    }

    #[test]
    fn reply_within_the_subjects_working_days_across_holidays() {
        let cal = autumn();
        // 15 working days from Tuesday 24 November 2026: 3 weeks, Tuesday 15 December.
        assert_eq!(
            reply_by(&cal, d("2026-11-24"), DEFAULT_REPLY_DAYS),
            d("2026-12-15")
        );
        // From Monday 21 September: Tue 22, Wed 23, Thu 24, (25-27 off), Mon 28, Tue 29,
        // Wed 30, (1-7 off), Thu 8, Fri 9, Sat 10 (worked), Mon 12 ... 15 days: Mon 19 October.
        assert_eq!(reply_by(&cal, d("2026-09-21"), 15), d("2026-10-19"));
        // Without the calendar the same count ends a week sooner.
        assert_eq!(
            reply_by(&Calendar::default(), d("2026-09-21"), 15),
            d("2026-10-12")
        );
        // A limit of 0 still gives a working day.
        assert_eq!(reply_by(&cal, d("2026-09-30"), 0), d("2026-10-08"));
    }

    #[test]
    fn overdue_is_the_day_after_the_deadline_for_open_cases_only() {
        let deadlines = Deadlines {
            accept_by: d("2026-11-25"),
            reply_by: None,
        };
        assert_eq!(
            overdue(CaseState::Received, &deadlines, d("2026-11-25")),
            None
        );
        assert_eq!(
            overdue(CaseState::Received, &deadlines, d("2026-11-26")),
            Some(Overdue::Accept)
        );
        let accepted = Deadlines {
            reply_by: Some(d("2026-12-15")),
            ..deadlines
        };
        for state in [
            CaseState::Accepted,
            CaseState::Dispatched,
            CaseState::InProgress,
            CaseState::Rectifying,
        ] {
            assert_eq!(overdue(state, &accepted, d("2026-12-15")), None);
            assert_eq!(
                overdue(state, &accepted, d("2026-12-16")),
                Some(Overdue::Reply)
            );
        }
        for state in [CaseState::Replied, CaseState::Closed, CaseState::Rated] {
            assert_eq!(overdue(state, &accepted, d("2027-01-30")), None);
        }
    }

    #[test]
    fn tracking_numbers_are_unambiguous_and_read_back_as_typed() {
        let number = tracking_number(&[0, 1, 2, 3, 4, 5, 250, 255]);
        assert_eq!(number.len(), TRACKING_LEN);
        assert!(!number.contains(['0', 'O', '1', 'I', 'L']));
        let typed = format!("{}-{} ", &number[..4], &number[4..]).to_lowercase();
        assert_eq!(normalize_tracking(&typed), Some(number));
        for bad in ["", "ABC", "0000OOOO", "34679ACEF"] {
            assert_eq!(normalize_tracking(bad), None, "{bad}");
        }
    }

    #[test]
    fn levels_score_five_to_one_and_dissatisfied_or_worse_reopens() {
        let scores: Vec<u8> = Level::ALL.iter().map(|l| l.score()).collect();
        assert_eq!(scores, [5, 4, 3, 2, 1]);
        let rating = |overall| CaseRating {
            overall,
            efficiency: Level::Satisfied,
            convenience: Level::Satisfied,
            comment: None,
        };
        assert!(!rating(Level::FairlySatisfied).reopens());
        assert!(rating(Level::Dissatisfied).reopens());
        assert!(rating(Level::VeryDissatisfied).reopens());
        assert_eq!(Level::Dissatisfied.zh(), "不满意");
    }

    #[test]
    fn texts_are_kept_as_given_within_their_length() {
        assert_eq!(check_text("  <b>路灯</b>坏了 ", 12), Ok("<b>路灯</b>坏了"));
        assert_eq!(check_text(" \n ", 10), Err(TextProblem::Empty));
        let longest = "灯".repeat(MAX_TEXT_CHARS);
        assert!(check_text(&longest, MAX_TEXT_CHARS).is_ok());
        assert_eq!(
            check_text(&format!("{longest}灯"), MAX_TEXT_CHARS),
            Err(TextProblem::TooLong)
        );
    }
}

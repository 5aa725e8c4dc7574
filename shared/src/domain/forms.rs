//! What a staff member types into an edit form, read into the directory's own types or refused
//! with a [`Problem`] the console shows beside the field. The limits are the import's
//! (`validate`'s constants, `hours::break_inside`), so a form that passes here is not refused by
//! a publish for the same field; publishing still checks the whole directory (references,
//! duplicates, English versions), which one field at a time cannot tell.

use chrono::NaiveDate;

use crate::directory::{Break, Closure, HoursRule};
use crate::domain::hours::{ClockTime, Weekday, break_inside};
use crate::domain::validate::{
    LATITUDES, LONGITUDES, MAX_ADDRESS_CHARS, MAX_COPIES, MAX_NAME_CHARS, MAX_TEXT_CHARS,
    MAX_TIME_LIMIT_DAYS, forbidden_char, is_blank,
};
use crate::ids::{CategoryId, ItemId, PointId};

/// What is wrong with one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Required,
    /// Longer than the import allows (the limit in characters).
    TooLong(usize),
    /// A control character (a line break or a tab in a one-line text too).
    ControlCharacter,
    NotANumber,
    CopiesZero,
    TooManyCopies,
    TimeLimitTooLong,
    NoMaterials,
    BadTime,
    ClosesBeforeOpens,
    BadBreak,
    NoDays,
    BadDate,
    EndBeforeStart,
    BadItemId,
    /// An id (of a new category, item or point) that is not a slug.
    BadId,
    BadLatitude,
    BadLongitude,
    /// A new password the server would refuse (`staff::check_new_password`).
    WeakPassword,
    /// The repeated new password differs.
    PasswordsDiffer,
}

/// A text that must be there, trimmed: not empty (or only invisible characters), no control
/// characters, at most `max` characters.
fn checked(text: &str, max: usize) -> Result<String, Problem> {
    let text = text.trim();
    if is_blank(text) {
        Err(Problem::Required)
    } else if forbidden_char(text).is_some() {
        Err(Problem::ControlCharacter)
    } else if text.chars().count() > max {
        Err(Problem::TooLong(max))
    } else {
        Ok(text.to_owned())
    }
}

/// A text that must not be empty, trimmed (a user name, a password: no length rule here).
pub fn required(text: &str) -> Result<String, Problem> {
    let text = text.trim();
    if is_blank(text) {
        Err(Problem::Required)
    } else {
        Ok(text.to_owned())
    }
}

/// A name: of a record, a material, a department (at most 100 characters).
pub fn name(text: &str) -> Result<String, Problem> {
    checked(text, MAX_NAME_CHARS)
}

/// A longer text: a description, eligibility, legal basis (at most 4,000 characters; line
/// breaks are the import's control characters too).
pub fn text(text: &str) -> Result<String, Problem> {
    checked(text, MAX_TEXT_CHARS)
}

/// A point's address (at most 300 characters).
pub fn address(text: &str) -> Result<String, Problem> {
    checked(text, MAX_ADDRESS_CHARS)
}

/// An optional text: `None` when empty.
pub fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// A whole number, 0 or more.
pub fn count(text: &str) -> Result<u64, Problem> {
    text.trim().parse::<u64>().map_err(|_| Problem::NotANumber)
}

/// A time limit in working days: 0 to 365.
pub fn time_limit_days(text: &str) -> Result<u32, Problem> {
    match count(text)? {
        n if n > u64::from(MAX_TIME_LIMIT_DAYS) => Err(Problem::TimeLimitTooLong),
        n => Ok(n as u32),
    }
}

/// A number of copies: 1 to 20.
pub fn copies(text: &str) -> Result<u32, Problem> {
    match text.trim().parse::<u32>() {
        Ok(0) => Err(Problem::CopiesZero),
        Ok(n) if n > MAX_COPIES => Err(Problem::TooManyCopies),
        Ok(n) => Ok(n),
        Err(_) => Err(Problem::NotANumber),
    }
}

/// Names one per line (a comma, Chinese or not, also separates), empty lines dropped.
pub fn lines(text: &str) -> Vec<String> {
    text.split(['\n', ',', '，', '、'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Names one per line, each a valid name.
pub fn names(text: &str) -> Result<Vec<String>, Problem> {
    lines(text).iter().map(|n| name(n)).collect()
}

fn degrees(
    text: &str,
    range: std::ops::RangeInclusive<f64>,
    wrong: Problem,
) -> Result<f64, Problem> {
    match text.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && range.contains(&v) => Ok(v),
        _ => Err(wrong),
    }
}

/// A latitude in degrees, -90 to 90.
pub fn latitude(text: &str) -> Result<f64, Problem> {
    degrees(text, LATITUDES, Problem::BadLatitude)
}

/// A longitude in degrees, -180 to 180.
pub fn longitude(text: &str) -> Result<f64, Problem> {
    degrees(text, LONGITUDES, Problem::BadLongitude)
}

pub fn time(text: &str) -> Result<ClockTime, Problem> {
    ClockTime::parse(text.trim()).ok_or(Problem::BadTime)
}

/// `12:00-13:30, 15:00-15:15` inside `opens`..`closes`.
pub fn breaks(text: &str, opens: ClockTime, closes: ClockTime) -> Result<Vec<Break>, Problem> {
    lines(text)
        .iter()
        .map(|part| {
            let (from, to) = part.split_once(['-', '–', '~']).ok_or(Problem::BadBreak)?;
            let from = ClockTime::parse(from.trim()).ok_or(Problem::BadBreak)?;
            let to = ClockTime::parse(to.trim()).ok_or(Problem::BadBreak)?;
            let b = Break { from, to };
            if break_inside(&b, opens, closes) {
                Ok(b)
            } else {
                Err(Problem::BadBreak)
            }
        })
        .collect()
}

pub fn breaks_text(breaks: &[Break]) -> String {
    breaks
        .iter()
        .map(|b| format!("{}-{}", b.from, b.to))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One rule of opening hours from its fields; each field's problem separately.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HoursProblems {
    pub days: Option<Problem>,
    pub opens: Option<Problem>,
    pub closes: Option<Problem>,
    pub breaks: Option<Problem>,
}

pub fn hours_rule(
    days: &[Weekday],
    opens: &str,
    closes: &str,
    breaks_text: &str,
) -> Result<HoursRule, HoursProblems> {
    let mut problems = HoursProblems {
        days: days.is_empty().then_some(Problem::NoDays),
        ..HoursProblems::default()
    };
    let opens = time(opens).map_err(|p| problems.opens = Some(p)).ok();
    let closes = time(closes).map_err(|p| problems.closes = Some(p)).ok();
    let mut rule = None;
    if let (Some(o), Some(c)) = (opens, closes) {
        if o >= c {
            problems.closes = Some(Problem::ClosesBeforeOpens);
        } else {
            match breaks(breaks_text, o, c) {
                Ok(b) => {
                    rule = Some(HoursRule {
                        days: days.to_vec(),
                        opens: o,
                        closes: c,
                        breaks: b,
                    })
                }
                Err(p) => problems.breaks = Some(p),
            }
        }
    }
    match rule {
        Some(rule) if problems.days.is_none() => Ok(rule),
        _ => Err(problems),
    }
}

pub fn date(text: &str) -> Result<NaiveDate, Problem> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| Problem::BadDate)
}

/// A closure's problems, field by field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClosureProblems {
    pub from: Option<Problem>,
    pub to: Option<Problem>,
    pub reason: Option<Problem>,
}

/// A closure from its fields.
pub fn closure(
    from: &str,
    to: &str,
    reason: &str,
    reason_en: Option<String>,
) -> Result<Closure, ClosureProblems> {
    match (date(from), date(to), name(reason)) {
        (Ok(f), Ok(t), Ok(r)) if f <= t => Ok(Closure {
            from: f,
            to: t,
            reason: r,
            reason_en,
        }),
        (Ok(_), Ok(_), Ok(_)) => Err(ClosureProblems {
            to: Some(Problem::EndBeforeStart),
            ..ClosureProblems::default()
        }),
        (f, t, r) => Err(ClosureProblems {
            from: f.err(),
            to: t.err(),
            reason: r.err(),
        }),
    }
}

/// A new password, typed twice: the server's own rule (`staff::check_new_password`), and the
/// same both times.
pub fn new_password(
    password: &str,
    repeated: &str,
) -> Result<String, (Option<Problem>, Option<Problem>)> {
    let weak = crate::domain::staff::check_new_password(password)
        .err()
        .map(|_| Problem::WeakPassword);
    let differs = (password != repeated).then_some(Problem::PasswordsDiffer);
    match (weak, differs) {
        (None, None) => Ok(password.to_owned()),
        (weak, differs) => Err((weak, differs)),
    }
}

/// Item ids one per line.
pub fn item_ids(text: &str) -> Result<Vec<ItemId>, Problem> {
    lines(text)
        .iter()
        .map(|id| ItemId::parse(id).map_err(|_| Problem::BadItemId))
        .collect()
}

/// The id of a new item.
pub fn item_id(text: &str) -> Result<ItemId, Problem> {
    ItemId::parse(text.trim()).map_err(|_| Problem::BadId)
}

/// The id of a new point.
pub fn point_id(text: &str) -> Result<PointId, Problem> {
    PointId::parse(text.trim()).map_err(|_| Problem::BadId)
}

/// The id of a new category.
pub fn category_id(text: &str) -> Result<CategoryId, Problem> {
    CategoryId::parse(text.trim()).map_err(|_| Problem::BadId)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> ClockTime {
        ClockTime::parse(s).unwrap()
    }

    #[test]
    fn texts_and_numbers_are_read_or_named_wrong() {
        assert_eq!(required("  低保 "), Ok("低保".to_owned()));
        assert_eq!(required("   "), Err(Problem::Required));
        assert_eq!(required("\u{200B}"), Err(Problem::Required));
        assert_eq!(optional(" "), None);
        assert_eq!(count("0"), Ok(0));
        assert_eq!(count("-1"), Err(Problem::NotANumber));
        assert_eq!(count("三"), Err(Problem::NotANumber));
        assert_eq!(copies("2"), Ok(2));
        assert_eq!(copies("20"), Ok(20));
        assert_eq!(copies("21"), Err(Problem::TooManyCopies));
        assert_eq!(copies("0"), Err(Problem::CopiesZero));
        assert_eq!(copies(""), Err(Problem::NotANumber));
        assert_eq!(time_limit_days("365"), Ok(365));
        assert_eq!(time_limit_days("366"), Err(Problem::TimeLimitTooLong));
        assert_eq!(
            lines("低保\n 救助 ，补贴、\n\n"),
            vec!["低保", "救助", "补贴"]
        );
    }

    #[test]
    fn names_and_texts_have_the_imports_limits() {
        assert_eq!(name(&"长".repeat(100)).map(|n| n.chars().count()), Ok(100));
        assert_eq!(name(&"长".repeat(101)), Err(Problem::TooLong(100)));
        assert_eq!(text(&"长".repeat(4001)), Err(Problem::TooLong(4000)));
        assert_eq!(address(&"路".repeat(301)), Err(Problem::TooLong(300)));
        assert_eq!(name("身份\u{7}证"), Err(Problem::ControlCharacter));
        assert_eq!(
            names("老人吃饭\n助餐"),
            Ok(vec!["老人吃饭".into(), "助餐".into()])
        );
        assert_eq!(names(&"长".repeat(101)), Err(Problem::TooLong(100)));
    }

    #[test]
    fn coordinates_are_in_range() {
        assert_eq!(latitude(" 39.1 "), Ok(39.1));
        assert_eq!(latitude("90.5"), Err(Problem::BadLatitude));
        assert_eq!(latitude("NaN"), Err(Problem::BadLatitude));
        assert_eq!(longitude("117.2"), Ok(117.2));
        assert_eq!(longitude("-181"), Err(Problem::BadLongitude));
        assert_eq!(longitude("东经"), Err(Problem::BadLongitude));
    }

    #[test]
    fn hours_need_days_an_order_and_breaks_inside() {
        let rule = hours_rule(&[Weekday::Mon], "08:30", "17:00", "12:00-13:30").unwrap();
        assert_eq!(rule.opens, t("08:30"));
        assert_eq!(rule.breaks.len(), 1);
        assert_eq!(breaks_text(&rule.breaks), "12:00-13:30");
        assert!(crate::domain::hours::rule_problems(&rule).is_empty());
        let wrong = hours_rule(&[], "8:30", "17:00", "").err().unwrap();
        assert_eq!(wrong.days, Some(Problem::NoDays));
        assert_eq!(wrong.opens, Some(Problem::BadTime));
        let reversed = hours_rule(&[Weekday::Mon], "17:00", "08:00", "")
            .err()
            .unwrap();
        assert_eq!(reversed.closes, Some(Problem::ClosesBeforeOpens));
        let outside = hours_rule(&[Weekday::Mon], "08:00", "12:00", "11:00-13:00")
            .err()
            .unwrap();
        assert_eq!(outside.breaks, Some(Problem::BadBreak));
        assert_eq!(breaks("", t("08:00"), t("12:00")).map(|b| b.len()), Ok(0));
    }

    #[test]
    fn closures_need_dates_in_order_and_a_reason() {
        assert!(closure("2026-10-01", "2026-10-07", "国庆", None).is_ok());
        assert_eq!(
            closure("2026-10-07", "2026-10-01", "国庆", None).err(),
            Some(ClosureProblems {
                to: Some(Problem::EndBeforeStart),
                ..ClosureProblems::default()
            })
        );
        assert_eq!(
            closure("10/1", "2026-10-01", " ", None).err(),
            Some(ClosureProblems {
                from: Some(Problem::BadDate),
                to: None,
                reason: Some(Problem::Required),
            })
        );
    }

    #[test]
    fn a_new_password_follows_the_servers_rule_and_is_typed_the_same_twice() {
        assert_eq!(
            new_password("a long passphrase", "a long passphrase"),
            Ok("a long passphrase".into())
        );
        assert_eq!(
            new_password("short", "short"),
            Err((Some(Problem::WeakPassword), None))
        );
        assert_eq!(
            new_password("aaaaaaaaaaaaaa", "aaaaaaaaaaaaab"),
            Err((Some(Problem::WeakPassword), Some(Problem::PasswordsDiffer)))
        );
        assert_eq!(
            new_password("a long passphrase", "a long passphras"),
            Err((None, Some(Problem::PasswordsDiffer)))
        );
    }

    #[test]
    fn ids_are_slugs() {
        assert_eq!(item_ids("dibao\nyibao").unwrap().len(), 2);
        assert_eq!(item_ids("Di Bao"), Err(Problem::BadItemId));
        assert!(item_id("elder-meals").is_ok());
        assert_eq!(point_id("站点"), Err(Problem::BadId));
        assert_eq!(category_id("Social"), Err(Problem::BadId));
    }
}

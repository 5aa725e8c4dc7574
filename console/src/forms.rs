//! The inline checks of the edit forms: what a staff member typed, read into the directory's
//! own types or refused with a [`Problem`] the form shows beside the field. Plain functions over
//! strings, tested natively below. Publishing checks the whole directory again on the server
//! with the import's rules; these only catch what can be told from one field at once.

use chrono::NaiveDate;
use linli_shared::directory::{Break, Closure, HoursRule};
use linli_shared::domain::hours::{ClockTime, Weekday};
use linli_shared::ids::ItemId;

/// What is wrong with one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Required,
    NotANumber,
    CopiesZero,
    NoMaterials,
    BadTime,
    ClosesBeforeOpens,
    BadBreak,
    NoDays,
    BadDate,
    EndBeforeStart,
    BadItemId,
}

/// A text that must not be empty, trimmed.
pub fn required(text: &str) -> Result<String, Problem> {
    let text = text.trim();
    if text.is_empty() {
        Err(Problem::Required)
    } else {
        Ok(text.to_owned())
    }
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

/// A number of copies: 1 or more.
pub fn copies(text: &str) -> Result<u32, Problem> {
    match text.trim().parse::<u32>() {
        Ok(0) => Err(Problem::CopiesZero),
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
            if from >= to || from <= opens || to >= closes {
                return Err(Problem::BadBreak);
            }
            Ok(Break { from, to })
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
#[derive(Debug)]
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
        opens: None,
        closes: None,
        breaks: None,
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

/// A closure from its fields: (from's problem, to's problem, reason's problem) when wrong.
#[allow(clippy::type_complexity)]
pub fn closure(
    from: &str,
    to: &str,
    reason: &str,
    reason_en: Option<String>,
) -> Result<Closure, (Option<Problem>, Option<Problem>, Option<Problem>)> {
    let f = date(from);
    let t = date(to);
    let r = required(reason);
    match (f, t, r) {
        (Ok(f), Ok(t), Ok(r)) if f <= t => Ok(Closure {
            from: f,
            to: t,
            reason: r,
            reason_en,
        }),
        (Ok(_), Ok(_), Ok(_)) => Err((None, Some(Problem::EndBeforeStart), None)),
        (f, t, r) => Err((f.err(), t.err(), r.err())),
    }
}

/// Item ids one per line.
pub fn item_ids(text: &str) -> Result<Vec<ItemId>, Problem> {
    lines(text)
        .iter()
        .map(|id| ItemId::parse(id).map_err(|_| Problem::BadItemId))
        .collect()
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
        assert_eq!(optional(" "), None);
        assert_eq!(count("0"), Ok(0));
        assert_eq!(count("-1"), Err(Problem::NotANumber));
        assert_eq!(count("三"), Err(Problem::NotANumber));
        assert_eq!(copies("2"), Ok(2));
        assert_eq!(copies("0"), Err(Problem::CopiesZero));
        assert_eq!(copies(""), Err(Problem::NotANumber));
        assert_eq!(
            lines("低保\n 救助 ，补贴、\n\n"),
            vec!["低保", "救助", "补贴"]
        );
    }

    #[test]
    fn hours_need_days_an_order_and_breaks_inside() {
        let rule = hours_rule(&[Weekday::Mon], "08:30", "17:00", "12:00-13:30").unwrap();
        assert_eq!(rule.opens, t("08:30"));
        assert_eq!(rule.breaks.len(), 1);
        assert_eq!(breaks_text(&rule.breaks), "12:00-13:30");
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
            Some((None, Some(Problem::EndBeforeStart), None))
        );
        assert_eq!(
            closure("10/1", "2026-10-01", " ", None).err(),
            Some((Some(Problem::BadDate), None, Some(Problem::Required)))
        );
    }

    #[test]
    fn item_ids_are_slugs() {
        assert_eq!(item_ids("dibao\nyibao").unwrap().len(), 2);
        assert_eq!(item_ids("Di Bao"), Err(Problem::BadItemId));
    }
}

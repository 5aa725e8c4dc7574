//! What residents searched for and did not find: searches counted per normalised query and day
//! (how many, the most results any of them found, how many led to opening a result), nothing
//! else: no address, no session, nothing that tells one resident from another. Per week, the
//! queries that found nothing or whose results nobody opened, most asked first, so that staff can
//! add the words residents really use as colloquial names or aliases.

use std::fmt;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::directory::Item;

/// How long the counts are kept, in days, unless configured otherwise.
pub const DEFAULT_RETENTION_DAYS: u32 = 180;

/// Longest query counted, in characters (the search itself takes at most 200).
pub const MAX_COUNTED_CHARS: usize = 200;

/// A query as it is counted: full-width letters and digits folded, spaces of any kind made one,
/// trimmed, Latin letters in lower case, control characters left out. `None` when nothing is
/// left or it is too long to be a query.
pub fn normalise(raw: &str) -> Option<String> {
    let folded: String = raw
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    let text = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars = text.chars().count();
    (chars > 0 && chars <= MAX_COUNTED_CHARS).then_some(text)
}

/// An ISO week (`2026-W48`: Monday 23 to Sunday 29 November 2026).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Week {
    monday: NaiveDate,
}

impl Week {
    /// The week `day` is in.
    pub fn of(day: NaiveDate) -> Week {
        let iso = day.iso_week();
        Week {
            monday: NaiveDate::from_isoywd_opt(iso.year(), iso.week(), Weekday::Mon)
                .expect("a date's own ISO week exists"),
        }
    }

    /// Reads `YYYY-Www` (ISO 8601; `w` accepted in lower case too).
    pub fn parse(text: &str) -> Option<Week> {
        let (year, week) = text.trim().split_once(['W', 'w'])?;
        let year: i32 = year.strip_suffix('-')?.parse().ok()?;
        if week.len() != 2 || !week.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let week: u32 = week.parse().ok()?;
        NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).map(|monday| Week { monday })
    }

    pub fn first_day(self) -> NaiveDate {
        self.monday
    }

    pub fn last_day(self) -> NaiveDate {
        self.monday + chrono::Days::new(6)
    }
}

impl fmt::Display for Week {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let iso = self.monday.iso_week();
        write!(f, "{}-W{:02}", iso.year(), iso.week())
    }
}

/// The first day still kept on `today` (counts of earlier days are forgotten).
pub fn kept_from(today: NaiveDate, retention_days: u32) -> NaiveDate {
    today - chrono::Days::new(u64::from(retention_days.max(1)) - 1)
}

/// One query's counts over some days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryCounts {
    pub query: String,
    /// Searches counted.
    pub searches: i64,
    /// Of those, searches the resident went on typing from (the next search of the same device
    /// began with this one, or this one with it): not what they were looking for.
    pub replaced: i64,
    /// The most results any of its searches found.
    pub results: i64,
    /// Results opened from its searches.
    pub opened: i64,
}

impl QueryCounts {
    /// Searches that were what the resident meant.
    pub fn meant(&self) -> i64 {
        self.searches - self.replaced
    }
}

/// Why a query is worth a staff member's look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Finding {
    /// No search of it found anything.
    FoundNothing,
    /// It found something, and nobody opened any of it.
    NotOpened,
}

/// The queries that found nothing or whose results nobody opened, most asked first (then by
/// the query), at most `limit` of them. A query that was only typed on from is left out.
pub fn unanswered(counts: Vec<QueryCounts>, limit: usize) -> Vec<(QueryCounts, Finding)> {
    let mut found: Vec<(QueryCounts, Finding)> = counts
        .into_iter()
        .filter(|c| c.meant() > 0)
        .filter_map(|c| {
            let finding = if c.results == 0 {
                Finding::FoundNothing
            } else if c.opened == 0 {
                Finding::NotOpened
            } else {
                return None;
            };
            Some((c, finding))
        })
        .collect();
    found.sort_by(|(a, _), (b, _)| b.meant().cmp(&a.meant()).then(a.query.cmp(&b.query)));
    found.truncate(limit);
    found
}

/// Where a query residents used goes in an item: among its colloquial names (what people call
/// it) or its aliases (other official or short names). Both are searched alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    Colloquial,
    Alias,
}

/// The item with `query` added as a colloquial name or an alias (trimmed, last in its list), or
/// `None` when it is empty or the item already answers to it: as its name or English name, a
/// colloquial name or an alias (spaces and case aside).
pub fn add_name(item: &Item, query: &str, kind: NameKind) -> Option<Item> {
    let query = query.trim();
    let same = |a: &str| crate::domain::listing::fold(a) == crate::domain::listing::fold(query);
    let known = [item.name.as_str(), item.name_en.as_str()]
        .into_iter()
        .chain(item.colloquial.iter().map(String::as_str))
        .chain(item.aliases.iter().map(String::as_str))
        .any(same);
    if query.is_empty() || known {
        return None;
    }
    let mut item = item.clone();
    match kind {
        NameKind::Colloquial => item.colloquial.push(query.to_owned()),
        NameKind::Alias => item.aliases.push(query.to_owned()),
    }
    Some(item)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meals() -> Item {
        serde_json::from_value(serde_json::json!({
            "id": "elderly-meals", "category": "elderly", "name": "老年助餐", "name_en": "Meals for older people",
            "colloquial": ["老人食堂"], "description": "d", "eligibility": "e",
            "materials": [{"name": "身份证", "form": "original", "copies": 1}],
            "fee": {"amount_fen": 0}, "time_limit_days": 0, "channels": ["window"],
            "department": "民政局", "legal_basis": "条例"
        }))
        .unwrap()
    }

    #[test]
    fn a_query_becomes_a_colloquial_name_or_alias_once() {
        let item = meals();
        let added = add_name(&item, " 老人吃饭 ", NameKind::Colloquial).unwrap();
        assert_eq!(added.colloquial, ["老人食堂", "老人吃饭"]);
        assert_eq!(added.aliases, item.aliases);
        let alias = add_name(&item, "助餐", NameKind::Alias).unwrap();
        assert_eq!(alias.aliases, ["助餐"]);
        assert_eq!(add_name(&added, "老人吃饭", NameKind::Alias), None);
        assert_eq!(add_name(&item, "老人 食堂", NameKind::Alias), None);
        assert_eq!(
            add_name(&item, "meals FOR older people", NameKind::Alias),
            None
        );
        assert_eq!(add_name(&item, "  ", NameKind::Alias), None);
    }

    fn counts(query: &str, searches: i64, replaced: i64, results: i64, opened: i64) -> QueryCounts {
        QueryCounts {
            query: query.into(),
            searches,
            replaced,
            results,
            opened,
        }
    }

    #[test]
    fn queries_are_counted_folded_and_trimmed() {
        assert_eq!(normalise("  老人  吃饭 ").as_deref(), Some("老人 吃饭"));
        assert_eq!(
            normalise("ＤＩＢＡＯ\u{3000}Ａ").as_deref(),
            Some("dibao a")
        );
        assert_eq!(normalise("Di\tBao\n").as_deref(), Some("dibao"));
        assert_eq!(normalise(" \u{3000} "), None);
        assert_eq!(normalise(&"字".repeat(201)), None);
        assert_eq!(normalise(&"字".repeat(200)).unwrap().chars().count(), 200);
    }

    #[test]
    fn weeks_are_iso_weeks() {
        let week = Week::parse("2026-W48").unwrap();
        assert_eq!(
            week.first_day(),
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
        );
        assert_eq!(
            week.last_day(),
            NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
        );
        assert_eq!(week.to_string(), "2026-W48");
        assert_eq!(
            Week::of(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()),
            week
        );
        // 1 January 2027 is a Friday: it belongs to 2026's last week.
        let new_year = Week::of(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
        assert_eq!(new_year.to_string(), "2026-W53");
        assert_eq!(Week::parse("2026-w05").unwrap().to_string(), "2026-W05");
        for wrong in [
            "2026-W54", "2025-W53", "2026W48", "2026-W4", "W48", "2026-48", "",
        ] {
            assert_eq!(Week::parse(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn counts_are_kept_for_the_retention_days() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        assert_eq!(kept_from(today, 1), today);
        assert_eq!(
            kept_from(today, 180),
            NaiveDate::from_ymd_opt(2026, 5, 29).unwrap()
        );
    }

    #[test]
    fn unanswered_queries_come_most_asked_first() {
        let list = unanswered(
            vec![
                counts("低保", 40, 0, 12, 30),
                counts("老人吃饭", 7, 0, 0, 0),
                counts("生二胎", 9, 0, 3, 0),
                counts("打官司没钱", 7, 0, 0, 1),
                // Typed on from every time: never what anyone looked for.
                counts("老人", 5, 5, 8, 0),
            ],
            10,
        );
        let shown: Vec<(&str, Finding)> =
            list.iter().map(|(c, f)| (c.query.as_str(), *f)).collect();
        assert_eq!(
            shown,
            [
                ("生二胎", Finding::NotOpened),
                ("打官司没钱", Finding::FoundNothing),
                ("老人吃饭", Finding::FoundNothing),
            ]
        );
        assert_eq!(
            unanswered(vec![counts("a", 1, 0, 0, 0), counts("b", 2, 0, 0, 0)], 1).len(),
            1
        );
    }
}

//! Validation of a whole directory before anything is written: every bad record is named with
//! its path (`items[12] (dibao).materials[0].copies`), the field and the reason.

use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::directory::{DirectoryFile, FORMAT_TAG, Item, Point};
use crate::domain::hours::rule_problems;

/// One thing wrong with a directory file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where: `items[12] (dibao).materials[0]`.
    pub path: String,
    pub field: String,
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}: {}", self.path, self.field, self.reason)
    }
}

const MAX_NAME_CHARS: usize = 100;
const MAX_TEXT_CHARS: usize = 4000;
const MAX_TIME_LIMIT_DAYS: u32 = 365;
const MAX_COPIES: u32 = 20;

/// Checks everything; an empty answer means the file may be imported.
pub fn validate(file: &DirectoryFile) -> Vec<Problem> {
    let mut v = Validator::default();
    if file.format != FORMAT_TAG {
        v.push(
            "$",
            "format",
            format!("expected \"{FORMAT_TAG}\", found {:?}", file.format),
        );
    }
    let categories = v.unique_ids("categories", file.categories.iter().map(|c| c.id.as_str()));
    for (i, c) in file.categories.iter().enumerate() {
        let path = format!("categories[{i}] ({})", c.id);
        v.name(&path, "name", &c.name);
        v.name(&path, "name_en", &c.name_en);
    }
    let items = v.unique_ids("items", file.items.iter().map(|i| i.id.as_str()));
    for (i, item) in file.items.iter().enumerate() {
        v.item(&format!("items[{i}] ({})", item.id), item, &categories);
    }
    v.unique_ids("points", file.points.iter().map(|p| p.id.as_str()));
    for (i, point) in file.points.iter().enumerate() {
        v.point(&format!("points[{i}] ({})", point.id), point, &items);
    }
    v.problems
}

#[derive(Default)]
struct Validator {
    problems: Vec<Problem>,
}

impl Validator {
    fn push(&mut self, path: &str, field: &str, reason: impl Into<String>) {
        self.problems.push(Problem {
            path: path.to_owned(),
            field: field.to_owned(),
            reason: reason.into(),
        });
    }

    /// Checks that ids are unique (their syntax is checked by their types when the file is
    /// read); returns the set of ids for reference checks.
    fn unique_ids<'a>(
        &mut self,
        list: &str,
        ids: impl Iterator<Item = &'a str>,
    ) -> HashSet<&'a str> {
        let mut first_seen: HashMap<&str, usize> = HashMap::new();
        for (i, id) in ids.enumerate() {
            if let Some(first) = first_seen.insert(id, i) {
                self.push(
                    &format!("{list}[{i}]"),
                    "id",
                    format!("{id:?} is also used by {list}[{first}]"),
                );
                first_seen.insert(id, first);
            }
        }
        first_seen.into_keys().collect()
    }

    fn name(&mut self, path: &str, field: &str, value: &str) {
        self.text(path, field, value, MAX_NAME_CHARS);
    }

    fn text(&mut self, path: &str, field: &str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.push(path, field, "must not be empty");
        } else if value.chars().count() > max {
            self.push(path, field, format!("longer than {max} characters"));
        }
    }

    fn item(&mut self, path: &str, item: &Item, categories: &HashSet<&str>) {
        if !categories.contains(item.category.as_str()) {
            self.push(
                path,
                "category",
                format!("unknown category {:?}", item.category),
            );
        }
        self.name(path, "name", &item.name);
        self.name(path, "name_en", &item.name_en);
        for (j, n) in item.colloquial.iter().enumerate() {
            self.name(path, &format!("colloquial[{j}]"), n);
        }
        for (j, n) in item.aliases.iter().enumerate() {
            self.name(path, &format!("aliases[{j}]"), n);
        }
        self.text(path, "description", &item.description, MAX_TEXT_CHARS);
        self.text(path, "eligibility", &item.eligibility, MAX_TEXT_CHARS);
        self.name(path, "department", &item.department);
        self.text(path, "legal_basis", &item.legal_basis, MAX_TEXT_CHARS);
        if item.materials.is_empty() {
            self.push(
                path,
                "materials",
                "list every required material (一次告知); none given",
            );
        }
        for (j, m) in item.materials.iter().enumerate() {
            let mpath = format!("{path}.materials[{j}]");
            self.name(&mpath, "name", &m.name);
            if m.copies == 0 || m.copies > MAX_COPIES {
                self.push(
                    &mpath,
                    "copies",
                    format!("must be 1 to {MAX_COPIES}, found {}", m.copies),
                );
            }
        }
        if item.time_limit_days > MAX_TIME_LIMIT_DAYS {
            self.push(
                path,
                "time_limit_days",
                format!(
                    "must be 0 to {MAX_TIME_LIMIT_DAYS} working days, found {}",
                    item.time_limit_days
                ),
            );
        }
        if item.channels.is_empty() {
            self.push(path, "channels", "at least one channel is needed");
        }
        if has_duplicates(&item.channels) {
            self.push(path, "channels", "a channel is listed twice");
        }
    }

    fn point(&mut self, path: &str, point: &Point, items: &HashSet<&str>) {
        self.name(path, "name", &point.name);
        self.name(path, "district", &point.district);
        self.name(path, "subdistrict", &point.subdistrict);
        self.text(path, "address", &point.address, 300);
        self.name(path, "phone", &point.phone);
        if !(-90.0..=90.0).contains(&point.lat) {
            self.push(
                path,
                "lat",
                format!("latitude {} is outside -90..90", point.lat),
            );
        }
        if !(-180.0..=180.0).contains(&point.lng) {
            self.push(
                path,
                "lng",
                format!("longitude {} is outside -180..180", point.lng),
            );
        }
        if point.hours.is_empty() {
            self.push(path, "hours", "opening hours are needed");
        }
        for (j, rule) in point.hours.iter().enumerate() {
            for reason in rule_problems(rule) {
                self.push(path, &format!("hours[{j}]"), reason);
            }
        }
        for (j, c) in point.closures.iter().enumerate() {
            if c.from > c.to {
                self.push(
                    path,
                    &format!("closures[{j}]"),
                    format!("starts {} after it ends {}", c.from, c.to),
                );
            }
        }
        for (j, id) in point.items.iter().enumerate() {
            if !items.contains(id.as_str()) {
                self.push(path, &format!("items[{j}]"), format!("unknown item {id:?}"));
            }
        }
        if has_duplicates(&point.items) {
            self.push(path, "items", "an item is listed twice");
        }
    }
}

fn has_duplicates<T: Eq + std::hash::Hash>(list: &[T]) -> bool {
    let mut seen = HashSet::new();
    list.iter().any(|x| !seen.insert(x))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{CategoryId, ItemId};

    fn sample() -> DirectoryFile {
        serde_json::from_str(include_str!("../../tests/fixtures/tiny-directory.json")).unwrap()
    }

    #[test]
    fn a_good_file_has_no_problems() {
        assert_eq!(validate(&sample()), vec![]);
    }

    #[test]
    fn every_bad_record_is_named() {
        let mut file = sample();
        file.items[0].category = CategoryId::parse("nope").unwrap();
        file.items[1].id = file.items[0].id.clone();
        file.items[0].materials[0].copies = 0;
        file.points[0].items.push(ItemId::parse("ghost").unwrap());
        file.points[0].lat = 123.0;
        let problems = validate(&file);
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert!(
            text.iter()
                .any(|t| t.contains("category") && t.contains("nope")),
            "{text:?}"
        );
        assert!(text.iter().any(|t| t.contains("items[1].id")), "{text:?}");
        assert!(
            text.iter().any(|t| t.contains("materials[0].copies")),
            "{text:?}"
        );
        assert!(text.iter().any(|t| t.contains("\"ghost\"")), "{text:?}");
        assert!(text.iter().any(|t| t.contains(".lat")), "{text:?}");
    }
}

//! Directory files: reading one with every mistake named, the demo directory shipped in the
//! binary, and the province-scale generator used by the benchmark.

pub mod generate;

use linli_shared::directory::{Category, DirectoryFile, Item, Point};
use linli_shared::domain::validate::validate;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The demo directory (Tianjin 西青区), built into the binary so `serve --demo` needs no file.
pub const DEMO_DIRECTORY: &str = include_str!("../../../data/demo-directory.json");

/// Parses and validates a directory file. On failure, returns every problem found, each naming
/// the line (for broken JSON) or the record path, the field and the reason.
pub fn parse_directory(text: &str) -> Result<DirectoryFile, Vec<String>> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        vec![format!(
            "line {}, column {}: not valid JSON: {e}",
            e.line(),
            e.column()
        )]
    })?;
    let Value::Object(mut top) = value else {
        return Err(vec![
            "$: the file must be a JSON object with format, categories, items and points".into(),
        ]);
    };
    let mut problems = Vec::new();
    let format = match top.remove("format") {
        Some(Value::String(s)) => s,
        Some(_) => {
            problems.push("$.format: must be a string".to_owned());
            String::new()
        }
        None => {
            problems.push("$.format: missing".to_owned());
            String::new()
        }
    };
    let categories: Vec<Category> = records(&mut top, "categories", &mut problems);
    let items: Vec<Item> = records(&mut top, "items", &mut problems);
    let points: Vec<Point> = records(&mut top, "points", &mut problems);
    for key in top.keys() {
        problems.push(format!("$.{key}: unknown field"));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let file = DirectoryFile {
        format,
        categories,
        items,
        points,
    };
    let problems = validate(&file);
    if problems.is_empty() {
        Ok(file)
    } else {
        Err(problems.iter().map(ToString::to_string).collect())
    }
}

/// Reads every record of one list on its own, so one bad record does not hide the next.
fn records<T: DeserializeOwned>(
    top: &mut serde_json::Map<String, Value>,
    key: &str,
    problems: &mut Vec<String>,
) -> Vec<T> {
    let list = match top.remove(key) {
        Some(Value::Array(list)) => list,
        Some(_) => {
            problems.push(format!("$.{key}: must be a list"));
            return Vec::new();
        }
        None => {
            problems.push(format!("$.{key}: missing"));
            return Vec::new();
        }
    };
    let mut out = Vec::with_capacity(list.len());
    for (i, record) in list.into_iter().enumerate() {
        let id = record
            .get("id")
            .and_then(Value::as_str)
            .map(|id| format!(" ({id})"))
            .unwrap_or_default();
        match serde_json::from_value(record) {
            Ok(r) => out.push(r),
            Err(e) => problems.push(format!("{key}[{i}]{id}: {e}")),
        }
    }
    out
}

/// The directory file text for `export`: the same format `import` reads.
pub fn to_file_text(file: &DirectoryFile) -> String {
    let mut text = serde_json::to_string_pretty(file).expect("directory values always serialise");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_directory_is_valid_and_big_enough() {
        let file = parse_directory(DEMO_DIRECTORY).expect("the demo directory is valid");
        assert!(file.items.len() >= 120, "{} items", file.items.len());
        assert!(file.points.len() >= 30, "{} points", file.points.len());
        for c in &file.categories {
            assert!(
                file.items.iter().any(|i| i.category == c.id),
                "category {} has no items",
                c.id
            );
        }
        for item in &file.items {
            assert!(
                file.points.iter().any(|p| p.items.contains(&item.id)),
                "no point offers {}",
                item.id
            );
        }
    }

    #[test]
    fn the_demo_points_open_at_least_eight_hours_on_weekdays() {
        use linli_shared::domain::hours::{Weekday, open_minutes_on};
        let file = parse_directory(DEMO_DIRECTORY).unwrap();
        for p in &file.points {
            for day in &Weekday::ALL[..5] {
                let minutes = open_minutes_on(&p.hours, *day);
                assert!(minutes >= 8 * 60, "{} opens {minutes} min on {day:?}", p.id);
            }
        }
    }

    #[test]
    fn broken_json_names_the_line() {
        let problems = parse_directory("{\n  \"format\": \n}").unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with("line 3"), "{problems:?}");
    }

    #[test]
    fn every_bad_record_is_reported_not_just_the_first() {
        let text = r#"{"format": "linli-directory/1", "categories": [],
            "items": [{"id": "a"}, {"id": "b", "name": 5}], "points": [], "extra": 1}"#;
        let problems = parse_directory(text).unwrap_err();
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("items[0] (a): missing field"))
        );
        assert!(problems.iter().any(|p| p.starts_with("items[1] (b):")));
        assert!(problems.iter().any(|p| p == "$.extra: unknown field"));
    }
}

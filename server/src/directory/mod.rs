//! Directory files: reading one with every mistake named, the demo directory shipped in the
//! binary, and the province-scale generator used by the benchmark.

pub mod generate;

use linli_shared::directory::{Category, DirectoryFile, FORMAT_TAG, Item, Point};
use linli_shared::domain::validate::{Unread, UnreadList, validate_read};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The demo directory (Tianjin 西青区), built into the binary so `serve --demo` needs no file.
pub const DEMO_DIRECTORY: &str = include_str!("../../../data/demo-directory.json");

/// Parses and validates a directory file. On failure, returns every problem found, each naming
/// the line (for broken JSON) or the record path, the field and the reason: records that cannot
/// be read are named, and the rules are checked on all the others in the same run.
pub fn parse_directory(text: &str) -> Result<DirectoryFile, Vec<String>> {
    // Windows Notepad and Excel start UTF-8 files with a byte order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
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
        other => {
            problems.push(match other {
                Some(_) => "$.format: must be a string".to_owned(),
                None => "$.format: missing".to_owned(),
            });
            // Reported once here; the rule checks need not report it again.
            FORMAT_TAG.to_owned()
        }
    };
    let mut unread = Unread::default();
    let categories: Vec<Category> = records(
        &mut top,
        "categories",
        &mut unread.categories,
        &mut problems,
    );
    let items: Vec<Item> = records(&mut top, "items", &mut unread.items, &mut problems);
    let points: Vec<Point> = records(&mut top, "points", &mut unread.points, &mut problems);
    for key in top.keys() {
        problems.push(format!("$.{key}: unknown field"));
    }
    let file = DirectoryFile {
        format,
        categories,
        items,
        points,
    };
    problems.extend(
        validate_read(&file, &unread)
            .iter()
            .map(ToString::to_string),
    );
    if problems.is_empty() {
        Ok(file)
    } else {
        Err(problems)
    }
}

/// Reads every record of one list on its own, so one bad record does not hide the next; notes
/// the ones that could not be read in `unread`.
fn records<T: DeserializeOwned>(
    top: &mut serde_json::Map<String, Value>,
    key: &str,
    unread: &mut UnreadList,
    problems: &mut Vec<String>,
) -> Vec<T> {
    let list = match top.remove(key) {
        Some(Value::Array(list)) => list,
        other => {
            problems.push(match other {
                Some(_) => format!("$.{key}: must be a list"),
                None => format!("$.{key}: missing"),
            });
            unread.whole = true;
            return Vec::new();
        }
    };
    let mut out = Vec::with_capacity(list.len());
    for (i, record) in list.into_iter().enumerate() {
        let id = record.get("id").and_then(Value::as_str).map(str::to_owned);
        let shown = id
            .as_deref()
            .map(|id| format!(" ({id})"))
            .unwrap_or_default();
        // The path inside the record (`.materials[2].form`) names the field that was wrong.
        match serde_path_to_error::deserialize(record) {
            Ok(r) => out.push(r),
            Err(e) => {
                let field = match e.path().to_string() {
                    path if path == "." => String::new(),
                    path => format!(".{path}"),
                };
                problems.push(format!("{key}[{i}]{shown}{field}: {}", e.inner()));
                unread.records.push((i, id));
            }
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
        assert!(problems.iter().any(|p| p.starts_with("items[1] (b).name:")));
        assert!(problems.iter().any(|p| p == "$.extra: unknown field"));
    }

    #[test]
    fn a_wrong_value_deep_in_a_record_is_named_by_its_path() {
        let mut file = tiny_json();
        file["items"][0]["materials"][2]["form"] = "paper".into();
        file["items"][1]["fee"]["amount_fen"] = (-5).into();
        file["points"][1]["lat"] = "39.1".into();
        let problems = parse_directory(&file.to_string()).unwrap_err();
        for expected in [
            "items[0] (dibao).materials[2].form: unknown variant `paper`",
            "items[1] (temporary-assistance).fee.amount_fen: invalid value",
            "points[1] (test-station).lat: invalid type",
        ] {
            assert!(
                problems.iter().any(|p| p.starts_with(expected)),
                "{expected}: {problems:?}"
            );
        }
    }

    const TINY: &str = include_str!("../../../shared/tests/fixtures/tiny-directory.json");

    fn tiny_json() -> Value {
        serde_json::from_str(TINY).unwrap()
    }

    #[test]
    fn type_errors_and_rule_errors_are_reported_in_one_run() {
        let mut file = tiny_json();
        file["items"][1]["time_limit_days"] = "three".into(); // cannot be read
        file["items"][0]["materials"][0]["copies"] = 0.into(); // a rule
        file["items"][2]["name"] = "".into(); // a rule, after the unread record
        file["points"][1]["lat"] = 123.0.into(); // a rule
        let problems = parse_directory(&file.to_string()).unwrap_err();
        let has = |needle: &str| problems.iter().any(|p| p.contains(needle));
        assert!(
            has("items[1] (temporary-assistance).time_limit_days: invalid type"),
            "{problems:?}"
        );
        assert!(has("items[0] (dibao).materials[0].copies"), "{problems:?}");
        assert!(
            has("items[2] (elderly-meals).name: must not be empty"),
            "{problems:?}"
        );
        assert!(has("points[1] (test-station).lat"), "{problems:?}");
        // test-street-center offers the unread item: that is not a second problem.
        assert!(!has("unknown item"), "{problems:?}");
        assert_eq!(problems.len(), 4, "{problems:?}");
    }

    #[test]
    fn a_missing_list_does_not_make_every_reference_into_it_unknown() {
        let mut file = tiny_json();
        file.as_object_mut().unwrap().remove("items");
        let problems = parse_directory(&file.to_string()).unwrap_err();
        assert_eq!(problems, vec!["$.items: missing".to_owned()]);
    }

    #[test]
    fn a_byte_order_mark_at_the_start_is_tolerated() {
        let with_bom = format!("\u{feff}{TINY}");
        assert_eq!(
            parse_directory(&with_bom).unwrap(),
            parse_directory(TINY).unwrap()
        );
    }

    #[test]
    fn control_characters_and_byte_order_marks_inside_text_are_refused_by_field() {
        let mut file = tiny_json();
        file["items"][0]["name"] = "最低\u{0}生活保障".into();
        file["items"][1]["materials"][0]["notes"] = "\u{feff}复印件".into();
        file["points"][0]["closures"][0]["reason"] = "国庆\n节".into();
        file["categories"][1]["name_en"] = "Elderly\u{7f}".into();
        // serde_json writes these as \u0000 escapes, as a file would carry them.
        let text = file.to_string();
        assert!(text.contains("\\u0000"));
        let problems = parse_directory(&text).unwrap_err();
        let has = |needle: &str| problems.iter().any(|p| p.contains(needle));
        assert!(
            has("items[0] (dibao).name: contains the invisible character U+0000 at character 3"),
            "{problems:?}"
        );
        assert!(
            has(
                "items[1] (temporary-assistance).materials[0].notes: contains the invisible character U+FEFF"
            ),
            "{problems:?}"
        );
        assert!(
            has(
                "points[0] (test-street-center).closures[0].reason: contains the invisible character U+000A"
            ),
            "{problems:?}"
        );
        assert!(
            has("categories[1] (elderly).name_en: contains the invisible character U+007F"),
            "{problems:?}"
        );
        assert_eq!(problems.len(), 4, "{problems:?}");
    }
}

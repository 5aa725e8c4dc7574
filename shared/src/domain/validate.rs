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

/// The records of a file that could not even be read (a field of the wrong type, a missing
/// one). They are reported by the reader; the rule checks then run on the records that were read,
/// keeping each one's place in the file and treating references to an unread record as known,
/// so that one run names every problem and no problem twice.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unread {
    pub categories: UnreadList,
    pub items: UnreadList,
    pub points: UnreadList,
}

/// The unread records of one list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnreadList {
    /// The whole list is missing or not a list: references into it are not checked.
    pub whole: bool,
    /// Place in the file and, if it could be read, id of each unread record, in file order.
    pub records: Vec<(usize, Option<String>)>,
}

impl UnreadList {
    /// The place in the file of each record that was read, in order.
    fn places(&self, read: usize) -> Vec<usize> {
        let unread: HashSet<usize> = self.records.iter().map(|(i, _)| *i).collect();
        (0..).filter(|i| !unread.contains(i)).take(read).collect()
    }
}

/// The longest name (of a record, a material, a department, a colloquial name or alias).
pub const MAX_NAME_CHARS: usize = 100;
/// The longest text (a description, eligibility, legal basis, a note).
pub const MAX_TEXT_CHARS: usize = 4000;
/// The longest address of a point.
pub const MAX_ADDRESS_CHARS: usize = 300;
/// The longest time limit, in working days.
pub const MAX_TIME_LIMIT_DAYS: u32 = 365;
/// The most copies of one material.
pub const MAX_COPIES: u32 = 20;
/// The latitudes and longitudes a point may have.
pub const LATITUDES: std::ops::RangeInclusive<f64> = -90.0..=90.0;
pub const LONGITUDES: std::ops::RangeInclusive<f64> = -180.0..=180.0;
/// The longest online address accepted (browsers and QR codes handle far longer; real service
/// addresses are well under it).
pub const MAX_URL_CHARS: usize = 1000;

/// Checks everything; an empty answer means the file may be imported.
pub fn validate(file: &DirectoryFile) -> Vec<Problem> {
    validate_read(file, &Unread::default())
}

/// Checks the records that were read from a file in which `unread` could not be.
pub fn validate_read(file: &DirectoryFile, unread: &Unread) -> Vec<Problem> {
    let mut v = Validator::default();
    if file.format != FORMAT_TAG {
        v.push(
            "$",
            "format",
            format!("expected \"{FORMAT_TAG}\", found {:?}", file.format),
        );
    }
    let places = unread.categories.places(file.categories.len());
    let categories = v.unique_ids(
        "categories",
        &unread.categories,
        places
            .iter()
            .copied()
            .zip(file.categories.iter().map(|c| c.id.as_str())),
    );
    for (c, i) in file.categories.iter().zip(&places) {
        let path = format!("categories[{i}] ({})", c.id);
        v.name(&path, "name", &c.name);
        v.name(&path, "name_en", &c.name_en);
    }
    let places = unread.items.places(file.items.len());
    let items = v.unique_ids(
        "items",
        &unread.items,
        places
            .iter()
            .copied()
            .zip(file.items.iter().map(|i| i.id.as_str())),
    );
    for (item, i) in file.items.iter().zip(&places) {
        v.item(&format!("items[{i}] ({})", item.id), item, &categories);
    }
    let places = unread.points.places(file.points.len());
    v.unique_ids(
        "points",
        &unread.points,
        places
            .iter()
            .copied()
            .zip(file.points.iter().map(|p| p.id.as_str())),
    );
    for (point, i) in file.points.iter().zip(&places) {
        v.point(&format!("points[{i}] ({})", point.id), point, &items);
    }
    v.problems
}

/// The ids a reference may name: the records read, the unread ones whose id could be read, or
/// anything at all when the whole list could not be read.
enum Known<'a> {
    Ids(HashSet<&'a str>),
    Anything,
}

impl Known<'_> {
    fn contains(&self, id: &str) -> bool {
        match self {
            Known::Ids(ids) => ids.contains(id),
            Known::Anything => true,
        }
    }
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

    /// Checks the uniqueness of the ids read (their syntax is checked by their types when the
    /// file is read); returns the ids a reference into this list may name (unread records' too:
    /// they are reported already).
    fn unique_ids<'a>(
        &mut self,
        list: &str,
        unread: &'a UnreadList,
        read: impl Iterator<Item = (usize, &'a str)>,
    ) -> Known<'a> {
        let mut first_seen: HashMap<&str, usize> = HashMap::new();
        for (i, id) in read {
            let path = format!("{list}[{i}]");
            if let Some(first) = first_seen.insert(id, i) {
                self.push(
                    &path,
                    "id",
                    format!("{id:?} is also used by {list}[{first}]"),
                );
                first_seen.insert(id, first);
            }
        }
        for (i, id) in &unread.records {
            if let Some(id) = id {
                first_seen.entry(id).or_insert(*i);
            }
        }
        if unread.whole {
            Known::Anything
        } else {
            Known::Ids(first_seen.into_keys().collect())
        }
    }

    fn name(&mut self, path: &str, field: &str, value: &str) {
        self.text(path, field, value, MAX_NAME_CHARS);
    }

    /// Text that must be there.
    fn text(&mut self, path: &str, field: &str, value: &str, max: usize) {
        if is_blank(value) {
            self.push(
                path,
                field,
                "must not be empty (or only invisible characters)",
            );
        } else {
            self.optional_text(path, field, value, max);
        }
    }

    /// Text that may be empty.
    fn optional_text(&mut self, path: &str, field: &str, value: &str, max: usize) {
        if let Some((at, c)) = forbidden_char(value) {
            self.push(
                path,
                field,
                format!(
                    "contains the invisible character U+{:04X} at character {}; remove it \
                     (control characters, line breaks and tabs included, and U+FEFF are not \
                     allowed in text)",
                    u32::from(c),
                    at + 1
                ),
            );
        }
        if value.chars().count() > max {
            self.push(path, field, format!("longer than {max} characters"));
        }
    }

    /// An English version of a text: optional, but when given it is checked like the Chinese
    /// (not empty or invisible only, no control characters, no longer than `max`), and only
    /// given where the Chinese text is there to be translated.
    fn english(
        &mut self,
        path: &str,
        field: &str,
        value: &Option<String>,
        chinese: &str,
        max: usize,
    ) {
        let Some(value) = value else { return };
        self.text(path, field, value, max);
        if chinese.is_empty() {
            let of = field.strip_suffix("_en").unwrap_or(field);
            self.push(
                path,
                field,
                format!("an English version of an empty `{of}`: give the Chinese text too, or leave both out"),
            );
        }
    }

    /// The everyday English names: each checked like a name, in English (a Chinese one belongs
    /// in `colloquial`, and a Chinese query never reaches English names), and none the same as
    /// another or as `name_en` (letter case and spacing aside).
    fn colloquial_en(&mut self, path: &str, item: &Item) {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (j, n) in item.colloquial_en.iter().enumerate() {
            let field = format!("colloquial_en[{j}]");
            self.name(path, &field, n);
            if n.chars().any(is_han) {
                self.push(
                    path,
                    &field,
                    "contains Chinese characters: Chinese everyday names go in `colloquial`",
                );
            }
            let folded = fold_name(n);
            if folded.is_empty() {
                continue;
            }
            if folded == fold_name(&item.name_en) {
                self.push(path, &field, "repeats `name_en`, which is searched already");
            } else if let Some(first) = seen.get(&folded) {
                self.push(
                    path,
                    &field,
                    format!("repeats colloquial_en[{first}] (letter case and spaces aside)"),
                );
            } else {
                seen.insert(folded, j);
            }
        }
    }

    fn online_url(&mut self, path: &str, value: &Option<String>) {
        let Some(url) = value else { return };
        if let Some(reason) = url_problem(url) {
            self.push(path, "online_url", reason);
        }
    }

    fn item(&mut self, path: &str, item: &Item, categories: &Known) {
        if !categories.contains(item.category.as_str()) {
            self.push(
                path,
                "category",
                format!("unknown category \"{}\"", item.category),
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
        self.colloquial_en(path, item);
        self.text(path, "description", &item.description, MAX_TEXT_CHARS);
        self.text(path, "eligibility", &item.eligibility, MAX_TEXT_CHARS);
        self.name(path, "department", &item.department);
        self.text(path, "legal_basis", &item.legal_basis, MAX_TEXT_CHARS);
        self.optional_text(path, "fee.note", &item.fee.note, MAX_TEXT_CHARS);
        self.english(
            path,
            "description_en",
            &item.description_en,
            &item.description,
            MAX_TEXT_CHARS,
        );
        self.english(
            path,
            "eligibility_en",
            &item.eligibility_en,
            &item.eligibility,
            MAX_TEXT_CHARS,
        );
        self.english(
            path,
            "department_en",
            &item.department_en,
            &item.department,
            MAX_NAME_CHARS,
        );
        self.english(
            path,
            "legal_basis_en",
            &item.legal_basis_en,
            &item.legal_basis,
            MAX_TEXT_CHARS,
        );
        self.english(
            path,
            "fee.note_en",
            &item.fee.note_en,
            &item.fee.note,
            MAX_TEXT_CHARS,
        );
        self.online_url(path, &item.online_url);
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
            self.optional_text(&mpath, "notes", &m.notes, MAX_TEXT_CHARS);
            self.english(&mpath, "name_en", &m.name_en, &m.name, MAX_NAME_CHARS);
            self.english(&mpath, "notes_en", &m.notes_en, &m.notes, MAX_TEXT_CHARS);
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

    fn point(&mut self, path: &str, point: &Point, items: &Known) {
        self.name(path, "name", &point.name);
        self.name(path, "district", &point.district);
        self.name(path, "subdistrict", &point.subdistrict);
        self.text(path, "address", &point.address, MAX_ADDRESS_CHARS);
        self.name(path, "phone", &point.phone);
        self.english(path, "name_en", &point.name_en, &point.name, MAX_NAME_CHARS);
        self.english(
            path,
            "district_en",
            &point.district_en,
            &point.district,
            MAX_NAME_CHARS,
        );
        self.english(
            path,
            "subdistrict_en",
            &point.subdistrict_en,
            &point.subdistrict,
            MAX_NAME_CHARS,
        );
        self.english(
            path,
            "address_en",
            &point.address_en,
            &point.address,
            MAX_ADDRESS_CHARS,
        );
        if !LATITUDES.contains(&point.lat) {
            self.push(
                path,
                "lat",
                format!("latitude {} is outside -90..90", point.lat),
            );
        }
        if !LONGITUDES.contains(&point.lng) {
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
            self.optional_text(
                path,
                &format!("closures[{j}].reason"),
                &c.reason,
                MAX_NAME_CHARS,
            );
            self.english(
                path,
                &format!("closures[{j}].reason_en"),
                &c.reason_en,
                &c.reason,
                MAX_NAME_CHARS,
            );
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
                self.push(
                    path,
                    &format!("items[{j}]"),
                    format!("unknown item \"{id}\""),
                );
            }
        }
        if let Some(twice) = first_duplicate(&point.items) {
            self.push(path, "items", format!("item \"{twice}\" is listed twice"));
        }
    }
}

/// The first character that has no place in a directory text, with its place: control
/// characters (NUL among them, which PostgreSQL cannot store; line breaks and tabs, which no
/// screen shows) and U+FEFF (a byte order mark pasted into the middle of a text).
pub(crate) fn forbidden_char(text: &str) -> Option<(usize, char)> {
    text.chars()
        .enumerate()
        .find(|(_, c)| c.is_control() || *c == '\u{feff}')
}

/// What is wrong with an online address, if anything: it must be an absolute `https://` (or
/// `http://`) address with a host, of at most [`MAX_URL_CHARS`] characters, without spaces,
/// control or invisible characters (which would hide where the link really leads).
pub fn url_problem(url: &str) -> Option<String> {
    if url.chars().count() > MAX_URL_CHARS {
        return Some(format!("longer than {MAX_URL_CHARS} characters"));
    }
    if let Some((at, c)) = url
        .chars()
        .enumerate()
        .find(|(_, c)| c.is_control() || c.is_whitespace() || is_invisible(*c))
    {
        return Some(format!(
            "contains U+{:04X} at character {}; an address has no spaces, control or invisible \
             characters",
            u32::from(c),
            at + 1
        ));
    }
    let lower = url.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return Some(format!(
            "must be an absolute address starting with https:// (or http://), found {url:?}"
        ));
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    let host = host.split(':').next().unwrap_or("");
    if host.is_empty() || authority.contains('@') {
        return Some(format!("names no host (or has a user name in it): {url:?}"));
    }
    None
}

/// Characters that take no room on a screen: a name made only of them looks empty.
/// Whether a text is empty or only spaces and invisible characters.
pub(crate) fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || is_invisible(c))
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

/// A name as compared for repeats: lowercase, words separated by single spaces.
fn fold_name(name: &str) -> String {
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A CJK ideograph (the common and extension A blocks, compatibility ideographs).
fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// The first value listed a second time.
fn first_duplicate<T: Eq + std::hash::Hash>(list: &[T]) -> Option<&T> {
    let mut seen = HashSet::new();
    list.iter().find(|x| !seen.insert(*x))
}

fn has_duplicates<T: Eq + std::hash::Hash>(list: &[T]) -> bool {
    first_duplicate(list).is_some()
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

    #[test]
    fn a_name_of_invisible_characters_is_empty_and_problems_name_the_ids_plainly() {
        let mut file = sample();
        file.items[0].name = "\u{200B}".into();
        let dibao = file.items[0].id.clone();
        file.points[0].items.push(dibao);
        let text: Vec<String> = validate(&file).iter().map(|p| p.to_string()).collect();
        assert!(
            text.iter()
                .any(|t| t.contains("(dibao).name: must not be empty")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("item \"dibao\" is listed twice")),
            "{text:?}"
        );
    }

    #[test]
    fn control_characters_and_byte_order_marks_are_found_where_they_are() {
        assert_eq!(forbidden_char("最低生活保障"), None);
        assert_eq!(forbidden_char("a\0b"), Some((1, '\0')));
        assert_eq!(forbidden_char("低保\t"), Some((2, '\t')));
        assert_eq!(forbidden_char("\u{feff}低保"), Some((0, '\u{feff}')));
        assert_eq!(forbidden_char("x\u{85}"), Some((1, '\u{85}'))); // C1 control
        assert_eq!(forbidden_char("全角　空格"), None); // U+3000 is a space, not a control
    }

    #[test]
    fn every_text_field_is_checked_for_invisible_characters() {
        let mut file = sample();
        file.items[0].fee.note = "按\r规定".into();
        file.items[0].colloquial = vec!["低\u{1}保".into()];
        file.points[1].phone = "022\u{feff}".into();
        let text: Vec<String> = validate(&file).iter().map(|p| p.to_string()).collect();
        assert_eq!(text.len(), 3, "{text:?}");
        assert!(text[0].contains("colloquial[0]: contains the invisible character U+0001"));
        assert!(text[1].contains("fee.note: contains the invisible character U+000D"));
        assert!(
            text[2].contains("points[1] (test-station).phone"),
            "{text:?}"
        );
    }

    #[test]
    fn records_read_keep_their_place_and_unread_ones_count_as_known() {
        let mut file = sample();
        // The reader could not read items[1] (temporary-assistance); the rest move up.
        file.items.remove(1);
        file.items[1].name = String::new();
        let unread = Unread {
            items: UnreadList {
                whole: false,
                records: vec![(1, Some("temporary-assistance".into()))],
            },
            ..Unread::default()
        };
        let text: Vec<String> = validate_read(&file, &unread)
            .iter()
            .map(|p| p.to_string())
            .collect();
        assert_eq!(
            text,
            vec!["items[2] (elderly-meals).name: must not be empty (or only invisible characters)"]
        );
    }

    #[test]
    fn english_texts_are_checked_like_the_chinese_and_named_by_their_path() {
        let mut file = sample();
        file.items[0].description_en = Some("\u{200B} ".into());
        file.items[0].materials[1].name_en = Some("Household\tregister".into());
        file.items[0].materials[0].notes_en = Some("Bring it".into()); // no Chinese notes
        file.items[1].department_en = Some("x".repeat(101));
        file.points[0].closures[0].reason_en = Some(String::new());
        file.points[1].address_en = Some("Lane 3\n".into());
        let text: Vec<String> = validate(&file).iter().map(|p| p.to_string()).collect();
        let expected = [
            "items[0] (dibao).description_en: must not be empty",
            "items[0] (dibao).materials[0].notes_en: an English version of an empty `notes`",
            "items[0] (dibao).materials[1].name_en: contains the invisible character U+0009",
            "items[1] (temporary-assistance).department_en: longer than 100 characters",
            "points[0] (test-street-center).closures[0].reason_en: must not be empty",
            "points[1] (test-station).address_en: contains the invisible character U+000A",
        ];
        assert_eq!(text.len(), expected.len(), "{text:?}");
        for e in expected {
            assert!(text.iter().any(|t| t.starts_with(e)), "{e} not in {text:?}");
        }
    }

    #[test]
    fn everyday_english_names_are_checked_like_names_and_never_repeat() {
        let mut file = sample();
        let name_en = file.items[0].name_en.to_uppercase();
        file.items[0].colloquial_en = vec![
            "benefit".into(),
            "Benefit ".into(),
            name_en,
            "低保".into(),
            String::new(),
            "x".repeat(101),
            "income\tsupport".into(),
        ];
        file.items[1].colloquial_en = vec!["benefit".into(), "emergency money".into()];
        let text: Vec<String> = validate(&file).iter().map(|p| p.to_string()).collect();
        let expected = [
            "items[0] (dibao).colloquial_en[1]: repeats colloquial_en[0]",
            "items[0] (dibao).colloquial_en[2]: repeats `name_en`",
            "items[0] (dibao).colloquial_en[3]: contains Chinese characters",
            "items[0] (dibao).colloquial_en[4]: must not be empty",
            "items[0] (dibao).colloquial_en[5]: longer than 100 characters",
            "items[0] (dibao).colloquial_en[6]: contains the invisible character U+0009",
        ];
        assert_eq!(text.len(), expected.len(), "{text:?}");
        for e in expected {
            assert!(text.iter().any(|t| t.starts_with(e)), "{e} not in {text:?}");
        }
        // The same everyday name on two items is allowed: both are found.
        assert!(!text.iter().any(|t| t.contains("items[1]")), "{text:?}");
    }

    #[test]
    fn online_addresses_are_absolute_web_addresses() {
        for good in [
            "https://zwfw.tj.gov.cn/item?id=1#a",
            "http://example.cn",
            "HTTPS://Example.cn/x",
        ] {
            assert_eq!(url_problem(good), None, "{good}");
        }
        for bad in [
            "",
            "zwfw.tj.gov.cn",
            "javascript:alert(1)",
            "ftp://example.cn",
            "https://",
            "https:///path",
            "https://user@evil.example",
            "https://exa mple.cn",
            "https://example.cn/\u{200B}",
            "https://example.cn/\u{7}",
        ] {
            assert!(url_problem(bad).is_some(), "{bad:?} accepted");
        }
        let long = format!("https://example.cn/{}", "a".repeat(MAX_URL_CHARS));
        assert!(url_problem(&long).unwrap().contains("longer than"));
        let mut file = sample();
        file.items[2].online_url = Some("www.example.cn".into());
        let text: Vec<String> = validate(&file).iter().map(|p| p.to_string()).collect();
        assert_eq!(text.len(), 1, "{text:?}");
        assert!(text[0].starts_with("items[2] (elderly-meals).online_url: must be an absolute"));
    }
}

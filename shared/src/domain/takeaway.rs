//! What a resident takes away: how far a point is in words, links that open a point in the map
//! apps residents use, and one list of materials for several errands at once.
//!
//! **The same material.** Two items ask for the same material when their names are the same
//! after [`material_key`]: spaces (of any width) removed, full-width letters and digits folded
//! to ASCII, letters in lower case. `居民身份证` and `居民 身份证` are one material;
//! `居民身份证` and `监护人居民身份证` are two (different people's cards). A merged material
//! asks for the most copies any item asks for (one ID card photocopy serves both windows only
//! if it is handed over twice, so the larger number is what to bring at the least), and for the
//! form that covers every item's (an original and a copy when one item wants the original and
//! another a photocopy).

use crate::directory::{HoursRule, Material, MaterialForm};
use crate::domain::geo::SixDecimals;
use crate::domain::hours::{OpenInterval, Weekday, intervals_on};
use crate::error::Lang;

/// A distance as residents read it: whole metres below 1 km (rounded to 10 m), kilometres with
/// one decimal below 10 km, whole kilometres above. `850 米` / `850 m`, `1.2 公里` / `1.2 km`.
pub fn format_distance(lang: Lang, metres: u32) -> String {
    let (m, km) = match lang {
        Lang::Zh => ("米", "公里"),
        Lang::En => ("m", "km"),
    };
    if metres < 995 {
        // 10 m steps: a phone's fix is not better than that. Never "0 m".
        let rounded = ((metres + 5) / 10 * 10).max(10);
        format!("{rounded} {m}")
    } else if metres < 9_950 {
        let tenths = (metres + 50) / 100;
        format!("{}.{} {km}", tenths / 10, tenths % 10)
    } else {
        format!("{} {km}", (metres + 500) / 1000)
    }
}

/// Who opens a map link: the app's name as the map services ask for it (`src`).
const MAP_SOURCE: &str = "webapp.linli.community";

/// Amap (高德地图)'s public marker URI for a point. The directory's coordinates are WGS-84
/// (docs/DIRECTORY_FORMAT.md) and Amap draws GCJ-02, so `coordinate=wgs84` asks it to convert;
/// `callnative=1` opens the Amap app when it is installed, else its web map.
pub fn amap_marker_url(lat: f64, lng: f64, name: &str) -> String {
    format!(
        "https://uri.amap.com/marker?position={},{}&name={}&src={MAP_SOURCE}&coordinate=wgs84&callnative=1",
        SixDecimals(lng),
        SixDecimals(lat),
        crate::query::encode(name)
    )
}

/// Baidu Maps (百度地图)'s public marker URI for a point. Baidu draws BD-09, so
/// `coord_type=wgs84` says which datum the coordinates are in; `output=html` opens the web map
/// (which offers the app and directions).
pub fn baidu_marker_url(lat: f64, lng: f64, name: &str, address: &str) -> String {
    format!(
        "https://api.map.baidu.com/marker?location={},{}&title={}&content={}&coord_type=wgs84&output=html&src={MAP_SOURCE}",
        SixDecimals(lat),
        SixDecimals(lng),
        crate::query::encode(name),
        crate::query::encode(address)
    )
}

/// A phone number as a `tel:` link: digits and a leading `+` kept, separators dropped.
pub fn tel_href(phone: &str) -> String {
    let digits: String = phone
        .chars()
        .enumerate()
        .filter(|&(i, c)| c.is_ascii_digit() || (i == 0 && c == '+'))
        .map(|(_, c)| c)
        .collect();
    format!("tel:{digits}")
}

/// The text two materials are compared by (see the module's notes on "the same material").
pub fn material_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            // Full-width ASCII (！ to ～) to its half-width letter.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// One material of a merged list, and which items (their index in the list given) need it.
#[derive(Debug, Clone, PartialEq)]
pub struct MergedMaterial {
    /// As the first item names it, with the most copies and a covering form; its own `notes`
    /// are empty: every item's note is in [`MergedMaterial::notes`], with the items it is for.
    pub material: Material,
    /// Indexes into the items given to [`merge_materials`], in order, each once.
    pub needed_by: Vec<usize>,
    /// The items' notes on this material, each text once, in the order first met.
    pub notes: Vec<MergedNote>,
}

/// A note on a merged material ("家庭成员均需提供") and the items whose note it is: when a
/// material serves several errands, the resident must know which errand asks for what.
#[derive(Debug, Clone, PartialEq)]
pub struct MergedNote {
    pub text: String,
    pub text_en: Option<String>,
    /// Indexes into the items given to [`merge_materials`], in order, each once.
    pub for_items: Vec<usize>,
}

impl MergedMaterial {
    /// Whether a note needs to say which errands it is for: not when it holds for every item
    /// that needs the material (then it is simply the material's note).
    pub fn note_needs_names(&self, note: &MergedNote) -> bool {
        note.for_items.len() < self.needed_by.len()
    }

    fn add_note(&mut self, index: usize, material: &Material) {
        let text = material.notes.trim();
        if text.is_empty() {
            return;
        }
        match self.notes.iter_mut().find(|n| n.text == text) {
            Some(note) => {
                if !note.for_items.contains(&index) {
                    note.for_items.push(index);
                }
                if note.text_en.is_none() {
                    note.text_en = english_of(material);
                }
            }
            None => self.notes.push(MergedNote {
                text: text.to_owned(),
                text_en: english_of(material),
                for_items: vec![index],
            }),
        }
    }
}

fn english_of(material: &Material) -> Option<String> {
    material
        .notes_en
        .as_deref()
        .map(str::trim)
        .filter(|en| !en.is_empty())
        .map(str::to_owned)
}

/// The materials of several items as one list: each material once (see "the same material"
/// above), in the order first met, item by item.
pub fn merge_materials<'a>(items: impl IntoIterator<Item = &'a [Material]>) -> Vec<MergedMaterial> {
    let mut merged: Vec<(String, MergedMaterial)> = Vec::new();
    for (index, materials) in items.into_iter().enumerate() {
        for material in materials {
            let key = material_key(&material.name);
            let position = match merged.iter().position(|(k, _)| *k == key) {
                Some(position) => {
                    let m = &mut merged[position].1;
                    m.material.copies = m.material.copies.max(material.copies);
                    m.material.form = covering_form(m.material.form, material.form);
                    if !m.needed_by.contains(&index) {
                        m.needed_by.push(index);
                    }
                    position
                }
                None => {
                    merged.push((
                        key,
                        MergedMaterial {
                            material: Material {
                                notes: String::new(),
                                notes_en: None,
                                ..material.clone()
                            },
                            needed_by: vec![index],
                            notes: Vec::new(),
                        },
                    ));
                    merged.len() - 1
                }
            };
            merged[position].1.add_note(index, material);
        }
    }
    merged.into_iter().map(|(_, m)| m).collect()
}

/// The form that satisfies two items asking for the same material in different forms.
fn covering_form(a: MaterialForm, b: MaterialForm) -> MaterialForm {
    use MaterialForm::*;
    match (a, b) {
        _ if a == b => a,
        (OriginalAndCopy, _) | (_, OriginalAndCopy) => OriginalAndCopy,
        (Original, Copy) | (Copy, Original) => OriginalAndCopy,
        // An original serves where an electronic licence would do.
        (Original, Electronic) | (Electronic, Original) => Original,
        (Copy, Electronic) | (Electronic, Copy) => Copy,
        // A form to fill in and a document of the same name: bring the document.
        (Form, other) | (other, Form) => other,
        _ => a,
    }
}

/// Where to go for a list of errands, for the printout: each errand's points in the order its
/// page lists them (the kiosk's own point first, then open ones, nearest first when a location
/// is known). One point that handles every errand is the answer when there is one: the first of
/// the first errand's points that all the others list too, so the resident makes one trip. Else
/// each errand's first point, a point serving several errands named once with all of them.
/// Returns each place (an index into `errands[e]`'s own list is not needed: its id) with the
/// errands (indexes into `errands`) it is for, in order; an errand no point lists is left out.
pub fn places_for_errands<'a, T: PartialEq + ?Sized>(
    errands: &[Vec<&'a T>],
) -> Vec<(&'a T, Vec<usize>)> {
    let listed: Vec<usize> = (0..errands.len())
        .filter(|&e| !errands[e].is_empty())
        .collect();
    let Some(&first) = listed.first() else {
        return Vec::new();
    };
    let everywhere = errands[first]
        .iter()
        .find(|point| listed.iter().all(|&e| errands[e].contains(point)));
    if let Some(point) = everywhere {
        return vec![(*point, listed)];
    }
    let mut places: Vec<(&'a T, Vec<usize>)> = Vec::new();
    for e in listed {
        let point = errands[e][0];
        match places.iter_mut().find(|(p, _)| *p == point) {
            Some((_, for_errands)) => for_errands.push(e),
            None => places.push((point, vec![e])),
        }
    }
    places
}

/// A week's opening hours, short enough for a printout: the days with the same hours together
/// (`Mon, Wed, Fri 08:30–12:00, 13:00–17:30`), in the order of their first day; closed days
/// left out. Each group's days are in weekday order.
pub fn week_groups(hours: &[HoursRule]) -> Vec<(Vec<Weekday>, Vec<OpenInterval>)> {
    let mut groups: Vec<(Vec<Weekday>, Vec<OpenInterval>)> = Vec::new();
    for day in Weekday::ALL {
        let today = intervals_on(hours, day);
        if today.is_empty() {
            continue;
        }
        match groups.iter_mut().find(|(_, intervals)| *intervals == today) {
            Some((days, _)) => days.push(day),
            None => groups.push((vec![day], today)),
        }
    }
    groups
}

/// Runs of consecutive days in a group of [`week_groups`]: `[Mon, Tue, Wed, Fri]` is
/// `[(Mon, Wed), (Fri, Fri)]`, to be read "Mon–Wed, Fri".
pub fn day_runs(days: &[Weekday]) -> Vec<(Weekday, Weekday)> {
    let index = |d: Weekday| Weekday::ALL.iter().position(|&w| w == d).unwrap_or(0);
    let mut runs: Vec<(Weekday, Weekday)> = Vec::new();
    for &day in days {
        match runs.last_mut() {
            Some((_, last)) if index(*last) + 1 == index(day) => *last = day,
            _ => runs.push((day, day)),
        }
    }
    runs
}

/// The date in China (UTC+8, no daylight saving) at `epoch_ms` milliseconds since 1970 (a
/// device clock's `Date.now()`): a kiosk whose clock is set to UTC would otherwise print
/// yesterday's date on a sheet printed before 08:00.
pub fn china_date(epoch_ms: f64) -> Option<chrono::NaiveDate> {
    const EIGHT_HOURS_MS: i64 = 8 * 3_600_000;
    if !epoch_ms.is_finite() {
        return None;
    }
    chrono::DateTime::from_timestamp_millis(epoch_ms as i64 + EIGHT_HOURS_MS)
        .map(|t| t.date_naive())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_print_date_is_chinas_date_whatever_the_device_zone() {
        let at = |s: &str| {
            chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M")
                .unwrap()
                .and_utc()
                .timestamp_millis() as f64
        };
        // 23:30 UTC on the 24th is 07:30 on the 25th in Tianjin.
        assert_eq!(
            china_date(at("2026-11-24 23:30")).unwrap().to_string(),
            "2026-11-25"
        );
        assert_eq!(
            china_date(at("2026-11-24 15:59")).unwrap().to_string(),
            "2026-11-24"
        );
        assert_eq!(
            china_date(at("2026-12-31 16:00")).unwrap().to_string(),
            "2027-01-01"
        );
        assert_eq!(china_date(f64::NAN), None);
    }

    #[test]
    fn distances_read_naturally_in_both_languages() {
        assert_eq!(format_distance(Lang::Zh, 0), "10 米");
        assert_eq!(format_distance(Lang::En, 4), "10 m");
        assert_eq!(format_distance(Lang::Zh, 847), "850 米");
        assert_eq!(format_distance(Lang::En, 994), "990 m");
        assert_eq!(format_distance(Lang::En, 995), "1.0 km");
        assert_eq!(format_distance(Lang::Zh, 1_249), "1.2 公里");
        assert_eq!(format_distance(Lang::En, 1_250), "1.3 km");
        assert_eq!(format_distance(Lang::En, 9_949), "9.9 km");
        assert_eq!(format_distance(Lang::Zh, 9_950), "10 公里");
        assert_eq!(format_distance(Lang::En, 123_456), "123 km");
    }

    #[test]
    fn map_links_carry_the_coordinates_their_datum_and_the_name() {
        let amap = amap_marker_url(39.1285, 117.119, "西营门 中心");
        assert_eq!(
            amap,
            "https://uri.amap.com/marker?position=117.119000,39.128500\
             &name=%E8%A5%BF%E8%90%A5%E9%97%A8%20%E4%B8%AD%E5%BF%83\
             &src=webapp.linli.community&coordinate=wgs84&callnative=1"
        );
        let baidu = baidu_marker_url(39.1285, 117.119, "A&B", "1号");
        assert!(
            baidu.starts_with("https://api.map.baidu.com/marker?location=39.128500,117.119000&"),
            "{baidu}"
        );
        assert!(baidu.contains("title=A%26B&content=1%E5%8F%B7&coord_type=wgs84&output=html&src="));
    }

    #[test]
    fn phone_numbers_become_tel_links() {
        assert_eq!(tel_href("022-27391201"), "tel:02227391201");
        assert_eq!(tel_href("+86 22 2739 1201"), "tel:+862227391201");
    }

    fn material(name: &str, form: MaterialForm, copies: u32, notes: &str) -> Material {
        Material {
            name: name.to_owned(),
            name_en: None,
            form,
            copies,
            notes: notes.to_owned(),
            notes_en: None,
        }
    }

    /// The notes of a merged material as (text, English, items).
    fn notes_of(m: &MergedMaterial) -> Vec<(&str, Option<&str>, Vec<usize>)> {
        m.notes
            .iter()
            .map(|n| (n.text.as_str(), n.text_en.as_deref(), n.for_items.clone()))
            .collect()
    }

    #[test]
    fn each_note_keeps_its_english_and_the_errands_it_is_for() {
        let with_en = |notes: &str, en: Option<&str>| Material {
            notes_en: en.map(str::to_owned),
            ..material("居民身份证", MaterialForm::Copy, 1, notes)
        };
        let merged = merge_materials([
            &[with_en("", None)][..],
            &[with_en("本人", Some("Your own"))][..],
            &[with_en("家人", None)][..],
            &[with_en("本人", Some("Your own"))][..],
        ]);
        let id_card = &merged[0];
        assert_eq!(id_card.needed_by, [0, 1, 2, 3]);
        assert_eq!(
            notes_of(id_card),
            [
                ("本人", Some("Your own"), vec![1, 3]),
                ("家人", None, vec![2]),
            ]
        );
        assert!(id_card.material.notes.is_empty());
        assert!(id_card.note_needs_names(&id_card.notes[0]));
        // A note every errand gives is the material's own: no names needed.
        let same = [material("户口簿", MaterialForm::Original, 1, "原件")];
        let merged = merge_materials([&same[..], &same[..]]);
        assert_eq!(notes_of(&merged[0]), [("原件", None, vec![0, 1])]);
        assert!(!merged[0].note_needs_names(&merged[0].notes[0]));
    }

    #[test]
    fn the_same_name_is_one_material_with_the_most_copies_and_every_item() {
        use MaterialForm::*;
        let dibao = [
            material("居民身份证", OriginalAndCopy, 1, "家庭成员均需提供"),
            material("户口簿", OriginalAndCopy, 1, ""),
        ];
        let card = [
            material("一寸照片", Original, 2, ""),
            material("居民 身份证", Copy, 3, ""),
        ];
        let merged = merge_materials([&dibao[..], &card[..]]);
        let names: Vec<&str> = merged.iter().map(|m| m.material.name.as_str()).collect();
        assert_eq!(names, ["居民身份证", "户口簿", "一寸照片"]);
        let id_card = &merged[0];
        assert_eq!(id_card.material.copies, 3, "the largest number of copies");
        assert_eq!(id_card.material.form, OriginalAndCopy);
        assert_eq!(notes_of(id_card), [("家庭成员均需提供", None, vec![0])]);
        assert!(
            id_card.note_needs_names(&id_card.notes[0]),
            "the note is the first errand's"
        );
        assert_eq!(id_card.needed_by, [0, 1]);
        assert_eq!(merged[1].needed_by, [0]);
        assert_eq!(merged[2].needed_by, [1]);
    }

    #[test]
    fn names_are_compared_without_spaces_width_or_case() {
        assert_eq!(material_key(" ＩＤ　Card "), "idcard");
        assert_eq!(material_key("居民身份证"), material_key("居民 身份证"));
        assert_ne!(material_key("居民身份证"), material_key("监护人居民身份证"));
    }

    #[test]
    fn forms_combine_into_one_that_serves_every_item_and_notes_are_kept_once() {
        use MaterialForm::*;
        let merged = |a: MaterialForm, b: MaterialForm| {
            let (x, y) = ([material("证", a, 1, "n")], [material("证", b, 1, "n")]);
            merge_materials([&x[..], &y[..]]).remove(0)
        };
        assert_eq!(merged(Original, Copy).material.form, OriginalAndCopy);
        assert_eq!(merged(Electronic, Original).material.form, Original);
        assert_eq!(merged(Copy, Copy).material.form, Copy);
        assert_eq!(merged(Form, Copy).material.form, Copy);
        assert_eq!(
            notes_of(&merged(Copy, Copy)),
            [("n", None, vec![0, 1])],
            "the same note once"
        );
        // One item listing a material twice still names the item once.
        let twice = [material("证", Copy, 1, ""), material("证", Copy, 2, "")];
        let m = merge_materials([&twice[..]]);
        assert_eq!(
            (m.len(), m[0].material.copies, m[0].needed_by.clone()),
            (1, 2, vec![0])
        );
        assert!(merge_materials(std::iter::empty::<&[Material]>()).is_empty());
    }

    #[test]
    fn a_list_goes_to_one_point_for_every_errand_when_there_is_one() {
        // Both errands at b (the first errand lists a first, but the second has no a).
        let errands = vec![vec!["a", "b", "c"], vec!["c", "b"]];
        assert_eq!(places_for_errands(&errands), [("b", vec![0, 1])]);
        // The kiosk's own point comes first in every list that has it: it wins.
        let kiosk = vec![vec!["here", "x"], vec!["here", "y"], vec!["here"]];
        assert_eq!(places_for_errands(&kiosk), [("here", vec![0, 1, 2])]);
        // One errand: its first point.
        assert_eq!(places_for_errands(&[vec!["a", "b"]]), [("a", vec![0])]);
    }

    #[test]
    fn without_a_common_point_each_errand_gets_its_first_named_once() {
        let errands = vec![vec!["a", "b"], vec!["c"], vec!["a", "d"], vec![]];
        assert_eq!(
            places_for_errands(&errands),
            [("a", vec![0, 2]), ("c", vec![1])],
            "a serves errands 0 and 2; errand 3 has no point and is left out"
        );
        // An errand without points does not stop the others sharing one.
        let errands = vec![vec![], vec!["a", "b"], vec!["b"]];
        assert_eq!(places_for_errands(&errands), [("b", vec![1, 2])]);
        assert!(places_for_errands::<str>(&[vec![], vec![]]).is_empty());
        assert!(places_for_errands::<str>(&[]).is_empty());
    }

    #[test]
    fn a_week_shrinks_to_the_days_with_the_same_hours() {
        use Weekday::*;
        let rules: Vec<HoursRule> = serde_json::from_str(
            r#"[{"days":["mon","tue","wed"],"opens":"08:30","closes":"17:30"},
                {"days":["thu"],"opens":"08:30","closes":"12:00"},
                {"days":["fri"],"opens":"08:30","closes":"17:30"},
                {"days":["sun"],"opens":"09:00","closes":"12:00"}]"#,
        )
        .unwrap();
        let groups: Vec<(Vec<Weekday>, usize)> = week_groups(&rules)
            .into_iter()
            .map(|(days, i)| (days, i.len()))
            .collect();
        assert_eq!(
            groups,
            [
                (vec![Mon, Tue, Wed, Fri], 1),
                (vec![Thu], 1),
                (vec![Sun], 1),
            ]
        );
        assert!(week_groups(&[]).is_empty());
        assert_eq!(day_runs(&[Mon, Tue, Wed, Fri]), [(Mon, Wed), (Fri, Fri)]);
        assert_eq!(day_runs(&[Sat, Sun]), [(Sat, Sun)]);
        assert!(day_runs(&[]).is_empty());
    }
}

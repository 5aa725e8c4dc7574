//! Which resident-facing texts lack their English version: the app says so once on a page
//! instead of mixing languages silently, and a test holds the demo directory to having all of
//! them. A text that is empty in Chinese (no notes, no fee note) needs no English.

use crate::api::{ItemDetail, PointDetail, PointSummary};
use crate::directory::{DirectoryFile, Item, Point};

/// Whether a Chinese text that is there has no English beside it.
fn lacks(zh: &str, en: &Option<String>) -> bool {
    !zh.is_empty() && en.is_none()
}

/// The fields of an item (its materials included) that lack English, named as in the file
/// (`description_en`, `materials[1].name_en`).
pub fn untranslated_item(item: &Item) -> Vec<String> {
    let mut missing = Vec::new();
    let fields = [
        ("description_en", &item.description, &item.description_en),
        ("eligibility_en", &item.eligibility, &item.eligibility_en),
        ("department_en", &item.department, &item.department_en),
        ("legal_basis_en", &item.legal_basis, &item.legal_basis_en),
        ("fee.note_en", &item.fee.note, &item.fee.note_en),
    ];
    for (field, zh, en) in fields {
        if lacks(zh, en) {
            missing.push(field.to_owned());
        }
    }
    if item.name_en.trim().is_empty() {
        missing.push("name_en".to_owned());
    }
    for (j, m) in item.materials.iter().enumerate() {
        if lacks(&m.name, &m.name_en) {
            missing.push(format!("materials[{j}].name_en"));
        }
        if lacks(&m.notes, &m.notes_en) {
            missing.push(format!("materials[{j}].notes_en"));
        }
    }
    missing
}

/// The fields of a point (its closures included) that lack English.
pub fn untranslated_point(point: &Point) -> Vec<String> {
    let mut missing = Vec::new();
    let fields = [
        ("name_en", &point.name, &point.name_en),
        ("district_en", &point.district, &point.district_en),
        ("subdistrict_en", &point.subdistrict, &point.subdistrict_en),
        ("address_en", &point.address, &point.address_en),
    ];
    for (field, zh, en) in fields {
        if lacks(zh, en) {
            missing.push(field.to_owned());
        }
    }
    for (j, c) in point.closures.iter().enumerate() {
        if lacks(&c.reason, &c.reason_en) {
            missing.push(format!("closures[{j}].reason_en"));
        }
    }
    missing
}

/// Every text of a directory that lacks English, with its record: `items[3] (dibao).eligibility_en`.
pub fn untranslated(file: &DirectoryFile) -> Vec<String> {
    let items = file.items.iter().enumerate().flat_map(|(i, item)| {
        untranslated_item(item)
            .into_iter()
            .map(move |f| format!("items[{i}] ({}).{f}", item.id))
    });
    let points = file.points.iter().enumerate().flat_map(|(i, point)| {
        untranslated_point(point)
            .into_iter()
            .map(move |f| format!("points[{i}] ({}).{f}", point.id))
    });
    items.chain(points).collect()
}

fn summary_lacks(p: &PointSummary) -> bool {
    lacks(&p.name, &p.name_en)
        || lacks(&p.subdistrict, &p.subdistrict_en)
        || lacks(&p.address, &p.address_en)
}

/// Whether an item's page would show some text only in Chinese.
pub fn item_detail_lacks_english(detail: &ItemDetail) -> bool {
    !untranslated_item(&detail.item).is_empty() || detail.points.iter().any(summary_lacks)
}

/// Whether a point's page would show some text only in Chinese (its items' names are always
/// there in English).
pub fn point_detail_lacks_english(detail: &PointDetail) -> bool {
    lacks(&detail.name, &detail.name_en)
        || lacks(&detail.subdistrict, &detail.subdistrict_en)
        || lacks(&detail.address, &detail.address_en)
        || detail
            .closed_today_for
            .as_ref()
            .is_some_and(|r| lacks(r, &detail.closed_today_for_en))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> DirectoryFile {
        serde_json::from_str(include_str!("../../tests/fixtures/tiny-directory.json")).unwrap()
    }

    #[test]
    fn a_fully_translated_item_and_point_lack_nothing() {
        let file = tiny();
        assert_eq!(untranslated_item(&file.items[0]), Vec::<String>::new());
        assert_eq!(untranslated_point(&file.points[0]), Vec::<String>::new());
    }

    #[test]
    fn each_missing_english_text_is_named_and_empty_chinese_texts_need_none() {
        let file = tiny();
        // temporary-assistance has no English beyond its name; it has no notes or fee note.
        assert_eq!(
            untranslated_item(&file.items[1]),
            [
                "description_en",
                "eligibility_en",
                "department_en",
                "legal_basis_en",
                "materials[0].name_en",
                "materials[1].name_en"
            ]
        );
        let all = untranslated(&file);
        assert!(all.contains(&"items[1] (temporary-assistance).description_en".to_owned()));
        assert!(all.contains(&"points[1] (test-station).address_en".to_owned()));
        assert!(!all.iter().any(|p| p.contains("(dibao)")), "{all:?}");
    }
}

//! Drafts of directory edits: what a staff member changed, kept apart from what residents see
//! until it is published.
//!
//! A draft holds whole records in the directory file format (a category, an item with its
//! materials, a point with its hours, closures and offerings), each with the version of the
//! published record it was edited from. A record's version is a digest of its published
//! contents: it changes exactly when the record does, so a copy edited from an older version is
//! stale whatever changed it (another draft's publish, an import). Publishing applies the
//! draft to the published directory ([`apply`]); the console shows the difference field by
//! field ([`field_changes`]).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::directory::{Category, DirectoryFile, Item, Point};
use crate::domain::staff::{Action, Actor, Place, Role, Target, may};

/// The kinds of record a draft holds. Offerings are part of their point (`items`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DraftKind {
    Category,
    Item,
    Point,
}

impl DraftKind {
    pub const ALL: [DraftKind; 3] = [DraftKind::Category, DraftKind::Item, DraftKind::Point];

    /// The stable name, stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            DraftKind::Category => "category",
            DraftKind::Item => "item",
            DraftKind::Point => "point",
        }
    }

    pub fn parse(text: &str) -> Option<DraftKind> {
        DraftKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// One record of a draft, as its JSON in the directory file format.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftRecord {
    pub kind: DraftKind,
    pub id: String,
    /// The version of the published record it was edited from; `None` for a new record.
    pub base_version: Option<String>,
    /// The record as it should be; `None` retires it.
    pub record: Option<Value>,
}

/// The version of a published record: a digest (64-bit FNV-1a, hex) of its JSON text. The
/// directory types serialise their fields in a fixed order, so equal records have equal
/// versions on every instance.
pub fn version_of(record: &Value) -> String {
    let text = record.to_string();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// The published record of `kind` and `id` in `file`, as JSON.
pub fn published(file: &DirectoryFile, kind: DraftKind, id: &str) -> Option<Value> {
    fn find<T: Serialize>(list: &[T], id: impl Fn(&T) -> &str, wanted: &str) -> Option<Value> {
        list.iter()
            .find(|r| id(r) == wanted)
            .and_then(|r| serde_json::to_value(r).ok())
    }
    match kind {
        DraftKind::Category => find(&file.categories, |c: &Category| c.id.as_str(), id),
        DraftKind::Item => find(&file.items, |i: &Item| i.id.as_str(), id),
        DraftKind::Point => find(&file.points, |p: &Point| p.id.as_str(), id),
    }
}

/// Why a draft cannot be applied as it is.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DraftProblem {
    /// The record changed since the draft copied it (or appeared, for a new one): the current
    /// published record is given.
    #[error("{kind:?} {id} changed since it was copied into the draft")]
    Stale {
        kind: DraftKind,
        id: String,
        current: Option<Value>,
    },
    /// A draft record that is not a record of its kind (it cannot be read).
    #[error("{kind:?} {id}: {reason}")]
    Unreadable {
        kind: DraftKind,
        id: String,
        reason: String,
    },
}

/// Whether a draft record's base is still the published record: `Err` with the current one if
/// not.
pub fn check_base(file: &DirectoryFile, entry: &DraftRecord) -> Result<(), DraftProblem> {
    let current = published(file, entry.kind, &entry.id);
    let current_version = current.as_ref().map(version_of);
    if current_version == entry.base_version {
        Ok(())
    } else {
        Err(DraftProblem::Stale {
            kind: entry.kind,
            id: entry.id.clone(),
            current,
        })
    }
}

/// The directory that publishing `entries` onto `file` makes: an edited record keeps its place,
/// a new one goes at the end of its list, a retired one leaves it. Every base must be current
/// (checked first, the first stale one is the answer).
pub fn apply(file: &DirectoryFile, entries: &[DraftRecord]) -> Result<DirectoryFile, DraftProblem> {
    for entry in entries {
        check_base(file, entry)?;
    }
    let mut out = file.clone();
    for entry in entries {
        match entry.kind {
            DraftKind::Category => put(&mut out.categories, entry, |c: &Category| c.id.as_str())?,
            DraftKind::Item => put(&mut out.items, entry, |i: &Item| i.id.as_str())?,
            DraftKind::Point => put(&mut out.points, entry, |p: &Point| p.id.as_str())?,
        }
    }
    Ok(out)
}

fn put<T: serde::de::DeserializeOwned>(
    list: &mut Vec<T>,
    entry: &DraftRecord,
    id: impl Fn(&T) -> &str,
) -> Result<(), DraftProblem> {
    let place = list.iter().position(|r| id(r) == entry.id);
    let record = match &entry.record {
        None => {
            if let Some(i) = place {
                list.remove(i);
            }
            return Ok(());
        }
        Some(value) => {
            serde_json::from_value::<T>(value.clone()).map_err(|e| DraftProblem::Unreadable {
                kind: entry.kind,
                id: entry.id.clone(),
                reason: e.to_string(),
            })?
        }
    };
    if id(&record) != entry.id {
        return Err(DraftProblem::Unreadable {
            kind: entry.kind,
            id: entry.id.clone(),
            reason: format!("the record's id is {:?}", id(&record)),
        });
    }
    match place {
        Some(i) => list[i] = record,
        None => list.push(record),
    }
    Ok(())
}

/// One field that differs between the published record and the draft's: its path in the record
/// (`materials[3]`, `fee.amount_fen`, `hours[0].closes`), and its value on each side (`None`
/// where it is absent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    pub field: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub before: Option<Value>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub after: Option<Value>,
}

/// The fields that differ from `before` to `after`, keys in alphabetical order (JSON objects
/// are kept sorted), list elements in order. Objects are compared
/// key by key and lists element by element, down to the first level where the two sides are
/// not both an object or both a list: a material added is one change (`materials[3]`), a copy
/// count changed is one change (`materials[0].copies`). A whole record added or retired is one
/// change with the empty path.
pub fn field_changes(before: Option<&Value>, after: Option<&Value>) -> Vec<FieldChange> {
    let mut out = Vec::new();
    walk("", before, after, &mut out);
    out
}

fn walk(path: &str, before: Option<&Value>, after: Option<&Value>, out: &mut Vec<FieldChange>) {
    let join = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    match (before, after) {
        (Some(Value::Object(b)), Some(Value::Object(a))) => {
            for (key, value) in a {
                walk(&join(key), b.get(key), Some(value), out);
            }
            for (key, value) in b {
                if !a.contains_key(key) {
                    walk(&join(key), Some(value), None, out);
                }
            }
        }
        (Some(Value::Array(b)), Some(Value::Array(a))) => {
            for i in 0..a.len().max(b.len()) {
                walk(&format!("{path}[{i}]"), b.get(i), a.get(i), out);
            }
        }
        (b, a) if b != a => out.push(FieldChange {
            field: path.to_owned(),
            before: b.cloned(),
            after: a.cloned(),
        }),
        _ => {}
    }
}

/// What a point manager may change of their own point: its hours (with breaks), closures,
/// offerings and phone. Anything else (name, place, coordinates) is for the district's admin;
/// creating or retiring a point too.
pub fn only_manager_fields(before: Option<&Point>, after: Option<&Point>) -> bool {
    let (Some(before), Some(after)) = (before, after) else {
        return false;
    };
    let mut kept = after.clone();
    kept.hours = before.hours.clone();
    kept.closures = before.closures.clone();
    kept.items = before.items.clone();
    kept.phone = before.phone.clone();
    kept == *before
}

/// Whether `actor` may put into a draft the change of a record of `kind` from `before` (the
/// published record, `None` if new) to `after` (`None`: retired). Categories and items are the
/// catalogue's; a point is edited by whoever may edit it where it is and where it goes, and a
/// point manager changes only what [`only_manager_fields`] allows.
pub fn may_edit(
    actor: &Actor<'_>,
    kind: DraftKind,
    before: Option<&Value>,
    after: Option<&Value>,
) -> bool {
    match kind {
        DraftKind::Category | DraftKind::Item => {
            may(actor, Action::EditCatalogue, &Target::Nothing)
        }
        DraftKind::Point => {
            let read = |v: Option<&Value>| -> Result<Option<Point>, ()> {
                v.map(|v| serde_json::from_value::<Point>(v.clone()).map_err(|_| ()))
                    .transpose()
            };
            let (Ok(before), Ok(after)) = (read(before), read(after)) else {
                return false;
            };
            if before.is_none() && after.is_none() {
                return false;
            }
            let here = |p: &Point| {
                may(
                    actor,
                    Action::EditPoint,
                    &Target::Point(Place {
                        district: Some(&p.district),
                        point: Some(p.id.as_str()),
                    }),
                )
            };
            before.iter().chain(after.iter()).all(here)
                && (actor.role != Role::PointManager
                    || only_manager_fields(before.as_ref(), after.as_ref()))
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::directory::FORMAT_TAG;
    use crate::domain::staff::Scope;

    fn file() -> DirectoryFile {
        serde_json::from_value(json!({
            "format": FORMAT_TAG,
            "categories": [{"id": "social", "name": "社会救助", "name_en": "Social assistance"}],
            "items": [{
                "id": "dibao", "category": "social", "name": "最低生活保障", "name_en": "Dibao",
                "description": "d", "eligibility": "e",
                "materials": [{"name": "身份证", "form": "original", "copies": 1}],
                "fee": {"amount_fen": 0}, "time_limit_days": 20, "channels": ["window"],
                "department": "民政局", "legal_basis": "条例"
            }],
            "points": [{
                "id": "station", "name": "站", "kind": "community_station", "district": "西青区",
                "subdistrict": "街道", "address": "路", "lat": 39.1, "lng": 117.0,
                "phone": "022-1", "hours": [], "items": ["dibao"]
            }]
        }))
        .unwrap()
    }

    fn edit(
        file: &DirectoryFile,
        kind: DraftKind,
        id: &str,
        f: impl Fn(&mut Value),
    ) -> DraftRecord {
        let current = published(file, kind, id).unwrap();
        let mut record = current.clone();
        f(&mut record);
        DraftRecord {
            kind,
            id: id.to_owned(),
            base_version: Some(version_of(&current)),
            record: Some(record),
        }
    }

    #[test]
    fn a_version_changes_with_the_record_and_only_with_it() {
        let file = file();
        let a = published(&file, DraftKind::Item, "dibao").unwrap();
        assert_eq!(version_of(&a), version_of(&a.clone()));
        let mut b = a.clone();
        b["materials"][0]["copies"] = json!(2);
        assert_ne!(version_of(&a), version_of(&b));
        assert_eq!(version_of(&a).len(), 16);
    }

    #[test]
    fn applying_edits_adds_and_retires_in_place() {
        let file = file();
        let material = edit(&file, DraftKind::Item, "dibao", |r| {
            r["materials"]
                .as_array_mut()
                .unwrap()
                .push(json!({"name": "户口簿", "form": "copy", "copies": 1}))
        });
        let new_category = DraftRecord {
            kind: DraftKind::Category,
            id: "health".into(),
            base_version: None,
            record: Some(json!({"id": "health", "name": "卫生", "name_en": "Health"})),
        };
        let retire = DraftRecord {
            record: None,
            ..edit(&file, DraftKind::Point, "station", |_| {})
        };
        let out = apply(&file, &[material, new_category, retire]).unwrap();
        assert_eq!(out.items[0].materials.len(), 2);
        assert_eq!(out.items[0].materials[1].name, "户口簿");
        assert_eq!(out.categories[1].id.as_str(), "health");
        assert!(out.points.is_empty());
    }

    #[test]
    fn a_stale_base_is_refused_with_the_current_record() {
        let file = file();
        let mut entry = edit(&file, DraftKind::Item, "dibao", |r| r["name"] = json!("x"));
        entry.base_version = Some("0000000000000000".into());
        match apply(&file, &[entry]) {
            Err(DraftProblem::Stale { current, .. }) => {
                assert_eq!(current.unwrap()["name"], "最低生活保障")
            }
            other => panic!("{other:?}"),
        }
        // A "new" record whose id is already published is stale too.
        let new = DraftRecord {
            kind: DraftKind::Category,
            id: "social".into(),
            base_version: None,
            record: Some(json!({"id": "social", "name": "x", "name_en": "x"})),
        };
        assert!(matches!(
            check_base(&file, &new),
            Err(DraftProblem::Stale { .. })
        ));
    }

    #[test]
    fn a_record_of_the_wrong_shape_or_id_is_unreadable() {
        let file = file();
        let wrong_id = edit(&file, DraftKind::Item, "dibao", |r| {
            r["id"] = json!("other")
        });
        assert!(matches!(
            apply(&file, &[wrong_id]),
            Err(DraftProblem::Unreadable { .. })
        ));
        let wrong_shape = edit(&file, DraftKind::Item, "dibao", |r| {
            r["fee"] = json!("free")
        });
        assert!(matches!(
            apply(&file, &[wrong_shape]),
            Err(DraftProblem::Unreadable { .. })
        ));
    }

    #[test]
    fn the_diff_names_each_field_that_changed() {
        let before = json!({
            "name": "a",
            "materials": [{"name": "身份证", "copies": 1}],
            "fee": {"amount_fen": 0}
        });
        let after = json!({
            "name": "a",
            "materials": [{"name": "身份证", "copies": 2}, {"name": "户口簿", "copies": 1}],
            "fee": {"amount_fen": 100, "note": "工本费"}
        });
        let changes = field_changes(Some(&before), Some(&after));
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "fee.amount_fen",
                "fee.note",
                "materials[0].copies",
                "materials[1]"
            ]
        );
        assert_eq!(changes[3].before, None);
        assert_eq!(changes[3].after.as_ref().unwrap()["name"], "户口簿");
        assert_eq!(changes[2].before, Some(json!(1)));
        assert!(field_changes(Some(&before), Some(&before)).is_empty());
        let removed = field_changes(Some(&after), Some(&before));
        assert_eq!(removed[3].field, "materials[1]");
        assert_eq!(removed[3].after, None);
        let new = field_changes(None, Some(&after));
        assert_eq!(new.len(), 1);
        assert_eq!(new[0].field, "");
    }

    #[test]
    fn a_point_manager_changes_only_hours_closures_offerings_and_phone() {
        let file = file();
        let before = &file.points[0];
        let mut after = before.clone();
        after.phone = "022-2".into();
        after.items.clear();
        assert!(only_manager_fields(Some(before), Some(&after)));
        after.lat = 39.2;
        assert!(!only_manager_fields(Some(before), Some(&after)));
        assert!(!only_manager_fields(None, Some(before)));
        assert!(!only_manager_fields(Some(before), None));
    }

    #[test]
    fn who_may_edit_which_record() {
        let file = file();
        let station = published(&file, DraftKind::Point, "station").unwrap();
        let mut phone = station.clone();
        phone["phone"] = json!("022-9");
        let mut moved = station.clone();
        moved["lat"] = json!(39.5);
        let mut elsewhere = station.clone();
        elsewhere["district"] = json!("和平区");
        let item = published(&file, DraftKind::Item, "dibao").unwrap();
        let all = Scope::All;
        let xiqing = Scope::District("西青区".into());
        let own = Scope::Point(crate::ids::PointId::parse("station").unwrap());
        let other = Scope::Point(crate::ids::PointId::parse("elsewhere").unwrap());
        let actor = |role, scope| Actor { role, scope };
        let admin = actor(Role::PlatformAdmin, &all);
        let district = actor(Role::DistrictAdmin, &xiqing);
        let manager = actor(Role::PointManager, &own);
        let stranger = actor(Role::PointManager, &other);
        let clerk = actor(Role::Clerk, &own);
        let (s, i) = (Some(&station), Some(&item));
        assert!(may_edit(&admin, DraftKind::Item, i, i));
        assert!(!may_edit(&district, DraftKind::Item, i, i));
        assert!(!may_edit(&manager, DraftKind::Category, None, i));
        assert!(may_edit(&district, DraftKind::Point, s, Some(&moved)));
        assert!(!may_edit(&district, DraftKind::Point, s, Some(&elsewhere)));
        assert!(may_edit(&admin, DraftKind::Point, s, Some(&elsewhere)));
        assert!(may_edit(&manager, DraftKind::Point, s, Some(&phone)));
        assert!(!may_edit(&manager, DraftKind::Point, s, Some(&moved)));
        assert!(!may_edit(&manager, DraftKind::Point, s, None));
        assert!(!may_edit(&stranger, DraftKind::Point, s, Some(&phone)));
        assert!(!may_edit(&clerk, DraftKind::Point, s, Some(&phone)));
        assert!(!may_edit(&admin, DraftKind::Point, None, None));
    }
}

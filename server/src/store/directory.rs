//! Reading the live directory (what is not retired) whole, to build the index and to export.
//! Changing it is `import`.

use std::collections::HashMap;

use chrono::NaiveDate;
use linli_shared::directory::{
    Category, Closure, DirectoryFile, FORMAT_TAG, Fee, Item, Material, Point,
};
use linli_shared::ids::{ItemId, PointId};
use sqlx::{Any, Row, Transaction};

use super::Store;
use crate::error::Error;

impl Store {
    /// The version bumped by every directory change (0 before the first import).
    pub async fn directory_version(&self) -> Result<i64, Error> {
        Ok(
            sqlx::query_scalar("SELECT version FROM directory_meta WHERE id = 1")
                .fetch_one(&self.read)
                .await?,
        )
    }

    /// Reads the live directory (nothing retired), in the order of the file it was imported
    /// from, with its version. Both come from one snapshot, so the version matches the contents.
    pub async fn load_directory(&self) -> Result<(i64, DirectoryFile), Error> {
        let mut tx = self.begin_snapshot().await?;
        let version = version_in(&mut tx).await?;
        let records = read_records(&mut tx, None).await?;
        tx.commit().await?;
        fn live<T>(list: Vec<Placed<T>>) -> Vec<T> {
            list.into_iter().map(|p| p.record).collect()
        }
        Ok((
            version,
            DirectoryFile {
                format: FORMAT_TAG.to_owned(),
                categories: live(records.categories),
                items: live(records.items),
                points: live(records.points),
            },
        ))
    }

    /// What changed in the directory after version `since`: the version now, and each
    /// category, item and point changed since (its own row, its materials, closures or
    /// offerings), retired ones too, with its place in the file; with how many are live in all,
    /// to check the result against. All from one snapshot.
    pub async fn directory_changes(&self, since: i64) -> Result<DirectoryChanges, Error> {
        let mut tx = self.begin_snapshot().await?;
        let version = version_in(&mut tx).await?;
        let records = read_records(&mut tx, Some(since)).await?;
        let mut live = [0usize; 3];
        for (count, table) in live.iter_mut().zip(["categories", "items", "points"]) {
            let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT COUNT(*) FROM {table} WHERE retired_at IS NULL"
            )))
            .fetch_one(&mut *tx)
            .await?;
            *count = usize::try_from(n).unwrap_or(0);
        }
        tx.commit().await?;
        Ok(DirectoryChanges {
            version,
            categories: records.categories,
            items: records.items,
            points: records.points,
            live,
        })
    }
}

impl Store {
    /// The retired items and points, as the staff's list shows them (id order), each item with
    /// its colloquial names and aliases to match a search against.
    pub async fn retired_records(&self) -> Result<RetiredRecords, Error> {
        let mut items = Vec::new();
        for r in sqlx::query(
            "SELECT id, category_id, name, name_en, colloquial, aliases FROM items \
             WHERE retired_at IS NOT NULL ORDER BY id",
        )
        .fetch_all(&self.read)
        .await?
        {
            items.push(RetiredItem {
                id: r.try_get("id")?,
                category: r.try_get("category_id")?,
                name: r.try_get("name")?,
                name_en: r.try_get("name_en")?,
                colloquial: from_json(&r.try_get::<String, _>("colloquial")?)?,
                aliases: from_json(&r.try_get::<String, _>("aliases")?)?,
            });
        }
        let mut points = Vec::new();
        for r in sqlx::query(
            "SELECT id, name, district, subdistrict, address FROM points \
             WHERE retired_at IS NOT NULL ORDER BY id",
        )
        .fetch_all(&self.read)
        .await?
        {
            points.push(RetiredPoint {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                district: r.try_get("district")?,
                subdistrict: r.try_get("subdistrict")?,
                address: r.try_get("address")?,
            });
        }
        Ok(RetiredRecords { items, points })
    }
}

/// What `Store::retired_records` read.
#[derive(Debug, Default)]
pub struct RetiredRecords {
    pub items: Vec<RetiredItem>,
    pub points: Vec<RetiredPoint>,
}

#[derive(Debug)]
pub struct RetiredItem {
    pub id: String,
    pub category: String,
    pub name: String,
    pub name_en: String,
    pub colloquial: Vec<String>,
    pub aliases: Vec<String>,
}

#[derive(Debug)]
pub struct RetiredPoint {
    pub id: String,
    pub name: String,
    pub district: String,
    pub subdistrict: String,
    pub address: String,
}

/// A record with its place in the directory file (`position`) and whether it is retired.
#[derive(Debug, Clone)]
pub struct Placed<T> {
    pub position: i64,
    pub retired: bool,
    pub record: T,
}

/// What `Store::directory_changes` read.
#[derive(Debug)]
pub struct DirectoryChanges {
    pub version: i64,
    pub categories: Vec<Placed<Category>>,
    pub items: Vec<Placed<Item>>,
    pub points: Vec<Placed<Point>>,
    /// Live categories, items and points in all.
    pub live: [usize; 3],
}

struct Records {
    categories: Vec<Placed<Category>>,
    items: Vec<Placed<Item>>,
    points: Vec<Placed<Point>>,
}

async fn version_in(tx: &mut Transaction<'static, Any>) -> Result<i64, Error> {
    Ok(
        sqlx::query_scalar("SELECT version FROM directory_meta WHERE id = 1")
            .fetch_one(&mut **tx)
            .await?,
    )
}

/// Reads the directory's records in file order: the live ones (`since` is `None`), or those
/// changed after version `since`, retired ones included (children only of live ones).
async fn read_records(
    tx: &mut Transaction<'static, Any>,
    since: Option<i64>,
) -> Result<Records, Error> {
    // The condition on a record's own table (alias `r`), and the query's one parameter.
    let which = match since {
        None => "r.retired_at IS NULL",
        Some(_) => "r.changed_in > $1",
    };
    let bound = since.unwrap_or(0);
    let query = |sql: String| {
        let q = sqlx::query(sqlx::AssertSqlSafe(sql));
        if since.is_some() { q.bind(bound) } else { q }
    };
    let placed = |r: &sqlx::any::AnyRow| -> Result<(i64, bool), Error> {
        Ok((
            r.try_get("position")?,
            r.try_get::<Option<String>, _>("retired_at")?.is_some(),
        ))
    };

    let mut categories = Vec::new();
    for r in query(format!(
        "SELECT r.id, r.name, r.name_en, r.sort, r.position, r.retired_at FROM categories r \
         WHERE {which} ORDER BY r.position"
    ))
    .fetch_all(&mut **tx)
    .await?
    {
        let (position, retired) = placed(&r)?;
        categories.push(Placed {
            position,
            retired,
            record: Category {
                id: id_column(&r, "id")?,
                name: r.try_get("name")?,
                name_en: r.try_get("name_en")?,
                sort: r.try_get("sort")?,
            },
        });
    }

    let mut materials: HashMap<String, Vec<Material>> = HashMap::new();
    for r in query(format!(
        "SELECT m.item_id, m.name, m.form, m.copies, m.notes, m.name_en, m.notes_en \
         FROM item_materials m JOIN items r ON r.id = m.item_id \
         WHERE {which} AND r.retired_at IS NULL ORDER BY m.item_id, m.position"
    ))
    .fetch_all(&mut **tx)
    .await?
    {
        materials
            .entry(r.try_get("item_id")?)
            .or_default()
            .push(Material {
                name: r.try_get("name")?,
                form: parse_enum(&r.try_get::<String, _>("form")?)?,
                copies: to_u32(r.try_get("copies")?)?,
                notes: r.try_get("notes")?,
                name_en: optional(&r, "name_en")?,
                notes_en: optional(&r, "notes_en")?,
            });
    }

    let mut items = Vec::new();
    for r in query(format!(
        "SELECT r.id, r.category_id, r.name, r.name_en, r.colloquial, r.aliases, \
         r.description, r.eligibility, r.fee_fen, r.fee_note, r.time_limit_days, r.channels, \
         r.department, r.legal_basis, r.popularity, r.description_en, r.eligibility_en, \
         r.department_en, r.legal_basis_en, r.fee_note_en, r.online_url, r.colloquial_en, \
         r.position, r.retired_at FROM items r WHERE {which} ORDER BY r.position"
    ))
    .fetch_all(&mut **tx)
    .await?
    {
        let (position, retired) = placed(&r)?;
        let id: ItemId = id_column(&r, "id")?;
        items.push(Placed {
            position,
            retired,
            record: Item {
                materials: materials.remove(id.as_str()).unwrap_or_default(),
                id,
                category: id_column(&r, "category_id")?,
                name: r.try_get("name")?,
                name_en: r.try_get("name_en")?,
                colloquial: from_json(&r.try_get::<String, _>("colloquial")?)?,
                aliases: from_json(&r.try_get::<String, _>("aliases")?)?,
                colloquial_en: from_json(&r.try_get::<String, _>("colloquial_en")?)?,
                description: r.try_get("description")?,
                description_en: optional(&r, "description_en")?,
                eligibility: r.try_get("eligibility")?,
                eligibility_en: optional(&r, "eligibility_en")?,
                fee: Fee {
                    amount_fen: u64::try_from(r.try_get::<i64, _>("fee_fen")?)
                        .map_err(|_| corrupt("negative fee"))?,
                    note: r.try_get("fee_note")?,
                    note_en: optional(&r, "fee_note_en")?,
                },
                time_limit_days: to_u32(r.try_get("time_limit_days")?)?,
                channels: from_json(&r.try_get::<String, _>("channels")?)?,
                department: r.try_get("department")?,
                department_en: optional(&r, "department_en")?,
                legal_basis: r.try_get("legal_basis")?,
                legal_basis_en: optional(&r, "legal_basis_en")?,
                online_url: optional(&r, "online_url")?,
                popularity: to_u32(r.try_get("popularity")?)?,
            },
        });
    }

    let mut closures: HashMap<String, Vec<Closure>> = HashMap::new();
    for r in query(format!(
        "SELECT c.point_id, c.from_date, c.to_date, c.reason, c.reason_en \
         FROM point_closures c JOIN points r ON r.id = c.point_id \
         WHERE {which} AND r.retired_at IS NULL ORDER BY c.point_id, c.position"
    ))
    .fetch_all(&mut **tx)
    .await?
    {
        closures
            .entry(r.try_get("point_id")?)
            .or_default()
            .push(Closure {
                from: parse_date(&r.try_get::<String, _>("from_date")?)?,
                to: parse_date(&r.try_get::<String, _>("to_date")?)?,
                reason: r.try_get("reason")?,
                reason_en: optional(&r, "reason_en")?,
            });
    }

    let mut offerings: HashMap<String, Vec<ItemId>> = HashMap::new();
    // The whole directory's offerings need no join (half a million rows).
    let offerings_sql = match since {
        None => "SELECT o.point_id, o.item_id FROM offerings o WHERE o.retired_at IS NULL \
                 ORDER BY o.point_id, o.position"
            .to_owned(),
        Some(_) => format!(
            "SELECT o.point_id, o.item_id FROM offerings o JOIN points r ON r.id = o.point_id \
             WHERE {which} AND r.retired_at IS NULL AND o.retired_at IS NULL \
             ORDER BY o.point_id, o.position"
        ),
    };
    for r in query(offerings_sql).fetch_all(&mut **tx).await? {
        offerings
            .entry(r.try_get("point_id")?)
            .or_default()
            .push(id_column(&r, "item_id")?);
    }

    let mut points = Vec::new();
    for r in query(format!(
        "SELECT r.id, r.name, r.kind, r.district, r.subdistrict, r.address, r.lat, r.lng, \
         r.phone, r.hours, r.name_en, r.district_en, r.subdistrict_en, r.address_en, \
         r.position, r.retired_at FROM points r WHERE {which} ORDER BY r.position"
    ))
    .fetch_all(&mut **tx)
    .await?
    {
        let (position, retired) = placed(&r)?;
        let id: PointId = id_column(&r, "id")?;
        points.push(Placed {
            position,
            retired,
            record: Point {
                closures: closures.remove(id.as_str()).unwrap_or_default(),
                items: offerings.remove(id.as_str()).unwrap_or_default(),
                id,
                name: r.try_get("name")?,
                name_en: optional(&r, "name_en")?,
                kind: parse_enum(&r.try_get::<String, _>("kind")?)?,
                district: r.try_get("district")?,
                district_en: optional(&r, "district_en")?,
                subdistrict: r.try_get("subdistrict")?,
                subdistrict_en: optional(&r, "subdistrict_en")?,
                address: r.try_get("address")?,
                address_en: optional(&r, "address_en")?,
                lat: r.try_get("lat")?,
                lng: r.try_get("lng")?,
                phone: r.try_get("phone")?,
                hours: from_json(&r.try_get::<String, _>("hours")?)?,
            },
        });
    }
    Ok(Records {
        categories,
        items,
        points,
    })
}

/// An optional text column: '' is "none" (see the import's `english`).
fn optional(row: &sqlx::any::AnyRow, column: &str) -> Result<Option<String>, Error> {
    let text: String = row.try_get(column)?;
    Ok((!text.is_empty()).then_some(text))
}

fn parse_enum<T: serde::de::DeserializeOwned>(name: &str) -> Result<T, Error> {
    serde_json::from_value(serde_json::Value::String(name.to_owned()))
        .map_err(|e| corrupt(&format!("unknown value {name:?}: {e}")))
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, Error> {
    serde_json::from_str(text).map_err(|e| corrupt(&format!("bad JSON column: {e}")))
}

/// An id column, checked as the id type it holds.
fn id_column<T: TryFrom<String>>(row: &sqlx::any::AnyRow, column: &str) -> Result<T, Error> {
    let text: String = row.try_get(column)?;
    T::try_from(text.clone()).map_err(|_| corrupt(&format!("bad id {text:?} in {column}")))
}

fn parse_date(s: &str) -> Result<NaiveDate, Error> {
    s.parse().map_err(|_| corrupt(&format!("bad date {s:?}")))
}

fn to_u32(n: i64) -> Result<u32, Error> {
    u32::try_from(n).map_err(|_| corrupt(&format!("{n} out of range")))
}

fn corrupt(what: &str) -> Error {
    Error::Other(anyhow::anyhow!(
        "the directory tables hold bad data: {what}"
    ))
}

//! Reading the live directory (what is not retired) whole, to build the index and to export.
//! Changing it is `import`.

use std::collections::HashMap;

use chrono::NaiveDate;
use linli_shared::directory::{
    Category, Closure, DirectoryFile, FORMAT_TAG, Fee, Item, Material, Point,
};
use linli_shared::ids::{ItemId, PointId};
use sqlx::Row;

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
        let version: i64 = sqlx::query_scalar("SELECT version FROM directory_meta WHERE id = 1")
            .fetch_one(&mut *tx)
            .await?;

        let categories = sqlx::query(
            "SELECT id, name, name_en, sort FROM categories WHERE retired_at IS NULL \
             ORDER BY position",
        )
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .map(|r| {
            Ok(Category {
                id: id_column(&r, "id")?,
                name: r.try_get("name")?,
                name_en: r.try_get("name_en")?,
                sort: r.try_get("sort")?,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;

        let mut materials: HashMap<String, Vec<Material>> = HashMap::new();
        for r in sqlx::query(
            "SELECT m.item_id, m.name, m.form, m.copies, m.notes, m.name_en, m.notes_en \
             FROM item_materials m \
             JOIN items i ON i.id = m.item_id WHERE i.retired_at IS NULL \
             ORDER BY m.item_id, m.position",
        )
        .fetch_all(&mut *tx)
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

        let items = sqlx::query(
            "SELECT id, category_id, name, name_en, colloquial, aliases, description, \
             eligibility, fee_fen, fee_note, time_limit_days, channels, department, legal_basis, \
             popularity, description_en, eligibility_en, department_en, legal_basis_en, \
             fee_note_en, online_url FROM items WHERE retired_at IS NULL ORDER BY position",
        )
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .map(|r| {
            let id: ItemId = id_column(&r, "id")?;
            Ok(Item {
                materials: materials.remove(id.as_str()).unwrap_or_default(),
                id,
                category: id_column(&r, "category_id")?,
                name: r.try_get("name")?,
                name_en: r.try_get("name_en")?,
                colloquial: from_json(&r.try_get::<String, _>("colloquial")?)?,
                aliases: from_json(&r.try_get::<String, _>("aliases")?)?,
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
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;

        let mut closures: HashMap<String, Vec<Closure>> = HashMap::new();
        for r in sqlx::query(
            "SELECT c.point_id, c.from_date, c.to_date, c.reason, c.reason_en \
             FROM point_closures c \
             JOIN points p ON p.id = c.point_id WHERE p.retired_at IS NULL \
             ORDER BY c.point_id, c.position",
        )
        .fetch_all(&mut *tx)
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
        for r in sqlx::query(
            "SELECT point_id, item_id FROM offerings WHERE retired_at IS NULL \
             ORDER BY point_id, position",
        )
        .fetch_all(&mut *tx)
        .await?
        {
            offerings
                .entry(r.try_get("point_id")?)
                .or_default()
                .push(id_column(&r, "item_id")?);
        }

        let points = sqlx::query(
            "SELECT id, name, kind, district, subdistrict, address, lat, lng, phone, hours, \
             name_en, district_en, subdistrict_en, address_en FROM points WHERE retired_at IS NULL ORDER BY position",
        )
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .map(|r| {
            let id: PointId = id_column(&r, "id")?;
            Ok(Point {
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
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
        tx.commit().await?;

        Ok((
            version,
            DirectoryFile {
                format: FORMAT_TAG.to_owned(),
                categories,
                items,
                points,
            },
        ))
    }
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

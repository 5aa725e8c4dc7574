//! The directory tables: replaced whole in one transaction, read whole to build the index.

use std::collections::HashMap;

use chrono::NaiveDate;
use linli_shared::directory::{
    Category, Closure, DirectoryFile, FORMAT_TAG, Fee, Item, Material, Point,
};
use linli_shared::ids::{ItemId, PointId};
use sqlx::any::AnyArguments;
use sqlx::{Any, Arguments, AssertSqlSafe, Row, Transaction};

use super::{Backend, Store};
use crate::error::Error;

/// Most bound parameters in one statement (SQLite allows 32,766, PostgreSQL 65,535).
const MAX_PARAMS: usize = 30_000;
/// Most rows in one multi-row INSERT. Measured with `./x bench`: on SQLite, 1,000-row
/// statements import the province 2.5x slower than 100-row ones (below 100 nothing changes);
/// PostgreSQL, paying a round trip per statement, is fastest with 1,000.
fn max_rows(backend: Backend) -> usize {
    match backend {
        Backend::Sqlite => 100,
        Backend::Postgres => 1_000,
    }
}

impl Store {
    /// Replaces the whole directory with `file` in one transaction: readers see the old directory
    /// or the new one, never a mix, and a failure leaves the old one in place. Calls `progress`
    /// with the number of rows written so far. Returns the new directory version.
    pub async fn replace_directory(
        &self,
        file: &DirectoryFile,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<i64, Error> {
        let mut tx = self.pool.begin().await?;
        for table in [
            "offerings",
            "point_closures",
            "points",
            "item_materials",
            "items",
            "categories",
        ] {
            // `table` comes from the fixed list above, never from input.
            sqlx::query(AssertSqlSafe(format!("DELETE FROM {table}")))
                .execute(&mut *tx)
                .await?;
        }
        let mut rows = RowWriter {
            max_rows: max_rows(self.backend),
            tx: &mut tx,
            written: 0,
            progress,
        };
        rows.insert(
            "categories",
            &["id", "name", "name_en", "sort", "position"],
            file.categories.iter().enumerate().map(|(i, c)| {
                vec![
                    c.id.as_str().into(),
                    c.name.as_str().into(),
                    c.name_en.as_str().into(),
                    c.sort.into(),
                    (i as i64).into(),
                ]
            }),
        )
        .await?;
        rows.insert(
            "items",
            &[
                "id",
                "category_id",
                "name",
                "name_en",
                "colloquial",
                "aliases",
                "description",
                "eligibility",
                "fee_fen",
                "fee_note",
                "time_limit_days",
                "channels",
                "department",
                "legal_basis",
                "popularity",
                "position",
            ],
            file.items.iter().enumerate().map(|(i, item)| {
                vec![
                    item.id.as_str().into(),
                    item.category.as_str().into(),
                    item.name.as_str().into(),
                    item.name_en.as_str().into(),
                    json(&item.colloquial),
                    json(&item.aliases),
                    item.description.as_str().into(),
                    item.eligibility.as_str().into(),
                    (item.fee.amount_fen as i64).into(),
                    item.fee.note.as_str().into(),
                    i64::from(item.time_limit_days).into(),
                    json(&item.channels),
                    item.department.as_str().into(),
                    item.legal_basis.as_str().into(),
                    i64::from(item.popularity).into(),
                    (i as i64).into(),
                ]
            }),
        )
        .await?;
        rows.insert(
            "item_materials",
            &["item_id", "position", "name", "form", "copies", "notes"],
            file.items.iter().flat_map(|item| {
                item.materials.iter().enumerate().map(|(i, m)| {
                    vec![
                        item.id.as_str().into(),
                        (i as i64).into(),
                        m.name.as_str().into(),
                        enum_name(&m.form),
                        i64::from(m.copies).into(),
                        m.notes.as_str().into(),
                    ]
                })
            }),
        )
        .await?;
        rows.insert(
            "points",
            &[
                "id",
                "name",
                "kind",
                "district",
                "subdistrict",
                "address",
                "lat",
                "lng",
                "phone",
                "hours",
                "position",
            ],
            file.points.iter().enumerate().map(|(i, p)| {
                vec![
                    p.id.as_str().into(),
                    p.name.as_str().into(),
                    enum_name(&p.kind),
                    p.district.as_str().into(),
                    p.subdistrict.as_str().into(),
                    p.address.as_str().into(),
                    p.lat.into(),
                    p.lng.into(),
                    p.phone.as_str().into(),
                    json(&p.hours),
                    (i as i64).into(),
                ]
            }),
        )
        .await?;
        rows.insert(
            "point_closures",
            &["point_id", "position", "from_date", "to_date", "reason"],
            file.points.iter().flat_map(|p| {
                p.closures.iter().enumerate().map(|(i, c)| {
                    vec![
                        p.id.as_str().into(),
                        (i as i64).into(),
                        c.from.to_string().into(),
                        c.to.to_string().into(),
                        c.reason.as_str().into(),
                    ]
                })
            }),
        )
        .await?;
        rows.insert(
            "offerings",
            &["point_id", "item_id", "position"],
            file.points.iter().flat_map(|p| {
                p.items.iter().enumerate().map(|(i, item)| {
                    vec![
                        p.id.as_str().into(),
                        item.as_str().into(),
                        (i as i64).into(),
                    ]
                })
            }),
        )
        .await?;
        let version: i64 = sqlx::query_scalar(
            "UPDATE directory_meta SET version = version + 1, updated_at = $1 \
             WHERE id = 1 RETURNING version",
        )
        .bind(chrono::Utc::now().to_rfc3339())
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(version)
    }

    /// The version bumped by every directory change (0 before the first import).
    pub async fn directory_version(&self) -> Result<i64, Error> {
        Ok(
            sqlx::query_scalar("SELECT version FROM directory_meta WHERE id = 1")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    pub async fn directory_is_empty(&self) -> Result<bool, Error> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM categories")
            .fetch_one(&self.pool)
            .await?;
        Ok(n == 0)
    }

    /// Reads the whole directory, in the order it was imported, with its version. Both come
    /// from one transaction, so the version matches the contents.
    pub async fn load_directory(&self) -> Result<(i64, DirectoryFile), Error> {
        let mut tx = self.pool.begin().await?;
        let version: i64 = sqlx::query_scalar("SELECT version FROM directory_meta WHERE id = 1")
            .fetch_one(&mut *tx)
            .await?;

        let categories =
            sqlx::query("SELECT id, name, name_en, sort FROM categories ORDER BY position")
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
            "SELECT item_id, name, form, copies, notes FROM item_materials \
             ORDER BY item_id, position",
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
                });
        }

        let items = sqlx::query(
            "SELECT id, category_id, name, name_en, colloquial, aliases, description, \
             eligibility, fee_fen, fee_note, time_limit_days, channels, department, legal_basis, \
             popularity FROM items ORDER BY position",
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
                eligibility: r.try_get("eligibility")?,
                fee: Fee {
                    amount_fen: u64::try_from(r.try_get::<i64, _>("fee_fen")?)
                        .map_err(|_| corrupt("negative fee"))?,
                    note: r.try_get("fee_note")?,
                },
                time_limit_days: to_u32(r.try_get("time_limit_days")?)?,
                channels: from_json(&r.try_get::<String, _>("channels")?)?,
                department: r.try_get("department")?,
                legal_basis: r.try_get("legal_basis")?,
                popularity: to_u32(r.try_get("popularity")?)?,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;

        let mut closures: HashMap<String, Vec<Closure>> = HashMap::new();
        for r in sqlx::query(
            "SELECT point_id, from_date, to_date, reason FROM point_closures \
             ORDER BY point_id, position",
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
                });
        }

        let mut offerings: HashMap<String, Vec<ItemId>> = HashMap::new();
        for r in sqlx::query("SELECT point_id, item_id FROM offerings ORDER BY point_id, position")
            .fetch_all(&mut *tx)
            .await?
        {
            offerings
                .entry(r.try_get("point_id")?)
                .or_default()
                .push(id_column(&r, "item_id")?);
        }

        let points = sqlx::query(
            "SELECT id, name, kind, district, subdistrict, address, lat, lng, phone, hours \
             FROM points ORDER BY position",
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
                kind: parse_enum(&r.try_get::<String, _>("kind")?)?,
                district: r.try_get("district")?,
                subdistrict: r.try_get("subdistrict")?,
                address: r.try_get("address")?,
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

/// A value bound into an INSERT.
enum Value<'a> {
    Text(std::borrow::Cow<'a, str>),
    Int(i64),
    Real(f64),
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(s: &'a str) -> Self {
        Value::Text(s.into())
    }
}
impl From<String> for Value<'_> {
    fn from(s: String) -> Self {
        Value::Text(s.into())
    }
}
impl From<i64> for Value<'_> {
    fn from(n: i64) -> Self {
        Value::Int(n)
    }
}
impl From<f64> for Value<'_> {
    fn from(x: f64) -> Self {
        Value::Real(x)
    }
}

/// Writes rows in multi-row INSERTs (one statement per hundred or thousand rows, not per row).
struct RowWriter<'t, 'c> {
    max_rows: usize,
    tx: &'t mut Transaction<'c, Any>,
    written: u64,
    progress: &'t (dyn Fn(u64) + Sync),
}

impl RowWriter<'_, '_> {
    async fn insert<'v>(
        &mut self,
        table: &str,
        columns: &[&str],
        rows: impl Iterator<Item = Vec<Value<'v>>>,
    ) -> Result<(), Error> {
        let per_statement = (MAX_PARAMS / columns.len()).min(self.max_rows);
        let mut rows = rows.peekable();
        while rows.peek().is_some() {
            let chunk: Vec<Vec<Value>> = rows.by_ref().take(per_statement).collect();
            let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
            let mut args = AnyArguments::default();
            let mut n = 0;
            for (r, row) in chunk.iter().enumerate() {
                sql.push_str(if r == 0 { "(" } else { ", (" });
                for (c, value) in row.iter().enumerate() {
                    n += 1;
                    if c > 0 {
                        sql.push_str(", ");
                    }
                    sql.push('$');
                    sql.push_str(&n.to_string());
                    match value {
                        Value::Text(s) => args.add(s.to_string()),
                        Value::Int(i) => args.add(*i),
                        Value::Real(x) => args.add(*x),
                    }
                    .map_err(sqlx::Error::Encode)?;
                }
                sql.push(')');
            }
            // Table and column names are constants of this module; values are bound.
            sqlx::query_with(AssertSqlSafe(sql), args)
                .execute(&mut **self.tx)
                .await?;
            self.written += chunk.len() as u64;
            (self.progress)(self.written);
        }
        Ok(())
    }
}

fn json<T: serde::Serialize + ?Sized>(value: &T) -> Value<'static> {
    Value::Text(
        serde_json::to_string(value)
            .expect("directory values always serialise")
            .into(),
    )
}

/// The snake_case name serde gives a unit enum variant (`original_and_copy`).
fn enum_name<T: serde::Serialize>(value: &T) -> Value<'static> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => Value::Text(s.into()),
        _ => unreachable!("only unit enums are stored by name"),
    }
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

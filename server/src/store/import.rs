//! Importing a directory file by difference, in one write transaction: what is new is inserted,
//! what changed is updated, what the file leaves out is retired (never deleted), and a retired
//! record that comes back is made active again under its old id. Rows elsewhere that refer to a
//! point, an item or an offering (bookings, complaints) therefore stay valid, and history keeps
//! the names. Materials and closures, which nothing else refers to, are rewritten for the items
//! and points whose lists changed.
//!
//! The directory version bumps once per import that changes anything. An import of exactly what
//! is stored changes nothing and keeps the version, so the instances do not rebuild their search
//! index for nothing.

use std::collections::{HashMap, HashSet};

use linli_shared::directory::DirectoryFile;
use linli_shared::domain::retirement::{RecordKind, Retiring, check_retirement};
use linli_shared::ids::ItemId;
use sqlx::{Any, Transaction};

use super::audit::AuditActor;
use super::drafts::audit_directory_change;
use super::rows::{Kind, StoredRow, Table, Value, Writer, read_all, read_where_in};
use super::{Store, dialect};
use crate::error::Error;

/// What the stored directory is, to compare a new one with: read from the tables, or known to
/// be a directory the caller holds in memory (a publish: the catalogue at the version the
/// directory lock shows), so nothing is read back. Retired rows are not in memory: a record that
/// comes back is counted as added (its row is still updated in place and made active, and its
/// materials or closures are rewritten whole).
#[derive(Clone, Copy)]
pub(super) enum Stored<'a> {
    Tables,
    Known(&'a DirectoryFile),
}

/// What the caller allows an import to do.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Let the import retire more than half of the live categories, items, points or
    /// offerings (see `linli_shared::domain::retirement`); refused otherwise.
    pub allow_retiring_most: bool,
}

/// How one kind of record changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: usize,
    pub updated: usize,
    /// Only their place in the file changed (a record before them was added or left out).
    pub moved: usize,
    /// Retired before, in the file again: active again under the same id.
    pub revived: usize,
    pub retired: usize,
    pub unchanged: usize,
}

impl Changes {
    pub fn any(&self) -> bool {
        self.added + self.updated + self.moved + self.revived + self.retired > 0
    }
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportSummary {
    /// The directory version after the import (unchanged when nothing changed).
    pub version: i64,
    pub categories: Changes,
    pub items: Changes,
    pub points: Changes,
    pub offerings: Changes,
}

impl ImportSummary {
    pub fn changed(&self) -> bool {
        [self.categories, self.items, self.points, self.offerings]
            .iter()
            .any(Changes::any)
    }
}

use Kind::{Int, Real, Text};

const CATEGORIES: Table = Table {
    name: "categories",
    columns: &[
        ("id", Text),
        ("name", Text),
        ("name_en", Text),
        ("sort", Int),
        ("position", Int),
    ],
    key_len: 1,
    retirable: true,
};

const ITEMS: Table = Table {
    name: "items",
    columns: &[
        ("id", Text),
        ("category_id", Text),
        ("name", Text),
        ("name_en", Text),
        ("colloquial", Text),
        ("aliases", Text),
        ("description", Text),
        ("eligibility", Text),
        ("fee_fen", Int),
        ("fee_note", Text),
        ("time_limit_days", Int),
        ("channels", Text),
        ("department", Text),
        ("legal_basis", Text),
        ("popularity", Int),
        ("description_en", Text),
        ("eligibility_en", Text),
        ("department_en", Text),
        ("legal_basis_en", Text),
        ("fee_note_en", Text),
        ("online_url", Text),
        ("colloquial_en", Text),
        ("position", Int),
    ],
    key_len: 1,
    retirable: true,
};

const ITEM_MATERIALS: Table = Table {
    name: "item_materials",
    columns: &[
        ("item_id", Text),
        ("position", Int),
        ("name", Text),
        ("form", Text),
        ("copies", Int),
        ("notes", Text),
        ("name_en", Text),
        ("notes_en", Text),
    ],
    key_len: 2,
    retirable: false,
};

const POINTS: Table = Table {
    name: "points",
    columns: &[
        ("id", Text),
        ("name", Text),
        ("kind", Text),
        ("district", Text),
        ("subdistrict", Text),
        ("address", Text),
        ("lat", Real),
        ("lng", Real),
        ("phone", Text),
        ("hours", Text),
        ("name_en", Text),
        ("district_en", Text),
        ("subdistrict_en", Text),
        ("address_en", Text),
        ("position", Int),
    ],
    key_len: 1,
    retirable: true,
};

const POINT_CLOSURES: Table = Table {
    name: "point_closures",
    columns: &[
        ("point_id", Text),
        ("position", Int),
        ("from_date", Text),
        ("to_date", Text),
        ("reason", Text),
        ("reason_en", Text),
    ],
    key_len: 2,
    retirable: false,
};

const OFFERINGS: Table = Table {
    name: "offerings",
    columns: &[("point_id", Text), ("item_id", Text), ("position", Int)],
    key_len: 2,
    retirable: true,
};

impl Store {
    /// Makes the stored directory what `file` says, by difference, in one transaction: readers
    /// see the old directory or the new one, never a mix, and a failure changes nothing. Calls
    /// `progress(rows written, rows to write)` as it goes.
    pub async fn import_directory(
        &self,
        file: &DirectoryFile,
        options: ImportOptions,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<ImportSummary, Error> {
        let mut tx = self.begin_write().await?;
        let version = self.lock_directory(&mut tx).await?;
        let summary = self
            .import_locked(&mut tx, version, file, Stored::Tables, options, progress)
            .await?;
        tx.commit().await?;
        Ok(summary)
    }

    /// `import_directory` with the audit: one entry per record that changed, by `actor` (the
    /// command line's `cli`), in the import's transaction. The stored directory is read first,
    /// to know each record as it was; the import goes ahead only if the directory is still at
    /// that version under the lock (else it reads it again). Returns the summary and how many
    /// records were audited.
    pub async fn import_directory_audited(
        &self,
        file: &DirectoryFile,
        options: ImportOptions,
        actor: &AuditActor,
        at: &str,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<(ImportSummary, usize), Error> {
        for _ in 0..3 {
            let (version, before) = self.load_directory().await?;
            let mut tx = self.begin_write().await?;
            if self.lock_directory(&mut tx).await? != version {
                tx.rollback().await?;
                continue;
            }
            let summary = self
                .import_locked(&mut tx, version, file, Stored::Tables, options, progress)
                .await?;
            let audited = if summary.changed() {
                audit_directory_change(&mut tx, at, actor, (&before, file)).await?
            } else {
                0
            };
            tx.commit().await?;
            return Ok((summary, audited));
        }
        Err(anyhow::anyhow!("the directory kept changing while importing; try again").into())
    }

    /// Imports `file` only if the database has never held a directory (no category, not even
    /// a retired one). The check and the import are one transaction holding the directory lock,
    /// so of several instances starting at once exactly one loads it. `None` when it was not
    /// empty.
    pub async fn import_directory_if_empty(
        &self,
        file: &DirectoryFile,
    ) -> Result<Option<ImportSummary>, Error> {
        let mut tx = self.begin_write().await?;
        let version = self.lock_directory(&mut tx).await?;
        let categories: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM categories")
            .fetch_one(&mut *tx)
            .await?;
        if categories > 0 {
            tx.rollback().await?; // releases the lock at once
            return Ok(None);
        }
        let summary = self
            .import_locked(
                &mut tx,
                version,
                file,
                Stored::Tables,
                ImportOptions::default(),
                &|_, _| {},
            )
            .await?;
        tx.commit().await?;
        Ok(Some(summary))
    }

    /// Compares the offerings. A province has half a million; reading them row by row takes
    /// seconds, so each point's live list is read as one string first, and only the points whose
    /// list differs from the file's are compared row by row.
    async fn diff_offerings<'f>(
        &self,
        tx: &mut Transaction<'static, Any>,
        file: &'f DirectoryFile,
    ) -> Result<RecordDiff<'f>, Error> {
        // `string_agg … ORDER BY` is the same in both dialects (SQLite since 3.44).
        let stored_lists: HashMap<String, String> = sqlx::query_as(
            "SELECT point_id, string_agg(item_id, ' ' ORDER BY position) FROM offerings \
             WHERE retired_at IS NULL GROUP BY point_id",
        )
        .fetch_all(&mut **tx)
        .await?
        .into_iter()
        .collect();
        let active_before: usize = stored_lists.values().map(|l| l.split(' ').count()).sum();
        let mut changed: HashSet<&str> = file
            .points
            .iter()
            .filter(|p| {
                let stored = stored_lists.get(p.id.as_str()).map_or("", String::as_str);
                // Ids never contain a space.
                !p.items
                    .iter()
                    .map(ItemId::as_str)
                    .eq(stored.split_terminator(' '))
            })
            .map(|p| p.id.as_str())
            .collect();
        let in_file: HashSet<&str> = file.points.iter().map(|p| p.id.as_str()).collect();
        let left_out: Vec<&str> = stored_lists
            .keys()
            .map(String::as_str)
            .filter(|id| !in_file.contains(id))
            .collect();
        changed.extend(left_out);

        let mut points: Vec<&str> = changed.iter().copied().collect();
        points.sort_unstable();
        let stored = read_where_in(tx, &OFFERINGS, "point_id", &points).await?;
        let mut diff = diff_records(
            &OFFERINGS,
            offering_rows(file, &changed),
            stored,
            &HashSet::new(),
        );
        let in_file_total: usize = file.points.iter().map(|p| p.items.len()).sum();
        let c = &mut diff.changes;
        c.unchanged = in_file_total - c.added - c.updated - c.revived;
        diff.active_before = active_before;
        Ok(diff)
    }

    /// Takes the directory lock for the rest of the transaction; returns the version.
    pub(super) async fn lock_directory(
        &self,
        tx: &mut Transaction<'static, Any>,
    ) -> Result<i64, Error> {
        Ok(sqlx::query_scalar(dialect::lock_directory(self.backend))
            .fetch_one(&mut **tx)
            .await?)
    }

    /// Compares the offerings of `file` with those of `live`, a directory known to be what is
    /// stored: the same as `diff_offerings`, without reading anything.
    fn diff_offerings_known<'f>(file: &'f DirectoryFile, live: &DirectoryFile) -> RecordDiff<'f> {
        let live_lists: HashMap<&str, &[ItemId]> = live
            .points
            .iter()
            .map(|p| (p.id.as_str(), p.items.as_slice()))
            .collect();
        let active_before: usize = live_lists.values().map(|l| l.len()).sum();
        let mut changed: HashSet<&str> = file
            .points
            .iter()
            .filter(|p| live_lists.get(p.id.as_str()).copied().unwrap_or(&[]) != p.items)
            .map(|p| p.id.as_str())
            .collect();
        let in_file: HashSet<&str> = file.points.iter().map(|p| p.id.as_str()).collect();
        let left_out: Vec<&str> = live
            .points
            .iter()
            .filter(|p| !p.items.is_empty() && !in_file.contains(p.id.as_str()))
            .map(|p| p.id.as_str())
            .collect();
        let mut stored_points: HashSet<&str> = changed.clone();
        stored_points.extend(left_out.iter().copied());
        let stored = owned(offering_rows(live, &stored_points));
        changed.extend(left_out);
        let mut diff = diff_records(
            &OFFERINGS,
            offering_rows(file, &changed),
            stored,
            &HashSet::new(),
        );
        let in_file_total: usize = file.points.iter().map(|p| p.items.len()).sum();
        let c = &mut diff.changes;
        c.unchanged = in_file_total - c.added - c.updated - c.revived;
        diff.active_before = active_before;
        diff
    }

    pub(super) async fn import_locked(
        &self,
        tx: &mut Transaction<'static, Any>,
        version: i64,
        file: &DirectoryFile,
        stored: Stored<'_>,
        options: ImportOptions,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<ImportSummary, Error> {
        let rows = FileRows::of(file);
        let live = match stored {
            Stored::Known(live) => Some(live),
            Stored::Tables => None,
        };
        let mut live_rows = live.map(FileRows::of);
        // Read from the tables, or taken from the directory in memory.
        macro_rules! stored_rows {
            ($field:ident, $table:expr) => {
                match &mut live_rows {
                    Some(live) => owned(std::mem::take(&mut live.$field)),
                    None => read_all(tx, &$table).await?,
                }
            };
        }
        // A record the known directory lacks may have been retired with children that are
        // still stored: its children are rewritten whole.
        let (new_items, new_points): (HashSet<&str>, HashSet<&str>) = match live {
            Some(live) => {
                let items: HashSet<&str> = live.items.iter().map(|i| i.id.as_str()).collect();
                let points: HashSet<&str> = live.points.iter().map(|p| p.id.as_str()).collect();
                (
                    rows.item_ids
                        .iter()
                        .copied()
                        .filter(|id| !items.contains(id))
                        .collect(),
                    rows.point_ids
                        .iter()
                        .copied()
                        .filter(|id| !points.contains(id))
                        .collect(),
                )
            }
            None => Default::default(),
        };

        let materials = diff_children(
            &rows.item_ids,
            &rows.materials,
            stored_rows!(materials, ITEM_MATERIALS),
            &new_items,
        );
        let closures = diff_children(
            &rows.point_ids,
            &rows.closures,
            stored_rows!(closures, POINT_CLOSURES),
            &new_points,
        );
        let categories = diff_records(
            &CATEGORIES,
            rows.categories,
            stored_rows!(categories, CATEGORIES),
            &HashSet::new(),
        );
        let items = diff_records(
            &ITEMS,
            rows.items,
            stored_rows!(items, ITEMS),
            &materials.parents(),
        );
        let points = diff_records(
            &POINTS,
            rows.points,
            stored_rows!(points, POINTS),
            &closures.parents(),
        );
        let offerings = match live {
            Some(live) => Self::diff_offerings_known(file, live),
            None => self.diff_offerings(tx, file).await?,
        };

        if !options.allow_retiring_most {
            check_retirement(&[
                categories.retiring(RecordKind::Category),
                items.retiring(RecordKind::Item),
                points.retiring(RecordKind::Point),
                offerings.retiring(RecordKind::Offering),
            ])?;
        }

        let mut summary = ImportSummary {
            version,
            categories: categories.changes,
            items: items.changes,
            points: points.changes,
            offerings: offerings.changes,
        };
        if !summary.changed() {
            return Ok(summary);
        }

        let total = [&categories, &items, &points, &offerings]
            .iter()
            .map(|d| d.upsert.len() + d.retire.len())
            .sum::<usize>()
            + materials.insert.len()
            + closures.insert.len();
        let mut writer = Writer {
            tx,
            max_rows: dialect::max_rows_per_statement(self.backend),
            written: 0,
            total: total as u64,
            progress,
        };
        // Parents before children, for the foreign keys; retiring deletes nothing, so its order
        // does not matter.
        writer.upsert(&CATEGORIES, &categories.upsert).await?;
        writer.upsert(&ITEMS, &items.upsert).await?;
        writer
            .delete_children(&ITEM_MATERIALS, &materials.rewrite)
            .await?;
        writer.insert(&ITEM_MATERIALS, &materials.insert).await?;
        writer.upsert(&POINTS, &points.upsert).await?;
        writer
            .delete_children(&POINT_CLOSURES, &closures.rewrite)
            .await?;
        writer.insert(&POINT_CLOSURES, &closures.insert).await?;
        writer.upsert(&OFFERINGS, &offerings.upsert).await?;
        let now = chrono::Utc::now().to_rfc3339();
        for diff in [&offerings, &points, &items, &categories] {
            writer.retire(diff.table, &diff.retire, &now).await?;
        }
        // What this version changed, for the instances that read back only that.
        let changed_in = version + 1;
        fn first_column(rows: &[Vec<Value<'_>>]) -> Vec<String> {
            rows.iter()
                .filter_map(|row| match row.first() {
                    Some(Value::Text(id)) => Some(id.to_string()),
                    _ => None,
                })
                .collect()
        }
        let mut changed_categories = first_column(&categories.upsert);
        changed_categories.extend(first_column(&categories.retire));
        let mut changed_items = first_column(&items.upsert);
        changed_items.extend(first_column(&items.retire));
        changed_items.extend(materials.rewrite.iter().map(|id| id.to_string()));
        let mut changed_points = first_column(&points.upsert);
        changed_points.extend(first_column(&points.retire));
        changed_points.extend(closures.rewrite.iter().map(|id| id.to_string()));
        changed_points.extend(first_column(&offerings.upsert));
        changed_points.extend(first_column(&offerings.retire));
        for (table, ids) in [
            ("categories", changed_categories),
            ("items", changed_items),
            ("points", changed_points),
        ] {
            writer.mark_changed(table, ids, changed_in).await?;
        }

        summary.version = sqlx::query_scalar(
            "UPDATE directory_meta SET version = version + 1, updated_at = $1 \
             WHERE id = 1 RETURNING version",
        )
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
        if summary.version != changed_in {
            // The directory lock makes this impossible; should it happen, nothing is kept.
            return Err(anyhow::anyhow!(
                "the directory version moved from {version} to {} under its lock",
                summary.version
            )
            .into());
        }
        super::notify::announce(self.backend, tx, summary.version).await?;
        Ok(summary)
    }
}

/// The directory file as table rows, in file order (`position` is the place in the file).
struct FileRows<'f> {
    categories: Vec<Vec<Value<'f>>>,
    items: Vec<Vec<Value<'f>>>,
    item_ids: Vec<&'f str>,
    materials: Vec<Vec<Value<'f>>>,
    points: Vec<Vec<Value<'f>>>,
    point_ids: Vec<&'f str>,
    closures: Vec<Vec<Value<'f>>>,
}

impl<'f> FileRows<'f> {
    fn of(file: &'f DirectoryFile) -> FileRows<'f> {
        let position = |i: usize| Value::Int(i as i64);
        FileRows {
            categories: file
                .categories
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    vec![
                        c.id.as_str().into(),
                        c.name.as_str().into(),
                        c.name_en.as_str().into(),
                        c.sort.into(),
                        position(i),
                    ]
                })
                .collect(),
            items: file
                .items
                .iter()
                .enumerate()
                .map(|(i, item)| {
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
                        english(&item.description_en),
                        english(&item.eligibility_en),
                        english(&item.department_en),
                        english(&item.legal_basis_en),
                        english(&item.fee.note_en),
                        english(&item.online_url),
                        json(&item.colloquial_en),
                        position(i),
                    ]
                })
                .collect(),
            item_ids: file.items.iter().map(|i| i.id.as_str()).collect(),
            materials: file
                .items
                .iter()
                .flat_map(|item| {
                    item.materials.iter().enumerate().map(|(i, m)| {
                        vec![
                            item.id.as_str().into(),
                            position(i),
                            m.name.as_str().into(),
                            enum_name(&m.form),
                            i64::from(m.copies).into(),
                            m.notes.as_str().into(),
                            english(&m.name_en),
                            english(&m.notes_en),
                        ]
                    })
                })
                .collect(),
            points: file
                .points
                .iter()
                .enumerate()
                .map(|(i, p)| {
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
                        english(&p.name_en),
                        english(&p.district_en),
                        english(&p.subdistrict_en),
                        english(&p.address_en),
                        position(i),
                    ]
                })
                .collect(),
            point_ids: file.points.iter().map(|p| p.id.as_str()).collect(),
            closures: file
                .points
                .iter()
                .flat_map(|p| {
                    p.closures.iter().enumerate().map(|(i, c)| {
                        vec![
                            p.id.as_str().into(),
                            position(i),
                            c.from.to_string().into(),
                            c.to.to_string().into(),
                            c.reason.as_str().into(),
                            english(&c.reason_en),
                        ]
                    })
                })
                .collect(),
        }
    }
}

/// The offering rows of the file's points in `points`.
fn offering_rows<'f>(file: &'f DirectoryFile, points: &HashSet<&str>) -> Vec<Vec<Value<'f>>> {
    file.points
        .iter()
        .filter(|p| points.contains(p.id.as_str()))
        .flat_map(|p| {
            p.items.iter().enumerate().map(|(i, item)| {
                vec![
                    p.id.as_str().into(),
                    item.as_str().into(),
                    Value::Int(i as i64),
                ]
            })
        })
        .collect()
}

/// Rows of a directory in memory as if read from the tables (all of them active).
fn owned(rows: Vec<Vec<Value<'_>>>) -> Vec<StoredRow> {
    rows.into_iter()
        .map(|row| StoredRow {
            values: row.into_iter().map(Value::into_owned).collect(),
            retired: false,
        })
        .collect()
}

/// What an import does to one table of records.
struct RecordDiff<'f> {
    table: &'static Table,
    /// New, changed and returning rows.
    upsert: Vec<Vec<Value<'f>>>,
    /// Keys of the live rows the file leaves out.
    retire: Vec<Vec<Value<'static>>>,
    changes: Changes,
    active_before: usize,
}

impl RecordDiff<'_> {
    fn retiring(&self, kind: RecordKind) -> Retiring {
        Retiring {
            kind,
            active: self.active_before,
            retiring: self.retire.len(),
        }
    }
}

/// Compares the file's rows of a table with the stored ones, by key. `children_changed` holds
/// the keys whose child rows (materials, closures) changed: such a record counts as updated
/// even when its own row is the same.
fn diff_records<'f>(
    table: &'static Table,
    file_rows: Vec<Vec<Value<'f>>>,
    stored: Vec<StoredRow>,
    children_changed: &HashSet<&str>,
) -> RecordDiff<'f> {
    let key_len = table.key_len;
    let mut stored: HashMap<String, StoredRow> = stored
        .into_iter()
        .map(|row| (key_of(&row.values[..key_len]), row))
        .collect();
    let active_before = stored.values().filter(|row| !row.retired).count();
    let mut changes = Changes::default();
    let mut upsert = Vec::new();
    for row in file_rows {
        let key = key_of(&row[..key_len]);
        match stored.remove(&key) {
            None => changes.added += 1,
            Some(old) if old.retired => changes.revived += 1,
            Some(old) if old.values != row => {
                // Records keep the file's order in their last column, `position`: a record that
                // only moved is rewritten for the order, but it did not change.
                let len = row.len();
                let only_moved = table.columns.last().is_some_and(|(c, _)| *c == "position")
                    && old.values.len() == len
                    && old.values[..len - 1] == row[..len - 1];
                if only_moved {
                    changes.moved += 1;
                } else {
                    changes.updated += 1;
                }
            }
            Some(_) => {
                if children_changed.contains(key.as_str()) {
                    changes.updated += 1;
                } else {
                    changes.unchanged += 1;
                }
                continue;
            }
        }
        upsert.push(row);
    }
    // What is left was stored but is not in the file.
    let mut retire: Vec<Vec<Value<'static>>> = stored
        .into_values()
        .filter(|row| !row.retired)
        .map(|mut row| {
            row.values.truncate(key_len);
            row.values
        })
        .collect();
    retire.sort_by_key(|k| key_of(k));
    changes.retired = retire.len();
    RecordDiff {
        table,
        upsert,
        retire,
        changes,
        active_before,
    }
}

/// What an import does to a child table (rows keyed by parent and position).
struct ChildDiff<'f> {
    /// Parents whose rows are replaced.
    rewrite: Vec<&'f str>,
    /// Their new rows.
    insert: Vec<Vec<Value<'f>>>,
}

impl<'f> ChildDiff<'f> {
    fn parents(&self) -> HashSet<&'f str> {
        self.rewrite.iter().copied().collect()
    }
}

/// Compares each of the file's parents' child rows (in order) with the stored ones; the rows of
/// the parents in `rewrite` are rewritten whatever is stored. Children of parents the file leaves
/// out stay as they are, with their retired parent.
fn diff_children<'f>(
    parents: &[&'f str],
    file_rows: &[Vec<Value<'f>>],
    stored: Vec<StoredRow>,
    rewrite: &HashSet<&str>,
) -> ChildDiff<'f> {
    let mut stored_by_parent: HashMap<String, Vec<Vec<Value<'static>>>> = HashMap::new();
    for row in stored {
        stored_by_parent
            .entry(key_of(&row.values[..1]))
            .or_default()
            .push(row.values);
    }
    let mut file_by_parent: HashMap<&str, Vec<&Vec<Value<'f>>>> = HashMap::new();
    for row in file_rows {
        if let Value::Text(parent) = &row[0] {
            file_by_parent.entry(parent.as_ref()).or_default().push(row);
        }
    }
    let mut diff = ChildDiff {
        rewrite: Vec::new(),
        insert: Vec::new(),
    };
    for parent in parents {
        let new = file_by_parent.remove(parent).unwrap_or_default();
        let old = stored_by_parent.remove(*parent).unwrap_or_default();
        let same = new.len() == old.len() && new.iter().zip(&old).all(|(n, o)| *n == o);
        if !same || rewrite.contains(parent) {
            diff.rewrite.push(parent);
            diff.insert.extend(new.into_iter().cloned());
        }
    }
    diff
}

/// A map key for a row's key columns (ids never contain the separator).
fn key_of(key: &[Value<'_>]) -> String {
    let mut out = String::new();
    for (i, value) in key.iter().enumerate() {
        if i > 0 {
            out.push('\u{1f}');
        }
        match value {
            Value::Text(s) => out.push_str(s),
            Value::Int(n) => out.push_str(&n.to_string()),
            Value::Real(x) => out.push_str(&x.to_string()),
        }
    }
    out
}

/// An optional text as stored: '' when there is none (validation refuses an empty one, so ''
/// never stands for a real value).
fn english(text: &Option<String>) -> Value<'_> {
    text.as_deref().unwrap_or("").into()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, name: &str) -> Vec<Value<'static>> {
        vec![
            Value::Text(id.to_owned().into()),
            Value::Text(name.to_owned().into()),
        ]
    }

    fn stored(id: &str, name: &str, retired: bool) -> StoredRow {
        StoredRow {
            values: row(id, name),
            retired,
        }
    }

    const T: Table = Table {
        name: "t",
        columns: &[("id", Text), ("name", Text)],
        key_len: 1,
        retirable: true,
    };

    #[test]
    fn records_are_added_updated_revived_retired_or_left_alone() {
        let diff = diff_records(
            &T,
            vec![
                row("new", "n"),
                row("same", "s"),
                row("changed", "c2"),
                row("back", "b"),
            ],
            vec![
                stored("same", "s", false),
                stored("changed", "c1", false),
                stored("back", "b", true),
                stored("gone", "g", false),
                stored("long-gone", "l", true),
            ],
            &HashSet::new(),
        );
        assert_eq!(
            diff.changes,
            Changes {
                added: 1,
                updated: 1,
                moved: 0,
                revived: 1,
                retired: 1,
                unchanged: 1
            }
        );
        assert_eq!(
            diff.upsert,
            vec![row("new", "n"), row("changed", "c2"), row("back", "b")]
        );
        assert_eq!(diff.retire, vec![vec![Value::Text("gone".into())]]);
        assert_eq!(diff.active_before, 3);
    }

    #[test]
    fn a_record_whose_children_changed_is_updated_without_rewriting_it() {
        let diff = diff_records(
            &T,
            vec![row("a", "x")],
            vec![stored("a", "x", false)],
            &HashSet::from(["a"]),
        );
        assert_eq!(diff.changes.updated, 1);
        assert!(diff.upsert.is_empty());
    }

    #[test]
    fn a_record_that_only_moved_in_the_file_is_moved_not_updated() {
        const P: Table = Table {
            name: "p",
            columns: &[("id", Text), ("name", Text), ("position", Int)],
            key_len: 1,
            retirable: true,
        };
        let at = |id: &str, name: &str, position: i64| {
            vec![
                Value::Text(id.to_owned().into()),
                Value::Text(name.to_owned().into()),
                Value::Int(position),
            ]
        };
        let stored_at = |id: &str, name: &str, position: i64| StoredRow {
            values: at(id, name, position),
            retired: false,
        };
        let diff = diff_records(
            &P,
            vec![at("b", "B", 0), at("c", "C2", 1)],
            vec![
                stored_at("a", "A", 0),
                stored_at("b", "B", 1),
                stored_at("c", "C", 2),
            ],
            &HashSet::new(),
        );
        assert_eq!(diff.changes.moved, 1, "b only moved up");
        assert_eq!(diff.changes.updated, 1, "c moved and was renamed");
        assert_eq!(diff.changes.retired, 1);
        assert_eq!(diff.upsert.len(), 2, "both rewritten, so the order is kept");
    }

    fn child(parent: &str, position: i64, text: &str) -> Vec<Value<'static>> {
        vec![
            Value::Text(parent.to_owned().into()),
            Value::Int(position),
            Value::Text(text.to_owned().into()),
        ]
    }

    #[test]
    fn children_are_rewritten_only_for_parents_whose_list_changed() {
        let file = vec![child("a", 0, "x"), child("b", 0, "y"), child("b", 1, "z")];
        let stored = vec![
            StoredRow {
                values: child("a", 0, "x"),
                retired: false,
            },
            StoredRow {
                values: child("b", 0, "y"),
                retired: false,
            },
            StoredRow {
                values: child("c", 0, "w"),
                retired: false,
            },
            StoredRow {
                values: child("d", 0, "v"),
                retired: false,
            },
        ];
        let diff = diff_children(&["a", "b", "c"], &file, stored, &HashSet::new());
        // b gained a row, c lost its rows; d is not in the file (retired) and is left alone.
        assert_eq!(diff.rewrite, vec!["b", "c"]);
        assert_eq!(diff.insert, vec![child("b", 0, "y"), child("b", 1, "z")]);
    }
}

//! Staff drafts of directory edits (one per account), and publishing one: the draft applied to
//! the live directory, validated with the import's rules, written by the import's own
//! change-by-difference, audited record by record, all in one transaction.

use std::collections::HashMap;

use linli_shared::directory::DirectoryFile;
use linli_shared::domain::draft::{DraftKind, DraftProblem, DraftRecord, apply, published};
use linli_shared::domain::validate::validate;
use linli_shared::error::{ApiError, ErrorCode, FieldProblem};
use serde_json::Value;
use sqlx::{Any, Transaction};

use super::audit::{AuditActor, Change, append};
use super::import::Stored;
use super::{ImportOptions, ImportSummary, Store};
use crate::error::Error;

/// A draft record and when it was last saved (RFC 3339 UTC).
#[derive(Debug, Clone)]
pub struct StoredDraftRecord {
    pub entry: DraftRecord,
    pub updated_at: String,
}

type DraftRow = (String, String, Option<String>, Option<String>, String);

fn read_row(
    (kind, id, base_version, record, updated_at): DraftRow,
) -> Result<StoredDraftRecord, Error> {
    let kind = DraftKind::parse(&kind)
        .ok_or_else(|| anyhow::anyhow!("draft_records has a record of kind {kind:?}"))?;
    let record = record
        .map(|text| serde_json::from_str::<Value>(&text))
        .transpose()
        .map_err(|e| anyhow::anyhow!("draft_records holds JSON it cannot read: {e}"))?;
    Ok(StoredDraftRecord {
        entry: DraftRecord {
            kind,
            id,
            base_version,
            record,
        },
        updated_at,
    })
}

/// What a publish did, and the directory it made (what the catalogue is built from next,
/// without reading the database back).
#[derive(Debug)]
pub struct Published {
    pub summary: ImportSummary,
    /// How many records changed (one audit entry each).
    pub records: usize,
    pub directory: DirectoryFile,
}

/// Whether the publisher may make each change of a draft, given the live directory.
pub type Authorize<'a> = dyn Fn(&DirectoryFile, &[DraftRecord]) -> Result<(), Error> + Sync + 'a;

impl Store {
    /// The account's draft, by kind and id.
    pub async fn draft(&self, account_id: i64) -> Result<Vec<StoredDraftRecord>, Error> {
        let rows: Vec<DraftRow> = sqlx::query_as(
            "SELECT kind, record_id, base_version, record_json, updated_at FROM draft_records \
             WHERE account_id = $1 ORDER BY kind, record_id",
        )
        .bind(account_id)
        .fetch_all(&self.read)
        .await?;
        rows.into_iter().map(read_row).collect()
    }

    /// Puts one record into the account's draft, replacing what the draft held for it.
    pub async fn save_draft_record(
        &self,
        account_id: i64,
        entry: &DraftRecord,
        at: &str,
    ) -> Result<(), Error> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO draft_records (account_id, kind, record_id, base_version, record_json, \
             updated_at) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (account_id, kind, record_id) DO UPDATE SET \
             base_version = excluded.base_version, record_json = excluded.record_json, \
             updated_at = excluded.updated_at",
        )
        .bind(account_id)
        .bind(entry.kind.as_str())
        .bind(&entry.id)
        .bind(&entry.base_version)
        .bind(entry.record.as_ref().map(Value::to_string))
        .bind(at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Makes `entries` the account's whole draft (what it held before is dropped), in one
    /// transaction.
    pub async fn replace_draft(
        &self,
        account_id: i64,
        entries: &[DraftRecord],
        at: &str,
    ) -> Result<(), Error> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM draft_records WHERE account_id = $1")
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        for entry in entries {
            sqlx::query(
                "INSERT INTO draft_records (account_id, kind, record_id, base_version, \
                 record_json, updated_at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(account_id)
            .bind(entry.kind.as_str())
            .bind(&entry.id)
            .bind(&entry.base_version)
            .bind(entry.record.as_ref().map(Value::to_string))
            .bind(at)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Takes one record out of the account's draft (nothing if it was not there).
    pub async fn discard_draft_record(
        &self,
        account_id: i64,
        kind: DraftKind,
        id: &str,
    ) -> Result<(), Error> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "DELETE FROM draft_records WHERE account_id = $1 AND kind = $2 AND record_id = $3",
        )
        .bind(account_id)
        .bind(kind.as_str())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Publishes the account's draft onto `live`, the directory at `version` (the caller's
    /// catalogue, so the directory is not read again): `None`, with nothing done, when the
    /// stored directory is no longer at `version` (the caller refreshes and tries again). Every
    /// record's base must still be current (`draft_stale` with the current record otherwise);
    /// `authorize` sees the directory and the draft (the actor's rights may have changed since
    /// the edits were saved); the result is validated with the import's rules
    /// (`directory_invalid` naming every problem) and written with the import's
    /// change-by-difference, with one audit entry per record that changed and the draft
    /// emptied, all in one transaction holding the directory lock. Nothing changes when
    /// anything is refused. The comparison is made with `live` itself (the lock shows it is what
    /// is stored), so only what changed is written and nothing is read back. `valid` is given
    /// the resulting directory once it is valid, before it is written: the caller may build its
    /// next catalogue meanwhile (to be used only if this answers `Some`).
    pub async fn publish_draft(
        &self,
        account_id: i64,
        actor: &AuditActor,
        at: &str,
        (version, live): (i64, &DirectoryFile),
        authorize: &Authorize<'_>,
        valid: &(dyn Fn(&DirectoryFile) + Sync),
    ) -> Result<Option<Published>, Error> {
        let mut tx = self.begin_write().await?;
        if self.lock_directory(&mut tx).await? != version {
            tx.rollback().await?;
            return Ok(None);
        }
        let rows: Vec<DraftRow> = sqlx::query_as(
            "SELECT kind, record_id, base_version, record_json, updated_at \
             FROM draft_records WHERE account_id = $1 ORDER BY kind, record_id",
        )
        .bind(account_id)
        .fetch_all(&mut *tx)
        .await?;
        let entries: Vec<DraftRecord> = rows
            .into_iter()
            .map(|row| read_row(row).map(|r| r.entry))
            .collect::<Result<_, _>>()?;
        authorize(live, &entries)?;
        let next = apply(live, &entries).map_err(refusal)?;
        let problems = validate(&next);
        if let Some(error) = ApiError::from_fields(
            problems
                .iter()
                .map(|p| {
                    FieldProblem::because(
                        format!("{}.{}", p.path, p.field),
                        ErrorCode::DirectoryInvalid,
                        p.reason.clone(),
                    )
                })
                .collect(),
        ) {
            return Err(error.into());
        }
        valid(&next);
        let summary = self
            .import_locked(
                &mut tx,
                version,
                &next,
                Stored::Known(live),
                ImportOptions::default(),
                &|_, _| {},
            )
            .await?;
        let audited = audit_records(
            &mut tx,
            at,
            actor,
            (live, &next),
            entries.iter().map(|e| (e.kind, e.id.as_str())),
        )
        .await?;
        sqlx::query("DELETE FROM draft_records WHERE account_id = $1")
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Some(Published {
            summary,
            records: audited,
            directory: next,
        }))
    }
}

/// Appends one audit entry for each of `records` whose published form differs between `before`
/// and `after` (added, changed or retired; a record that only moved in the file is not a change
/// to it). Returns how many were written.
pub(super) async fn audit_records<'r>(
    tx: &mut Transaction<'static, Any>,
    at: &str,
    actor: &AuditActor,
    (before, after): (&DirectoryFile, &DirectoryFile),
    records: impl Iterator<Item = (DraftKind, &'r str)>,
) -> Result<usize, Error> {
    let mut audited = 0;
    for (kind, id) in records {
        let old = published(before, kind, id);
        let new = published(after, kind, id);
        if old == new {
            continue;
        }
        let action = match (&old, &new) {
            (None, _) => "record_added",
            (_, None) => "record_retired",
            _ => "record_changed",
        };
        append(
            tx,
            Change {
                at,
                actor,
                action,
                record_kind: kind.as_str(),
                record_id: id,
                before: old,
                after: new,
            },
        )
        .await?;
        audited += 1;
    }
    Ok(audited)
}

/// Appends one audit entry for every record that differs between two whole directories (an
/// import): compared as records (cheap), put into JSON only when they differ.
pub(super) async fn audit_directory_change(
    tx: &mut Transaction<'static, Any>,
    at: &str,
    actor: &AuditActor,
    (before, after): (&DirectoryFile, &DirectoryFile),
) -> Result<usize, Error> {
    type Changed = (DraftKind, String, Option<Value>, Option<Value>);
    fn differing<T: PartialEq + serde::Serialize>(
        kind: DraftKind,
        before: &[T],
        after: &[T],
        id: impl Fn(&T) -> &str,
        out: &mut Vec<Changed>,
    ) {
        let old: HashMap<&str, &T> = before.iter().map(|r| (id(r), r)).collect();
        let new: HashMap<&str, &T> = after.iter().map(|r| (id(r), r)).collect();
        let json = |r: Option<&&T>| r.and_then(|r| serde_json::to_value(r).ok());
        let mut ids: Vec<&str> = after
            .iter()
            .map(&id)
            .filter(|i| old.get(i) != new.get(i))
            .chain(before.iter().map(&id).filter(|i| !new.contains_key(i)))
            .collect();
        ids.sort_unstable();
        for i in ids {
            out.push((kind, i.to_owned(), json(old.get(i)), json(new.get(i))));
        }
    }
    let mut changed = Vec::new();
    differing(
        DraftKind::Category,
        &before.categories,
        &after.categories,
        |c| c.id.as_str(),
        &mut changed,
    );
    differing(
        DraftKind::Item,
        &before.items,
        &after.items,
        |i| i.id.as_str(),
        &mut changed,
    );
    differing(
        DraftKind::Point,
        &before.points,
        &after.points,
        |p| p.id.as_str(),
        &mut changed,
    );
    let count = changed.len();
    for (kind, id, old, new) in changed {
        let action = match (&old, &new) {
            (None, _) => "record_added",
            (_, None) => "record_retired",
            _ => "record_changed",
        };
        append(
            tx,
            Change {
                at,
                actor,
                action,
                record_kind: kind.as_str(),
                record_id: &id,
                before: old,
                after: new,
            },
        )
        .await?;
    }
    Ok(count)
}

/// The API's answer to a draft that cannot be applied.
pub fn refusal(problem: DraftProblem) -> Error {
    match problem {
        DraftProblem::Stale { current, .. } => {
            ApiError::with_current(ErrorCode::DraftStale, current.unwrap_or(Value::Null)).into()
        }
        DraftProblem::Unreadable { kind, id, reason } => ApiError {
            code: ErrorCode::DirectoryInvalid,
            fields: vec![FieldProblem::because(
                format!("{} {id}", kind.as_str()),
                ErrorCode::DirectoryInvalid,
                reason,
            )],
            current: None,
            note: None,
        }
        .into(),
    }
}

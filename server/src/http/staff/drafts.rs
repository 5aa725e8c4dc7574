//! Editing the directory: a published record with its version, the caller's draft (records
//! saved into it, taken out of it), its difference from what residents see, and publishing it.
//! Who may edit what is `linli_shared::domain::draft::may_edit` (through `may`); a copy of a
//! record edited from an older version is refused with `draft_stale` and the current record.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use linli_shared::api::staff::{
    DraftDiff, DraftEntry, DraftResponse, DraftSave, PublishResult, PublishedRecord, RecordChange,
    RecordDiff,
};
use linli_shared::directory::{Category, DirectoryFile, Item, Point};
use linli_shared::domain::draft::{
    DraftKind, DraftRecord, field_changes, may_edit, published, version_of,
};
use linli_shared::domain::staff::{Action, Target};
use linli_shared::error::{ApiError, ErrorBody, ErrorCode, FieldProblem};
use serde_json::Value;

use super::{Staff, now};
use crate::auth::format_time;
use crate::catalog::refresh::{install, install_built, refresh_if_changed, start_building};
use crate::error::{Error, Result};
use crate::http::AppState;
use crate::http::body::JsonBody;

/// How many times a publish catches up with a directory that changed under it.
const PUBLISH_ATTEMPTS: usize = 3;

fn kind_of(text: &str) -> Result<DraftKind> {
    DraftKind::parse(text)
        .ok_or_else(|| ApiError::field("kind", ErrorCode::InvalidParameter).into())
}

fn not_found(kind: DraftKind) -> Error {
    match kind {
        DraftKind::Category => ErrorCode::CategoryNotFound,
        DraftKind::Item => ErrorCode::ItemNotFound,
        DraftKind::Point => ErrorCode::PointNotFound,
    }
    .into()
}

/// Whether `record` reads as a record of `kind` with the id `id`.
fn check_record(kind: DraftKind, id: &str, record: &Value) -> Result<()> {
    fn read<T: serde::de::DeserializeOwned>(record: &Value) -> Result<T> {
        serde_json::from_value(record.clone()).map_err(|e| {
            ApiError::from_fields(vec![FieldProblem::because(
                "record",
                ErrorCode::InvalidBody,
                e.to_string(),
            )])
            .expect("one problem")
            .into()
        })
    }
    let record_id = match kind {
        DraftKind::Category => read::<Category>(record)?.id.as_str().to_owned(),
        DraftKind::Item => read::<Item>(record)?.id.as_str().to_owned(),
        DraftKind::Point => read::<Point>(record)?.id.as_str().to_owned(),
    };
    if record_id != id {
        return Err(ApiError::field("record.id", ErrorCode::InvalidParameter).into());
    }
    Ok(())
}

/// A record as residents see it now, with its version (what a draft edit of it names).
#[utoipa::path(get, path = "/api/v1/staff/records/{kind}/{id}",
    params(("kind" = String, Path, description = "category, item or point"),
        ("id" = String, Path, description = "The record's id")),
    responses((status = 200, body = PublishedRecord), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    tag = "staff")]
pub async fn record(
    State(state): State<AppState>,
    staff: Staff,
    Path((kind, id)): Path<(String, String)>,
) -> Result<Json<PublishedRecord>> {
    staff.require(Action::ReadDirectory, &Target::Nothing)?;
    let kind = kind_of(&kind)?;
    let record = state
        .catalog
        .current()
        .record(kind, &id)
        .ok_or_else(|| not_found(kind))?;
    Ok(Json(PublishedRecord {
        kind,
        id,
        version: version_of(&record),
        record,
    }))
}

/// The caller's draft.
#[utoipa::path(get, path = "/api/v1/staff/draft",
    responses((status = 200, body = DraftResponse), (status = 401, body = ErrorBody)),
    tag = "staff")]
pub async fn list(State(state): State<AppState>, staff: Staff) -> Result<Json<DraftResponse>> {
    staff.require(Action::ReadDirectory, &Target::Nothing)?;
    let entries = state
        .store
        .draft(staff.account.id)
        .await?
        .into_iter()
        .map(|r| DraftEntry {
            kind: r.entry.kind,
            id: r.entry.id,
            base_version: r.entry.base_version,
            record: r.entry.record,
            updated_at: r.updated_at,
        })
        .collect();
    Ok(Json(DraftResponse { entries }))
}

/// Saves a whole record (or, with `record: null`, its retirement) into the caller's draft.
/// `base_version` must be the published record's version now (left out for a new record):
/// otherwise 409 `draft_stale`, with the current record in `current`. Categories and items are
/// the platform admin's; a point its district admin's; a point manager changes only their own
/// point's hours, closures, offerings and phone.
#[utoipa::path(put, path = "/api/v1/staff/draft/{kind}/{id}",
    params(("kind" = String, Path, description = "category, item or point"),
        ("id" = String, Path, description = "The record's id"),
        ("X-CSRF-Token" = String, Header, description = "The token given at sign-in")),
    request_body = DraftSave,
    responses((status = 200, body = DraftEntry), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    tag = "staff")]
pub async fn save(
    State(state): State<AppState>,
    staff: Staff,
    Path((kind, id)): Path<(String, String)>,
    JsonBody(save): JsonBody<DraftSave>,
) -> Result<Json<DraftEntry>> {
    let kind = kind_of(&kind)?;
    if let Some(record) = &save.record {
        check_record(kind, &id, record)?;
    }
    let mut current = state.catalog.current().record(kind, &id);
    if current.as_ref().map(version_of) != save.base_version {
        // This instance may not have caught up yet with a publish made on another one.
        refresh_if_changed(&state.store, &state.catalog).await?;
        current = state.catalog.current().record(kind, &id);
    }
    if current.is_none() && save.record.is_none() {
        return Err(not_found(kind));
    }
    if !may_edit(&staff.actor(), kind, current.as_ref(), save.record.as_ref()) {
        return Err(ErrorCode::Forbidden.into());
    }
    if current.as_ref().map(version_of) != save.base_version {
        return Err(
            ApiError::with_current(ErrorCode::DraftStale, current.unwrap_or(Value::Null)).into(),
        );
    }
    let entry = DraftRecord {
        kind,
        id,
        base_version: save.base_version,
        record: save.record,
    };
    let at = format_time(now(&state));
    state
        .store
        .save_draft_record(staff.account.id, &entry, &at)
        .await?;
    Ok(Json(DraftEntry {
        kind: entry.kind,
        id: entry.id,
        base_version: entry.base_version,
        record: entry.record,
        updated_at: at,
    }))
}

/// Takes a record out of the caller's draft (its edits are dropped).
#[utoipa::path(delete, path = "/api/v1/staff/draft/{kind}/{id}",
    params(("kind" = String, Path, description = "category, item or point"),
        ("id" = String, Path, description = "The record's id"),
        ("X-CSRF-Token" = String, Header, description = "The token given at sign-in")),
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)),
    tag = "staff")]
pub async fn discard(
    State(state): State<AppState>,
    staff: Staff,
    Path((kind, id)): Path<(String, String)>,
) -> Result<StatusCode> {
    staff.require(Action::UseOwnSession, &Target::Nothing)?;
    let kind = kind_of(&kind)?;
    state
        .store
        .discard_draft_record(staff.account.id, kind, &id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The caller's draft against what residents see, record by record and field by field.
#[utoipa::path(get, path = "/api/v1/staff/draft/diff",
    responses((status = 200, body = DraftDiff), (status = 401, body = ErrorBody)),
    tag = "staff")]
pub async fn diff(State(state): State<AppState>, staff: Staff) -> Result<Json<DraftDiff>> {
    staff.require(Action::ReadDirectory, &Target::Nothing)?;
    let catalog = state.catalog.current();
    let records = state
        .store
        .draft(staff.account.id)
        .await?
        .into_iter()
        .map(|r| {
            let entry = r.entry;
            let before = catalog.record(entry.kind, &entry.id);
            let after = entry.record;
            let change = match (&before, &after) {
                (None, _) => RecordChange::Added,
                (_, None) => RecordChange::Retired,
                (b, a) if b == a => RecordChange::Unchanged,
                _ => RecordChange::Changed,
            };
            RecordDiff {
                kind: entry.kind,
                stale: before.as_ref().map(version_of) != entry.base_version,
                fields: field_changes(before.as_ref(), after.as_ref()),
                id: entry.id,
                change,
            }
        })
        .collect();
    Ok(Json(DraftDiff { records }))
}

/// Publishes the caller's draft: the whole resulting directory is checked with the import's
/// rules (422 `directory_invalid` naming every problem; nothing changes), every record must
/// still be at the version it was edited from (409 `draft_stale`), and the change is written by
/// the import's change-by-difference in one transaction with an audit entry per record. This
/// instance answers with the new directory when the publish answers; the others when they are
/// told (PostgreSQL's NOTIFY) or at their next poll of the version.
#[utoipa::path(post, path = "/api/v1/staff/draft/publish",
    params(("X-CSRF-Token" = String, Header, description = "The token given at sign-in")),
    responses((status = 200, body = PublishResult), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)),
    tag = "staff")]
pub async fn publish(State(state): State<AppState>, staff: Staff) -> Result<Json<PublishResult>> {
    staff.require(Action::ReadDirectory, &Target::Nothing)?;
    let actor = staff.actor();
    // Rights are checked again against the directory being published onto.
    let authorize = |live: &DirectoryFile, entries: &[DraftRecord]| -> Result<()> {
        for entry in entries {
            let before = published(live, entry.kind, &entry.id);
            if !may_edit(&actor, entry.kind, before.as_ref(), entry.record.as_ref()) {
                return Err(ErrorCode::Forbidden.into());
            }
        }
        Ok(())
    };
    let at = format_time(now(&state));
    let mut outcome = None;
    // The next catalogue is built while the publish writes (used only once it is written).
    let building = std::sync::Mutex::new(None);
    for _ in 0..PUBLISH_ATTEMPTS {
        let catalog = state.catalog.current();
        let live = catalog.to_file();
        let next_version = catalog.version() + 1;
        let valid = |next: &DirectoryFile| {
            let handle = start_building(next_version, next.clone());
            *building.lock().unwrap_or_else(|e| e.into_inner()) = Some(handle);
        };
        outcome = state
            .store
            .publish_draft(
                staff.account.id,
                &staff.audit_actor(),
                &at,
                (catalog.version(), &live),
                &authorize,
                &valid,
            )
            .await?;
        if outcome.is_some() {
            break;
        }
        // The directory changed since this instance's catalogue was built: catch up first.
        refresh_if_changed(&state.store, &state.catalog).await?;
    }
    let published = outcome.ok_or_else(|| {
        Error::from(anyhow::anyhow!(
            "the directory kept changing while publishing"
        ))
    })?;
    let (summary, records) = (published.summary, published.records);
    // The new catalogue is built from the directory just written, not read back (already
    // under way since it was found valid).
    let built = building.lock().unwrap_or_else(|e| e.into_inner()).take();
    if summary.changed() {
        let installed = match built {
            Some(handle) => install_built(&state.catalog, handle).await,
            None => install(&state.catalog, summary.version, published.directory).await,
        };
        if let Err(e) = installed {
            tracing::warn!(error = %e, "published, but could not rebuild the catalogue at once");
        }
    }
    tracing::info!(by = %staff.account.username, records, version = summary.version, "draft published");
    Ok(Json(PublishResult {
        version: summary.version,
        records,
    }))
}

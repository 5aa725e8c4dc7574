//! The directory as staff see it: `GET /api/v1/staff/directory` (a list of items and points,
//! retired ones too when asked, points within the asker's scope), and the whole directory as a
//! file, from the console: `GET /api/v1/staff/directory/export` (the
//! file `linli-server export` writes) and `POST /api/v1/staff/directory/import` (a file checked
//! with the import's rules, every problem named, then put into the uploader's draft record by
//! record, so that its diff is seen and it is published through the drafts' path: the same
//! change-by-difference as `linli-server import`, with an audit entry per record).

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use linli_shared::api::staff::{DirectoryUpload, ListedItem, ListedPoint, StaffDirectory};
use linli_shared::directory::DirectoryFile;
use linli_shared::domain::draft::{DraftKind, DraftRecord, version_of};
use linli_shared::domain::listing::{ListFilter, MAX_LISTED};
use linli_shared::domain::staff::{Action, Place, Scope, Target};
use linli_shared::error::{ApiError, ErrorBody, ErrorCode, FieldProblem};
use serde::Serialize;
use serde_json::Value;

use super::{Staff, now};
use crate::auth::format_time;
use crate::catalog::Catalog;
use crate::directory::{parse_directory, to_file_text};
use crate::error::Result;
use crate::http::AppState;
use crate::http::query::Trail;
use crate::store::directory::RetiredRecords;

/// The largest directory file taken (a province's is about 40 MB).
pub const MAX_DIRECTORY_BYTES: usize = 128 * 1024 * 1024;

/// Items and points as staff look for them: `q` (text in an id, a name, a colloquial name or
/// alias, a district or an address), `status` (`active`, the default; `retired`; `all`), `kind`
/// (`items` or `points`; both when left out), `category` (items), `district` (points). Points
/// are only those within the asker's scope (a district admin's district, a point's own staff
/// their point); items are the whole catalogue. At most 200 of each, in the file's order (then
/// retired ones by id).
#[utoipa::path(get, path = "/api/v1/staff/directory",
    params(
        ("q" = Option<String>, Query, description = "Text in an id, a name, an alias, an address (spaces and case ignored)"),
        ("status" = Option<String>, Query, description = "active (default), retired or all"),
        ("kind" = Option<String>, Query, description = "items or points (both when left out)"),
        ("category" = Option<String>, Query, description = "Items of this category only"),
        ("district" = Option<String>, Query, description = "Points of this district only")),
    responses((status = 200, body = StaffDirectory), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody)),
    tag = "staff")]
pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Trail(params): Trail,
) -> Result<Json<StaffDirectory>> {
    staff.require(Action::ReadDirectory, &Target::Nothing)?;
    let filter = ListFilter::parse(&params)?;
    let retired = if filter.status.keeps(true) {
        state.store.retired_records().await?
    } else {
        RetiredRecords::default()
    };
    let scope = staff.account.scope.clone();
    let catalog = state.catalog.current();
    let answer = tokio::task::spawn_blocking(move || listing(&catalog, &retired, &filter, &scope))
        .await
        .map_err(|e| anyhow::anyhow!("listing the directory failed: {e}"))?;
    Ok(Json(answer))
}

/// The list a filter keeps, live records first.
fn listing(
    catalog: &Catalog,
    retired: &RetiredRecords,
    filter: &ListFilter,
    scope: &Scope,
) -> StaffDirectory {
    let mut answer = StaffDirectory::default();
    let live_items = catalog.item_records().filter_map(|i| {
        let texts = [i.id.as_str(), i.name.as_str(), i.name_en.as_str()]
            .into_iter()
            .chain(i.colloquial.iter().map(String::as_str))
            .chain(i.aliases.iter().map(String::as_str));
        filter
            .keeps_item(i.category.as_str(), false, texts)
            .then(|| ListedItem {
                id: i.id.as_str().to_owned(),
                name: i.name.clone(),
                name_en: i.name_en.clone(),
                category: i.category.as_str().to_owned(),
                retired: false,
            })
    });
    let retired_items = retired.items.iter().filter_map(|i| {
        let texts = [i.id.as_str(), i.name.as_str(), i.name_en.as_str()]
            .into_iter()
            .chain(i.colloquial.iter().map(String::as_str))
            .chain(i.aliases.iter().map(String::as_str));
        filter
            .keeps_item(&i.category, true, texts)
            .then(|| ListedItem {
                id: i.id.clone(),
                name: i.name.clone(),
                name_en: i.name_en.clone(),
                category: i.category.clone(),
                retired: true,
            })
    });
    let mut items = live_items.chain(retired_items);
    answer.items = items.by_ref().take(MAX_LISTED).collect();
    answer.truncated |= items.next().is_some();

    let live_points = catalog.point_records().filter_map(|p| {
        let place = Place {
            district: Some(p.district.as_str()),
            point: Some(p.id.as_str()),
        };
        let texts = [
            p.id.as_str(),
            p.name.as_str(),
            p.name_en.as_deref().unwrap_or(""),
            p.district.as_str(),
            p.subdistrict.as_str(),
            p.address.as_str(),
        ];
        filter
            .keeps_point(scope, place, false, texts)
            .then(|| ListedPoint {
                id: p.id.as_str().to_owned(),
                name: p.name.clone(),
                district: p.district.clone(),
                subdistrict: p.subdistrict.clone(),
                address: p.address.clone(),
                retired: false,
            })
    });
    let retired_points = retired.points.iter().filter_map(|p| {
        let place = Place {
            district: Some(p.district.as_str()),
            point: Some(p.id.as_str()),
        };
        let texts = [
            p.id.as_str(),
            p.name.as_str(),
            p.district.as_str(),
            p.subdistrict.as_str(),
            p.address.as_str(),
        ];
        filter
            .keeps_point(scope, place, true, texts)
            .then(|| ListedPoint {
                id: p.id.clone(),
                name: p.name.clone(),
                district: p.district.clone(),
                subdistrict: p.subdistrict.clone(),
                address: p.address.clone(),
                retired: true,
            })
    });
    let mut points = live_points.chain(retired_points);
    answer.points = points.by_ref().take(MAX_LISTED).collect();
    answer.truncated |= points.next().is_some();
    answer
}

/// The directory residents see, as a directory file (linli-directory/1 JSON).
#[utoipa::path(get, path = "/api/v1/staff/directory/export",
    responses((status = 200, description = "The directory file (linli-directory/1 JSON)"),
        (status = 401, body = ErrorBody)),
    tag = "staff")]
pub async fn export(State(state): State<AppState>, staff: Staff) -> Result<impl IntoResponse> {
    staff.require(Action::ReadDirectory, &Target::Nothing)?;
    let catalog = state.catalog.current();
    let version = catalog.version();
    let text = tokio::task::spawn_blocking(move || to_file_text(&catalog.to_file()))
        .await
        .map_err(|e| anyhow::anyhow!("writing the directory file failed: {e}"))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"linli-directory-v{version}.json\""),
            ),
        ],
        text,
    ))
}

/// Checks a directory file with the import's rules (422 `directory_invalid`, every problem in
/// `details`, nothing changed) and puts it into the caller's draft in place of what the draft
/// held: each record that differs from what residents see becomes a draft record (added,
/// changed, or retired when the file leaves it out), edited from the version residents see
/// now. Then `GET /api/v1/staff/draft/diff` shows it and `POST /api/v1/staff/draft/publish`
/// publishes it. Platform admins only (a directory holds every district).
#[utoipa::path(post, path = "/api/v1/staff/directory/import",
    params(("X-CSRF-Token" = String, Header, description = "The token given at sign-in")),
    request_body(content = String, description = "A directory file (linli-directory/1 JSON)", content_type = "application/json"),
    responses((status = 200, body = DirectoryUpload), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    tag = "staff")]
pub async fn import(
    State(state): State<AppState>,
    staff: Staff,
    body: axum::body::Bytes,
) -> Result<Json<DirectoryUpload>> {
    staff.require(Action::ImportDirectory, &Target::Nothing)?;
    let catalog = state.catalog.current();
    let (entries, upload) = tokio::task::spawn_blocking(move || {
        let text = String::from_utf8_lossy(&body);
        let file = parse_directory(&text).map_err(|problems| invalid(&problems))?;
        Ok::<_, ApiError>(draft_of(&catalog, &file))
    })
    .await
    .map_err(|e| anyhow::anyhow!("reading the directory file failed: {e}"))??;
    state
        .store
        .replace_draft(staff.account.id, &entries, &format_time(now(&state)))
        .await?;
    tracing::info!(by = %staff.account.username, records = entries.len(), "directory file uploaded into a draft");
    Ok(Json(upload))
}

/// The refusal of a file: every problem named, its place as the field.
fn invalid(problems: &[String]) -> ApiError {
    let fields = problems
        .iter()
        .map(|p| {
            let (place, reason) = p.split_once(": ").unwrap_or(("$", p.as_str()));
            FieldProblem::because(place.to_owned(), ErrorCode::DirectoryInvalid, reason)
        })
        .collect();
    ApiError::from_fields(fields).unwrap_or_else(|| ErrorCode::DirectoryInvalid.into())
}

/// The draft that makes the catalogue's directory into `file`: one record per difference.
fn draft_of(catalog: &Catalog, file: &DirectoryFile) -> (Vec<DraftRecord>, DirectoryUpload) {
    let mut entries = Vec::new();
    let mut upload = DirectoryUpload::default();
    let mut put = |kind: DraftKind, ids: Vec<(&str, Option<Value>)>, published: Vec<&str>| {
        let in_file: std::collections::HashSet<&str> = ids.iter().map(|(id, _)| *id).collect();
        for (id, record) in ids {
            let current = catalog.record(kind, id);
            if current == record {
                upload.unchanged += 1;
                continue;
            }
            if current.is_some() {
                upload.changed += 1;
            } else {
                upload.added += 1;
            }
            entries.push(DraftRecord {
                kind,
                id: id.to_owned(),
                base_version: current.as_ref().map(version_of),
                record,
            });
        }
        for id in published.into_iter().filter(|id| !in_file.contains(id)) {
            upload.retired += 1;
            entries.push(DraftRecord {
                kind,
                id: id.to_owned(),
                base_version: catalog.record(kind, id).as_ref().map(version_of),
                record: None,
            });
        }
    };
    fn json<T: Serialize>(r: &T) -> Option<Value> {
        serde_json::to_value(r).ok()
    }
    let live = catalog.to_file();
    put(
        DraftKind::Category,
        file.categories
            .iter()
            .map(|c| (c.id.as_str(), json(c)))
            .collect(),
        live.categories.iter().map(|c| c.id.as_str()).collect(),
    );
    put(
        DraftKind::Item,
        file.items
            .iter()
            .map(|i| (i.id.as_str(), json(i)))
            .collect(),
        live.items.iter().map(|i| i.id.as_str()).collect(),
    );
    put(
        DraftKind::Point,
        file.points
            .iter()
            .map(|p| (p.id.as_str(), json(p)))
            .collect(),
        live.points.iter().map(|p| p.id.as_str()).collect(),
    );
    (entries, upload)
}

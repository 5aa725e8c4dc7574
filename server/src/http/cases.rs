//! Complaints and suggestions for residents: `POST /api/v1/cases` files one (with the resident's
//! token it is theirs, otherwise anonymous), as JSON or as multipart/form-data with up to 3
//! photos, `GET /api/v1/cases/{tracking}` follows it (state, public timeline, replies; the
//! submitter also gets their own text, photos and ratings), `POST /api/v1/cases/{tracking}/rating`
//! rates the answer (好差评), `GET /api/v1/cases/{tracking}/photos/{id}` (and `/thumb`) serves a
//! photo to the submitter and to staff who may handle the case, to nobody else. Residents never
//! see internal notes or staff names: the timeline names a role.
//!
//! Photos are checked and cleaned (`cases::photos`) before anything is written: one refused
//! photo refuses the whole case, and nothing of it is kept. The cleaned files are written and
//! flushed before the case's transaction commits.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use axum::extract::multipart::MultipartError;
use axum::extract::{
    DefaultBodyLimit, FromRequest, FromRequestParts, Multipart, Path, Request, State,
};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use linli_shared::api::cases::{CaseView, NewCase, RatingRequest, TimelineEntry};
use linli_shared::domain::case::{
    CaseRating, EntryKind, Event, MAX_ADDRESS_CHARS, MAX_COMMENT_CHARS, MAX_TEXT_CHARS, Party,
    Subject, TRACKING_LEN, accept_by, check_text, normalize_tracking, tracking_number,
};
use linli_shared::domain::staff::{Action, Target, may};
use linli_shared::error::{ApiError, ErrorBody, ErrorCode};
use sha2::{Digest, Sha256};

use super::AppState;
use super::appointments::{REPLAYED, idempotency_key};
use super::body::JsonBody;
use super::residents::Resident;
use super::staff::{ClientAddr, Staff};
use crate::cases::photo_files::StoredPhoto;
use crate::cases::photos::{self, CleanPhoto, MAX_PHOTO_BYTES, MAX_PHOTOS, PhotoProblem};
use crate::error::{Error, Result};
use crate::store::audit::AuditActor;
use crate::store::cases::{CaseRecord, CaseStep, NewCaseRecord, StepBy, Submitted};

/// The largest body `POST /api/v1/cases` reads: three photos at their limit and room for the
/// case's JSON and the form's boundaries. (Every other route keeps axum's 2 MB.)
pub const MAX_CASE_BODY_BYTES: usize = MAX_PHOTOS * MAX_PHOTO_BYTES + 1024 * 1024;

/// The largest case JSON read (4,000 characters of text, an address and the rest fit many
/// times over).
pub const MAX_CASE_JSON_BYTES: usize = 64 * 1024;

/// The quick routes: following, rating, a photo.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/cases/{tracking}", get(one))
        .route("/cases/{tracking}/rating", post(rate))
        .route("/cases/{tracking}/photos/{id}", get(photo))
        .route("/cases/{tracking}/photos/{id}/thumb", get(thumb))
}

/// Filing a case, photos and all: in the upload group, with its own body limit.
pub fn upload_router() -> Router<AppState> {
    Router::new().route(
        "/cases",
        post(create).layer(DefaultBodyLimit::max(MAX_CASE_BODY_BYTES)),
    )
}

/// A case as sent: JSON (`NewCase`), or multipart/form-data with the same JSON in a part named
/// `case` and up to 3 parts named `photo` (an empty one, a form's file input left empty, is
/// skipped). A photo over 10 MB is refused as soon as its 10 MB are read.
pub struct CaseSubmission {
    pub case: NewCase,
    pub photos: Vec<Vec<u8>>,
}

fn photo_refusal(code: ErrorCode) -> Error {
    ApiError::field("photo", code).into()
}

fn part_error(e: MultipartError) -> Error {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        photo_refusal(ErrorCode::PhotoTooLarge)
    } else {
        ErrorCode::InvalidBody.into()
    }
}

impl<S: Send + Sync> FromRequest<S> for CaseSubmission {
    type Rejection = Error;

    async fn from_request(request: Request, state: &S) -> Result<Self> {
        let multipart = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                v.trim_start()
                    .to_ascii_lowercase()
                    .starts_with("multipart/form-data")
            });
        if !multipart {
            // Only the photos need the route's large limit.
            let (parts, body) = request.into_parts();
            let bytes = axum::body::to_bytes(body, MAX_CASE_JSON_BYTES)
                .await
                .map_err(|_| Error::from(ErrorCode::InvalidBody))?;
            let request = Request::from_parts(parts, axum::body::Body::from(bytes));
            let JsonBody(case) = JsonBody::<NewCase>::from_request(request, state).await?;
            return Ok(CaseSubmission {
                case,
                photos: Vec::new(),
            });
        }
        let mut form = Multipart::from_request(request, state)
            .await
            .map_err(|_| Error::from(ErrorCode::InvalidBody))?;
        let mut case = None;
        let mut photos: Vec<Vec<u8>> = Vec::new();
        while let Some(mut field) = form.next_field().await.map_err(part_error)? {
            match field.name() {
                Some("case") if case.is_none() => {
                    let mut bytes = Vec::new();
                    while let Some(chunk) = field.chunk().await.map_err(part_error)? {
                        if bytes.len() + chunk.len() > MAX_CASE_JSON_BYTES {
                            return Err(ErrorCode::InvalidBody.into());
                        }
                        bytes.extend_from_slice(&chunk);
                    }
                    let parsed: NewCase = serde_json::from_slice(&bytes)
                        .map_err(|_| Error::from(ErrorCode::InvalidBody))?;
                    case = Some(parsed);
                }
                Some("photo") => {
                    let mut bytes = Vec::new();
                    while let Some(chunk) = field.chunk().await.map_err(part_error)? {
                        // A fourth photo is refused as such, before its bytes are read.
                        if photos.len() == MAX_PHOTOS && !chunk.is_empty() {
                            return Err(photo_refusal(ErrorCode::PhotosTooMany));
                        }
                        if bytes.len() + chunk.len() > MAX_PHOTO_BYTES {
                            return Err(photo_refusal(ErrorCode::PhotoTooLarge));
                        }
                        bytes.extend_from_slice(&chunk);
                    }
                    if !bytes.is_empty() {
                        photos.push(bytes);
                    }
                }
                _ => return Err(ErrorCode::InvalidBody.into()),
            }
        }
        let case = case.ok_or(ErrorCode::InvalidBody)?;
        Ok(CaseSubmission { case, photos })
    }
}

/// Checks and cleans every photo (off the async workers); the first refused one refuses all.
async fn clean_all(sent: Vec<Vec<u8>>) -> Result<Vec<CleanPhoto>> {
    if sent.is_empty() {
        return Ok(Vec::new());
    }
    let cleaned = tokio::task::spawn_blocking(move || {
        sent.iter()
            .map(|bytes| photos::clean(bytes))
            .collect::<std::result::Result<Vec<_>, _>>()
    })
    .await
    .map_err(|e| anyhow::anyhow!("cleaning photos: {e}"))?;
    cleaned.map_err(|problem| {
        photo_refusal(match problem {
            PhotoProblem::TooLarge => ErrorCode::PhotoTooLarge,
            PhotoProblem::NotAnImage => ErrorCode::PhotoNotImage,
            PhotoProblem::TooManyPixels => ErrorCode::PhotoTooManyPixels,
            PhotoProblem::Broken => ErrorCode::PhotoUnreadable,
        })
    })
}

/// A text checked against its limit; refused with `case_text_invalid` naming the field.
pub(crate) fn text<'a>(field: &'static str, text: &'a str, max: usize) -> Result<&'a str> {
    check_text(text, max).map_err(|_| ApiError::field(field, ErrorCode::CaseTextInvalid).into())
}

/// The tracking number in a path, as stored; `case_not_found` when it cannot be one.
pub(crate) fn tracking(text: &str) -> Result<String> {
    normalize_tracking(text).ok_or_else(|| ErrorCode::CaseNotFound.into())
}

/// Files a case. 201 with its public view (the same case again, `Idempotent-Replayed: true`,
/// for a repeated `Idempotency-Key`); at most 5 an hour per number and per device. JSON, or
/// multipart/form-data: the JSON in a part `case`, up to 3 parts `photo` (JPEG, PNG or WebP by
/// content, at most 10 MB each; kept without any metadata). A refused photo refuses the case
/// (`photo_not_image` 415, `photo_too_large` 413, `photo_too_many_pixels` and
/// `photo_unreadable` 422, `photos_too_many` 400) and nothing of it is kept.
#[utoipa::path(post, path = "/api/v1/cases",
    params(("Authorization" = Option<String>, Header, description = "Bearer TOKEN: the case is the resident's (else anonymous)"),
        ("Idempotency-Key" = Option<String>, Header, description = "Repeated by a retry: the same case is answered")),
    request_body(content(
        (NewCase = "application/json"),
        (NewCase = "multipart/form-data")
    )),
    responses((status = 201, body = CaseView), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)),
    tag = "cases")]
pub async fn create(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    CaseSubmission { case: body, photos }: CaseSubmission,
) -> Result<Response> {
    let resident = Resident::from_headers(&headers, &state).await?;
    let key = idempotency_key(&headers)?;
    let case_text = text("text", &body.text, MAX_TEXT_CHARS)?;
    let address = body
        .address
        .as_deref()
        .filter(|a| !a.trim().is_empty())
        .map(|a| text("address", a, MAX_ADDRESS_CHARS))
        .transpose()?;
    let catalog = state.catalog.current();
    let point = body.point.as_deref().filter(|p| !p.is_empty());
    if point.is_some_and(|p| catalog.point_record(p).is_none()) {
        return Err(ApiError::field("point", ErrorCode::PointNotFound).into());
    }
    let subject_id = match body.subject {
        Subject::ServiceItem => {
            let id = body.subject_id.as_deref().unwrap_or("");
            if catalog.item_record(id).is_none() {
                return Err(ApiError::field("subject_id", ErrorCode::ItemNotFound).into());
            }
            Some(id)
        }
        Subject::ServicePoint => {
            let id = body.subject_id.as_deref().or(point).unwrap_or("");
            if catalog.point_record(id).is_none() {
                return Err(ApiError::field("subject_id", ErrorCode::PointNotFound).into());
            }
            Some(id)
        }
        _ => None,
    };
    let phone = resident
        .filter(|_| !body.anonymous)
        .map(|r| r.phone.as_str().to_owned());
    let digest = {
        let mut h = Sha256::new();
        for part in [
            body.kind.as_str(),
            body.subject.as_str(),
            subject_id.unwrap_or(""),
            point.unwrap_or(""),
            address.unwrap_or(""),
            case_text,
            phone.as_deref().unwrap_or(""),
        ] {
            h.update(part.as_bytes());
            h.update([0]);
        }
        for photo in &photos {
            h.update(Sha256::digest(photo));
        }
        h.finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    // Every photo is checked before anything is written; then the files, flushed, before the
    // case that lists them.
    let cleaned = clean_all(photos).await?;
    let files = state.photos.clone();
    let stored = tokio::task::spawn_blocking(move || files.write_all(&cleaned))
        .await
        .map_err(|e| anyhow::anyhow!("writing photos: {e}"))?
        .map_err(|e| anyhow::anyhow!("writing photos: {e}"))?;
    let filed = file_case(
        &state,
        &body,
        &stored,
        Filing {
            subject_id,
            point,
            address,
            text: case_text,
            phone: phone.as_deref(),
            client: &client,
            key: key.as_deref(),
            digest: &digest,
        },
    )
    .await;
    let submitted = match filed {
        Ok(Submitted::Created(case)) => Submitted::Created(case),
        // The case was not kept, or is the one filed before with its own photos.
        other => {
            let files = state.photos.clone();
            let _ = tokio::task::spawn_blocking(move || files.remove_all(&stored)).await;
            other?
        }
    };
    let (case, replayed) = match submitted {
        Submitted::Created(case) => (case, false),
        Submitted::Replayed(case) => (case, true),
    };
    let view = public_view(&state, &case, phone.as_deref()).await?;
    let mut response = (StatusCode::CREATED, Json(view)).into_response();
    if replayed {
        response
            .headers_mut()
            .insert(REPLAYED, HeaderValue::from_static("true"));
    }
    Ok(response)
}

/// A checked case's fields, as the store takes them.
struct Filing<'a> {
    subject_id: Option<&'a str>,
    point: Option<&'a str>,
    address: Option<&'a str>,
    text: &'a str,
    phone: Option<&'a str>,
    client: &'a str,
    key: Option<&'a str>,
    digest: &'a str,
}

async fn file_case(
    state: &AppState,
    body: &NewCase,
    stored: &[StoredPhoto],
    f: Filing<'_>,
) -> Result<Submitted> {
    let now = (state.clock)();
    let calendar = state.store.calendar().await?;
    let mut random = [0u8; TRACKING_LEN];
    OsRng.fill_bytes(&mut random);
    let number = tracking_number(&random);
    state
        .store
        .submit_case(NewCaseRecord {
            tracking: &number,
            kind: body.kind,
            subject: body.subject,
            subject_id: f.subject_id,
            point_id: f.point,
            address: f.address,
            body: f.text,
            phone: f.phone,
            client: f.client,
            received_at: now,
            accept_by: accept_by(&calendar, now.date()),
            idempotency_key: f.key,
            request_digest: f.digest,
            photos: stored,
        })
        .await
}

/// The case as residents see it: public steps with the role that took them, replies' texts;
/// for the resident who filed it (their token) also its text and ratings.
async fn public_view(
    state: &AppState,
    case: &CaseRecord,
    caller: Option<&str>,
) -> Result<CaseView> {
    let mine = caller.is_some() && case.phone.as_deref() == caller;
    let timeline = state
        .store
        .case_events(case.id)
        .await?
        .into_iter()
        .filter(|e| e.public)
        .map(|e| TimelineEntry {
            at: e.at,
            kind: e.kind,
            state: e.state,
            by: e.party,
            round: e.round,
            // Only a reply's words are for the resident; reasons and notes stay inside.
            text: e.body.filter(|_| e.kind == EntryKind::Replied),
        })
        .collect();
    let ratings = if mine {
        state.store.case_ratings(case.id).await?
    } else {
        Vec::new()
    };
    Ok(CaseView {
        tracking: case.tracking.clone(),
        kind: case.kind,
        subject: case.subject,
        state: case.state,
        supervised: case.supervised,
        round: case.round,
        received_at: case.received_at,
        accept_by: case.deadlines.accept_by,
        reply_by: case.deadlines.reply_by,
        timeline,
        ratings,
        mine,
        text: mine.then(|| case.body.clone()),
        photos: if mine {
            state.store.case_photos(case.id).await?
        } else {
            Vec::new()
        },
    })
}

/// Follows a case by its tracking number.
#[utoipa::path(get, path = "/api/v1/cases/{tracking}",
    params(("tracking" = String, Path, description = "The tracking number (8 characters)"),
        ("Authorization" = Option<String>, Header, description = "Bearer TOKEN of the submitter: adds the case's own text")),
    responses((status = 200, body = CaseView), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)),
    tag = "cases")]
pub async fn one(
    State(state): State<AppState>,
    Path(number): Path<String>,
    headers: HeaderMap,
) -> Result<Json<CaseView>> {
    let number = tracking(&number)?;
    let resident = Resident::from_headers(&headers, &state).await?;
    let case = state
        .store
        .case_by_tracking(&number)
        .await?
        .ok_or(ErrorCode::CaseNotFound)?;
    let caller = resident.as_ref().map(|r| r.phone.as_str());
    Ok(Json(public_view(&state, &case, caller).await?))
}

/// Rates the answer (好差评), once per round: only the resident who filed the case. Overall
/// 不满意 or worse reopens it for rectification (整改) and a second reply; both ratings are kept.
#[utoipa::path(post, path = "/api/v1/cases/{tracking}/rating",
    params(("tracking" = String, Path, description = "The tracking number"),
        ("Authorization" = String, Header, description = "Bearer TOKEN of the submitter")),
    request_body = CaseRating,
    responses((status = 200, body = CaseView), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    tag = "cases")]
pub async fn rate(
    State(state): State<AppState>,
    Path(number): Path<String>,
    resident: Resident,
    JsonBody(body): JsonBody<RatingRequest>,
) -> Result<Json<CaseView>> {
    let number = tracking(&number)?;
    let case = state
        .store
        .case_by_tracking(&number)
        .await?
        .ok_or(ErrorCode::CaseNotFound)?;
    if case.phone.as_deref() != Some(resident.phone.as_str()) {
        return Err(ErrorCode::RatingNotAllowed.into());
    }
    let comment = body
        .comment
        .as_deref()
        .filter(|c| !c.trim().is_empty())
        .map(|c| text("comment", c, MAX_COMMENT_CHARS).map(str::to_owned))
        .transpose()?;
    let rating = CaseRating { comment, ..body };
    let calendar = state.store.calendar().await?;
    let resident_actor = AuditActor::resident();
    let case = state
        .store
        .take_case_step(CaseStep {
            tracking: &number,
            version: Some(case.version),
            event: Event::Rate {
                reopens: rating.reopens(),
            },
            by: StepBy {
                party: Party::Resident,
                audit: &resident_actor,
            },
            department: None,
            text: None,
            rating: Some(&rating),
            calendar: &calendar,
            now: (state.clock)(),
        })
        .await?;
    Ok(Json(
        public_view(&state, &case, Some(resident.phone.as_str())).await?,
    ))
}

/// A case's photo: to the resident who filed it (their token) and to staff who may read the
/// case (their session), as the staff's case view allows. Everyone else, and any photo the
/// case does not list, gets the same 404 `case_not_found` as a tracking number that does not
/// exist, so a number reveals nothing. Never cached (`private, no-store`).
#[utoipa::path(get, path = "/api/v1/cases/{tracking}/photos/{id}",
    params(("tracking" = String, Path, description = "The tracking number"),
        ("id" = String, Path, description = "The photo's id, as the case lists it"),
        ("Authorization" = Option<String>, Header, description = "Bearer TOKEN of the submitter (or a staff session cookie)")),
    responses((status = 200, content_type = "image/jpeg", body = Vec<u8>, description = "The cleaned photo"),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    tag = "cases")]
pub async fn photo(
    State(state): State<AppState>,
    Path((number, id)): Path<(String, String)>,
    parts: Parts,
) -> Result<Response> {
    serve_photo(&state, &number, &id, false, parts).await
}

/// A case's photo's thumbnail (at most 320 pixels a side), to the same people as the photo.
#[utoipa::path(get, path = "/api/v1/cases/{tracking}/photos/{id}/thumb",
    params(("tracking" = String, Path, description = "The tracking number"),
        ("id" = String, Path, description = "The photo's id, as the case lists it"),
        ("Authorization" = Option<String>, Header, description = "Bearer TOKEN of the submitter (or a staff session cookie)")),
    responses((status = 200, content_type = "image/jpeg", body = Vec<u8>, description = "The thumbnail"),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    tag = "cases")]
pub async fn thumb(
    State(state): State<AppState>,
    Path((number, id)): Path<(String, String)>,
    parts: Parts,
) -> Result<Response> {
    serve_photo(&state, &number, &id, true, parts).await
}

async fn serve_photo(
    state: &AppState,
    number: &str,
    id: &str,
    thumb: bool,
    mut parts: Parts,
) -> Result<Response> {
    let hidden = || Error::from(ErrorCode::CaseNotFound);
    // The token first: a wrong one is 401 whether or not the case exists.
    let resident = Resident::from_headers(&parts.headers, state).await?;
    let number = tracking(number)?;
    let case = state
        .store
        .case_by_tracking(&number)
        .await?
        .ok_or_else(hidden)?;
    let submitter = resident.is_some_and(|r| case.phone.as_deref() == Some(r.phone.as_str()));
    let allowed = submitter || {
        // A session that ended, or none, is nobody in particular.
        match Staff::from_request_parts(&mut parts, state).await {
            Ok(staff) => may(
                &staff.actor(),
                Action::ReadCases,
                &Target::Case {
                    department: case.department_id.as_deref(),
                },
            ),
            Err(_) => false,
        }
    };
    if !allowed {
        return Err(hidden());
    }
    listed_photo(state, &case, id, thumb).await
}

/// A photo the case lists, as an answer: a JPEG, `private, no-store`, `nosniff`; 404
/// `case_not_found` when the case does not list it.
pub(crate) async fn listed_photo(
    state: &AppState,
    case: &CaseRecord,
    id: &str,
    thumb: bool,
) -> Result<Response> {
    if !state
        .store
        .case_photos(case.id)
        .await?
        .iter()
        .any(|p| p == id)
    {
        return Err(ErrorCode::CaseNotFound.into());
    }
    let number = &case.tracking;
    let bytes =
        state.photos.read(id, thumb).await.map_err(|e| {
            anyhow::anyhow!("photo {id} of case {number} listed but not readable: {e}")
        })?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/jpeg"),
            (header::CACHE_CONTROL, "private, no-store"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        bytes,
    )
        .into_response())
}

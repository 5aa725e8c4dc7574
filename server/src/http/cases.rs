//! Complaints and suggestions for residents: `POST /api/v1/cases` files one (with the resident's
//! token it is theirs, otherwise anonymous), `GET /api/v1/cases/{tracking}` follows it (state,
//! public timeline, replies; the submitter also gets their own text and ratings),
//! `POST /api/v1/cases/{tracking}/rating` rates the answer (好差评). Residents never see internal
//! notes or staff names: the timeline names a role.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use linli_shared::api::cases::{CaseView, NewCase, RatingRequest, TimelineEntry};
use linli_shared::domain::case::{
    CaseRating, EntryKind, Event, MAX_ADDRESS_CHARS, MAX_COMMENT_CHARS, MAX_TEXT_CHARS, Party,
    Subject, TRACKING_LEN, accept_by, check_text, normalize_tracking, tracking_number,
};
use linli_shared::error::{ApiError, ErrorBody, ErrorCode};
use sha2::{Digest, Sha256};

use super::AppState;
use super::appointments::{REPLAYED, idempotency_key};
use super::body::JsonBody;
use super::residents::Resident;
use super::staff::ClientAddr;
use crate::error::Result;
use crate::store::audit::AuditActor;
use crate::store::cases::{CaseRecord, CaseStep, NewCaseRecord, StepBy, Submitted};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/cases", post(create))
        .route("/cases/{tracking}", get(one))
        .route("/cases/{tracking}/rating", post(rate))
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
/// for a repeated `Idempotency-Key`); at most 5 an hour per number and per device.
#[utoipa::path(post, path = "/api/v1/cases",
    params(("Authorization" = Option<String>, Header, description = "Bearer TOKEN: the case is the resident's (else anonymous)"),
        ("Idempotency-Key" = Option<String>, Header, description = "Repeated by a retry: the same case is answered")),
    request_body = NewCase,
    responses((status = 201, body = CaseView), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)),
    tag = "cases")]
pub async fn create(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    JsonBody(body): JsonBody<NewCase>,
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
        h.finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let now = (state.clock)();
    let calendar = state.store.calendar().await?;
    let mut random = [0u8; TRACKING_LEN];
    OsRng.fill_bytes(&mut random);
    let number = tracking_number(&random);
    let submitted = state
        .store
        .submit_case(NewCaseRecord {
            tracking: &number,
            kind: body.kind,
            subject: body.subject,
            subject_id,
            point_id: point,
            address,
            body: case_text,
            phone: phone.as_deref(),
            client: &client,
            received_at: now,
            accept_by: accept_by(&calendar, now.date()),
            idempotency_key: key.as_deref(),
            request_digest: &digest,
        })
        .await?;
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

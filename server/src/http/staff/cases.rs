//! The cases' staff side under `/api/v1/staff/cases`: the inbox (a department handler's holds
//! their department's cases only) with filters, a case with its internal notes and staff names,
//! and the steps: the front desk accepts, dispatches, closes and follows up; the department
//! starts, replies (public) or hands the case back as not theirs; front desk, supervisor and the
//! case's department add internal notes. Each step is `domain::case::transition` applied in one
//! transaction with its timeline and audit entries (`Store::take_case_step`).

use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use linli_shared::api::cases::{
    CaseInbox, CaseSummary, CaseText, DispatchRequest, StaffCaseView, StaffTimelineEntry,
    TimelineEntry,
};
use linli_shared::domain::case::{CaseState, Event, MAX_TEXT_CHARS, Party, Subject, overdue};
use linli_shared::domain::resident::Phone;
use linli_shared::domain::staff::{Action, Role, Scope, Target};
use linli_shared::error::{ApiError, ErrorBody, ErrorCode, FieldProblem};

use super::Staff;
use crate::error::Result;
use crate::http::AppState;
use crate::http::body::JsonBody;
use crate::http::cases::{listed_photo, text, tracking};
use crate::http::query::Trail;
use crate::store::cases::{CaseFilter, CaseRecord, CaseStep, StepBy};

/// Most cases in one inbox answer.
pub const MAX_INBOX: i64 = 500;

fn summary(case: &CaseRecord, today: chrono::NaiveDate) -> CaseSummary {
    CaseSummary {
        tracking: case.tracking.clone(),
        kind: case.kind,
        subject: case.subject,
        subject_id: case.subject_id.clone(),
        point: case.point_id.clone(),
        state: case.state,
        round: case.round,
        supervised: case.supervised,
        overdue: overdue(case.state, &case.deadlines, today).is_some(),
        department: case.department_id.clone(),
        received_at: case.received_at,
        accept_by: case.deadlines.accept_by,
        reply_by: case.deadlines.reply_by,
    }
}

/// The inbox: cases the caller may read, newest first (at most 500), narrowed by `state`,
/// `overdue=true`, `supervised=true`, `subject`, `point` and (front desk, supervisor)
/// `department`.
#[utoipa::path(get, path = "/api/v1/staff/cases",
    params(("state" = Option<String>, Query, description = "received, accepted, dispatched, in_progress, replied, closed, followed_up, rated, rectifying"),
        ("overdue" = Option<bool>, Query, description = "only cases past a deadline today"),
        ("supervised" = Option<bool>, Query, description = "only supervised (督办) cases"),
        ("subject" = Option<String>, Query, description = "a subject"),
        ("point" = Option<String>, Query, description = "a service point's id"),
        ("department" = Option<String>, Query, description = "a department's id")),
    responses((status = 200, body = CaseInbox), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    tag = "staff")]
pub async fn inbox(
    State(state): State<AppState>,
    staff: Staff,
    Trail(params): Trail,
) -> Result<Json<CaseInbox>> {
    staff.require(Action::ReadCases, &Target::Nothing)?;
    let mut problems = Vec::new();
    let read = |name: &'static str| -> Option<String> {
        params
            .get(name)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let wanted_state = read("state").and_then(|s| {
        let parsed = CaseState::parse(&s);
        if parsed.is_none() {
            problems.push(FieldProblem::new("state", ErrorCode::InvalidFilter));
        }
        parsed
    });
    let subject = read("subject").and_then(|s| {
        let parsed = Subject::parse(&s);
        if parsed.is_none() {
            problems.push(FieldProblem::new("subject", ErrorCode::InvalidFilter));
        }
        parsed
    });
    let flag = |name: &'static str, problems: &mut Vec<FieldProblem>| match read(name).as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => {
            problems.push(FieldProblem::new(name, ErrorCode::InvalidFilter));
            false
        }
    };
    let only_overdue = flag("overdue", &mut problems);
    let only_supervised = flag("supervised", &mut problems);
    let point = read("point");
    let department = match (&staff.account.scope, read("department")) {
        // A department handler's inbox is their department's.
        (Scope::Department(own), _) => Some(own.clone()),
        (_, asked) => asked,
    };
    if let Some(error) = ApiError::from_fields(problems) {
        return Err(error.into());
    }
    let today = (state.clock)().date();
    let filter = CaseFilter {
        department,
        state: wanted_state,
        subject,
        point,
        supervised: only_supervised,
        overdue_on: only_overdue.then_some(today),
        limit: MAX_INBOX,
    };
    let cases = state
        .store
        .cases(&filter)
        .await?
        .iter()
        .map(|c| summary(c, today))
        .collect();
    Ok(Json(CaseInbox { cases }))
}

async fn case_of(state: &AppState, number: &str) -> Result<CaseRecord> {
    Ok(state
        .store
        .case_by_tracking(&tracking(number)?)
        .await?
        .ok_or(ErrorCode::CaseNotFound)?)
}

fn target(case: &CaseRecord) -> Target<'_> {
    Target::Case {
        department: case.department_id.as_deref(),
    }
}

async fn staff_view(state: &AppState, case: &CaseRecord) -> Result<StaffCaseView> {
    let timeline = state
        .store
        .case_events(case.id)
        .await?
        .into_iter()
        .map(|e| StaffTimelineEntry {
            entry: TimelineEntry {
                at: e.at,
                kind: e.kind,
                state: e.state,
                by: e.party,
                round: e.round,
                text: e.body,
            },
            public: e.public,
            staff: e.staff,
            department: e.department_id,
        })
        .collect();
    Ok(StaffCaseView {
        summary: summary(case, (state.clock)().date()),
        text: case.body.clone(),
        address: case.address.clone(),
        phone: case
            .phone
            .as_deref()
            .and_then(Phone::parse)
            .map(|p| p.masked()),
        timeline,
        ratings: state.store.case_ratings(case.id).await?,
        photos: state.store.case_photos(case.id).await?,
    })
}

/// A case with its whole timeline: internal notes and who took each step.
#[utoipa::path(get, path = "/api/v1/staff/cases/{tracking}",
    params(("tracking" = String, Path, description = "The tracking number")),
    responses((status = 200, body = StaffCaseView), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    tag = "staff")]
pub async fn one(
    State(state): State<AppState>,
    staff: Staff,
    Path(number): Path<String>,
) -> Result<Json<StaffCaseView>> {
    let case = case_of(&state, &number).await?;
    staff.require(Action::ReadCases, &target(&case))?;
    Ok(Json(staff_view(&state, &case).await?))
}

/// A case's photo, for staff who may read the case (the console shows it beside the case).
/// The same bytes as `GET /api/v1/cases/{tracking}/photos/{id}`, which also serves them to
/// staff; here a case outside the caller's scope is 403 like the case itself.
#[utoipa::path(get, path = "/api/v1/staff/cases/{tracking}/photos/{id}",
    params(("tracking" = String, Path, description = "The tracking number"),
        ("id" = String, Path, description = "The photo's id, as the case lists it")),
    responses((status = 200, content_type = "image/jpeg", body = Vec<u8>, description = "The cleaned photo"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)),
    tag = "staff")]
pub async fn photo(
    State(state): State<AppState>,
    staff: Staff,
    Path((number, id)): Path<(String, String)>,
) -> Result<Response> {
    let case = case_of(&state, &number).await?;
    staff.require(Action::ReadCases, &target(&case))?;
    listed_photo(&state, &case, &id, false).await
}

/// A case's photo's thumbnail, for staff who may read the case.
#[utoipa::path(get, path = "/api/v1/staff/cases/{tracking}/photos/{id}/thumb",
    params(("tracking" = String, Path, description = "The tracking number"),
        ("id" = String, Path, description = "The photo's id, as the case lists it")),
    responses((status = 200, content_type = "image/jpeg", body = Vec<u8>, description = "The thumbnail"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)),
    tag = "staff")]
pub async fn photo_thumb(
    State(state): State<AppState>,
    staff: Staff,
    Path((number, id)): Path<(String, String)>,
) -> Result<Response> {
    let case = case_of(&state, &number).await?;
    staff.require(Action::ReadCases, &target(&case))?;
    listed_photo(&state, &case, &id, true).await
}

/// Checks the caller may take `event` on the case, takes it and answers the case as it is now.
async fn step(
    state: &AppState,
    staff: &Staff,
    number: &str,
    event: Event,
    department: Option<&str>,
    words: Option<&str>,
) -> Result<Json<StaffCaseView>> {
    let case = case_of(state, number).await?;
    let (action, party) = match event.party() {
        Party::Department => (Action::WorkCase, Party::Department),
        _ => (Action::FrontDeskCase, Party::FrontDesk),
    };
    staff.require(action, &target(&case))?;
    let calendar = state.store.calendar().await?;
    let audit = staff.audit_actor();
    let case = state
        .store
        .take_case_step(CaseStep {
            tracking: &case.tracking,
            version: Some(case.version),
            event,
            by: StepBy {
                party,
                audit: &audit,
            },
            department,
            text: words,
            rating: None,
            calendar: &calendar,
            now: (state.clock)(),
        })
        .await?;
    Ok(Json(staff_view(state, &case).await?))
}

fn optional_words(body: &CaseText) -> Result<Option<&str>> {
    body.text
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .map(|t| text("text", t, MAX_TEXT_CHARS))
        .transpose()
}

fn required_words(body: &CaseText) -> Result<&str> {
    text("text", body.text.as_deref().unwrap_or(""), MAX_TEXT_CHARS)
}

/// 受理: the front desk takes the case on; the reply deadline starts.
#[utoipa::path(post, path = "/api/v1/staff/cases/{tracking}/accept",
    params(("tracking" = String, Path, description = "The tracking number")),
    responses((status = 200, body = StaffCaseView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    tag = "staff")]
pub async fn accept(
    State(state): State<AppState>,
    staff: Staff,
    Path(number): Path<String>,
) -> Result<Json<StaffCaseView>> {
    step(&state, &staff, &number, Event::Accept, None, None).await
}

/// 调度: the front desk sends the case to a department.
#[utoipa::path(post, path = "/api/v1/staff/cases/{tracking}/dispatch",
    params(("tracking" = String, Path, description = "The tracking number")),
    request_body = DispatchRequest,
    responses((status = 200, body = StaffCaseView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    tag = "staff")]
pub async fn dispatch(
    State(state): State<AppState>,
    staff: Staff,
    Path(number): Path<String>,
    JsonBody(body): JsonBody<DispatchRequest>,
) -> Result<Json<StaffCaseView>> {
    if !state.store.department_exists(&body.department).await? {
        return Err(ApiError::field("department", ErrorCode::DepartmentNotFound).into());
    }
    step(
        &state,
        &staff,
        &number,
        Event::Dispatch,
        Some(&body.department),
        None,
    )
    .await
}

/// The department hands the case back as not theirs (the reason stays inside); the front desk
/// dispatches it again.
#[utoipa::path(post, path = "/api/v1/staff/cases/{tracking}/hand-back",
    params(("tracking" = String, Path, description = "The tracking number")),
    request_body = CaseText,
    responses((status = 200, body = StaffCaseView), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)),
    tag = "staff")]
pub async fn hand_back(
    State(state): State<AppState>,
    staff: Staff,
    Path(number): Path<String>,
    JsonBody(body): JsonBody<CaseText>,
) -> Result<Json<StaffCaseView>> {
    let reason = required_words(&body)?;
    step(&state, &staff, &number, Event::HandBack, None, Some(reason)).await
}

/// 办理: the department starts work on the case.
#[utoipa::path(post, path = "/api/v1/staff/cases/{tracking}/start",
    params(("tracking" = String, Path, description = "The tracking number")),
    responses((status = 200, body = StaffCaseView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    tag = "staff")]
pub async fn start(
    State(state): State<AppState>,
    staff: Staff,
    Path(number): Path<String>,
) -> Result<Json<StaffCaseView>> {
    step(&state, &staff, &number, Event::Start, None, None).await
}

/// 回复: the department's public answer to the resident (at most 4,000 characters).
#[utoipa::path(post, path = "/api/v1/staff/cases/{tracking}/reply",
    params(("tracking" = String, Path, description = "The tracking number")),
    request_body = CaseText,
    responses((status = 200, body = StaffCaseView), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)),
    tag = "staff")]
pub async fn reply(
    State(state): State<AppState>,
    staff: Staff,
    Path(number): Path<String>,
    JsonBody(body): JsonBody<CaseText>,
) -> Result<Json<StaffCaseView>> {
    let words = required_words(&body)?;
    step(&state, &staff, &number, Event::Reply, None, Some(words)).await
}

/// 办结: the front desk closes a replied case.
#[utoipa::path(post, path = "/api/v1/staff/cases/{tracking}/close",
    params(("tracking" = String, Path, description = "The tracking number")),
    responses((status = 200, body = StaffCaseView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    tag = "staff")]
pub async fn close(
    State(state): State<AppState>,
    staff: Staff,
    Path(number): Path<String>,
) -> Result<Json<StaffCaseView>> {
    step(&state, &staff, &number, Event::Close, None, None).await
}

/// 回访: the front desk asked the resident how it went (what they said, optional, stays
/// inside).
#[utoipa::path(post, path = "/api/v1/staff/cases/{tracking}/follow-up",
    params(("tracking" = String, Path, description = "The tracking number")),
    request_body = CaseText,
    responses((status = 200, body = StaffCaseView), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)),
    tag = "staff")]
pub async fn follow_up(
    State(state): State<AppState>,
    staff: Staff,
    Path(number): Path<String>,
    JsonBody(body): JsonBody<CaseText>,
) -> Result<Json<StaffCaseView>> {
    let words = optional_words(&body)?;
    step(&state, &staff, &number, Event::FollowUp, None, words).await
}

/// An internal note: staff only, never shown to residents.
#[utoipa::path(post, path = "/api/v1/staff/cases/{tracking}/note",
    params(("tracking" = String, Path, description = "The tracking number")),
    request_body = CaseText,
    responses((status = 200, body = StaffCaseView), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    tag = "staff")]
pub async fn note(
    State(state): State<AppState>,
    staff: Staff,
    Path(number): Path<String>,
    JsonBody(body): JsonBody<CaseText>,
) -> Result<Json<StaffCaseView>> {
    let case = case_of(&state, &number).await?;
    staff.require(Action::NoteCase, &target(&case))?;
    let words = required_words(&body)?;
    let party = match staff.account.role {
        Role::DepartmentHandler => Party::Department,
        Role::Supervisor => Party::Supervisor,
        _ => Party::FrontDesk,
    };
    let audit = staff.audit_actor();
    state
        .store
        .note_case(
            &case,
            StepBy {
                party,
                audit: &audit,
            },
            words,
            (state.clock)(),
        )
        .await?;
    Ok(Json(staff_view(&state, &case).await?))
}

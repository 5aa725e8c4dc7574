//! The waiting list: a resident asks to be told when a seat frees on a full day (or in one
//! full slot). The seat is then held for the first in line, who is sent a text message and
//! books it with the usual `POST /api/v1/bookings` (see `crate::store::waitlist`).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, post};
use axum::{Json, Router};
use chrono::{Days, NaiveTime, TimeDelta};
use linli_shared::api::appointments::{NewWaitlistEntry, Waitlist, WaitlistEntry};
use linli_shared::domain::booking::{WaitRefusal, may_wait};
use linli_shared::domain::schedule::{PointHours, SlotTiming, last_bookable_date, plan_days};
use linli_shared::error::{ApiError, ErrorBody, ErrorCode};
use linli_shared::ids::{ItemId, PointId};

use super::AppState;
use super::appointments::schedule_of;
use super::body::JsonBody;
use super::residents::Resident;
use crate::error::Result;
use crate::store::appointments::WithdrawRequest;
use crate::store::waitlist::{NewWaitlist, WaitlistRecord};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/waitlist", post(join).get(list))
        .route("/waitlist/{id}", delete(leave))
}

fn view(r: &WaitlistRecord) -> Result<WaitlistEntry> {
    Ok(WaitlistEntry {
        id: r.id,
        point: PointId::parse(&r.point_id)
            .map_err(|_| anyhow::anyhow!("waitlist.point_id {:?}", r.point_id))?,
        item: ItemId::parse(&r.item_id)
            .map_err(|_| anyhow::anyhow!("waitlist.item_id {:?}", r.item_id))?,
        date: r.day,
        starts_at: r.starts_at,
        status: r.status,
        held_slot: r.held_slot,
        held_until: r.held_until,
        created_at: r.created_at,
    })
}

/// `POST /api/v1/waitlist` `{"point", "item", "date", "starts_at"?}`: waits in line for a seat
/// of a full day (or of one full slot of it). 201 with the entry (the same wait asked again
/// answers the entry already there); 409 `waitlist_not_needed` while a seat is left, 409
/// `slot_unavailable` for a day or slot that cannot be booked.
#[utoipa::path(post, path = "/api/v1/waitlist",
    params(("Authorization" = String, Header, description = "Bearer TOKEN")),
    request_body = NewWaitlistEntry,
    responses((status = 201, body = WaitlistEntry), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)),
    tag = "appointments")]
pub async fn join(
    State(state): State<AppState>,
    resident: Resident,
    JsonBody(body): JsonBody<NewWaitlistEntry>,
) -> Result<(StatusCode, Json<WaitlistEntry>)> {
    let catalog = state.catalog.current();
    let schedule = schedule_of(&state, &catalog, body.point.as_str(), body.item.as_str()).await?;
    let p = catalog.point_record(body.point.as_str()).expect("checked");
    let item = catalog.item_record(body.item.as_str()).expect("checked");
    let now = (state.clock)();
    let date = body.date;
    if date < now.date() || date > last_bookable_date(&schedule, now) {
        return Err(ApiError::field("date", ErrorCode::SlotUnavailable).into());
    }
    let calendar = state.store.calendar().await?;
    let hours = PointHours {
        hours: &p.hours,
        closures: &p.closures,
    };
    let plan = plan_days(&schedule, hours, &calendar, now, date, date)
        .pop()
        .ok_or_else(|| ApiError::field("date", ErrorCode::SlotUnavailable))?;
    let taken = state
        .store
        .taken_seats(
            body.point.as_str(),
            &schedule.id,
            date.and_time(NaiveTime::MIN),
            (date + Days::new(1)).and_time(NaiveTime::MIN) - TimeDelta::seconds(1),
        )
        .await?;
    let slots: Vec<(bool, u32)> = plan
        .slots
        .iter()
        .filter(|s| body.starts_at.is_none_or(|at| at == s.start))
        .map(|s| {
            let left = s
                .seats
                .saturating_sub(taken.get(&s.start).copied().unwrap_or(0));
            (s.timing == SlotTiming::Open, left)
        })
        .collect();
    let field = if body.starts_at.is_some() {
        "starts_at"
    } else {
        "date"
    };
    match may_wait(&slots) {
        Ok(()) => {}
        Err(WaitRefusal::NothingToWaitFor) => {
            return Err(ApiError::field(field, ErrorCode::SlotUnavailable).into());
        }
        Err(WaitRefusal::SeatsLeft) => return Err(ErrorCode::WaitlistNotNeeded.into()),
    }
    let record = state
        .store
        .join_waitlist(&NewWaitlist {
            phone: resident.phone.as_str().to_owned(),
            point_id: body.point.as_str().to_owned(),
            item_id: body.item.as_str().to_owned(),
            schedule_id: schedule.id.clone(),
            day: date,
            starts_at: body.starts_at,
            label: format!("{}“{}”", p.name, item.name),
            now,
        })
        .await?;
    Ok((StatusCode::CREATED, Json(view(&record)?)))
}

/// `GET /api/v1/waitlist`: the resident's entries, newest first; an `offered` one says which
/// seat is held and until when.
#[utoipa::path(get, path = "/api/v1/waitlist",
    params(("Authorization" = String, Header, description = "Bearer TOKEN")),
    responses((status = 200, body = Waitlist), (status = 401, body = ErrorBody)),
    tag = "appointments")]
pub async fn list(State(state): State<AppState>, resident: Resident) -> Result<Json<Waitlist>> {
    let records = state.store.waitlist_of(resident.phone.as_str()).await?;
    Ok(Json(Waitlist {
        entries: records.iter().map(view).collect::<Result<_>>()?,
    }))
}

/// `DELETE /api/v1/waitlist/{id}`: leaves the line; a seat held for the resident goes to the
/// next in line (or back on sale). 204; leaving again changes nothing.
#[utoipa::path(delete, path = "/api/v1/waitlist/{id}",
    params(("id" = i64, Path, description = "The entry's id"),
        ("Authorization" = String, Header, description = "Bearer TOKEN")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    tag = "appointments")]
pub async fn leave(
    State(state): State<AppState>,
    resident: Resident,
    Path(id): Path<String>,
) -> Result<StatusCode> {
    let entry: i64 = id.parse().map_err(|_| ErrorCode::WaitlistEntryNotFound)?;
    state
        .bookings
        .withdraw(WithdrawRequest {
            phone: resident.phone,
            entry,
            now: (state.clock)(),
            seat_rules: state.seat_rules,
        })
        .await?;
    state.sms_wake.notify_one();
    Ok(StatusCode::NO_CONTENT)
}

//! Appointments: a point's availability for an item, and residents' bookings.
//!
//! The slots come from `shared::domain::schedule` (schedule, point hours and closures, holiday
//! calendar, the server's clock); the seats left from the store. A booking is checked against
//! the same plan, then written by `crate::appointments::BookingWriter`, which answers after the
//! commit.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{Days, NaiveTime, TimeDelta};
use linli_shared::api::appointments::{
    Availability, AvailabilityDay, AvailabilitySlot, Booking, BookingItem, BookingPoint,
    BookingPoints, Bookings, DayStatus, NewBooking, Proxy, RescheduleBooking, SlotStatus,
};
use linli_shared::domain::ics::booking_calendar;
use linli_shared::domain::resident::{Phone, normalize_booking_code};
use linli_shared::domain::schedule::{
    MAX_RANGE_DAYS, PointHours, Schedule, SlotTiming, find_slot, last_bookable_date, plan_days,
};
use linli_shared::error::{ApiError, ErrorBody, ErrorCode, Lang};
use linli_shared::ids::{ItemId, PointId};
use linli_shared::query::AvailabilityQuery;
use sha2::{Digest, Sha256};

use super::AppState;
use super::body::JsonBody;
use super::query::{IdPath, Query};
use super::residents::Resident;
use crate::catalog::Catalog;
use crate::error::Result;
use crate::store::appointments::{
    BookingOutcome, BookingRecord, BookingRequest, CancelRequest, RescheduleRequest,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/points/{id}/availability", get(availability))
        .route("/items/{id}/booking-points", get(booking_points))
        .route("/bookings", post(create).get(list))
        .route("/bookings/{code}", get(one))
        .route("/bookings/{code}/calendar.ics", get(calendar))
        .route("/bookings/{code}/cancel", post(cancel))
        .route("/bookings/{code}/reschedule", post(reschedule))
}

/// The header a retrying client repeats to get the same booking.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";
/// Set on the answer to a retried request that found its booking.
pub const REPLAYED: &str = "idempotent-replayed";
/// Longest name of the person coming.
const MAX_NAME_CHARS: usize = 50;
/// Longest relation of the person coming to the booker (母亲, neighbour…).
const MAX_RELATION_CHARS: usize = 20;

/// The schedule `item` is booked in at `point`, refusing an unknown point or item or one that
/// cannot be booked there.
pub(super) async fn schedule_of(
    state: &AppState,
    catalog: &Catalog,
    point: &str,
    item: &str,
) -> Result<Schedule> {
    if catalog.point_record(point).is_none() {
        return Err(ErrorCode::PointNotFound.into());
    }
    if catalog.item_record(item).is_none() {
        return Err(ErrorCode::ItemNotFound.into());
    }
    state
        .store
        .schedule_for(point, item)
        .await?
        .ok_or_else(|| ErrorCode::NotBookable.into())
}

/// `GET /api/v1/points/{id}/availability?item=&from=&to=`: each day with its slots and seats
/// left, or why it is closed. `from` defaults to today, `to` to the last bookable day; at most
/// 31 days at once.
#[utoipa::path(get, path = "/api/v1/points/{id}/availability",
    params(("id" = String, Path, description = "The service point's id"),
        ("item" = String, Query, description = "The item to book"),
        ("from" = Option<String>, Query, description = "First day, YYYY-MM-DD (default today)"),
        ("to" = Option<String>, Query, description = "Last day, YYYY-MM-DD (default the last bookable day; 31 days at most)")),
    responses((status = 200, body = Availability), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody)),
    tag = "appointments")]
pub async fn availability(
    State(state): State<AppState>,
    IdPath(point): IdPath<PointId>,
    Query(query): Query<AvailabilityQuery>,
) -> Result<Json<Availability>> {
    let item = query
        .item
        .ok_or_else(|| ApiError::field("item", ErrorCode::InvalidParameter))?;
    let catalog = state.catalog.current();
    let schedule = schedule_of(&state, &catalog, point.as_str(), item.as_str()).await?;
    let p = catalog.point_record(point.as_str()).expect("checked above");
    let now = (state.clock)();
    let last = last_bookable_date(&schedule, now);
    let from = query.from.unwrap_or(now.date());
    let to = query.to.unwrap_or(last.max(from));
    if (to - from).num_days() >= i64::from(MAX_RANGE_DAYS) {
        return Err(ApiError::field("to", ErrorCode::InvalidDateRange).into());
    }
    let calendar = state.store.calendar().await?;
    let hours = PointHours {
        hours: &p.hours,
        closures: &p.closures,
    };
    let plans = plan_days(&schedule, hours, &calendar, now, from, to);
    let taken = state
        .store
        .taken_seats(
            point.as_str(),
            &schedule.id,
            from.and_time(NaiveTime::MIN),
            (to + Days::new(1)).and_time(NaiveTime::MIN) - TimeDelta::seconds(1),
        )
        .await?;
    let days = plans
        .into_iter()
        .map(|plan| {
            let slots: Vec<AvailabilitySlot> = plan
                .slots
                .iter()
                .map(|s| {
                    let seats_left = s
                        .seats
                        .saturating_sub(taken.get(&s.start).copied().unwrap_or(0));
                    AvailabilitySlot {
                        starts_at: s.start,
                        ends_at: s.end,
                        seats: s.seats,
                        seats_left,
                        status: SlotStatus::of(s.timing, seats_left),
                    }
                })
                .collect();
            let status = if plan.closed.is_some() {
                DayStatus::Closed
            } else if slots.iter().any(|s| s.status == SlotStatus::Open) {
                DayStatus::Open
            } else {
                DayStatus::Full
            };
            AvailabilityDay {
                date: plan.date,
                status,
                closed: plan.closed,
                slots,
            }
        })
        .collect();
    Ok(Json(Availability {
        point,
        item,
        schedule: schedule.id,
        today: now.date(),
        last_bookable: last,
        cutoff_minutes: schedule.cutoff_minutes,
        days,
    }))
}

/// `GET /api/v1/items/{id}/booking-points`: where the item can be booked, so the booking
/// screen offers only those points.
#[utoipa::path(get, path = "/api/v1/items/{id}/booking-points",
    params(("id" = String, Path, description = "The item's id")),
    responses((status = 200, body = BookingPoints), (status = 404, body = ErrorBody)),
    tag = "appointments")]
pub async fn booking_points(
    State(state): State<AppState>,
    IdPath(item): IdPath<ItemId>,
) -> Result<Json<BookingPoints>> {
    let catalog = state.catalog.current();
    if catalog.item_record(item.as_str()).is_none() {
        return Err(ErrorCode::ItemNotFound.into());
    }
    let schedules = state.store.schedules().await?;
    let mut points: Vec<BookingPoint> = Vec::new();
    for s in schedules
        .iter()
        .filter(|s| s.items.iter().any(|i| i == &item))
    {
        if points.iter().any(|p| p.id == s.point) {
            continue;
        }
        if let Some(p) = catalog.point_record(s.point.as_str()) {
            points.push(point_view(p));
        }
    }
    Ok(Json(BookingPoints { item, points }))
}

fn point_view(p: &linli_shared::directory::Point) -> BookingPoint {
    BookingPoint {
        id: p.id.clone(),
        name: p.name.clone(),
        name_en: p.name_en.clone(),
        address: p.address.clone(),
        address_en: p.address_en.clone(),
        phone: p.phone.clone(),
    }
}

pub(crate) fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>> {
    let Some(value) = headers.get(IDEMPOTENCY_KEY) else {
        return Ok(None);
    };
    let text = value.to_str().unwrap_or("").trim();
    if text.is_empty() || text.len() > 100 || !text.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ErrorCode::IdempotencyKeyInvalid.into());
    }
    Ok(Some(text.to_owned()))
}

fn person_name(text: &str) -> Result<String> {
    let name = text.trim();
    let chars = name.chars().count();
    if chars == 0 || chars > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(ApiError::field("name", ErrorCode::NameInvalid).into());
    }
    Ok(name.to_owned())
}

/// How the person booked for is related to the booker: optional, short, and only when booking
/// for someone else.
fn relation(on_behalf: bool, text: Option<&str>) -> Result<Option<String>> {
    let Some(relation) = text.map(str::trim).filter(|r| !r.is_empty()) else {
        return Ok(None);
    };
    let chars = relation.chars().count();
    if !on_behalf || chars > MAX_RELATION_CHARS || relation.chars().any(char::is_control) {
        return Err(ApiError::field("relation", ErrorCode::InvalidParameter).into());
    }
    Ok(Some(relation.to_owned()))
}

/// `POST /api/v1/bookings`: takes a seat in a slot for the resident. 201 with the booking (the
/// same booking again for a repeated `Idempotency-Key`); 409 `slot_full` when the last seat
/// went a moment earlier; 409 `slot_unavailable` for a time that is not an open slot.
#[utoipa::path(post, path = "/api/v1/bookings",
    params(("Authorization" = String, Header, description = "Bearer TOKEN from /api/v1/auth/verify"),
        ("Idempotency-Key" = Option<String>, Header, description = "Repeated by a retry: the same booking is answered")),
    request_body = NewBooking,
    responses((status = 201, body = Booking), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 503, body = ErrorBody)),
    tag = "appointments")]
pub async fn create(
    State(state): State<AppState>,
    resident: Resident,
    headers: HeaderMap,
    JsonBody(body): JsonBody<NewBooking>,
) -> Result<Response> {
    let key = idempotency_key(&headers)?;
    let name = person_name(&body.name)?;
    let relation = relation(body.on_behalf, body.relation.as_deref())?;
    let catalog = state.catalog.current();
    let schedule = schedule_of(&state, &catalog, body.point.as_str(), body.item.as_str()).await?;
    let p = catalog.point_record(body.point.as_str()).expect("checked");
    let now = (state.clock)();
    let calendar = state.store.calendar().await?;
    let hours = PointHours {
        hours: &p.hours,
        closures: &p.closures,
    };
    let slot = open_slot(&schedule, hours, &calendar, now, body.starts_at)?;
    let digest = {
        let mut h = Sha256::new();
        for part in [
            body.point.as_str(),
            body.item.as_str(),
            &body.starts_at.to_string(),
            &name,
            if body.on_behalf { "on_behalf" } else { "" },
            relation.as_deref().unwrap_or(""),
        ] {
            h.update(part.as_bytes());
            h.update([0]);
        }
        h.finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let request = BookingRequest {
        phone: resident.phone,
        name,
        on_behalf: body.on_behalf,
        relation,
        point_id: body.point.as_str().to_owned(),
        item_id: body.item.as_str().to_owned(),
        schedule_id: schedule.id.clone(),
        starts_at: slot.start,
        ends_at: slot.end,
        seats: slot.seats,
        idempotency_key: key,
        request_digest: digest,
        now,
        limits: state.booking_limits,
        seat_rules: state.seat_rules,
    };
    let (record, replayed) = match state.bookings.book(request).await? {
        BookingOutcome::Created(r) | BookingOutcome::Changed(r) => (r, false),
        BookingOutcome::Replayed(r) => (r, true),
        BookingOutcome::Settled(_) => {
            return Err(anyhow::anyhow!("a booking settled holds").into());
        }
    };
    let mut response = (StatusCode::CREATED, Json(view(&catalog, &record))).into_response();
    if replayed {
        response
            .headers_mut()
            .insert(REPLAYED, HeaderValue::from_static("true"));
    }
    Ok(response)
}

/// The slot starting at `starts_at` if it can be booked now (seats aside).
fn open_slot(
    schedule: &Schedule,
    hours: PointHours<'_>,
    calendar: &linli_shared::domain::calendar::Calendar,
    now: chrono::NaiveDateTime,
    starts_at: chrono::NaiveDateTime,
) -> Result<linli_shared::domain::schedule::PlannedSlot> {
    find_slot(schedule, hours, calendar, now, starts_at)
        .ok()
        .filter(|s| s.timing == SlotTiming::Open)
        .ok_or_else(|| ApiError::field("starts_at", ErrorCode::SlotUnavailable).into())
}

fn outcome_record(outcome: BookingOutcome) -> Result<BookingRecord> {
    match outcome {
        BookingOutcome::Created(r) | BookingOutcome::Replayed(r) | BookingOutcome::Changed(r) => {
            Ok(r)
        }
        BookingOutcome::Settled(_) => Err(anyhow::anyhow!("a booking write settled holds").into()),
    }
}

/// `POST /api/v1/bookings/{code}/cancel`: gives the seat back (before the slot begins); the
/// same request again answers the cancelled booking.
#[utoipa::path(post, path = "/api/v1/bookings/{code}/cancel",
    params(("code" = String, Path, description = "The booking code"),
        ("Authorization" = String, Header, description = "Bearer TOKEN")),
    responses((status = 200, body = Booking), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    tag = "appointments")]
pub async fn cancel(
    State(state): State<AppState>,
    resident: Resident,
    Path(code): Path<String>,
) -> Result<Json<Booking>> {
    let code = normalize_booking_code(&code).ok_or(ErrorCode::BookingNotFound)?;
    let outcome = state
        .bookings
        .cancel(CancelRequest {
            phone: resident.phone,
            code,
            now: (state.clock)(),
            seat_rules: state.seat_rules,
        })
        .await?;
    // The seat may have gone to the first in line, with a text message.
    state.sms_wake.notify_one();
    Ok(Json(view(
        &state.catalog.current(),
        &outcome_record(outcome)?,
    )))
}

/// `POST /api/v1/bookings/{code}/reschedule` `{"starts_at"}`: moves the booking to another
/// slot of its point and item, atomically: the new seat is taken before the old one is given
/// back, and a refusal (`slot_full`, a limit) leaves the booking as it was.
#[utoipa::path(post, path = "/api/v1/bookings/{code}/reschedule",
    params(("code" = String, Path, description = "The booking code"),
        ("Authorization" = String, Header, description = "Bearer TOKEN")),
    request_body = RescheduleBooking,
    responses((status = 200, body = Booking), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)),
    tag = "appointments")]
pub async fn reschedule(
    State(state): State<AppState>,
    resident: Resident,
    Path(code): Path<String>,
    JsonBody(body): JsonBody<RescheduleBooking>,
) -> Result<Json<Booking>> {
    let code = normalize_booking_code(&code).ok_or(ErrorCode::BookingNotFound)?;
    let booking = state
        .store
        .booking(&code)
        .await?
        .filter(|r| r.phone == resident.phone.as_str())
        .ok_or(ErrorCode::BookingNotFound)?;
    let catalog = state.catalog.current();
    let schedule = schedule_of(&state, &catalog, &booking.point_id, &booking.item_id).await?;
    let p = catalog.point_record(&booking.point_id).expect("checked");
    let now = (state.clock)();
    let calendar = state.store.calendar().await?;
    let hours = PointHours {
        hours: &p.hours,
        closures: &p.closures,
    };
    let slot = open_slot(&schedule, hours, &calendar, now, body.starts_at)?;
    let request = BookingRequest {
        phone: resident.phone,
        name: booking.name.clone(),
        on_behalf: booking.on_behalf,
        relation: booking.relation.clone(),
        point_id: booking.point_id.clone(),
        item_id: booking.item_id.clone(),
        schedule_id: schedule.id.clone(),
        starts_at: slot.start,
        ends_at: slot.end,
        seats: slot.seats,
        idempotency_key: None,
        request_digest: String::new(),
        now,
        limits: state.booking_limits,
        seat_rules: state.seat_rules,
    };
    let outcome = state
        .bookings
        .reschedule(RescheduleRequest {
            code,
            booking: request,
        })
        .await?;
    state.sms_wake.notify_one();
    Ok(Json(view(&catalog, &outcome_record(outcome)?)))
}

/// `GET /api/v1/bookings`: the resident's own bookings, soonest first.
#[utoipa::path(get, path = "/api/v1/bookings",
    params(("Authorization" = String, Header, description = "Bearer TOKEN")),
    responses((status = 200, body = Bookings), (status = 401, body = ErrorBody)),
    tag = "appointments")]
pub async fn list(State(state): State<AppState>, resident: Resident) -> Result<Json<Bookings>> {
    let catalog = state.catalog.current();
    let records = state.store.bookings_of(resident.phone.as_str()).await?;
    Ok(Json(Bookings {
        bookings: records.iter().map(|r| view(&catalog, r)).collect(),
    }))
}

/// `GET /api/v1/bookings/{code}`: one of the resident's bookings.
#[utoipa::path(get, path = "/api/v1/bookings/{code}",
    params(("code" = String, Path, description = "The booking code"),
        ("Authorization" = String, Header, description = "Bearer TOKEN")),
    responses((status = 200, body = Booking), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)),
    tag = "appointments")]
pub async fn one(
    State(state): State<AppState>,
    resident: Resident,
    Path(code): Path<String>,
) -> Result<Json<Booking>> {
    let code = normalize_booking_code(&code).ok_or(ErrorCode::BookingNotFound)?;
    let record = state
        .store
        .booking(&code)
        .await?
        .filter(|r| r.phone == resident.phone.as_str())
        .ok_or(ErrorCode::BookingNotFound)?;
    Ok(Json(view(&state.catalog.current(), &record)))
}

/// `GET /api/v1/bookings/{code}/calendar.ics`: one of the resident's bookings as an iCalendar
/// file (RFC 5545) for the phone's calendar: in China time with its `VTIMEZONE`, the point's
/// name and address, the materials to bring, and a reminder at 19:00 the evening before. In
/// English with `?lang=en` or `Accept-Language: en`.
#[utoipa::path(get, path = "/api/v1/bookings/{code}/calendar.ics",
    params(("code" = String, Path, description = "The booking code"),
        ("lang" = Option<String>, Query, description = "`en` for English (else Accept-Language)"),
        ("Authorization" = String, Header, description = "Bearer TOKEN")),
    responses((status = 200, content_type = "text/calendar", body = String),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    tag = "appointments")]
pub async fn calendar(
    State(state): State<AppState>,
    resident: Resident,
    Path(code): Path<String>,
    headers: HeaderMap,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Result<Response> {
    let code = normalize_booking_code(&code).ok_or(ErrorCode::BookingNotFound)?;
    let record = state
        .store
        .booking(&code)
        .await?
        .filter(|r| r.phone == resident.phone.as_str())
        .ok_or(ErrorCode::BookingNotFound)?;
    let booking = view(&state.catalog.current(), &record);
    let asked = query
        .as_deref()
        .unwrap_or("")
        .split('&')
        .find_map(|pair| pair.strip_prefix("lang="));
    let lang = match asked {
        Some("en") => Lang::En,
        Some(_) => Lang::Zh,
        None => headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(Lang::from_accept_language)
            .unwrap_or_default(),
    };
    let text = booking_calendar(&booking, lang, (state.clock)());
    let disposition = format!("attachment; filename=\"linli-{}.ics\"", booking.code);
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition).map_err(anyhow::Error::from)?,
            ),
            (
                axum::http::header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        text,
    )
        .into_response())
}

/// A booking as the resident sees it, with the point and item as the directory has them now
/// (a retired one by its id only).
fn view(catalog: &Catalog, r: &BookingRecord) -> Booking {
    let point = match catalog.point_record(&r.point_id) {
        Some(p) => point_view(p),
        None => BookingPoint {
            id: PointId::parse(&r.point_id).expect("stored ids are ids"),
            name: r.point_id.clone(),
            name_en: None,
            address: String::new(),
            address_en: None,
            phone: String::new(),
        },
    };
    let (item, materials) = match catalog.item_record(&r.item_id) {
        Some(i) => (
            BookingItem {
                id: i.id.clone(),
                name: i.name.clone(),
                name_en: i.name_en.clone(),
            },
            i.materials.clone(),
        ),
        None => (
            BookingItem {
                id: linli_shared::ids::ItemId::parse(&r.item_id).expect("stored ids are ids"),
                name: r.item_id.clone(),
                name_en: r.item_id.clone(),
            },
            Vec::new(),
        ),
    };
    Booking {
        code: r.code.clone(),
        status: r.status,
        starts_at: r.starts_at,
        ends_at: r.ends_at,
        name: r.name.clone(),
        proxy: r.on_behalf.then(|| Proxy {
            booker_phone: Phone::parse(&r.phone)
                .map(|p| p.masked())
                .unwrap_or_default(),
            relation: r.relation.clone(),
        }),
        point,
        item,
        materials,
        created_at: r.created_at,
    }
}

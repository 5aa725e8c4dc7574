//! The staff's steps on bookings: marking a no-show (the desk's screens come later).

use axum::Json;
use axum::extract::{Path, State};
use linli_shared::api::appointments::NoShowMarked;
use linli_shared::domain::resident::normalize_booking_code;
use linli_shared::domain::staff::{Action, Place, Target};
use linli_shared::error::{ErrorBody, ErrorCode};

use super::Staff;
use crate::error::Result;
use crate::http::AppState;

/// 未到: a clerk (or the manager) of the booking's point marks a booking whose time has begun a
/// no-show. Marking it again changes nothing. The answer says whether the number is now barred
/// from booking, and until when (`serve --no-show-limit` and the options beside it).
#[utoipa::path(post, path = "/api/v1/staff/bookings/{code}/no-show",
    params(("code" = String, Path, description = "The booking code")),
    responses((status = 200, body = NoShowMarked), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)),
    tag = "staff")]
pub async fn no_show(
    State(state): State<AppState>,
    staff: Staff,
    Path(code): Path<String>,
) -> Result<Json<NoShowMarked>> {
    let code = normalize_booking_code(&code).ok_or(ErrorCode::BookingNotFound)?;
    let booking = state
        .store
        .booking(&code)
        .await?
        .ok_or(ErrorCode::BookingNotFound)?;
    let catalog = state.catalog.current();
    let district = catalog
        .point_record(&booking.point_id)
        .map(|p| p.district.clone());
    staff.require(
        Action::MarkNoShow,
        &Target::Point(Place {
            district: district.as_deref(),
            point: Some(&booking.point_id),
        }),
    )?;
    let (booking, marked_at, barred_until) = state
        .store
        .mark_no_show(&code, (state.clock)(), &state.seat_rules)
        .await?;
    tracing::info!(code = %booking.code, account = %staff.account.username, "marked a no-show");
    Ok(Json(NoShowMarked {
        code: booking.code,
        marked_at,
        barred_until,
    }))
}

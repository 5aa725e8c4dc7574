//! The OpenAPI 3 description, generated from the handlers and the shared types.

use axum::{Json, Router, routing::get};
use utoipa::OpenApi;

use super::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Linli API",
        description = "Community service directory: search, items, service points; staff sign-in, accounts and audit; appointments: availability, residents' phone check, bookings, the waiting list, no-shows; complaints and suggestions: cases with their photos, their steps and ratings."
    ),
    paths(
        super::search::search,
        super::directory::categories,
        super::directory::overview,
        super::directory::category,
        super::directory::item,
        super::directory::point,
        super::settings::settings,
        super::health::health,
        super::staff::session::login,
        super::staff::session::logout,
        super::staff::session::me,
        super::staff::session::change_password,
        super::staff::accounts::list,
        super::staff::accounts::create,
        super::staff::accounts::disable,
        super::staff::accounts::enable,
        super::staff::accounts::reset_password,
        super::staff::audit::list,
        super::staff::drafts::record,
        super::staff::drafts::list,
        super::staff::drafts::save,
        super::staff::drafts::discard,
        super::staff::drafts::diff,
        super::staff::drafts::publish,
        super::residents::send_code,
        super::residents::verify,
        super::appointments::availability,
        super::appointments::booking_points,
        super::appointments::create,
        super::appointments::list,
        super::appointments::one,
        super::appointments::calendar,
        super::appointments::cancel,
        super::appointments::reschedule,
        super::waitlist::join,
        super::waitlist::list,
        super::waitlist::leave,
        super::staff::bookings::no_show,
        super::staff::insights::list,
        super::staff::directory::list,
        super::staff::directory::export,
        super::staff::directory::import,
        super::cases::create,
        super::cases::one,
        super::cases::rate,
        super::cases::photo,
        super::cases::thumb,
        super::staff::cases::inbox,
        super::staff::cases::one,
        super::staff::cases::photo,
        super::staff::cases::photo_thumb,
        super::staff::cases::accept,
        super::staff::cases::dispatch,
        super::staff::cases::hand_back,
        super::staff::cases::start,
        super::staff::cases::reply,
        super::staff::cases::close,
        super::staff::cases::follow_up,
        super::staff::cases::note,
    ),
    components(schemas(linli_shared::error::ErrorCode))
)]
pub struct ApiDoc;

pub fn router() -> Router<AppState> {
    Router::new().route("/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
}

//! `GET /api/v1/settings`: what the app needs to know about this deployment (the public
//! address QR codes encode).

use axum::extract::State;
use axum::{Json, Router, routing::get};
use linli_shared::api::Settings;

use super::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/settings", get(settings))
}

/// This deployment's settings for the app: `public_url` (set by `LINLI_PUBLIC_URL`) is the
/// address residents' phones reach Linli at, which QR codes encode; when it is absent the app
/// uses the address it was opened at.
#[utoipa::path(get, path = "/api/v1/settings",
    responses((status = 200, body = Settings)), tag = "app")]
async fn settings(State(state): State<AppState>) -> Json<Settings> {
    Json(Settings::clone(&state.settings))
}

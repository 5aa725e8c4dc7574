//! `GET /healthz`: the database answers and the index is loaded.

use axum::extract::State;
use axum::http::StatusCode;
use axum::{Json, Router, routing::get};
use linli_shared::api::Health;

use super::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/healthz", get(health))
}

#[utoipa::path(get, path = "/healthz",
    responses((status = 200, body = Health), (status = 503, body = Health)), tag = "operations")]
async fn health(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let catalog = state.catalog.current();
    let (status, database) = match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "unreachable")
        }
    };
    let body = Health {
        status: if status == StatusCode::OK {
            "ok"
        } else {
            "degraded"
        }
        .to_owned(),
        database: format!("{} {database}", state.store.backend().name()),
        items: catalog.item_count() as u32,
        points: catalog.point_count() as u32,
    };
    (status, Json(body))
}

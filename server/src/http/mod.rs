//! Everything HTTP: one module per resource, each with its own router, merged here under
//! `/api/v1`, plus the health check, the app's static files and the layers around them all.

mod directory;
mod health;
mod localize;
pub mod openapi;
mod query;
mod search;
mod static_files;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use axum::middleware;
use axum::response::Response;
use chrono::NaiveDateTime;
use linli_shared::error::ErrorCode;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::catalog::refresh::SharedCatalog;
use crate::error::{Error, error_response};
use crate::store::Store;

/// Local time now (UTC+8 in production; fixed in tests so "open now" is predictable).
pub type Clock = Arc<dyn Fn() -> NaiveDateTime + Send + Sync>;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub catalog: SharedCatalog,
    pub clock: Clock,
}

/// The whole application. `dist` is the built app; without it only the API is served.
pub fn router(state: AppState, dist: Option<PathBuf>) -> Router {
    let api = Router::new()
        .merge(search::router())
        .merge(directory::router())
        .merge(openapi::router())
        .fallback(|| async { Error::from(ErrorCode::NotFound) })
        // JSON shrinks 5-10x; phones on rural networks feel it. (The app's files are
        // compressed at build time instead.)
        .layer(CompressionLayer::new());
    let mut app = Router::new()
        .nest("/api/v1", api)
        .merge(health::router())
        .with_state(state);
    app = match dist {
        Some(dist) => app.merge(static_files::router(&dist)),
        None => app.fallback(|| async { Error::from(ErrorCode::NotFound) }),
    };
    app.layer(middleware::from_fn(localize::localize_errors))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(10),
        ))
        .layer(CatchPanicLayer::custom(|_| panic_response()))
        .layer(TraceLayer::new_for_http())
}

/// A handler panicked: answer like any other internal error (the panic itself is logged).
fn panic_response() -> Response {
    tracing::error!("a request handler panicked");
    error_response(ErrorCode::Internal.into())
}

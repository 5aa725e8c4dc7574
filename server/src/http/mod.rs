//! Everything HTTP: one module per resource, each with its own router, merged here under
//! `/api/v1`, plus the health check, the app's static files and the layers around them all
//! (security headers, size limits, error localization, timeouts per route group); and
//! `connections`, which accepts and serves connections with their own limits, and
//! `request_head`, which checks every request head before hyper reads it.

pub mod appointments;
mod body;
pub mod cases;
pub mod connections;
pub mod cpu;
mod directory;
mod health;
mod localize;
pub mod openapi;
mod query;
pub mod request_head;
pub mod request_limits;
pub mod residents;
mod search;
pub mod security_headers;
mod settings;
pub mod staff;
mod static_files;
pub mod timeouts;
pub mod waitlist;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::middleware;
use axum::response::Response;
use axum::routing::any;
use chrono::NaiveDateTime;
use linli_shared::api::Settings;
use linli_shared::error::ErrorCode;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

use crate::catalog::refresh::SharedCatalog;
use crate::error::{Error, error_response};
use crate::store::Store;
pub use timeouts::RouteTimeouts;

/// Local time now (UTC+8 in production; fixed in tests so "open now" is predictable).
pub type Clock = Arc<dyn Fn() -> NaiveDateTime + Send + Sync>;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub catalog: SharedCatalog,
    pub clock: Clock,
    /// What `GET /api/v1/settings` tells the app (`serve --public-url`).
    pub settings: Arc<Settings>,
    /// Where searches run: a few at a time off the async workers, a bounded queue before them
    /// (`serve --search-slots`, `--search-queue`).
    pub cpu: Arc<cpu::CpuPool>,
    /// Whether the staff session cookie is `Secure` (false only for plain-HTTP development,
    /// `serve --insecure-cookies`).
    pub secure_cookies: bool,
    /// The header a reverse proxy gives the client's address in (`serve --client-ip-header`);
    /// `None`: the connection's peer is the client.
    pub client_ip_header: Option<axum::http::HeaderName>,
    /// Where bookings are written (on SQLite one task with group commit).
    pub bookings: crate::appointments::BookingWriter,
    /// Rung when a text message is queued, so the outbox's task sends it at once.
    pub sms_wake: Arc<tokio::sync::Notify>,
    /// The rate limits on asking for a verification code.
    pub code_limits: linli_shared::domain::resident::CodeLimits,
    /// The per-number booking limits.
    pub booking_limits: linli_shared::domain::booking::BookingLimits,
    /// Waiting-list holds, the cancel delay and the no-show bar (`serve --waitlist-hold-minutes`
    /// and the options beside it).
    pub seat_rules: linli_shared::domain::booking::SeatRules,
    /// Searches counted for the staff's search insights, written now and then.
    pub insights: Arc<crate::insights::SearchCounter>,
    /// Where residents' photos with their cases are kept (`serve --photo-dir`).
    pub photos: crate::cases::photo_files::PhotoDir,
}

/// The whole application with the default route timeouts (tests, benchmarks).
pub fn router(state: AppState, dist: Option<PathBuf>) -> Router {
    router_with(state, dist, RouteTimeouts::default())
}

/// The whole application. `dist` is the built app; without it only the API is served.
pub fn router_with(state: AppState, dist: Option<PathBuf>, timeouts: RouteTimeouts) -> Router {
    let reads = Router::new()
        .merge(search::router())
        .merge(directory::router())
        .merge(settings::router())
        .merge(openapi::router());
    // Routes that take a body from a phone (photos for bookings and complaints) go here: a slow
    // rural link needs minutes, not the reads' seconds.
    let uploads = Router::new().merge(cases::upload_router());
    // Staff sign-in, accounts and audit: quick requests like the reads (argon2 runs on the
    // CPU pool within them).
    let staff = staff::router();
    // Residents' codes and bookings: quick requests like the reads (a booking answers once
    // its transaction is committed).
    let residents = Router::new()
        .merge(residents::router())
        .merge(appointments::router())
        .merge(waitlist::router())
        .merge(cases::router());
    let v1 = Router::new()
        .merge(timeouts::within(reads, timeouts.read))
        .merge(timeouts::within(uploads, timeouts.upload))
        .merge(timeouts::within(staff, timeouts.read))
        .merge(timeouts::within(residents, timeouts.read))
        // JSON shrinks 5-10x; phones on rural networks feel it. (The app's files are
        // compressed at build time instead.)
        .layer(CompressionLayer::new());
    // Every other path under /api, `/api/v2/…` included, is a JSON 404, never the app's HTML.
    let api = Router::new().nest("/v1", v1).fallback(api_not_found);
    // The app's pages answer 404 for an item, point or category the directory does not have.
    let catalog = state.catalog.clone();
    let mut app = Router::new()
        .nest("/api", api)
        // `nest` leaves out the bare prefix with a slash.
        .route("/api/", any(api_not_found))
        .merge(timeouts::within(health::router(), timeouts.read))
        .with_state(state);
    app = match dist {
        Some(dist) => app.merge(timeouts::within(
            static_files::router(&dist, catalog),
            timeouts.read,
        )),
        None => app.fallback(|| async { Error::from(ErrorCode::NotFound) }),
    };
    // Outermost last: the trace sees everything; every answer gets the security headers and,
    // under /api, the JSON error shape in the caller's language; our size limits answer before
    // any routing.
    app.layer(CatchPanicLayer::custom(|_| panic_response()))
        .layer(middleware::from_fn(request_limits::enforce))
        .layer(middleware::from_fn(localize::localize_errors))
        .layer(middleware::from_fn(security_headers::add))
        .layer(TraceLayer::new_for_http())
}

async fn api_not_found() -> Error {
    Error::from(ErrorCode::NotFound)
}

/// A handler panicked: answer like any other internal error (the panic itself is logged).
fn panic_response() -> Response {
    tracing::error!("a request handler panicked");
    error_response(ErrorCode::Internal.into())
}

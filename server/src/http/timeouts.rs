//! How long a request may take, per group of routes: reads are short (a read that takes longer
//! is stuck), uploads long (photos from slow rural links). The limit runs from the request's
//! head until its answer's head, so it covers reading the request body but not sending the
//! answer (the connection's idle timeout covers a client that stops taking it).

use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use tower_http::timeout::TimeoutLayer;

use crate::config::EdgeArgs;

#[derive(Debug, Clone, Copy)]
pub struct RouteTimeouts {
    /// Every route today: the API's reads, the health check, the app's files.
    pub read: Duration,
    /// Routes that take a request body from a resident's phone (a case with its photos).
    pub upload: Duration,
}

impl From<&EdgeArgs> for RouteTimeouts {
    fn from(args: &EdgeArgs) -> Self {
        RouteTimeouts {
            read: Duration::from_secs(args.read_timeout_secs.max(1)),
            upload: Duration::from_secs(args.upload_timeout_secs.max(1)),
        }
    }
}

impl Default for RouteTimeouts {
    fn default() -> Self {
        RouteTimeouts::from(&EdgeArgs::DEFAULT)
    }
}

/// `router`'s routes answer 503 (`internal` under /api) when they take longer than `limit`.
pub fn within<S: Clone + Send + Sync + 'static>(router: Router<S>, limit: Duration) -> Router<S> {
    router.layer(TimeoutLayer::with_status_code(
        StatusCode::SERVICE_UNAVAILABLE,
        limit,
    ))
}

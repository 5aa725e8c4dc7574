//! The headers every answer carries, whatever produced it (a handler, an error, a file), and
//! the caching rule for the API.

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// Only the app's own files run: its module script and its wasm (`'wasm-unsafe-eval'` allows
/// compiling WebAssembly, not `eval`), no inline script or style, no plugin, no other origin to
/// talk to, and no other site may frame it (click-jacking a kiosk).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
    script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; \
    connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
    frame-ancestors 'none'";

/// `no-referrer`: a resident's page address says what they look for (`/search?q=低保`,
/// `/items/canji-zheng`) and nothing of Linli needs a referrer, so no other site is told even
/// that the visitor came from here.
pub const REFERRER_POLICY: &str = "no-referrer";

/// API answers and the health check: stored by no cache, shared or private. A kiosk's browser
/// keeps nothing of what the last person looked up, and answers always reflect the directory.
pub const API_CACHE_CONTROL: &str = "no-store";

/// The headers every answer carries, also those written below the router
/// (`request_head::refusal`).
pub const EVERY_ANSWER: [(HeaderName, &str); 4] = [
    (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, REFERRER_POLICY),
    // For browsers that predate `frame-ancestors` (old kiosk and phone WebViews).
    (header::X_FRAME_OPTIONS, "DENY"),
];

pub async fn add(request: Request, next: Next) -> Response {
    let uncached = is_api_or_health(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in EVERY_ANSWER {
        headers.insert(name, HeaderValue::from_static(value));
    }
    // A handler may say more (a photo: `private, no-store`), never less.
    let stricter = headers
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|d| d.trim() == API_CACHE_CONTROL));
    if uncached && !stricter {
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(API_CACHE_CONTROL),
        );
    }
    response
}

fn is_api_or_health(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/") || path == "/healthz"
}

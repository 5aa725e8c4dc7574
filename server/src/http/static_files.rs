//! The built app: hashed assets cached for a year, everything else revalidated, and any other
//! path answered with `index.html` so the app's own router handles deep links.
//!
//! Files are served precompressed (`.br`, `.gz` made at build time), chosen by Accept-Encoding.
//! Text files say they are UTF-8 (tower-http's types carry no charset).

use std::path::Path;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::services::{ServeDir, ServeFile};

pub fn router(dist: &Path) -> Router {
    let assets = ServeDir::new(dist.join("assets"))
        .precompressed_br()
        .precompressed_gzip();
    let index = ServeFile::new(dist.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let others = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(index);
    Router::new()
        .nest_service("/assets", assets)
        .fallback_service(others)
        .layer(axum::middleware::from_fn(caching))
        .layer(axum::middleware::map_response(with_utf8_charset))
}

/// How long a file may be kept, and on what it depends.
///
/// A hashed asset never changes, so a found one is kept for a year; anything else (an asset
/// that is not there, perhaps only for a moment during a deploy, and the pages) is asked for
/// again each time. Every file may come brotli- or gzip-compressed, so caches must keep one copy
/// per `Accept-Encoding`, or a proxy could hand brotli to a browser that cannot read it.
async fn caching(request: Request, next: Next) -> Response {
    let is_asset = request.uri().path().starts_with("/assets/");
    let mut response = next.run(request).await;
    let cache = if is_asset && (response.status().is_success() || response.status() == 304) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.append(
        header::VARY,
        HeaderValue::from_static(header::ACCEPT_ENCODING.as_str()),
    );
    response
}

/// `text/html` becomes `text/html; charset=utf-8`, and the same for CSS and JavaScript.
async fn with_utf8_charset(mut response: Response) -> Response {
    let content_type = response.headers().get(header::CONTENT_TYPE);
    let utf8 = match content_type.and_then(|v| v.to_str().ok()) {
        Some("text/html") => "text/html; charset=utf-8",
        Some("text/css") => "text/css; charset=utf-8",
        Some("text/javascript" | "application/javascript") => "text/javascript; charset=utf-8",
        _ => return response,
    };
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(utf8));
    response
}

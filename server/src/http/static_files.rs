//! The built app: hashed assets cached for a year, everything else revalidated, and any other
//! path answered with `index.html` so the app's own router handles deep links.
//!
//! Files are served precompressed (`.br`, `.gz` made at build time), chosen by Accept-Encoding.
//! Text files say they are UTF-8 (tower-http's types carry no charset).

use std::path::Path;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

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
    let router = Router::new()
        .nest_service(
            "/assets",
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ))
                .service(assets),
        )
        .fallback_service(
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("no-cache"),
                ))
                .service(others),
        );
    router.layer(axum::middleware::map_response(with_utf8_charset))
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

//! The built app: hashed assets cached for a year, everything else revalidated, and the app's
//! page (`index.html`) for its own routes, so a deep link opens in the app's router.
//!
//! The app's page comes with the status the address deserves: 200 for a route of the app
//! (`app/src/routes.rs`) whose item, point or category is in the directory, 404 (with the same
//! page, which then shows its own "not found" view) for an unknown id or an unknown route. A
//! search engine or a link checker so learns a dead link is dead; a resident sees the app's page.
//!
//! The staff console is a bundle of its own (`console/`): its page, `staff/index.html`, answers
//! every address under `/staff` (the console's router shows its own "no such page"), revalidated
//! each time like the app's page; its assets are hashed beside the app's under `/assets`. Without
//! a built console, `/staff` is a 404.
//!
//! Files are served precompressed (`.br`, `.gz` made at build time), chosen by Accept-Encoding.
//! Text files say they are UTF-8 (tower-http's types carry no charset).

use std::convert::Infallible;
use std::path::Path;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use percent_encoding::percent_decode_str;
use tower::ServiceExt;
use tower::service_fn;
use tower_http::services::{ServeDir, ServeFile};

use crate::catalog::Catalog;
use crate::catalog::refresh::SharedCatalog;

/// What follows a top-level segment of the app's addresses. Mirrors the route table in
/// `app/src/routes.rs` (a test below reads it and fails on a route missing here).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Route {
    /// A page with no id: `/`, `/search`.
    Page,
    /// `/categories/{id}`, `/items/{id}`, `/points/{id}`: known when the directory has the id.
    Category,
    Item,
    Point,
    /// `/bookings` (the resident's own) and `/bookings/{code}`: any well-formed code, since
    /// bookings are the resident's, not the directory's (the page asks the API and says so when
    /// a code is unknown).
    Booking,
}

/// The app's routes by their first segment (`""` is home).
const ROUTES: &[(&str, Route)] = &[
    ("", Route::Page),
    ("search", Route::Page),
    ("categories", Route::Category),
    ("items", Route::Item),
    ("points", Route::Point),
    ("list", Route::Page),
    // `/book/{item}`: booking an item of the directory.
    ("book", Route::Item),
    ("bookings", Route::Booking),
];

pub fn router(dist: &Path, catalog: SharedCatalog) -> Router {
    let assets = ServeDir::new(dist.join("assets"))
        .precompressed_br()
        .precompressed_gzip();
    let index = ServeFile::new(dist.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let app_page = service_fn(move |request: Request| {
        let (index, catalog) = (index.clone(), catalog.clone());
        async move { app_page(index, &catalog.current(), request).await }
    });
    let console = ServeFile::new(dist.join("staff").join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let others = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(app_page);
    Router::new()
        .nest_service("/assets", assets)
        .route_service("/staff", console.clone())
        .route_service("/staff/", console.clone())
        .route_service("/staff/{*rest}", console)
        .fallback_service(others)
        .layer(axum::middleware::from_fn(caching))
        .layer(axum::middleware::map_response(with_utf8_charset))
}

/// `index.html`, with 404 instead of 200 for an address the app has no page for.
async fn app_page(
    index: ServeFile,
    catalog: &Catalog,
    mut request: Request,
) -> Result<Response, Infallible> {
    let known = is_app_page(request.uri().path(), catalog);
    if !known {
        // A 404 carries the whole page: never "304 not modified" or a part of it.
        let headers = request.headers_mut();
        for name in [
            header::IF_NONE_MATCH,
            header::IF_MODIFIED_SINCE,
            header::IF_MATCH,
            header::IF_UNMODIFIED_SINCE,
            header::RANGE,
            header::IF_RANGE,
        ] {
            headers.remove(name);
        }
    }
    let Ok(response) = index.oneshot(request).await;
    let mut response = response.map(Body::new);
    if !known && response.status() == StatusCode::OK {
        *response.status_mut() = StatusCode::NOT_FOUND;
    }
    Ok(response)
}

/// Whether the app has a page at `path`: one of its routes, with an id the directory knows.
/// One trailing slash is allowed, as the app's router allows it.
fn is_app_page(path: &str, catalog: &Catalog) -> bool {
    let path = path.strip_prefix('/').unwrap_or(path);
    let path = path.strip_suffix('/').unwrap_or(path);
    let mut segments = path.split('/');
    let first = segments.next().unwrap_or_default();
    let Some(&(_, route)) = ROUTES.iter().find(|(name, _)| *name == first) else {
        return false;
    };
    let id = segments.next();
    if segments.next().is_some() {
        return false;
    }
    let known = |has: fn(&Catalog, &str) -> bool| {
        id.and_then(|id| percent_decode_str(id).decode_utf8().ok())
            .is_some_and(|id| has(catalog, &id))
    };
    match route {
        Route::Page => id.is_none(),
        Route::Category => known(Catalog::has_category),
        Route::Item => known(Catalog::has_item),
        Route::Point => known(Catalog::has_point),
        Route::Booking => id.is_none_or(|code| {
            (1..=32).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric())
        }),
    }
}

/// How long a file may be kept, and on what it depends.
///
/// A hashed asset never changes, so a found one is kept for a year; anything else (an asset
/// that is not there, perhaps only for a moment during a deploy, the pages, the service worker,
/// the manifest) is asked for again each time, except the icons and `robots.txt`, which change
/// so rarely that a day (an hour for `robots.txt`) spares a request. Every file may come
/// brotli- or gzip-compressed, so caches must keep one copy per `Accept-Encoding`, or a proxy
/// could hand brotli to a browser that cannot read it.
async fn caching(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let found = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    let cache = match path.as_str() {
        _ if !found => "no-cache",
        p if p.starts_with("/assets/") => "public, max-age=31536000, immutable",
        "/favicon.ico"
        | "/icon.svg"
        | "/icon-192.png"
        | "/icon-512.png"
        | "/icon-maskable-512.png" => "public, max-age=86400",
        "/robots.txt" => "public, max-age=3600",
        _ => "no-cache",
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.append(
        header::VARY,
        HeaderValue::from_static(header::ACCEPT_ENCODING.as_str()),
    );
    response
}

/// `text/html` becomes `text/html; charset=utf-8`, and the same for CSS, JavaScript and plain
/// text (`robots.txt`).
async fn with_utf8_charset(mut response: Response) -> Response {
    let content_type = response.headers().get(header::CONTENT_TYPE);
    let utf8 = match content_type.and_then(|v| v.to_str().ok()) {
        Some("text/html") => "text/html; charset=utf-8",
        Some("text/css") => "text/css; charset=utf-8",
        Some("text/javascript" | "application/javascript") => "text/javascript; charset=utf-8",
        Some("text/plain") => "text/plain; charset=utf-8",
        _ => return response,
    };
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(utf8));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `path!("…")` of the app's route table.
    fn app_route_paths() -> Vec<&'static str> {
        let table = include_str!("../../../app/src/routes.rs");
        table
            .split("path!(\"")
            .skip(1)
            .filter_map(|rest| rest.split_once("\")").map(|(path, _)| path))
            .collect()
    }

    #[test]
    fn every_route_of_the_app_is_known_here() {
        let paths = app_route_paths();
        assert!(paths.contains(&"/items/:id"), "{paths:?}");
        for path in paths {
            // `path!("")` is the parent route of home, the results and a category.
            if path.is_empty() {
                continue;
            }
            let first = path.trim_start_matches('/').split('/').next().unwrap();
            let route = ROUTES.iter().find(|(name, _)| *name == first);
            let Some(&(_, route)) = route else {
                panic!("the app's route {path} is missing from static_files::ROUTES");
            };
            let has_id = path.contains("/:");
            if route != Route::Booking {
                assert_eq!(has_id, route != Route::Page, "{path} and {route:?}");
            }
        }
    }
}

//! What every answer carries (security headers, caching, Vary, charset), and that every answer
//! under /api is JSON in the API's error shape. (Heads hyper could not read: `heads.rs`.)

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use linli_server::config::EdgeArgs;
use linli_server::http::request_limits::{MAX_HEADER_BYTES, MAX_URI_BYTES};
use linli_server::http::router;
use linli_shared::error::{ErrorBody, ErrorCode};
use tower::ServiceExt;

use crate::helpers::*;
use crate::static_files::fake_dist;
use crate::wire::*;

struct Got {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Got {
    fn header(&self, name: header::HeaderName) -> String {
        self.headers
            .get_all(&name)
            .iter()
            .map(|v| v.to_str().unwrap())
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn error(&self) -> ErrorBody {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not the API's error shape ({e}): {:?}", self.body))
    }
}

async fn fetch(app: &TestApp, request: Request<Body>) -> Got {
    let dist = fake_dist();
    let response = router(app.state.clone(), Some(dist.clone()))
        .oneshot(request)
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    std::fs::remove_dir_all(dist).unwrap();
    Got {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

async fn get(app: &TestApp, uri: &str) -> Got {
    fetch(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

fn assert_security_headers(got: &Got, what: &str) {
    let csp = got.header(header::CONTENT_SECURITY_POLICY);
    for directive in [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval';",
        "style-src 'self';",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(directive), "{what}: {directive} not in {csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
    assert_eq!(
        got.header(header::X_CONTENT_TYPE_OPTIONS),
        "nosniff",
        "{what}"
    );
    assert_eq!(got.header(header::REFERRER_POLICY), "no-referrer", "{what}");
    assert_eq!(got.header(header::X_FRAME_OPTIONS), "DENY", "{what}");
}

#[tokio::test]
async fn every_kind_of_answer_carries_the_security_headers() {
    let app = spawn_app().await;

    let api = get(&app, "/api/v1/overview").await;
    assert_eq!(api.status, StatusCode::OK);
    assert_security_headers(&api, "an API answer");
    assert_eq!(api.header(header::CACHE_CONTROL), "no-store");

    let error = get(&app, "/api/v1/items/no-such-item").await;
    assert_eq!(error.status, StatusCode::NOT_FOUND);
    assert_security_headers(&error, "an API error");
    assert_eq!(error.header(header::CACHE_CONTROL), "no-store");

    let health = get(&app, "/healthz").await;
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.header(header::CACHE_CONTROL), "no-store");

    let html = get(&app, "/items/dibao").await;
    assert_eq!(html.status, StatusCode::OK);
    assert!(html.body.contains("<title>index</title>"));
    assert_security_headers(&html, "the app's HTML");
    assert_eq!(html.header(header::CACHE_CONTROL), "no-cache");

    let asset = get(&app, "/assets/app-0123abcd.js").await;
    assert_eq!(asset.status, StatusCode::OK);
    assert_security_headers(&asset, "an asset");
    assert_eq!(
        asset.header(header::CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
}

#[tokio::test]
async fn html_css_and_javascript_say_they_are_utf8() {
    let app = spawn_app().await;
    for uri in ["/", "/points/x"] {
        let html = get(&app, uri).await;
        assert_eq!(
            html.header(header::CONTENT_TYPE),
            "text/html; charset=utf-8",
            "{uri}"
        );
    }
    let js = get(&app, "/assets/app-0123abcd.js").await;
    assert_eq!(
        js.header(header::CONTENT_TYPE),
        "text/javascript; charset=utf-8"
    );
}

#[tokio::test]
async fn unknown_paths_under_api_are_json_404_never_the_app() {
    let app = spawn_app().await;
    for uri in [
        "/api",
        "/api/",
        "/api/v2/x",
        "/api/v1",
        "/api/v1/nope",
        "/api/openapi.json",
    ] {
        let got = get(&app, uri).await;
        assert_eq!(got.status, StatusCode::NOT_FOUND, "{uri}: {}", got.body);
        assert_eq!(got.error().code, ErrorCode::NotFound, "{uri}");
        assert!(
            got.header(header::CONTENT_TYPE)
                .starts_with("application/json")
        );
    }
    // Outside /api the app's page answers (404: the app has no such route, and says so).
    let app_page = get(&app, "/apix").await;
    assert_eq!(app_page.status, StatusCode::NOT_FOUND);
    assert!(
        app_page
            .header(header::CONTENT_TYPE)
            .starts_with("text/html")
    );
}

#[tokio::test]
async fn error_messages_follow_accept_language_and_say_so_in_vary() {
    let app = spawn_app().await;
    for lang in [None, Some("en")] {
        let mut request = Request::get("/api/v1/search?q=");
        if let Some(lang) = lang {
            request = request.header(header::ACCEPT_LANGUAGE, lang);
        }
        let got = fetch(&app, request.body(Body::empty()).unwrap()).await;
        assert_eq!(got.status, StatusCode::BAD_REQUEST);
        assert_eq!(got.error().code, ErrorCode::QueryEmpty);
        let vary = got.header(header::VARY).to_ascii_lowercase();
        assert!(vary.contains("accept-language"), "{lang:?}: {vary:?}");
    }
    // Also errors axum raises itself (a wrong method).
    let got = fetch(
        &app,
        Request::post("/api/v1/search")
            .header(header::ACCEPT_LANGUAGE, "en")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(got.error().code, ErrorCode::MethodNotAllowed);
    assert!(got.header(header::VARY).contains("accept-language"));
}

#[tokio::test]
async fn an_over_long_uri_is_a_json_414_in_the_callers_language() {
    let app = spawn_app().await;
    let uri = format!("/api/v1/search?q={}", "a".repeat(MAX_URI_BYTES));
    let got = fetch(
        &app,
        Request::get(uri.as_str())
            .header(header::ACCEPT_LANGUAGE, "en")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(got.status, StatusCode::URI_TOO_LONG);
    let error = got.error();
    assert_eq!(error.code, ErrorCode::UriTooLong);
    assert!(error.message.contains("too long"), "{}", error.message);
    assert_security_headers(&got, "a 414");
    assert!(got.header(header::VARY).contains("accept-language"));
}

#[tokio::test]
async fn oversized_headers_are_a_json_431() {
    let app = spawn_app().await;
    let got = fetch(
        &app,
        Request::get("/api/v1/overview")
            .header(header::COOKIE, "c".repeat(MAX_HEADER_BYTES))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(got.status, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    assert_eq!(got.error().code, ErrorCode::HeadersTooLarge);
}

/// Over a real socket our limits answer before hyper's: JSON, not hyper's empty answer.
#[tokio::test]
async fn on_the_wire_our_limits_answer_json_before_hypers() {
    let app = spawn_app().await;
    let server = serve(&app, EdgeArgs::DEFAULT).await;

    let long_uri = format!(
        "GET /api/v1/search?q={} HTTP/1.1\r\nHost: linli\r\nConnection: close\r\n\r\n",
        "a".repeat(MAX_URI_BYTES)
    );
    let answer = exchange(server.addr, long_uri.as_bytes()).await;
    assert_eq!(answer.status, 414);
    assert!(answer.body.contains("\"uri_too_long\""), "{}", answer.body);
    assert!(
        answer.head.contains("content-type: application/json"),
        "{}",
        answer.head
    );
    assert!(
        answer.head.contains("content-security-policy:"),
        "{}",
        answer.head
    );

    let big_header = format!(
        "GET /api/v1/overview HTTP/1.1\r\nHost: linli\r\nCookie: {}\r\nConnection: close\r\n\r\n",
        "c".repeat(MAX_HEADER_BYTES)
    );
    let answer = exchange(server.addr, big_header.as_bytes()).await;
    assert_eq!(answer.status, 431);
    assert!(
        answer.body.contains("\"headers_too_large\""),
        "{}",
        answer.body
    );
    server.shut_down().await;
}

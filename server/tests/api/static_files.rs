use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use linli_server::http::router;
use tower::ServiceExt;

use crate::helpers::*;

/// A dist folder like the one `./x app` builds: hashed asset, index.html, compressed copies.
pub fn fake_dist() -> std::path::PathBuf {
    let dist = std::env::temp_dir().join(format!("linli-dist-{:016x}", fastrand::u64(..)));
    std::fs::create_dir_all(dist.join("assets")).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>index</title>",
    )
    .unwrap();
    std::fs::write(dist.join("index.html.br"), "br-index").unwrap();
    std::fs::write(dist.join("assets/app-0123abcd.js"), "plain-js").unwrap();
    std::fs::write(dist.join("assets/app-0123abcd.js.br"), "br-js").unwrap();
    std::fs::write(dist.join("assets/app-0123abcd.js.gz"), "gz-js").unwrap();
    dist
}

async fn fetch(
    app: &TestApp,
    dist: &std::path::Path,
    uri: &str,
    encoding: &str,
) -> (StatusCode, header::HeaderMap, String) {
    let request = Request::get(uri)
        .header(header::ACCEPT_ENCODING, encoding)
        .body(Body::empty())
        .unwrap();
    let response = router(app.state.clone(), Some(dist.to_owned()))
        .oneshot(request)
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn assets_are_precompressed_by_accept_encoding_and_cached_for_a_year() {
    let app = spawn_app().await;
    let dist = fake_dist();
    let uri = "/assets/app-0123abcd.js";

    let (status, headers, body) = fetch(&app, &dist, uri, "gzip, deflate, br").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "br-js");
    assert_eq!(headers[header::CONTENT_ENCODING], "br");
    assert_eq!(
        headers[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );

    let (_, headers, body) = fetch(&app, &dist, uri, "gzip").await;
    assert_eq!(body, "gz-js");
    assert_eq!(headers[header::CONTENT_ENCODING], "gzip");

    let (_, headers, body) = fetch(&app, &dist, uri, "identity").await;
    assert_eq!(body, "plain-js");
    assert!(headers.get(header::CONTENT_ENCODING).is_none());
    // One copy per encoding in a shared cache, or a proxy could hand brotli to anyone.
    assert_eq!(headers[header::VARY], "accept-encoding");
    std::fs::remove_dir_all(dist).unwrap();
}

#[tokio::test]
async fn a_missing_asset_is_not_cached_for_a_year() {
    // During a deploy an asset may be missing for a moment: its 404 must not stick.
    let app = spawn_app().await;
    let dist = fake_dist();
    let (status, headers, _) = fetch(&app, &dist, "/assets/app-ffffffff.js", "br").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
    let (_, headers, _) = fetch(&app, &dist, "/", "br").await;
    assert_eq!(headers[header::VARY], "accept-encoding");
    std::fs::remove_dir_all(dist).unwrap();
}

#[tokio::test]
async fn app_routes_get_index_html_revalidated_every_time() {
    let app = spawn_app().await;
    let dist = fake_dist();
    for uri in ["/", "/items/dibao", "/points/x?y=1"] {
        let (status, headers, body) = fetch(&app, &dist, uri, "identity").await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(body.contains("<title>index</title>"), "{uri}: {body}");
        assert_eq!(headers[header::CACHE_CONTROL], "no-cache", "{uri}");
    }
    let (_, headers, body) = fetch(&app, &dist, "/items/dibao", "br").await;
    assert_eq!(body, "br-index");
    assert_eq!(headers[header::CONTENT_ENCODING], "br");
    // The API is never shadowed by the app.
    let (status, _, body) = fetch(&app, &dist, "/api/v1/nope", "identity").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("not_found"));
    std::fs::remove_dir_all(dist).unwrap();
}

#[tokio::test]
async fn api_answers_are_compressed_when_the_client_accepts_it() {
    let app = spawn_app_with(&demo(), tuesday_morning()).await;
    let dist = fake_dist();
    let (status, headers, _) = fetch(&app, &dist, "/api/v1/items/dibao", "br, gzip").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_ENCODING], "br");
    let (_, headers, body) = fetch(&app, &dist, "/api/v1/items/dibao", "identity").await;
    assert!(headers.get(header::CONTENT_ENCODING).is_none());
    assert!(body.contains("最低生活保障"));
    std::fs::remove_dir_all(dist).unwrap();
}

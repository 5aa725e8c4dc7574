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
    std::fs::create_dir_all(dist.join("staff")).unwrap();
    std::fs::write(
        dist.join("staff/index.html"),
        "<!doctype html><title>console</title>",
    )
    .unwrap();
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
    let app = spawn_app_with(&demo(), tuesday_morning()).await;
    let dist = fake_dist();
    for uri in [
        "/",
        "/search",
        "/search?q=%E4%BD%8E%E4%BF%9D",
        "/items/dibao",
        "/items/dibao/",
        "/points/xiyingmen-center?y=1",
        "/categories/social-assistance",
        "/?kiosk=xiyingmen-center",
        // Booking an item, the resident's bookings and one booking (a reload lands here).
        "/book/dibao",
        "/bookings",
        "/bookings/K7P2QX",
    ] {
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
async fn an_unknown_item_point_category_or_route_is_a_404_with_the_app_page() {
    // The page still comes (it shows the app's own "not found" view), with the status a search
    // engine or a link checker needs to drop the address.
    let app = spawn_app_with(&demo(), tuesday_morning()).await;
    let dist = fake_dist();
    for uri in [
        "/items/no-such-item",
        "/items/%E4%BD%8E%E4%BF%9D",
        "/items/dibao/extra",
        "/items",
        "/points/nowhere",
        "/categories/nothing?x=1",
        "/no-such-page",
        "/search/more",
        "/Items/dibao",
        "/wp-login.php",
        "/book/no-such-item",
        "/book",
        "/bookings/K7P2QX/more",
        "/bookings/not%20a%20code",
    ] {
        let (status, headers, body) = fetch(&app, &dist, uri, "identity").await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert!(body.contains("<title>index</title>"), "{uri}: {body}");
        assert_eq!(headers[header::CACHE_CONTROL], "no-cache", "{uri}");
        assert!(
            headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/html"),
            "{uri}"
        );
    }
    // Compressed like any page.
    let (status, headers, body) = fetch(&app, &dist, "/items/no-such-item", "br").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body, "br-index");
    assert_eq!(headers[header::CONTENT_ENCODING], "br");
    std::fs::remove_dir_all(dist).unwrap();
}

#[tokio::test]
async fn a_404_page_is_whole_even_when_the_browser_asks_if_it_changed() {
    // A browser revalidating `/items/gone` must not get "304 not modified" for a page that is
    // now a 404, nor a part of it.
    let app = spawn_app_with(&demo(), tuesday_morning()).await;
    let dist = fake_dist();
    let (_, first, _) = fetch(&app, &dist, "/items/dibao", "identity").await;
    let last_modified = first[header::LAST_MODIFIED].clone();
    let ask = |uri: &str| {
        Request::get(uri)
            .header(header::IF_MODIFIED_SINCE, last_modified.clone())
            .header(header::RANGE, "bytes=0-3")
            .body(Body::empty())
            .unwrap()
    };
    let known = router(app.state.clone(), Some(dist.clone()))
        .oneshot(ask("/items/dibao"))
        .await
        .unwrap();
    assert_eq!(known.status(), StatusCode::NOT_MODIFIED);
    let unknown = router(app.state.clone(), Some(dist.clone()))
        .oneshot(ask("/items/gone"))
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let body = unknown.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(&body[..], b"<!doctype html><title>index</title>");
    std::fs::remove_dir_all(dist).unwrap();
}

#[tokio::test]
async fn robots_txt_and_the_icons_are_files_not_the_app_page() {
    let app = spawn_app_with(&demo(), tuesday_morning()).await;
    let dist = fake_dist();
    std::fs::write(dist.join("robots.txt"), "User-agent: *\nDisallow: /api/\n").unwrap();
    std::fs::write(dist.join("favicon.ico"), [0u8, 0, 1, 0]).unwrap();
    let (status, headers, body) = fetch(&app, &dist, "/robots.txt", "identity").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "text/plain; charset=utf-8");
    assert_eq!(headers[header::CACHE_CONTROL], "public, max-age=3600");
    assert!(body.contains("Disallow: /api/"), "{body}");

    let (status, headers, _) = fetch(&app, &dist, "/favicon.ico", "identity").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "image/x-icon");
    assert_eq!(headers[header::CACHE_CONTROL], "public, max-age=86400");
    std::fs::remove_dir_all(dist).unwrap();
}

#[tokio::test]
async fn the_real_robots_txt_lets_the_pages_be_crawled_but_not_the_api() {
    let robots = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/robots.txt"),
    )
    .unwrap();
    let rules: Vec<&str> = robots
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect();
    assert!(rules.contains(&"User-agent: *"), "{robots}");
    assert!(rules.contains(&"Disallow: /api/"), "{robots}");
    for page in ["/items/", "/points/", "/categories/"] {
        assert!(
            !rules.iter().any(|r| r.starts_with("Disallow:")
                && page.starts_with(r.trim_start_matches("Disallow:").trim())
                && r.trim_start_matches("Disallow:").trim() != ""),
            "{page} is disallowed: {robots}"
        );
    }
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

#[tokio::test]
async fn the_console_page_answers_every_address_under_staff_with_the_strict_headers() {
    let app = spawn_app_with(&demo(), tuesday_morning()).await;
    let dist = fake_dist();
    for uri in [
        "/staff",
        "/staff/",
        "/staff/items/dibao",
        "/staff/points/xiyingmen-center",
        "/staff/audit?record_kind=item",
        "/staff/no/such/page",
    ] {
        let (status, headers, body) = fetch(&app, &dist, uri, "identity").await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(body.contains("<title>console</title>"), "{uri}: {body}");
        assert_eq!(headers[header::CACHE_CONTROL], "no-cache", "{uri}");
        let policy = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(policy.contains("frame-ancestors 'none'"), "{uri}: {policy}");
        assert!(
            policy.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{uri}"
        );
        assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY", "{uri}");
    }
    // The resident app's pages stay the app's; a path that only starts like the console's too.
    let (status, _, body) = fetch(&app, &dist, "/staffroom", "identity").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("<title>index</title>"));
    let (_, _, body) = fetch(&app, &dist, "/", "identity").await;
    assert!(body.contains("<title>index</title>"));
    std::fs::remove_dir_all(dist).unwrap();
}

#[tokio::test]
async fn without_a_built_console_staff_is_not_found() {
    let app = spawn_app_with(&demo(), tuesday_morning()).await;
    let dist = fake_dist();
    std::fs::remove_dir_all(dist.join("staff")).unwrap();
    let (status, _, _) = fetch(&app, &dist, "/staff/items/dibao", "identity").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    std::fs::remove_dir_all(dist).unwrap();
}

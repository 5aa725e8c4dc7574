use axum::http::StatusCode;

use crate::helpers::*;

/// Every bad request, with the status and stable code it must get.
const BAD_REQUESTS: &[(&str, &str, u16, &str)] = &[
    ("GET", "/api/v1/search", 400, "query_empty"),
    ("GET", "/api/v1/search?q=", 400, "query_empty"),
    ("GET", "/api/v1/search?q=%20%20", 400, "query_empty"),
    ("GET", "/api/v1/search?q=%FF%FE", 400, "query_invalid_utf8"),
    ("GET", "/api/v1/search?q=%E4%BD", 400, "query_invalid_utf8"),
    (
        "GET",
        "/api/v1/search?q=dibao&limit=0",
        400,
        "invalid_limit",
    ),
    (
        "GET",
        "/api/v1/search?q=dibao&limit=101",
        400,
        "invalid_limit",
    ),
    (
        "GET",
        "/api/v1/search?q=dibao&limit=ten",
        400,
        "invalid_limit",
    ),
    (
        "GET",
        "/api/v1/search?q=dibao&limit=-3",
        400,
        "invalid_limit",
    ),
    (
        "GET",
        "/api/v1/search?q=dibao&channel=fax",
        400,
        "invalid_filter",
    ),
    (
        "GET",
        "/api/v1/search?q=dibao&category=nope",
        400,
        "invalid_filter",
    ),
    (
        "GET",
        "/api/v1/search?q=dibao&open_now=maybe",
        400,
        "invalid_filter",
    ),
    ("GET", "/api/v1/items/nope", 404, "item_not_found"),
    ("GET", "/api/v1/items/%FF%FE", 400, "invalid_parameter"),
    ("GET", "/api/v1/points/%C3", 400, "invalid_parameter"),
    ("GET", "/api/v1/points/nope", 404, "point_not_found"),
    ("GET", "/api/v1/no-such-thing", 404, "not_found"),
    ("GET", "/no-such-page", 404, "not_found"),
    ("POST", "/api/v1/search?q=dibao", 405, "method_not_allowed"),
    ("DELETE", "/api/v1/items/dibao", 405, "method_not_allowed"),
];

#[tokio::test]
async fn bad_requests_get_a_stable_code_and_a_readable_message() {
    let app = spawn_app().await;
    for &(method, uri, status, code) in BAD_REQUESTS {
        let zh = app.request(method, uri, None).await;
        assert_eq!(zh.status.as_u16(), status, "{method} {uri}: {}", zh.json);
        assert_eq!(zh.json["code"], code, "{method} {uri}");
        let message = zh.json["message"].as_str().unwrap();
        assert!(
            message
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{uri}: {message}"
        );

        let en = app.request(method, uri, Some("en-GB,en;q=0.9")).await;
        assert_eq!(en.status.as_u16(), status, "{method} {uri} (en)");
        assert_eq!(en.json["code"], code, "{method} {uri} (en)");
        let message = en.json["message"].as_str().unwrap();
        assert!(message.is_ascii() && message.len() > 10, "{uri}: {message}");
    }
}

#[tokio::test]
async fn a_query_of_200_characters_is_fine_and_201_is_too_long() {
    let app = spawn_app().await;
    let ok = "%E4%BF%9D".repeat(200); // 保 × 200
    assert_eq!(
        app.get(&format!("/api/v1/search?q={ok}")).await.status,
        StatusCode::OK
    );
    let long = "%E4%BF%9D".repeat(201);
    let answer = app.get(&format!("/api/v1/search?q={long}")).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.json["code"], "query_too_long");
}

#[tokio::test]
async fn odd_but_valid_input_never_fails() {
    let app = spawn_app().await;
    for q in [
        "%27%3B%20DROP%20TABLE%20items%3B--",
        "%F0%9F%98%80",
        "a",
        "1",
        "%25",
        "%E3%80%80%EF%BD%84%EF%BD%89",
    ] {
        let answer = app.get(&format!("/api/v1/search?q={q}")).await;
        assert!(
            answer.status == StatusCode::OK || answer.status == StatusCode::BAD_REQUEST,
            "q={q}: {}",
            answer.status
        );
    }
}

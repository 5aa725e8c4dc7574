//! Every error code, answered for real, with its status and a message in both languages.
//!
//! `trigger` matches on every `ErrorCode` without a catch-all: a new code does not compile
//! until it says how a test makes the server answer with it.

use axum::http::StatusCode;
use axum::response::IntoResponse;
use linli_server::config::EdgeArgs;
use linli_server::error::Error;
use linli_server::http::request_limits::{MAX_HEADER_BYTES, MAX_URI_BYTES};
use linli_shared::error::{ErrorBody, ErrorCode, Lang};

use crate::helpers::*;
use crate::wire::{exchange, serve};

/// How a test gets the server to answer with a code.
enum Trigger {
    /// A request to the router (method, URI).
    Request(&'static str, &'static str),
    /// A request with extra headers.
    WithHeaders(&'static str, String, Vec<(String, String)>),
    /// An error raised below the handlers, turned into an answer by the one `IntoResponse`.
    Raised(fn() -> Error),
    /// Raw bytes on a real connection (what the router never sees), given the
    /// `Accept-Language` line to put in the head, if any.
    Wire(fn(&str) -> Vec<u8>),
}

/// 201 × 保: one character over the limit.
const LONG_QUERY: &str = concat!(
    "/api/v1/search?q=",
    "%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D"
);

fn trigger(code: ErrorCode) -> Trigger {
    use ErrorCode::*;
    use Trigger::*;
    match code {
        QueryEmpty => Request("GET", "/api/v1/search?q=%20%20"),
        QueryTooLong => Request("GET", LONG_QUERY),
        QueryInvalidUtf8 => Request("GET", "/api/v1/search?q=%FF%FE"),
        InvalidLimit => Request("GET", "/api/v1/search?q=dibao&limit=0"),
        DistrictTooLong => WithHeaders(
            "GET",
            format!(
                "/api/v1/search?q=dibao&district={}",
                "a".repeat(linli_shared::query::search::MAX_DISTRICT_CHARS + 1)
            ),
            Vec::new(),
        ),
        InvalidFilter => Request("GET", "/api/v1/search?q=dibao&channel=fax"),
        InvalidParameter => Request("GET", "/api/v1/items/Not%20An%20Id"),
        InvalidLocation => Request("GET", "/api/v1/items/dibao?near=91,117"),
        ItemNotFound => Request("GET", "/api/v1/items/nope"),
        PointNotFound => Request("GET", "/api/v1/points/nope"),
        CategoryNotFound => Request("GET", "/api/v1/categories/nope"),
        NotFound => Request("GET", "/api/v1/no-such-thing"),
        MethodNotAllowed => Request("DELETE", "/api/v1/items/dibao"),
        // No endpoint writes yet: the store's own refusals are tested in `import.rs`
        // (`storage.rs`, `constraint_violations_are_answered_with_stable_codes_not_internal`); here the mapping to an answer.
        Conflict => Raised(|| Error::from(ErrorCode::Conflict)),
        // The console's publish will answer it over HTTP; today the CLI's import raises it.
        RetiresMost => Raised(|| {
            use linli_shared::domain::retirement::{RecordKind, RetiresMost, Retiring};
            Error::RetiresMost(RetiresMost(vec![Retiring {
                kind: RecordKind::Point,
                active: 10,
                retiring: 9,
            }]))
        }),
        UriTooLong => WithHeaders(
            "GET",
            format!("/api/v1/search?q={}", "a".repeat(MAX_URI_BYTES)),
            Vec::new(),
        ),
        HeadersTooLarge => WithHeaders(
            "GET",
            "/api/v1/overview".into(),
            vec![("x-padding".into(), "a".repeat(MAX_HEADER_BYTES))],
        ),
        // A byte no header name may hold: refused before hyper reads the head.
        RequestHeadInvalid => Wire(|language| {
            format!(
                "GET /api/v1/overview HTTP/1.1\r\nHost: linli\r\n{language}X-Bad\x01: 1\r\n\r\n"
            )
            .into_bytes()
        }),
        InvalidBody => Request("POST", "/api/v1/staff/login"),
        StaffUnauthenticated => Request("GET", "/api/v1/staff/me"),
        // These need accounts, sessions or a clock moved: answered for real in `staff_auth.rs`,
        // `staff_audit.rs` and `staff_matrix.rs`; here the mapping to an answer.
        StaffSessionExpired => Raised(|| Error::from(ErrorCode::StaffSessionExpired)),
        StaffBadCredentials => Raised(|| Error::from(ErrorCode::StaffBadCredentials)),
        StaffAccountLocked => Raised(|| Error::from(ErrorCode::StaffAccountLocked)),
        StaffAccountDisabled => Raised(|| Error::from(ErrorCode::StaffAccountDisabled)),
        CsrfTokenInvalid => Raised(|| Error::from(ErrorCode::CsrfTokenInvalid)),
        Forbidden => Raised(|| Error::from(ErrorCode::Forbidden)),
        TooManyLogins => Raised(|| Error::from(ErrorCode::TooManyLogins)),
        UsernameInvalid => Raised(|| Error::from(ErrorCode::UsernameInvalid)),
        PasswordTooWeak => Raised(|| Error::from(ErrorCode::PasswordTooWeak)),
        ScopeInvalid => Raised(|| Error::from(ErrorCode::ScopeInvalid)),
        // Answered for real in `staff_drafts.rs`; here the mapping to an answer.
        DraftStale => Raised(|| Error::from(ErrorCode::DraftStale)),
        DirectoryInvalid => Raised(|| Error::from(ErrorCode::DirectoryInvalid)),
        StaffAccountNotFound => Raised(|| Error::from(ErrorCode::StaffAccountNotFound)),
        InvalidDateRange => Request(
            "GET",
            "/api/v1/points/test-street-center/availability?item=dibao&from=24.11.2026",
        ),
        // The tiny directory has no schedules.
        NotBookable => Request(
            "GET",
            "/api/v1/points/test-street-center/availability?item=dibao",
        ),
        ResidentUnauthenticated => Request("GET", "/api/v1/bookings"),
        // These need a body, a token, a code or a race: answered for real in
        // `appointments.rs`; here the mapping to an answer.
        SlotUnavailable => Raised(|| Error::from(ErrorCode::SlotUnavailable)),
        SlotFull => Raised(|| Error::from(ErrorCode::SlotFull)),
        PhoneInvalid => Raised(|| Error::from(ErrorCode::PhoneInvalid)),
        CodeTooSoon => Raised(|| Error::from(ErrorCode::CodeTooSoon)),
        CodeTooManyRequests => Raised(|| Error::from(ErrorCode::CodeTooManyRequests)),
        CodeWrong => Raised(|| Error::from(ErrorCode::CodeWrong)),
        CodeExpired => Raised(|| Error::from(ErrorCode::CodeExpired)),
        CodeTriesExhausted => Raised(|| Error::from(ErrorCode::CodeTriesExhausted)),
        ResidentTokenExpired => Raised(|| Error::from(ErrorCode::ResidentTokenExpired)),
        BookingNotFound => Raised(|| Error::from(ErrorCode::BookingNotFound)),
        AlreadyBookedThatDay => Raised(|| Error::from(ErrorCode::AlreadyBookedThatDay)),
        TooManyBookings => Raised(|| Error::from(ErrorCode::TooManyBookings)),
        BookingPast => Raised(|| Error::from(ErrorCode::BookingPast)),
        NameInvalid => Raised(|| Error::from(ErrorCode::NameInvalid)),
        IdempotencyKeyInvalid => Raised(|| Error::from(ErrorCode::IdempotencyKeyInvalid)),
        IdempotencyKeyReused => Raised(|| Error::from(ErrorCode::IdempotencyKeyReused)),
        // Answered for real in `appointments.rs` (the waiting list, no-shows).
        WaitlistNotNeeded => Raised(|| Error::from(ErrorCode::WaitlistNotNeeded)),
        WaitlistEntryNotFound => Raised(|| Error::from(ErrorCode::WaitlistEntryNotFound)),
        BookingBarred => Raised(|| Error::from(ErrorCode::BookingBarred)),
        NoShowRefused => Raised(|| Error::from(ErrorCode::NoShowRefused)),
        // Answered for real in `staff_insights.rs`; here the mapping to an answer.
        WeekInvalid => Raised(|| Error::from(ErrorCode::WeekInvalid)),
        CaseNotFound => Request("GET", "/api/v1/cases/34679ACE"),
        // Answered for real in `cases.rs`; here the mapping to an answer.
        CaseStepRefused => Raised(|| Error::from(ErrorCode::CaseStepRefused)),
        CaseTextInvalid => Raised(|| Error::from(ErrorCode::CaseTextInvalid)),
        CaseTooMany => Raised(|| Error::from(ErrorCode::CaseTooMany)),
        DepartmentNotFound => Raised(|| Error::from(ErrorCode::DepartmentNotFound)),
        RatingNotAllowed => Raised(|| Error::from(ErrorCode::RatingNotAllowed)),
        // Answered for real in `cases.rs`; here the mapping to an answer.
        PhotoNotImage => Raised(|| Error::from(ErrorCode::PhotoNotImage)),
        PhotoTooLarge => Raised(|| Error::from(ErrorCode::PhotoTooLarge)),
        PhotoTooManyPixels => Raised(|| Error::from(ErrorCode::PhotoTooManyPixels)),
        PhotoUnreadable => Raised(|| Error::from(ErrorCode::PhotoUnreadable)),
        PhotosTooMany => Raised(|| Error::from(ErrorCode::PhotosTooMany)),
        Internal => Raised(|| Error::Database(sqlx::Error::PoolClosed)),
        // No route is slow enough to hit the read timeout; the layer's 503 gets this code in
        // `localize`. Here the mapping to an answer.
        Timeout => Raised(|| Error::from(ErrorCode::Timeout)),
        // A full search queue, for real: `search.rs`,
        // `a_full_search_queue_answers_busy_at_once_and_frees_up`. Here the mapping.
        Busy => Raised(|| Error::from(ErrorCode::Busy)),
    }
}

fn assert_readable(body: &ErrorBody, lang: Lang, what: &str) {
    let message = &body.message;
    match lang {
        Lang::Zh => assert!(
            message
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{what}: {message}"
        ),
        Lang::En => assert!(
            message.is_ascii() && message.len() > 10,
            "{what}: {message}"
        ),
    }
    assert_eq!(*message, body.code.message(lang), "{what}");
}

#[tokio::test]
async fn every_error_code_is_answered_with_its_status_and_a_readable_message() {
    let app = spawn_app().await;
    for &code in ErrorCode::ALL {
        let expected_status = code.http_status();
        let (method, uri, extra) = match trigger(code) {
            Trigger::Request(method, uri) => (method, uri.to_owned(), Vec::new()),
            Trigger::WithHeaders(method, uri, extra) => (method, uri, extra),
            Trigger::Raised(raise) => {
                let response = raise().into_response();
                assert_eq!(response.status().as_u16(), expected_status, "{code:?}");
                let bytes = http_body_util::BodyExt::collect(response.into_body())
                    .await
                    .unwrap()
                    .to_bytes();
                let body: ErrorBody = serde_json::from_slice(&bytes).unwrap();
                assert_eq!(body.code, code);
                assert_readable(&body, Lang::Zh, code.as_str());
                continue;
            }
            Trigger::Wire(head) => {
                let server = serve(&app, EdgeArgs::DEFAULT).await;
                for (line, lang) in [("", Lang::Zh), ("Accept-Language: en\r\n", Lang::En)] {
                    let answer = exchange(server.addr, &head(line)).await;
                    let what = format!("{code:?} on the wire ({lang:?})");
                    assert_eq!(answer.status, expected_status, "{what}");
                    assert!(
                        answer.head.contains("content-type: application/json"),
                        "{what}: {}",
                        answer.head
                    );
                    let body: ErrorBody = serde_json::from_str(&answer.body).unwrap();
                    assert_eq!(body.code, code, "{what}");
                    assert_readable(&body, lang, &what);
                }
                server.shut_down().await;
                continue;
            }
        };
        for (header, lang) in [(None, Lang::Zh), (Some("en-GB,en;q=0.9"), Lang::En)] {
            let mut headers = extra.clone();
            if let Some(h) = header {
                headers.push(("accept-language".into(), h.into()));
            }
            let answer = app.request_with(method, &uri, &headers).await;
            let what = format!("{method} {uri} ({lang:?})");
            assert_eq!(answer.status.as_u16(), expected_status, "{what}");
            assert_eq!(
                answer.headers[axum::http::header::CONTENT_TYPE],
                "application/json",
                "{what}"
            );
            let body = answer.error();
            assert_eq!(body.code, code, "{what}");
            assert_readable(&body, lang, &what);
        }
    }
}

/// More bad requests, each with the status and code it must get.
const BAD_REQUESTS: &[(&str, &str, u16, ErrorCode)] = &[
    ("GET", "/api/v1/search", 400, ErrorCode::QueryEmpty),
    ("GET", "/api/v1/search?q=", 400, ErrorCode::QueryEmpty),
    ("GET", "/api/v1/search?q=%00%09", 400, ErrorCode::QueryEmpty),
    (
        "GET",
        "/api/v1/search?q=%E4%BD",
        400,
        ErrorCode::QueryInvalidUtf8,
    ),
    (
        "GET",
        "/api/v1/search?q=dibao&limit=101",
        400,
        ErrorCode::InvalidLimit,
    ),
    (
        "GET",
        "/api/v1/search?q=dibao&limit=ten",
        400,
        ErrorCode::InvalidLimit,
    ),
    (
        "GET",
        "/api/v1/search?q=dibao&limit=-3",
        400,
        ErrorCode::InvalidLimit,
    ),
    (
        "GET",
        "/api/v1/search?q=dibao&category=nope",
        400,
        ErrorCode::InvalidFilter,
    ),
    (
        "GET",
        "/api/v1/search?q=dibao&category=No+Pe",
        400,
        ErrorCode::InvalidFilter,
    ),
    (
        "GET",
        "/api/v1/search?q=dibao&open_now=maybe",
        400,
        ErrorCode::InvalidFilter,
    ),
    (
        "GET",
        "/api/v1/search?q=dibao&at=%E4%BD%8E",
        400,
        ErrorCode::InvalidParameter,
    ),
    (
        "GET",
        "/api/v1/items/dibao?at=Bad%20Point",
        400,
        ErrorCode::InvalidParameter,
    ),
    (
        "GET",
        "/api/v1/search?q=dibao&near=39.1",
        400,
        ErrorCode::InvalidLocation,
    ),
    (
        "GET",
        "/api/v1/search?q=dibao&near=39.1,181",
        400,
        ErrorCode::InvalidLocation,
    ),
    (
        "GET",
        "/api/v1/search?q=dibao&open_first=maybe",
        400,
        ErrorCode::InvalidParameter,
    ),
    (
        "GET",
        "/api/v1/items/dibao?near=NaN,1",
        400,
        ErrorCode::InvalidLocation,
    ),
    (
        "GET",
        "/api/v1/items/dibao?near=1e1,2",
        400,
        ErrorCode::InvalidLocation,
    ),
    (
        "GET",
        "/api/v1/items/dibao?open_first=2",
        400,
        ErrorCode::InvalidParameter,
    ),
    (
        "GET",
        "/api/v1/items/%FF%FE",
        400,
        ErrorCode::InvalidParameter,
    ),
    (
        "GET",
        "/api/v1/points/%C3",
        400,
        ErrorCode::InvalidParameter,
    ),
    (
        "GET",
        "/api/v1/categories/UPPER",
        400,
        ErrorCode::InvalidParameter,
    ),
    ("GET", "/no-such-page", 404, ErrorCode::NotFound),
    (
        "POST",
        "/api/v1/search?q=dibao",
        405,
        ErrorCode::MethodNotAllowed,
    ),
];

#[tokio::test]
async fn bad_requests_get_a_stable_code_and_a_readable_message() {
    let app = spawn_app().await;
    for &(method, uri, status, code) in BAD_REQUESTS {
        for (header, lang) in [(None, Lang::Zh), (Some("en"), Lang::En)] {
            let answer = app.request(method, uri, header).await;
            let what = format!("{method} {uri} ({lang:?})");
            assert_eq!(answer.status.as_u16(), status, "{what}");
            let body = answer.error();
            assert_eq!(body.code, code, "{what}");
            assert_readable(&body, lang, &what);
        }
    }
}

#[tokio::test]
async fn every_wrong_parameter_is_named_in_the_callers_language() {
    let app = spawn_app().await;
    let answer = app
        .request(
            "GET",
            "/api/v1/search?q=dibao&limit=0&channel=fax&open_now=2",
            Some("en"),
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let body = answer.error();
    assert_eq!(body.code, ErrorCode::InvalidFilter);
    let fields: Vec<(&str, ErrorCode)> = body
        .details
        .iter()
        .map(|d| (d.field.as_str(), d.code))
        .collect();
    assert_eq!(
        fields,
        [
            ("channel", ErrorCode::InvalidFilter),
            ("open_now", ErrorCode::InvalidFilter),
            ("limit", ErrorCode::InvalidLimit),
        ]
    );
    assert_eq!(
        body.details[2].message,
        ErrorCode::InvalidLimit.message(Lang::En)
    );

    let id = app.get("/api/v1/points/Not-A-Slug").await.error();
    assert_eq!(id.details[0].field, "id");

    // A value that is not UTF-8 is refused before the parameters are read: still named.
    let garbled = app
        .get("/api/v1/search?q=dibao&district=%E5%92")
        .await
        .error();
    assert_eq!(garbled.code, ErrorCode::QueryInvalidUtf8);
    assert_eq!(garbled.details.len(), 1);
    assert_eq!(garbled.details[0].field, "district");
    assert_eq!(garbled.details[0].code, ErrorCode::QueryInvalidUtf8);
}

#[tokio::test]
async fn a_query_of_200_characters_is_fine_and_201_is_too_long() {
    let app = spawn_app().await;
    let ok = "%E4%BF%9D".repeat(200); // 保 × 200
    app.search(&format!("/api/v1/search?q={ok}")).await;
    let long = "%E4%BF%9D".repeat(201);
    let answer = app.get(&format!("/api/v1/search?q={long}")).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.error().code, ErrorCode::QueryTooLong);
}

#[tokio::test]
async fn odd_but_valid_input_is_answered_not_refused() {
    let app = spawn_app().await;
    for q in [
        "%27%3B%20DROP%20TABLE%20items%3B--",
        "%F0%9F%98%80",
        "a",
        "1",
        "%25",
        "%E3%80%80%EF%BD%84%EF%BD%89",
        "a%00b",
        "%E2%80%AE%E4%BD%8E",
    ] {
        // `search` requires a 200 with a search answer; a 400 here would be a bug.
        app.search(&format!("/api/v1/search?q={q}")).await;
    }
    // A well-formed `at` naming no point (a retired kiosk point) is not an error.
    app.search("/api/v1/search?q=dibao&at=no-such-point").await;
}

#[tokio::test]
async fn a_wrong_location_is_named_with_every_other_wrong_field_in_both_languages() {
    let app = spawn_app().await;
    for (uri, expected) in [
        (
            "/api/v1/items/dibao?at=Bad%20Point&near=39.1&open_first=maybe",
            vec![
                ("at", ErrorCode::InvalidParameter),
                ("near", ErrorCode::InvalidLocation),
                ("open_first", ErrorCode::InvalidParameter),
            ],
        ),
        (
            "/api/v1/search?q=dibao&near=91,117&open_first=2&limit=0",
            vec![
                ("limit", ErrorCode::InvalidLimit),
                ("near", ErrorCode::InvalidLocation),
                ("open_first", ErrorCode::InvalidParameter),
            ],
        ),
        (
            "/api/v1/search?q=dibao&near=39.1,117.1,5",
            vec![("near", ErrorCode::InvalidLocation)],
        ),
    ] {
        for lang in [Lang::Zh, Lang::En] {
            let header = (lang == Lang::En).then_some("en");
            let answer = app.request("GET", uri, header).await;
            assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{uri}");
            let body = answer.error();
            assert_eq!(body.code, expected[0].1, "{uri}");
            let fields: Vec<(&str, ErrorCode)> = body
                .details
                .iter()
                .map(|d| (d.field.as_str(), d.code))
                .collect();
            assert_eq!(fields, expected, "{uri}");
            for detail in &body.details {
                assert_eq!(detail.message, detail.code.message(lang), "{uri}");
            }
            assert_readable(&body, lang, uri);
        }
    }
    // The location's message says what is expected, in both languages.
    assert!(
        ErrorCode::InvalidLocation
            .message(Lang::En)
            .contains("latitude,longitude")
    );
    assert!(
        ErrorCode::InvalidLocation
            .message(Lang::Zh)
            .contains("纬度,经度")
    );
}

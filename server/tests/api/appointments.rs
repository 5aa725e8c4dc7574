//! Appointments over the API: availability across holidays, 调休, cut-off and horizon; residents
//! proving their number with a code read from the SMS outbox file; bookings (idempotent, never
//! overbooked under hundreds of concurrent requests); the waiting list, the cancel delay and the
//! no-show bar; on SQLite and PostgreSQL alike.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::NaiveDateTime;
use linli_server::appointments::{DEMO_SCHEDULES, parse_schedules};
use linli_server::auth::{new_token, token_digest};
use linli_server::sms::{DevSender, drain_once, spawn_drainer};
use linli_shared::api::appointments::{
    Availability, Booking, Bookings, CodeSent, DayStatus, ResidentToken, SlotStatus, Waitlist,
    WaitlistEntry, WaitlistStatus,
};
use linli_shared::domain::resident::{BOOKING_CODE_LEN, Phone};
use linli_shared::domain::schedule::ClosedReason;
use linli_shared::error::ErrorCode;
use serde_json::{Value, json};

use crate::helpers::*;

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

/// The demo directory and its schedules, the clock at `now`.
async fn demo_app(now: NaiveDateTime) -> TestApp {
    let app = spawn_app_with(&demo(), now).await;
    let schedules = parse_schedules(DEMO_SCHEDULES).unwrap();
    assert!(
        linli_shared::domain::schedule::schedules_problems(&schedules, &demo()).is_empty(),
        "the demo schedules fit the demo directory"
    );
    app.store
        .load_schedules_if_none(&schedules, now)
        .await
        .unwrap();
    app
}

async fn availability(app: &TestApp, query: &str) -> Availability {
    app.get_ok(&format!("/api/v1/points/{query}")).await
}

fn times(day: &linli_shared::api::appointments::AvailabilityDay) -> Vec<String> {
    day.slots
        .iter()
        .map(|s| s.starts_at.format("%H:%M").to_string())
        .collect()
}

#[tokio::test]
async fn availability_follows_the_schedule_hours_cut_off_and_horizon() {
    let app = demo_app(tuesday_morning()).await;
    let a = availability(&app, "xiyingmen-center/availability?item=id-card").await;
    assert_eq!(a.schedule, "id-card-window");
    assert_eq!(a.today.to_string(), "2026-11-24");
    assert_eq!(
        a.last_bookable.to_string(),
        "2026-12-08",
        "14 days after today"
    );
    assert_eq!(a.days.len(), 15);
    let today = &a.days[0];
    assert_eq!(today.status, DayStatus::Open);
    // 09:00-11:30 and 14:00-17:00 every 15 minutes; Tuesday evening 18:00-19:30 too.
    assert_eq!(today.slots.len(), 10 + 12 + 6);
    let state = |t: &str| {
        today
            .slots
            .iter()
            .find(|s| s.starts_at.format("%H:%M").to_string() == t)
            .unwrap()
            .status
    };
    assert_eq!(
        state("10:45"),
        SlotStatus::PastCutoff,
        "before 11:00 is too late at 10:00"
    );
    assert_eq!(state("11:00"), SlotStatus::Open, "exactly an hour ahead");
    assert_eq!(state("18:00"), SlotStatus::Open);
    assert!(today.slots.iter().all(|s| s.seats == 2 || s.seats == 1));
    // Saturday: the point opens, the ID card window does not.
    let saturday = a
        .days
        .iter()
        .find(|d| d.date.to_string() == "2026-11-28")
        .unwrap();
    assert_eq!(saturday.status, DayStatus::Closed);
    assert_eq!(saturday.closed, Some(ClosedReason::NoSessions));
    // Wednesday: no evening session.
    assert_eq!(times(&a.days[1]).len(), 22);
    // Beyond the horizon, asked for explicitly.
    let later = availability(
        &app,
        "xiyingmen-center/availability?item=id-card&from=2026-12-08&to=2026-12-09",
    )
    .await;
    assert_eq!(later.days[0].status, DayStatus::Open);
    assert_eq!(later.days[1].closed, Some(ClosedReason::BeyondHorizon));
    // A point's closure (staff training at 李七庄, 16 December), asked while it is bookable.
    let mut app = app;
    app.set_clock(at("2026-12-10 10:00"));
    let closed = availability(
        &app,
        "liqizhuang-center/availability?item=legal-consultation&from=2026-12-16&to=2026-12-16",
    )
    .await;
    assert!(matches!(
        &closed.days[0].closed,
        Some(ClosedReason::Closure { reason, .. }) if reason.contains("培训")
    ));
    // The schedule's own exception: no ID cards on 23 December.
    let cancelled = availability(
        &app,
        "xiyingmen-center/availability?item=id-card&from=2026-12-23&to=2026-12-23",
    )
    .await;
    assert!(matches!(
        &cancelled.days[0].closed,
        Some(ClosedReason::Cancelled { reason, .. }) if reason.contains("升级")
    ));
}

#[tokio::test]
async fn holidays_close_and_adjusted_working_days_open_from_the_seeded_calendar() {
    // Monday 29 December 2025: 元旦 is 1-3 January 2026, Sunday 4 January is worked.
    let app = demo_app(at("2025-12-29 10:00")).await;
    let a = availability(
        &app,
        "xiyingmen-center/availability?item=id-card&from=2025-12-31&to=2026-01-05",
    )
    .await;
    let by_date = |d: &str| a.days.iter().find(|x| x.date.to_string() == d).unwrap();
    assert_eq!(by_date("2025-12-31").status, DayStatus::Open);
    for d in ["2026-01-01", "2026-01-02", "2026-01-03"] {
        assert!(
            matches!(&by_date(d).closed, Some(ClosedReason::Holiday { name, .. }) if name == "元旦"),
            "{d}: {:?}",
            by_date(d).closed
        );
    }
    // Sunday 4 January opens like a Monday: the weekday sessions, no Tuesday evening.
    let sunday = by_date("2026-01-04");
    assert_eq!(sunday.status, DayStatus::Open, "{:?}", sunday.closed);
    assert_eq!(times(sunday).len(), 22);
    assert_eq!(times(sunday)[0], "09:00");
}

#[tokio::test]
async fn availability_refuses_what_it_cannot_answer() {
    let app = demo_app(tuesday_morning()).await;
    let cases = [
        ("xiyingmen-center/availability", ErrorCode::InvalidParameter),
        (
            "xiyingmen-center/availability?item=id-card&from=2026-11-30&to=2026-11-24",
            ErrorCode::InvalidDateRange,
        ),
        (
            "xiyingmen-center/availability?item=id-card&from=2026-11-24&to=2026-12-31",
            ErrorCode::InvalidDateRange,
        ),
        (
            "xiyingmen-center/availability?item=id-card&from=tomorrow",
            ErrorCode::InvalidDateRange,
        ),
        (
            "nowhere/availability?item=id-card",
            ErrorCode::PointNotFound,
        ),
        (
            "xiyingmen-center/availability?item=nothing",
            ErrorCode::ItemNotFound,
        ),
        // Offered there, but without a schedule.
        (
            "xiyingmen-center/availability?item=eco-burial",
            ErrorCode::NotBookable,
        ),
    ];
    for (query, code) in cases {
        let answer = app.get(&format!("/api/v1/points/{query}")).await;
        assert_eq!(answer.error().code, code, "{query}");
    }
}

/// A JSON request, with a bearer token and more headers when given.
fn json_request(
    method: &str,
    uri: &str,
    body: Value,
    token: Option<&str>,
    headers: &[(&str, &str)],
) -> Request<Body> {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.body(Body::from(body.to_string())).unwrap()
}

fn outbox_file() -> PathBuf {
    std::env::temp_dir().join(format!("linli-outbox-{:016x}.jsonl", fastrand::u64(..)))
}

/// The last code the outbox file holds for `phone`, waiting for the drainer to write it.
async fn code_from_outbox(file: &PathBuf, phone: &str) -> String {
    for _ in 0..200 {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let code = text
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter(|v| v["to"] == phone)
            .filter_map(|v| v["code"].as_str().map(str::to_owned))
            .next_back();
        if let Some(code) = code {
            return code;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("no code for {phone} in {}", file.display());
}

/// Proves `phone` through the API with the code read from the outbox file.
async fn sign_in(app: &TestApp, file: &PathBuf, phone: &str) -> String {
    let sent = app
        .send(json_request(
            "POST",
            "/api/v1/auth/code",
            json!({"phone": phone}),
            None,
            &[],
        ))
        .await;
    assert_eq!(
        sent.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&sent.body)
    );
    let sent: CodeSent = sent.decode();
    assert_eq!(sent.resend_after_seconds, 60);
    let code = code_from_outbox(file, phone).await;
    let verified = app
        .send(json_request(
            "POST",
            "/api/v1/auth/verify",
            json!({"phone": phone, "code": code}),
            None,
            &[],
        ))
        .await;
    assert_eq!(verified.status, StatusCode::OK);
    verified.decode::<ResidentToken>().token
}

/// A token for `phone` straight from the store (many residents at once).
async fn token_for(app: &TestApp, phone: &str) -> String {
    let token = new_token();
    app.store
        .issue_resident_token(
            &Phone::parse(phone).unwrap(),
            &token_digest(&token),
            (app.state.clock)(),
        )
        .await
        .unwrap();
    token
}

fn booking_body(point: &str, item: &str, starts_at: &str, name: &str) -> Value {
    json!({"point": point, "item": item, "starts_at": starts_at, "name": name})
}

#[tokio::test]
async fn a_resident_proves_the_number_with_a_code_from_the_outbox_and_books() {
    let app = demo_app(tuesday_morning()).await;
    let file = outbox_file();
    spawn_drainer(
        app.store.clone(),
        Arc::new(DevSender::new(Some(file.clone()))),
        app.state.sms_wake.clone(),
    );
    let token = sign_in(&app, &file, "13812345678").await;
    let body = booking_body("xiyingmen-center", "id-card", "2026-11-25T09:30:00", "张三");
    let booked = app
        .send(json_request(
            "POST",
            "/api/v1/bookings",
            body.clone(),
            Some(&token),
            &[],
        ))
        .await;
    assert_eq!(
        booked.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&booked.body)
    );
    let booking: Booking = booked.decode();
    assert_eq!(booking.code.len(), BOOKING_CODE_LEN);
    assert_eq!(booking.point.name, "西营门街道社区服务中心");
    assert_eq!(booking.item.id.as_str(), "id-card");
    assert_eq!(booking.starts_at, at("2026-11-25 09:30"));
    assert_eq!(booking.ends_at, at("2026-11-25 09:45"));
    assert!(
        !booking.materials.is_empty(),
        "一次告知: the materials again"
    );
    // The resident's own list and the booking by its code (lower case typed is fine).
    let mine = app
        .send(json_request(
            "GET",
            "/api/v1/bookings",
            json!(null),
            Some(&token),
            &[],
        ))
        .await
        .decode::<Bookings>();
    assert_eq!(mine.bookings, vec![booking.clone()]);
    let one = app
        .send(json_request(
            "GET",
            &format!("/api/v1/bookings/{}", booking.code.to_lowercase()),
            json!(null),
            Some(&token),
            &[],
        ))
        .await;
    assert_eq!(one.decode::<Booking>(), booking);
    // Another number does not see it.
    let other = token_for(&app, "13900000000").await;
    let hidden = app
        .send(json_request(
            "GET",
            &format!("/api/v1/bookings/{}", booking.code),
            json!(null),
            Some(&other),
            &[],
        ))
        .await;
    assert_eq!(hidden.error().code, ErrorCode::BookingNotFound);
    // The seat is counted.
    let a = availability(
        &app,
        "xiyingmen-center/availability?item=id-card&from=2026-11-25&to=2026-11-25",
    )
    .await;
    let slot = a.days[0]
        .slots
        .iter()
        .find(|s| s.starts_at == booking.starts_at)
        .unwrap();
    assert_eq!((slot.seats, slot.seats_left), (2, 1));
    let _ = std::fs::remove_file(file);
}

#[tokio::test]
async fn codes_expire_allow_five_tries_and_are_rate_limited() {
    let mut app = demo_app(tuesday_morning()).await;
    let file = outbox_file();
    let sender = DevSender::new(Some(file.clone()));
    let ask = |phone: &'static str| {
        json_request(
            "POST",
            "/api/v1/auth/code",
            json!({"phone": phone}),
            None,
            &[],
        )
    };
    let verify = |phone: &str, code: &str| {
        json_request(
            "POST",
            "/api/v1/auth/verify",
            json!({"phone": phone, "code": code}),
            None,
            &[],
        )
    };
    assert_eq!(
        app.send(json_request(
            "POST",
            "/api/v1/auth/code",
            json!({"phone": "12345"}),
            None,
            &[]
        ))
        .await
        .error()
        .code,
        ErrorCode::PhoneInvalid
    );
    assert_eq!(app.send(ask("13812345678")).await.status, StatusCode::OK);
    // A second code within the minute is refused.
    assert_eq!(
        app.send(ask("13812345678")).await.error().code,
        ErrorCode::CodeTooSoon
    );
    drain_once(&app.store, &sender).await.unwrap();
    let code = code_from_outbox(&file, "13812345678").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..4 {
        assert_eq!(
            app.send(verify("13812345678", wrong)).await.error().code,
            ErrorCode::CodeWrong
        );
    }
    assert_eq!(
        app.send(verify("13812345678", wrong)).await.error().code,
        ErrorCode::CodeTriesExhausted,
        "the fifth wrong try spends the code"
    );
    assert_eq!(
        app.send(verify("13812345678", &code)).await.error().code,
        ErrorCode::CodeTriesExhausted,
        "even the right code is refused after five wrong tries"
    );
    // A new code two minutes later works; after five minutes it has expired.
    app.set_clock(at("2026-11-24 10:02"));
    assert_eq!(app.send(ask("13812345678")).await.status, StatusCode::OK);
    drain_once(&app.store, &sender).await.unwrap();
    let code = code_from_outbox(&file, "13812345678").await;
    app.set_clock(at("2026-11-24 10:07"));
    assert_eq!(
        app.send(verify("13812345678", &code)).await.error().code,
        ErrorCode::CodeExpired
    );
    // Five codes an hour per number at most.
    for minute in [8, 10, 12] {
        app.set_clock(at(&format!("2026-11-24 10:{minute:02}")));
        assert_eq!(app.send(ask("13812345678")).await.status, StatusCode::OK);
    }
    app.set_clock(at("2026-11-24 10:14"));
    assert_eq!(
        app.send(ask("13812345678")).await.error().code,
        ErrorCode::CodeTooSoon,
        "the sixth in an hour"
    );
    // One client address asking for many numbers: 30 an hour (it has asked 5 so far).
    let mut refused = None;
    for n in 0..40 {
        let phone = format!("139{n:08}");
        let answer = app
            .send(json_request(
                "POST",
                "/api/v1/auth/code",
                json!({"phone": phone}),
                None,
                &[],
            ))
            .await;
        if answer.status != StatusCode::OK {
            refused = Some((n, answer.error().code));
            break;
        }
    }
    assert_eq!(refused, Some((25, ErrorCode::CodeTooManyRequests)));
    let _ = std::fs::remove_file(file);
}

#[tokio::test]
async fn a_queued_message_is_sent_after_a_restart_once() {
    let app = demo_app(tuesday_morning()).await;
    let file = outbox_file();
    // The code is committed with its message, but nothing sends it (the server "crashed").
    let answer = app
        .send(json_request(
            "POST",
            "/api/v1/auth/code",
            json!({"phone": "13812345678"}),
            None,
            &[],
        ))
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(app.store.unsent_messages().await.unwrap(), 1);
    // After the restart the drainer finds it and sends it; draining again sends nothing.
    let sender = DevSender::new(Some(file.clone()));
    assert_eq!(drain_once(&app.store, &sender).await.unwrap(), 1);
    assert_eq!(drain_once(&app.store, &sender).await.unwrap(), 0);
    assert_eq!(app.store.unsent_messages().await.unwrap(), 0);
    let lines = std::fs::read_to_string(&file).unwrap();
    assert_eq!(lines.lines().count(), 1);
    let line: Value = serde_json::from_str(lines.lines().next().unwrap()).unwrap();
    assert_eq!(line["to"], "13812345678");
    assert!(
        line["text"]
            .as_str()
            .unwrap()
            .contains(line["code"].as_str().unwrap())
    );
    let _ = std::fs::remove_file(file);
}

#[tokio::test]
async fn bookings_are_refused_plainly() {
    let app = demo_app(tuesday_morning()).await;
    let token = token_for(&app, "13812345678").await;
    let book = |body: Value, token: Option<&str>| {
        json_request("POST", "/api/v1/bookings", body, token, &[])
    };
    let ok_body = booking_body("xiyingmen-center", "id-card", "2026-11-25T09:30:00", "张三");
    assert_eq!(
        app.send(book(ok_body.clone(), None)).await.error().code,
        ErrorCode::ResidentUnauthenticated
    );
    assert_eq!(
        app.send(book(ok_body.clone(), Some("not-a-token")))
            .await
            .error()
            .code,
        ErrorCode::ResidentUnauthenticated
    );
    let cases = [
        // Past the cut-off (10:30 is less than an hour away at 10:00).
        (
            booking_body("xiyingmen-center", "id-card", "2026-11-24T10:30:00", "张三"),
            ErrorCode::SlotUnavailable,
        ),
        // Not a slot's start.
        (
            booking_body("xiyingmen-center", "id-card", "2026-11-25T09:10:00", "张三"),
            ErrorCode::SlotUnavailable,
        ),
        // Beyond the horizon.
        (
            booking_body("xiyingmen-center", "id-card", "2026-12-09T09:00:00", "张三"),
            ErrorCode::SlotUnavailable,
        ),
        (
            booking_body(
                "xiyingmen-center",
                "eco-burial",
                "2026-11-25T09:00:00",
                "张三",
            ),
            ErrorCode::NotBookable,
        ),
        (
            booking_body("xiyingmen-center", "id-card", "2026-11-25T09:30:00", "  "),
            ErrorCode::NameInvalid,
        ),
        (json!({"point": "xiyingmen-center"}), ErrorCode::InvalidBody),
    ];
    for (body, code) in cases {
        assert_eq!(
            app.send(book(body.clone(), Some(&token)))
                .await
                .error()
                .code,
            code,
            "{body}"
        );
    }
    let bad_key = json_request(
        "POST",
        "/api/v1/bookings",
        ok_body,
        Some(&token),
        &[("idempotency-key", " ")],
    );
    assert_eq!(
        app.send(bad_key).await.error().code,
        ErrorCode::IdempotencyKeyInvalid
    );
    // A token past its seven days.
    let mut app = app;
    app.set_clock(at("2026-12-01 10:01"));
    let answer = app
        .send(json_request(
            "GET",
            "/api/v1/bookings",
            json!(null),
            Some(&token),
            &[],
        ))
        .await;
    assert_eq!(answer.error().code, ErrorCode::ResidentTokenExpired);
}

#[tokio::test]
async fn a_retried_request_gets_the_same_booking_and_a_reused_key_is_refused() {
    let app = demo_app(tuesday_morning()).await;
    let token = token_for(&app, "13812345678").await;
    let body = booking_body("xiyingmen-center", "id-card", "2026-11-25T09:30:00", "张三");
    let send = |body: Value, key: &'static str| {
        json_request(
            "POST",
            "/api/v1/bookings",
            body,
            Some(&token),
            &[("Idempotency-Key", key)],
        )
    };
    let first = app.send(send(body.clone(), "kiosk-7-0001")).await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert!(first.headers.get("idempotent-replayed").is_none());
    let again = app.send(send(body.clone(), "kiosk-7-0001")).await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.headers["idempotent-replayed"], "true");
    assert_eq!(first.decode::<Booking>(), again.decode::<Booking>());
    let other = booking_body("xiyingmen-center", "id-card", "2026-11-25T10:00:00", "张三");
    assert_eq!(
        app.send(send(other, "kiosk-7-0001")).await.error().code,
        ErrorCode::IdempotencyKeyReused
    );
    // One seat taken, not two.
    assert_eq!(
        app.store
            .active_bookings_of_slot("xiyingmen-center", "id-card-window", at("2026-11-25 09:30"))
            .await
            .unwrap(),
        1
    );
    // Concurrent retries of one request: one booking.
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let state = app.state.clone();
        let request = send(
            booking_body("xiyingmen-center", "id-card", "2026-11-26T09:00:00", "张三"),
            "kiosk-7-0002",
        );
        tasks.push(tokio::spawn(async move { send_to(state, request).await }));
    }
    let mut codes = std::collections::HashSet::new();
    for task in tasks {
        let (status, body) = task.await.unwrap();
        assert_eq!(status, StatusCode::CREATED);
        codes.insert(serde_json::from_slice::<Booking>(&body).unwrap().code);
    }
    assert_eq!(codes.len(), 1);
    assert_eq!(
        app.store
            .active_bookings_of_slot("xiyingmen-center", "id-card-window", at("2026-11-26 09:00"))
            .await
            .unwrap(),
        1
    );
}

async fn send_to(
    state: linli_server::http::AppState,
    request: Request<Body>,
) -> (StatusCode, axum::body::Bytes) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let response = linli_server::http::router(state, None)
        .oneshot(request)
        .await
        .unwrap();
    let status = response.status();
    (
        status,
        response.into_body().collect().await.unwrap().to_bytes(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn hundreds_racing_for_three_seats_get_exactly_three_bookings() {
    let app = demo_app(tuesday_morning()).await;
    const RACERS: usize = 300;
    // The employment windows: 3 seats a slot.
    let slot = "2026-11-25T09:00:00";
    let mut tokens = Vec::with_capacity(RACERS);
    for n in 0..RACERS {
        tokens.push(token_for(&app, &format!("137{n:08}")).await);
    }
    let start = Arc::new(tokio::sync::Barrier::new(RACERS));
    let mut tasks = Vec::with_capacity(RACERS);
    for token in tokens {
        let state = app.state.clone();
        let start = start.clone();
        tasks.push(tokio::spawn(async move {
            let request = json_request(
                "POST",
                "/api/v1/bookings",
                booking_body("xiyingmen-center", "job-introduction", slot, "李四"),
                Some(&token),
                &[],
            );
            start.wait().await;
            send_to(state, request).await
        }));
    }
    let (mut created, mut full) = (0, 0);
    for task in tasks {
        let (status, body) = task.await.unwrap();
        match status {
            StatusCode::CREATED => created += 1,
            StatusCode::CONFLICT => {
                let error: linli_shared::error::ErrorBody = serde_json::from_slice(&body).unwrap();
                assert_eq!(error.code, ErrorCode::SlotFull);
                full += 1;
            }
            other => panic!("{other}: {}", String::from_utf8_lossy(&body)),
        }
    }
    assert_eq!((created, full), (3, RACERS - 3));
    assert_eq!(
        app.store
            .active_bookings_of_slot(
                "xiyingmen-center",
                "employment-windows",
                at("2026-11-25 09:00")
            )
            .await
            .unwrap(),
        3
    );
    let a = availability(
        &app,
        "xiyingmen-center/availability?item=flexible-retirement&from=2026-11-25&to=2026-11-25",
    )
    .await;
    let s = a.days[0]
        .slots
        .iter()
        .find(|s| s.starts_at == at("2026-11-25 09:00"))
        .unwrap();
    assert_eq!(
        (s.seats_left, s.status),
        (0, SlotStatus::Full),
        "the items of one group of windows share its seats"
    );
}

#[tokio::test]
async fn a_number_books_one_slot_per_item_and_day_and_three_in_all() {
    let app = demo_app(tuesday_morning()).await;
    let token = token_for(&app, "13812345678").await;
    let book = |point: &str, item: &str, starts_at: &str| {
        json_request(
            "POST",
            "/api/v1/bookings",
            booking_body(point, item, starts_at, "张三"),
            Some(&token),
            &[],
        )
    };
    let first = app
        .send(book("xiyingmen-center", "id-card", "2026-11-25T09:30:00"))
        .await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(
        app.send(book("xiyingmen-center", "id-card", "2026-11-25T14:00:00"))
            .await
            .error()
            .code,
        ErrorCode::AlreadyBookedThatDay
    );
    for (point, item, at) in [
        ("yangliuqing-center", "id-card", "2026-11-26T09:00:00"),
        ("xiyingmen-center", "vaccination", "2026-11-25T09:10:00"),
    ] {
        let answer = app.send(book(point, item, at)).await;
        assert_eq!(
            answer.status,
            StatusCode::CREATED,
            "{point} {item} {at}: {}",
            String::from_utf8_lossy(&answer.body)
        );
    }
    assert_eq!(
        app.send(book("dasi-center", "id-card", "2026-11-27T08:00:00"))
            .await
            .error()
            .code,
        ErrorCode::TooManyBookings
    );
    // A refused request took no seat.
    let a = availability(
        &app,
        "dasi-center/availability?item=id-card&from=2026-11-27&to=2026-11-27",
    )
    .await;
    assert_eq!(a.days[0].slots[0].seats_left, 2);
}

#[tokio::test]
async fn a_reschedule_takes_the_new_seat_first_and_a_cancel_gives_the_seat_back() {
    let mut app = demo_app(tuesday_morning()).await;
    // Seats given back go on sale at once here; the cancel delay has a test of its own.
    app.state.seat_rules.cancel_delay = chrono::TimeDelta::zero();
    let (one, two) = (
        token_for(&app, "13812345678").await,
        token_for(&app, "13912345678").await,
    );
    // The legal desk: one seat an hour, Thursday 14:00, 15:00, 16:00.
    let book = |token: &str, at: &str| {
        json_request(
            "POST",
            "/api/v1/bookings",
            booking_body("xiyingmen-center", "legal-consultation", at, "王五"),
            Some(token),
            &[],
        )
    };
    let mine: Booking = app.send(book(&one, "2026-11-26T14:00:00")).await.decode();
    let theirs: Booking = app.send(book(&two, "2026-11-26T15:00:00")).await.decode();
    let seats =
        |a: &Availability| -> Vec<u32> { a.days[0].slots.iter().map(|s| s.seats_left).collect() };
    let desk =
        "xiyingmen-center/availability?item=legal-consultation&from=2026-11-26&to=2026-11-26";
    assert_eq!(seats(&availability(&app, desk).await), [0, 0, 1]);
    let move_to = |code: &str, at: &str, token: &str| {
        json_request(
            "POST",
            &format!("/api/v1/bookings/{code}/reschedule"),
            json!({"starts_at": at}),
            Some(token),
            &[],
        )
    };
    // Onto a full slot: refused, and nothing changed.
    let refused = app
        .send(move_to(&mine.code, "2026-11-26T15:00:00", &one))
        .await;
    assert_eq!(refused.error().code, ErrorCode::SlotFull);
    let still = app
        .send(json_request(
            "GET",
            &format!("/api/v1/bookings/{}", mine.code),
            json!(null),
            Some(&one),
            &[],
        ))
        .await
        .decode::<Booking>();
    assert_eq!(still, mine);
    assert_eq!(seats(&availability(&app, desk).await), [0, 0, 1]);
    // Onto a free one: same code, new time, the old seat back on offer.
    let moved = app
        .send(move_to(&mine.code, "2026-11-26T16:00:00", &one))
        .await;
    assert_eq!(
        moved.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&moved.body)
    );
    let moved: Booking = moved.decode();
    assert_eq!(
        (moved.code.as_str(), moved.starts_at),
        (mine.code.as_str(), at("2026-11-26 16:00"))
    );
    assert_eq!(seats(&availability(&app, desk).await), [1, 0, 0]);
    // Someone else's booking cannot be moved or cancelled.
    assert_eq!(
        app.send(move_to(&theirs.code, "2026-11-26T14:00:00", &one))
            .await
            .error()
            .code,
        ErrorCode::BookingNotFound
    );
    let cancel = |code: &str, token: &str| {
        json_request(
            "POST",
            &format!("/api/v1/bookings/{code}/cancel"),
            json!(null),
            Some(token),
            &[],
        )
    };
    assert_eq!(
        app.send(cancel(&theirs.code, &one)).await.error().code,
        ErrorCode::BookingNotFound
    );
    let cancelled = app
        .send(cancel(&theirs.code, &two))
        .await
        .decode::<Booking>();
    assert_eq!(
        cancelled.status,
        linli_shared::api::appointments::BookingStatus::Cancelled
    );
    assert_eq!(seats(&availability(&app, desk).await), [1, 1, 0]);
    // Cancelling again changes nothing; the seat is not given back twice.
    assert_eq!(
        app.send(cancel(&theirs.code, &two))
            .await
            .decode::<Booking>(),
        cancelled
    );
    assert_eq!(seats(&availability(&app, desk).await), [1, 1, 0]);
    // Once the slot has begun it can be neither cancelled nor moved.
    app.set_clock(at("2026-11-26 16:00"));
    assert_eq!(
        app.send(cancel(&mine.code, &one)).await.error().code,
        ErrorCode::BookingPast
    );
}

#[tokio::test]
async fn the_calendar_is_seeded_with_2026_as_the_state_council_set_it() {
    use linli_shared::domain::calendar::{DayKind, day_problems};
    let app = spawn_app().await;
    let calendar = app.store.calendar().await.unwrap();
    let days: Vec<_> = calendar.days().collect();
    assert!(days.iter().all(|d| day_problems(d).is_empty()));
    let count = |kind| days.iter().filter(|d| d.kind == kind).count();
    // 3 + 9 + 3 + 5 + 3 + 3 + 7 days off; 6 weekend days worked.
    assert_eq!((count(DayKind::Holiday), count(DayKind::Workday)), (33, 6));
    let date = |s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    for worked in [
        "2026-01-04",
        "2026-02-14",
        "2026-02-28",
        "2026-05-09",
        "2026-09-20",
        "2026-10-10",
    ] {
        assert!(calendar.is_working_day(date(worked)), "{worked}");
    }
    for off in [
        "2026-01-02",
        "2026-02-16",
        "2026-04-06",
        "2026-05-05",
        "2026-06-19",
        "2026-09-25",
        "2026-10-07",
    ] {
        assert!(!calendar.is_working_day(date(off)), "{off}");
    }
    assert!(calendar.is_working_day(date("2026-11-24")));
}

/// Two server instances over one database (the PostgreSQL deployment; on SQLite two writers
/// of one file, each with its own queue, taking turns on the file lock): still exactly the seats.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_racing_for_three_seats_give_exactly_three_bookings() {
    let app = demo_app(tuesday_morning()).await;
    let other_store = linli_server::store::Store::open(&app.db.url).await.unwrap();
    let other = linli_server::startup::build_state(other_store, Arc::new(tuesday_morning))
        .await
        .unwrap();
    const RACERS: usize = 200;
    let mut tokens = Vec::with_capacity(RACERS);
    for n in 0..RACERS {
        tokens.push(token_for(&app, &format!("136{n:08}")).await);
    }
    let start = Arc::new(tokio::sync::Barrier::new(RACERS));
    let mut tasks = Vec::with_capacity(RACERS);
    for (n, token) in tokens.into_iter().enumerate() {
        let state = if n % 2 == 0 {
            app.state.clone()
        } else {
            other.clone()
        };
        let start = start.clone();
        tasks.push(tokio::spawn(async move {
            let request = json_request(
                "POST",
                "/api/v1/bookings",
                booking_body(
                    "xiyingmen-center",
                    "job-introduction",
                    "2026-11-25T10:00:00",
                    "赵六",
                ),
                Some(&token),
                &[],
            );
            start.wait().await;
            send_to(state, request).await
        }));
    }
    let mut statuses = std::collections::BTreeMap::new();
    for task in tasks {
        let (status, body) = task.await.unwrap();
        assert!(
            status == StatusCode::CREATED || status == StatusCode::CONFLICT,
            "{status}: {}",
            String::from_utf8_lossy(&body)
        );
        *statuses.entry(status.as_u16()).or_insert(0) += 1;
    }
    assert_eq!(statuses.get(&201), Some(&3), "{statuses:?}");
    assert_eq!(
        app.store
            .active_bookings_of_slot(
                "xiyingmen-center",
                "employment-windows",
                at("2026-11-25 10:00")
            )
            .await
            .unwrap(),
        3
    );
}

/// A booking's `.ics` with the resident's token.
async fn calendar_file(app: &TestApp, code: &str, token: Option<&str>, query: &str) -> Answer {
    app.send(json_request(
        "GET",
        &format!("/api/v1/bookings/{code}/calendar.ics{query}"),
        json!(null),
        token,
        &[],
    ))
    .await
}

/// A TEXT value as a calendar shows it (RFC 5545 §3.3.11 escapes undone).
fn unescaped(text: &str) -> String {
    text.replace("\\n", "\n")
        .replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\\\", "\\")
}

#[tokio::test]
async fn a_booking_goes_into_the_phone_calendar_as_an_ics_file_a_calendar_reads() {
    use icalendar::{CalendarComponent, CalendarDateTime, Component, DatePerhapsTime, EventLike};

    let app = demo_app(tuesday_morning()).await;
    let token = token_for(&app, "13812345678").await;
    let booked = app
        .send(json_request(
            "POST",
            "/api/v1/bookings",
            booking_body("xiyingmen-center", "id-card", "2026-11-25T09:30:00", "张三"),
            Some(&token),
            &[],
        ))
        .await;
    assert_eq!(booked.status, StatusCode::CREATED);
    let booking: Booking = booked.decode();

    let answer = calendar_file(&app, &booking.code.to_lowercase(), Some(&token), "").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.headers[header::CONTENT_TYPE],
        "text/calendar; charset=utf-8"
    );
    assert!(
        answer.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("attachment;"),
        "a phone offers to add it to its calendar"
    );
    let text = String::from_utf8(answer.body.to_vec()).unwrap();
    assert!(text.ends_with("\r\n") && !text.replace("\r\n", "").contains('\n'));
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{line:?} is longer than 75 octets");
    }

    // Read back by a calendar library: one event in China time, with its zone and an alarm.
    let unfolded = icalendar::parser::unfold(&text);
    let parsed = icalendar::parser::read_calendar(&unfolded).expect("a valid iCalendar file");
    let zone = parsed
        .components
        .iter()
        .find(|c| c.name == "VTIMEZONE")
        .expect("a VTIMEZONE");
    assert_eq!(zone.find_prop("TZID").unwrap().val, "Asia/Shanghai");
    let event = parsed
        .components
        .iter()
        .find(|c| c.name == "VEVENT")
        .expect("a VEVENT");
    let alarm = event
        .components
        .iter()
        .find(|c| c.name == "VALARM")
        .expect("a VALARM");
    assert_eq!(alarm.find_prop("ACTION").unwrap().val, "DISPLAY");
    assert_eq!(
        alarm.find_prop("TRIGGER").unwrap().val,
        "20261124T110000Z",
        "19:00 in China the evening before"
    );

    let calendar: icalendar::Calendar = parsed.into();
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    assert_eq!(events.len(), 1);
    let e = events[0];
    assert_eq!(
        e.get_uid(),
        Some(format!("{}@linli.community", booking.code).as_str())
    );
    assert!(e.get_timestamp().is_some(), "DTSTAMP in UTC");
    let china = |s: &str| {
        Some(DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone {
            date_time: at(s),
            tzid: "Asia/Shanghai".into(),
        }))
    };
    assert_eq!(e.get_start(), china("2026-11-25 09:30"));
    assert_eq!(e.get_end(), china("2026-11-25 09:45"));
    let summary = unescaped(e.get_summary().unwrap());
    assert!(summary.contains(&booking.item.name), "{summary}");
    let location = unescaped(e.get_location().unwrap());
    assert!(location.contains(&booking.point.name), "{location}");
    assert!(location.contains(&booking.point.address), "{location}");
    let description = unescaped(e.get_description().unwrap());
    assert!(description.contains(&booking.code), "{description}");
    for m in &booking.materials {
        assert!(description.contains(&m.name), "{} in {description}", m.name);
    }

    // In English when asked.
    let english = calendar_file(&app, &booking.code, Some(&token), "?lang=en").await;
    let english = String::from_utf8(english.body.to_vec()).unwrap();
    assert!(
        icalendar::parser::unfold(&english).contains("SUMMARY:Appointment: "),
        "{english}"
    );
    // Only its resident gets it.
    let other = token_for(&app, "13900000000").await;
    assert_eq!(
        calendar_file(&app, &booking.code, Some(&other), "")
            .await
            .error()
            .code,
        ErrorCode::BookingNotFound
    );
    assert_eq!(
        calendar_file(&app, &booking.code, None, "")
            .await
            .error()
            .code,
        ErrorCode::ResidentUnauthenticated
    );
}

#[tokio::test]
async fn a_resident_books_for_someone_else_and_the_booking_says_so() {
    use linli_shared::api::appointments::Proxy;

    let app = demo_app(tuesday_morning()).await;
    let token = token_for(&app, "13812345678").await;
    let book = |body: Value| json_request("POST", "/api/v1/bookings", body, Some(&token), &[]);
    let mut body = booking_body(
        "xiyingmen-center",
        "id-card",
        "2026-11-25T09:30:00",
        "李秀英",
    );
    body["on_behalf"] = json!(true);
    body["relation"] = json!(" 母亲 ");
    let booked = app.send(book(body)).await;
    assert_eq!(
        booked.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&booked.body)
    );
    let booking: Booking = booked.decode();
    assert_eq!(booking.name, "李秀英", "the person who comes");
    let proxy = Some(Proxy {
        booker_phone: "138****5678".into(),
        relation: Some("母亲".into()),
    });
    assert_eq!(booking.proxy, proxy, "the booker's number kept");
    // Shown wherever the booking is.
    let one = app
        .send(json_request(
            "GET",
            &format!("/api/v1/bookings/{}", booking.code),
            json!(null),
            Some(&token),
            &[],
        ))
        .await
        .decode::<Booking>();
    assert_eq!(one.proxy, proxy);
    let ics = calendar_file(&app, &booking.code, Some(&token), "").await;
    let ics = icalendar::parser::unfold(std::str::from_utf8(&ics.body).unwrap());
    assert!(
        ics.contains("办理人：李秀英（母亲）\\n代办人手机：138****5678"),
        "{ics}"
    );
    // A reschedule keeps who it is for.
    let moved = app
        .send(json_request(
            "POST",
            &format!("/api/v1/bookings/{}/reschedule", booking.code),
            json!({"starts_at": "2026-11-26T10:00:00"}),
            Some(&token),
            &[],
        ))
        .await;
    assert_eq!(moved.status, StatusCode::OK);
    let moved: Booking = moved.decode();
    assert_eq!((moved.name.as_str(), &moved.proxy), ("李秀英", &proxy));
    // Without a relation; and a resident's own booking has no proxy.
    let mut body = booking_body("xiyingmen-center", "id-card", "2026-11-27T09:30:00", "王伯");
    body["on_behalf"] = json!(true);
    let neighbour: Booking = app.send(book(body)).await.decode();
    assert_eq!(
        neighbour.proxy,
        Some(Proxy {
            booker_phone: "138****5678".into(),
            relation: None
        })
    );
    let own: Booking = app
        .send(book(booking_body(
            "xiyingmen-center",
            "vaccination",
            "2026-11-25T09:30:00",
            "张三",
        )))
        .await
        .decode();
    assert_eq!(own.proxy, None);
    // A relation only with on_behalf, and short.
    let mut stray = booking_body("xiyingmen-center", "id-card", "2026-11-30T09:30:00", "张三");
    stray["relation"] = json!("母亲");
    let mut long = stray.clone();
    long["on_behalf"] = json!(true);
    long["relation"] = json!("很".repeat(21));
    for body in [stray, long] {
        let answer = app.send(book(body.clone())).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(answer.error().code, ErrorCode::InvalidParameter, "{body}");
    }
}

#[tokio::test]
async fn an_item_names_the_points_where_it_can_be_booked() {
    use linli_shared::api::appointments::BookingPoints;

    let app = demo_app(tuesday_morning()).await;
    let ids = |p: BookingPoints| {
        p.points
            .iter()
            .map(|p| p.id.as_str().to_owned())
            .collect::<Vec<_>>()
    };
    let id_card: BookingPoints = app.get_ok("/api/v1/items/id-card/booking-points").await;
    assert!(
        id_card.points.iter().all(|p| !p.address.is_empty()),
        "each with where it is"
    );
    assert_eq!(
        ids(id_card),
        ["dasi-center", "xiyingmen-center", "yangliuqing-center"]
    );
    let none: BookingPoints = app.get_ok("/api/v1/items/eco-burial/booking-points").await;
    assert!(none.points.is_empty(), "an item without schedules");
    assert_eq!(
        app.get("/api/v1/items/no-such-item/booking-points")
            .await
            .error()
            .code,
        ErrorCode::ItemNotFound
    );
}

/// The texts queued for `phone`, oldest first.
async fn texts_to(app: &TestApp, phone: &str) -> Vec<String> {
    use sqlx::Row;
    sqlx::query("SELECT body FROM sms_outbox WHERE recipient = $1 ORDER BY id")
        .bind(phone)
        .fetch_all(app.store.pool())
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get::<String, _>("body").unwrap())
        .collect()
}

async fn waitlist_of(app: &TestApp, token: &str) -> Vec<WaitlistEntry> {
    let answer = app
        .send(json_request(
            "GET",
            "/api/v1/waitlist",
            json!(null),
            Some(token),
            &[],
        ))
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    answer.decode::<Waitlist>().entries
}

fn book_request(token: &str, point: &str, item: &str, at: &str) -> Request<Body> {
    json_request(
        "POST",
        "/api/v1/bookings",
        booking_body(point, item, at, "候补"),
        Some(token),
        &[],
    )
}

fn cancel_request(code: &str, token: &str) -> Request<Body> {
    json_request(
        "POST",
        &format!("/api/v1/bookings/{code}/cancel"),
        json!(null),
        Some(token),
        &[],
    )
}

#[tokio::test]
async fn a_freed_seat_is_held_for_the_first_in_line_passes_on_and_then_waits_out_the_delay() {
    let mut app = demo_app(tuesday_morning()).await;
    let phones = ["13800000001", "13800000002", "13800000003", "13800000004"];
    let mut tokens = Vec::new();
    for phone in phones {
        tokens.push(token_for(&app, phone).await);
    }
    let (a, b, c, e) = (&tokens[0], &tokens[1], &tokens[2], &tokens[3]);
    // The legal desk: one seat an hour, Thursday 14:00, 15:00, 16:00.
    let (point, item) = ("xiyingmen-center", "legal-consultation");
    let slot = "2026-11-26T14:00:00";
    let booked: Booking = app.send(book_request(a, point, item, slot)).await.decode();
    let wait =
        |token: &str, body: Value| json_request("POST", "/api/v1/waitlist", body, Some(token), &[]);
    let for_slot = json!({"point": point, "item": item, "date": "2026-11-26", "starts_at": slot});
    // The day still has seats, and so has 15:00: nothing to wait for.
    let day = json!({"point": point, "item": item, "date": "2026-11-26"});
    assert_eq!(
        app.send(wait(b, day)).await.error().code,
        ErrorCode::WaitlistNotNeeded
    );
    let free_slot = json!({"point": point, "item": item, "date": "2026-11-26", "starts_at": "2026-11-26T15:00:00"});
    assert_eq!(
        app.send(wait(b, free_slot)).await.error().code,
        ErrorCode::WaitlistNotNeeded
    );
    // B, then C, wait for the full 14:00; asking again answers the same entry.
    let joined = app.send(wait(b, for_slot.clone())).await;
    assert_eq!(
        joined.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&joined.body)
    );
    let b_entry: WaitlistEntry = joined.decode();
    assert_eq!(b_entry.status, WaitlistStatus::Waiting);
    let again: WaitlistEntry = app.send(wait(b, for_slot.clone())).await.decode();
    assert_eq!(again.id, b_entry.id);
    let c_entry: WaitlistEntry = app.send(wait(c, for_slot.clone())).await.decode();
    // A cancels: the seat is held for B (15 minutes), with a text, and stays taken.
    let cancelled = app.send(cancel_request(&booked.code, a)).await;
    assert_eq!(cancelled.status, StatusCode::OK);
    let b_now = waitlist_of(&app, b).await;
    assert_eq!(b_now[0].status, WaitlistStatus::Offered);
    assert_eq!(b_now[0].held_slot, Some(at("2026-11-26 14:00")));
    assert_eq!(b_now[0].held_until, Some(at("2026-11-24 10:15")));
    let texts = texts_to(&app, phones[1]).await;
    assert_eq!(texts.len(), 1, "{texts:?}");
    assert!(
        texts[0].contains("11月26日 14:00") && texts[0].contains("10:15"),
        "{texts:?}"
    );
    let desk =
        "xiyingmen-center/availability?item=legal-consultation&from=2026-11-26&to=2026-11-26";
    assert_eq!(
        availability(&app, desk).await.days[0].slots[0].seats_left,
        0
    );
    // Nobody else can take it, not even C who is next in line.
    for token in [c, e] {
        assert_eq!(
            app.send(book_request(token, point, item, slot))
                .await
                .error()
                .code,
            ErrorCode::SlotFull
        );
    }
    // Unclaimed: after 15 minutes the sweep passes it to C, with a text.
    app.set_clock(at("2026-11-24 10:16"));
    let rules = app.state.seat_rules;
    assert_eq!(
        app.state
            .bookings
            .settle_expired((app.state.clock)(), rules)
            .await
            .unwrap(),
        1
    );
    assert_eq!(waitlist_of(&app, b).await[0].status, WaitlistStatus::Lapsed);
    assert_eq!(
        waitlist_of(&app, c).await[0].status,
        WaitlistStatus::Offered
    );
    assert_eq!(texts_to(&app, phones[2]).await.len(), 1);
    assert_eq!(
        app.state
            .bookings
            .settle_expired((app.state.clock)(), rules)
            .await
            .unwrap(),
        0,
        "a second sweep finds nothing"
    );
    assert_eq!(
        app.send(book_request(e, point, item, slot))
            .await
            .error()
            .code,
        ErrorCode::SlotFull
    );
    // C books it with the usual request.
    let claimed = app.send(book_request(c, point, item, slot)).await;
    assert_eq!(
        claimed.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&claimed.body)
    );
    let c_booking: Booking = claimed.decode();
    assert_eq!(waitlist_of(&app, c).await[0].status, WaitlistStatus::Booked);
    assert_eq!(
        app.store
            .active_bookings_of_slot(point, "legal-desk", at("2026-11-26 14:00"))
            .await
            .unwrap(),
        1,
        "one seat, one booking"
    );
    // C cancels with nobody waiting: the seat stays taken for the cancel delay (5 minutes),
    // so it cannot be handed to E standing by.
    assert_eq!(
        app.send(cancel_request(&c_booking.code, c)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        availability(&app, desk).await.days[0].slots[0].seats_left,
        0
    );
    assert_eq!(
        app.send(book_request(e, point, item, slot))
            .await
            .error()
            .code,
        ErrorCode::SlotFull
    );
    app.set_clock(at("2026-11-24 10:21"));
    let after = app.send(book_request(e, point, item, slot)).await;
    assert_eq!(
        after.status,
        StatusCode::CREATED,
        "back on sale after the delay"
    );
    // Leaving the line: an entry that is over stays as it was; unknown ids are not found.
    let leave = |id: i64, token: &str| {
        json_request(
            "DELETE",
            &format!("/api/v1/waitlist/{id}"),
            json!(null),
            Some(token),
            &[],
        )
    };
    assert_eq!(
        app.send(leave(c_entry.id, c)).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(waitlist_of(&app, c).await[0].status, WaitlistStatus::Booked);
    assert_eq!(
        app.send(leave(c_entry.id, b)).await.error().code,
        ErrorCode::WaitlistEntryNotFound
    );
}

#[tokio::test]
async fn a_waiter_who_leaves_passes_the_held_seat_to_the_next() {
    let app = demo_app(tuesday_morning()).await;
    let (a, b, c) = (
        token_for(&app, "13800000011").await,
        token_for(&app, "13800000012").await,
        token_for(&app, "13800000013").await,
    );
    let (point, item) = ("xiyingmen-center", "legal-consultation");
    // The whole Thursday full, then B and C wait for any slot of it.
    let mut codes = Vec::new();
    for (token, time) in [(&a, "14:00"), (&b, "15:00"), (&c, "16:00")] {
        let booked = app
            .send(book_request(
                token,
                point,
                item,
                &format!("2026-11-26T{time}:00"),
            ))
            .await;
        assert_eq!(booked.status, StatusCode::CREATED);
        codes.push(booked.decode::<Booking>().code);
    }
    let d = token_for(&app, "13800000014").await;
    let f = token_for(&app, "13800000015").await;
    let day = json!({"point": point, "item": item, "date": "2026-11-26"});
    for token in [&d, &f] {
        let joined = app
            .send(json_request(
                "POST",
                "/api/v1/waitlist",
                day.clone(),
                Some(token),
                &[],
            ))
            .await;
        assert_eq!(
            joined.status,
            StatusCode::CREATED,
            "{}",
            String::from_utf8_lossy(&joined.body)
        );
    }
    // B moves away from 15:00 to next Tuesday: the seat is held for D.
    let moved = app
        .send(json_request(
            "POST",
            &format!("/api/v1/bookings/{}/reschedule", codes[1]),
            json!({"starts_at": "2026-12-01T14:00:00"}),
            Some(&b),
            &[],
        ))
        .await;
    assert_eq!(
        moved.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&moved.body)
    );
    let d_entry = waitlist_of(&app, &d).await.remove(0);
    assert_eq!(d_entry.status, WaitlistStatus::Offered);
    assert_eq!(d_entry.held_slot, Some(at("2026-11-26 15:00")));
    // D leaves the line: F gets the seat at once.
    let left = app
        .send(json_request(
            "DELETE",
            &format!("/api/v1/waitlist/{}", d_entry.id),
            json!(null),
            Some(&d),
            &[],
        ))
        .await;
    assert_eq!(left.status, StatusCode::NO_CONTENT);
    assert_eq!(
        waitlist_of(&app, &d).await[0].status,
        WaitlistStatus::Withdrawn
    );
    let f_entry = waitlist_of(&app, &f).await.remove(0);
    assert_eq!(f_entry.status, WaitlistStatus::Offered);
    assert_eq!(f_entry.held_slot, Some(at("2026-11-26 15:00")));
    let booked = app
        .send(book_request(&f, point, item, "2026-11-26T15:00:00"))
        .await;
    assert_eq!(booked.status, StatusCode::CREATED);
    assert_eq!(
        app.store
            .active_bookings_of_slot(point, "legal-desk", at("2026-11-26 15:00"))
            .await
            .unwrap(),
        1,
        "one seat, one booking"
    );
}

#[tokio::test]
async fn three_no_shows_in_ninety_days_bar_a_number_for_thirty_days() {
    use crate::staff_helpers::{add_account, as_staff, point};
    use linli_shared::api::appointments::NoShowMarked;
    use linli_shared::domain::staff::Role;
    let mut app = demo_app(tuesday_morning()).await;
    let token = token_for(&app, "13800000021").await;
    add_account(&app, "desk-clerk", Role::Clerk, point("xiyingmen-center")).await;
    let clerk = crate::staff_helpers::sign_in(&app, "desk-clerk").await;
    let (p, item) = ("xiyingmen-center", "id-card");
    let mut codes = Vec::new();
    for day in ["2026-11-25", "2026-11-26", "2026-11-27"] {
        let booked = app
            .send(book_request(&token, p, item, &format!("{day}T09:00:00")))
            .await;
        assert_eq!(
            booked.status,
            StatusCode::CREATED,
            "{}",
            String::from_utf8_lossy(&booked.body)
        );
        codes.push(booked.decode::<Booking>().code);
    }
    let mark = |code: &str| format!("/api/v1/staff/bookings/{code}/no-show");
    // Not before the booking's time.
    let early = as_staff(&app, &clerk, "POST", &mark(&codes[0]), None).await;
    assert_eq!(early.error().code, ErrorCode::NoShowRefused);
    app.set_clock(at("2026-11-27 10:00"));
    let clerk = crate::staff_helpers::sign_in(&app, "desk-clerk").await;
    let mut last = None;
    for code in &codes {
        let marked = as_staff(&app, &clerk, "POST", &mark(code), None).await;
        assert_eq!(
            marked.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&marked.body)
        );
        last = Some(marked.decode::<NoShowMarked>());
    }
    assert_eq!(
        last.unwrap().barred_until,
        Some(at("2026-12-27 09:00")),
        "30 days after the third"
    );
    // Marking again changes nothing.
    let again = as_staff(&app, &clerk, "POST", &mark(&codes[2]), None).await;
    assert_eq!(
        again.decode::<NoShowMarked>().marked_at,
        at("2026-11-27 10:00")
    );
    // The number is refused plainly, saying until when, in either language.
    let refused = app
        .send(book_request(&token, p, item, "2026-11-30T09:00:00"))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let body = refused.error();
    assert_eq!(body.code, ErrorCode::BookingBarred);
    assert!(
        body.message.contains("2026年12月27日 09:00"),
        "{}",
        body.message
    );
    assert_eq!(body.current.unwrap()["until"], "2026-12-27T09:00:00");
    let mut english = book_request(&token, p, item, "2026-11-30T09:00:00");
    english
        .headers_mut()
        .insert(header::ACCEPT_LANGUAGE, "en".parse().unwrap());
    let message = app.send(english).await.error().message;
    assert!(
        message.contains("You can book again from 2026-12-27 09:00."),
        "{message}"
    );
    // Another number books as usual; and the bar ends.
    let other = token_for(&app, "13800000022").await;
    assert_eq!(
        app.send(book_request(&other, p, item, "2026-11-30T09:00:00"))
            .await
            .status,
        StatusCode::CREATED
    );
    app.set_clock(at("2026-12-27 09:00"));
    let token = token_for(&app, "13800000021").await;
    assert_eq!(
        app.send(book_request(&token, p, item, "2026-12-28T09:00:00"))
            .await
            .status,
        StatusCode::CREATED
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_at_a_held_seat_leaves_it_to_the_holder_and_seats_are_never_oversold() {
    let app = demo_app(tuesday_morning()).await;
    const RACERS: usize = 100;
    let (point, item) = ("xiyingmen-center", "legal-consultation");
    let slot = "2026-11-26T14:00:00";
    let first = token_for(&app, "13600000000").await;
    let holder = token_for(&app, "13600000001").await;
    let booked: Booking = app
        .send(book_request(&first, point, item, slot))
        .await
        .decode();
    let waits = json!({"point": point, "item": item, "date": "2026-11-26", "starts_at": slot});
    let joined = app
        .send(json_request(
            "POST",
            "/api/v1/waitlist",
            waits,
            Some(&holder),
            &[],
        ))
        .await;
    assert_eq!(joined.status, StatusCode::CREATED);
    assert_eq!(
        app.send(cancel_request(&booked.code, &first)).await.status,
        StatusCode::OK
    );
    // The holder and a hundred others at once: only the holder gets the seat.
    let mut tokens = vec![holder.clone()];
    for n in 0..RACERS {
        tokens.push(token_for(&app, &format!("135{n:08}")).await);
    }
    let start = Arc::new(tokio::sync::Barrier::new(tokens.len()));
    let mut tasks = Vec::new();
    for token in tokens {
        let state = app.state.clone();
        let start = start.clone();
        tasks.push(tokio::spawn(async move {
            let request = book_request(&token, point, item, slot);
            start.wait().await;
            (token, send_to(state, request).await)
        }));
    }
    let mut winners = Vec::new();
    for task in tasks {
        let (token, (status, body)) = task.await.unwrap();
        match status {
            StatusCode::CREATED => winners.push(token),
            StatusCode::CONFLICT => {
                let error: linli_shared::error::ErrorBody = serde_json::from_slice(&body).unwrap();
                assert_eq!(error.code, ErrorCode::SlotFull);
            }
            other => panic!("{other}: {}", String::from_utf8_lossy(&body)),
        }
    }
    assert_eq!(winners, [holder]);
    assert_eq!(
        app.store
            .active_bookings_of_slot(point, "legal-desk", at("2026-11-26 14:00"))
            .await
            .unwrap(),
        1
    );
}

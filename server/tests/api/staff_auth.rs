//! Staff sign-in and sessions: cookies, CSRF, lockout, rate limit, expiry by the app's clock.

use std::time::Instant;

use axum::http::{StatusCode, header};
use chrono::{NaiveDateTime, TimeDelta};
use linli_server::auth::{hash_password, utc_of_china};
use linli_server::startup::{build_state, create_demo_accounts_if_none};
use linli_server::store::audit::AuditActor;
use linli_shared::domain::staff::{LOGIN_ATTEMPTS_PER_WINDOW, Role, Scope};
use linli_shared::error::ErrorCode;
use serde_json::json;

use crate::helpers::*;
use crate::staff_helpers::*;

fn later(minutes: i64) -> NaiveDateTime {
    tuesday_morning() + TimeDelta::minutes(minutes)
}

async fn app_with_admin() -> TestApp {
    let app = spawn_app().await;
    add_account(&app, "admin", Role::PlatformAdmin, Scope::All).await;
    app
}

#[tokio::test]
async fn signing_in_answers_the_account_and_a_csrf_token_and_sets_a_strict_cookie() {
    let app = app_with_admin().await;
    let answer = login(&app, "Admin", PASSWORD).await;
    assert_eq!(answer.status, StatusCode::OK);
    let cookie = answer.headers[header::SET_COOKIE].to_str().unwrap();
    let attributes: Vec<&str> = cookie.split(';').map(str::trim).collect();
    assert!(attributes[0].starts_with("linli_staff=") && attributes[0].len() > 40);
    for wanted in ["HttpOnly", "SameSite=Strict", "Path=/", "Secure"] {
        assert!(attributes.contains(&wanted), "{wanted} missing: {cookie}");
    }
    assert!(
        !cookie.contains("Max-Age"),
        "a browser session cookie: {cookie}"
    );
    assert_eq!(answer.headers[header::CACHE_CONTROL], "no-store");
    let body: serde_json::Value = answer.decode();
    assert_eq!(body["account"]["username"], "admin");
    assert_eq!(body["account"]["role"], "platform_admin");
    assert_eq!(body["account"]["scope"], "all");
    assert_eq!(body["csrf_token"].as_str().unwrap().len(), 64);
    let text = String::from_utf8_lossy(&answer.body);
    assert!(!text.contains("argon2") && !text.contains("hash"), "{text}");

    let signed = sign_in(&app, "admin").await;
    assert_eq!(signed.session.account.role, Role::PlatformAdmin);
    let me = as_staff(&app, &signed, "GET", "/api/v1/staff/me", None).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.headers[header::CACHE_CONTROL], "no-store");
    let me: serde_json::Value = me.decode();
    assert_eq!(me["account"]["username"], "admin");
    assert_eq!(me["csrf_token"], signed.csrf.as_str());
}

#[tokio::test]
async fn plain_http_development_drops_only_the_secure_attribute() {
    let mut app = app_with_admin().await;
    app.state.secure_cookies = false;
    let answer = login(&app, "admin", PASSWORD).await;
    let cookie = answer.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(!cookie.contains("Secure"), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
}

#[tokio::test]
async fn an_unknown_user_and_a_wrong_password_get_the_same_answer_in_about_the_same_time() {
    let app = app_with_admin().await;
    // Warm up (the dummy hash is made once).
    login(&app, "nobody", "whatever").await;
    let started = Instant::now();
    let wrong = login(&app, "admin", "wrong password").await;
    let wrong_took = started.elapsed();
    let started = Instant::now();
    let unknown = login(&app, "nobody", "wrong password").await;
    let unknown_took = started.elapsed();
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.status, unknown.status);
    assert_eq!(wrong.body, unknown.body);
    assert_eq!(wrong.error().code, ErrorCode::StaffBadCredentials);
    assert!(wrong.headers.get(header::SET_COOKIE).is_none());
    // Both verify an argon2id hash: neither is an order of magnitude faster.
    let ratio = unknown_took.as_secs_f64() / wrong_took.as_secs_f64();
    assert!(
        (0.25..4.0).contains(&ratio),
        "unknown {unknown_took:?} vs wrong {wrong_took:?}"
    );
    // A malformed user name is just another unknown one; an overlong password just wrong.
    let odd = login(&app, "管理员 admin", "x").await;
    assert_eq!(odd.body, unknown.body);
    let long = login(&app, "admin", &"x".repeat(100_000)).await;
    assert_eq!(long.body, unknown.body);
}

#[tokio::test]
async fn five_failures_lock_the_account_for_15_minutes() {
    let mut app = app_with_admin().await;
    for attempt in 1..=4 {
        let answer = login(&app, "admin", "wrong password").await;
        assert_eq!(
            answer.error().code,
            ErrorCode::StaffBadCredentials,
            "{attempt}"
        );
    }
    let fifth = login(&app, "admin", "wrong password").await;
    assert_eq!(fifth.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(fifth.error().code, ErrorCode::StaffAccountLocked);
    // Locked: even the right password is refused.
    let right = login(&app, "admin", PASSWORD).await;
    assert_eq!(right.error().code, ErrorCode::StaffAccountLocked);
    app.set_clock(later(14));
    let still = login(&app, "admin", PASSWORD).await;
    assert_eq!(still.error().code, ErrorCode::StaffAccountLocked);
    app.set_clock(later(15));
    assert_eq!(login(&app, "admin", PASSWORD).await.status, StatusCode::OK);
    // A success starts the count again: four more failures do not lock.
    for _ in 0..4 {
        login(&app, "admin", "wrong password").await;
    }
    assert_eq!(login(&app, "admin", PASSWORD).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_disabled_account_cannot_sign_in() {
    let app = app_with_admin().await;
    let clerk = add_account(&app, "clerk", Role::Clerk, point("test-station")).await;
    app.store
        .disable_account(
            clerk.id,
            &AuditActor::cli(),
            utc_of_china(tuesday_morning()),
        )
        .await
        .unwrap();
    let right = login(&app, "clerk", PASSWORD).await;
    assert_eq!(right.status, StatusCode::FORBIDDEN);
    assert_eq!(right.error().code, ErrorCode::StaffAccountDisabled);
    // A wrong password tells nothing more than for anyone else.
    let wrong = login(&app, "clerk", "wrong password").await;
    assert_eq!(wrong.error().code, ErrorCode::StaffBadCredentials);
}

#[tokio::test]
async fn staff_endpoints_need_a_session() {
    let app = app_with_admin().await;
    for (method, uri) in [
        ("GET", "/api/v1/staff/me"),
        ("POST", "/api/v1/staff/logout"),
        ("GET", "/api/v1/staff/accounts"),
        ("GET", "/api/v1/staff/audit"),
    ] {
        let none = app.send(request(method, uri, CLIENT, &[], None)).await;
        assert_eq!(none.status, StatusCode::UNAUTHORIZED, "{method} {uri}");
        assert_eq!(none.error().code, ErrorCode::StaffUnauthenticated);
        let forged = app
            .send(request(
                method,
                uri,
                CLIENT,
                &[("cookie", "linli_staff=abcdef")],
                None,
            ))
            .await;
        assert_eq!(forged.error().code, ErrorCode::StaffUnauthenticated);
    }
    let garbled = app
        .send(request(
            "POST",
            "/api/v1/staff/login",
            CLIENT,
            &[("content-type", "application/json")],
            None,
        ))
        .await;
    assert_eq!(garbled.error().code, ErrorCode::InvalidBody);
}

#[tokio::test]
async fn state_changing_requests_need_the_csrf_token() {
    let app = app_with_admin().await;
    let signed = sign_in(&app, "admin").await;
    let missing = without_csrf(&app, &signed, "POST", "/api/v1/staff/logout").await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    assert_eq!(missing.error().code, ErrorCode::CsrfTokenInvalid);
    let wrong = Signed {
        csrf: "0".repeat(64),
        ..signed.clone()
    };
    let forged = as_staff(&app, &wrong, "POST", "/api/v1/staff/logout", None).await;
    assert_eq!(forged.error().code, ErrorCode::CsrfTokenInvalid);
    let create = without_csrf(&app, &signed, "POST", "/api/v1/staff/accounts").await;
    assert_eq!(create.error().code, ErrorCode::CsrfTokenInvalid);
    // Reads need none.
    let me = without_csrf(&app, &signed, "GET", "/api/v1/staff/me").await;
    assert_eq!(me.status, StatusCode::OK);
    // The session is still there: the refused requests changed nothing.
    let out = as_staff(&app, &signed, "POST", "/api/v1/staff/logout", None).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn signing_out_ends_the_session_and_clears_the_cookie() {
    let app = app_with_admin().await;
    let signed = sign_in(&app, "admin").await;
    let other = sign_in(&app, "admin").await;
    let out = as_staff(&app, &signed, "POST", "/api/v1/staff/logout", None).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let cleared = out.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cleared.starts_with("linli_staff=;") && cleared.contains("Max-Age=0"));
    let me = as_staff(&app, &signed, "GET", "/api/v1/staff/me", None).await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    assert_eq!(me.error().code, ErrorCode::StaffSessionExpired);
    // Only that session: another sign-in of the same account goes on.
    let still = as_staff(&app, &other, "GET", "/api/v1/staff/me", None).await;
    assert_eq!(still.status, StatusCode::OK);
}

#[tokio::test]
async fn a_session_ends_after_30_idle_minutes() {
    let mut app = app_with_admin().await;
    let signed = sign_in(&app, "admin").await;
    app.set_clock(later(29));
    assert_eq!(
        as_staff(&app, &signed, "GET", "/api/v1/staff/me", None)
            .await
            .status,
        StatusCode::OK
    );
    // Used at 29 minutes: idle from then.
    app.set_clock(later(58));
    assert_eq!(
        as_staff(&app, &signed, "GET", "/api/v1/staff/me", None)
            .await
            .status,
        StatusCode::OK
    );
    app.set_clock(later(88));
    let idle = as_staff(&app, &signed, "GET", "/api/v1/staff/me", None).await;
    assert_eq!(idle.status, StatusCode::UNAUTHORIZED);
    assert_eq!(idle.error().code, ErrorCode::StaffSessionExpired);
    // Over for good, even if the clock went back.
    app.set_clock(later(60));
    let over = as_staff(&app, &signed, "GET", "/api/v1/staff/me", None).await;
    assert_eq!(over.error().code, ErrorCode::StaffSessionExpired);
}

#[tokio::test]
async fn a_session_ends_12_hours_after_sign_in_however_busy() {
    let mut app = app_with_admin().await;
    let signed = sign_in(&app, "admin").await;
    let mut minutes = 0;
    while minutes + 20 < 12 * 60 {
        minutes += 20;
        app.set_clock(later(minutes));
        let me = as_staff(&app, &signed, "GET", "/api/v1/staff/me", None).await;
        assert_eq!(me.status, StatusCode::OK, "at {minutes} minutes");
    }
    app.set_clock(later(12 * 60));
    let expired = as_staff(&app, &signed, "GET", "/api/v1/staff/me", None).await;
    assert_eq!(expired.error().code, ErrorCode::StaffSessionExpired);
}

#[tokio::test]
async fn a_password_reset_or_disabling_ends_every_session_of_the_account() {
    let app = app_with_admin().await;
    let clerk = add_account(&app, "clerk", Role::Clerk, point("test-station")).await;
    let first = sign_in(&app, "clerk").await;
    let second = sign_in(&app, "clerk").await;
    let admin = sign_in(&app, "admin").await;
    let hash = hash_password("a brand new password").unwrap();
    app.store
        .reset_password(
            clerk.id,
            &hash,
            &AuditActor::cli(),
            utc_of_china(tuesday_morning()),
        )
        .await
        .unwrap();
    for signed in [&first, &second] {
        let me = as_staff(&app, signed, "GET", "/api/v1/staff/me", None).await;
        assert_eq!(me.error().code, ErrorCode::StaffSessionExpired);
    }
    // The admin's session is not touched; the new password works, the old one does not.
    assert_eq!(
        as_staff(&app, &admin, "GET", "/api/v1/staff/me", None)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        login(&app, "clerk", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    let answer = login(&app, "clerk", "a brand new password").await;
    assert_eq!(answer.status, StatusCode::OK);
    let cookie = answer.headers[header::SET_COOKIE].to_str().unwrap();
    let third = Signed {
        cookie: cookie.split(';').next().unwrap().to_owned(),
        csrf: String::new(),
        session: answer.decode(),
    };
    // Disabling through the API ends it too.
    let disabled = as_staff(
        &app,
        &admin,
        "POST",
        &format!("/api/v1/staff/accounts/{}/disable", clerk.id),
        None,
    )
    .await;
    assert_eq!(disabled.status, StatusCode::OK);
    let me = as_staff(&app, &third, "GET", "/api/v1/staff/me", None).await;
    assert_eq!(me.error().code, ErrorCode::StaffSessionExpired);
}

#[tokio::test]
async fn sign_ins_are_rate_limited_per_client_address() {
    let mut app = app_with_admin().await;
    let a = "198.51.100.7:1234";
    let b = "198.51.100.8:1234";
    for attempt in 0..LOGIN_ATTEMPTS_PER_WINDOW {
        // Unknown names: no account gets locked on the way.
        let answer = login_from(&app, a, &format!("user{attempt}"), "wrong password").await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    let limited = login_from(&app, a, "admin", PASSWORD).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.error().code, ErrorCode::TooManyLogins);
    assert_eq!(limited.headers[header::RETRY_AFTER], "600");
    // In English too, with its Retry-After.
    let english = app
        .send(request(
            "POST",
            "/api/v1/staff/login",
            a,
            &[("accept-language", "en")],
            Some(&json!({"username": "admin", "password": PASSWORD})),
        ))
        .await;
    assert_eq!(english.error().code, ErrorCode::TooManyLogins);
    assert!(english.headers.contains_key(header::RETRY_AFTER));
    // Another address is not held back.
    assert_eq!(
        login_from(&app, b, "admin", PASSWORD).await.status,
        StatusCode::OK
    );
    app.set_clock(later(10));
    assert_eq!(
        login_from(&app, a, "admin", PASSWORD).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn sessions_live_in_the_database_across_restarts_and_instances() {
    let app = app_with_admin().await;
    let signed = sign_in(&app, "admin").await;
    // Another instance over the same database (or this one after a restart).
    let now = tuesday_morning();
    let other = TestApp {
        state: build_state(app.store.clone(), std::sync::Arc::new(move || now))
            .await
            .unwrap(),
        store: app.store.clone(),
        db: TestDb::new().await.into(),
    };
    let me = as_staff(&other, &signed, "GET", "/api/v1/staff/me", None).await;
    assert_eq!(me.status, StatusCode::OK);
    let out = as_staff(&other, &signed, "POST", "/api/v1/staff/logout", None).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let me = as_staff(&app, &signed, "GET", "/api/v1/staff/me", None).await;
    assert_eq!(me.error().code, ErrorCode::StaffSessionExpired);
}

#[tokio::test]
async fn the_demo_creates_one_account_per_role_on_an_empty_database_only() {
    let app = spawn_app().await;
    create_demo_accounts_if_none(&app.store).await.unwrap();
    let accounts = app.store.accounts().await.unwrap();
    let mut roles: Vec<Role> = accounts.iter().map(|a| a.role).collect();
    roles.sort_by_key(|r| r.as_str());
    let mut all = Role::ALL.to_vec();
    all.sort_by_key(|r| r.as_str());
    assert_eq!(roles, all);
    let manager = accounts
        .iter()
        .find(|a| a.role == Role::PointManager)
        .unwrap();
    assert_eq!(manager.point_district.as_deref(), Some("西青区"));
    create_demo_accounts_if_none(&app.store).await.unwrap();
    assert_eq!(app.store.accounts().await.unwrap().len(), Role::ALL.len());
}

#[tokio::test]
async fn behind_a_proxy_the_rate_limit_counts_the_address_the_proxy_gives() {
    let mut app = app_with_admin().await;
    app.state.client_ip_header = Some("x-forwarded-for".parse().unwrap());
    let proxy = "10.0.0.1:5555";
    let from = |who: &'static str| {
        let body = json!({"username": "nobody", "password": "wrong password"});
        let headers = [("x-forwarded-for", who)];
        let request = request("POST", "/api/v1/staff/login", proxy, &headers, Some(&body));
        let app = &app;
        async move { app.send(request).await }
    };
    for _ in 0..LOGIN_ATTEMPTS_PER_WINDOW {
        assert_eq!(
            from("1.2.3.4, 198.51.100.20").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    let limited = from("198.51.100.20").await;
    assert_eq!(limited.error().code, ErrorCode::TooManyLogins);
    // Another client behind the same proxy, and a forged first hop, are counted apart.
    assert_eq!(from("198.51.100.21").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        from("198.51.100.20, 198.51.100.22").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn changing_ones_own_password_ends_every_session_of_the_account() {
    let app = app_with_admin().await;
    let signed = sign_in(&app, "admin").await;
    let elsewhere = sign_in(&app, "admin").await;
    let change =
        |current: &str, new: &str| json!({"current_password": current, "new_password": new});
    let wrong = as_staff(
        &app,
        &signed,
        "POST",
        "/api/v1/staff/password",
        Some(&change("not it", "a new long password")),
    )
    .await;
    assert_eq!(wrong.error().code, ErrorCode::StaffBadCredentials);
    assert_eq!(wrong.error().details[0].field, "current_password");
    let weak = as_staff(
        &app,
        &signed,
        "POST",
        "/api/v1/staff/password",
        Some(&change(PASSWORD, "short")),
    )
    .await;
    assert_eq!(weak.error().code, ErrorCode::PasswordTooWeak);
    let no_csrf = without_csrf(&app, &signed, "POST", "/api/v1/staff/password").await;
    assert_eq!(no_csrf.error().code, ErrorCode::CsrfTokenInvalid);

    let changed = as_staff(
        &app,
        &signed,
        "POST",
        "/api/v1/staff/password",
        Some(&change(PASSWORD, "a new long password")),
    )
    .await;
    assert_eq!(changed.status, StatusCode::NO_CONTENT);
    assert!(
        changed.headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    for session in [&signed, &elsewhere] {
        let me = as_staff(&app, session, "GET", "/api/v1/staff/me", None).await;
        assert_eq!(me.error().code, ErrorCode::StaffSessionExpired);
    }
    assert_eq!(
        login(&app, "admin", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        login(&app, "admin", "a new long password").await.status,
        StatusCode::OK
    );
    let log = app
        .store
        .audit_entries(&linli_server::store::audit::AuditFilter {
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(log[0].action, "password_changed");
    assert_eq!(log[0].actor, "admin");
}

//! The audit log: written in the transaction of each change, read with filters by admins, and
//! never changed: the database itself refuses UPDATE and DELETE on it.

use axum::http::StatusCode;
use linli_server::auth::{hash_password, utc_of_china};
use linli_server::store::audit::{AuditActor, AuditFilter};
use linli_shared::api::staff::{AuditEntry, AuditResponse, CreatedAccount};
use linli_shared::domain::staff::{Role, Scope};
use linli_shared::error::ErrorCode;
use serde_json::json;
use sqlx::Connection;

use crate::helpers::*;
use crate::staff_helpers::*;

async fn entries(app: &TestApp) -> Vec<AuditEntry> {
    app.store
        .audit_entries(&AuditFilter {
            limit: 1000,
            ..AuditFilter::default()
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn every_account_change_is_audited_with_who_when_before_and_after() {
    let app = spawn_app().await;
    let admin = add_account(&app, "admin", Role::PlatformAdmin, Scope::All).await;
    let created_by_cli = &entries(&app).await[0];
    assert_eq!(created_by_cli.actor, "cli");
    assert_eq!(created_by_cli.account_id, None);
    assert_eq!(created_by_cli.action, "account_created");
    assert_eq!(created_by_cli.record_id, admin.id.to_string());
    assert!(created_by_cli.before.is_none());
    assert_eq!(
        created_by_cli.after.as_ref().unwrap()["role"],
        "platform_admin"
    );

    let signed = sign_in(&app, "admin").await;
    let created = as_staff(
        &app,
        &signed,
        "POST",
        "/api/v1/staff/accounts",
        Some(&json!({"username": "Clerk.Wang", "role": "clerk", "scope": "point:test-station"})),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let created: CreatedAccount = created.decode();
    assert_eq!(created.account.username, "clerk.wang");
    assert_eq!(created.account.scope, "point:test-station");
    let password = created.password.expect("a generated password, shown once");
    assert_eq!(
        login(&app, "clerk.wang", &password).await.status,
        StatusCode::OK
    );
    let clerk_id = created.account.id;

    let disabled = as_staff(
        &app,
        &signed,
        "POST",
        &format!("/api/v1/staff/accounts/{clerk_id}/disable"),
        None,
    )
    .await;
    assert_eq!(disabled.status, StatusCode::OK);
    app.store
        .reset_password(
            clerk_id,
            &hash_password("another long password").unwrap(),
            &AuditActor::cli(),
            utc_of_china(tuesday_morning()),
        )
        .await
        .unwrap();

    let log = entries(&app).await;
    let actions: Vec<(&str, &str)> = log
        .iter()
        .map(|e| (e.action.as_str(), e.actor.as_str()))
        .collect();
    assert_eq!(
        actions,
        [
            ("password_reset", "cli"),
            ("account_disabled", "admin"),
            ("account_created", "admin"),
            ("account_created", "cli"),
        ]
    );
    let disabling = &log[1];
    assert_eq!(disabling.account_id, Some(admin.id));
    assert_eq!(disabling.record_kind, "staff_account");
    assert_eq!(disabling.record_id, clerk_id.to_string());
    assert_eq!(
        disabling.before.as_ref().unwrap()["disabled_at"],
        serde_json::Value::Null
    );
    assert!(disabling.after.as_ref().unwrap()["disabled_at"].is_string());
    assert!(
        disabling.at.starts_with("2026-11-24T02:00:00"),
        "{}",
        disabling.at
    );
    // Never a hash or a password in the log.
    let text = serde_json::to_string(&log).unwrap();
    assert!(
        !text.contains("argon2") && !text.contains(&password),
        "{text}"
    );
}

#[tokio::test]
async fn a_refused_change_leaves_no_audit_entry() {
    let app = spawn_app().await;
    add_account(&app, "admin", Role::PlatformAdmin, Scope::All).await;
    let signed = sign_in(&app, "admin").await;
    let before = entries(&app).await.len();
    for (body, code) in [
        (
            json!({"username": "admin", "role": "clerk", "scope": "point:test-station", "password": "a long enough password"}),
            ErrorCode::Conflict,
        ),
        (
            json!({"username": "x", "role": "clerk", "scope": "point:test-station"}),
            ErrorCode::UsernameInvalid,
        ),
        (
            json!({"username": "clerk", "role": "clerk", "scope": "district:西青区"}),
            ErrorCode::ScopeInvalid,
        ),
        (
            json!({"username": "clerk", "role": "clerk", "scope": "point:no-such-point"}),
            ErrorCode::ScopeInvalid,
        ),
        (
            json!({"username": "clerk", "role": "clerk", "scope": "point:test-station", "password": "short"}),
            ErrorCode::PasswordTooWeak,
        ),
        (
            json!({"username": "clerk", "role": "janitor"}),
            ErrorCode::InvalidBody,
        ),
    ] {
        let answer = as_staff(&app, &signed, "POST", "/api/v1/staff/accounts", Some(&body)).await;
        assert_eq!(answer.error().code, code, "{body}");
    }
    let missing = as_staff(
        &app,
        &signed,
        "POST",
        "/api/v1/staff/accounts/999/disable",
        None,
    )
    .await;
    assert_eq!(missing.error().code, ErrorCode::StaffAccountNotFound);
    assert_eq!(entries(&app).await.len(), before);
}

#[tokio::test]
async fn the_database_refuses_to_update_or_delete_the_audit_log() {
    let app = spawn_app().await;
    add_account(&app, "admin", Role::PlatformAdmin, Scope::All).await;
    let before = entries(&app).await;
    assert_eq!(before.len(), 1);
    // A connection of its own, with every right the server has.
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&app.db.url).await.unwrap();
    for statement in [
        "UPDATE audit_log SET actor = 'someone else'",
        "DELETE FROM audit_log",
    ] {
        let error = sqlx::query(statement)
            .execute(&mut conn)
            .await
            .expect_err(statement);
        assert!(
            error.to_string().contains("append-only"),
            "{statement}: {error}"
        );
    }
    if app.store.backend() == linli_server::store::Backend::Postgres {
        let error = sqlx::query("TRUNCATE audit_log")
            .execute(&mut conn)
            .await
            .expect_err("TRUNCATE");
        assert!(error.to_string().contains("append-only"), "{error}");
    }
    conn.close().await.unwrap();
    assert_eq!(entries(&app).await, before);
}

#[tokio::test]
async fn admins_filter_the_audit_log_by_account_record_and_date() {
    let mut app = spawn_app().await;
    let admin = add_account(&app, "admin", Role::PlatformAdmin, Scope::All).await;
    let signed = sign_in(&app, "admin").await;
    let create =
        |name: &str| json!({"username": name, "role": "clerk", "scope": "point:test-station"});
    as_staff(
        &app,
        &signed,
        "POST",
        "/api/v1/staff/accounts",
        Some(&create("clerk1")),
    )
    .await;
    // The next day (a new session: the first one idled out).
    let next_day = tuesday_morning() + chrono::TimeDelta::days(1);
    app.set_clock(next_day);
    let signed = sign_in(&app, "admin").await;
    let second: CreatedAccount = as_staff(
        &app,
        &signed,
        "POST",
        "/api/v1/staff/accounts",
        Some(&create("clerk2")),
    )
    .await
    .decode();

    let read = |query: &str| {
        let uri = format!("/api/v1/staff/audit{query}");
        let app = &app;
        let signed = signed.clone();
        async move { as_staff(app, &signed, "GET", &uri, None).await }
    };
    let all: AuditResponse = read("").await.decode();
    assert_eq!(all.entries.len(), 3);
    let by_admin: AuditResponse = read(&format!("?account={}", admin.id)).await.decode();
    assert_eq!(by_admin.entries.len(), 2);
    let record: AuditResponse = read(&format!(
        "?record_kind=staff_account&record_id={}",
        second.account.id
    ))
    .await
    .decode();
    assert_eq!(record.entries.len(), 1);
    assert_eq!(
        record.entries[0].after.as_ref().unwrap()["username"],
        "clerk2"
    );
    let first_day: AuditResponse = read("?from=2026-11-24&to=2026-11-24").await.decode();
    assert_eq!(first_day.entries.len(), 2);
    let second_day: AuditResponse = read("?from=2026-11-25").await.decode();
    assert_eq!(second_day.entries.len(), 1);
    let limited: AuditResponse = read("?limit=1").await.decode();
    assert_eq!(limited.entries.len(), 1);
    let older: AuditResponse = read(&format!("?before={}", limited.entries[0].id))
        .await
        .decode();
    assert_eq!(older.entries.len(), 2);
    let wrong = read("?from=yesterday&limit=0&account=me").await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    let fields: Vec<String> = wrong.error().details.into_iter().map(|d| d.field).collect();
    assert_eq!(fields, ["account", "limit", "from"]);
    // No endpoint changes it.
    for method in ["POST", "PUT", "PATCH", "DELETE"] {
        let answer = as_staff(&app, &signed, method, "/api/v1/staff/audit", None).await;
        assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
    }
}

#[tokio::test]
async fn an_admin_enables_an_account_again_and_resets_another_accounts_password() {
    let app = spawn_app_with(&two_districts(), tuesday_morning()).await;
    add_account(&app, "district", Role::DistrictAdmin, district("西青区")).await;
    let clerk = add_account(&app, "clerk", Role::Clerk, point("test-station")).await;
    let admin = sign_in(&app, "district").await;
    let clerk_session = sign_in(&app, "clerk").await;
    let post = |path: String, body: Option<serde_json::Value>| {
        let admin = admin.clone();
        let app = &app;
        async move { as_staff(app, &admin, "POST", &path, body.as_ref()).await }
    };

    let disabled = post(format!("/api/v1/staff/accounts/{}/disable", clerk.id), None).await;
    assert_eq!(disabled.status, StatusCode::OK);
    assert_eq!(
        login(&app, "clerk", PASSWORD).await.error().code,
        ErrorCode::StaffAccountDisabled
    );
    let enabled = post(format!("/api/v1/staff/accounts/{}/enable", clerk.id), None).await;
    assert_eq!(enabled.status, StatusCode::OK);
    let enabled: linli_shared::api::staff::StaffAccount = enabled.decode();
    assert!(!enabled.disabled);
    assert_eq!(login(&app, "clerk", PASSWORD).await.status, StatusCode::OK);

    // A reset with a generated password: shown once; the old one and the sessions are over.
    let reset = post(
        format!("/api/v1/staff/accounts/{}/password", clerk.id),
        Some(json!({})),
    )
    .await;
    assert_eq!(
        reset.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&reset.body)
    );
    let reset: CreatedAccount = reset.decode();
    let generated = reset.password.expect("a generated password, shown once");
    assert_eq!(
        login(&app, "clerk", PASSWORD).await.error().code,
        ErrorCode::StaffBadCredentials
    );
    let me = as_staff(&app, &clerk_session, "GET", "/api/v1/staff/me", None).await;
    assert_eq!(me.error().code, ErrorCode::StaffSessionExpired);
    assert_eq!(
        login(&app, "clerk", &generated).await.status,
        StatusCode::OK
    );
    // A given password must be a good one.
    let weak = post(
        format!("/api/v1/staff/accounts/{}/password", clerk.id),
        Some(json!({"password": "short"})),
    )
    .await;
    assert_eq!(weak.error().code, ErrorCode::PasswordTooWeak);
    // Not one's own (that asks for the current password) and not an unknown account.
    let own = post(
        format!(
            "/api/v1/staff/accounts/{}/password",
            admin.session.account.id
        ),
        Some(json!({})),
    )
    .await;
    assert_eq!(own.error().code, ErrorCode::Forbidden);
    let unknown = post("/api/v1/staff/accounts/999/enable".into(), None).await;
    assert_eq!(unknown.error().code, ErrorCode::StaffAccountNotFound);

    let log = entries(&app).await;
    let actions: Vec<(&str, &str)> = log
        .iter()
        .take(3)
        .map(|e| (e.action.as_str(), e.actor.as_str()))
        .collect();
    assert_eq!(
        actions,
        [
            ("password_reset", "district"),
            ("account_enabled", "district"),
            ("account_disabled", "district"),
        ]
    );
    assert!(log[1].before.as_ref().unwrap()["disabled_at"].is_string());
    assert!(log[1].after.as_ref().unwrap()["disabled_at"].is_null());
    let text = serde_json::to_string(&log).unwrap();
    assert!(!text.contains(&generated) && !text.contains("argon2"));
}

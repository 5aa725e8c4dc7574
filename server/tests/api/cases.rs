//! Complaints and suggestions: filing, following, the front desk's and departments' steps, notes
//! that never reach residents, ratings that reopen, limits, and the overdue job on two
//! instances. Each test runs on SQLite, or PostgreSQL with TEST_DATABASE_URL.

use std::sync::Arc;

use axum::http::StatusCode;
use chrono::NaiveDateTime;
use linli_server::auth::{new_token, token_digest};
use linli_server::cases::supervise_overdue;
use linli_server::http::Clock;
use linli_shared::api::cases::{CaseInbox, CaseView, StaffCaseView};
use linli_shared::api::staff::AuditResponse;
use linli_shared::domain::case::{CaseState, EntryKind, Party};
use linli_shared::domain::resident::Phone;
use linli_shared::domain::staff::{Role, Scope};
use linli_shared::error::ErrorCode;
use serde_json::{Value, json};

use crate::helpers::*;
use crate::staff_helpers::*;

const ALICE: &str = "13812345678";
const BOB: &str = "13912345678";

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

fn department(id: &str) -> Scope {
    Scope::parse(&format!("department:{id}")).unwrap()
}

/// The app with a front desk, a supervisor, handlers of `property` and `sanitation`, and a
/// platform admin, all signed in.
struct Desk {
    app: TestApp,
    desk: Signed,
    supervisor: Signed,
    property: Signed,
    sanitation: Signed,
    admin: Signed,
}

async fn desk_at(now: NaiveDateTime) -> Desk {
    let app = spawn_app_with(&two_districts(), now).await;
    add_account(&app, "desk", Role::FrontDesk, Scope::All).await;
    add_account(&app, "boss", Role::Supervisor, Scope::All).await;
    add_account(
        &app,
        "wuye",
        Role::DepartmentHandler,
        department("property"),
    )
    .await;
    add_account(
        &app,
        "huanwei",
        Role::DepartmentHandler,
        department("sanitation"),
    )
    .await;
    add_account(&app, "admin", Role::PlatformAdmin, Scope::All).await;
    Desk {
        desk: sign_in(&app, "desk").await,
        supervisor: sign_in(&app, "boss").await,
        property: sign_in(&app, "wuye").await,
        sanitation: sign_in(&app, "huanwei").await,
        admin: sign_in(&app, "admin").await,
        app,
    }
}

/// A resident's request from a client address of its own (the limits count per address).
async fn as_resident(
    app: &TestApp,
    method: &str,
    uri: &str,
    token: Option<&str>,
    client: &str,
    extra: &[(&str, &str)],
    body: Option<&Value>,
) -> Answer {
    let bearer = token.map(|t| format!("Bearer {t}"));
    let mut headers: Vec<(&str, &str)> = extra.to_vec();
    if let Some(bearer) = &bearer {
        headers.push(("authorization", bearer.as_str()));
    }
    app.send(request(method, uri, client, &headers, body)).await
}

fn complaint(text: &str) -> Value {
    json!({
        "kind": "complaint",
        "subject": "environment",
        "point": "test-station",
        "text": text,
    })
}

/// Files a case; returns its public view.
async fn file(app: &TestApp, token: Option<&str>, client: &str, body: &Value) -> CaseView {
    let answer = as_resident(app, "POST", "/api/v1/cases", token, client, &[], Some(body)).await;
    assert_eq!(
        answer.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    answer.decode()
}

async fn staff_step(
    app: &TestApp,
    who: &Signed,
    tracking: &str,
    step: &str,
    body: Option<Value>,
) -> Answer {
    as_staff(
        app,
        who,
        "POST",
        &format!("/api/v1/staff/cases/{tracking}/{step}"),
        Some(&body.unwrap_or_else(|| json!({}))),
    )
    .await
}

async fn ok_step(
    app: &TestApp,
    who: &Signed,
    tracking: &str,
    step: &str,
    body: Option<Value>,
) -> StaffCaseView {
    let answer = staff_step(app, who, tracking, step, body).await;
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "{step}: {}",
        String::from_utf8_lossy(&answer.body)
    );
    answer.decode()
}

async fn public(app: &TestApp, tracking: &str, token: Option<&str>) -> (CaseView, String) {
    let answer = as_resident(
        app,
        "GET",
        &format!("/api/v1/cases/{tracking}"),
        token,
        "192.0.2.1:1",
        &[],
        None,
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    let raw = String::from_utf8_lossy(&answer.body).into_owned();
    (answer.decode(), raw)
}

fn rating(overall: &str) -> Value {
    json!({"overall": overall, "efficiency": "satisfied", "convenience": "fairly_satisfied",
        "comment": "谢谢"})
}

#[tokio::test]
async fn a_case_goes_from_filing_to_a_reopening_rating_and_a_second_reply() {
    let Desk {
        app,
        desk,
        property,
        ..
    } = desk_at(tuesday_morning()).await;
    let alice = token_for(&app, ALICE).await;
    let text = "<script>alert(1)</script> 楼道灯坏了三天";
    let filed = file(&app, Some(&alice), "198.51.100.1:1", &complaint(text)).await;
    assert_eq!(filed.state, CaseState::Received);
    assert!(filed.mine);
    // Stored and answered as given.
    assert_eq!(filed.text.as_deref(), Some(text.trim()));
    assert_eq!(filed.tracking.len(), 8);
    assert_eq!(filed.accept_by.to_string(), "2026-11-25");
    let tracking = filed.tracking.clone();

    // Anyone with the number follows it, without the text.
    let (anonymous, _) = public(&app, &tracking, None).await;
    assert!(!anonymous.mine && anonymous.text.is_none());
    // Typed with a hyphen in lower case, it is the same case.
    let typed = format!("{}-{}", &tracking[..4], &tracking[4..]).to_lowercase();
    let (same, _) = public(&app, &typed, None).await;
    assert_eq!(same.tracking, tracking);

    let accepted = ok_step(&app, &desk, &tracking, "accept", None).await;
    assert_eq!(accepted.summary.state, CaseState::Accepted);
    // The environment's limit, 10 working days from Tuesday 24 November: Tuesday 8 December.
    assert_eq!(
        accepted.summary.reply_by.map(|d| d.to_string()).as_deref(),
        Some("2026-12-08")
    );
    ok_step(
        &app,
        &desk,
        &tracking,
        "dispatch",
        Some(json!({"department": "property"})),
    )
    .await;
    ok_step(&app, &property, &tracking, "start", None).await;
    ok_step(
        &app,
        &property,
        &tracking,
        "note",
        Some(json!({"text": "内部：电工周四到场"})),
    )
    .await;
    let replied = ok_step(
        &app,
        &property,
        &tracking,
        "reply",
        Some(json!({"text": "已更换灯泡，感谢反映。"})),
    )
    .await;
    assert_eq!(replied.summary.state, CaseState::Replied);
    // Staff see the note and who wrote what.
    let note = replied
        .timeline
        .iter()
        .find(|e| e.entry.kind == EntryKind::Note)
        .unwrap();
    assert!(!note.public);
    assert_eq!(note.staff.as_deref(), Some("wuye"));
    assert_eq!(replied.phone.as_deref(), Some("138****5678"));

    // Residents see the reply, never the note nor a staff member's name.
    let (view, raw) = public(&app, &tracking, Some(&alice)).await;
    // (The front desk's role is named, `front_desk`; its member `desk` is not.)
    assert!(!raw.contains("电工") && !raw.contains("wuye") && !raw.contains("\"desk\""));
    assert!(raw.contains("front_desk"));
    let kinds: Vec<EntryKind> = view.timeline.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            EntryKind::Received,
            EntryKind::Accepted,
            EntryKind::Dispatched,
            EntryKind::Started,
            EntryKind::Replied
        ]
    );
    let reply = view.timeline.last().unwrap();
    assert_eq!(reply.by, Party::Department);
    assert_eq!(reply.text.as_deref(), Some("已更换灯泡，感谢反映。"));

    ok_step(&app, &desk, &tracking, "close", None).await;
    ok_step(
        &app,
        &desk,
        &tracking,
        "follow-up",
        Some(json!({"text": "居民说灯还是不亮"})),
    )
    .await;
    // 不满意 reopens for rectification (整改).
    let rated = as_resident(
        &app,
        "POST",
        &format!("/api/v1/cases/{tracking}/rating"),
        Some(&alice),
        "198.51.100.1:1",
        &[],
        Some(&rating("dissatisfied")),
    )
    .await;
    assert_eq!(rated.status, StatusCode::OK);
    let rated: CaseView = rated.decode();
    assert_eq!((rated.state, rated.round), (CaseState::Rectifying, 2));
    assert!(rated.reply_by.is_some());
    // It is back in the department's inbox.
    let inbox: CaseInbox = as_staff(&app, &property, "GET", "/api/v1/staff/cases", None)
        .await
        .decode();
    assert_eq!(inbox.cases[0].state, CaseState::Rectifying);
    ok_step(
        &app,
        &property,
        &tracking,
        "reply",
        Some(json!({"text": "已重新布线，灯已亮。"})),
    )
    .await;
    let second = as_resident(
        &app,
        "POST",
        &format!("/api/v1/cases/{tracking}/rating"),
        Some(&alice),
        "198.51.100.1:1",
        &[],
        Some(&rating("very_satisfied")),
    )
    .await;
    let second: CaseView = second.decode();
    assert_eq!(second.state, CaseState::Rated);
    // Both ratings are kept, each with its round.
    let rounds: Vec<(i64, &str)> = second
        .ratings
        .iter()
        .map(|r| (r.round, r.rating.overall.as_str()))
        .collect();
    assert_eq!(rounds, [(1, "dissatisfied"), (2, "very_satisfied")]);
    // And nothing more: a rated case takes no other rating.
    let again = as_resident(
        &app,
        "POST",
        &format!("/api/v1/cases/{tracking}/rating"),
        Some(&alice),
        "198.51.100.1:1",
        &[],
        Some(&rating("satisfied")),
    )
    .await;
    assert_eq!(again.error().code, ErrorCode::CaseStepRefused);

    // Every step has its audit entry, with the staff member or the resident as actor.
    let admin = sign_in(&app, "admin").await;
    let audit: AuditResponse = as_staff(
        &app,
        &admin,
        "GET",
        &format!("/api/v1/staff/audit?record_kind=case&record_id={tracking}"),
        None,
    )
    .await
    .decode();
    let mut actions: Vec<&str> = audit.entries.iter().map(|e| e.action.as_str()).collect();
    actions.reverse();
    assert_eq!(
        actions,
        [
            "case_received",
            "case_accepted",
            "case_dispatched",
            "case_started",
            "case_note",
            "case_replied",
            "case_closed",
            "case_followed_up",
            "case_reopened",
            "case_replied",
            "case_rated"
        ],
        "{audit:?}"
    );
}

#[tokio::test]
async fn a_department_hands_back_what_is_not_theirs_and_the_desk_dispatches_again() {
    let Desk {
        app,
        desk,
        property,
        sanitation,
        ..
    } = desk_at(tuesday_morning()).await;
    let case = file(&app, None, "198.51.100.2:1", &complaint("垃圾桶满了没人清")).await;
    assert!(!case.mine);
    let t = case.tracking;
    ok_step(&app, &desk, &t, "accept", None).await;
    ok_step(
        &app,
        &desk,
        &t,
        "dispatch",
        Some(json!({"department": "property"})),
    )
    .await;
    // The other department can neither read nor work it.
    let other = as_staff(
        &app,
        &sanitation,
        "GET",
        &format!("/api/v1/staff/cases/{t}"),
        None,
    )
    .await;
    assert_eq!(other.error().code, ErrorCode::Forbidden);
    assert_eq!(
        staff_step(&app, &sanitation, &t, "start", None)
            .await
            .error()
            .code,
        ErrorCode::Forbidden
    );
    // A hand-back needs its reason.
    assert_eq!(
        staff_step(&app, &property, &t, "hand-back", None)
            .await
            .error()
            .code,
        ErrorCode::CaseTextInvalid
    );
    let back = ok_step(
        &app,
        &property,
        &t,
        "hand-back",
        Some(json!({"text": "垃圾清运归环卫所"})),
    )
    .await;
    assert_eq!(back.summary.state, CaseState::Accepted);
    assert_eq!(back.summary.department, None);
    // Gone from the property inbox; the desk dispatches it again.
    let inbox: CaseInbox = as_staff(&app, &property, "GET", "/api/v1/staff/cases", None)
        .await
        .decode();
    assert!(inbox.cases.is_empty());
    ok_step(
        &app,
        &desk,
        &t,
        "dispatch",
        Some(json!({"department": "sanitation"})),
    )
    .await;
    let replied = ok_step(
        &app,
        &sanitation,
        &t,
        "reply",
        Some(json!({"text": "已清运。"})),
    )
    .await;
    assert_eq!(replied.summary.department.as_deref(), Some("sanitation"));
    // The resident sees the hand-back as a step, not its reason.
    let (view, raw) = public(&app, &t, None).await;
    assert!(
        view.timeline
            .iter()
            .any(|e| e.kind == EntryKind::HandedBack)
    );
    assert!(!raw.contains("环卫所"));
}

#[tokio::test]
async fn wrong_steps_texts_and_floods_are_refused_plainly() {
    let Desk {
        app,
        desk,
        property,
        supervisor,
        admin,
        ..
    } = desk_at(tuesday_morning()).await;
    let alice = token_for(&app, ALICE).await;
    let bob = token_for(&app, BOB).await;
    let t = file(&app, Some(&alice), "198.51.100.3:1", &complaint("噪音扰民"))
        .await
        .tracking;
    // Steps out of order.
    let dispatch_early = staff_step(
        &app,
        &desk,
        &t,
        "dispatch",
        Some(json!({"department": "property"})),
    )
    .await;
    assert_eq!(dispatch_early.status, StatusCode::CONFLICT);
    assert_eq!(dispatch_early.error().code, ErrorCode::CaseStepRefused);
    ok_step(&app, &desk, &t, "accept", None).await;
    assert_eq!(
        staff_step(&app, &desk, &t, "accept", None)
            .await
            .error()
            .code,
        ErrorCode::CaseStepRefused
    );
    // Rating before any reply.
    let early = as_resident(
        &app,
        "POST",
        &format!("/api/v1/cases/{t}/rating"),
        Some(&alice),
        "198.51.100.3:1",
        &[],
        Some(&rating("satisfied")),
    )
    .await;
    assert_eq!(early.error().code, ErrorCode::CaseStepRefused);
    // Someone else's case, or without a token.
    let not_mine = as_resident(
        &app,
        "POST",
        &format!("/api/v1/cases/{t}/rating"),
        Some(&bob),
        "198.51.100.3:1",
        &[],
        Some(&rating("satisfied")),
    )
    .await;
    assert_eq!(not_mine.status, StatusCode::FORBIDDEN);
    assert_eq!(not_mine.error().code, ErrorCode::RatingNotAllowed);
    let (bobs_view, _) = public(&app, &t, Some(&bob)).await;
    assert!(!bobs_view.mine && bobs_view.text.is_none());
    // Unknown department, roles that do not take a step.
    let unknown = staff_step(
        &app,
        &desk,
        &t,
        "dispatch",
        Some(json!({"department": "nope"})),
    )
    .await;
    assert_eq!(unknown.error().code, ErrorCode::DepartmentNotFound);
    for who in [&supervisor, &admin, &property] {
        let refused = staff_step(
            &app,
            who,
            &t,
            "dispatch",
            Some(json!({"department": "property"})),
        )
        .await;
        assert_eq!(refused.error().code, ErrorCode::Forbidden);
    }
    // Unknown tracking numbers.
    for number in ["34679ACE", "nonsense", "0000OOOO"] {
        let answer = app.get(&format!("/api/v1/cases/{number}")).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{number}");
        assert_eq!(answer.error().code, ErrorCode::CaseNotFound);
    }
    // Texts: 4,000 characters are fine, 4,001 or none are not; a reply too.
    let longest = "灯".repeat(4_000);
    file(&app, None, "198.51.100.4:1", &complaint(&longest)).await;
    for (text, client) in [
        (format!("{longest}灯"), "198.51.100.5:1"),
        ("   ".to_owned(), "198.51.100.5:1"),
    ] {
        let answer = as_resident(
            &app,
            "POST",
            "/api/v1/cases",
            None,
            client,
            &[],
            Some(&complaint(&text)),
        )
        .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST);
        let error = answer.error();
        assert_eq!(error.code, ErrorCode::CaseTextInvalid);
        assert_eq!(error.details[0].field, "text");
    }
    let wrong_point = as_resident(
        &app,
        "POST",
        "/api/v1/cases",
        None,
        "198.51.100.5:1",
        &[],
        Some(&json!({"kind": "praise", "subject": "other", "point": "nope", "text": "好"})),
    )
    .await;
    assert_eq!(wrong_point.error().code, ErrorCode::PointNotFound);
    let wrong_kind = as_resident(
        &app,
        "POST",
        "/api/v1/cases",
        None,
        "198.51.100.5:1",
        &[],
        Some(&json!({"kind": "rant", "subject": "other", "text": "好"})),
    )
    .await;
    assert_eq!(wrong_kind.error().code, ErrorCode::InvalidBody);
    // Five an hour from one device; the sixth is refused with its own code.
    for n in 0..5 {
        file(
            &app,
            None,
            "198.51.100.6:1",
            &complaint(&format!("第{n}件")),
        )
        .await;
    }
    let flood = as_resident(
        &app,
        "POST",
        "/api/v1/cases",
        None,
        "198.51.100.6:1",
        &[],
        Some(&complaint("第六件")),
    )
    .await;
    assert_eq!(flood.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(flood.error().code, ErrorCode::CaseTooMany);
    // And five per number from any device.
    for n in 0..4 {
        file(
            &app,
            Some(&alice),
            &format!("203.0.113.{n}:1"),
            &complaint("又一件"),
        )
        .await;
    }
    let by_number = as_resident(
        &app,
        "POST",
        "/api/v1/cases",
        Some(&alice),
        "203.0.113.99:1",
        &[],
        Some(&complaint("再一件")),
    )
    .await;
    assert_eq!(by_number.error().code, ErrorCode::CaseTooMany);
}

#[tokio::test]
async fn a_retried_submission_gets_the_same_case_and_a_reused_key_is_refused() {
    let app = spawn_app_with(&two_districts(), tuesday_morning()).await;
    let alice = token_for(&app, ALICE).await;
    let key = [("idempotency-key", "0b8f1c3e-case")];
    let body = complaint("电梯停运");
    let mut numbers = Vec::new();
    for replayed in [false, true] {
        let answer = as_resident(
            &app,
            "POST",
            "/api/v1/cases",
            Some(&alice),
            "198.51.100.7:1",
            &key,
            Some(&body),
        )
        .await;
        assert_eq!(answer.status, StatusCode::CREATED);
        assert_eq!(
            answer.headers.get("idempotent-replayed").is_some(),
            replayed
        );
        numbers.push(answer.decode::<CaseView>().tracking);
    }
    assert_eq!(numbers[0], numbers[1]);
    let other = as_resident(
        &app,
        "POST",
        "/api/v1/cases",
        Some(&alice),
        "198.51.100.7:1",
        &key,
        Some(&complaint("另一件事")),
    )
    .await;
    assert_eq!(other.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(other.error().code, ErrorCode::IdempotencyKeyReused);
}

#[tokio::test]
async fn the_inbox_filters_by_state_subject_point_department_and_overdue() {
    let Desk {
        app,
        desk,
        property,
        supervisor,
        ..
    } = desk_at(tuesday_morning()).await;
    let a = file(&app, None, "198.51.100.8:1", &complaint("一")).await;
    let b = file(
        &app,
        None,
        "198.51.100.9:1",
        &json!({"kind": "suggestion", "subject": "property", "point": "other-center",
            "text": "二"}),
    )
    .await;
    ok_step(&app, &desk, &b.tracking, "accept", None).await;
    ok_step(
        &app,
        &desk,
        &b.tracking,
        "dispatch",
        Some(json!({"department": "property"})),
    )
    .await;
    let list = |who: Signed, query: &'static str| {
        let app = &app;
        async move {
            let answer = as_staff(
                app,
                &who,
                "GET",
                &format!("/api/v1/staff/cases{query}"),
                None,
            )
            .await;
            assert_eq!(answer.status, StatusCode::OK, "{query}");
            answer
                .decode::<CaseInbox>()
                .cases
                .into_iter()
                .map(|c| c.tracking)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        list(desk.clone(), "").await,
        [b.tracking.as_str(), a.tracking.as_str()]
    );
    assert_eq!(
        list(desk.clone(), "?state=received").await,
        [a.tracking.as_str()]
    );
    assert_eq!(
        list(desk.clone(), "?subject=property").await,
        [b.tracking.as_str()]
    );
    assert_eq!(
        list(desk.clone(), "?point=test-station").await,
        [a.tracking.as_str()]
    );
    assert_eq!(
        list(supervisor.clone(), "?department=property").await,
        [b.tracking.as_str()]
    );
    // A handler's inbox is their department's, whatever they ask.
    assert_eq!(
        list(property.clone(), "?department=sanitation").await,
        [b.tracking.as_str()]
    );
    assert!(list(desk.clone(), "?overdue=true").await.is_empty());
    let wrong = as_staff(
        &app,
        &desk,
        "GET",
        "/api/v1/staff/cases?state=lost&overdue=maybe",
        None,
    )
    .await;
    assert_eq!(wrong.error().code, ErrorCode::InvalidFilter);
    assert_eq!(wrong.error().details.len(), 2);
}

fn clock_at(at: &str) -> Clock {
    let now = NaiveDateTime::parse_from_str(at, "%Y-%m-%d %H:%M").unwrap();
    Arc::new(move || now)
}

#[tokio::test]
async fn the_overdue_job_supervises_each_late_case_once_on_two_instances() {
    let Desk {
        app,
        desk,
        supervisor,
        ..
    } = desk_at(tuesday_morning()).await;
    // Three cases received on Tuesday 24 November: to be accepted by Wednesday 25th.
    let mut numbers = Vec::new();
    for n in 0..3 {
        let case = file(
            &app,
            None,
            &format!("198.51.100.{}:1", 20 + n),
            &complaint(&format!("第{n}件")),
        )
        .await;
        numbers.push(case.tracking);
    }
    // One accepted in time: its reply deadline is weeks away.
    ok_step(&app, &desk, &numbers[2], "accept", None).await;
    // On Wednesday nothing is late yet.
    assert_eq!(
        supervise_overdue(&app.store, &clock_at("2026-11-25 23:00"))
            .await
            .unwrap(),
        0
    );
    // On Thursday two are; two instances run the job at once.
    let other = spawn_other_instance(&app, std::time::Duration::from_secs(60)).await;
    let thursday = clock_at("2026-11-26 09:00");
    let (one, two) = tokio::join!(
        supervise_overdue(&app.store, &thursday),
        supervise_overdue(&other.store, &thursday)
    );
    assert_eq!(one.unwrap() + two.unwrap(), 2);
    // And again later: nothing is marked twice.
    assert_eq!(supervise_overdue(&app.store, &thursday).await.unwrap(), 0);
    for number in &numbers[..2] {
        let (view, _) = public(&app, number, None).await;
        assert!(view.supervised, "{number}");
        let marks = view
            .timeline
            .iter()
            .filter(|e| e.kind == EntryKind::Supervised)
            .count();
        assert_eq!(marks, 1, "{number}");
        assert_eq!(view.state, CaseState::Received);
    }
    let (in_time, _) = public(&app, &numbers[2], None).await;
    assert!(!in_time.supervised);
    // They wait in the supervisor's inbox; a supervised case still moves on.
    let inbox: CaseInbox = as_staff(
        &app,
        &supervisor,
        "GET",
        "/api/v1/staff/cases?supervised=true",
        None,
    )
    .await
    .decode();
    let mut listed: Vec<String> = inbox.cases.into_iter().map(|c| c.tracking).collect();
    listed.sort();
    let mut expected = numbers[..2].to_vec();
    expected.sort();
    assert_eq!(listed, expected);
    let accepted = ok_step(&app, &desk, &numbers[0], "accept", None).await;
    assert!(accepted.summary.supervised);
    assert_eq!(accepted.summary.state, CaseState::Accepted);
    ok_step(
        &app,
        &supervisor,
        &numbers[0],
        "note",
        Some(json!({"text": "请尽快处理"})),
    )
    .await;
    // On Thursday the desk's overdue filter shows the one still waiting to be accepted.
    let mut app = app;
    app.set_clock(NaiveDateTime::parse_from_str("2026-11-26 09:00", "%Y-%m-%d %H:%M").unwrap());
    let desk = sign_in(&app, "desk").await;
    let late: CaseInbox = as_staff(&app, &desk, "GET", "/api/v1/staff/cases?overdue=true", None)
        .await
        .decode();
    let late: Vec<&str> = late.cases.iter().map(|c| c.tracking.as_str()).collect();
    assert_eq!(late, [numbers[1].as_str()]);
}

// Photos with a case.

/// The JPEG with an APP1 Exif segment holding a GPS latitude (39°7'32.32"N), as a phone writes
/// it, and a comment after the image's end.
fn jpeg_with_gps() -> Vec<u8> {
    let mut tiff: Vec<u8> = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    // IFD0: GPSInfo (0x8825) pointing at the GPS IFD at 26.
    tiff.extend(1u16.to_le_bytes());
    tiff.extend(0x8825u16.to_le_bytes());
    tiff.extend(4u16.to_le_bytes());
    tiff.extend(1u32.to_le_bytes());
    tiff.extend(26u32.to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    // The GPS IFD: latitude ref "N" and the latitude's three rationals at 56.
    tiff.extend(2u16.to_le_bytes());
    tiff.extend(1u16.to_le_bytes());
    tiff.extend(2u16.to_le_bytes());
    tiff.extend(2u32.to_le_bytes());
    tiff.extend(*b"N\0\0\0");
    tiff.extend(2u16.to_le_bytes());
    tiff.extend(5u16.to_le_bytes());
    tiff.extend(3u32.to_le_bytes());
    tiff.extend(56u32.to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    for (num, den) in [(39u32, 1u32), (7, 1), (3232, 100)] {
        tiff.extend(num.to_le_bytes());
        tiff.extend(den.to_le_bytes());
    }
    let plain = jpeg(640, 480);
    let mut tagged = plain[..2].to_vec();
    tagged.extend([0xFF, 0xE1]);
    tagged.extend(((2 + 6 + tiff.len()) as u16).to_be_bytes());
    tagged.extend(b"Exif\0\0");
    tagged.extend(tiff);
    tagged.extend(&plain[2..]);
    tagged.extend(b"\xFF\xFEGPS secret");
    tagged
}

/// The files in the app's photo directory (none when it was never made).
fn photo_files(app: &TestApp) -> usize {
    std::fs::read_dir(app.state.photos.path()).map_or(0, |d| d.count())
}

/// A photo (or its thumbnail) as `who` asks for it: a resident's token or a staff session.
async fn get_photo(
    app: &TestApp,
    uri: &str,
    token: Option<&str>,
    staff: Option<&Signed>,
) -> Answer {
    match staff {
        Some(signed) => as_staff(app, signed, "GET", uri, None).await,
        None => as_resident(app, "GET", uri, token, "192.0.2.9:9", &[], None).await,
    }
}

#[tokio::test]
async fn photos_come_back_without_metadata_to_the_submitter_and_the_handling_staff_only() {
    let d = desk_at(tuesday_morning()).await;
    let app = &d.app;
    let alice = token_for(app, ALICE).await;
    let bob = token_for(app, BOB).await;
    let gps = jpeg_with_gps();
    assert!(gps.windows(4).any(|w| w == b"Exif"));
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::new(300, 200))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let body = complaint("楼道里堆满了杂物，见照片。");
    let answer = file_with_photos(
        app,
        Some(&alice),
        "192.0.2.30:1",
        &[("idempotency-key", "photo-case-1")],
        &body,
        &[gps.clone(), png.clone()],
    )
    .await;
    assert_eq!(
        answer.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let view: CaseView = answer.decode();
    assert_eq!(view.photos.len(), 2, "the submitter sees their photos");
    assert_eq!(photo_files(app), 4, "two photos, two thumbnails");
    // A retry of the same request gets the same case, and leaves no second set of files.
    let again = file_with_photos(
        app,
        Some(&alice),
        "192.0.2.30:1",
        &[("idempotency-key", "photo-case-1")],
        &body,
        &[gps, png],
    )
    .await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.decode::<CaseView>().tracking, view.tracking);
    assert_eq!(photo_files(app), 4, "the replay's files are removed");

    let tracking = &view.tracking;
    let first = format!("/api/v1/cases/{tracking}/photos/{}", view.photos[0]);
    let first_thumb = format!("{first}/thumb");
    let second = format!("/api/v1/cases/{tracking}/photos/{}", view.photos[1]);

    // The submitter gets the photo: a fresh JPEG, none of the original's metadata.
    let mine = get_photo(app, &first, Some(&alice), None).await;
    assert_eq!(mine.status, StatusCode::OK);
    assert_eq!(mine.headers["content-type"], "image/jpeg");
    assert_eq!(mine.headers["cache-control"], "private, no-store");
    assert_eq!(mine.headers["x-content-type-options"], "nosniff");
    let bytes = &mine.body;
    assert_eq!(&bytes[..2], &[0xFF, 0xD8]);
    assert!(!bytes.windows(4).any(|w| w == b"Exif"), "no EXIF");
    assert!(!bytes.windows(3).any(|w| w == b"GPS"), "no GPS");
    assert!(
        !bytes.windows(2).any(|w| w == [0xFF, 0xE1]),
        "no APP1 segment"
    );
    let decoded = image::load_from_memory(bytes).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (640, 480));
    let thumb = get_photo(app, &first_thumb, Some(&alice), None).await;
    assert_eq!(thumb.status, StatusCode::OK);
    let small = image::load_from_memory(&thumb.body).unwrap();
    assert_eq!((small.width(), small.height()), (320, 240));
    assert!(!thumb.body.windows(4).any(|w| w == b"Exif"));
    let png_kept = get_photo(app, &second, Some(&alice), None).await;
    assert_eq!(png_kept.status, StatusCode::OK);
    assert_eq!(
        image::guess_format(&png_kept.body).unwrap(),
        image::ImageFormat::Jpeg
    );

    // Everyone else: the same 404 as a tracking number that does not exist.
    let hidden = |answer: Answer, who: &str| {
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{who}");
        assert_eq!(answer.error().code, ErrorCode::CaseNotFound, "{who}");
    };
    hidden(get_photo(app, &first, None, None).await, "no token");
    hidden(
        get_photo(app, &first_thumb, Some(&bob), None).await,
        "another resident",
    );
    hidden(
        get_photo(app, &first, None, Some(&d.sanitation)).await,
        "a department it is not dispatched to",
    );
    hidden(
        get_photo(app, &first, None, Some(&d.property)).await,
        "a department before dispatch",
    );
    hidden(
        get_photo(
            app,
            "/api/v1/cases/34679ACE/photos/0123456789abcdef0123456789abcdef",
            Some(&alice),
            None,
        )
        .await,
        "no such case",
    );
    hidden(
        get_photo(
            app,
            &format!("/api/v1/cases/{tracking}/photos/0123456789abcdef0123456789abcdef"),
            Some(&alice),
            None,
        )
        .await,
        "no such photo",
    );
    hidden(
        get_photo(
            app,
            &format!("/api/v1/cases/{tracking}/photos/..%2F..%2Fetc%2Fpasswd"),
            Some(&alice),
            None,
        )
        .await,
        "not a photo id",
    );
    // A wrong token is told so, whether the case exists or not.
    for uri in [
        first.as_str(),
        "/api/v1/cases/34679ACE/photos/0123456789abcdef0123456789abcdef",
    ] {
        let answer = get_photo(app, uri, Some("not-a-token"), None).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{uri}");
        assert_eq!(answer.error().code, ErrorCode::ResidentUnauthenticated);
    }
    // Another case's photo is not this case's.
    let other = file_with_photos(
        app,
        Some(&bob),
        "192.0.2.31:1",
        &[],
        &complaint("另一件"),
        &[jpeg(64, 64)],
    )
    .await;
    assert_eq!(other.status, StatusCode::CREATED);
    let other: CaseView = other.decode();
    hidden(
        get_photo(
            app,
            &format!("/api/v1/cases/{tracking}/photos/{}", other.photos[0]),
            Some(&alice),
            None,
        )
        .await,
        "a photo of another case",
    );
    // The public view shows no photos to anyone but the submitter.
    let (seen, raw) = public(app, tracking, None).await;
    assert!(seen.photos.is_empty());
    assert!(!raw.contains(&view.photos[0]));

    // Staff who may read the case get it; its staff view lists the photos.
    for who in [&d.desk, &d.supervisor, &d.admin] {
        let answer = get_photo(app, &first, None, Some(who)).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", who.cookie);
        assert_eq!(answer.body, mine.body);
    }
    ok_step(app, &d.desk, tracking, "accept", None).await;
    let dispatched = ok_step(
        app,
        &d.desk,
        tracking,
        "dispatch",
        Some(json!({"department": "property"})),
    )
    .await;
    assert_eq!(dispatched.photos, view.photos);
    let handler = get_photo(app, &first_thumb, None, Some(&d.property)).await;
    assert_eq!(handler.status, StatusCode::OK);
    assert_eq!(handler.body, thumb.body);
    hidden(
        get_photo(app, &first, None, Some(&d.sanitation)).await,
        "another department after dispatch",
    );
}

#[tokio::test]
async fn a_refused_photo_refuses_the_whole_case_and_nothing_is_kept() {
    let d = desk_at(tuesday_morning()).await;
    let app = &d.app;
    let alice = token_for(app, ALICE).await;
    let good = jpeg(64, 64);
    // An executable renamed IMG_0.jpg and declared image/jpeg.
    let mut elf = b"\x7fELF\x02\x01\x01\0".to_vec();
    elf.resize(64 * 1024, 0x90);
    // A photo of 20 MB.
    let mut huge = jpeg(64, 64);
    huge.resize(20 * 1024 * 1024, 0);
    let mut nine = jpeg(64, 64);
    nine.resize(9 * 1024 * 1024, 0);
    // A small JPEG whose frame header claims 60,000 x 60,000 pixels.
    let mut bomb = jpeg(64, 64);
    let sof = bomb.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    bomb[sof + 5..sof + 7].copy_from_slice(&60_000u16.to_be_bytes());
    bomb[sof + 7..sof + 9].copy_from_slice(&60_000u16.to_be_bytes());
    let cases: [(&str, Vec<Vec<u8>>, StatusCode, ErrorCode); 6] = [
        (
            "a renamed executable",
            vec![good.clone(), elf],
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::PhotoNotImage,
        ),
        (
            "a 20 MB photo",
            vec![huge],
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::PhotoTooLarge,
        ),
        (
            "four photos",
            vec![good.clone(), good.clone(), good.clone(), good.clone()],
            StatusCode::BAD_REQUEST,
            ErrorCode::PhotosTooMany,
        ),
        (
            // 36 MB in all: over the request's limit (3 x 10 MB and a little), refused as
            // soon as its length is known.
            "four photos of 9 MB",
            vec![nine.clone(), nine.clone(), nine.clone(), nine],
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::PhotoTooLarge,
        ),
        (
            "a decompression bomb",
            vec![bomb],
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::PhotoTooManyPixels,
        ),
        (
            "a JPEG's signature and nothing behind it",
            vec![{
                let mut fake = vec![0xFF, 0xD8, 0xFF, 0xE0];
                fake.resize(1000, 0x41);
                fake
            }],
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::PhotoUnreadable,
        ),
    ];
    for (n, (what, photos, status, code)) in cases.into_iter().enumerate() {
        let client = format!("192.0.2.40:{}", n + 1);
        let answer = file_with_photos(
            app,
            Some(&alice),
            &client,
            &[("accept-language", "en")],
            &complaint(what),
            &photos,
        )
        .await;
        assert_eq!(answer.status, status, "{what}");
        let error = answer.error();
        assert_eq!(error.code, code, "{what}");
        assert_eq!(error.message, code.message(linli_shared::error::Lang::En));
        assert_eq!(photo_files(app), 0, "{what}: no file kept");
        let inbox: CaseInbox = as_staff(app, &d.desk, "GET", "/api/v1/staff/cases", None)
            .await
            .decode();
        assert!(inbox.cases.is_empty(), "{what}: no case kept");
    }
    // A form without its case, or with a part it does not know, is not a case either.
    let answer = file_with_photos(app, None, "192.0.2.41:1", &[], &json!("not a case"), &[]).await;
    assert_eq!(answer.error().code, ErrorCode::InvalidBody);
    // The JSON form is read up to 64 KB only: the route's large limit is for photos.
    let answer = as_resident(
        app,
        "POST",
        "/api/v1/cases",
        None,
        "192.0.2.41:2",
        &[],
        Some(&complaint(&"长".repeat(400_000))),
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.error().code, ErrorCode::InvalidBody);
    // The JSON form keeps working, and a good photo is taken.
    file(app, Some(&alice), "192.0.2.42:1", &complaint("没有照片")).await;
    let answer = file_with_photos(
        app,
        Some(&alice),
        "192.0.2.43:1",
        &[],
        &complaint("一张"),
        &[good],
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED);
    assert_eq!(photo_files(app), 2);
}

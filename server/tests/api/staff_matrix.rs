//! The authorization matrix: every staff endpoint (the router's own list,
//! `http::staff::routes`) × every role × a target in and out of the role's scope, allowed or
//! refused. An endpoint without a rule here fails the test.

use axum::http::{Method, StatusCode};
use linli_server::http::staff::routes;
use linli_server::store::appointments::{BookingOutcome, BookingRequest};
use linli_server::store::audit::AuditActor;
use linli_server::store::cases::{CaseStep, StepBy};
use linli_shared::api::cases::CaseView;
use linli_shared::api::staff::{AccountsResponse, AuditResponse, PublishedRecord, StaffDirectory};
use linli_shared::domain::case::Event;
use linli_shared::domain::resident::Phone;
use linli_shared::domain::staff::{Role, Scope};
use linli_shared::error::ErrorCode;
use serde_json::{Value, json};

use crate::helpers::*;
use crate::staff_helpers::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Allowed,
    Refused,
}

use Expect::*;

/// The rule of each endpoint: what `role` may do to a target in or out of its scope. The
/// platform admin's scope is everything, so "out" is a target in the other district.
fn rule(method: &Method, path: &str, role: Role, in_scope: bool) -> Option<Expect> {
    let admin = role.is_admin();
    let manages = match role {
        Role::PlatformAdmin => true,
        Role::DistrictAdmin => in_scope,
        _ => false,
    };
    // The cases: in scope is a case of the handler's department, out of it another's.
    let handler_here = role == Role::DepartmentHandler && in_scope;
    let allowed = |yes: bool| if yes { Allowed } else { Refused };
    Some(match (method.as_str(), path) {
        ("POST", "/staff/login") => Allowed,
        ("POST", "/staff/logout") | ("GET", "/staff/me") | ("POST", "/staff/password") => Allowed,
        ("GET", "/staff/accounts") | ("GET", "/staff/audit") | ("GET", "/staff/insights") => {
            allowed(admin)
        }
        // Every role reads the directory; the list holds only the points in scope (below).
        ("GET", "/staff/directory") | ("GET", "/staff/directory/export") => Allowed,
        // A whole directory holds the catalogue and every district's points.
        ("POST", "/staff/directory/import") => allowed(role == Role::PlatformAdmin),
        ("POST", "/staff/accounts")
        | ("POST", "/staff/accounts/{id}/disable")
        | ("POST", "/staff/accounts/{id}/enable")
        | ("POST", "/staff/accounts/{id}/password") => allowed(manages),
        // Reading the directory and one's own draft, discarding from it, publishing it (each
        // record in it was authorized when saved and is again when published).
        ("GET", "/staff/records/{kind}/{id}")
        | ("GET", "/staff/draft")
        | ("GET", "/staff/draft/diff")
        | ("DELETE", "/staff/draft/{kind}/{id}")
        | ("POST", "/staff/draft/publish") => Allowed,
        // Saving an edit of a point (its phone) into the draft: the point's district admin and
        // its manager. Items and categories (the platform admin's only) are covered in
        // `staff_drafts.rs` and by `may_edit`'s unit test.
        ("PUT", "/staff/draft/{kind}/{id}") => allowed(match role {
            Role::PlatformAdmin => true,
            Role::DistrictAdmin | Role::PointManager => in_scope,
            _ => false,
        }),
        ("GET", "/staff/cases") => allowed(matches!(
            role,
            Role::PlatformAdmin | Role::FrontDesk | Role::Supervisor | Role::DepartmentHandler
        )),
        ("GET", "/staff/cases/{tracking}")
        | ("GET", "/staff/cases/{tracking}/photos/{id}")
        | ("GET", "/staff/cases/{tracking}/photos/{id}/thumb") => allowed(
            matches!(
                role,
                Role::PlatformAdmin | Role::FrontDesk | Role::Supervisor
            ) || handler_here,
        ),
        ("POST", "/staff/cases/{tracking}/accept")
        | ("POST", "/staff/cases/{tracking}/dispatch")
        | ("POST", "/staff/cases/{tracking}/close")
        | ("POST", "/staff/cases/{tracking}/follow-up") => allowed(role == Role::FrontDesk),
        ("POST", "/staff/cases/{tracking}/hand-back")
        | ("POST", "/staff/cases/{tracking}/start")
        | ("POST", "/staff/cases/{tracking}/reply") => allowed(handler_here),
        // A booking of the point in scope, or of the other one: its clerks and manager only.
        ("POST", "/staff/bookings/{code}/no-show") => {
            allowed(matches!(role, Role::Clerk | Role::PointManager) && in_scope)
        }
        ("POST", "/staff/cases/{tracking}/note") => {
            allowed(matches!(role, Role::FrontDesk | Role::Supervisor) || handler_here)
        }
        _ => return None,
    })
}

/// The actor of each role: the district admin of 西青区, the manager and clerk of
/// `test-station` (in 西青区). In scope: a clerk of `test-station`; out: of `other-center`
/// (和平区).
fn actor(role: Role) -> (&'static str, Scope) {
    match role {
        Role::PlatformAdmin => ("admin", Scope::All),
        Role::DistrictAdmin => ("district", district("西青区")),
        Role::PointManager => ("manager", point("test-station")),
        Role::Clerk => ("clerk", point("test-station")),
        Role::FrontDesk => ("desk", Scope::All),
        Role::DepartmentHandler => ("wuye", Scope::parse("department:property").unwrap()),
        Role::Supervisor => ("boss", Scope::All),
    }
}

/// A case where the step of `path` can be taken: filed from a client address of its own, then
/// moved along by the store (as the front desk and the department would) to the state the step
/// needs, in the department in scope (`property`) or out of it (`sanitation`).
/// For a photo's path, the case carries one: its id is the second of the answer.
async fn case_for(
    app: &TestApp,
    path: &str,
    in_scope: bool,
    serial: usize,
) -> (String, Option<String>) {
    let client = format!("192.0.2.{}:{}", serial % 250, 2000 + serial);
    let case = json!({"kind": "complaint", "subject": "other", "text": "矩阵"});
    let answer = if path.contains("/photos/") {
        file_with_photos(app, None, &client, &[], &case, &[jpeg(32, 32)]).await
    } else {
        app.send(request("POST", "/api/v1/cases", &client, &[], Some(&case)))
            .await
    };
    assert_eq!(answer.status, StatusCode::CREATED);
    let tracking = answer.decode::<CaseView>().tracking;
    let step = path.rsplit('/').next().unwrap();
    let events: &[Event] = match step {
        "accept" => &[],
        "dispatch" => &[Event::Accept],
        "close" => &[Event::Accept, Event::Dispatch, Event::Reply],
        "follow-up" => &[Event::Accept, Event::Dispatch, Event::Reply, Event::Close],
        _ => &[Event::Accept, Event::Dispatch],
    };
    let calendar = app.store.calendar().await.unwrap();
    let cli = AuditActor::cli();
    let department = if in_scope { "property" } else { "sanitation" };
    for &event in events {
        app.store
            .take_case_step(CaseStep {
                tracking: &tracking,
                version: None,
                event,
                by: StepBy {
                    party: event.party(),
                    audit: &cli,
                },
                department: Some(department),
                text: Some("矩阵"),
                rating: None,
                calendar: &calendar,
                now: (app.state.clock)(),
            })
            .await
            .unwrap();
    }
    let case = app
        .store
        .case_by_tracking(&tracking)
        .await
        .unwrap()
        .unwrap();
    let photo = app
        .store
        .case_photos(case.id)
        .await
        .unwrap()
        .into_iter()
        .next();
    (tracking, photo)
}

/// A booking at the point in or out of scope whose time has begun (so it can be marked a
/// no-show), made through the booking writer (the test directory has no schedules).
async fn booking_for(app: &TestApp, in_scope: bool, serial: usize) -> String {
    let now = (app.state.clock)();
    let starts_at = now - chrono::TimeDelta::minutes(30 + serial as i64);
    let outcome = app
        .state
        .bookings
        .book(BookingRequest {
            phone: Phone::parse("13800000000").unwrap(),
            name: "矩阵".into(),
            on_behalf: false,
            relation: None,
            point_id: target_point(in_scope).into(),
            item_id: "dibao".into(),
            schedule_id: "matrix".into(),
            starts_at,
            ends_at: starts_at + chrono::TimeDelta::minutes(15),
            seats: 1,
            idempotency_key: None,
            request_digest: String::new(),
            now,
            limits: Default::default(),
            seat_rules: Default::default(),
        })
        .await
        .unwrap();
    match outcome {
        BookingOutcome::Created(b) => b.code,
        other => panic!("{other:?}"),
    }
}

fn target_point(in_scope: bool) -> &'static str {
    if in_scope {
        "test-station"
    } else {
        "other-center"
    }
}

#[tokio::test]
async fn every_staff_endpoint_by_every_role_in_and_out_of_scope() {
    let app = spawn_app_with(&two_districts(), tuesday_morning()).await;
    for role in Role::ALL {
        let (name, scope) = actor(role);
        add_account(&app, name, role, scope).await;
    }
    let mut signed = Vec::new();
    for role in Role::ALL {
        signed.push((role, sign_in(&app, actor(role).0).await));
    }
    let routes = routes();
    assert!(routes.len() >= 7, "{routes:?}");
    let mut serial = 0;
    let mut checked = 0;
    for (method, path) in &routes {
        for (role, session) in &signed {
            for in_scope in [true, false] {
                let expected = rule(method, path, *role, in_scope).unwrap_or_else(|| {
                    panic!("{method} {path} has no rule in the authorization matrix")
                });
                serial += 1;
                let what = format!("{method} {path} as {role:?}, target in scope: {in_scope}");
                // A target account of its own for each cell of the accounts' endpoints
                // (disabling changes it); the others need none.
                let target_id = if path.starts_with("/staff/accounts") {
                    add_account(
                        &app,
                        &format!("target{serial}"),
                        Role::Clerk,
                        point(target_point(in_scope)),
                    )
                    .await
                    .id
                } else {
                    0
                };
                // Directory records: the point in or out of scope; accounts: the target account.
                let uri = if path.contains("{code}") {
                    let code = booking_for(&app, in_scope, serial).await;
                    format!("/api/v1{}", path.replace("{code}", &code))
                } else if path.contains("{tracking}") {
                    let (tracking, photo) = case_for(&app, path, in_scope, serial).await;
                    let path = path.replace("{tracking}", &tracking);
                    format!(
                        "/api/v1{}",
                        path.replace("{id}", &photo.unwrap_or_default())
                    )
                } else if path.contains("{kind}") {
                    let point_path = path.replace("{kind}", "point");
                    format!(
                        "/api/v1{}",
                        point_path.replace("{id}", target_point(in_scope))
                    )
                } else {
                    format!("/api/v1{}", path.replace("{id}", &target_id.to_string()))
                };
                let body: Option<Value> = match (method.as_str(), *path) {
                    ("POST", "/staff/login") => {
                        Some(json!({"username": actor(*role).0, "password": PASSWORD}))
                    }
                    ("POST", "/staff/password") => Some(json!({
                        "current_password": PASSWORD,
                        "new_password": "another long password",
                    })),
                    ("POST", "/staff/accounts") => Some(json!({
                        "username": format!("new{serial}"),
                        "role": "clerk",
                        "scope": format!("point:{}", target_point(in_scope)),
                    })),
                    ("POST", "/staff/accounts/{id}/password") => Some(json!({})),
                    ("POST", "/staff/directory/import") => {
                        Some(serde_json::to_value(two_districts()).unwrap())
                    }
                    ("PUT", "/staff/draft/{kind}/{id}") => {
                        let current: PublishedRecord = as_staff(
                            &app,
                            session,
                            "GET",
                            &format!("/api/v1/staff/records/point/{}", target_point(in_scope)),
                            None,
                        )
                        .await
                        .decode();
                        let mut record = current.record;
                        record["phone"] = json!(format!("022-{serial}"));
                        Some(json!({"base_version": current.version, "record": record}))
                    }
                    ("POST", "/staff/cases/{tracking}/dispatch") => {
                        Some(json!({"department": "property"}))
                    }
                    ("POST", "/staff/cases/{tracking}/hand-back")
                    | ("POST", "/staff/cases/{tracking}/reply")
                    | ("POST", "/staff/cases/{tracking}/note")
                    | ("POST", "/staff/cases/{tracking}/follow-up") => {
                        Some(json!({"text": "矩阵"}))
                    }
                    _ => None,
                };
                // Signing out and changing the password end sessions, and publishing would
                // publish the edits other cells saved: those cells act as an account of their
                // own with the same role and scope.
                let session = if ["/staff/logout", "/staff/password", "/staff/draft/publish"]
                    .contains(path)
                {
                    let name = format!("{}{serial}", actor(*role).0);
                    add_account(&app, &name, *role, actor(*role).1).await;
                    // From an address of its own: these sign-ins are not what is tested.
                    sign_in_from(&app, &format!("198.51.100.{}:1000", serial % 250), &name).await
                } else {
                    session.clone()
                };
                let answer = if *path == "/staff/login" {
                    let client = format!("203.0.113.{}:1000", serial % 250);
                    app.send(request(method.as_str(), &uri, &client, &[], body.as_ref()))
                        .await
                } else {
                    as_staff(&app, &session, method.as_str(), &uri, body.as_ref()).await
                };
                match expected {
                    Allowed => assert!(
                        answer.status.is_success(),
                        "{what}: {} {}",
                        answer.status,
                        String::from_utf8_lossy(&answer.body)
                    ),
                    Refused => {
                        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{what}");
                        assert_eq!(answer.error().code, ErrorCode::Forbidden, "{what}");
                    }
                }
                // What an allowed list shows stays within the scope.
                if expected == Allowed && *path == "/staff/accounts" && method == Method::GET {
                    let list: AccountsResponse = answer.decode();
                    let listed = list.accounts.iter().any(|a| a.id == target_id);
                    let visible = *role == Role::PlatformAdmin || in_scope;
                    assert_eq!(listed, visible, "{what}");
                }
                if expected == Allowed && *path == "/staff/directory" {
                    let list: StaffDirectory = answer.decode();
                    let listed = list.points.iter().any(|p| p.id == target_point(in_scope));
                    // Points within the actor's scope: every point for a scope of `all`, none
                    // for a department (no place of the directory).
                    let visible = match actor(*role).1 {
                        Scope::All => true,
                        Scope::Department(_) => false,
                        _ => in_scope,
                    };
                    assert_eq!(listed, visible, "{what}");
                    assert!(
                        !list.items.is_empty(),
                        "{what}: the catalogue is everyone's"
                    );
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, routes.len() * Role::ALL.len() * 2);
}

#[tokio::test]
async fn a_district_admin_reads_only_the_audit_of_their_district() {
    let app = spawn_app_with(&two_districts(), tuesday_morning()).await;
    add_account(&app, "admin", Role::PlatformAdmin, Scope::All).await;
    add_account(&app, "district", Role::DistrictAdmin, district("西青区")).await;
    add_account(&app, "heping", Role::DistrictAdmin, district("和平区")).await;
    let xiqing = sign_in(&app, "district").await;
    let heping = sign_in(&app, "heping").await;
    for (who, point_id, name) in [
        (&xiqing, "test-station", "xq1"),
        (&heping, "other-center", "hp1"),
    ] {
        let created = as_staff(
            &app,
            who,
            "POST",
            "/api/v1/staff/accounts",
            Some(&json!({"username": name, "role": "point_manager", "scope": format!("point:{point_id}")})),
        )
        .await;
        assert_eq!(created.status, StatusCode::CREATED);
    }
    let seen: AuditResponse = as_staff(&app, &xiqing, "GET", "/api/v1/staff/audit", None)
        .await
        .decode();
    let actors: Vec<&str> = seen.entries.iter().map(|e| e.actor.as_str()).collect();
    assert_eq!(actors, ["district"], "{seen:?}");
    let platform = sign_in(&app, "admin").await;
    let all: AuditResponse = as_staff(&app, &platform, "GET", "/api/v1/staff/audit", None)
        .await
        .decode();
    // Both creations and the five accounts made on the command line.
    assert_eq!(all.entries.len(), 5, "{all:?}");
}

#[tokio::test]
async fn the_openapi_document_describes_every_staff_endpoint() {
    let app = spawn_app().await;
    let doc: serde_json::Value = app.get_ok("/api/v1/openapi.json").await;
    for (method, path) in routes() {
        let documented = &doc["paths"][format!("/api/v1{path}")][method.as_str().to_lowercase()];
        assert!(documented.is_object(), "{method} {path} is not documented");
    }
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for schema in [
        "LoginRequest",
        "StaffSession",
        "NewAccount",
        "AuditResponse",
        "Role",
        "DraftSave",
        "DraftDiff",
        "PublishedRecord",
        "PasswordReset",
        "InsightsResponse",
        "DirectoryUpload",
        "NewCase",
        "CaseView",
        "CaseRating",
        "CaseInbox",
        "StaffCaseView",
        "NoShowMarked",
        "NewWaitlistEntry",
        "WaitlistEntry",
        "Waitlist",
    ] {
        assert!(schemas.contains_key(schema), "{schema} is not described");
    }
}

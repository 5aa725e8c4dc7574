//! The directory file from the console: exported as `linli-server export` writes it; uploaded,
//! checked with the import's rules (every problem named), put into the uploader's draft and
//! published through the drafts' path.

use axum::http::{StatusCode, header};
use linli_server::directory::parse_directory;
use linli_shared::api::ItemDetail;
use linli_shared::api::staff::{
    AuditResponse, DirectoryUpload, DraftDiff, PublishResult, RecordChange, StaffDirectory,
};
use linli_shared::domain::staff::{Role, Scope};
use linli_shared::error::ErrorCode;
use serde_json::json;

use crate::helpers::*;
use crate::staff_helpers::*;

#[tokio::test]
async fn an_uploaded_directory_file_becomes_a_draft_with_its_diff_then_is_published() {
    let app = spawn_app_with(&two_districts(), tuesday_morning()).await;
    add_account(&app, "admin", Role::PlatformAdmin, Scope::All).await;
    add_account(&app, "district", Role::DistrictAdmin, district("西青区")).await;
    let admin = sign_in(&app, "admin").await;

    let exported = as_staff(&app, &admin, "GET", "/api/v1/staff/directory/export", None).await;
    assert_eq!(exported.status, StatusCode::OK);
    assert!(
        exported.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"linli-directory-v"),
    );
    let file = parse_directory(std::str::from_utf8(&exported.body).unwrap()).unwrap();
    assert_eq!(file, two_districts());

    // Rename an item, leave out a point.
    let mut changed = file.clone();
    let dibao = changed.items.iter_mut().find(|i| i.id == "dibao").unwrap();
    dibao.name = "最低生活保障（城乡）".into();
    changed.points.retain(|p| p.id != "other-center");
    let uploaded = as_staff(
        &app,
        &admin,
        "POST",
        "/api/v1/staff/directory/import",
        Some(&serde_json::to_value(&changed).unwrap()),
    )
    .await;
    assert_eq!(
        uploaded.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&uploaded.body)
    );
    let upload: DirectoryUpload = uploaded.decode();
    assert_eq!((upload.added, upload.changed, upload.retired), (0, 1, 1));
    let diff: DraftDiff = as_staff(&app, &admin, "GET", "/api/v1/staff/draft/diff", None)
        .await
        .decode();
    let records: Vec<(&str, RecordChange)> = diff
        .records
        .iter()
        .map(|r| (r.id.as_str(), r.change))
        .collect();
    assert_eq!(
        records,
        [
            ("dibao", RecordChange::Changed),
            ("other-center", RecordChange::Retired)
        ]
    );
    // Residents see nothing of it yet.
    let before: ItemDetail = app.get_ok("/api/v1/items/dibao").await;
    assert_eq!(before.item.name, "最低生活保障");

    let published = as_staff(&app, &admin, "POST", "/api/v1/staff/draft/publish", None).await;
    assert_eq!(
        published.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&published.body)
    );
    let result: PublishResult = published.decode();
    assert_eq!(result.records, 2);
    let after: ItemDetail = app.get_ok("/api/v1/items/dibao").await;
    assert_eq!(after.item.name, "最低生活保障（城乡）");
    assert_eq!(
        app.get("/api/v1/points/other-center").await.status,
        StatusCode::NOT_FOUND
    );
    let audit: AuditResponse = as_staff(
        &app,
        &admin,
        "GET",
        "/api/v1/staff/audit?record_kind=point",
        None,
    )
    .await
    .decode();
    assert_eq!(audit.entries[0].action, "record_retired");
    assert_eq!(audit.entries[0].actor, "admin");

    // Only a platform admin uploads a whole directory.
    let district = sign_in(&app, "district").await;
    let refused = as_staff(
        &app,
        &district,
        "POST",
        "/api/v1/staff/directory/import",
        Some(&serde_json::to_value(&changed).unwrap()),
    )
    .await;
    assert_eq!(refused.error().code, ErrorCode::Forbidden);
}

#[tokio::test]
async fn an_invalid_file_is_refused_with_every_problem_named_and_the_draft_kept() {
    let app = spawn_app_with(&two_districts(), tuesday_morning()).await;
    add_account(&app, "admin", Role::PlatformAdmin, Scope::All).await;
    let admin = sign_in(&app, "admin").await;
    // Something in the draft already.
    let mut file = serde_json::to_value(two_districts()).unwrap();
    file["items"][0]["name"] = json!("");
    file["points"][0]["items"] = json!(["no-such-item"]);
    file["unexpected"] = json!(1);
    let answer = as_staff(
        &app,
        &admin,
        "POST",
        "/api/v1/staff/directory/import",
        Some(&file),
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    let error = answer.error();
    assert_eq!(error.code, ErrorCode::DirectoryInvalid);
    assert!(error.details.len() >= 3, "{error:?}");
    assert!(
        error
            .details
            .iter()
            .all(|d| d.code == ErrorCode::DirectoryInvalid && d.reason.is_some())
    );
    assert!(
        error.details.iter().any(|d| d.field.contains("unexpected")),
        "{error:?}"
    );
    // Not JSON at all.
    let garbage = app
        .send(request(
            "POST",
            "/api/v1/staff/directory/import",
            CLIENT,
            &[
                ("cookie", admin.cookie.as_str()),
                ("x-csrf-token", admin.csrf.as_str()),
                ("content-type", "application/json"),
            ],
            None,
        ))
        .await;
    assert_eq!(garbage.error().code, ErrorCode::DirectoryInvalid);
    let diff: DraftDiff = as_staff(&app, &admin, "GET", "/api/v1/staff/draft/diff", None)
        .await
        .decode();
    assert!(diff.records.is_empty());
}

/// The ids of a staff list, items then points, each retired one marked `(retired)`.
fn listed(list: &StaffDirectory) -> (Vec<String>, Vec<String>) {
    let mark = |id: &str, retired: bool| {
        if retired {
            format!("{id} (retired)")
        } else {
            id.to_owned()
        }
    };
    (
        list.items.iter().map(|i| mark(&i.id, i.retired)).collect(),
        list.points.iter().map(|p| mark(&p.id, p.retired)).collect(),
    )
}

#[tokio::test]
async fn the_staff_list_finds_retired_records_and_keeps_points_in_scope() {
    let app = spawn_app_with(&two_districts(), tuesday_morning()).await;
    add_account(&app, "admin", Role::PlatformAdmin, Scope::All).await;
    add_account(&app, "district", Role::DistrictAdmin, district("西青区")).await;
    add_account(&app, "clerk", Role::Clerk, point("test-station")).await;
    let admin = sign_in(&app, "admin").await;
    // Retire a point, then an item, by publishing files without them (one at a time: at once
    // they would retire most offerings).
    let mut file = two_districts();
    file.points.retain(|p| p.id != "other-center");
    let without_point = file.clone();
    file.items.retain(|i| i.id != "temporary-assistance");
    for p in &mut file.points {
        p.items.retain(|i| i != "temporary-assistance");
    }
    for file in [without_point, file] {
        let uploaded = as_staff(
            &app,
            &admin,
            "POST",
            "/api/v1/staff/directory/import",
            Some(&serde_json::to_value(&file).unwrap()),
        )
        .await;
        assert_eq!(uploaded.status, StatusCode::OK);
        let published = as_staff(&app, &admin, "POST", "/api/v1/staff/draft/publish", None).await;
        assert_eq!(
            published.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&published.body)
        );
    }

    let list = |session: &Signed, query: &'static str| {
        let app = &app;
        let session = session.clone();
        async move {
            let answer = as_staff(
                app,
                &session,
                "GET",
                &format!("/api/v1/staff/directory{query}"),
                None,
            )
            .await;
            assert_eq!(
                answer.status,
                StatusCode::OK,
                "{query}: {}",
                String::from_utf8_lossy(&answer.body)
            );
            listed(&answer.decode())
        }
    };
    // Active by default: what residents see, in the file's order.
    let (items, points) = list(&admin, "").await;
    assert_eq!(items, ["dibao", "elderly-meals"]);
    assert_eq!(points, ["test-street-center", "test-station"]);
    // Retired ones on asking, found by a colloquial name too.
    let (items, points) = list(&admin, "?status=retired").await;
    assert_eq!(items, ["temporary-assistance (retired)"]);
    assert_eq!(points, ["other-center (retired)"]);
    let (items, points) = list(&admin, "?status=all&q=%E6%80%A5%E9%9A%BE").await; // 急难
    assert_eq!(items, ["temporary-assistance (retired)"]);
    assert!(points.is_empty());
    // By category (items only), by district (points only), by kind, by text in an address.
    let (items, points) = list(&admin, "?category=elderly").await;
    assert_eq!((items, points.len()), (vec!["elderly-meals".to_owned()], 0));
    let (items, points) = list(&admin, "?status=all&district=%E5%92%8C%E5%B9%B3%E5%8C%BA").await;
    assert_eq!(
        (items.len(), points),
        (0, vec!["other-center (retired)".to_owned()])
    );
    let (items, _) = list(&admin, "?kind=points").await;
    assert!(items.is_empty());
    let (items, points) = list(&admin, "?q=%E5%B9%B8%E7%A6%8F%E9%87%8C").await; // 幸福里
    assert_eq!((items.len(), points), (0, vec!["test-station".to_owned()]));

    // Points within the asker's scope only; the catalogue is everyone's.
    let district_admin = sign_in(&app, "district").await;
    let (items, points) = list(&district_admin, "?status=all").await;
    assert_eq!(items.len(), 3);
    assert_eq!(points, ["test-street-center", "test-station"]);
    let clerk = sign_in(&app, "clerk").await;
    let (_, points) = list(&clerk, "?status=all").await;
    assert_eq!(points, ["test-station"]);

    // Every wrong parameter named; signed out is 401.
    let wrong = as_staff(
        &app,
        &admin,
        "GET",
        "/api/v1/staff/directory?status=gone&kind=both",
        None,
    )
    .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    let error = wrong.error();
    assert_eq!(error.code, ErrorCode::InvalidFilter);
    let fields: Vec<&str> = error.details.iter().map(|d| d.field.as_str()).collect();
    assert_eq!(fields, ["status", "kind"]);
    assert_eq!(
        app.get("/api/v1/staff/directory").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn every_staff_route_is_in_the_openapi_document() {
    let app = spawn_app().await;
    let doc: serde_json::Value = app.get_ok("/api/v1/openapi.json").await;
    for (method, path) in linli_server::http::staff::routes() {
        let operation = &doc["paths"][format!("/api/v1{path}")][method.as_str().to_lowercase()];
        assert!(operation.is_object(), "{method} {path} is not documented");
    }
    assert!(doc["components"]["schemas"]["StaffDirectory"].is_object());
}

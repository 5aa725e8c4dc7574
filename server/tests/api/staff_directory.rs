//! The directory file from the console: exported as `linli-server export` writes it; uploaded,
//! checked with the import's rules (every problem named), put into the uploader's draft and
//! published through the drafts' path.

use axum::http::{StatusCode, header};
use linli_server::directory::parse_directory;
use linli_shared::api::ItemDetail;
use linli_shared::api::staff::{
    AuditResponse, DirectoryUpload, DraftDiff, PublishResult, RecordChange,
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

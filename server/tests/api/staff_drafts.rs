//! Editing the directory through drafts: an edit stays out of residents' sight until it is
//! published; the diff names each field; a stale copy is refused with the current values; a
//! draft that breaks the import's rules is refused whole, every problem named; a point manager
//! edits only their own point.

use axum::http::StatusCode;
use linli_shared::api::ItemDetail;
use linli_shared::api::staff::{
    AuditResponse, DraftDiff, DraftResponse, PublishResult, PublishedRecord, RecordChange,
};
use linli_shared::domain::draft::DraftKind;
use linli_shared::domain::staff::{Role, Scope};
use linli_shared::error::ErrorCode;
use serde_json::{Value, json};

use linli_server::store::ImportOptions;

use crate::helpers::*;
use crate::staff_helpers::*;

async fn published(app: &TestApp, who: &Signed, kind: &str, id: &str) -> PublishedRecord {
    let answer = as_staff(
        app,
        who,
        "GET",
        &format!("/api/v1/staff/records/{kind}/{id}"),
        None,
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{kind} {id}");
    answer.decode()
}

async fn save(
    app: &TestApp,
    who: &Signed,
    kind: &str,
    id: &str,
    base: Option<&str>,
    record: &Value,
) -> Answer {
    as_staff(
        app,
        who,
        "PUT",
        &format!("/api/v1/staff/draft/{kind}/{id}"),
        Some(&json!({"base_version": base, "record": record})),
    )
    .await
}

async fn publish(app: &TestApp, who: &Signed) -> Answer {
    as_staff(app, who, "POST", "/api/v1/staff/draft/publish", None).await
}

async fn material_names(app: &TestApp) -> Vec<String> {
    let detail: ItemDetail = app.get_ok("/api/v1/items/dibao").await;
    detail.item.materials.into_iter().map(|m| m.name).collect()
}

const NEW_MATERIAL: &str = "近三个月银行流水";

fn with_new_material(record: &Value) -> Value {
    let mut record = record.clone();
    record["materials"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": NEW_MATERIAL, "form": "copy", "copies": 1}));
    record
}

#[tokio::test]
async fn a_material_added_in_a_draft_reaches_residents_only_when_published() {
    let app = spawn_app_with(&two_districts(), tuesday_morning()).await;
    add_account(&app, "admin", Role::PlatformAdmin, Scope::All).await;
    let admin = sign_in(&app, "admin").await;
    let before = material_names(&app).await;
    assert_eq!(before.len(), 3);
    let version_before = app.store.directory_version().await.unwrap();

    let dibao = published(&app, &admin, "item", "dibao").await;
    let saved = save(
        &app,
        &admin,
        "item",
        "dibao",
        Some(&dibao.version),
        &with_new_material(&dibao.record),
    )
    .await;
    assert_eq!(
        saved.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&saved.body)
    );

    // Residents do not see it yet; the draft and its diff do.
    assert_eq!(material_names(&app).await, before);
    let draft: DraftResponse = as_staff(&app, &admin, "GET", "/api/v1/staff/draft", None)
        .await
        .decode();
    assert_eq!(draft.entries.len(), 1);
    assert_eq!(draft.entries[0].kind, DraftKind::Item);
    let diff: DraftDiff = as_staff(&app, &admin, "GET", "/api/v1/staff/draft/diff", None)
        .await
        .decode();
    assert_eq!(diff.records.len(), 1, "{diff:?}");
    let record = &diff.records[0];
    assert_eq!(
        (record.id.as_str(), record.change),
        ("dibao", RecordChange::Changed)
    );
    assert!(!record.stale);
    assert_eq!(record.fields.len(), 1, "{diff:?}");
    assert_eq!(record.fields[0].field, "materials[3]");
    assert_eq!(record.fields[0].before, None);
    assert_eq!(
        record.fields[0].after.as_ref().unwrap()["name"],
        NEW_MATERIAL
    );

    let answer = publish(&app, &admin).await;
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let result: PublishResult = answer.decode();
    assert_eq!(result.records, 1);
    assert_eq!(result.version, version_before + 1);
    // The publishing instance serves it at once; the material is last, the others kept.
    let after = material_names(&app).await;
    assert_eq!(after.len(), 4);
    assert_eq!(after[..3], before[..]);
    assert_eq!(after[3], NEW_MATERIAL);
    // The stored directory has it too (what every other instance loads).
    let (_, stored) = app.store.load_directory().await.unwrap();
    let item = stored
        .items
        .iter()
        .find(|i| i.id.as_str() == "dibao")
        .unwrap();
    assert_eq!(item.materials.len(), 4);

    // The draft is empty; the change is audited with before and after.
    let draft: DraftResponse = as_staff(&app, &admin, "GET", "/api/v1/staff/draft", None)
        .await
        .decode();
    assert!(draft.entries.is_empty());
    let audit: AuditResponse = as_staff(
        &app,
        &admin,
        "GET",
        "/api/v1/staff/audit?record_kind=item&record_id=dibao",
        None,
    )
    .await
    .decode();
    assert_eq!(audit.entries.len(), 1, "{audit:?}");
    let entry = &audit.entries[0];
    assert_eq!(entry.actor, "admin");
    assert_eq!(entry.action, "record_changed");
    assert!(
        format!("{:?}", entry.after).contains(NEW_MATERIAL),
        "{entry:?}"
    );
    assert!(
        !format!("{:?}", entry.before).contains(NEW_MATERIAL),
        "{entry:?}"
    );

    // Publishing an empty draft changes nothing.
    let again: PublishResult = publish(&app, &admin).await.decode();
    assert_eq!((again.records, again.version), (0, version_before + 1));
}

#[tokio::test]
async fn a_stale_copy_is_refused_with_the_current_values() {
    let app = spawn_app_with(&two_districts(), tuesday_morning()).await;
    add_account(&app, "first", Role::PlatformAdmin, Scope::All).await;
    add_account(&app, "second", Role::PlatformAdmin, Scope::All).await;
    let first = sign_in(&app, "first").await;
    let second = sign_in(&app, "second").await;
    let copy = published(&app, &second, "item", "dibao").await;
    let seen_by_first = published(&app, &first, "item", "dibao").await;
    assert_eq!(copy.version, seen_by_first.version);

    // The second saves an edit into their draft before the first publishes.
    let mut renamed = copy.record.clone();
    renamed["name"] = json!("最低生活保障（城乡）");
    let early = save(
        &app,
        &second,
        "item",
        "dibao",
        Some(&copy.version),
        &renamed,
    )
    .await;
    assert_eq!(early.status, StatusCode::OK);

    let mut first_edit = seen_by_first.record.clone();
    first_edit["time_limit_days"] = json!(15);
    let saved = save(
        &app,
        &first,
        "item",
        "dibao",
        Some(&seen_by_first.version),
        &first_edit,
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK);
    assert_eq!(publish(&app, &first).await.status, StatusCode::OK);

    // Saving from the old copy now: 409 with the record as it is.
    let late = save(
        &app,
        &second,
        "item",
        "dibao",
        Some(&copy.version),
        &renamed,
    )
    .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    let error = late.error();
    assert_eq!(error.code, ErrorCode::DraftStale);
    let current = error.current.expect("the current record");
    assert_eq!(current["time_limit_days"], 15);
    assert_eq!(current["name"], "最低生活保障");

    // The edit saved earlier is stale too: the diff says so, and publishing it is refused.
    let diff: DraftDiff = as_staff(&app, &second, "GET", "/api/v1/staff/draft/diff", None)
        .await
        .decode();
    assert!(diff.records[0].stale, "{diff:?}");
    let refused = publish(&app, &second).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.error().code, ErrorCode::DraftStale);
    assert_eq!(refused.error().current.unwrap()["time_limit_days"], 15);
    let detail: ItemDetail = app.get_ok("/api/v1/items/dibao").await;
    assert_eq!(detail.item.name, "最低生活保障");

    // Edited again from the current version, it goes through.
    let fresh = published(&app, &second, "item", "dibao").await;
    let mut renamed = fresh.record.clone();
    renamed["name"] = json!("最低生活保障（城乡）");
    let saved = save(
        &app,
        &second,
        "item",
        "dibao",
        Some(&fresh.version),
        &renamed,
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK);
    assert_eq!(publish(&app, &second).await.status, StatusCode::OK);
    let detail: ItemDetail = app.get_ok("/api/v1/items/dibao").await;
    assert_eq!(detail.item.name, "最低生活保障（城乡）");
    assert_eq!(detail.item.time_limit_days, 15);
}

#[tokio::test]
async fn an_invalid_draft_is_refused_whole_with_every_problem_named() {
    let app = spawn_app_with(&two_districts(), tuesday_morning()).await;
    add_account(&app, "admin", Role::PlatformAdmin, Scope::All).await;
    let admin = sign_in(&app, "admin").await;
    let version = app.store.directory_version().await.unwrap();
    let (_, stored_before) = app.store.load_directory().await.unwrap();

    let dibao = published(&app, &admin, "item", "dibao").await;
    let mut item = with_new_material(&dibao.record);
    item["materials"][0]["copies"] = json!(0);
    item["name"] = json!(" ");
    let saved = save(&app, &admin, "item", "dibao", Some(&dibao.version), &item).await;
    assert_eq!(saved.status, StatusCode::OK);
    let station = published(&app, &admin, "point", "test-station").await;
    let mut point = station.record.clone();
    point["items"] = json!(["elderly-meals", "no-such-item"]);
    let saved = save(
        &app,
        &admin,
        "point",
        "test-station",
        Some(&station.version),
        &point,
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK);

    let refused = publish(&app, &admin).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let error = refused.error();
    assert_eq!(error.code, ErrorCode::DirectoryInvalid);
    let fields: Vec<&str> = error.details.iter().map(|d| d.field.as_str()).collect();
    assert_eq!(error.details.len(), 3, "{fields:?}");
    assert!(fields.contains(&"items[0] (dibao).name"), "{fields:?}");
    assert!(
        fields.contains(&"items[0] (dibao).materials[0].copies"),
        "{fields:?}"
    );
    assert!(
        fields
            .iter()
            .any(|f| f.starts_with("points[1] (test-station).items")),
        "{fields:?}"
    );
    assert!(
        error.details.iter().all(|d| d.reason.is_some()),
        "{error:?}"
    );
    assert!(
        error
            .details
            .iter()
            .any(|d| d.reason.as_deref().unwrap().contains("no-such-item")),
        "{error:?}"
    );

    // Nothing changed, and the draft is kept for fixing.
    assert_eq!(app.store.directory_version().await.unwrap(), version);
    let (_, stored_after) = app.store.load_directory().await.unwrap();
    assert_eq!(stored_after, stored_before);
    assert_eq!(material_names(&app).await.len(), 3);
    let draft: DraftResponse = as_staff(&app, &admin, "GET", "/api/v1/staff/draft", None)
        .await
        .decode();
    assert_eq!(draft.entries.len(), 2);
    let audit: AuditResponse = as_staff(
        &app,
        &admin,
        "GET",
        "/api/v1/staff/audit?record_kind=item",
        None,
    )
    .await
    .decode();
    assert!(audit.entries.is_empty(), "{audit:?}");

    // A record that is not a record of its kind is refused when saved.
    let broken = save(
        &app,
        &admin,
        "item",
        "dibao",
        Some(&dibao.version),
        &json!({"id": "dibao"}),
    )
    .await;
    assert_eq!(broken.status, StatusCode::BAD_REQUEST);
    assert_eq!(broken.error().code, ErrorCode::InvalidBody);
    let other_id = save(&app, &admin, "item", "dibao", Some(&dibao.version), &{
        let mut r = dibao.record.clone();
        r["id"] = json!("dibao-2");
        r
    })
    .await;
    assert_eq!(other_id.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_point_manager_edits_only_their_own_point_and_only_its_desk_fields() {
    let app = spawn_app_with(&two_districts(), tuesday_morning()).await;
    add_account(&app, "manager", Role::PointManager, point("test-station")).await;
    add_account(&app, "clerk", Role::Clerk, point("test-station")).await;
    add_account(&app, "district", Role::DistrictAdmin, district("西青区")).await;
    let manager = sign_in(&app, "manager").await;

    let other = published(&app, &manager, "point", "other-center").await;
    let mut phone = other.record.clone();
    phone["phone"] = json!("022-99999999");
    let refused = save(
        &app,
        &manager,
        "point",
        "other-center",
        Some(&other.version),
        &phone,
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(refused.error().code, ErrorCode::Forbidden);

    let own = published(&app, &manager, "point", "test-station").await;
    let mut moved = own.record.clone();
    moved["lat"] = json!(39.5);
    let refused = save(
        &app,
        &manager,
        "point",
        "test-station",
        Some(&own.version),
        &moved,
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let item = published(&app, &manager, "item", "dibao").await;
    let refused = save(
        &app,
        &manager,
        "item",
        "dibao",
        Some(&item.version),
        &item.record,
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let mut desk = own.record.clone();
    desk["phone"] = json!("022-12345678");
    desk["items"] = json!(["elderly-meals", "dibao"]);
    desk["closures"] = json!([{"from": "2026-12-01", "to": "2026-12-02", "reason": "培训"}]);
    let saved = save(
        &app,
        &manager,
        "point",
        "test-station",
        Some(&own.version),
        &desk,
    )
    .await;
    assert_eq!(
        saved.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&saved.body)
    );
    let answer = publish(&app, &manager).await;
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let now = published(&app, &manager, "point", "test-station").await;
    assert_eq!(now.record["phone"], "022-12345678");
    assert_eq!(now.record["items"], json!(["elderly-meals", "dibao"]));

    // A clerk reads, never edits; the district admin moves a point of the district.
    let clerk = sign_in(&app, "clerk").await;
    let refused = save(
        &app,
        &clerk,
        "point",
        "test-station",
        Some(&now.version),
        &now.record,
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let admin = sign_in(&app, "district").await;
    let mut moved = now.record.clone();
    moved["lat"] = json!(39.5);
    let saved = save(
        &app,
        &admin,
        "point",
        "test-station",
        Some(&now.version),
        &moved,
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK);
    let other = published(&app, &admin, "point", "other-center").await;
    let refused = save(
        &app,
        &admin,
        "point",
        "other-center",
        Some(&other.version),
        &other.record,
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_publish_onto_a_directory_changed_elsewhere_catches_up_and_keeps_that_change() {
    let app = spawn_app_with(&two_districts(), tuesday_morning()).await;
    add_account(&app, "admin", Role::PlatformAdmin, Scope::All).await;
    let admin = sign_in(&app, "admin").await;
    let dibao = published(&app, &admin, "item", "dibao").await;
    let saved = save(
        &app,
        &admin,
        "item",
        "dibao",
        Some(&dibao.version),
        &with_new_material(&dibao.record),
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK);

    // An import on the command line (or another instance's publish) changes another record;
    // this instance's catalogue has not caught up yet.
    let mut file = two_districts();
    file.items[1].name = "临时救助（急难型）".into();
    app.store
        .import_directory(&file, ImportOptions::default(), &|_, _| {})
        .await
        .unwrap();
    assert_eq!(
        app.get_ok::<ItemDetail>("/api/v1/items/temporary-assistance")
            .await
            .item
            .name,
        "临时救助"
    );

    let answer = publish(&app, &admin).await;
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let (_, stored) = app.store.load_directory().await.unwrap();
    assert_eq!(stored.items[1].name, "临时救助（急难型）");
    assert_eq!(stored.items[0].materials.len(), 4);
    assert_eq!(material_names(&app).await.len(), 4);

    // The same when the import changed the very record the draft holds: refused as stale.
    let dibao = published(&app, &admin, "item", "dibao").await;
    let mut renamed = dibao.record.clone();
    renamed["name"] = json!("低保");
    let saved = save(
        &app,
        &admin,
        "item",
        "dibao",
        Some(&dibao.version),
        &renamed,
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK);
    let mut file = stored.clone();
    file.items[0].time_limit_days = 10;
    app.store
        .import_directory(&file, ImportOptions::default(), &|_, _| {})
        .await
        .unwrap();
    let refused = publish(&app, &admin).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.error().current.unwrap()["time_limit_days"], 10);
}

/// The stored directory, as every other instance would read it back.
async fn stored(app: &TestApp) -> linli_shared::directory::DirectoryFile {
    app.store.load_directory().await.unwrap().1
}

#[tokio::test]
async fn a_publish_writes_by_difference_with_the_catalogue_and_serves_what_it_wrote() {
    // A point with a closure, retired by an import, then brought back by a draft without its
    // closure: the publish compares with the catalogue (which has no retired records), and must
    // still not let the old closure come back with it.
    let mut file = two_districts();
    let closure = linli_shared::directory::Closure {
        from: "2026-12-01".parse().unwrap(),
        to: "2026-12-02".parse().unwrap(),
        reason: "设备检修".into(),
        reason_en: None,
    };
    file.points[2].closures.push(closure);
    let app = spawn_app_with(&file, tuesday_morning()).await;
    add_account(&app, "admin", Role::PlatformAdmin, Scope::All).await;
    let mut without = file.clone();
    let mut other = without.points.remove(2);
    assert_eq!(other.id.as_str(), "other-center");
    app.store
        .import_directory(
            &without,
            ImportOptions {
                allow_retiring_most: true,
            },
            &|_, _| {},
        )
        .await
        .unwrap();
    linli_server::catalog::refresh::refresh_if_changed(&app.store, &app.state.catalog)
        .await
        .unwrap();
    let admin = sign_in(&app, "admin").await;

    other.closures.clear();
    other.phone = "022-99998888".into();
    let record = serde_json::to_value(&other).unwrap();
    let saved = save(&app, &admin, "point", "other-center", None, &record).await;
    assert_eq!(
        saved.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&saved.body)
    );
    // And an edit of an item in the same draft.
    let dibao = published(&app, &admin, "item", "dibao").await;
    let saved = save(
        &app,
        &admin,
        "item",
        "dibao",
        Some(&dibao.version),
        &with_new_material(&dibao.record),
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK);
    let answer = publish(&app, &admin).await;
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let result: PublishResult = answer.decode();
    assert_eq!(result.records, 2);

    // What this instance serves (built from what it wrote) is exactly what is stored.
    let served = app.state.catalog.current();
    assert_eq!(served.version(), result.version);
    let stored = stored(&app).await;
    assert_eq!(served.to_file(), stored);
    let back = stored
        .points
        .iter()
        .find(|p| p.id.as_str() == "other-center")
        .unwrap();
    assert!(back.closures.is_empty(), "{back:?}");
    assert_eq!(back.phone, "022-99998888");
    assert_eq!(material_names(&app).await.last().unwrap(), NEW_MATERIAL);
}

#[tokio::test]
async fn another_instance_answers_with_a_publish_within_two_seconds() {
    use std::time::{Duration, Instant};
    let app = spawn_app_with(&two_districts(), tuesday_morning()).await;
    // On PostgreSQL the other instance polls once a minute: only the announcement
    // (LISTEN/NOTIFY) can bring the change in time. On SQLite it polls the version.
    let poll = match app.store.backend() {
        linli_server::store::Backend::Sqlite => Duration::from_millis(500),
        linli_server::store::Backend::Postgres => Duration::from_secs(60),
    };
    let other = spawn_other_instance(&app, poll).await;
    add_account(&app, "admin", Role::PlatformAdmin, Scope::All).await;
    let admin = sign_in(&app, "admin").await;
    let before = material_names(&other).await;
    let dibao = published(&app, &admin, "item", "dibao").await;
    let saved = save(
        &app,
        &admin,
        "item",
        "dibao",
        Some(&dibao.version),
        &with_new_material(&dibao.record),
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK);
    assert_eq!(
        material_names(&other).await,
        before,
        "a draft is not published"
    );

    let answer = publish(&app, &admin).await;
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let published_at = Instant::now();
    let deadline = Duration::from_secs(2);
    loop {
        let names = material_names(&other).await;
        if names.last().map(String::as_str) == Some(NEW_MATERIAL) {
            break;
        }
        assert!(
            published_at.elapsed() < deadline,
            "the other instance still answers {names:?} after {deadline:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(material_names(&other).await.len(), before.len() + 1);
}

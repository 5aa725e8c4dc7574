use axum::http::StatusCode;
use linli_server::catalog::refresh::refresh_if_changed;
use linli_server::error::Error;
use linli_server::store::{ImportOptions, Store};
use linli_shared::directory::DirectoryFile;
use linli_shared::domain::retirement::RecordKind;

use crate::helpers::*;

async fn import(store: &Store, file: &DirectoryFile) -> Result<i64, Error> {
    Ok(store
        .import_directory(file, ImportOptions::default(), &|_, _| {})
        .await?
        .version)
}

/// The tiny directory without the station and the item only it and one other point offer.
fn tiny_without_station_and_meals() -> DirectoryFile {
    let mut changed = tiny();
    changed.points.retain(|p| p.id != "test-station");
    changed.items.retain(|i| i.id != "elderly-meals");
    for p in &mut changed.points {
        p.items.retain(|i| i != "elderly-meals");
    }
    changed
}

#[tokio::test]
async fn the_demo_directory_round_trips_through_the_database() {
    let demo = demo();
    let app = spawn_app_with(&demo, tuesday_morning()).await;
    let (_, loaded) = app.store.load_directory().await.unwrap();
    assert_eq!(loaded, demo);
}

#[tokio::test]
async fn a_failed_import_leaves_the_old_directory_whole() {
    let app = spawn_app().await;
    let (version, before) = app.store.load_directory().await.unwrap();
    // Skip validation on purpose: the database must still refuse, and roll back everything.
    // The same directory plus one change (so the retirement guard has nothing to say): an
    // offering of an item that does not exist.
    let mut broken = tiny();
    broken.points[0]
        .items
        .push(linli_shared::ids::ItemId::parse("no-such-item").unwrap());
    let result = import(&app.store, &broken).await;
    let error = result.expect_err("a dangling offering must be refused");
    assert!(
        matches!(error, Error::Refused { .. }),
        "the database refused it: {error}"
    );
    assert_eq!(error.code().as_str(), "conflict", "{error}");
    let (version_after, after) = app.store.load_directory().await.unwrap();
    assert_eq!(after, before);
    assert_eq!(version_after, version);
}

#[tokio::test]
async fn an_import_that_changes_something_bumps_the_version_once_and_a_repeat_does_not() {
    let app = spawn_app().await;
    let v1 = app.store.directory_version().await.unwrap();

    let same = app
        .store
        .import_directory(&tiny(), ImportOptions::default(), &|_, _| {})
        .await
        .unwrap();
    assert!(!same.changed());
    assert_eq!(same.version, v1, "an identical import keeps the version");
    assert_eq!(same.items.unchanged, 3);

    let mut changed = tiny();
    changed.items[0].name = "最低生活保障金申请".into();
    changed.points[0].closures.clear();
    changed.categories.reverse();
    let summary = app
        .store
        .import_directory(&changed, ImportOptions::default(), &|_, _| {})
        .await
        .unwrap();
    assert_eq!(summary.version, v1 + 1, "one bump for the whole import");
    assert_eq!(summary.items.updated, 1);
    assert_eq!(summary.points.updated, 1, "a point whose closures changed");
    assert_eq!(
        summary.categories.moved, 2,
        "both moved in the file, neither changed"
    );
    assert_eq!(summary.categories.updated, 0);
    assert_eq!(app.store.directory_version().await.unwrap(), v1 + 1);
    let (_, loaded) = app.store.load_directory().await.unwrap();
    assert_eq!(loaded, changed, "file order and every change are kept");
}

#[tokio::test]
async fn what_a_file_leaves_out_is_retired_never_deleted_and_comes_back_the_same() {
    let app = spawn_app().await;
    // A table that refers to a point, an item and their offering, as bookings will.
    let mut tx = app.store.begin_write().await.unwrap();
    sqlx::query(
        "CREATE TABLE test_bookings (id BIGINT PRIMARY KEY, \
         point_id TEXT NOT NULL REFERENCES points (id), \
         item_id TEXT NOT NULL REFERENCES items (id), \
         FOREIGN KEY (point_id, item_id) REFERENCES offerings (point_id, item_id))",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO test_bookings (id, point_id, item_id) \
         VALUES (1, 'test-station', 'elderly-meals'), (2, 'test-street-center', 'dibao')",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let summary = app
        .store
        .import_directory(
            &tiny_without_station_and_meals(),
            ImportOptions::default(),
            &|_, _| {},
        )
        .await
        .unwrap();
    assert_eq!(summary.points.retired, 1);
    assert_eq!(summary.items.retired, 1);
    assert_eq!(summary.offerings.retired, 2);

    // The rows that refer to them are intact.
    let bookings: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, point_id, item_id FROM test_bookings ORDER BY id")
            .fetch_all(app.store.pool())
            .await
            .unwrap();
    assert_eq!(
        bookings,
        vec![
            (1, "test-station".into(), "elderly-meals".into()),
            (2, "test-street-center".into(), "dibao".into())
        ]
    );
    // The point and the item are still there with their names, marked retired.
    let point: (String, Option<String>) =
        sqlx::query_as("SELECT name, retired_at FROM points WHERE id = 'test-station'")
            .fetch_one(app.store.pool())
            .await
            .unwrap();
    assert_eq!(point.0, "幸福社区服务站");
    assert!(point.1.is_some(), "the point is retired");
    let item: (String, Option<String>) =
        sqlx::query_as("SELECT name, retired_at FROM items WHERE id = 'elderly-meals'")
            .fetch_one(app.store.pool())
            .await
            .unwrap();
    assert!(item.1.is_some(), "the item is retired: {item:?}");

    // Neither the export nor the index shows them.
    let (_, exported) = app.store.load_directory().await.unwrap();
    assert_eq!(exported, tiny_without_station_and_meals());
    assert!(
        refresh_if_changed(&app.store, &app.state.catalog)
            .await
            .unwrap()
    );
    assert_eq!(
        app.get("/api/v1/points/test-station").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/api/v1/items/elderly-meals").await.status,
        StatusCode::NOT_FOUND
    );

    // Importing the first file again brings them back: the same rows, not new ones.
    let summary = app
        .store
        .import_directory(&tiny(), ImportOptions::default(), &|_, _| {})
        .await
        .unwrap();
    assert_eq!(
        (
            summary.points.revived,
            summary.items.revived,
            summary.offerings.revived
        ),
        (1, 1, 2)
    );
    assert_eq!(summary.points.added + summary.items.added, 0);
    let copies: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM points WHERE id = 'test-station' AND retired_at IS NULL",
    )
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    assert_eq!(copies, 1);
    let (_, loaded) = app.store.load_directory().await.unwrap();
    assert_eq!(loaded, tiny());
    refresh_if_changed(&app.store, &app.state.catalog)
        .await
        .unwrap();
    assert_eq!(
        app.get("/api/v1/points/test-station").await.status,
        StatusCode::OK
    );
    let still: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM test_bookings")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_eq!(still, 2);
}

#[tokio::test]
async fn an_import_that_would_retire_most_of_the_directory_needs_to_be_allowed() {
    let app = spawn_app_with(&demo(), tuesday_morning()).await;
    let (version, before) = app.store.load_directory().await.unwrap();
    let mut empty = demo();
    empty.categories.clear();
    empty.items.clear();
    empty.points.clear();

    let refused = import(&app.store, &empty).await.unwrap_err();
    let Error::RetiresMost(refused) = refused else {
        panic!("expected a refusal, got {refused}");
    };
    let kinds: Vec<RecordKind> = refused.0.iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        [
            RecordKind::Category,
            RecordKind::Item,
            RecordKind::Point,
            RecordKind::Offering
        ]
    );
    assert_eq!(app.store.load_directory().await.unwrap(), (version, before));

    let allowed = app
        .store
        .import_directory(
            &empty,
            ImportOptions {
                allow_retiring_most: true,
            },
            &|_, _| {},
        )
        .await
        .unwrap();
    assert_eq!(allowed.points.retired, 35);
    assert_eq!(allowed.version, version + 1);
    let (_, now) = app.store.load_directory().await.unwrap();
    assert!(now.items.is_empty() && now.points.is_empty());
}

#[tokio::test]
async fn progress_counts_up_to_the_rows_written() {
    let db = TestDb::new().await;
    let store = Store::open(&db.url).await.unwrap();
    let last = std::sync::Mutex::new((0, 0));
    store
        .import_directory(&tiny(), ImportOptions::default(), &|written, total| {
            *last.lock().unwrap() = (written, total);
        })
        .await
        .unwrap();
    let (written, total) = *last.lock().unwrap();
    assert!(total > 0);
    assert_eq!(written, total);
}

#[tokio::test]
async fn the_command_lines_import_audits_each_changed_record_by_cli() {
    use linli_server::store::audit::{AuditActor, AuditFilter};
    let app = spawn_app().await;
    let mut file = tiny_without_station_and_meals();
    file.items[0].name.push_str("（新）");
    let renamed = file.items[0].id.to_string();
    let (summary, audited) = app
        .store
        .import_directory_audited(
            &file,
            ImportOptions {
                allow_retiring_most: true,
            },
            &AuditActor::cli(),
            "2026-11-24T02:00:00Z",
            &|_, _| {},
        )
        .await
        .unwrap();
    assert!(summary.changed());
    let entries = app
        .store
        .audit_entries(&AuditFilter {
            limit: 100,
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(entries.len(), audited);
    // The renamed item, the retired item and point; points whose offerings changed too.
    let mut seen: Vec<(String, String, String)> = entries
        .iter()
        .map(|e| (e.action.clone(), e.record_kind.clone(), e.record_id.clone()))
        .collect();
    seen.sort();
    assert!(
        seen.contains(&("record_changed".into(), "item".into(), renamed)),
        "{seen:?}"
    );
    assert!(seen.contains(&(
        "record_retired".into(),
        "item".into(),
        "elderly-meals".into()
    )));
    assert!(seen.contains(&(
        "record_retired".into(),
        "point".into(),
        "test-station".into()
    )));
    assert!(
        entries
            .iter()
            .all(|e| e.actor == "cli" && e.account_id.is_none())
    );
    let retired = entries
        .iter()
        .find(|e| e.record_id == "test-station")
        .unwrap();
    assert!(retired.before.is_some() && retired.after.is_none());

    // The same file again changes nothing and audits nothing.
    let (again, none) = app
        .store
        .import_directory_audited(
            &file,
            ImportOptions::default(),
            &AuditActor::cli(),
            "2026-11-24T02:01:00Z",
            &|_, _| {},
        )
        .await
        .unwrap();
    assert!(!again.changed());
    assert_eq!(none, 0);
}

#[tokio::test]
async fn another_instance_reads_back_only_what_changed_and_gets_the_same_directory() {
    use linli_server::catalog::refresh::{SharedCatalog, load_catalog};
    let app = spawn_app_with(&demo(), tuesday_morning()).await;
    let other = SharedCatalog::new(load_catalog(&app.store).await.unwrap());
    let allow = ImportOptions {
        allow_retiring_most: true,
    };
    let mut steps: Vec<DirectoryFile> = Vec::new();
    // A point and an item retired (and the offerings of that item).
    let mut file = demo();
    let gone_point = file.points.remove(3);
    let gone_item = file.items.remove(5);
    for p in &mut file.points {
        p.items.retain(|i| *i != gone_item.id);
    }
    steps.push(file.clone());
    // They come back elsewhere in the file; an item renamed; a point's closures and offerings.
    file.points.insert(0, gone_point);
    file.items.push(gone_item);
    file.items[1].name.push_str("（改）");
    file.points[2].items.reverse();
    file.points[4].closures.clear();
    steps.push(file.clone());
    // Items reordered, a category renamed.
    file.items.swap(0, 10);
    file.categories[0].name.push_str("（改）");
    steps.push(file.clone());
    steps.push(demo());
    for (n, step) in steps.iter().enumerate() {
        app.store
            .import_directory(step, allow, &|_, _| {})
            .await
            .unwrap();
        assert!(
            refresh_if_changed(&app.store, &other).await.unwrap(),
            "step {n}"
        );
        let (version, stored) = app.store.load_directory().await.unwrap();
        assert_eq!(other.current().version(), version, "step {n}");
        assert_eq!(&other.current().to_file(), &stored, "step {n}");
        assert_eq!(&stored, step, "step {n}");
    }
}

use std::collections::HashSet;

use axum::http::StatusCode;
use axum::response::IntoResponse;
use http_body_util::BodyExt;
use linli_server::error::Error;
use linli_server::startup::load_demo_if_empty;
use linli_server::store::{Backend, ImportOptions, Store};

use crate::helpers::*;

#[tokio::test]
async fn connections_are_set_up_for_durable_writes() {
    let app = spawn_app().await;
    let pool = app.store.pool();
    match app.store.backend() {
        Backend::Sqlite => {
            let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
                .fetch_one(pool)
                .await
                .unwrap();
            assert_eq!(mode, "wal");
            for (pragma, expected) in [
                ("PRAGMA foreign_keys", 1),
                ("PRAGMA busy_timeout", 5000),
                ("PRAGMA query_only", 1),
            ] {
                let value: i64 = sqlx::query_scalar(pragma).fetch_one(pool).await.unwrap();
                assert_eq!(value, expected, "reader: {pragma}");
            }
            // Readers cannot write: every write goes through the single writer.
            let write = sqlx::query("UPDATE directory_meta SET updated_at = 'x'")
                .execute(pool)
                .await;
            assert!(write.is_err(), "a reader wrote");

            let mut tx = app.store.begin_write().await.unwrap();
            for (pragma, expected) in [
                ("PRAGMA synchronous", 2), // FULL
                ("PRAGMA foreign_keys", 1),
                ("PRAGMA busy_timeout", 5000),
                ("PRAGMA query_only", 0),
            ] {
                let value: i64 = sqlx::query_scalar(pragma)
                    .fetch_one(&mut *tx)
                    .await
                    .unwrap();
                assert_eq!(value, expected, "writer: {pragma}");
            }
        }
        Backend::Postgres => {
            // An acknowledged commit must be on disk: neither may be turned off.
            for setting in ["SHOW synchronous_commit", "SHOW fsync"] {
                let value: String = sqlx::query_scalar(setting).fetch_one(pool).await.unwrap();
                assert_eq!(value, "on", "{setting}");
            }
        }
    }
}

#[tokio::test]
async fn reopening_a_database_keeps_its_data_and_migrations() {
    let app = spawn_app().await;
    let url = app.db.url.clone();
    app.store.close().await;
    let reopened = Store::open(&url).await.unwrap();
    let (_, directory) = reopened.load_directory().await.unwrap();
    assert_eq!(directory, tiny());
}

/// Runs one statement in a write transaction of its own; returns the error it gets.
async fn refused(store: &Store, sql: &'static str) -> Error {
    let mut tx = store.begin_write().await.unwrap();
    let error = sqlx::query(sql)
        .execute(&mut *tx)
        .await
        .expect_err("the database must refuse this");
    Error::from(error)
}

async fn answer(error: Error) -> (StatusCode, serde_json::Value) {
    let response = error.into_response();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap())
}

#[tokio::test]
async fn constraint_violations_are_answered_with_stable_codes_not_internal() {
    let app = spawn_app().await;
    let cases: [(&str, &'static str, StatusCode, &str); 4] = [
        (
            "unique",
            "INSERT INTO categories (id, name, name_en, sort, position) \
             VALUES ('elderly', '养老', 'Elderly', 0, 9)",
            StatusCode::CONFLICT,
            "conflict",
        ),
        (
            "foreign key",
            "INSERT INTO offerings (point_id, item_id, position) \
             VALUES ('test-station', 'no-such-item', 9)",
            StatusCode::CONFLICT,
            "conflict",
        ),
        (
            "check",
            "INSERT INTO item_materials (item_id, position, name, form, copies, notes) \
             VALUES ('dibao', 9, '照片', 'original', 0, '')",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "not null",
            "INSERT INTO categories (id, name, name_en, sort, position) \
             VALUES ('new', NULL, 'New', 0, 9)",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
    ];
    for (what, sql, status, code) in cases {
        let error = refused(&app.store, sql).await;
        assert_eq!(error.code().as_str(), code, "{what}: {error}");
        assert!(matches!(error, Error::Refused { .. }), "{what}: {error:?}");
        let (got_status, body) = answer(error).await;
        assert_eq!(got_status, status, "{what}");
        assert_eq!(body["code"], code, "{what}");
    }
    // And nothing of it was written.
    let (_, directory) = app.store.load_directory().await.unwrap();
    assert_eq!(directory, tiny());
}

async fn open_and_load_demo(url: &str) -> Result<bool, Error> {
    let store = Store::open(url).await?;
    let loaded = load_demo_if_empty(&store).await;
    store.close().await;
    loaded
}

#[tokio::test]
async fn instances_starting_together_migrate_and_load_the_demo_once() {
    let db = TestDb::new().await;
    let (a, b, c) = tokio::join!(
        open_and_load_demo(&db.url),
        open_and_load_demo(&db.url),
        open_and_load_demo(&db.url)
    );
    let loaded = [a.unwrap(), b.unwrap(), c.unwrap()];
    assert_eq!(
        loaded.iter().filter(|l| **l).count(),
        1,
        "exactly one instance loads the demo: {loaded:?}"
    );
    let store = Store::open(&db.url).await.unwrap();
    let (version, directory) = store.load_directory().await.unwrap();
    assert_eq!(directory, demo());
    assert_eq!(version, 1);
}

#[tokio::test]
async fn a_burst_of_concurrent_imports_all_commit_one_after_the_other() {
    let app = spawn_app().await;
    // A second store on the same database: another instance, with its own writer.
    let other = Store::open(&app.db.url).await.unwrap();
    let start = app.store.directory_version().await.unwrap();
    let mut changed = tiny();
    changed.items[0].popularity += 1;
    let files = [tiny(), changed];
    let mut imports = tokio::task::JoinSet::new();
    for i in 0..16 {
        let store = if i % 2 == 0 {
            app.store.clone()
        } else {
            other.clone()
        };
        let file = files[i % 2].clone();
        imports.spawn(async move {
            store
                .import_directory(&file, ImportOptions::default(), &|_, _| {})
                .await
        });
    }
    let summaries = imports.join_all().await;
    let mut bumped = HashSet::new();
    for summary in &summaries {
        let summary = summary.as_ref().expect("every import commits");
        if summary.changed() {
            assert!(
                bumped.insert(summary.version),
                "two imports got version {}",
                summary.version
            );
        }
    }
    let end = app.store.directory_version().await.unwrap();
    assert_eq!(
        end - start,
        bumped.len() as i64,
        "one bump per changing import"
    );
    other.close().await;
}

use linli_server::store::Backend;

use crate::helpers::*;

#[tokio::test]
async fn sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout() {
    let app = spawn_app().await;
    if app.store.backend() != Backend::Sqlite {
        return; // PostgreSQL has none of these settings; its run covers the rest.
    }
    let pool = app.store.pool();
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(fk, 1);
    let timeout: i64 = sqlx::query_scalar("PRAGMA busy_timeout")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(timeout, 5000);
}

#[tokio::test]
async fn reopening_a_database_keeps_its_data_and_migrations() {
    let app = spawn_app().await;
    let url = app.db.url.clone();
    app.store.close().await;
    let reopened = linli_server::store::Store::open(&url).await.unwrap();
    let (_, directory) = reopened.load_directory().await.unwrap();
    assert_eq!(directory, tiny());
}

use crate::helpers::*;

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
    let mut broken = demo();
    broken.points[0]
        .items
        .push(linli_shared::ids::ItemId::parse("no-such-item").unwrap());
    let result = app.store.replace_directory(&broken, &|_| {}).await;
    assert!(result.is_err(), "a dangling offering must be refused");
    let (version_after, after) = app.store.load_directory().await.unwrap();
    assert_eq!(after, before);
    assert_eq!(version_after, version);
}

#[tokio::test]
async fn each_import_bumps_the_version() {
    let app = spawn_app().await;
    let v1 = app.store.directory_version().await.unwrap();
    let v2 = app.store.replace_directory(&tiny(), &|_| {}).await.unwrap();
    assert_eq!(v2, v1 + 1);
}

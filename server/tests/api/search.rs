use axum::http::StatusCode;
use linli_server::store::ImportOptions;

use crate::helpers::*;

#[tokio::test]
async fn finds_items_by_colloquial_name_pinyin_and_english() {
    let app = spawn_app().await;
    for q in [
        "低保",
        "dibao",
        "db",
        "最低生活保障",
        "minimum%20living",
        "%E6%9C%80%E4%BD%8E%E7%94%9F%E6%B4%BB%E4%BF%9D%E8%AF%81",
    ] {
        let items = app.item_ids(&format!("/api/v1/search?q={q}")).await;
        assert_eq!(
            items.first().map(String::as_str),
            Some("dibao"),
            "q={q}: {items:?}"
        );
    }
}

#[tokio::test]
async fn answers_items_and_points_best_first_with_what_matched() {
    let app = spawn_app().await;
    let answer = app.search("/api/v1/search?q=%E4%BD%8E%E4%BF%9D").await; // 低保
    let first = &answer.items[0];
    assert_eq!(first.id, "dibao");
    assert_eq!(first.matched, "低保");
    assert_eq!(first.time_limit_days, 20);
    assert_eq!(answer.query, "低保");

    let points = app.point_ids("/api/v1/search?q=%E5%B9%B8%E7%A6%8F").await; // 幸福
    assert_eq!(points, vec!["test-station"]);
}

#[tokio::test]
async fn filters_by_category_channel_district_and_open_now() {
    // Sunday 10:00: the street center is closed, the 24-hour station is open.
    let sunday =
        chrono::NaiveDateTime::parse_from_str("2026-11-29 10:00", "%Y-%m-%d %H:%M").unwrap();
    let app = spawn_app_with(&tiny(), sunday).await;
    let q = "/api/v1/search?q=%E5%8A%A9"; // 助: in 临时救助 and 老年助餐
    let all = app.item_ids(q).await;
    assert!(
        all.contains(&"temporary-assistance".into()) && all.contains(&"elderly-meals".into()),
        "{all:?}"
    );

    let elderly = app.item_ids(&format!("{q}&category=elderly")).await;
    assert_eq!(elderly, vec!["elderly-meals"]);

    let home = app.item_ids(&format!("{q}&channel=home_visit")).await;
    assert_eq!(home, vec!["elderly-meals"]);

    let open = app.item_ids(&format!("{q}&open_now=true")).await;
    assert_eq!(
        open,
        vec!["elderly-meals"],
        "only the meals are offered at an open point"
    );

    let points = app
        .point_ids("/api/v1/search?q=%E7%A4%BE%E5%8C%BA&open_now=true")
        .await; // 社区
    assert_eq!(points, vec!["test-station"]);

    let elsewhere = app
        .item_ids(&format!("{q}&district=%E5%88%AB%E5%A4%84"))
        .await; // 别处
    assert!(elsewhere.is_empty(), "{elsewhere:?}");
    let here = app
        .item_ids(&format!(
            "{q}&district=%E6%B5%8B%E8%AF%95%E8%A1%97%E9%81%93"
        ))
        .await; // 测试街道
    assert_eq!(here.len(), all.len());
}

#[tokio::test]
async fn limit_cuts_the_lists_but_totals_count_everything() {
    let app = spawn_app().await;
    let answer = app.search("/api/v1/search?q=%E5%8A%A9&limit=1").await;
    assert_eq!(answer.items.len(), 1);
    assert_eq!(answer.total_items, 2);
}

#[tokio::test]
async fn the_index_follows_directory_changes() {
    let app = spawn_app().await;
    assert!(
        app.item_ids("/api/v1/search?q=laonian")
            .await
            .contains(&"elderly-meals".into())
    );
    let mut changed = tiny();
    changed.items.retain(|i| i.id != "elderly-meals");
    for p in &mut changed.points {
        p.items.retain(|i| i != "elderly-meals");
    }
    app.store
        .import_directory(&changed, ImportOptions::default(), &|_, _| {})
        .await
        .unwrap();
    let refreshed =
        linli_server::catalog::refresh::refresh_if_changed(&app.store, &app.state.catalog)
            .await
            .unwrap();
    assert!(refreshed);
    assert!(
        !app.item_ids("/api/v1/search?q=laonian")
            .await
            .contains(&"elderly-meals".into())
    );
    assert_eq!(
        app.get("/api/v1/items/elderly-meals").await.status,
        StatusCode::NOT_FOUND
    );
}

/// Past the queue limit a search is refused at once with 503 `busy` (in the caller's language),
/// never queued without end; once the slot frees, searches are answered again. The pool here
/// has one slot and no queue; the test holds the slot with a job of its own.
#[tokio::test]
async fn a_full_search_queue_answers_busy_at_once_and_frees_up() {
    use linli_server::http::cpu::CpuPool;
    use linli_shared::error::ErrorCode;
    use std::sync::Arc;

    let mut app = spawn_app().await;
    let pool = Arc::new(CpuPool::new(1, 0));
    app.state.cpu = pool.clone();
    let (release, held) = std::sync::mpsc::channel::<()>();
    let holder = tokio::spawn({
        let pool = pool.clone();
        async move { pool.run(move || held.recv().ok()).await }
    });
    while pool.free_slots() > 0 {
        tokio::task::yield_now().await;
    }
    for (lang, expected) in [
        (None, ErrorCode::Busy.message(linli_shared::error::Lang::Zh)),
        (
            Some("en"),
            ErrorCode::Busy.message(linli_shared::error::Lang::En),
        ),
    ] {
        let answer = app.request("GET", "/api/v1/search?q=dibao", lang).await;
        assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
        let body = answer.error();
        assert_eq!(body.code, ErrorCode::Busy);
        assert_eq!(body.message, expected);
    }
    // Pages that do not search are not queued behind searches.
    assert_eq!(app.get("/api/v1/overview").await.status, StatusCode::OK);
    release.send(()).unwrap();
    holder.await.unwrap().unwrap();
    let items = app.item_ids("/api/v1/search?q=dibao").await;
    assert_eq!(items.first().map(String::as_str), Some("dibao"));
}

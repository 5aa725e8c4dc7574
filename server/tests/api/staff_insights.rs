//! The search insights: searches counted per query and day (nothing personal), what a search
//! led to opening, and per week the queries that found nothing or whose results nobody opened.

use axum::http::StatusCode;
use chrono::NaiveDate;
use linli_server::store::insights::Tally;
use linli_shared::api::SearchResponse;
use linli_shared::api::staff::InsightsResponse;
use linli_shared::domain::insights::Finding;
use linli_shared::domain::staff::{Role, Scope};
use linli_shared::error::ErrorCode;
use linli_shared::query::encode;

use crate::helpers::*;
use crate::staff_helpers::*;

async fn search(app: &TestApp, q: &str, replaces: Option<&str>) -> SearchResponse {
    let mut uri = format!("/api/v1/search?q={}", encode(q));
    if let Some(previous) = replaces {
        uri.push_str(&format!("&replaces={}", encode(previous)));
    }
    app.search(&uri).await
}

fn found(answer: &SearchResponse) -> u32 {
    answer.total_items + answer.total_points
}

#[tokio::test]
async fn the_week_lists_searches_that_found_nothing_or_that_nobody_opened() {
    let app = spawn_app_with(&two_districts(), tuesday_morning()).await;
    add_account(&app, "admin", Role::PlatformAdmin, Scope::All).await;
    add_account(&app, "district", Role::DistrictAdmin, district("西青区")).await;
    let nothing = "火星护照办理";
    for _ in 0..3 {
        assert_eq!(found(&search(&app, nothing, None).await), 0);
    }
    // Found and opened: not listed.
    assert!(found(&search(&app, "低保", None).await) > 0);
    let opened = app
        .get(&format!(
            "/api/v1/items/dibao?from_search={}",
            encode("低保")
        ))
        .await;
    assert_eq!(opened.status, StatusCode::OK);
    // Found twice (in two spellings of one query), never opened.
    assert!(found(&search(&app, "DiBao", None).await) > 0);
    assert!(found(&search(&app, "ｄｉｂａｏ ", None).await) > 0);
    // Typed on from: `di` was not what was meant; `dib` was, and found something not opened.
    search(&app, "di", None).await;
    search(&app, "dib", Some("di")).await;

    let admin = sign_in(&app, "admin").await;
    let answer = as_staff(
        &app,
        &admin,
        "GET",
        "/api/v1/staff/insights?week=2026-W48",
        None,
    )
    .await;
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let week: InsightsResponse = answer.decode();
    assert_eq!(
        (week.from.as_str(), week.to.as_str()),
        ("2026-11-23", "2026-11-29")
    );
    let listed: Vec<(&str, i64, Finding)> = week
        .queries
        .iter()
        .map(|q| (q.query.as_str(), q.searches, q.finding))
        .collect();
    assert_eq!(
        listed,
        [
            (nothing, 3, Finding::FoundNothing),
            ("dibao", 2, Finding::NotOpened),
            ("dib", 1, Finding::NotOpened),
        ]
    );
    assert!(week.queries[1].results > 0 && week.queries[1].opened == 0);

    // The default week is this one; another week has nothing; a district admin reads it too.
    let district = sign_in(&app, "district").await;
    let this_week: InsightsResponse =
        as_staff(&app, &district, "GET", "/api/v1/staff/insights", None)
            .await
            .decode();
    assert_eq!(this_week.week, "2026-W48");
    assert_eq!(this_week.queries.len(), 3);
    let other: InsightsResponse = as_staff(
        &app,
        &admin,
        "GET",
        "/api/v1/staff/insights?week=2026-W47",
        None,
    )
    .await
    .decode();
    assert!(other.queries.is_empty());
    let wrong = as_staff(&app, &admin, "GET", "/api/v1/staff/insights?week=48", None).await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert_eq!(wrong.error().code, ErrorCode::WeekInvalid);
    assert_eq!(wrong.error().details[0].field, "week");

    // What is stored: the day, the query and counts; nothing else.
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&app.db.url)
        .await
        .unwrap();
    let sql = match app.store.backend() {
        linli_server::store::Backend::Sqlite => {
            "SELECT name FROM pragma_table_info('search_counts') ORDER BY cid"
        }
        linli_server::store::Backend::Postgres => {
            "SELECT CAST(column_name AS TEXT) FROM information_schema.columns \
             WHERE table_name = 'search_counts' ORDER BY ordinal_position"
        }
    };
    let columns: Vec<String> = sqlx::query_scalar(sql).fetch_all(&mut conn).await.unwrap();
    assert_eq!(
        columns,
        ["day", "query", "searches", "replaced", "results", "opened"]
    );
}

#[tokio::test]
async fn counts_older_than_the_retention_are_forgotten() {
    let app = spawn_app().await;
    let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).unwrap().to_string();
    let tally = Tally {
        searches: 1,
        ..Tally::default()
    };
    app.store
        .add_search_counts(&[
            (day(20), "旧的".into(), tally),
            (day(23), "昨天".into(), tally),
            (day(24), "今天".into(), tally),
        ])
        .await
        .unwrap();
    let counter = linli_server::insights::SearchCounter::new(2);
    let gone = counter
        .forget_old(&app.store, NaiveDate::from_ymd_opt(2026, 11, 24).unwrap())
        .await
        .unwrap();
    assert_eq!(gone, 1);
    let mut kept: Vec<String> = app
        .store
        .search_counts(&day(1), &day(30))
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.query)
        .collect();
    kept.sort();
    assert_eq!(kept, ["今天", "昨天"]);
    // Written twice, the counts add up.
    app.store
        .add_search_counts(&[(day(24), "今天".into(), tally)])
        .await
        .unwrap();
    let today = app.store.search_counts(&day(24), &day(24)).await.unwrap();
    assert_eq!(today[0].searches, 2);
}

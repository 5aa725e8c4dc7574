use axum::http::StatusCode;
use linli_shared::api::{
    CategoriesResponse, CategoryItems, Health, ItemDetail, Overview, PointDetail,
};
use linli_shared::directory::MaterialForm;
use linli_shared::error::ErrorCode;

use crate::helpers::*;

#[tokio::test]
async fn categories_come_in_order_with_item_counts() {
    let app = spawn_app().await;
    let answer: CategoriesResponse = app.get_ok("/api/v1/categories").await;
    let categories = answer.categories;
    assert_eq!(categories[0].id, "social-assistance");
    assert_eq!(categories[0].item_count, 2);
    assert_eq!(categories[1].id, "elderly");
}

#[tokio::test]
async fn an_item_tells_every_material_at_once_and_where_to_go() {
    let app = spawn_app().await;
    let answer: ItemDetail = app.get_ok("/api/v1/items/dibao").await;
    let item = &answer.item;
    assert_eq!(item.name, "最低生活保障");
    let materials = &item.materials;
    assert_eq!(materials.len(), 3);
    assert_eq!(materials[0].name, "居民身份证");
    assert_eq!(materials[0].form, MaterialForm::OriginalAndCopy);
    assert_eq!(materials[2].notes, "可在窗口领取或现场填写");
    assert_eq!(item.fee.amount_fen, 0);
    assert_eq!(answer.category.name, "社会救助");
    let points: Vec<&str> = answer.points.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(points, ["test-street-center"]);
    assert!(answer.points[0].open_now);
}

#[tokio::test]
async fn a_point_tells_its_hours_today_and_its_items() {
    let app = spawn_app().await;
    let answer: PointDetail = app.get_ok("/api/v1/points/test-street-center").await;
    assert!(answer.open_now);
    let today = &answer.today;
    assert_eq!(today.len(), 2, "the lunch break splits the day: {today:?}");
    assert_eq!(today[0].from.to_string(), "08:30");
    assert_eq!(today[1].to.to_string(), "17:30");
    assert_eq!(answer.closures[0].reason, "国庆节");
    assert_eq!(answer.items.len(), 3);
    // Today's date by the server's clock, and the items folded by category: each category's
    // items together, in the order and with the counts the point's categories give.
    assert_eq!(answer.date.to_string(), "2026-11-24");
    assert!(!answer.categories.is_empty());
    let counted: u32 = answer.categories.iter().map(|c| c.item_count).sum();
    assert_eq!(counted as usize, answer.items.len());
    let mut at = 0;
    for category in &answer.categories {
        let run = &answer.items[at..at + category.item_count as usize];
        assert!(
            run.iter().all(|i| i.category == category.id),
            "{category:?}"
        );
        at += run.len();
    }
}

#[tokio::test]
async fn a_closed_day_has_no_hours_today() {
    let national_day =
        chrono::NaiveDateTime::parse_from_str("2026-10-02 10:00", "%Y-%m-%d %H:%M").unwrap();
    let app = spawn_app_with(&tiny(), national_day).await;
    let answer: PointDetail = app.get_ok("/api/v1/points/test-street-center").await;
    assert!(!answer.open_now);
    assert!(answer.today.is_empty());
}

#[tokio::test]
async fn health_reports_the_database_and_the_index() {
    let app = spawn_app().await;
    let answer: Health = app.get_ok("/healthz").await;
    assert_eq!(answer.status, "ok");
    assert_eq!(answer.items, 3);
    assert_eq!(answer.points, 2);
}

#[tokio::test]
async fn the_openapi_document_describes_every_endpoint() {
    let app = spawn_app().await;
    let doc: serde_json::Value = app.get_ok("/api/v1/openapi.json").await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/search",
        "/api/v1/categories",
        "/api/v1/categories/{id}",
        "/api/v1/overview",
        "/api/v1/items/{id}",
        "/api/v1/points/{id}",
        "/api/v1/points/{id}/availability",
        "/api/v1/auth/code",
        "/api/v1/auth/verify",
        "/api/v1/bookings",
        "/api/v1/bookings/{code}",
        "/api/v1/bookings/{code}/cancel",
        "/api/v1/bookings/{code}/reschedule",
        "/healthz",
    ] {
        assert!(paths.contains_key(path), "{path} is not documented");
    }
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for schema in [
        "SearchResponse",
        "ItemDetail",
        "PointDetail",
        "ErrorBody",
        "ErrorCode",
        "Availability",
        "Booking",
        "ResidentToken",
    ] {
        assert!(schemas.contains_key(schema), "{schema} is not described");
    }
}

#[tokio::test]
async fn the_overview_gives_categories_most_asked_items_and_districts() {
    let app = spawn_app_with(&demo(), tuesday_morning()).await;
    let answer: Overview = app.get_ok("/api/v1/overview").await;
    assert_eq!(answer.categories.len(), 14);
    let popular = &answer.popular;
    assert_eq!(popular.len(), 8);
    assert_eq!(popular[0].id, "dibao", "the most asked item comes first");
    assert!(answer.districts.iter().any(|d| d == "西青区"));
    assert!(answer.districts.iter().any(|d| d == "杨柳青镇"));
}

#[tokio::test]
async fn a_category_lists_its_items_most_asked_first() {
    let app = spawn_app_with(&demo(), tuesday_morning()).await;
    let answer: CategoryItems = app.get_ok("/api/v1/categories/social-assistance").await;
    assert_eq!(answer.category.name, "社会救助");
    let items: Vec<&str> = answer.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(items[0], "dibao");
    assert!(items.contains(&"temporary-assistance"));
    let missing = app.get("/api/v1/categories/nope").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.error().code, ErrorCode::CategoryNotFound);
}

#[tokio::test]
async fn a_kiosk_sees_its_own_point_first() {
    let app = spawn_app().await;
    // Without `at`, the directory's order; with it, the kiosk's point first and marked.
    let answer: ItemDetail = app
        .get_ok("/api/v1/items/elderly-meals?at=test-station")
        .await;
    assert_eq!(answer.points[0].id, "test-station");
    assert!(answer.points[0].here);
    assert!(!answer.points[1].here);

    let points = app.point_ids("/api/v1/search?q=%E7%A4%BE%E5%8C%BA").await; // 社区
    assert_eq!(points[0], "test-station", "the shorter name matches better");
    let points = app
        .point_ids("/api/v1/search?q=%E7%A4%BE%E5%8C%BA&at=test-street-center")
        .await;
    assert_eq!(points[0], "test-street-center");
}

#[tokio::test]
async fn a_closed_point_says_when_it_opens_next() {
    let evening =
        chrono::NaiveDateTime::parse_from_str("2026-11-27 18:00", "%Y-%m-%d %H:%M").unwrap();
    let app = spawn_app_with(&tiny(), evening).await; // a Friday evening
    let answer: PointDetail = app.get_ok("/api/v1/points/test-street-center").await;
    assert!(!answer.open_now);
    assert_eq!(
        answer.opens_next.unwrap().to_string(),
        "2026-11-30 08:30:00"
    );
    assert_eq!(answer.closed_today_for, None);

    let holiday =
        chrono::NaiveDateTime::parse_from_str("2026-10-02 10:00", "%Y-%m-%d %H:%M").unwrap();
    let app = spawn_app_with(&tiny(), holiday).await;
    let answer: PointDetail = app.get_ok("/api/v1/points/test-street-center").await;
    assert_eq!(answer.closed_today_for.as_deref(), Some("国庆节"));
    assert_eq!(
        answer.opens_next.unwrap().to_string(),
        "2026-10-08 08:30:00"
    );
}

#[tokio::test]
async fn the_openapi_document_says_exactly_what_search_accepts() {
    use linli_shared::query::search::{DEFAULT_LIMIT, MAX_LIMIT, MAX_QUERY_CHARS};
    let app = spawn_app().await;
    let doc: serde_json::Value = app.get_ok("/api/v1/openapi.json").await;
    let params = doc["paths"]["/api/v1/search"]["get"]["parameters"]
        .as_array()
        .unwrap();
    let schema = |name: &str| {
        params
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("{name} is not documented"))["schema"]
            .clone()
    };
    let q = schema("q");
    assert_eq!(q["minLength"], 1);
    assert_eq!(q["maxLength"], MAX_QUERY_CHARS);
    let limit = schema("limit");
    assert_eq!(limit["minimum"], 1);
    assert_eq!(limit["maximum"], MAX_LIMIT);
    assert_eq!(limit["default"], DEFAULT_LIMIT);
    let channels = schema("channel")["enum"].as_array().unwrap().len();
    assert_eq!(channels, linli_shared::directory::Channel::ALL.len());
    for name in ["category", "district", "open_now", "at"] {
        schema(name);
    }
    let required: Vec<&str> = params
        .iter()
        .filter(|p| p["required"] == true)
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(required, ["q"]);
}

#[tokio::test]
async fn an_items_closed_points_say_when_they_open_next() {
    let evening =
        chrono::NaiveDateTime::parse_from_str("2026-11-24 18:00", "%Y-%m-%d %H:%M").unwrap();
    let app = spawn_app_with(&tiny(), evening).await; // a Tuesday evening
    let answer: ItemDetail = app.get_ok("/api/v1/items/dibao").await;
    let point = &answer.points[0];
    assert!(!point.open_now);
    assert_eq!(point.opens_next.unwrap().to_string(), "2026-11-25 08:30:00");
    assert_eq!(point.date.unwrap().to_string(), "2026-11-24");
    // The search's point hits say the same.
    let found: linli_shared::api::SearchResponse =
        app.get_ok("/api/v1/search?q=%E7%A4%BE%E5%8C%BA").await;
    let hit = found.points.iter().find(|p| p.id == point.id).unwrap();
    assert_eq!(hit.opens_next, point.opens_next);

    // Open: nothing to say about the next opening.
    let app = spawn_app().await;
    let answer: ItemDetail = app.get_ok("/api/v1/items/dibao").await;
    assert!(answer.points[0].open_now);
    assert_eq!(answer.points[0].opens_next, None);
}

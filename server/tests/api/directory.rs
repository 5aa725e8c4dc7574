use axum::http::StatusCode;

use crate::helpers::*;

#[tokio::test]
async fn categories_come_in_order_with_item_counts() {
    let app = spawn_app().await;
    let answer = app.get("/api/v1/categories").await;
    assert_eq!(answer.status, StatusCode::OK);
    let categories = answer.json["categories"].as_array().unwrap();
    assert_eq!(categories[0]["id"], "social-assistance");
    assert_eq!(categories[0]["item_count"], 2);
    assert_eq!(categories[1]["id"], "elderly");
}

#[tokio::test]
async fn an_item_tells_every_material_at_once_and_where_to_go() {
    let app = spawn_app().await;
    let answer = app.get("/api/v1/items/dibao").await;
    assert_eq!(answer.status, StatusCode::OK);
    let item = &answer.json["item"];
    assert_eq!(item["name"], "最低生活保障");
    let materials = item["materials"].as_array().unwrap();
    assert_eq!(materials.len(), 3);
    assert_eq!(materials[0]["name"], "居民身份证");
    assert_eq!(materials[0]["form"], "original_and_copy");
    assert_eq!(materials[2]["notes"], "可在窗口领取或现场填写");
    assert_eq!(item["fee"]["amount_fen"], 0);
    assert_eq!(answer.json["category"]["name"], "社会救助");
    assert_eq!(ids(&answer.json["points"]), vec!["test-street-center"]);
    assert_eq!(answer.json["points"][0]["open_now"], true);
}

#[tokio::test]
async fn a_point_tells_its_hours_today_and_its_items() {
    let app = spawn_app().await;
    let answer = app.get("/api/v1/points/test-street-center").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json["open_now"], true);
    let today = answer.json["today"].as_array().unwrap();
    assert_eq!(today.len(), 2, "the lunch break splits the day: {today:?}");
    assert_eq!(today[0]["from"], "08:30");
    assert_eq!(today[1]["to"], "17:30");
    assert_eq!(answer.json["closures"][0]["reason"], "国庆节");
    assert_eq!(ids(&answer.json["items"]).len(), 3);
}

#[tokio::test]
async fn a_closed_day_has_no_hours_today() {
    let national_day =
        chrono::NaiveDateTime::parse_from_str("2026-10-02 10:00", "%Y-%m-%d %H:%M").unwrap();
    let app = spawn_app_with(&tiny(), national_day).await;
    let answer = app.get("/api/v1/points/test-street-center").await;
    assert_eq!(answer.json["open_now"], false);
    assert_eq!(answer.json["today"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn health_reports_the_database_and_the_index() {
    let app = spawn_app().await;
    let answer = app.get("/healthz").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json["status"], "ok");
    assert_eq!(answer.json["items"], 3);
    assert_eq!(answer.json["points"], 2);
}

#[tokio::test]
async fn the_openapi_document_describes_every_endpoint() {
    let app = spawn_app().await;
    let answer = app.get("/api/v1/openapi.json").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.json["openapi"].as_str().unwrap().starts_with("3."));
    let paths = answer.json["paths"].as_object().unwrap();
    for path in [
        "/api/v1/search",
        "/api/v1/categories",
        "/api/v1/items/{id}",
        "/api/v1/points/{id}",
        "/healthz",
    ] {
        assert!(paths.contains_key(path), "{path} is not documented");
    }
    let schemas = answer.json["components"]["schemas"].as_object().unwrap();
    for schema in [
        "SearchResponse",
        "ItemDetail",
        "PointDetail",
        "ErrorBody",
        "ErrorCode",
    ] {
        assert!(schemas.contains_key(schema), "{schema} is not described");
    }
}

//! `GET /api/v1/categories`, `/items/{id}` and `/points/{id}`.

use axum::extract::{Path, State};
use axum::{Json, Router, routing::get};
use linli_shared::api::{CategoriesResponse, CategoryItems, ItemDetail, Overview, PointDetail};
use linli_shared::domain::query::parse_optional;
use linli_shared::error::{ErrorBody, ErrorCode};

use super::AppState;
use super::query::QueryParams;
use crate::error::Result;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/categories", get(categories))
        .route("/categories/{id}", get(category))
        .route("/overview", get(overview))
        .route("/items/{id}", get(item))
        .route("/points/{id}", get(point))
}

/// The service areas, in display order, with how many items each holds.
#[utoipa::path(get, path = "/api/v1/categories",
    responses((status = 200, body = CategoriesResponse)), tag = "directory")]
async fn categories(State(state): State<AppState>) -> Json<CategoriesResponse> {
    Json(CategoriesResponse {
        categories: state.index.current().categories(),
    })
}

/// Categories, the most asked items and the districts, for the home and search screens.
#[utoipa::path(get, path = "/api/v1/overview",
    responses((status = 200, body = Overview)), tag = "directory")]
async fn overview(State(state): State<AppState>) -> Json<Overview> {
    Json(state.index.current().overview())
}

/// A category and its items, most asked first.
#[utoipa::path(get, path = "/api/v1/categories/{id}",
    params(("id" = String, Path, description = "Category id, e.g. social-assistance")),
    responses((status = 200, body = CategoryItems), (status = 404, body = ErrorBody)),
    tag = "directory")]
async fn category(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<CategoryItems>> {
    let items = state.index.current().category_items(&id);
    items.map(Json).ok_or(ErrorCode::CategoryNotFound.into())
}

/// Everything about an item (materials told at once, fee, time limit) and the points offering it.
#[utoipa::path(get, path = "/api/v1/items/{id}",
    params(
        ("id" = String, Path, description = "Item id, e.g. dibao"),
        ("at" = Option<String>, Query, description = "A kiosk's own service point: listed first"),
    ),
    responses((status = 200, body = ItemDetail), (status = 404, body = ErrorBody)),
    tag = "directory")]
async fn item(
    State(state): State<AppState>,
    Path(id): Path<String>,
    params: QueryParams,
) -> Result<Json<ItemDetail>> {
    let at = parse_optional(params.get("at"));
    let detail = state
        .index
        .current()
        .item_detail(&id, at.as_deref(), (state.clock)());
    detail.map(Json).ok_or(ErrorCode::ItemNotFound.into())
}

/// A point's hours, whether it is open now, and the items it handles.
#[utoipa::path(get, path = "/api/v1/points/{id}",
    params(("id" = String, Path, description = "Service point id")),
    responses((status = 200, body = PointDetail), (status = 404, body = ErrorBody)),
    tag = "directory")]
async fn point(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<PointDetail>> {
    let detail = state.index.current().point_detail(&id, (state.clock)());
    detail.map(Json).ok_or(ErrorCode::PointNotFound.into())
}

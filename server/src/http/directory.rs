//! `GET /api/v1/overview`, `/categories`, `/categories/{id}`, `/items/{id}` and `/points/{id}`.

use std::sync::Arc;

use axum::extract::State;
use axum::{Json, Router, routing::get};
use linli_shared::api::{CategoriesResponse, CategoryItems, ItemDetail, Overview, PointDetail};
use linli_shared::error::{ErrorBody, ErrorCode};
use linli_shared::ids::{CategoryId, ItemId, PointId};
use linli_shared::query::ItemQuery;
use serde::Serialize;

use super::AppState;
use super::query::{IdPath, Query, Trail};
use crate::catalog::Catalog;
use crate::error::Result;
use linli_shared::query::trail::FROM_SEARCH;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/categories", get(categories))
        .route("/categories/{id}", get(category))
        .route("/overview", get(overview))
        .route("/items/{id}", get(item))
        .route("/points/{id}", get(point))
}

/// Serialises a part of the catalogue prepared once per version, without copying it.
struct Prepared<F: Fn(&Catalog) -> &T, T: Serialize + ?Sized>(Arc<Catalog>, F);

impl<F: Fn(&Catalog) -> &T, T: Serialize + ?Sized> Serialize for Prepared<F, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (self.1)(&self.0).serialize(s)
    }
}

/// The service areas, in display order, with how many items each holds.
#[utoipa::path(get, path = "/api/v1/categories",
    responses((status = 200, body = CategoriesResponse)), tag = "directory")]
async fn categories(State(state): State<AppState>) -> Json<CategoriesResponse> {
    Json(CategoriesResponse {
        categories: state.catalog.current().categories().to_vec(),
    })
}

/// Categories, the most asked items and the districts, for the home and search screens.
#[utoipa::path(get, path = "/api/v1/overview",
    responses((status = 200, body = Overview)), tag = "directory")]
async fn overview(State(state): State<AppState>) -> Json<impl Serialize> {
    Json(Prepared(state.catalog.current(), Catalog::overview))
}

/// A category and its items, most asked first.
#[utoipa::path(get, path = "/api/v1/categories/{id}",
    params(("id" = CategoryId, Path, description = "Category id, e.g. social-assistance")),
    responses((status = 200, body = CategoryItems), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody)),
    tag = "directory")]
async fn category(
    State(state): State<AppState>,
    IdPath(id): IdPath<CategoryId>,
) -> Result<Json<CategoryItems>> {
    let items = state.catalog.current().category_items(id.as_str());
    items.map(Json).ok_or(ErrorCode::CategoryNotFound.into())
}

/// Everything about an item (materials told at once, fee, time limit) and the points offering it.
#[utoipa::path(get, path = "/api/v1/items/{id}",
    params(("id" = ItemId, Path, description = "Item id, e.g. dibao"), ItemQuery,
        ("from_search" = Option<String>, Query, description = "The search this item was opened from (the app's trail, counted for the staff's search insights; nothing else is kept)")),
    responses((status = 200, body = ItemDetail), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody)),
    tag = "directory")]
async fn item(
    State(state): State<AppState>,
    IdPath(id): IdPath<ItemId>,
    Query(query): Query<ItemQuery>,
    Trail(trail): Trail,
) -> Result<Json<ItemDetail>> {
    let now = (state.clock)();
    let detail = state
        .catalog
        .current()
        .item_detail(id.as_str(), &query, now);
    let detail = detail.ok_or(ErrorCode::ItemNotFound)?;
    opened_from_search(&state, &trail, now);
    Ok(Json(detail))
}

/// A point's hours, whether it is open now, and the items it handles.
#[utoipa::path(get, path = "/api/v1/points/{id}",
    params(("id" = PointId, Path, description = "Service point id, e.g. xiyingmen-center"),
        ("from_search" = Option<String>, Query, description = "The search this point was opened from (counted for the staff's search insights)")),
    responses((status = 200, body = PointDetail), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody)),
    tag = "directory")]
async fn point(
    State(state): State<AppState>,
    IdPath(id): IdPath<PointId>,
    Trail(trail): Trail,
) -> Result<Json<PointDetail>> {
    let now = (state.clock)();
    let detail = state.catalog.current().point_detail(id.as_str(), now);
    let detail = detail.ok_or(ErrorCode::PointNotFound)?;
    opened_from_search(&state, &trail, now);
    Ok(Json(detail))
}

/// Counts a result opened from a search, when the app says which (`from_search`), for the
/// staff's search insights.
fn opened_from_search(
    state: &AppState,
    trail: &linli_shared::query::QueryParams,
    now: chrono::NaiveDateTime,
) {
    if let Some(query) = trail.get(FROM_SEARCH) {
        state.insights.opened(now.date(), query);
    }
}

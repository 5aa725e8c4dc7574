//! `GET /api/v1/search`.

use axum::extract::State;
use axum::{Json, Router, routing::get};
use linli_shared::api::SearchResponse;
use linli_shared::error::{ApiError, ErrorBody, ErrorCode};
use linli_shared::query::SearchQuery;
use linli_shared::query::search::field;

use super::AppState;
use super::query::{Query, Trail};
use crate::error::Result;
use linli_shared::query::trail::REPLACES;

pub fn router() -> Router<AppState> {
    Router::new().route("/search", get(search))
}

/// Search items and service points, best first.
#[utoipa::path(
    get,
    path = "/api/v1/search",
    params(SearchQuery,
        ("replaces" = Option<String>, Query, description = "The previous search of the same screen, which the resident typed on from (it is then not counted for the staff's search insights)")),
    responses(
        (status = 200, description = "Items and points, best first", body = SearchResponse),
        (status = 400, description = "Empty, over-long or unreadable query, bad limit, filter or location; `details` names every wrong parameter", body = ErrorBody),
        (status = 503, description = "`busy`: too many searches are waiting already; try again in a moment", body = ErrorBody),
    ),
    tag = "directory"
)]
#[tracing::instrument(skip_all, fields(q))]
async fn search(
    State(state): State<AppState>,
    Query(query): Query<SearchQuery>,
    Trail(trail): Trail,
) -> Result<Json<SearchResponse>> {
    tracing::Span::current().record("q", query.text.as_str());
    let catalog = state.catalog.current();
    if let Some(c) = &query.category
        && !catalog.has_category(c.as_str())
    {
        return Err(ApiError::field(field::CATEGORY, ErrorCode::InvalidFilter).into());
    }
    let now = (state.clock)();
    let answer = state.cpu.run(move || catalog.search(&query, now)).await?;
    // Counted for the staff's search insights (the query, its results, the day; no one's
    // address or session), and, when the app says the resident typed on from a search, that one
    // uncounted.
    let day = now.date();
    state
        .insights
        .searched(day, &answer.query, answer.total_items + answer.total_points);
    if let Some(previous) = trail.get(REPLACES) {
        state.insights.replaced(day, previous);
    }
    Ok(Json(answer))
}

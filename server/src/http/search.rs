//! `GET /api/v1/search`.

use axum::extract::State;
use axum::{Json, Router, routing::get};
use linli_shared::api::SearchResponse;
use linli_shared::domain::query::{
    parse_channel, parse_flag, parse_limit, parse_optional, parse_query_text,
};
use linli_shared::error::{ErrorBody, ErrorCode};

use super::AppState;
use super::query::QueryParams;
use crate::error::Result;
use crate::search::SearchRequest;

pub fn router() -> Router<AppState> {
    Router::new().route("/search", get(search))
}

/// Only documents the parameters; `QueryParams` does the strict parsing.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct SearchParams {
    /// What to look for: Chinese, pinyin, pinyin initials or English; 1-200 characters.
    q: String,
    /// A category id from `/categories`.
    category: Option<String>,
    /// window, online, appointment, home_visit, self_service or proxy.
    channel: Option<String>,
    /// A district (区/县) or street/town (街道/乡镇) name.
    district: Option<String>,
    /// Only points open now, and items offered at one: true or false.
    open_now: Option<bool>,
    /// Results per list, 1-100 (default 10).
    limit: Option<u32>,
    /// A kiosk's own service point id: its items and itself come first.
    at: Option<String>,
}

/// Search items and service points, best first.
#[utoipa::path(
    get,
    path = "/api/v1/search",
    params(SearchParams),
    responses(
        (status = 200, description = "Items and points, best first", body = SearchResponse),
        (status = 400, description = "Empty, over-long or unreadable query, bad limit or filter", body = ErrorBody),
    ),
    tag = "directory"
)]
#[tracing::instrument(skip_all, fields(q))]
async fn search(
    State(state): State<AppState>,
    params: QueryParams,
) -> Result<Json<SearchResponse>> {
    let index = state.index.current();
    let query = parse_query_text(params.get("q"))?;
    tracing::Span::current().record("q", query.as_str());
    let category = parse_optional(params.get("category"));
    if let Some(c) = &category
        && !index.has_category(c)
    {
        return Err(ErrorCode::InvalidFilter.into());
    }
    let request = SearchRequest {
        query,
        category,
        channel: parse_channel(params.get("channel"))?,
        district: parse_optional(params.get("district")),
        open_now: parse_flag(params.get("open_now"))?,
        limit: parse_limit(params.get("limit"))?,
        at: parse_optional(params.get("at")),
    };
    let now = (state.clock)();
    let answer = super::cpu::run(move || index.search(&request, now)).await?;
    Ok(Json(answer))
}

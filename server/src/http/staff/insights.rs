//! `GET /api/v1/staff/insights?week=2026-W48`: what residents searched for in a week and did
//! not find (no result, or results nobody opened), most asked first, for admins; from that list
//! a query becomes an item's colloquial name or alias in a draft. The counts hold nothing
//! personal (`linli_shared::domain::insights`).

use axum::Json;
use axum::extract::State;
use linli_shared::api::staff::{InsightsResponse, UnansweredQuery};
use linli_shared::domain::insights::{Week, unanswered};
use linli_shared::domain::staff::{Action, Target};
use linli_shared::error::{ApiError, ErrorBody, ErrorCode};

use super::Staff;
use crate::error::Result;
use crate::http::AppState;
use crate::http::query::Trail;

/// Most queries in one answer.
pub const MAX_QUERIES: usize = 200;

/// A week's queries that found nothing or whose results nobody opened, most asked first (at
/// most 200). `week` is an ISO week, `2026-W48`; the current one when left out.
#[utoipa::path(get, path = "/api/v1/staff/insights",
    params(("week" = Option<String>, Query, description = "ISO week, e.g. 2026-W48 (default: this week)")),
    responses((status = 200, body = InsightsResponse), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    tag = "staff")]
pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Trail(params): Trail,
) -> Result<Json<InsightsResponse>> {
    staff.require(Action::ReadInsights, &Target::Nothing)?;
    let week = match params.get("week").map(str::trim).filter(|w| !w.is_empty()) {
        None => Week::of((state.clock)().date()),
        Some(text) => {
            Week::parse(text).ok_or_else(|| ApiError::field("week", ErrorCode::WeekInvalid))?
        }
    };
    // What this instance counted and has not written yet is part of the answer.
    state.insights.flush(&state.store).await?;
    let (from, to) = (week.first_day().to_string(), week.last_day().to_string());
    let counts = state.store.search_counts(&from, &to).await?;
    let queries = unanswered(counts, MAX_QUERIES)
        .into_iter()
        .map(|(c, finding)| UnansweredQuery {
            searches: c.meant(),
            query: c.query,
            results: c.results,
            opened: c.opened,
            finding,
        })
        .collect();
    Ok(Json(InsightsResponse {
        week: week.to_string(),
        from,
        to,
        queries,
    }))
}

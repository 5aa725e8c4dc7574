//! `GET /api/v1/staff/audit`: the audit log, newest first, for admins. Read-only: no endpoint
//! changes or deletes an entry (and the database refuses to). A district admin sees the
//! entries made by themselves and by the accounts they manage.

use axum::Json;
use axum::extract::State;
use axum::http::Uri;
use chrono::NaiveDate;
use linli_shared::api::staff::AuditResponse;
use linli_shared::domain::staff::{Action, Role, Target};
use linli_shared::error::{ApiError, ErrorBody, ErrorCode, FieldProblem};
use linli_shared::query::QueryParams;

use super::Staff;
use super::accounts::manages;
use crate::auth::{format_time, utc_of_china};
use crate::error::Result;
use crate::http::AppState;
use crate::store::audit::AuditFilter;

/// Most entries in one answer (and the default).
pub const MAX_AUDIT_ENTRIES: i64 = 200;

/// The audit log, newest first, filtered: `account` (an account id), `record_kind` and
/// `record_id` (e.g. `staff_account` and `7`), `from` and `to` (local dates, YYYY-MM-DD, both
/// included), `before` (an entry id: older entries, for paging), `limit` (1-200).
#[utoipa::path(get, path = "/api/v1/staff/audit",
    params(("account" = Option<i64>, Query), ("record_kind" = Option<String>, Query),
        ("record_id" = Option<String>, Query), ("from" = Option<String>, Query),
        ("to" = Option<String>, Query), ("before" = Option<i64>, Query),
        ("limit" = Option<i64>, Query)),
    responses((status = 200, body = AuditResponse), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    tag = "staff")]
pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    uri: Uri,
) -> Result<Json<AuditResponse>> {
    staff.require(Action::ReadAudit, &Target::Nothing)?;
    let mut filter = read_filter(&QueryParams::parse(uri.query().unwrap_or(""))?)?;
    if staff.account.role != Role::PlatformAdmin {
        let mut visible: Vec<i64> = state
            .store
            .accounts()
            .await?
            .iter()
            .filter(|a| manages(&staff, a))
            .map(|a| a.id)
            .collect();
        visible.push(staff.account.id);
        filter.accounts_in = Some(visible);
    }
    let entries = state.store.audit_entries(&filter).await?;
    Ok(Json(AuditResponse { entries }))
}

fn read_filter(params: &QueryParams) -> Result<AuditFilter, ApiError> {
    let mut problems = Vec::new();
    let mut wrong =
        |field: &'static str| problems.push(FieldProblem::new(field, ErrorCode::InvalidParameter));
    let number = |field: &'static str, wrong: &mut dyn FnMut(&'static str)| {
        params.get(field).and_then(|v| match v.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                wrong(field);
                None
            }
        })
    };
    let account_id = number("account", &mut wrong);
    let before_id = number("before", &mut wrong);
    let limit = number("limit", &mut wrong).unwrap_or(MAX_AUDIT_ENTRIES);
    if !(1..=MAX_AUDIT_ENTRIES).contains(&limit) {
        wrong("limit");
    }
    // A local date's start, in UTC.
    let mut day_start = |field: &'static str, days_after: u64| {
        params.get(field).and_then(|v| {
            match NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.checked_add_days(chrono::Days::new(days_after)))
            {
                Some(day) => Some(format_time(utc_of_china(day.and_hms_opt(0, 0, 0)?))),
                None => {
                    wrong(field);
                    None
                }
            }
        })
    };
    let from = day_start("from", 0);
    let until = day_start("to", 1);
    let text = |field: &str| {
        params
            .get(field)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let filter = AuditFilter {
        account_id,
        accounts_in: None,
        record_kind: text("record_kind"),
        record_id: text("record_id"),
        from,
        until,
        before_id,
        limit,
    };
    match ApiError::from_fields(problems) {
        Some(error) => Err(error),
        None => Ok(filter),
    }
}

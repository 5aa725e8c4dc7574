//! The only code of the console that talks to the server. The session is the HttpOnly cookie
//! the browser keeps and sends itself; every state-changing request also carries the session's
//! CSRF token in `X-CSRF-Token` (given at sign-in and by `GET /staff/me`, kept in memory only).
//! Answers decode as the shared API types; a refusal keeps the whole error body, so a page can
//! show every problem a publish names, or the current record of a stale copy.

use std::cell::RefCell;

use gloo_net::http::Request;
use linli_shared::api::Overview;
use linli_shared::api::staff::{
    AccountsResponse, AuditResponse, CreatedAccount, DirectoryUpload, DraftDiff, DraftEntry,
    DraftResponse, DraftSave, InsightsResponse, LoginRequest, NewAccount, PasswordChange,
    PublishResult, PublishedRecord, StaffAccount, StaffDirectory, StaffSession,
};
use linli_shared::domain::draft::DraftKind;
use linli_shared::domain::listing::ListFilter;
use linli_shared::error::{ErrorBody, ErrorCode, Lang};
pub use linli_shared::query::encode;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::i18n::{Msg, t};

/// Why a request gave no answer.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server refused, in the API's shape.
    Refused { status: u16, body: ErrorBody },
    /// No answer at all.
    Network,
    /// An answer that could not be read.
    BadAnswer,
}

impl ApiError {
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiError::Refused { body, .. } => Some(body.code),
            _ => None,
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Refused { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// In words, in the staff's language: the code's message from the shared table.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            ApiError::Refused { body, .. } => body.code.message(lang).to_owned(),
            ApiError::Network => t(lang, Msg::NetworkError).to_owned(),
            ApiError::BadAnswer => t(lang, Msg::BadAnswer).to_owned(),
        }
    }
}

thread_local! {
    static CSRF: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Sets (or forgets) the CSRF token sent with every state-changing request.
pub fn set_csrf(token: Option<String>) {
    CSRF.with(|c| *c.borrow_mut() = token);
}

#[derive(Clone, Copy)]
enum Method {
    Get,
    Post,
    Put,
    Delete,
}

async fn send(method: Method, url: &str, body: Option<String>) -> Result<String, ApiError> {
    let builder = match method {
        Method::Get => Request::get(url),
        Method::Post => Request::post(url),
        Method::Put => Request::put(url),
        Method::Delete => Request::delete(url),
    };
    let mut builder = builder.header("Accept", "application/json");
    if !matches!(method, Method::Get)
        && let Some(token) = CSRF.with(|c| c.borrow().clone())
    {
        builder = builder.header("X-CSRF-Token", &token);
    }
    let request = match body {
        Some(json) => builder
            .header("Content-Type", "application/json")
            .body(json),
        None => builder.build(),
    }
    .map_err(|_| ApiError::Network)?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    let status = response.status();
    let text = response.text().await.map_err(|_| ApiError::Network)?;
    if (200..300).contains(&status) {
        Ok(text)
    } else {
        match serde_json::from_str::<ErrorBody>(&text) {
            Ok(body) => Err(ApiError::Refused { status, body }),
            Err(_) if status >= 500 => Err(ApiError::Network),
            Err(_) => Err(ApiError::BadAnswer),
        }
    }
}

fn decode<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|_| ApiError::BadAnswer)
}

async fn get<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    decode(&send(Method::Get, url, None).await?)
}

async fn with_body<B: Serialize, T: DeserializeOwned>(
    method: Method,
    url: &str,
    body: Option<&B>,
) -> Result<T, ApiError> {
    let json = body
        .map(serde_json::to_string)
        .transpose()
        .map_err(|_| ApiError::BadAnswer)?;
    decode(&send(method, url, json).await?)
}

pub async fn me() -> Result<StaffSession, ApiError> {
    get("/api/v1/staff/me").await
}

pub async fn login(username: String, password: String) -> Result<StaffSession, ApiError> {
    with_body(
        Method::Post,
        "/api/v1/staff/login",
        Some(&LoginRequest { username, password }),
    )
    .await
}

pub async fn logout() -> Result<(), ApiError> {
    send(Method::Post, "/api/v1/staff/logout", None)
        .await
        .map(drop)
}

pub async fn overview() -> Result<Overview, ApiError> {
    get("/api/v1/overview").await
}

/// The staff's list of items and points (retired ones too when asked; points in scope).
pub async fn staff_directory(filter: &ListFilter) -> Result<StaffDirectory, ApiError> {
    get(&staff_directory_url(filter)).await
}

pub fn staff_directory_url(filter: &ListFilter) -> String {
    format!("/api/v1/staff/directory?{}", filter.to_query_string())
}

pub fn record_url(kind: DraftKind, id: &str) -> String {
    format!("/api/v1/staff/records/{}/{}", kind.as_str(), encode(id))
}

pub fn draft_url(kind: DraftKind, id: &str) -> String {
    format!("/api/v1/staff/draft/{}/{}", kind.as_str(), encode(id))
}

pub async fn record(kind: DraftKind, id: &str) -> Result<PublishedRecord, ApiError> {
    get(&record_url(kind, id)).await
}

/// The copy of a record a form starts from: the caller's draft's when it holds one (a new
/// record too), else what residents see. With the version it was edited from (`None`: new) and
/// whether it came from the draft.
pub async fn working_copy(
    kind: DraftKind,
    id: &str,
) -> Result<(serde_json::Value, Option<String>, bool), ApiError> {
    let drafted = draft()
        .await?
        .entries
        .into_iter()
        .find(|e| e.kind == kind && e.id == id && e.record.is_some());
    if let Some(entry) = drafted {
        let record = entry.record.unwrap_or_default();
        return Ok((record, entry.base_version, true));
    }
    let published = record(kind, id).await?;
    Ok((published.record, Some(published.version), false))
}

pub async fn draft() -> Result<DraftResponse, ApiError> {
    get("/api/v1/staff/draft").await
}

pub async fn save_draft(
    kind: DraftKind,
    id: &str,
    save: &DraftSave,
) -> Result<DraftEntry, ApiError> {
    with_body(Method::Put, &draft_url(kind, id), Some(save)).await
}

pub async fn discard(kind: DraftKind, id: &str) -> Result<(), ApiError> {
    send(Method::Delete, &draft_url(kind, id), None)
        .await
        .map(drop)
}

pub async fn diff() -> Result<DraftDiff, ApiError> {
    get("/api/v1/staff/draft/diff").await
}

pub async fn publish() -> Result<PublishResult, ApiError> {
    with_body::<(), _>(Method::Post, "/api/v1/staff/draft/publish", None).await
}

pub async fn accounts() -> Result<Vec<StaffAccount>, ApiError> {
    get::<AccountsResponse>("/api/v1/staff/accounts")
        .await
        .map(|a| a.accounts)
}

pub async fn create_account(new: &NewAccount) -> Result<CreatedAccount, ApiError> {
    with_body(Method::Post, "/api/v1/staff/accounts", Some(new)).await
}

pub async fn disable_account(id: i64) -> Result<(), ApiError> {
    send(
        Method::Post,
        &format!("/api/v1/staff/accounts/{id}/disable"),
        None,
    )
    .await
    .map(drop)
}

pub async fn change_password(change: &PasswordChange) -> Result<(), ApiError> {
    send(
        Method::Post,
        "/api/v1/staff/password",
        Some(serde_json::to_string(change).map_err(|_| ApiError::BadAnswer)?),
    )
    .await
    .map(drop)
}

/// Where the whole directory file is downloaded from (the browser saves it: the answer says
/// `Content-Disposition: attachment`).
pub const EXPORT_URL: &str = "/api/v1/staff/directory/export";

/// Uploads a directory file (its text as it is) into the caller's draft.
pub async fn upload_directory(text: String) -> Result<DirectoryUpload, ApiError> {
    decode(&send(Method::Post, "/api/v1/staff/directory/import", Some(text)).await?)
}

pub fn insights_url(week: Option<&str>) -> String {
    match week.map(str::trim).filter(|w| !w.is_empty()) {
        Some(week) => format!("/api/v1/staff/insights?week={}", encode(week)),
        None => "/api/v1/staff/insights".to_owned(),
    }
}

pub async fn insights(week: Option<&str>) -> Result<InsightsResponse, ApiError> {
    get(&insights_url(week)).await
}

/// The audit log's filters, as its query string names them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditFilter {
    pub account: Option<i64>,
    pub record_kind: Option<String>,
    pub record_id: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub before: Option<i64>,
}

pub const AUDIT_PAGE: usize = 50;

pub fn audit_url(filter: &AuditFilter) -> String {
    let mut pairs = vec![("limit".to_owned(), AUDIT_PAGE.to_string())];
    let mut push = |name: &str, value: Option<String>| {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            pairs.push((name.to_owned(), value));
        }
    };
    push("account", filter.account.map(|a| a.to_string()));
    push("record_kind", filter.record_kind.clone());
    push("record_id", filter.record_id.clone());
    push("from", filter.from.clone());
    push("to", filter.to.clone());
    push("before", filter.before.map(|b| b.to_string()));
    let query = pairs
        .iter()
        .map(|(n, v)| format!("{n}={}", encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    format!("/api/v1/staff/audit?{query}")
}

pub async fn audit(filter: &AuditFilter) -> Result<AuditResponse, ApiError> {
    get(&audit_url(filter)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_encode_ids_and_leave_out_empty_filters() {
        assert_eq!(
            record_url(DraftKind::Item, "dibao"),
            "/api/v1/staff/records/item/dibao"
        );
        assert_eq!(
            draft_url(DraftKind::Point, "a b"),
            "/api/v1/staff/draft/point/a%20b"
        );
        let filter = ListFilter::parse(&linli_shared::query::QueryParams::from_pairs([
            ("q", "低保"),
            ("status", "retired"),
        ]))
        .unwrap();
        assert_eq!(
            staff_directory_url(&filter),
            "/api/v1/staff/directory?q=%E4%BD%8E%E4%BF%9D&status=retired"
        );
        let filter = AuditFilter {
            record_kind: Some("item".into()),
            record_id: Some(String::new()),
            before: Some(7),
            ..AuditFilter::default()
        };
        assert_eq!(
            insights_url(Some("2026-W48")),
            "/api/v1/staff/insights?week=2026-W48"
        );
        assert_eq!(insights_url(Some(" ")), "/api/v1/staff/insights");
        assert_eq!(
            audit_url(&filter),
            "/api/v1/staff/audit?limit=50&record_kind=item&before=7"
        );
    }
}

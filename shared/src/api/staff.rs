//! Request and answer bodies of the staff endpoints under `/api/v1/staff`.

use serde::{Deserialize, Serialize};

use crate::domain::draft::{DraftKind, FieldChange};
use crate::domain::insights::Finding;
use crate::domain::staff::Role;

/// `POST /api/v1/staff/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

/// `POST /api/v1/staff/password`: a signed-in staff member changes their own password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// A staff account as the API shows it (never its password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffAccount {
    pub id: i64,
    pub username: String,
    pub role: Role,
    /// `all`, `district:NAME` or `point:ID`.
    pub scope: String,
    pub disabled: bool,
    /// RFC 3339, UTC.
    pub created_at: String,
}

/// The answer to a sign-in and to `GET /api/v1/staff/me`: who is signed in, and the token every
/// state-changing staff request sends back in the `X-CSRF-Token` header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffSession {
    pub account: StaffAccount,
    pub csrf_token: String,
}

/// `GET /api/v1/staff/accounts`: the accounts the caller may manage, and the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountsResponse {
    pub accounts: Vec<StaffAccount>,
}

/// `POST /api/v1/staff/accounts`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewAccount {
    pub username: String,
    pub role: Role,
    /// `district:NAME` or `point:ID`; left out for a platform admin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// Left out: the server generates one and answers it, once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

/// `POST /api/v1/staff/accounts/{id}/password`: an admin sets another account's password.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordReset {
    /// Left out: the server generates one and answers it, once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

/// The answer to `POST /api/v1/staff/accounts` and to a password reset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedAccount {
    pub account: StaffAccount,
    /// The generated password, shown this once; absent when the request gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

/// One entry of the audit log: who changed which record when, before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    /// RFC 3339, UTC.
    pub at: String,
    /// The account that made the change; absent for the command line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<i64>,
    /// The user name of that account, or `cli` / `demo`.
    pub actor: String,
    /// What was done, e.g. `account_created`, `account_disabled`, `password_reset`.
    pub action: String,
    /// The kind of record, e.g. `staff_account`.
    pub record_kind: String,
    pub record_id: String,
    /// The record before the change as JSON; absent when it was created.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<serde_json::Value>,
    /// The record after the change as JSON; absent when it was removed.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<serde_json::Value>,
}

/// `GET /api/v1/staff/audit`: newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditResponse {
    pub entries: Vec<AuditEntry>,
}

/// `GET /api/v1/staff/records/{kind}/{id}`: a published record as residents see it, with the
/// version a draft edit of it must name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishedRecord {
    pub kind: DraftKind,
    pub id: String,
    pub version: String,
    /// The record in the directory file format.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub record: serde_json::Value,
}

/// `PUT /api/v1/staff/draft/{categories|items|points}/{id}`: the record as it should be, and
/// the version of the published record it was edited from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DraftSave {
    /// The published record's version (from `GET /staff/records/…`); left out for a new record.
    #[serde(default)]
    pub base_version: Option<String>,
    /// The whole record in the directory file format; `null` retires it.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub record: Option<serde_json::Value>,
}

/// One record of the caller's draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DraftEntry {
    pub kind: DraftKind,
    pub id: String,
    pub base_version: Option<String>,
    /// `null`: the draft retires the record.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub record: Option<serde_json::Value>,
    /// RFC 3339, UTC.
    pub updated_at: String,
}

/// `GET /api/v1/staff/draft`: the caller's draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DraftResponse {
    pub entries: Vec<DraftEntry>,
}

/// How a draft changes one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RecordChange {
    Added,
    Changed,
    Retired,
    /// The draft holds it but it equals what residents see.
    Unchanged,
}

/// One record's difference between what residents see and the draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordDiff {
    pub kind: DraftKind,
    pub id: String,
    pub change: RecordChange,
    /// The published record changed since the draft copied it: publishing will be refused.
    pub stale: bool,
    pub fields: Vec<FieldChange>,
}

/// `GET /api/v1/staff/draft/diff`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DraftDiff {
    pub records: Vec<RecordDiff>,
}

/// `POST /api/v1/staff/draft/publish`: what publishing did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishResult {
    /// The directory version now.
    pub version: i64,
    /// How many records the draft held (each one audited).
    pub records: usize,
}

/// `GET /api/v1/staff/insights`: a week's searches that found nothing or whose results nobody
/// opened, most asked first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InsightsResponse {
    /// The ISO week, `2026-W48`.
    pub week: String,
    /// Its first and last day (China time), `YYYY-MM-DD`.
    pub from: String,
    pub to: String,
    pub queries: Vec<UnansweredQuery>,
}

/// One query residents searched for in the week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnansweredQuery {
    /// As counted: folded, trimmed, lower case.
    pub query: String,
    /// Searches for it (leaving out those the resident typed on from).
    pub searches: i64,
    /// The most results one of its searches found.
    pub results: i64,
    /// Results opened from its searches.
    pub opened: i64,
    pub finding: Finding,
}

/// The answer to `POST /api/v1/staff/directory/import`: how the uploaded file differs from what
/// residents see, record by record; the differing records are now the caller's draft.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DirectoryUpload {
    pub added: u32,
    pub changed: u32,
    /// Published records the file leaves out: retired when the draft is published.
    pub retired: u32,
    pub unchanged: u32,
}

/// `GET /api/v1/staff/directory`: the records a staff member asked for, retired ones too when
/// asked (`linli_shared::domain::listing`), in the directory file's order, at most 200 of each.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffDirectory {
    pub items: Vec<ListedItem>,
    pub points: Vec<ListedPoint>,
    /// More matched than were listed: narrow the search.
    pub truncated: bool,
}

/// An item in the staff's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListedItem {
    pub id: String,
    pub name: String,
    pub name_en: String,
    pub category: String,
    /// Retired: residents do not see it; publishing it again brings it back.
    pub retired: bool,
}

/// A service point in the staff's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListedPoint {
    pub id: String,
    pub name: String,
    pub district: String,
    pub subdistrict: String,
    pub address: String,
    pub retired: bool,
}

//! Bodies of the complaints and suggestions endpoints: `/api/v1/cases` for residents and
//! `/api/v1/staff/cases` for the front desk, departments and supervisors.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::domain::case::{CaseKind, CaseRating, CaseState, EntryKind, Party, Subject};

/// `POST /api/v1/cases`. With a resident's bearer token the case is theirs (they read its text
/// back and may rate it) unless `anonymous`; without one it is anonymous.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewCase {
    pub kind: CaseKind,
    pub subject: Subject,
    /// The service item's or service point's id, for those subjects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_id: Option<String>,
    /// Where: a service point's id…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub point: Option<String>,
    /// …or an address (at most 200 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// At most 4,000 characters, stored as given.
    pub text: String,
    #[serde(default)]
    pub anonymous: bool,
}

/// One step of a case as residents see it: what happened, when, by which role (never a staff
/// member's name), and for a reply its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    pub at: NaiveDateTime,
    pub kind: EntryKind,
    /// The case's state after the step.
    pub state: CaseState,
    pub by: Party,
    pub round: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// A rating as kept, with its round (a reopened case has two).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingView {
    pub round: i64,
    pub at: NaiveDateTime,
    #[serde(flatten)]
    pub rating: CaseRating,
}

/// `GET /api/v1/cases/{tracking}`: the public view of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseView {
    pub tracking: String,
    pub kind: CaseKind,
    pub subject: Subject,
    pub state: CaseState,
    /// Overdue and under supervision (督办).
    pub supervised: bool,
    pub round: i64,
    pub received_at: NaiveDateTime,
    pub accept_by: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_by: Option<NaiveDate>,
    /// Public steps only: never internal notes.
    pub timeline: Vec<TimelineEntry>,
    pub ratings: Vec<RatingView>,
    /// The caller filed this case (their bearer token's number).
    pub mine: bool,
    /// The case's own text: only for the resident who filed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// For the resident who filed it: their photos' ids, in the order sent, each at
    /// `/api/v1/cases/{tracking}/photos/{id}` (and `/thumb`) with their token.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<String>,
}

/// `POST /api/v1/cases/{tracking}/rating`: a `CaseRating`.
pub type RatingRequest = CaseRating;

/// One case in a staff inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseSummary {
    pub tracking: String,
    pub kind: CaseKind,
    pub subject: Subject,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub point: Option<String>,
    pub state: CaseState,
    pub round: i64,
    pub supervised: bool,
    /// Past its deadline today.
    pub overdue: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    pub received_at: NaiveDateTime,
    pub accept_by: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_by: Option<NaiveDate>,
}

/// `GET /api/v1/staff/cases`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseInbox {
    pub cases: Vec<CaseSummary>,
}

/// A step or note as staff see it: with the staff member's user name and internal notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffTimelineEntry {
    #[serde(flatten)]
    pub entry: TimelineEntry,
    pub public: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
}

/// `GET /api/v1/staff/cases/{tracking}` and the answer of every staff step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffCaseView {
    #[serde(flatten)]
    pub summary: CaseSummary,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// The resident's number, masked (138****5678); none when anonymous.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    pub timeline: Vec<StaffTimelineEntry>,
    pub ratings: Vec<RatingView>,
    /// The case's photos' ids, in the order sent: each at
    /// `/api/v1/cases/{tracking}/photos/{id}` (and `/thumb`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<String>,
}

/// `POST /api/v1/staff/cases/{tracking}/dispatch`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DispatchRequest {
    pub department: String,
}

/// The body of a note, a reply, a hand-back (its reason) or a follow-up (what the resident
/// said); optional where the step needs no words.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseText {
    #[serde(default)]
    pub text: Option<String>,
}

//! Complaints and suggestions: cases, their timelines (public steps and internal notes), ratings
//! and departments. Every step is one write transaction holding the case's new state, its
//! timeline entry and its audit entry; the step is decided by `domain::case::transition` on the
//! case as read inside that transaction, and written with a conditional `UPDATE … WHERE version
//! = …`, so two instances (or a staff member and the overdue job) never both take a step from
//! the same state.

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use linli_shared::api::cases::RatingView;
use linli_shared::domain::calendar::Calendar;
use linli_shared::domain::case::{
    CaseKind, CaseRating, CaseState, Deadlines, EntryKind, Event, Level, Party, Subject, reply_by,
    transition,
};
use linli_shared::error::ErrorCode;
use serde_json::json;
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::{Any, Arguments, AssertSqlSafe, Row, Transaction};

use super::Store;
use super::appointments::{local_text, parse_local};
use super::audit::{self, AuditActor, Change};
use crate::auth::{format_time, utc_of_china};
use crate::cases::photo_files::StoredPhoto;
use crate::error::Error;

/// Cases one phone number or one client address may file in `SUBMIT_WINDOW`.
pub const SUBMISSIONS_PER_WINDOW: i64 = 5;
pub const SUBMIT_WINDOW: TimeDelta = TimeDelta::hours(1);

/// A case as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRecord {
    pub id: i64,
    pub tracking: String,
    pub kind: CaseKind,
    pub subject: Subject,
    pub subject_id: Option<String>,
    pub point_id: Option<String>,
    pub address: Option<String>,
    pub body: String,
    pub phone: Option<String>,
    pub state: CaseState,
    pub round: i64,
    pub department_id: Option<String>,
    pub supervised: bool,
    pub received_at: NaiveDateTime,
    pub deadlines: Deadlines,
    pub version: i64,
}

/// A timeline entry as stored, with the staff member's user name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRecord {
    pub at: NaiveDateTime,
    pub round: i64,
    pub kind: EntryKind,
    pub state: CaseState,
    pub party: Party,
    pub public: bool,
    pub staff: Option<String>,
    pub department_id: Option<String>,
    pub body: Option<String>,
}

/// A new case, checked by the handler.
pub struct NewCaseRecord<'a> {
    pub tracking: &'a str,
    pub kind: CaseKind,
    pub subject: Subject,
    pub subject_id: Option<&'a str>,
    pub point_id: Option<&'a str>,
    pub address: Option<&'a str>,
    pub body: &'a str,
    pub phone: Option<&'a str>,
    pub client: &'a str,
    pub received_at: NaiveDateTime,
    pub accept_by: NaiveDate,
    pub idempotency_key: Option<&'a str>,
    pub request_digest: &'a str,
    /// Photos already written to the photo directory, listed in the case's transaction.
    pub photos: &'a [StoredPhoto],
}

pub enum Submitted {
    Created(CaseRecord),
    /// The same `Idempotency-Key` and request again: the case made the first time.
    Replayed(CaseRecord),
}

/// Who takes a step: a staff account, the resident or the overdue job.
pub struct StepBy<'a> {
    pub party: Party,
    pub audit: &'a AuditActor,
}

/// A step to take on a case read at `version`.
pub struct CaseStep<'a> {
    pub tracking: &'a str,
    /// The version the caller decided on (`None`: whatever is stored now).
    pub version: Option<i64>,
    pub event: Event,
    pub by: StepBy<'a>,
    /// For a dispatch: the department.
    pub department: Option<&'a str>,
    /// A reply's, hand-back's or follow-up's words.
    pub text: Option<&'a str>,
    /// For a rating.
    pub rating: Option<&'a CaseRating>,
    pub calendar: &'a Calendar,
    pub now: NaiveDateTime,
}

const CASE_COLUMNS: &str = "id, tracking, kind, subject, subject_id, point_id, address, body, \
     phone, state, round, department_id, supervised_at, received_at, accept_by, reply_by, version";

fn date(text: &str) -> Result<NaiveDate, Error> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| anyhow::anyhow!("stored date {text:?}: {e}").into())
}

fn wire<T>(parse: fn(&str) -> Option<T>, text: &str, what: &str) -> Result<T, Error> {
    parse(text).ok_or_else(|| anyhow::anyhow!("stored {what} {text:?} is not known").into())
}

fn case_of_row(r: &AnyRow) -> Result<CaseRecord, Error> {
    let reply: Option<String> = r.try_get("reply_by")?;
    let supervised: Option<String> = r.try_get("supervised_at")?;
    Ok(CaseRecord {
        id: r.try_get("id")?,
        tracking: r.try_get("tracking")?,
        kind: wire(CaseKind::parse, &r.try_get::<String, _>("kind")?, "kind")?,
        subject: wire(
            Subject::parse,
            &r.try_get::<String, _>("subject")?,
            "subject",
        )?,
        subject_id: r.try_get("subject_id")?,
        point_id: r.try_get("point_id")?,
        address: r.try_get("address")?,
        body: r.try_get("body")?,
        phone: r.try_get("phone")?,
        state: wire(CaseState::parse, &r.try_get::<String, _>("state")?, "state")?,
        round: r.try_get("round")?,
        department_id: r.try_get("department_id")?,
        supervised: supervised.is_some(),
        received_at: parse_local(&r.try_get::<String, _>("received_at")?)?,
        deadlines: Deadlines {
            accept_by: date(&r.try_get::<String, _>("accept_by")?)?,
            reply_by: reply.as_deref().map(date).transpose()?,
        },
        version: r.try_get("version")?,
    })
}

async fn case_in(
    tx: &mut Transaction<'static, Any>,
    tracking: &str,
) -> Result<Option<CaseRecord>, Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {CASE_COLUMNS} FROM cases WHERE tracking = $1"
    )))
    .bind(tracking)
    .fetch_optional(&mut **tx)
    .await?
    .as_ref()
    .map(case_of_row)
    .transpose()
}

/// Which cases an inbox lists.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    pub department: Option<String>,
    pub state: Option<CaseState>,
    pub subject: Option<Subject>,
    pub point: Option<String>,
    pub supervised: bool,
    /// Only cases past a deadline on this day.
    pub overdue_on: Option<NaiveDate>,
    pub limit: i64,
}

/// The states `keep` selects, as an SQL list of their constant names.
fn state_list(keep: impl Fn(CaseState) -> bool) -> String {
    CaseState::ALL
        .iter()
        .filter(|s| keep(**s))
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the audit log keeps of a case's standing.
fn audit_json(c: &CaseRecord) -> serde_json::Value {
    json!({
        "state": c.state,
        "round": c.round,
        "department": c.department_id,
        "supervised": c.supervised,
        "reply_by": c.deadlines.reply_by,
    })
}

struct NewEvent<'a> {
    case_id: i64,
    at: NaiveDateTime,
    round: i64,
    kind: EntryKind,
    state: CaseState,
    party: Party,
    account_id: Option<i64>,
    department_id: Option<&'a str>,
    body: Option<&'a str>,
}

async fn insert_event(tx: &mut Transaction<'static, Any>, e: NewEvent<'_>) -> Result<(), Error> {
    sqlx::query(
        "INSERT INTO case_events (case_id, at, round, kind, state, party, visibility, \
         account_id, department_id, body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(e.case_id)
    .bind(local_text(e.at))
    .bind(e.round)
    .bind(e.kind.as_str())
    .bind(e.state.as_str())
    .bind(e.party.as_str())
    .bind(if e.kind.is_public() {
        "public"
    } else {
        "internal"
    })
    .bind(e.account_id)
    .bind(e.department_id)
    .bind(e.body)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn append_audit(
    tx: &mut Transaction<'static, Any>,
    actor: &AuditActor,
    now: NaiveDateTime,
    action: &str,
    tracking: &str,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Result<(), Error> {
    let at = format_time(utc_of_china(now));
    audit::append(
        tx,
        Change {
            at: &at,
            actor,
            action,
            record_kind: "case",
            record_id: tracking,
            before,
            after,
        },
    )
    .await
}

impl Store {
    /// Files a case with its first timeline entry and audit entry, within the submission
    /// limits; a repeated `Idempotency-Key` with the same request gets the case it made.
    pub async fn submit_case(&self, new: NewCaseRecord<'_>) -> Result<Submitted, Error> {
        let mut tx = self.begin_write().await?;
        if let Some(key) = new.idempotency_key {
            let found = sqlx::query(
                "SELECT tracking, request_digest FROM cases WHERE idempotency_key = $1",
            )
            .bind(key)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(row) = found {
                let digest: Option<String> = row.try_get("request_digest")?;
                if digest.as_deref() != Some(new.request_digest) {
                    return Err(ErrorCode::IdempotencyKeyReused.into());
                }
                let tracking: String = row.try_get("tracking")?;
                let case = case_in(&mut tx, &tracking)
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("the case of a key is gone"))?;
                return Ok(Submitted::Replayed(case));
            }
        }
        let since = local_text(new.received_at - SUBMIT_WINDOW);
        let recent: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM cases WHERE received_at > $1 AND (client = $2 OR phone = $3)",
        )
        .bind(&since)
        .bind(new.client)
        .bind(new.phone)
        .fetch_one(&mut *tx)
        .await?;
        if recent >= SUBMISSIONS_PER_WINDOW {
            return Err(ErrorCode::CaseTooMany.into());
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO cases (tracking, kind, subject, subject_id, point_id, address, body, \
             phone, client, state, round, received_at, accept_by, updated_at, version, \
             idempotency_key, request_digest) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $12, $11, 0, $13, $14) \
             RETURNING id",
        )
        .bind(new.tracking)
        .bind(new.kind.as_str())
        .bind(new.subject.as_str())
        .bind(new.subject_id)
        .bind(new.point_id)
        .bind(new.address)
        .bind(new.body)
        .bind(new.phone)
        .bind(new.client)
        .bind(CaseState::Received.as_str())
        .bind(local_text(new.received_at))
        .bind(new.accept_by.to_string())
        .bind(new.idempotency_key)
        .bind(new.request_digest)
        .fetch_one(&mut *tx)
        .await?;
        for (position, photo) in new.photos.iter().enumerate() {
            sqlx::query(
                "INSERT INTO case_photos (case_id, position, photo_id, width, height) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(position as i64)
            .bind(&photo.id)
            .bind(i64::from(photo.width))
            .bind(i64::from(photo.height))
            .execute(&mut *tx)
            .await?;
        }
        insert_event(
            &mut tx,
            NewEvent {
                case_id: id,
                at: new.received_at,
                round: 1,
                kind: EntryKind::Received,
                state: CaseState::Received,
                party: Party::Resident,
                account_id: None,
                department_id: None,
                body: None,
            },
        )
        .await?;
        let case = case_in(&mut tx, new.tracking)
            .await?
            .ok_or_else(|| anyhow::anyhow!("the case just filed is not there"))?;
        append_audit(
            &mut tx,
            &AuditActor::resident(),
            new.received_at,
            "case_received",
            new.tracking,
            None,
            Some(audit_json(&case)),
        )
        .await?;
        tx.commit().await?;
        Ok(Submitted::Created(case))
    }

    /// The ids of a case's photos, in the order sent.
    pub async fn case_photos(&self, case_id: i64) -> Result<Vec<String>, Error> {
        Ok(sqlx::query_scalar(
            "SELECT photo_id FROM case_photos WHERE case_id = $1 ORDER BY position",
        )
        .bind(case_id)
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn case_by_tracking(&self, tracking: &str) -> Result<Option<CaseRecord>, Error> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {CASE_COLUMNS} FROM cases WHERE tracking = $1"
        )))
        .bind(tracking)
        .fetch_optional(self.pool())
        .await?
        .as_ref()
        .map(case_of_row)
        .transpose()
    }

    /// The cases matching `filter`, newest first, at most `filter.limit`. Every condition is in
    /// the query, so the limit never hides an old case that matches.
    pub async fn cases(&self, filter: &CaseFilter) -> Result<Vec<CaseRecord>, Error> {
        let mut args = AnyArguments::default();
        let mut conditions: Vec<String> = Vec::new();
        let bind = |args: &mut AnyArguments, value: String| -> Result<String, Error> {
            args.add(value).map_err(sqlx::Error::Encode)?;
            Ok(format!("${}", args.len()))
        };
        if let Some(d) = &filter.department {
            conditions.push(format!("department_id = {}", bind(&mut args, d.clone())?));
        }
        if let Some(state) = filter.state {
            let state = bind(&mut args, state.as_str().to_owned())?;
            conditions.push(format!("state = {state}"));
        }
        if let Some(subject) = filter.subject {
            let subject = bind(&mut args, subject.as_str().to_owned())?;
            conditions.push(format!("subject = {subject}"));
        }
        if let Some(point) = &filter.point {
            conditions.push(format!("point_id = {}", bind(&mut args, point.clone())?));
        }
        if filter.supervised {
            conditions.push("supervised_at IS NOT NULL".to_owned());
        }
        if let Some(today) = filter.overdue_on {
            // As `domain::case::overdue`: past the accept-by day while received, past the
            // reply-by day while open.
            let today = bind(&mut args, today.to_string())?;
            conditions.push(format!(
                "((state = 'received' AND accept_by < {today}) OR \
                 (state IN ({}) AND reply_by < {today}))",
                state_list(|s| s.is_open() && s != CaseState::Received)
            ));
        }
        args.add(filter.limit).map_err(sqlx::Error::Encode)?;
        let limit = format!("${}", args.len());
        let filter = if conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conditions.join(" AND "))
        };
        // Column names and states are constants; every value is bound.
        sqlx::query_with(
            AssertSqlSafe(format!(
                "SELECT {CASE_COLUMNS} FROM cases{filter} ORDER BY id DESC LIMIT {limit}"
            )),
            args,
        )
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(case_of_row)
        .collect()
    }

    /// A case's timeline, oldest first, with internal notes (the handler leaves them out for
    /// residents).
    pub async fn case_events(&self, case_id: i64) -> Result<Vec<EventRecord>, Error> {
        let rows = sqlx::query(
            "SELECT e.at, e.round, e.kind, e.state, e.party, e.visibility, e.department_id, \
             e.body, a.username FROM case_events e \
             LEFT JOIN staff_accounts a ON a.id = e.account_id \
             WHERE e.case_id = $1 ORDER BY e.id",
        )
        .bind(case_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(EventRecord {
                    at: parse_local(&r.try_get::<String, _>("at")?)?,
                    round: r.try_get("round")?,
                    kind: wire(EntryKind::parse, &r.try_get::<String, _>("kind")?, "entry")?,
                    state: wire(CaseState::parse, &r.try_get::<String, _>("state")?, "state")?,
                    party: wire(Party::parse, &r.try_get::<String, _>("party")?, "party")?,
                    public: r.try_get::<String, _>("visibility")? == "public",
                    staff: r.try_get("username")?,
                    department_id: r.try_get("department_id")?,
                    body: r.try_get("body")?,
                })
            })
            .collect()
    }

    pub async fn case_ratings(&self, case_id: i64) -> Result<Vec<RatingView>, Error> {
        let rows = sqlx::query(
            "SELECT round, at, overall, efficiency, convenience, comment FROM case_ratings \
             WHERE case_id = $1 ORDER BY round",
        )
        .bind(case_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let level = |column: &str| -> Result<Level, Error> {
                    wire(Level::parse, &r.try_get::<String, _>(column)?, "level")
                };
                Ok(RatingView {
                    round: r.try_get("round")?,
                    at: parse_local(&r.try_get::<String, _>("at")?)?,
                    rating: CaseRating {
                        overall: level("overall")?,
                        efficiency: level("efficiency")?,
                        convenience: level("convenience")?,
                        comment: r.try_get("comment")?,
                    },
                })
            })
            .collect()
    }

    /// Whether a department exists.
    pub async fn department_exists(&self, id: &str) -> Result<bool, Error> {
        let found: Option<String> =
            sqlx::query_scalar("SELECT id FROM case_departments WHERE id = $1")
                .bind(id)
                .fetch_optional(self.pool())
                .await?;
        Ok(found.is_some())
    }

    /// Working days to reply in for `subject` (15 unless `case_reply_limits` says otherwise).
    pub async fn reply_days(&self, subject: Subject) -> Result<u32, Error> {
        let days: Option<i64> =
            sqlx::query_scalar("SELECT reply_days FROM case_reply_limits WHERE subject = $1")
                .bind(subject.as_str())
                .fetch_optional(self.pool())
                .await?;
        Ok(
            days.map_or(linli_shared::domain::case::DEFAULT_REPLY_DAYS, |d| {
                d.clamp(1, 60) as u32
            }),
        )
    }

    /// Takes one step on a case: the state machine decides on the case as it is inside the
    /// transaction; the case, its timeline entry, a rating and the audit entry commit together.
    /// 409 `case_step_refused` when the state does not allow it or the case changed since
    /// `step.version`.
    pub async fn take_case_step(&self, step: CaseStep<'_>) -> Result<CaseRecord, Error> {
        let reply_days = match step.event {
            Event::Accept | Event::Rate { .. } => {
                let case = self
                    .case_by_tracking(step.tracking)
                    .await?
                    .ok_or(ErrorCode::CaseNotFound)?;
                self.reply_days(case.subject).await?
            }
            _ => 0,
        };
        let mut tx = self.begin_write().await?;
        let before = case_in(&mut tx, step.tracking)
            .await?
            .ok_or(ErrorCode::CaseNotFound)?;
        if step.version.is_some_and(|v| v != before.version) {
            return Err(ErrorCode::CaseStepRefused.into());
        }
        let next = transition(before.state, before.round, before.supervised, step.event)
            .map_err(|_| ErrorCode::CaseStepRefused)?;
        let today = step.now.date();
        let mut after = CaseRecord {
            state: next.state,
            round: next.round,
            supervised: next.supervised,
            version: before.version + 1,
            ..before.clone()
        };
        match step.event {
            Event::Accept => {
                after.deadlines.reply_by = Some(reply_by(step.calendar, today, reply_days));
            }
            Event::Dispatch => after.department_id = step.department.map(str::to_owned),
            Event::HandBack => after.department_id = None,
            Event::Rate { .. } if next.state == CaseState::Rectifying => {
                after.deadlines.reply_by = Some(reply_by(step.calendar, today, reply_days));
            }
            _ => {}
        }
        let supervised_at = match (before.supervised, after.supervised) {
            (false, true) => Some(local_text(step.now)),
            (_, true) => {
                sqlx::query_scalar("SELECT supervised_at FROM cases WHERE id = $1")
                    .bind(before.id)
                    .fetch_one(&mut *tx)
                    .await?
            }
            (_, false) => None,
        };
        let updated = sqlx::query(
            "UPDATE cases SET state = $1, round = $2, department_id = $3, supervised_at = $4, \
             reply_by = $5, updated_at = $6, version = version + 1 \
             WHERE id = $7 AND version = $8",
        )
        .bind(after.state.as_str())
        .bind(after.round)
        .bind(after.department_id.as_deref())
        .bind(supervised_at)
        .bind(after.deadlines.reply_by.map(|d| d.to_string()))
        .bind(local_text(step.now))
        .bind(before.id)
        .bind(before.version)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() != 1 {
            return Err(ErrorCode::CaseStepRefused.into());
        }
        if let (Event::Rate { .. }, Some(rating)) = (step.event, step.rating) {
            sqlx::query(
                "INSERT INTO case_ratings (case_id, round, at, overall, efficiency, \
                 convenience, comment) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(before.id)
            .bind(before.round)
            .bind(local_text(step.now))
            .bind(rating.overall.as_str())
            .bind(rating.efficiency.as_str())
            .bind(rating.convenience.as_str())
            .bind(rating.comment.as_deref())
            .execute(&mut *tx)
            .await?;
        }
        let kind = step.event.entry_kind(after.state);
        insert_event(
            &mut tx,
            NewEvent {
                case_id: before.id,
                at: step.now,
                // A rating belongs to the round it rates.
                round: if matches!(step.event, Event::Rate { .. }) {
                    before.round
                } else {
                    after.round
                },
                kind,
                state: after.state,
                party: step.by.party,
                account_id: step.by.audit.account_id,
                department_id: after
                    .department_id
                    .as_deref()
                    .or(before.department_id.as_deref()),
                body: step.text,
            },
        )
        .await?;
        append_audit(
            &mut tx,
            step.by.audit,
            step.now,
            &format!("case_{}", kind.as_str()),
            step.tracking,
            Some(audit_json(&before)),
            Some(audit_json(&after)),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Adds an internal note (never shown to residents), with its audit entry.
    pub async fn note_case(
        &self,
        case: &CaseRecord,
        by: StepBy<'_>,
        text: &str,
        now: NaiveDateTime,
    ) -> Result<(), Error> {
        let mut tx = self.begin_write().await?;
        insert_event(
            &mut tx,
            NewEvent {
                case_id: case.id,
                at: now,
                round: case.round,
                kind: EntryKind::Note,
                state: case.state,
                party: by.party,
                account_id: by.audit.account_id,
                department_id: case.department_id.as_deref(),
                body: Some(text),
            },
        )
        .await?;
        append_audit(
            &mut tx,
            by.audit,
            now,
            "case_note",
            &case.tracking,
            None,
            Some(json!({"note": text})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Open cases not yet supervised: what the overdue job looks at.
    pub async fn unsupervised_open_cases(&self) -> Result<Vec<CaseRecord>, Error> {
        let list = state_list(CaseState::is_open);
        // The list is of the state machine's own constant names.
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {CASE_COLUMNS} FROM cases WHERE supervised_at IS NULL AND state IN ({list}) \
             ORDER BY id"
        )))
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(case_of_row)
        .collect()
    }
}

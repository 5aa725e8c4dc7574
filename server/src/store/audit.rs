//! The audit log: appended to inside the write transaction of the change it records (so a
//! change and its entry commit or fail together), read with filters, never changed (the
//! database's triggers refuse UPDATE and DELETE on it).

use linli_shared::api::staff::AuditEntry;
use sqlx::any::AnyArguments;
use sqlx::{Any, Arguments, AssertSqlSafe, Row, Transaction};

use super::Store;
use crate::error::Error;

/// Who made a change: a staff account, or the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditActor {
    pub account_id: Option<i64>,
    /// The account's user name at the time, or `cli` / `demo`.
    pub name: String,
}

impl AuditActor {
    pub fn account(id: i64, username: &str) -> AuditActor {
        AuditActor {
            account_id: Some(id),
            name: username.to_owned(),
        }
    }

    /// `linli-server staff …` on the server.
    pub fn cli() -> AuditActor {
        AuditActor {
            account_id: None,
            name: "cli".to_owned(),
        }
    }

    /// A resident filing or rating a case (who they are is in the case, not in the log).
    pub fn resident() -> AuditActor {
        AuditActor {
            account_id: None,
            name: "resident".to_owned(),
        }
    }

    /// A background job of the server (the overdue cases' supervision).
    pub fn system() -> AuditActor {
        AuditActor {
            account_id: None,
            name: "system".to_owned(),
        }
    }

    /// `serve --demo` creating the demo accounts.
    pub fn demo() -> AuditActor {
        AuditActor {
            account_id: None,
            name: "demo".to_owned(),
        }
    }
}

/// One change to record.
pub struct Change<'a> {
    /// RFC 3339 UTC (`auth::format_time`).
    pub at: &'a str,
    pub actor: &'a AuditActor,
    pub action: &'a str,
    pub record_kind: &'a str,
    pub record_id: &'a str,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Appends `change` inside `tx`, the transaction that makes the change.
pub(crate) async fn append(
    tx: &mut Transaction<'static, Any>,
    change: Change<'_>,
) -> Result<(), Error> {
    sqlx::query(
        "INSERT INTO audit_log (at, account_id, actor, action, record_kind, record_id, \
         before_json, after_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(change.at)
    .bind(change.actor.account_id)
    .bind(&change.actor.name)
    .bind(change.action)
    .bind(change.record_kind)
    .bind(change.record_id)
    .bind(change.before.map(|v| v.to_string()))
    .bind(change.after.map(|v| v.to_string()))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Which entries to read. Every condition given must hold.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Made by this account.
    pub account_id: Option<i64>,
    /// Made by one of these accounts only (what a district admin may see); `None`: any.
    pub accounts_in: Option<Vec<i64>>,
    pub record_kind: Option<String>,
    pub record_id: Option<String>,
    /// At or after this time (RFC 3339 UTC).
    pub from: Option<String>,
    /// Before this time (RFC 3339 UTC).
    pub until: Option<String>,
    /// Older than this entry's id (paging back).
    pub before_id: Option<i64>,
    pub limit: i64,
}

impl Store {
    /// Entries matching `filter`, newest first.
    pub async fn audit_entries(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, Error> {
        let mut args = AnyArguments::default();
        let mut conditions: Vec<String> = Vec::new();
        let bind = |args: &mut AnyArguments, value: String| -> Result<String, Error> {
            args.add(value).map_err(sqlx::Error::Encode)?;
            Ok(format!("${}", args.len()))
        };
        if let Some(id) = filter.account_id {
            args.add(id).map_err(sqlx::Error::Encode)?;
            conditions.push(format!("account_id = ${}", args.len()));
        }
        if let Some(ids) = &filter.accounts_in {
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            let mut list = Vec::new();
            for &id in ids {
                args.add(id).map_err(sqlx::Error::Encode)?;
                list.push(format!("${}", args.len()));
            }
            conditions.push(format!("account_id IN ({})", list.join(", ")));
        }
        if let Some(kind) = &filter.record_kind {
            conditions.push(format!("record_kind = {}", bind(&mut args, kind.clone())?));
        }
        if let Some(id) = &filter.record_id {
            conditions.push(format!("record_id = {}", bind(&mut args, id.clone())?));
        }
        if let Some(from) = &filter.from {
            conditions.push(format!("at >= {}", bind(&mut args, from.clone())?));
        }
        if let Some(until) = &filter.until {
            conditions.push(format!("at < {}", bind(&mut args, until.clone())?));
        }
        if let Some(id) = filter.before_id {
            args.add(id).map_err(sqlx::Error::Encode)?;
            conditions.push(format!("id < ${}", args.len()));
        }
        args.add(filter.limit).map_err(sqlx::Error::Encode)?;
        let limit = format!("${}", args.len());
        let filter = if conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conditions.join(" AND "))
        };
        // Column names are constants; every value is bound.
        let sql = format!(
            "SELECT id, at, account_id, actor, action, record_kind, record_id, before_json, \
             after_json FROM audit_log{filter} ORDER BY id DESC LIMIT {limit}"
        );
        sqlx::query_with(AssertSqlSafe(sql), args)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| {
                let json = |column: &str| -> Result<Option<serde_json::Value>, Error> {
                    r.try_get::<Option<String>, _>(column)?
                        .map(|text| serde_json::from_str(&text))
                        .transpose()
                        .map_err(|e| anyhow::anyhow!("audit_log.{column} is not JSON: {e}").into())
                };
                Ok(AuditEntry {
                    id: r.try_get("id")?,
                    at: r.try_get("at")?,
                    account_id: r.try_get("account_id")?,
                    actor: r.try_get("actor")?,
                    action: r.try_get("action")?,
                    record_kind: r.try_get("record_kind")?,
                    record_id: r.try_get("record_id")?,
                    before: json("before_json")?,
                    after: json("after_json")?,
                })
            })
            .collect()
    }
}

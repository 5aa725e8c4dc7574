//! Staff accounts, their sessions and the sign-in attempts per client address. Every change to
//! an account writes its audit entry in the same transaction; a password reset and a disabled
//! account end all of that account's sessions in that transaction too.

use chrono::{DateTime, Utc};
use linli_shared::api::staff::StaffAccount;
use linli_shared::domain::staff::{
    LOGIN_WINDOW, Place, Role, SESSION_MAX, Scope, Username, after_failed_login,
    login_attempt_allowed,
};
use linli_shared::ids::PointId;
use serde_json::json;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use super::Store;
use super::audit::{self, AuditActor, Change};
use crate::auth::{format_time, parse_time};
use crate::error::Error;

/// The kind of record accounts are in the audit log.
pub const ACCOUNT_RECORD: &str = "staff_account";

/// An account as stored, with its point's district when it belongs to a point.
#[derive(Debug, Clone)]
pub struct AccountRecord {
    pub id: i64,
    pub username: String,
    /// argon2id PHC string: compared, never shown or logged.
    pub password_hash: String,
    pub role: Role,
    pub scope: Scope,
    /// The district of the account's point (`None`: not a point's account, or the point is not
    /// in the live directory).
    pub point_district: Option<String>,
    pub disabled_at: Option<String>,
    pub failed_logins: i64,
    pub locked_until: Option<DateTime<Utc>>,
    pub password_changed_at: String,
    pub created_at: String,
}

impl AccountRecord {
    pub fn is_disabled(&self) -> bool {
        self.disabled_at.is_some()
    }

    /// Where the account belongs, for `may`.
    pub fn place(&self) -> Place<'_> {
        Place::of_scope(&self.scope, self.point_district.as_deref())
    }

    pub fn to_api(&self) -> StaffAccount {
        StaffAccount {
            id: self.id,
            username: self.username.clone(),
            role: self.role,
            scope: self.scope.to_string(),
            disabled: self.is_disabled(),
            created_at: self.created_at.clone(),
        }
    }

    /// What the audit log keeps of an account: everything but the hash and the sign-in
    /// counters.
    fn audit_json(&self) -> serde_json::Value {
        json!({
            "username": self.username,
            "role": self.role,
            "scope": self.scope.to_string(),
            "disabled_at": self.disabled_at,
            "password_changed_at": self.password_changed_at,
            "created_at": self.created_at,
        })
    }
}

/// A new account's fields.
pub struct NewAccountRecord<'a> {
    pub username: &'a Username,
    pub password_hash: &'a str,
    pub role: Role,
    pub scope: &'a Scope,
}

/// A session as stored, found by its token's digest.
#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub id: String,
    pub account_id: i64,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub ended_at: Option<String>,
}

const ACCOUNT_SELECT: &str = "SELECT a.id, a.username, a.password_hash, a.role, a.scope_kind, \
     a.scope_value, a.disabled_at, a.failed_logins, a.locked_until, a.password_changed_at, \
     a.created_at, a.department_id, p.district AS point_district \
     FROM staff_accounts a LEFT JOIN points p \
     ON a.scope_kind = 'point' AND p.id = a.scope_value AND p.retired_at IS NULL";

fn account_of_row(r: &AnyRow) -> Result<AccountRecord, Error> {
    let role: String = r.try_get("role")?;
    let kind: String = r.try_get("scope_kind")?;
    let value: String = r.try_get("scope_value")?;
    let locked_until: Option<String> = r.try_get("locked_until")?;
    Ok(AccountRecord {
        id: r.try_get("id")?,
        username: r.try_get("username")?,
        password_hash: r.try_get("password_hash")?,
        role: Role::parse(&role)
            .ok_or_else(|| anyhow::anyhow!("staff_accounts.role {role:?} is not a role"))?,
        scope: match r.try_get::<Option<String>, _>("department_id")? {
            Some(department) => Scope::from_parts("department", &department),
            None => Scope::from_parts(&kind, &value),
        }
        .ok_or_else(|| anyhow::anyhow!("staff_accounts scope {kind}:{value} is not a scope"))?,
        point_district: r.try_get("point_district")?,
        disabled_at: r.try_get("disabled_at")?,
        failed_logins: r.try_get("failed_logins")?,
        locked_until: locked_until.as_deref().and_then(parse_time),
        password_changed_at: r.try_get("password_changed_at")?,
        created_at: r.try_get("created_at")?,
    })
}

fn time_column(r: &AnyRow, column: &str) -> Result<DateTime<Utc>, Error> {
    let text: String = r.try_get(column)?;
    parse_time(&text)
        .ok_or_else(|| anyhow::anyhow!("staff_sessions.{column} {text:?} is not a time").into())
}

async fn account_in(
    tx: &mut Transaction<'static, Any>,
    id: i64,
) -> Result<Option<AccountRecord>, Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "{ACCOUNT_SELECT} WHERE a.id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?
    .as_ref()
    .map(account_of_row)
    .transpose()
}

/// Ends every open session of an account (a password reset, a disabled account).
async fn end_sessions_of(
    tx: &mut Transaction<'static, Any>,
    account_id: i64,
    now: &str,
) -> Result<(), Error> {
    sqlx::query(
        "UPDATE staff_sessions SET ended_at = $1 WHERE account_id = $2 AND ended_at IS NULL",
    )
    .bind(now)
    .bind(account_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The tail every change of an existing account shares, in its transaction: the account's
/// sessions end (a disabled account, a new password; re-enabling finds none open), the account
/// is read back, and the audit entry records it before and after. Returns the account after.
async fn finish_account_change(
    tx: &mut Transaction<'static, Any>,
    before: &AccountRecord,
    actor: &AuditActor,
    action: &str,
    now: &str,
) -> Result<AccountRecord, Error> {
    end_sessions_of(tx, before.id, now).await?;
    let after = account_in(tx, before.id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the account changed ({action}) is gone"))?;
    audit::append(
        tx,
        Change {
            at: now,
            actor,
            action,
            record_kind: ACCOUNT_RECORD,
            record_id: &before.id.to_string(),
            before: Some(before.audit_json()),
            after: Some(after.audit_json()),
        },
    )
    .await?;
    Ok(after)
}

impl Store {
    /// Creates an account and its audit entry. A taken user name is refused by the database
    /// (409 `conflict`).
    pub async fn create_account(
        &self,
        new: NewAccountRecord<'_>,
        actor: &AuditActor,
        now: DateTime<Utc>,
    ) -> Result<AccountRecord, Error> {
        let now = format_time(now);
        // A department's scope has a column of its own (migration 0010): the kind column's
        // CHECK of 0005 cannot be widened on SQLite without rebuilding every table that refers
        // to accounts.
        let stored = match new.scope {
            Scope::Department(id) => ("all", "", Some(id.as_str())),
            scope => (scope.kind().as_str(), scope.value(), None),
        };
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO staff_accounts (username, password_hash, role, scope_kind, scope_value, \
             failed_logins, password_changed_at, created_at, department_id) \
             VALUES ($1, $2, $3, $4, $5, 0, $6, $6, $7) RETURNING id",
        )
        .bind(new.username.as_str())
        .bind(new.password_hash)
        .bind(new.role.as_str())
        .bind(stored.0)
        .bind(stored.1)
        .bind(&now)
        .bind(stored.2)
        .fetch_one(&mut *tx)
        .await?;
        let account = account_in(&mut tx, id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("the account just created is not there"))?;
        audit::append(
            &mut tx,
            Change {
                at: &now,
                actor,
                action: "account_created",
                record_kind: ACCOUNT_RECORD,
                record_id: &id.to_string(),
                before: None,
                after: Some(account.audit_json()),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(account)
    }

    pub async fn account_by_username(
        &self,
        username: &str,
    ) -> Result<Option<AccountRecord>, Error> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "{ACCOUNT_SELECT} WHERE a.username = $1"
        )))
        .bind(username)
        .fetch_optional(&self.read)
        .await?
        .as_ref()
        .map(account_of_row)
        .transpose()
    }

    pub async fn account_by_id(&self, id: i64) -> Result<Option<AccountRecord>, Error> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "{ACCOUNT_SELECT} WHERE a.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.read)
        .await?
        .as_ref()
        .map(account_of_row)
        .transpose()
    }

    /// Every account, by user name.
    pub async fn accounts(&self) -> Result<Vec<AccountRecord>, Error> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "{ACCOUNT_SELECT} ORDER BY a.username"
        )))
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(account_of_row)
        .collect()
    }

    /// Whether any account exists (the demo creates its accounts only on an empty table).
    pub async fn has_accounts(&self) -> Result<bool, Error> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM staff_accounts")
            .fetch_one(&self.read)
            .await?;
        Ok(count > 0)
    }

    /// Disables an account and ends its sessions, with the audit entry. `None`: no such
    /// account. Disabling a disabled account changes nothing and writes no entry.
    pub async fn disable_account(
        &self,
        id: i64,
        actor: &AuditActor,
        now: DateTime<Utc>,
    ) -> Result<Option<AccountRecord>, Error> {
        let now = format_time(now);
        let mut tx = self.begin_write().await?;
        let Some(before) = account_in(&mut tx, id).await? else {
            return Ok(None);
        };
        if before.is_disabled() {
            return Ok(Some(before));
        }
        sqlx::query("UPDATE staff_accounts SET disabled_at = $1 WHERE id = $2")
            .bind(&now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let after =
            finish_account_change(&mut tx, &before, actor, "account_disabled", &now).await?;
        tx.commit().await?;
        Ok(Some(after))
    }

    /// Enables a disabled account again, with the audit entry `account_enabled`; it signs in
    /// with the password it had (reset it too if that is not known). `None`: no such account.
    /// Enabling an enabled account changes nothing and writes no entry.
    pub async fn enable_account(
        &self,
        id: i64,
        actor: &AuditActor,
        now: DateTime<Utc>,
    ) -> Result<Option<AccountRecord>, Error> {
        let now = format_time(now);
        let mut tx = self.begin_write().await?;
        let Some(before) = account_in(&mut tx, id).await? else {
            return Ok(None);
        };
        if !before.is_disabled() {
            return Ok(Some(before));
        }
        sqlx::query(
            "UPDATE staff_accounts SET disabled_at = NULL, failed_logins = 0, \
             locked_until = NULL WHERE id = $1",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let after = finish_account_change(&mut tx, &before, actor, "account_enabled", &now).await?;
        tx.commit().await?;
        Ok(Some(after))
    }

    /// Sets a new password hash, unlocks the account and ends its sessions, with the audit
    /// entry `password_reset` (which records when, never the hash). `None`: no such account.
    pub async fn reset_password(
        &self,
        id: i64,
        password_hash: &str,
        actor: &AuditActor,
        now: DateTime<Utc>,
    ) -> Result<Option<AccountRecord>, Error> {
        self.set_password(id, password_hash, "password_reset", actor, now)
            .await
    }

    /// The same as a reset, recorded as `password_changed`: staff changing their own.
    pub async fn change_password(
        &self,
        id: i64,
        password_hash: &str,
        actor: &AuditActor,
        now: DateTime<Utc>,
    ) -> Result<Option<AccountRecord>, Error> {
        self.set_password(id, password_hash, "password_changed", actor, now)
            .await
    }

    async fn set_password(
        &self,
        id: i64,
        password_hash: &str,
        action: &str,
        actor: &AuditActor,
        now: DateTime<Utc>,
    ) -> Result<Option<AccountRecord>, Error> {
        let now = format_time(now);
        let mut tx = self.begin_write().await?;
        let Some(before) = account_in(&mut tx, id).await? else {
            return Ok(None);
        };
        sqlx::query(
            "UPDATE staff_accounts SET password_hash = $1, password_changed_at = $2, \
             failed_logins = 0, locked_until = NULL WHERE id = $3",
        )
        .bind(password_hash)
        .bind(&now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let after = finish_account_change(&mut tx, &before, actor, action, &now).await?;
        tx.commit().await?;
        Ok(Some(after))
    }

    /// Counts one more failed sign-in; the fifth in a row locks the account
    /// (`domain::staff::after_failed_login`). Returns whether it is now locked.
    pub async fn record_failed_login(&self, id: i64, now: DateTime<Utc>) -> Result<bool, Error> {
        let mut tx = self.begin_write().await?;
        // The increment takes the row's lock, so concurrent failures are all counted.
        let counted: Option<i64> = sqlx::query_scalar(
            "UPDATE staff_accounts SET failed_logins = failed_logins + 1 WHERE id = $1 \
             RETURNING failed_logins",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(counted) = counted else {
            return Ok(false);
        };
        let (failures, locked_until) = after_failed_login(counted - 1, now);
        sqlx::query(
            "UPDATE staff_accounts SET failed_logins = $1, \
             locked_until = COALESCE($2, locked_until) WHERE id = $3",
        )
        .bind(failures)
        .bind(locked_until.map(format_time))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(locked_until.is_some())
    }

    /// Records a successful sign-in: the failure count starts again and a session begins,
    /// stored under its token's digest. Sessions past their 12 hours are cleared on the way.
    pub async fn start_session(
        &self,
        account_id: i64,
        token_digest: &str,
        csrf_token: &str,
        now: DateTime<Utc>,
    ) -> Result<(), Error> {
        let expired_before = format_time(now - SESSION_MAX);
        let now = format_time(now);
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "UPDATE staff_accounts SET failed_logins = 0, locked_until = NULL WHERE id = $1",
        )
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM staff_sessions WHERE created_at < $1")
            .bind(&expired_before)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO staff_sessions (id, account_id, csrf_token, created_at, last_seen_at) \
             VALUES ($1, $2, $3, $4, $4)",
        )
        .bind(token_digest)
        .bind(account_id)
        .bind(csrf_token)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The session stored under `token_digest`, with its account.
    pub async fn session(
        &self,
        token_digest: &str,
    ) -> Result<Option<(SessionRecord, AccountRecord)>, Error> {
        let Some(row) = sqlx::query(
            "SELECT id, account_id, csrf_token, created_at, last_seen_at, ended_at \
             FROM staff_sessions WHERE id = $1",
        )
        .bind(token_digest)
        .fetch_optional(&self.read)
        .await?
        else {
            return Ok(None);
        };
        let session = SessionRecord {
            id: row.try_get("id")?,
            account_id: row.try_get("account_id")?,
            csrf_token: row.try_get("csrf_token")?,
            created_at: time_column(&row, "created_at")?,
            last_seen_at: time_column(&row, "last_seen_at")?,
            ended_at: row.try_get("ended_at")?,
        };
        let Some(account) = self.account_by_id(session.account_id).await? else {
            return Ok(None);
        };
        Ok(Some((session, account)))
    }

    /// Writes a session's last activity.
    pub async fn touch_session(&self, id: &str, now: DateTime<Utc>) -> Result<(), Error> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE staff_sessions SET last_seen_at = $1 WHERE id = $2")
            .bind(format_time(now))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Ends one session (sign-out, or found idle or expired).
    pub async fn end_session(&self, id: &str, now: DateTime<Utc>) -> Result<(), Error> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE staff_sessions SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL")
            .bind(format_time(now))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Counts a sign-in attempt from `client` if the rate allows it
    /// (`domain::staff::login_attempt_allowed`); returns whether it did. Attempts older than
    /// the window, of every client, are forgotten on the way.
    pub async fn allow_login_attempt(
        &self,
        client: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, Error> {
        let window_start = format_time(now - LOGIN_WINDOW);
        let mut tx = self.begin_write().await?;
        // Every client's old attempts, so that addresses that never come back leave nothing.
        sqlx::query("DELETE FROM staff_login_attempts WHERE at <= $1")
            .bind(&window_start)
            .execute(&mut *tx)
            .await?;
        let recent: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM staff_login_attempts WHERE client = $1")
                .bind(client)
                .fetch_one(&mut *tx)
                .await?;
        let allowed = login_attempt_allowed(recent);
        if allowed {
            sqlx::query("INSERT INTO staff_login_attempts (client, at) VALUES ($1, $2)")
                .bind(client)
                .bind(format_time(now))
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(allowed)
    }

    /// The first live service point of the directory and its district (for the demo accounts).
    pub async fn first_point(&self) -> Result<Option<(PointId, String)>, Error> {
        let row = sqlx::query(
            "SELECT id, district FROM points WHERE retired_at IS NULL ORDER BY position, id \
             LIMIT 1",
        )
        .fetch_optional(&self.read)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let id: String = row.try_get("id")?;
        let id = PointId::parse(&id).map_err(|e| anyhow::anyhow!("points.id: {e}"))?;
        Ok(Some((id, row.try_get("district")?)))
    }

    /// The district of a live service point; `None` if there is no such point.
    pub async fn point_district(&self, point_id: &str) -> Result<Option<String>, Error> {
        Ok(
            sqlx::query_scalar("SELECT district FROM points WHERE id = $1 AND retired_at IS NULL")
                .bind(point_id)
                .fetch_optional(&self.read)
                .await?,
        )
    }
}

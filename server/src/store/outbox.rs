//! The SMS outbox: text messages written in the transaction of what causes them, sent later by
//! `crate::sms`'s background task. A message is claimed (for a while) before it is sent and
//! marked sent after; a claim that runs out unsent (a crash between the two) makes it due again,
//! and it is sent again under the same id, which the senders use to drop a repeat.

use chrono::{NaiveDateTime, TimeDelta};
use sqlx::{Any, Row, Transaction};

use super::Store;
use super::appointments::local_text;
use crate::error::Error;

/// A message to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMessage {
    pub id: i64,
    pub to: String,
    pub text: String,
    /// The verification code it carries, if any (the development sender writes it apart).
    pub code: Option<String>,
    /// Tries so far, this one included.
    pub attempts: i64,
}

/// Queues a message inside the caller's transaction, due at once. The outbox keeps the real
/// time (not the app's clock, which tests and `--fixed-time` fix), since the sending task
/// compares it with the real time.
pub async fn enqueue(
    tx: &mut Transaction<'static, Any>,
    to: &str,
    text: &str,
    code: Option<&str>,
) -> Result<(), Error> {
    enqueue_in(tx, to, text, code).await
}

/// [`enqueue`] on a connection that is inside the caller's transaction (or savepoint).
pub async fn enqueue_in(
    conn: &mut sqlx::AnyConnection,
    to: &str,
    text: &str,
    code: Option<&str>,
) -> Result<(), Error> {
    let now = crate::startup::china_now();
    sqlx::query(
        "INSERT INTO sms_outbox (recipient, body, code, created_at, attempts, next_attempt_at) \
         VALUES ($1, $2, $3, $4, 0, $4)",
    )
    .bind(to)
    .bind(text)
    .bind(code)
    .bind(local_text(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl Store {
    /// Claims up to `limit` due messages for `claim` (each claim also counts a try).
    pub async fn claim_messages(
        &self,
        now: NaiveDateTime,
        claim: TimeDelta,
        limit: i64,
    ) -> Result<Vec<OutboxMessage>, Error> {
        let now_text = local_text(now);
        let mut tx = self.begin_write().await?;
        let rows = sqlx::query(
            "SELECT id FROM sms_outbox WHERE sent_at IS NULL AND failed_at IS NULL \
             AND next_attempt_at <= $1 AND (claimed_until IS NULL OR claimed_until < $1) \
             ORDER BY id LIMIT $2",
        )
        .bind(&now_text)
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?;
        let mut claimed = Vec::with_capacity(rows.len());
        for r in &rows {
            let id: i64 = r.try_get("id")?;
            // Conditional: another instance may have claimed it since the SELECT.
            let taken = sqlx::query(
                "UPDATE sms_outbox SET claimed_until = $2, attempts = attempts + 1 \
                 WHERE id = $1 AND sent_at IS NULL \
                 AND (claimed_until IS NULL OR claimed_until < $3)",
            )
            .bind(id)
            .bind(local_text(now + claim))
            .bind(&now_text)
            .execute(&mut *tx)
            .await?;
            if taken.rows_affected() == 1 {
                claimed.push(id);
            }
        }
        let mut messages = Vec::with_capacity(claimed.len());
        for id in claimed {
            let r = sqlx::query(
                "SELECT id, recipient, body, code, attempts FROM sms_outbox WHERE id = $1",
            )
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            messages.push(OutboxMessage {
                id: r.try_get("id")?,
                to: r.try_get("recipient")?,
                text: r.try_get("body")?,
                code: r.try_get("code")?,
                attempts: r.try_get("attempts")?,
            });
        }
        tx.commit().await?;
        Ok(messages)
    }

    pub async fn mark_message_sent(&self, id: i64, at: NaiveDateTime) -> Result<(), Error> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE sms_outbox SET sent_at = $2, claimed_until = NULL WHERE id = $1")
            .bind(id)
            .bind(local_text(at))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A failed try: due again at `retry_at`, or given up for good when `None`.
    pub async fn mark_message_failed(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<NaiveDateTime>,
        now: NaiveDateTime,
    ) -> Result<(), Error> {
        let mut tx = self.begin_write().await?;
        match retry_at {
            Some(at) => {
                sqlx::query(
                    "UPDATE sms_outbox SET next_attempt_at = $2, claimed_until = NULL, \
                     last_error = $3 WHERE id = $1",
                )
                .bind(id)
                .bind(local_text(at))
                .bind(error)
                .execute(&mut *tx)
                .await?;
            }
            None => {
                sqlx::query(
                    "UPDATE sms_outbox SET failed_at = $2, claimed_until = NULL, last_error = $3 \
                     WHERE id = $1",
                )
                .bind(id)
                .bind(local_text(now))
                .bind(error)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// Messages not sent yet (neither sent nor given up), for tests and the health of the queue.
    pub async fn unsent_messages(&self) -> Result<i64, Error> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM sms_outbox WHERE sent_at IS NULL AND failed_at IS NULL",
        )
        .fetch_one(self.pool())
        .await?;
        Ok(row.try_get("n")?)
    }
}

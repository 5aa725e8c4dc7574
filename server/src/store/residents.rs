//! Residents who prove their phone number: code requests (with the log the rate limits read),
//! the live code per number, and bearer tokens (stored as their SHA-256 only). A code's text
//! message is written to the outbox in the transaction that stores the code, so the code and its
//! message commit together or not at all.

use chrono::NaiveDateTime;
use linli_shared::domain::resident::{
    CODE_LIFETIME, CODE_TRIES, CodeCheck, CodeLimits, CodeRefusal, Phone, TOKEN_LIFETIME,
    check_code, may_send_code,
};
use linli_shared::error::ErrorCode;
use sqlx::Row;

use super::Store;
use super::appointments::{local_text, parse_local};
use super::outbox;
use crate::error::Error;

impl Store {
    /// Records a code request and, within the limits, stores `code` as the number's live code
    /// and queues its text message. Returns when the code expires.
    pub async fn request_code(
        &self,
        phone: &Phone,
        client: &str,
        code: &str,
        limits: &CodeLimits,
        now: NaiveDateTime,
    ) -> Result<NaiveDateTime, Error> {
        let since = local_text(now - limits.window);
        let mut tx = self.begin_write().await?;
        let times = |rows: Vec<sqlx::any::AnyRow>| -> Result<Vec<NaiveDateTime>, Error> {
            rows.iter()
                .map(|r| parse_local(&r.try_get::<String, _>("at")?))
                .collect()
        };
        let by_number = times(
            sqlx::query("SELECT at FROM resident_code_requests WHERE phone = $1 AND at > $2")
                .bind(phone.as_str())
                .bind(&since)
                .fetch_all(&mut *tx)
                .await?,
        )?;
        let by_client = times(
            sqlx::query("SELECT at FROM resident_code_requests WHERE client = $1 AND at > $2")
                .bind(client)
                .bind(&since)
                .fetch_all(&mut *tx)
                .await?,
        )?;
        match may_send_code(limits, now, &by_number, &by_client) {
            Ok(()) => {}
            Err(CodeRefusal::Number) => return Err(ErrorCode::CodeTooSoon.into()),
            Err(CodeRefusal::Client) => return Err(ErrorCode::CodeTooManyRequests.into()),
        }
        // The log keeps what the limits look at, no more.
        sqlx::query(
            "DELETE FROM resident_code_requests WHERE (phone = $1 OR client = $2) AND at <= $3",
        )
        .bind(phone.as_str())
        .bind(client)
        .bind(&since)
        .execute(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO resident_code_requests (phone, client, at) VALUES ($1, $2, $3)")
            .bind(phone.as_str())
            .bind(client)
            .bind(local_text(now))
            .execute(&mut *tx)
            .await?;
        let expires_at = now + CODE_LIFETIME;
        sqlx::query(
            "INSERT INTO resident_codes (phone, code, expires_at, tries_left, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (phone) DO UPDATE SET code = excluded.code, \
             expires_at = excluded.expires_at, tries_left = excluded.tries_left, \
             created_at = excluded.created_at",
        )
        .bind(phone.as_str())
        .bind(code)
        .bind(local_text(expires_at))
        .bind(i64::from(CODE_TRIES))
        .bind(local_text(now))
        .execute(&mut *tx)
        .await?;
        let text = format!(
            "【邻里】您的验证码是 {code}，5 分钟内有效。请勿告诉他人。Your Linli code is {code} (valid 5 minutes)."
        );
        outbox::enqueue(&mut tx, phone.as_str(), &text, Some(code)).await?;
        tx.commit().await?;
        Ok(expires_at)
    }

    /// Checks a typed code. Accepted: the code is spent and a new token returned with its
    /// expiry. Wrong: one try fewer (committed), and the refusal.
    pub async fn verify_code(
        &self,
        phone: &Phone,
        typed: &str,
        token_digest: &str,
        now: NaiveDateTime,
    ) -> Result<NaiveDateTime, Error> {
        let mut tx = self.begin_write().await?;
        let row =
            sqlx::query("SELECT code, expires_at, tries_left FROM resident_codes WHERE phone = $1")
                .bind(phone.as_str())
                .fetch_optional(&mut *tx)
                .await?;
        let stored = match &row {
            None => None,
            Some(r) => {
                let code: String = r.try_get("code")?;
                let expires: String = r.try_get("expires_at")?;
                let tries: i64 = r.try_get("tries_left")?;
                Some((
                    code,
                    parse_local(&expires)?,
                    u32::try_from(tries).unwrap_or(0),
                ))
            }
        };
        let check = check_code(
            stored.as_ref().map(|(c, e, t)| (c.as_str(), *e, *t)),
            typed,
            now,
        );
        let refusal = match check {
            CodeCheck::Accepted => None,
            CodeCheck::Wrong { .. } => Some(ErrorCode::CodeWrong),
            CodeCheck::Expired => Some(ErrorCode::CodeExpired),
            CodeCheck::Exhausted => Some(ErrorCode::CodeTriesExhausted),
        };
        if let Some(code) = refusal {
            if matches!(check, CodeCheck::Wrong { .. } | CodeCheck::Exhausted) {
                sqlx::query(
                    "UPDATE resident_codes SET tries_left = tries_left - 1 \
                     WHERE phone = $1 AND tries_left > 0",
                )
                .bind(phone.as_str())
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
            }
            return Err(code.into());
        }
        sqlx::query("DELETE FROM resident_codes WHERE phone = $1")
            .bind(phone.as_str())
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO residents (phone, created_at) VALUES ($1, $2) \
             ON CONFLICT (phone) DO NOTHING",
        )
        .bind(phone.as_str())
        .bind(local_text(now))
        .execute(&mut *tx)
        .await?;
        let expires_at = self
            .insert_token_in(&mut tx, phone, token_digest, now)
            .await?;
        tx.commit().await?;
        Ok(expires_at)
    }

    async fn insert_token_in(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        phone: &Phone,
        token_digest: &str,
        now: NaiveDateTime,
    ) -> Result<NaiveDateTime, Error> {
        let expires_at = now + TOKEN_LIFETIME;
        sqlx::query(
            "INSERT INTO resident_tokens (id, phone, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(token_digest)
        .bind(phone.as_str())
        .bind(local_text(now))
        .bind(local_text(expires_at))
        .execute(&mut **tx)
        .await?;
        Ok(expires_at)
    }

    /// A token for a number without a code (tests and benchmarks that need many residents).
    pub async fn issue_resident_token(
        &self,
        phone: &Phone,
        token_digest: &str,
        now: NaiveDateTime,
    ) -> Result<NaiveDateTime, Error> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO residents (phone, created_at) VALUES ($1, $2) \
             ON CONFLICT (phone) DO NOTHING",
        )
        .bind(phone.as_str())
        .bind(local_text(now))
        .execute(&mut *tx)
        .await?;
        let expires_at = self
            .insert_token_in(&mut tx, phone, token_digest, now)
            .await?;
        tx.commit().await?;
        Ok(expires_at)
    }

    /// The number and expiry of a token, by its digest.
    pub async fn resident_token(
        &self,
        token_digest: &str,
    ) -> Result<Option<(Phone, NaiveDateTime)>, Error> {
        let Some(row) = sqlx::query("SELECT phone, expires_at FROM resident_tokens WHERE id = $1")
            .bind(token_digest)
            .fetch_optional(self.pool())
            .await?
        else {
            return Ok(None);
        };
        let phone: String = row.try_get("phone")?;
        let expires: String = row.try_get("expires_at")?;
        let phone = Phone::parse(&phone)
            .ok_or_else(|| anyhow::anyhow!("resident_tokens.phone is not a number"))?;
        Ok(Some((phone, parse_local(&expires)?)))
    }
}

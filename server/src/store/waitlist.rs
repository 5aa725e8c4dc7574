//! The waiting list and seat holds: what becomes of a seat given back.
//!
//! A freed seat stays counted in `slot_seats.taken` while it is held (for the first in line,
//! or for nobody during the cancel delay), so the booking transaction's one conditional UPDATE
//! still guards every seat and nobody else can take a held one. [`free_seat`] decides its fate
//! (`linli_shared::domain::booking::freed_seat`), [`settle_expired`] passes on holds that ran
//! out (to the next in line, or back on sale), [`claim_hold`] lets the holder book. All run
//! inside the booking path's transactions (the SQLite writer, or one PostgreSQL transaction),
//! and every step that several instances might race on is a conditional statement whose row
//! count says who won, so a sweep may run on every instance at once.

use chrono::{NaiveDate, NaiveDateTime};
use linli_shared::api::appointments::WaitlistStatus;
use linli_shared::domain::booking::{FreedSeat, SeatRules, freed_seat};
use linli_shared::error::ErrorCode;
use sqlx::{AnyConnection, Row};

use super::appointments::{local_text, parse_local};
use super::{Backend, Store, outbox};
use crate::error::Error;

/// One slot's seats: point, schedule and start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotKey {
    pub point_id: String,
    pub schedule_id: String,
    pub starts_at: NaiveDateTime,
}

/// A waiting-list entry as stored, with the seat held for it (if any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitlistRecord {
    pub id: i64,
    pub phone: String,
    pub point_id: String,
    pub item_id: String,
    pub day: NaiveDate,
    pub starts_at: Option<NaiveDateTime>,
    pub status: WaitlistStatus,
    pub held_slot: Option<NaiveDateTime>,
    pub held_until: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

/// A resident's new place in line (checked by the handler: the day or slot is full).
#[derive(Debug, Clone)]
pub struct NewWaitlist {
    pub phone: String,
    pub point_id: String,
    pub item_id: String,
    pub schedule_id: String,
    pub day: NaiveDate,
    pub starts_at: Option<NaiveDateTime>,
    /// The point and item as the text message names them.
    pub label: String,
    pub now: NaiveDateTime,
}

/// The first in line for a seat of `slot`, locked (PostgreSQL skips entries another
/// transaction is offering a seat to right now, so two seats freed at once go to two people).
async fn first_in_line(
    conn: &mut AnyConnection,
    backend: Backend,
    slot: &SlotKey,
) -> Result<Option<(i64, String, String)>, Error> {
    let lock = match backend {
        Backend::Sqlite => "",
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
    };
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT id, phone, label FROM waitlist WHERE point_id = $1 AND schedule_id = $2 \
         AND day = $3 AND status = 'waiting' AND (starts_at IS NULL OR starts_at = $4) \
         ORDER BY id LIMIT 1{lock}"
    )))
    .bind(&slot.point_id)
    .bind(&slot.schedule_id)
    .bind(slot.starts_at.date().to_string())
    .bind(local_text(slot.starts_at))
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| Ok((r.try_get("id")?, r.try_get("phone")?, r.try_get("label")?)))
        .transpose()
}

async fn insert_hold(
    conn: &mut AnyConnection,
    slot: &SlotKey,
    holder: Option<(&str, i64)>,
    until: NaiveDateTime,
) -> Result<(), Error> {
    sqlx::query(
        "INSERT INTO seat_holds (point_id, schedule_id, starts_at, phone, waitlist_id, until) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&slot.point_id)
    .bind(&slot.schedule_id)
    .bind(local_text(slot.starts_at))
    .bind(holder.map(|(phone, _)| phone))
    .bind(holder.map(|(_, entry)| entry))
    .bind(local_text(until))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Gives a seat of `slot` back to sale now.
pub(super) async fn release_to_sale(conn: &mut AnyConnection, slot: &SlotKey) -> Result<(), Error> {
    sqlx::query(
        "UPDATE slot_seats SET taken = taken - 1 \
         WHERE point_id = $1 AND schedule_id = $2 AND starts_at = $3 AND taken > 0",
    )
    .bind(&slot.point_id)
    .bind(&slot.schedule_id)
    .bind(local_text(slot.starts_at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A seat of `slot` is free (given up by a resident, or its hold ran out): held for the first
/// in line with a text message queued in the same transaction, kept off sale for the cancel
/// delay, or put back on sale. A slot that has begun goes straight back.
pub(super) async fn free_seat(
    conn: &mut AnyConnection,
    backend: Backend,
    slot: &SlotKey,
    given_up_by_resident: bool,
    rules: &SeatRules,
    now: NaiveDateTime,
) -> Result<(), Error> {
    if slot.starts_at <= now {
        return release_to_sale(conn, slot).await;
    }
    let first = first_in_line(conn, backend, slot).await?;
    match freed_seat(
        rules,
        first.as_ref().map(|(id, _, _)| *id),
        given_up_by_resident,
        now,
    ) {
        FreedSeat::HoldFor { entry, until } => {
            let (_, phone, label) = first.expect("an entry was found");
            sqlx::query("UPDATE waitlist SET status = 'offered' WHERE id = $1")
                .bind(entry)
                .execute(&mut *conn)
                .await?;
            insert_hold(conn, slot, Some((&phone, entry)), until).await?;
            let text = format!(
                "【邻里】您候补的{label} {} 有空位了，已为您保留到 {}，请在此前用“预约”完成预约，逾期将让给下一位。",
                slot.starts_at.format("%m月%d日 %H:%M"),
                until.format("%H:%M"),
            );
            outbox::enqueue_in(conn, &phone, &text, None).await
        }
        FreedSeat::Delay { until } => insert_hold(conn, slot, None, until).await,
        FreedSeat::Release => release_to_sale(conn, slot).await,
    }
}

/// Passes on the holds that ran out by `now` (those of `slot` only, if given; at most
/// `limit`): a lapsed offer is marked so, and each seat goes to the next in line or back on
/// sale. Each hold is deleted with a conditional DELETE first, so of several transactions
/// settling the same hold only one goes on. Returns how many it settled.
pub(super) async fn settle_expired(
    conn: &mut AnyConnection,
    backend: Backend,
    slot: Option<&SlotKey>,
    rules: &SeatRules,
    now: NaiveDateTime,
    limit: i64,
) -> Result<usize, Error> {
    let rows = match slot {
        Some(s) => {
            sqlx::query(
                "SELECT id, point_id, schedule_id, starts_at, waitlist_id FROM seat_holds \
                 WHERE point_id = $1 AND schedule_id = $2 AND starts_at = $3 AND until <= $4 \
                 ORDER BY id LIMIT $5",
            )
            .bind(&s.point_id)
            .bind(&s.schedule_id)
            .bind(local_text(s.starts_at))
            .bind(local_text(now))
            .bind(limit)
            .fetch_all(&mut *conn)
            .await?
        }
        None => {
            sqlx::query(
                "SELECT id, point_id, schedule_id, starts_at, waitlist_id FROM seat_holds \
                 WHERE until <= $1 ORDER BY until, id LIMIT $2",
            )
            .bind(local_text(now))
            .bind(limit)
            .fetch_all(&mut *conn)
            .await?
        }
    };
    let mut settled = 0;
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        let gone = sqlx::query("DELETE FROM seat_holds WHERE id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await?;
        if gone.rows_affected() != 1 {
            continue;
        }
        if let Some(entry) = r.try_get::<Option<i64>, _>("waitlist_id")? {
            sqlx::query(
                "UPDATE waitlist SET status = 'lapsed' WHERE id = $1 AND status = 'offered'",
            )
            .bind(entry)
            .execute(&mut *conn)
            .await?;
        }
        let starts_at: String = r.try_get("starts_at")?;
        let key = SlotKey {
            point_id: r.try_get("point_id")?,
            schedule_id: r.try_get("schedule_id")?,
            starts_at: parse_local(&starts_at)?,
        };
        free_seat(conn, backend, &key, false, rules, now).await?;
        settled += 1;
    }
    Ok(settled)
}

/// Takes the live hold of `slot` for `phone`, if there is one: the seat, already counted,
/// becomes the booking's, and the waiting-list entry is booked. Returns whether it did.
pub(super) async fn claim_hold(
    conn: &mut AnyConnection,
    slot: &SlotKey,
    phone: &str,
    now: NaiveDateTime,
) -> Result<bool, Error> {
    let row = sqlx::query(
        "SELECT id, waitlist_id FROM seat_holds WHERE point_id = $1 AND schedule_id = $2 \
         AND starts_at = $3 AND phone = $4 AND until > $5 ORDER BY id LIMIT 1",
    )
    .bind(&slot.point_id)
    .bind(&slot.schedule_id)
    .bind(local_text(slot.starts_at))
    .bind(phone)
    .bind(local_text(now))
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok(false);
    };
    let id: i64 = row.try_get("id")?;
    let gone = sqlx::query("DELETE FROM seat_holds WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    if gone.rows_affected() != 1 {
        return Ok(false);
    }
    if let Some(entry) = row.try_get::<Option<i64>, _>("waitlist_id")? {
        sqlx::query("UPDATE waitlist SET status = 'booked' WHERE id = $1")
            .bind(entry)
            .execute(&mut *conn)
            .await?;
    }
    Ok(true)
}

/// The resident leaves the line: the entry is withdrawn, and a seat held for it goes on (to
/// the next in line, or back on sale).
pub(super) async fn withdraw_in(
    conn: &mut AnyConnection,
    backend: Backend,
    phone: &str,
    entry: i64,
    rules: &SeatRules,
    now: NaiveDateTime,
) -> Result<(), Error> {
    let changed = sqlx::query(
        "UPDATE waitlist SET status = 'withdrawn' WHERE id = $1 AND phone = $2 \
         AND status IN ('waiting', 'offered')",
    )
    .bind(entry)
    .bind(phone)
    .execute(&mut *conn)
    .await?;
    if changed.rows_affected() == 0 {
        let mine = sqlx::query("SELECT 1 AS one FROM waitlist WHERE id = $1 AND phone = $2")
            .bind(entry)
            .bind(phone)
            .fetch_optional(&mut *conn)
            .await?;
        // Already over (booked, lapsed, withdrawn): nothing more to do.
        return match mine {
            Some(_) => Ok(()),
            None => Err(ErrorCode::WaitlistEntryNotFound.into()),
        };
    }
    let holds = sqlx::query(
        "SELECT id, point_id, schedule_id, starts_at FROM seat_holds WHERE waitlist_id = $1",
    )
    .bind(entry)
    .fetch_all(&mut *conn)
    .await?;
    for r in &holds {
        let id: i64 = r.try_get("id")?;
        let gone = sqlx::query("DELETE FROM seat_holds WHERE id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await?;
        if gone.rows_affected() == 1 {
            let starts_at: String = r.try_get("starts_at")?;
            let key = SlotKey {
                point_id: r.try_get("point_id")?,
                schedule_id: r.try_get("schedule_id")?,
                starts_at: parse_local(&starts_at)?,
            };
            free_seat(conn, backend, &key, false, rules, now).await?;
        }
    }
    Ok(())
}

fn waitlist_of_row(r: &sqlx::any::AnyRow) -> Result<WaitlistRecord, Error> {
    let day: String = r.try_get("day")?;
    let status: String = r.try_get("status")?;
    let starts_at: Option<String> = r.try_get("starts_at")?;
    let held_slot: Option<String> = r.try_get("held_slot")?;
    let held_until: Option<String> = r.try_get("held_until")?;
    let created_at: String = r.try_get("created_at")?;
    let status = WaitlistStatus::parse(&status)
        .ok_or_else(|| anyhow::anyhow!("waitlist.status {status:?}"))?;
    let offered = status == WaitlistStatus::Offered;
    Ok(WaitlistRecord {
        id: r.try_get("id")?,
        phone: r.try_get("phone")?,
        point_id: r.try_get("point_id")?,
        item_id: r.try_get("item_id")?,
        day: NaiveDate::parse_from_str(&day, "%Y-%m-%d")
            .map_err(|e| anyhow::anyhow!("waitlist.day {day:?}: {e}"))?,
        starts_at: starts_at.as_deref().map(parse_local).transpose()?,
        status,
        held_slot: held_slot
            .as_deref()
            .filter(|_| offered)
            .map(parse_local)
            .transpose()?,
        held_until: held_until
            .as_deref()
            .filter(|_| offered)
            .map(parse_local)
            .transpose()?,
        created_at: parse_local(&created_at)?,
    })
}

const WAITLIST_SELECT: &str = "SELECT w.id, w.phone, w.point_id, w.item_id, w.day, w.starts_at, \
     w.status, w.created_at, h.starts_at AS held_slot, h.until AS held_until FROM waitlist w \
     LEFT JOIN seat_holds h ON h.waitlist_id = w.id";

impl Store {
    /// Puts the resident in line (the same wait again answers the entry already there).
    pub async fn join_waitlist(&self, new: &NewWaitlist) -> Result<WaitlistRecord, Error> {
        let mut tx = self.begin_write().await?;
        let starts = new.starts_at.map(local_text);
        let existing = sqlx::query(
            "SELECT id FROM waitlist WHERE phone = $1 AND point_id = $2 AND item_id = $3 \
             AND day = $4 AND status IN ('waiting', 'offered') \
             AND COALESCE(starts_at, '') = COALESCE($5, '')",
        )
        .bind(&new.phone)
        .bind(&new.point_id)
        .bind(&new.item_id)
        .bind(new.day.to_string())
        .bind(starts.as_deref())
        .fetch_optional(&mut *tx)
        .await?;
        let id: i64 = match existing {
            Some(r) => r.try_get("id")?,
            None => {
                let r = sqlx::query(
                    "INSERT INTO waitlist (phone, point_id, item_id, schedule_id, day, starts_at, \
                     label, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'waiting', $8) \
                     RETURNING id",
                )
                .bind(&new.phone)
                .bind(&new.point_id)
                .bind(&new.item_id)
                .bind(&new.schedule_id)
                .bind(new.day.to_string())
                .bind(starts.as_deref())
                .bind(&new.label)
                .bind(local_text(new.now))
                .fetch_one(&mut *tx)
                .await?;
                r.try_get("id")?
            }
        };
        tx.commit().await?;
        self.waitlist_entry(&new.phone, id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("the waiting-list entry just made is not there").into())
    }

    /// One of the resident's entries.
    pub async fn waitlist_entry(
        &self,
        phone: &str,
        id: i64,
    ) -> Result<Option<WaitlistRecord>, Error> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "{WAITLIST_SELECT} WHERE w.id = $1 AND w.phone = $2"
        )))
        .bind(id)
        .bind(phone)
        .fetch_optional(self.pool())
        .await?
        .as_ref()
        .map(waitlist_of_row)
        .transpose()
    }

    /// The resident's entries, newest first.
    pub async fn waitlist_of(&self, phone: &str) -> Result<Vec<WaitlistRecord>, Error> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "{WAITLIST_SELECT} WHERE w.phone = $1 ORDER BY w.id DESC"
        )))
        .bind(phone)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(waitlist_of_row)
        .collect()
    }

    /// Seats of a slot held now (for tests and the staff desk): (for someone, for nobody).
    pub async fn holds_of_slot(&self, slot: &SlotKey) -> Result<(i64, i64), Error> {
        let row = sqlx::query(
            "SELECT COALESCE(SUM(CASE WHEN phone IS NULL THEN 0 ELSE 1 END), 0) AS held, \
             COALESCE(SUM(CASE WHEN phone IS NULL THEN 1 ELSE 0 END), 0) AS delayed \
             FROM seat_holds WHERE point_id = $1 AND schedule_id = $2 AND starts_at = $3",
        )
        .bind(&slot.point_id)
        .bind(&slot.schedule_id)
        .bind(local_text(slot.starts_at))
        .fetch_one(self.pool())
        .await?;
        Ok((row.try_get("held")?, row.try_get("delayed")?))
    }
}

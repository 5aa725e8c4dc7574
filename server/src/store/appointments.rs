//! Appointments: the holiday calendar, schedules, the seats of slots and bookings.
//!
//! The booking transaction is [`book_in`]: it takes a seat with one conditional UPDATE of the
//! slot's counter (`taken < capacity`) and inserts the booking, so a slot is never overbooked
//! whatever runs beside it. Who runs it, and when it commits, is `crate::appointments`' writer
//! (on SQLite one task with group commit; on PostgreSQL each request in its own transaction).

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use linli_shared::api::appointments::BookingStatus;
use linli_shared::domain::booking::{
    BookingLimits, Held, LimitRefusal, SeatRules, barred_until, may_book,
};
use linli_shared::domain::calendar::{Calendar, CalendarDay, DayKind};
use linli_shared::domain::hours::Weekday;
use linli_shared::domain::resident::Phone;
use linli_shared::domain::schedule::{Schedule, SchedulesFile};
use linli_shared::error::{ApiError, ErrorCode, Note};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::waitlist::{SlotKey, claim_hold, free_seat, settle_expired, withdraw_in};
use super::{Backend, Store, dialect};
use crate::error::Error;

/// How local times are stored: fixed width, so texts compare as times.
const LOCAL_TIME: &str = "%Y-%m-%dT%H:%M:%S%.6f";

pub fn local_text(at: NaiveDateTime) -> String {
    at.format(LOCAL_TIME).to_string()
}

pub fn parse_local(text: &str) -> Result<NaiveDateTime, Error> {
    NaiveDateTime::parse_from_str(text, LOCAL_TIME)
        .map_err(|e| anyhow::anyhow!("stored time {text:?} is not a local time: {e}").into())
}

fn weekday_of(text: &str) -> Option<Weekday> {
    serde_json::from_value(serde_json::Value::String(text.to_owned())).ok()
}

/// A booking as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingRecord {
    pub id: i64,
    pub code: String,
    pub phone: String,
    pub name: String,
    /// Booked for someone else (委托代办): `name` is theirs, `phone` the booker's.
    pub on_behalf: bool,
    pub relation: Option<String>,
    pub point_id: String,
    pub item_id: String,
    pub schedule_id: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub status: BookingStatus,
    pub idempotency_key: Option<String>,
    pub request_digest: Option<String>,
    pub created_at: NaiveDateTime,
}

const BOOKING_COLUMNS: &str = "id, code, phone, name, on_behalf, relation, point_id, item_id, schedule_id, \
     starts_at, ends_at, status, idempotency_key, request_digest, created_at";

fn booking_of_row(r: &AnyRow) -> Result<BookingRecord, Error> {
    let status: String = r.try_get("status")?;
    let starts_at: String = r.try_get("starts_at")?;
    let ends_at: String = r.try_get("ends_at")?;
    let created_at: String = r.try_get("created_at")?;
    Ok(BookingRecord {
        id: r.try_get("id")?,
        code: r.try_get("code")?,
        phone: r.try_get("phone")?,
        name: r.try_get("name")?,
        on_behalf: r.try_get::<i64, _>("on_behalf")? != 0,
        relation: r.try_get("relation")?,
        point_id: r.try_get("point_id")?,
        item_id: r.try_get("item_id")?,
        schedule_id: r.try_get("schedule_id")?,
        starts_at: parse_local(&starts_at)?,
        ends_at: parse_local(&ends_at)?,
        status: BookingStatus::parse(&status)
            .ok_or_else(|| anyhow::anyhow!("bookings.status {status:?}"))?,
        idempotency_key: r.try_get("idempotency_key")?,
        request_digest: r.try_get("request_digest")?,
        created_at: parse_local(&created_at)?,
    })
}

/// What a booking request asks for, checked against the schedule by the handler.
#[derive(Debug, Clone)]
pub struct BookingRequest {
    pub phone: Phone,
    pub name: String,
    /// For someone else (委托代办), and how they are related to the booker.
    pub on_behalf: bool,
    pub relation: Option<String>,
    pub point_id: String,
    pub item_id: String,
    pub schedule_id: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    /// The slot's seats by the schedule now.
    pub seats: u32,
    pub idempotency_key: Option<String>,
    /// A digest of what was asked, so a key reused for another request is told apart.
    pub request_digest: String,
    pub now: NaiveDateTime,
    pub limits: BookingLimits,
    /// Holds, the cancel delay, the no-show bar.
    pub seat_rules: SeatRules,
}

/// A resident cancels one of their bookings.
#[derive(Debug, Clone)]
pub struct CancelRequest {
    pub phone: Phone,
    pub code: String,
    pub now: NaiveDateTime,
    pub seat_rules: SeatRules,
}

/// A resident leaves the waiting list (a seat held for them goes on).
#[derive(Debug, Clone)]
pub struct WithdrawRequest {
    pub phone: Phone,
    pub entry: i64,
    pub now: NaiveDateTime,
    pub seat_rules: SeatRules,
}

/// A resident moves a booking to another slot of the same schedule (`booking` carries the new
/// slot; its key and digest are unused).
#[derive(Debug, Clone)]
pub struct RescheduleRequest {
    pub code: String,
    pub booking: BookingRequest,
}

/// A write of the booking path.
#[derive(Debug, Clone)]
pub enum BookingWrite {
    Book(BookingRequest),
    Cancel(CancelRequest),
    Reschedule(RescheduleRequest),
    Withdraw(WithdrawRequest),
    /// Passes on the seat holds that ran out by `now` (at most `limit`).
    Settle {
        now: NaiveDateTime,
        seat_rules: SeatRules,
        limit: i64,
    },
}

/// What a booking write came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BookingOutcome {
    Created(BookingRecord),
    /// The same `Idempotency-Key` made this booking before.
    Replayed(BookingRecord),
    /// Cancelled or rescheduled (or already so: the same request again changes nothing).
    Changed(BookingRecord),
    /// A waiting-list entry withdrawn, or this many expired holds passed on.
    Settled(usize),
}

/// Why a booking transaction must be rolled back and run again: another transaction inserted a
/// booking with the same idempotency key after this one looked (PostgreSQL only; on SQLite the
/// one writer cannot race itself).
#[derive(Debug)]
pub enum Attempt {
    Done(Box<BookingOutcome>),
    RaceOnKey,
}

/// Runs one write of the booking path on a connection inside a transaction (or savepoint).
pub async fn write_in(
    conn: &mut AnyConnection,
    backend: Backend,
    write: &BookingWrite,
) -> Result<Attempt, Error> {
    match write {
        BookingWrite::Book(req) => book_in(conn, backend, req).await,
        BookingWrite::Cancel(req) => cancel_in(conn, backend, req).await,
        BookingWrite::Reschedule(req) => reschedule_in(conn, backend, req).await,
        BookingWrite::Withdraw(req) => {
            withdraw_in(
                conn,
                backend,
                req.phone.as_str(),
                req.entry,
                &req.seat_rules,
                req.now,
            )
            .await?;
            Ok(Attempt::Done(Box::new(BookingOutcome::Settled(1))))
        }
        BookingWrite::Settle {
            now,
            seat_rules,
            limit,
        } => {
            let n = settle_expired(conn, backend, None, seat_rules, *now, *limit).await?;
            Ok(Attempt::Done(Box::new(BookingOutcome::Settled(n))))
        }
    }
}

/// The resident's active booking `code`, locked with the resident's row.
async fn own_booking(
    conn: &mut AnyConnection,
    backend: Backend,
    phone: &Phone,
    code: &str,
) -> Result<BookingRecord, Error> {
    sqlx::query(dialect::lock_resident(backend))
        .bind(phone.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    booking_by_code(conn, code)
        .await?
        .filter(|b| b.phone == phone.as_str())
        .ok_or_else(|| ErrorCode::BookingNotFound.into())
}

fn slot_of(b: &BookingRecord) -> SlotKey {
    SlotKey {
        point_id: b.point_id.clone(),
        schedule_id: b.schedule_id.clone(),
        starts_at: b.starts_at,
    }
}

/// The booking `b` gives its seat up: to the first in line, or off sale for the cancel delay
/// (`store::waitlist::free_seat`).
async fn release_seat(
    conn: &mut AnyConnection,
    backend: Backend,
    b: &BookingRecord,
    rules: &SeatRules,
    now: NaiveDateTime,
) -> Result<(), Error> {
    free_seat(conn, backend, &slot_of(b), true, rules, now).await
}

/// Takes a seat of the slot if one is left by the schedule's count now. The slot's holds that
/// ran out are passed on first; a seat held for this number is theirs.
async fn take_seat(
    conn: &mut AnyConnection,
    backend: Backend,
    req: &BookingRequest,
) -> Result<(), Error> {
    let key = SlotKey {
        point_id: req.point_id.clone(),
        schedule_id: req.schedule_id.clone(),
        starts_at: req.starts_at,
    };
    settle_expired(conn, backend, Some(&key), &req.seat_rules, req.now, 100).await?;
    if claim_hold(conn, &key, req.phone.as_str(), req.now).await? {
        return Ok(());
    }
    let starts = local_text(req.starts_at);
    sqlx::query(
        "INSERT INTO slot_seats (point_id, schedule_id, starts_at, capacity, taken) \
         VALUES ($1, $2, $3, $4, 0) ON CONFLICT (point_id, schedule_id, starts_at) DO NOTHING",
    )
    .bind(&req.point_id)
    .bind(&req.schedule_id)
    .bind(&starts)
    .bind(i64::from(req.seats))
    .execute(&mut *conn)
    .await?;
    let taken = sqlx::query(
        "UPDATE slot_seats SET taken = taken + 1, capacity = $4 \
         WHERE point_id = $1 AND schedule_id = $2 AND starts_at = $3 AND taken < $4",
    )
    .bind(&req.point_id)
    .bind(&req.schedule_id)
    .bind(&starts)
    .bind(i64::from(req.seats))
    .execute(&mut *conn)
    .await?;
    if taken.rows_affected() == 0 {
        return Err(ErrorCode::SlotFull.into());
    }
    Ok(())
}

/// What the number holds: active bookings whose slots have not begun, and those of `item` on
/// `date`, leaving out the booking `except` (the one being moved). Counted by the database
/// (the `bookings_phone` index), so a number with many bookings costs no more to read.
async fn held_by(
    conn: &mut AnyConnection,
    phone: &Phone,
    now: NaiveDateTime,
    item: &str,
    date: NaiveDate,
    except: Option<&str>,
) -> Result<Held, Error> {
    let day_start = local_text(date.and_time(chrono::NaiveTime::MIN));
    let day_end = local_text(date.and_time(chrono::NaiveTime::MIN) + chrono::Days::new(1));
    let row = sqlx::query(
        "SELECT COUNT(*) AS active, \
         COALESCE(SUM(CASE WHEN item_id = $3 AND starts_at >= $4 AND starts_at < $5 \
         THEN 1 ELSE 0 END), 0) AS same_day \
         FROM bookings WHERE phone = $1 AND status = 'active' AND starts_at >= $2 \
         AND code <> $6",
    )
    .bind(phone.as_str())
    .bind(local_text(now))
    .bind(item)
    .bind(day_start)
    .bind(day_end)
    .bind(except.unwrap_or(""))
    .fetch_one(&mut *conn)
    .await?;
    let active: i64 = row.try_get("active")?;
    let same_day: i64 = row.try_get("same_day")?;
    Ok(Held {
        active: u32::try_from(active).unwrap_or(u32::MAX),
        same_item_and_day: u32::try_from(same_day).unwrap_or(u32::MAX),
    })
}

fn check_limits(limits: &BookingLimits, held: Held) -> Result<(), Error> {
    match may_book(limits, held) {
        Ok(()) => Ok(()),
        Err(LimitRefusal::SameItemSameDay) => Err(ErrorCode::AlreadyBookedThatDay.into()),
        Err(LimitRefusal::TooMany) => Err(ErrorCode::TooManyBookings.into()),
    }
}

/// Refuses a number barred for its no-shows, saying until when.
async fn check_no_shows(
    conn: &mut AnyConnection,
    phone: &str,
    rules: &SeatRules,
    now: NaiveDateTime,
) -> Result<(), Error> {
    let rule = &rules.no_shows;
    if rule.limit == 0 {
        return Ok(());
    }
    let rows = sqlx::query(
        "SELECT starts_at FROM bookings WHERE phone = $1 AND no_show_at IS NOT NULL \
         AND starts_at >= $2",
    )
    .bind(phone)
    .bind(local_text(now - rule.look_back()))
    .fetch_all(&mut *conn)
    .await?;
    let times = rows
        .iter()
        .map(|r| parse_local(&r.try_get::<String, _>("starts_at")?))
        .collect::<Result<Vec<_>, Error>>()?;
    match barred_until(rule, &times, now) {
        None => Ok(()),
        Some(until) => Err(barred(until).into()),
    }
}

/// The refusal of a barred number: the message ends with the moment it may book again.
pub fn barred(until: NaiveDateTime) -> ApiError {
    ApiError::with_note(
        ErrorCode::BookingBarred,
        Note {
            zh: format!("{} 起可以再次预约。", until.format("%Y年%m月%d日 %H:%M")),
            en: format!(
                "You can book again from {}.",
                until.format("%Y-%m-%d %H:%M")
            ),
        },
        serde_json::json!({ "until": until }),
    )
}

/// Cancels an active booking whose slot has not begun and gives its seat back.
async fn cancel_in(
    conn: &mut AnyConnection,
    backend: Backend,
    req: &CancelRequest,
) -> Result<Attempt, Error> {
    let booking = own_booking(conn, backend, &req.phone, &req.code).await?;
    if booking.status == BookingStatus::Cancelled {
        return Ok(Attempt::Done(Box::new(BookingOutcome::Changed(booking))));
    }
    if booking.starts_at <= req.now {
        return Err(ErrorCode::BookingPast.into());
    }
    sqlx::query(
        "UPDATE bookings SET status = 'cancelled', cancelled_at = $2 WHERE id = $1 \
         AND status = 'active'",
    )
    .bind(booking.id)
    .bind(local_text(req.now))
    .execute(&mut *conn)
    .await?;
    release_seat(conn, backend, &booking, &req.seat_rules, req.now).await?;
    let after = booking_by_code(conn, &booking.code)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the booking just cancelled is not there"))?;
    Ok(Attempt::Done(Box::new(BookingOutcome::Changed(after))))
}

/// Moves an active booking to another slot: the new seat is taken first (a full slot refuses
/// and changes nothing), then the old one is given back, in one transaction.
async fn reschedule_in(
    conn: &mut AnyConnection,
    backend: Backend,
    req: &RescheduleRequest,
) -> Result<Attempt, Error> {
    let new = &req.booking;
    let booking = own_booking(conn, backend, &new.phone, &req.code).await?;
    if booking.status == BookingStatus::Cancelled {
        return Err(ErrorCode::BookingNotFound.into());
    }
    if booking.starts_at <= new.now {
        return Err(ErrorCode::BookingPast.into());
    }
    if booking.starts_at == new.starts_at && booking.schedule_id == new.schedule_id {
        return Ok(Attempt::Done(Box::new(BookingOutcome::Changed(booking))));
    }
    let held = held_by(
        conn,
        &new.phone,
        new.now,
        &booking.item_id,
        new.starts_at.date(),
        Some(&booking.code),
    )
    .await?;
    check_limits(&new.limits, held)?;
    take_seat(conn, backend, new).await?;
    release_seat(conn, backend, &booking, &new.seat_rules, new.now).await?;
    sqlx::query("UPDATE bookings SET starts_at = $2, ends_at = $3, schedule_id = $4 WHERE id = $1")
        .bind(booking.id)
        .bind(local_text(new.starts_at))
        .bind(local_text(new.ends_at))
        .bind(&new.schedule_id)
        .execute(&mut *conn)
        .await?;
    let after = booking_by_code(conn, &booking.code)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the booking just moved is not there"))?;
    Ok(Attempt::Done(Box::new(BookingOutcome::Changed(after))))
}

/// The booking transaction's statements, on a connection inside a transaction (or savepoint).
pub async fn book_in(
    conn: &mut AnyConnection,
    backend: Backend,
    req: &BookingRequest,
) -> Result<Attempt, Error> {
    // First the number's lock: a retry of the same request waits here for the first one and
    // then finds its booking below.
    sqlx::query(dialect::lock_resident(backend))
        .bind(req.phone.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    if let Some(key) = &req.idempotency_key
        && let Some(existing) = booking_by_key(conn, req.phone.as_str(), key).await?
    {
        if existing.request_digest.as_deref() != Some(req.request_digest.as_str()) {
            return Err(ErrorCode::IdempotencyKeyReused.into());
        }
        return Ok(Attempt::Done(Box::new(BookingOutcome::Replayed(existing))));
    }
    let held = held_by(
        conn,
        &req.phone,
        req.now,
        &req.item_id,
        req.starts_at.date(),
        None,
    )
    .await?;
    check_limits(&req.limits, held)?;
    check_no_shows(conn, req.phone.as_str(), &req.seat_rules, req.now).await?;
    take_seat(conn, backend, req).await?;
    let starts = local_text(req.starts_at);
    for _ in 0..8 {
        let code = crate::appointments::new_booking_code();
        let inserted = sqlx::query(
            "INSERT INTO bookings (code, phone, name, point_id, item_id, schedule_id, starts_at, \
             ends_at, status, idempotency_key, request_digest, created_at, on_behalf, relation) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $9, $10, $11, $12, $13) \
             ON CONFLICT DO NOTHING",
        )
        .bind(&code)
        .bind(req.phone.as_str())
        .bind(&req.name)
        .bind(&req.point_id)
        .bind(&req.item_id)
        .bind(&req.schedule_id)
        .bind(&starts)
        .bind(local_text(req.ends_at))
        .bind(req.idempotency_key.as_deref())
        .bind(&req.request_digest)
        .bind(local_text(req.now))
        .bind(i64::from(req.on_behalf))
        .bind(req.relation.as_deref())
        .execute(&mut *conn)
        .await?;
        if inserted.rows_affected() == 1 {
            let record = booking_by_code(conn, &code)
                .await?
                .ok_or_else(|| anyhow::anyhow!("the booking just inserted is not there"))?;
            return Ok(Attempt::Done(Box::new(BookingOutcome::Created(record))));
        }
        // Either the code was taken (try another) or the idempotency key was (roll back).
        if let Some(key) = &req.idempotency_key
            && booking_by_key(conn, req.phone.as_str(), key)
                .await?
                .is_some()
        {
            return Ok(Attempt::RaceOnKey);
        }
    }
    Err(anyhow::anyhow!("no free booking code in 8 tries").into())
}

async fn booking_by_key(
    conn: &mut AnyConnection,
    phone: &str,
    key: &str,
) -> Result<Option<BookingRecord>, Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {BOOKING_COLUMNS} FROM bookings WHERE phone = $1 AND idempotency_key = $2"
    )))
    .bind(phone)
    .bind(key)
    .fetch_optional(&mut *conn)
    .await?
    .as_ref()
    .map(booking_of_row)
    .transpose()
}

async fn booking_by_code(
    conn: &mut AnyConnection,
    code: &str,
) -> Result<Option<BookingRecord>, Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {BOOKING_COLUMNS} FROM bookings WHERE code = $1"
    )))
    .bind(code)
    .fetch_optional(&mut *conn)
    .await?
    .as_ref()
    .map(booking_of_row)
    .transpose()
}

impl Store {
    /// The whole holiday calendar.
    pub async fn calendar(&self) -> Result<Calendar, Error> {
        let rows = sqlx::query("SELECT day, kind, name, name_en, works_as FROM holiday_calendar")
            .fetch_all(self.pool())
            .await?;
        let mut days = Vec::with_capacity(rows.len());
        for r in &rows {
            let day: String = r.try_get("day")?;
            let kind: String = r.try_get("kind")?;
            let works_as: Option<String> = r.try_get("works_as")?;
            days.push(CalendarDay {
                date: NaiveDate::parse_from_str(&day, "%Y-%m-%d")
                    .map_err(|e| anyhow::anyhow!("holiday_calendar.day {day:?}: {e}"))?,
                kind: DayKind::parse(&kind)
                    .ok_or_else(|| anyhow::anyhow!("holiday_calendar.kind {kind:?}"))?,
                name: r.try_get("name")?,
                name_en: r.try_get("name_en")?,
                works_as: works_as.as_deref().and_then(weekday_of),
            });
        }
        Ok(Calendar::new(days))
    }

    /// Makes the schedules what the file says (checked by the caller), in one transaction.
    pub async fn replace_schedules(
        &self,
        file: &SchedulesFile,
        now: NaiveDateTime,
    ) -> Result<(), Error> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM appointment_schedules")
            .execute(&mut *tx)
            .await?;
        insert_schedules(&mut tx, &file.schedules, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Loads the schedules when there are none at all (the demo); returns whether it did.
    pub async fn load_schedules_if_none(
        &self,
        file: &SchedulesFile,
        now: NaiveDateTime,
    ) -> Result<bool, Error> {
        let mut tx = self.begin_write().await?;
        let any = sqlx::query("SELECT 1 AS one FROM appointment_schedules LIMIT 1")
            .fetch_optional(&mut *tx)
            .await?;
        if any.is_some() {
            return Ok(false);
        }
        insert_schedules(&mut tx, &file.schedules, now).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Every schedule, in point and id order.
    pub async fn schedules(&self) -> Result<Vec<Schedule>, Error> {
        let rows = sqlx::query("SELECT spec FROM appointment_schedules ORDER BY point_id, id")
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(schedule_of_row).collect()
    }

    /// The schedule `item` is booked in at `point`.
    pub async fn schedule_for(&self, point: &str, item: &str) -> Result<Option<Schedule>, Error> {
        let rows = sqlx::query("SELECT spec FROM appointment_schedules WHERE point_id = $1")
            .bind(point)
            .fetch_all(self.pool())
            .await?;
        for r in &rows {
            let schedule = schedule_of_row(r)?;
            if schedule.items.iter().any(|i| i.as_str() == item) {
                return Ok(Some(schedule));
            }
        }
        Ok(None)
    }

    /// The seats taken in the schedule's slots from `from` to `to` (starts, both included).
    pub async fn taken_seats(
        &self,
        point: &str,
        schedule: &str,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> Result<HashMap<NaiveDateTime, u32>, Error> {
        let rows = sqlx::query(
            "SELECT starts_at, taken FROM slot_seats WHERE point_id = $1 AND schedule_id = $2 \
             AND starts_at >= $3 AND starts_at <= $4",
        )
        .bind(point)
        .bind(schedule)
        .bind(local_text(from))
        .bind(local_text(to))
        .fetch_all(self.pool())
        .await?;
        let mut taken = HashMap::with_capacity(rows.len());
        for r in &rows {
            let at: String = r.try_get("starts_at")?;
            let n: i64 = r.try_get("taken")?;
            taken.insert(parse_local(&at)?, u32::try_from(n).unwrap_or(u32::MAX));
        }
        Ok(taken)
    }

    /// A booking by its code.
    pub async fn booking(&self, code: &str) -> Result<Option<BookingRecord>, Error> {
        let mut conn = self.pool().acquire().await?;
        booking_by_code(&mut conn, code).await
    }

    /// A resident's bookings, soonest first.
    pub async fn bookings_of(&self, phone: &str) -> Result<Vec<BookingRecord>, Error> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {BOOKING_COLUMNS} FROM bookings WHERE phone = $1 ORDER BY starts_at, id"
        )))
        .bind(phone)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(booking_of_row)
        .collect()
    }

    /// Marks a booking of `point` a no-show (its slot has begun, it is active; marking it again
    /// changes nothing) and answers it with the number's bar, if it is now barred.
    pub async fn mark_no_show(
        &self,
        code: &str,
        now: NaiveDateTime,
        rules: &SeatRules,
    ) -> Result<(BookingRecord, NaiveDateTime, Option<NaiveDateTime>), Error> {
        let mut tx = self.begin_write().await?;
        let booking = booking_by_code(&mut tx, code)
            .await?
            .ok_or(ErrorCode::BookingNotFound)?;
        if booking.status != BookingStatus::Active || booking.starts_at > now {
            return Err(ErrorCode::NoShowRefused.into());
        }
        sqlx::query("UPDATE bookings SET no_show_at = $2 WHERE id = $1 AND no_show_at IS NULL")
            .bind(booking.id)
            .bind(local_text(now))
            .execute(&mut *tx)
            .await?;
        let row = sqlx::query("SELECT no_show_at FROM bookings WHERE id = $1")
            .bind(booking.id)
            .fetch_one(&mut *tx)
            .await?;
        let marked_at = parse_local(&row.try_get::<String, _>("no_show_at")?)?;
        let bar = match check_no_shows(&mut tx, &booking.phone, rules, now).await {
            Ok(()) => None,
            Err(Error::Api(e)) if e.code == ErrorCode::BookingBarred => e
                .current
                .as_ref()
                .and_then(|c| c.get("until"))
                .and_then(|u| serde_json::from_value(u.clone()).ok()),
            Err(e) => return Err(e),
        };
        tx.commit().await?;
        Ok((booking, marked_at, bar))
    }

    /// Bookings of one slot that are active (for tests and the staff desk).
    pub async fn active_bookings_of_slot(
        &self,
        point: &str,
        schedule: &str,
        starts_at: NaiveDateTime,
    ) -> Result<i64, Error> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM bookings WHERE point_id = $1 AND schedule_id = $2 \
             AND starts_at = $3 AND status = 'active'",
        )
        .bind(point)
        .bind(schedule)
        .bind(local_text(starts_at))
        .fetch_one(self.pool())
        .await?;
        Ok(row.try_get("n")?)
    }
}

fn schedule_of_row(r: &AnyRow) -> Result<Schedule, Error> {
    let spec: String = r.try_get("spec")?;
    serde_json::from_str(&spec)
        .map_err(|e| anyhow::anyhow!("appointment_schedules.spec is not a schedule: {e}").into())
}

async fn insert_schedules(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    schedules: &[Schedule],
    now: NaiveDateTime,
) -> Result<(), Error> {
    for s in schedules {
        sqlx::query(
            "INSERT INTO appointment_schedules (point_id, id, spec, updated_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(s.point.as_str())
        .bind(&s.id)
        .bind(serde_json::to_string(s).map_err(anyhow::Error::from)?)
        .bind(local_text(now))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

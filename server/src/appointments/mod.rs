//! The booking write path, designed for a slot release that draws thousands in one second.
//!
//! - **SQLite** has one writer at a time. Many connections taking turns with busy timeouts
//!   starve each other (measured: 5 s stalls and BUSY errors with 8 writers, see
//!   ../shared/reference/limits.md). So one task owns every booking write: requests queue on a
//!   channel, the task takes all that are waiting (up to [`MAX_BATCH`]), runs each in a
//!   savepoint of one `BEGIN IMMEDIATE` transaction, commits once (one fsync at `synchronous =
//!   FULL` for the whole group), and only then answers each request. A request refused (slot
//!   full) rolls back its own savepoint only.
//! - **PostgreSQL** takes many writers: each request runs its own transaction; the conditional
//!   UPDATE of the slot's counter locks the row, so concurrent bookings of one slot queue on
//!   that row and never oversell, on one instance or several.
//!
//! Either way the answer goes out after the commit, so an acknowledged booking survives a
//! crash right after it.
//!
//! Seats given back are held for the waiting list or for the cancel delay
//! (`crate::store::waitlist`); holds that run out are passed on by the next booking of their
//! slot and, for slots nobody books, by [`spawn_hold_sweeper`] on every instance.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use linli_shared::domain::resident::{BOOKING_CODE_LEN, booking_code};
use linli_shared::domain::schedule::SchedulesFile;
use linli_shared::error::ErrorCode;
use sqlx::Executor;
use tokio::sync::{mpsc, oneshot};

use crate::error::Error;
use crate::store::appointments::{
    Attempt, BookingOutcome, BookingRequest, BookingWrite, CancelRequest, RescheduleRequest,
    WithdrawRequest, write_in,
};
use crate::store::{Backend, Store};

/// The demo's appointment schedules (several points, the common appointment items).
pub const DEMO_SCHEDULES: &str = include_str!("../../../data/demo-schedules.json");

/// Most bookings committed together on SQLite.
pub const MAX_BATCH: usize = 256;
/// Bookings that may wait for the SQLite writer; past it a request is answered 503 `busy` at
/// once rather than waiting without end.
pub const MAX_QUEUED: usize = 8_192;

/// A new random booking code.
pub fn new_booking_code() -> String {
    let mut bytes = [0u8; BOOKING_CODE_LEN];
    OsRng.fill_bytes(&mut bytes);
    booking_code(&bytes)
}

/// Reads a schedules file (checked against the directory by the caller).
pub fn parse_schedules(text: &str) -> Result<SchedulesFile, String> {
    serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| e.to_string())
}

struct Job {
    request: BookingWrite,
    reply: oneshot::Sender<Result<BookingOutcome, Error>>,
}

/// Where bookings are written: a queue to the one SQLite writer, or straight to PostgreSQL.
#[derive(Clone)]
pub struct BookingWriter {
    queue: Option<mpsc::Sender<Job>>,
    store: Store,
}

impl BookingWriter {
    /// On SQLite, starts the writer task (it ends when every handle is dropped).
    pub fn start(store: Store) -> BookingWriter {
        let queue = match store.backend() {
            Backend::Sqlite => {
                let (tx, rx) = mpsc::channel(MAX_QUEUED);
                tokio::spawn(sqlite_writer(store.clone(), rx));
                Some(tx)
            }
            Backend::Postgres => None,
        };
        BookingWriter { queue, store }
    }

    /// Books, answering after the commit.
    pub async fn book(&self, request: BookingRequest) -> Result<BookingOutcome, Error> {
        self.write(BookingWrite::Book(request)).await
    }

    /// Cancels, answering after the commit.
    pub async fn cancel(&self, request: CancelRequest) -> Result<BookingOutcome, Error> {
        self.write(BookingWrite::Cancel(request)).await
    }

    /// Moves a booking (new seat first, then the old one given back), after the commit.
    pub async fn reschedule(&self, request: RescheduleRequest) -> Result<BookingOutcome, Error> {
        self.write(BookingWrite::Reschedule(request)).await
    }

    /// Takes a resident off the waiting list (a seat held for them goes on), after the commit.
    pub async fn withdraw(&self, request: WithdrawRequest) -> Result<BookingOutcome, Error> {
        self.write(BookingWrite::Withdraw(request)).await
    }

    /// Passes on the seat holds that ran out by `now` (at most [`SWEEP_BATCH`]); returns how
    /// many.
    pub async fn settle_expired(
        &self,
        now: chrono::NaiveDateTime,
        seat_rules: linli_shared::domain::booking::SeatRules,
    ) -> Result<usize, Error> {
        match self
            .write(BookingWrite::Settle {
                now,
                seat_rules,
                limit: SWEEP_BATCH,
            })
            .await?
        {
            BookingOutcome::Settled(n) => Ok(n),
            other => Err(anyhow::anyhow!("settling holds came to {other:?}").into()),
        }
    }

    async fn write(&self, request: BookingWrite) -> Result<BookingOutcome, Error> {
        match &self.queue {
            Some(queue) => {
                let (reply, answer) = oneshot::channel();
                queue
                    .try_send(Job { request, reply })
                    .map_err(|_| Error::from(ErrorCode::Busy))?;
                answer
                    .await
                    .map_err(|_| anyhow::anyhow!("the booking writer stopped"))?
            }
            None => book_direct(&self.store, &request).await,
        }
    }
}

/// Most expired holds passed on in one transaction of the sweep.
pub const SWEEP_BATCH: i64 = 200;
/// How often the sweep looks for holds that ran out.
pub const SWEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(15);

/// Passes on expired seat holds now and then, so a lapsed offer reaches the next in line even
/// if nobody books that slot. Safe on every instance at once: each hold is taken by a
/// conditional DELETE, so only one transaction passes it on. Rings `sms_wake` when it queued
/// messages.
pub fn spawn_hold_sweeper(
    writer: BookingWriter,
    clock: crate::http::Clock,
    seat_rules: linli_shared::domain::booking::SeatRules,
    sms_wake: std::sync::Arc<tokio::sync::Notify>,
) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(SWEEP_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            match writer.settle_expired(clock(), seat_rules).await {
                Ok(0) => {}
                Ok(n) => {
                    tracing::info!(holds = n, "expired seat holds passed on");
                    sms_wake.notify_one();
                }
                Err(e) => tracing::warn!(error = %e, "the seat-hold sweep failed"),
            }
        }
    });
}

/// One transaction per booking (PostgreSQL), run again when it lost a race on its own
/// idempotency key (it then finds the booking the other request made).
async fn book_direct(store: &Store, request: &BookingWrite) -> Result<BookingOutcome, Error> {
    for _ in 0..3 {
        let mut tx = store.begin_write().await?;
        match write_in(&mut tx, store.backend(), request).await? {
            Attempt::Done(outcome) => {
                tx.commit().await?;
                return Ok(*outcome);
            }
            Attempt::RaceOnKey => tx.rollback().await?,
        }
    }
    Err(anyhow::anyhow!("a booking kept racing on its idempotency key").into())
}

/// The SQLite writer: takes every waiting job, runs them in one transaction, one savepoint
/// each, commits, then answers.
async fn sqlite_writer(store: Store, mut jobs: mpsc::Receiver<Job>) {
    let mut batch: Vec<Job> = Vec::with_capacity(MAX_BATCH);
    while jobs.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let results = run_batch(&store, &batch).await;
        for (job, result) in batch.drain(..).zip(results) {
            let _ = job.reply.send(result);
        }
    }
}

async fn run_batch(store: &Store, batch: &[Job]) -> Vec<Result<BookingOutcome, Error>> {
    let failed_all = |e: &Error| {
        tracing::error!(error = %e, size = batch.len(), "a group of bookings failed");
        batch
            .iter()
            .map(|_| Err(Error::from(ErrorCode::Internal)))
            .collect()
    };
    let mut tx = match store.begin_write().await {
        Ok(tx) => tx,
        Err(e) => return failed_all(&e),
    };
    let mut results = Vec::with_capacity(batch.len());
    for job in batch {
        if let Err(e) = tx.execute("SAVEPOINT booking").await {
            results.push(Err(e.into()));
            continue;
        }
        let result = match write_in(&mut tx, store.backend(), &job.request).await {
            Ok(Attempt::Done(outcome)) => Ok(*outcome),
            // The one writer cannot race itself.
            Ok(Attempt::RaceOnKey) => Err(anyhow::anyhow!("a race on SQLite's one writer").into()),
            Err(e) => Err(e),
        };
        if result.is_err()
            && let Err(e) = tx.execute("ROLLBACK TO SAVEPOINT booking").await
        {
            return failed_all(&e.into());
        }
        if let Err(e) = tx.execute("RELEASE SAVEPOINT booking").await {
            return failed_all(&e.into());
        }
        results.push(result);
    }
    match tx.commit().await {
        Ok(()) => results,
        Err(e) => failed_all(&e.into()),
    }
}

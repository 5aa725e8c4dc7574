//! Counting searches for the staff's search insights without slowing searches: each search adds
//! to a map in memory (one short lock), and a background task writes the map to the database
//! every `FLUSH_EVERY` (and at shutdown), then forgets counts older than the retention.
//! What is counted is `linli_shared::domain::insights`: the normalised query, its number of
//! results, the day; nothing about who searched.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use chrono::NaiveDate;
use linli_shared::domain::insights::{DEFAULT_RETENTION_DAYS, kept_from, normalise};

use crate::error::Error;
use crate::http::Clock;
use crate::store::Store;
use crate::store::insights::Tally;

/// How often the counts in memory are written.
pub const FLUSH_EVERY: Duration = Duration::from_secs(30);
/// Different (day, query) pairs kept in memory between two writes at most: past it, new queries
/// are not counted until the next write (a flood of made-up queries cannot fill the memory).
pub const MAX_PENDING: usize = 50_000;
/// The old counts are forgotten every this many writes (about hourly).
const FORGET_EVERY: u32 = 120;

/// The counts not written yet, and how long the written ones are kept.
#[derive(Debug)]
pub struct SearchCounter {
    pending: Mutex<HashMap<(NaiveDate, String), Tally>>,
    pub retention_days: u32,
}

impl Default for SearchCounter {
    fn default() -> Self {
        SearchCounter::new(DEFAULT_RETENTION_DAYS)
    }
}

impl SearchCounter {
    pub fn new(retention_days: u32) -> SearchCounter {
        SearchCounter {
            pending: Mutex::new(HashMap::new()),
            retention_days,
        }
    }

    fn add(&self, day: NaiveDate, raw_query: &str, change: impl FnOnce(&mut Tally)) {
        let Some(query) = normalise(raw_query) else {
            return;
        };
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        let full = pending.len() >= MAX_PENDING;
        let key = (day, query);
        if let Some(tally) = pending.get_mut(&key) {
            change(tally);
        } else if !full {
            change(pending.entry(key).or_default());
        }
    }

    /// A search on `day` for `query` that found `results` items and points.
    pub fn searched(&self, day: NaiveDate, query: &str, results: u32) {
        self.add(day, query, |t| {
            t.searches += 1;
            t.results = t.results.max(i64::from(results));
        });
    }

    /// The resident typed on from a search for `query`: it was not what they meant.
    pub fn replaced(&self, day: NaiveDate, query: &str) {
        self.add(day, query, |t| t.replaced += 1);
    }

    /// A result was opened from a search for `query`.
    pub fn opened(&self, day: NaiveDate, query: &str) {
        self.add(day, query, |t| t.opened += 1);
    }

    /// Writes what is counted in memory; on failure keeps it for the next try.
    pub async fn flush(&self, store: &Store) -> Result<usize, Error> {
        let taken: Vec<((NaiveDate, String), Tally)> = {
            let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
            std::mem::take(&mut *pending).into_iter().collect()
        };
        let rows: Vec<(String, String, Tally)> = taken
            .iter()
            .map(|((day, query), t)| (day.to_string(), query.clone(), *t))
            .collect();
        if let Err(e) = store.add_search_counts(&rows).await {
            let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
            for (key, t) in taken {
                let kept = pending.entry(key).or_default();
                kept.searches += t.searches;
                kept.replaced += t.replaced;
                kept.results = kept.results.max(t.results);
                kept.opened += t.opened;
            }
            return Err(e);
        }
        Ok(rows.len())
    }

    /// Forgets the counts older than the retention, as of `today`.
    pub async fn forget_old(&self, store: &Store, today: NaiveDate) -> Result<u64, Error> {
        let first_kept = kept_from(today, self.retention_days);
        store
            .forget_search_counts_before(&first_kept.to_string())
            .await
    }
}

/// Writes the counts every `FLUSH_EVERY` and forgets old ones about hourly, until the process
/// ends.
pub fn spawn_flusher(store: Store, counter: std::sync::Arc<SearchCounter>, clock: Clock) {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(FLUSH_EVERY);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut ticks = 0u32;
        loop {
            ticker.tick().await;
            if let Err(e) = counter.flush(&store).await {
                tracing::warn!(error = %e, "could not write the search counts; trying again later");
            }
            if ticks.is_multiple_of(FORGET_EVERY)
                && let Err(e) = counter.forget_old(&store, clock().date()).await
            {
                tracing::warn!(error = %e, "could not forget old search counts");
            }
            ticks = ticks.wrapping_add(1);
        }
    });
}

//! The overdue job (督办): every few minutes, each open case past its deadline (accept within one
//! working day, reply within the subject's limit, on the holiday calendar) is marked supervised,
//! which puts it in the supervisor's inbox, with a timeline entry and an audit entry.
//!
//! Safe on several instances at once: each case is marked by a step taken from the version the
//! job read (`UPDATE … WHERE version = …`) and `Supervise` is refused on a supervised case, so of
//! two instances marking the same case one wins and the other is told it is already done.
//!
//! `photos` checks and cleans residents' photos: recognised by content, decoded within limits,
//! re-encoded without any metadata, with a thumbnail; `photo_files` keeps them on disk.

pub mod photo_files;
pub mod photos;

use std::time::Duration;

use linli_shared::domain::case::{Event, Party, overdue};
use linli_shared::error::ErrorCode;

use crate::error::Error;
use crate::http::Clock;
use crate::store::Store;
use crate::store::audit::AuditActor;
use crate::store::cases::{CaseStep, StepBy};

/// How often the job looks.
pub const OVERDUE_EVERY: Duration = Duration::from_secs(5 * 60);

/// Marks every overdue open case supervised; returns how many this run marked.
pub async fn supervise_overdue(store: &Store, clock: &Clock) -> Result<usize, Error> {
    let now = clock();
    let calendar = store.calendar().await?;
    let system = AuditActor::system();
    let mut marked = 0;
    for case in store.unsupervised_open_cases().await? {
        if overdue(case.state, &case.deadlines, now.date()).is_none() {
            continue;
        }
        let step = CaseStep {
            tracking: &case.tracking,
            version: Some(case.version),
            event: Event::Supervise,
            by: StepBy {
                party: Party::System,
                audit: &system,
            },
            department: None,
            text: None,
            rating: None,
            calendar: &calendar,
            now,
        };
        match store.take_case_step(step).await {
            Ok(_) => marked += 1,
            // Another instance marked it, or someone moved it meanwhile: the next run sees.
            Err(Error::Api(e)) if e.code == ErrorCode::CaseStepRefused => {}
            Err(e) => return Err(e),
        }
    }
    if marked > 0 {
        tracing::info!(marked, "overdue cases marked supervised");
    }
    Ok(marked)
}

/// Runs the job every `OVERDUE_EVERY` until the process ends.
pub fn spawn_overdue_job(store: Store, clock: Clock) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(OVERDUE_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            if let Err(e) = supervise_overdue(&store, &clock).await {
                tracing::warn!(error = %e, "the overdue job failed; it runs again later");
            }
        }
    });
}

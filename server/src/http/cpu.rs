//! CPU-heavy request work (a search) runs on tokio's blocking threads, at most one per core at a
//! time, never on the async workers: eight 2-second searches on the workers stalled every other
//! request, `/healthz` included, for 13 s (docs/PERFORMANCE.md). Waiting for a slot is async,
//! so the route's timeout still answers a request that waits too long.

use std::sync::LazyLock;

use tokio::sync::Semaphore;

use crate::error::Error;

/// One slot per core: the searches may fill the cores, and the OS still schedules the async
/// workers beside them.
static SLOTS: LazyLock<Semaphore> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    Semaphore::new(cores)
});

/// Runs `work` on a blocking thread once a slot is free. If the request is dropped (its
/// timeout, a client gone), work already started finishes and frees its slot then.
pub async fn run<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, Error> {
    let slot = SLOTS
        .acquire()
        .await
        .map_err(|_| anyhow::anyhow!("the CPU slots are closed"))?;
    let answer = tokio::task::spawn_blocking(move || {
        let _slot = slot;
        work()
    })
    .await
    .map_err(|e| anyhow::anyhow!("CPU work failed: {e}"))?;
    Ok(answer)
}

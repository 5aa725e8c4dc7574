//! CPU-heavy request work (a search) runs on tokio's blocking threads, a few at a time, never on
//! the async workers: eight 2-second searches on the workers stalled every other request,
//! `/healthz` included, for 13 s (docs/PERFORMANCE.md). Waiting for a slot is async, so the
//! route's timeout still answers a request that waits too long; and only so many may wait: past
//! the queue limit a request is answered 503 `busy` at once instead of queueing without end.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use linli_shared::error::ErrorCode;
use tokio::sync::Semaphore;

use crate::error::Error;

/// Slots for CPU work and a bounded queue in front of them.
pub struct CpuPool {
    slots: Arc<Semaphore>,
    slots_total: usize,
    waiting: AtomicUsize,
    max_waiting: usize,
}

impl CpuPool {
    /// `slots` jobs run at once; at most `max_waiting` more wait for a slot.
    pub fn new(slots: usize, max_waiting: usize) -> CpuPool {
        CpuPool {
            slots: Arc::new(Semaphore::new(slots.max(1))),
            slots_total: slots.max(1),
            waiting: AtomicUsize::new(0),
            max_waiting,
        }
    }

    /// One slot per core (the searches may fill the cores, and the OS still schedules the async
    /// workers beside them), and a queue of 64 per slot: at 0.1 ms a search, a full queue is
    /// waited through in milliseconds; what stays full is overload, and 503 says so.
    pub fn per_core() -> CpuPool {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        CpuPool::new(cores, 64 * cores)
    }

    /// Jobs that run at once.
    pub fn slots(&self) -> usize {
        self.slots_total
    }

    /// Jobs that may wait for a slot.
    pub fn max_waiting(&self) -> usize {
        self.max_waiting
    }

    /// Free slots now (for tests and logs).
    pub fn free_slots(&self) -> usize {
        self.slots.available_permits()
    }

    /// Runs `work` on a blocking thread once a slot is free; 503 `busy` at once if the queue is
    /// full. If the request is dropped (its timeout, a client gone), work already started
    /// finishes and frees its slot then.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Error> {
        let slot = match self.slots.clone().try_acquire_owned() {
            Ok(slot) => slot,
            Err(_) => {
                let _waiting = self.wait_in_queue()?;
                self.slots
                    .clone()
                    .acquire_owned()
                    .await
                    .map_err(|_| anyhow::anyhow!("the CPU slots are closed"))?
            }
        };
        let answer = tokio::task::spawn_blocking(move || {
            let _slot = slot;
            work()
        })
        .await
        .map_err(|e| anyhow::anyhow!("CPU work failed: {e}"))?;
        Ok(answer)
    }

    /// A place in the queue, given back when dropped (also when the request is).
    fn wait_in_queue(&self) -> Result<Waiting<'_>, Error> {
        let before = self.waiting.fetch_add(1, Ordering::AcqRel);
        let waiting = Waiting(&self.waiting);
        if before >= self.max_waiting {
            return Err(ErrorCode::Busy.into());
        }
        Ok(waiting)
    }
}

impl Default for CpuPool {
    fn default() -> Self {
        CpuPool::per_core()
    }
}

struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_full_queue_refuses_at_once_and_a_freed_slot_serves_again() {
        let pool = Arc::new(CpuPool::new(1, 1));
        let (release, held) = std::sync::mpsc::channel::<()>();
        let busy = tokio::spawn({
            let pool = pool.clone();
            async move { pool.run(move || held.recv().ok()).await }
        });
        while pool.free_slots() > 0 {
            tokio::task::yield_now().await;
        }
        // One may wait...
        let waiting = tokio::spawn({
            let pool = pool.clone();
            async move { pool.run(|| 2).await }
        });
        while pool.waiting.load(Ordering::Acquire) == 0 {
            tokio::task::yield_now().await;
        }
        // ...the next is refused.
        let refused = pool.run(|| 3).await;
        assert!(
            matches!(refused, Err(Error::Api(ref e)) if e.code == ErrorCode::Busy),
            "{refused:?}"
        );
        release.send(()).unwrap();
        assert_eq!(busy.await.unwrap().unwrap(), Some(()));
        assert_eq!(waiting.await.unwrap().unwrap(), 2);
        assert_eq!(pool.run(|| 4).await.unwrap(), 4);
        assert_eq!(pool.waiting.load(Ordering::Acquire), 0);
    }
}

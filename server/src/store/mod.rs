//! Storage over SQLite (the embedded default) or PostgreSQL (for several server instances),
//! chosen by the `DATABASE_URL` scheme.
//!
//! Every write goes through [`Store::begin_write`]. On SQLite the writes have a pool of their own
//! with a single connection: writers wait their turn in the pool's first-come-first-served queue
//! instead of fighting over the file lock with busy timeouts (which starves some of them), and
//! the readers have a separate read-only pool beside it (WAL lets them read while it writes).
//! PostgreSQL has one pool for both.
//!
//! SQL is written once with `$1`-style parameters, which both drivers accept; what the two
//! dialects spell differently lives in `dialect`. The migrations are kept per backend, so the
//! schemas may differ where the dialects do. One module per concern holds the queries:
//! `directory` reads the directory, `import` changes it, `rows` writes and compares rows in bulk,
//! `staff` keeps staff accounts and sessions, `audit` the append-only log of changes, `notify`
//! tells the other instances of a directory change (PostgreSQL's LISTEN/NOTIFY).

pub mod appointments;
pub mod audit;
pub mod cases;
mod dialect;
pub mod directory;
pub mod drafts;
pub mod import;
pub mod insights;
pub mod notify;
pub mod outbox;
pub mod residents;
mod rows;
pub mod staff;
pub mod waitlist;

use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{Any, AnyPool, Executor, Transaction};

use crate::error::Error;

pub use import::{Changes, ImportOptions, ImportSummary};

/// Which database is behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// How long a request waits for a connection (a writer: for its turn) before giving up.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);

/// Set on every SQLite connection. The busy timeout comes first so that the journal mode change
/// on a fresh file waits for another process doing the same instead of failing. WAL lets readers
/// work beside the writer; FULL makes every acknowledged commit survive a power cut; the busy
/// timeout makes a writer of another process (a command-line import) wait instead of failing.
const SQLITE_WRITER_PRAGMAS: &str = "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
     PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";
/// Readers cannot write at all: a write that does not go through the single writer fails loudly.
const SQLITE_READER_PRAGMAS: &str =
    "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA query_only = ON;";

/// The storage handle the whole server shares; cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    /// Reads. On SQLite several read-only connections; on PostgreSQL the one pool.
    read: AnyPool,
    /// Write transactions. On SQLite one connection (a FIFO queue of writers); on PostgreSQL the
    /// same pool as `read`.
    write: AnyPool,
    backend: Backend,
    /// PostgreSQL: the address the directory listener connects to (`notify`).
    listen_url: Option<notify::ListenUrl>,
}

impl Store {
    /// Connects (creating a SQLite file if there is none) and brings the schema up to date.
    pub async fn open(url: &str) -> Result<Store, Error> {
        let backend = Backend::of_url(url).ok_or_else(|| {
            anyhow::anyhow!(
                "unsupported DATABASE_URL {url:?}: use sqlite://FILE or postgres://USER@HOST/DB"
            )
        })?;
        install_default_drivers();
        let options = || AnyPoolOptions::new().acquire_timeout(ACQUIRE_TIMEOUT);
        let store = match backend {
            Backend::Sqlite => {
                let url = sqlite_url_creating_file(url);
                let write = options()
                    .max_connections(1)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            conn.execute(SQLITE_WRITER_PRAGMAS).await?;
                            Ok(())
                        })
                    })
                    .connect(&url)
                    .await?;
                // An in-memory database exists once per connection: the writer must read too.
                let read = if url.contains(":memory:") {
                    write.clone()
                } else {
                    options()
                        .max_connections(8)
                        .after_connect(|conn, _| {
                            Box::pin(async move {
                                conn.execute(SQLITE_READER_PRAGMAS).await?;
                                Ok(())
                            })
                        })
                        .connect_lazy(&url)?
                };
                Store {
                    read,
                    write,
                    backend,
                    listen_url: None,
                }
            }
            Backend::Postgres => {
                let pool = options().max_connections(16).connect(url).await?;
                Store {
                    read: pool.clone(),
                    write: pool,
                    backend,
                    listen_url: Some(notify::ListenUrl(url.to_owned())),
                }
            }
        };
        store.migrate().await?;
        Ok(store)
    }

    /// Applies the migrations this database lacks, safely when several instances start at once.
    /// On PostgreSQL sqlx holds an advisory lock while it migrates. On SQLite it takes none, so
    /// the whole run happens inside one write transaction (sqlx's own transactions become
    /// savepoints in it): a second instance waits, then finds everything applied.
    async fn migrate(&self) -> Result<(), Error> {
        let failed = |e| anyhow::anyhow!("database migration failed: {e}");
        match self.backend {
            Backend::Sqlite => {
                let mut tx = self.begin_write().await?;
                sqlx::migrate!("migrations/sqlite")
                    .run(&mut tx)
                    .await
                    .map_err(failed)?;
                tx.commit().await?;
            }
            Backend::Postgres => {
                sqlx::migrate!("migrations/postgres")
                    .run(&self.write)
                    .await
                    .map_err(failed)?;
            }
        }
        Ok(())
    }

    /// Starts a write transaction: the one way every write begins. On SQLite it takes the write
    /// lock at once (`BEGIN IMMEDIATE`), so a transaction that reads before it writes waits for
    /// its turn instead of failing as busy halfway through.
    pub async fn begin_write(&self) -> Result<Transaction<'static, Any>, Error> {
        Ok(self
            .write
            .begin_with(dialect::begin_write(self.backend))
            .await?)
    }

    /// Starts a read-only transaction whose reads all see one moment of the database, so what
    /// they return belongs together (a directory and its version).
    pub async fn begin_snapshot(&self) -> Result<Transaction<'static, Any>, Error> {
        Ok(self
            .read
            .begin_with(dialect::begin_snapshot(self.backend))
            .await?)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The pool for reads (on SQLite, read-only connections).
    pub fn pool(&self) -> &AnyPool {
        &self.read
    }

    /// A cheap round trip, for the health check.
    pub async fn ping(&self) -> Result<(), Error> {
        sqlx::query("SELECT 1").execute(&self.read).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.read.close().await;
        self.write.close().await;
    }
}

/// `sqlite://linli.db` opens read-write and creates the file on first start.
fn sqlite_url_creating_file(url: &str) -> String {
    if url.contains("mode=") || url.contains(":memory:") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backends_are_told_by_scheme() {
        assert_eq!(Backend::of_url("sqlite://linli.db"), Some(Backend::Sqlite));
        assert_eq!(
            Backend::of_url("postgres://u@h/db"),
            Some(Backend::Postgres)
        );
        assert_eq!(Backend::of_url("mysql://u@h/db"), None);
    }

    #[test]
    fn sqlite_files_are_created_on_first_start() {
        assert_eq!(
            sqlite_url_creating_file("sqlite://linli.db"),
            "sqlite://linli.db?mode=rwc"
        );
        assert_eq!(
            sqlite_url_creating_file("sqlite://x.db?mode=ro"),
            "sqlite://x.db?mode=ro"
        );
    }
}

//! Telling the other server instances that the directory changed. On PostgreSQL every write that
//! bumps the directory version also sends `NOTIFY linli_directory` (delivered when it commits),
//! and each instance listens on a connection of its own, so they refresh within moments instead
//! of at their next poll. SQLite has no such thing (its instances share one machine): they poll
//! the version, which is one cheap read.

use std::time::Duration;

use sqlx::postgres::PgListener;
use sqlx::{Any, Transaction};

use super::{Backend, Store};
use crate::error::Error;

/// The channel directory changes are announced on; the payload is the new version.
pub const DIRECTORY_CHANNEL: &str = "linli_directory";

/// What a listener heard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heard {
    /// The directory changed (to this version, as announced).
    Changed(i64),
    /// The connection was lost and made again: a change may have gone unheard meanwhile.
    Reconnected,
}

/// A connection that hears every directory change (PostgreSQL only).
pub struct DirectoryListener(PgListener);

impl DirectoryListener {
    /// Waits for the next change, or for a lost connection to be made again.
    pub async fn next(&mut self) -> Result<Heard, Error> {
        Ok(match self.0.try_recv().await? {
            Some(n) => Heard::Changed(n.payload().parse().unwrap_or(0)),
            None => Heard::Reconnected,
        })
    }
}

impl Store {
    /// On PostgreSQL, a listener of directory changes on a connection of its own; `None` on
    /// SQLite.
    pub async fn listen_directory(&self) -> Result<Option<DirectoryListener>, Error> {
        let Some(url) = &self.listen_url else {
            return Ok(None);
        };
        let mut listener = PgListener::connect(url.0.as_str()).await?;
        listener.eager_reconnect(true);
        listener.listen(DIRECTORY_CHANNEL).await?;
        Ok(Some(DirectoryListener(listener)))
    }
}

/// Announces `version` to the listening instances; sent when `tx` commits (nothing if it rolls
/// back). Nothing on SQLite.
pub(super) async fn announce(
    backend: Backend,
    tx: &mut Transaction<'static, Any>,
    version: i64,
) -> Result<(), Error> {
    if backend == Backend::Postgres {
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(DIRECTORY_CHANNEL)
            .bind(version.to_string())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// How long a lost listener waits before connecting again.
pub const RECONNECT_AFTER: Duration = Duration::from_secs(5);

/// A database address kept for the listener's own connection, never shown (it may hold a
/// password).
#[derive(Clone)]
pub(super) struct ListenUrl(pub String);

impl std::fmt::Debug for ListenUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ListenUrl(..)")
    }
}

//! The SQL that SQLite and PostgreSQL spell or behave differently, each difference in one place,
//! so that queries elsewhere are written once and never branch on the backend.

use super::Backend;

/// Opens a write transaction. SQLite: `IMMEDIATE` takes the database's write lock at `BEGIN`, so
/// the transaction waits for it there rather than failing as busy at its first write after a
/// read. PostgreSQL locks rows as it writes (and `lock_directory` where it must).
pub(super) fn begin_write(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "BEGIN IMMEDIATE",
        Backend::Postgres => "BEGIN",
    }
}

/// Opens a read-only transaction whose statements all see the same committed state. SQLite's
/// deferred transaction keeps the snapshot of its first read; PostgreSQL's default (read
/// committed) takes a new one per statement, so it asks for repeatable read.
pub(super) fn begin_snapshot(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "BEGIN",
        Backend::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
    }
}

/// Reads the directory version and keeps every other directory writer out until the
/// transaction ends, so that two imports (or two instances loading the demo) run one after the
/// other and each sees what the other wrote. SQLite's `BEGIN IMMEDIATE` already holds the one
/// write lock of the database; PostgreSQL locks the row.
pub(super) fn lock_directory(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "SELECT version FROM directory_meta WHERE id = 1",
        Backend::Postgres => "SELECT version FROM directory_meta WHERE id = 1 FOR UPDATE",
    }
}

/// Locks a resident's row (their number) until the transaction ends, so that the per-number
/// booking limits are counted with no other booking of that number in between. SQLite's one
/// writer already excludes every other.
pub(super) fn lock_resident(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "SELECT phone FROM residents WHERE phone = $1",
        Backend::Postgres => "SELECT phone FROM residents WHERE phone = $1 FOR UPDATE",
    }
}

/// Most rows in one multi-row statement. Measured with `./x bench`: on SQLite, 1,000-row
/// statements import the province 2.5x slower than 100-row ones (below 100 nothing changes);
/// PostgreSQL, paying a round trip per statement, is fastest with 1,000.
pub(super) fn max_rows_per_statement(backend: Backend) -> usize {
    match backend {
        Backend::Sqlite => 100,
        Backend::Postgres => 1_000,
    }
}

/// Most bound parameters in one statement (SQLite allows 32,766, PostgreSQL 65,535).
pub(super) const MAX_PARAMS: usize = 30_000;

/// The tail of an `INSERT` that updates the row already there instead of failing on its key,
/// and makes it active again. Both dialects accept this form (SQLite took PostgreSQL's syntax
/// in 3.24), so it is written once; it lives here because it is where they would differ.
pub(super) fn upsert_tail(key: &[&str], columns: &[&str], reactivate: bool) -> String {
    let mut set: Vec<String> = columns
        .iter()
        .filter(|c| !key.contains(c))
        .map(|c| format!("{c} = excluded.{c}"))
        .collect();
    if reactivate {
        set.push("retired_at = NULL".to_owned());
    }
    if set.is_empty() {
        format!(" ON CONFLICT ({}) DO NOTHING", key.join(", "))
    } else {
        format!(
            " ON CONFLICT ({}) DO UPDATE SET {}",
            key.join(", "),
            set.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_upsert_updates_every_column_but_the_key_and_reactivates() {
        assert_eq!(
            upsert_tail(&["id"], &["id", "name", "position"], true),
            " ON CONFLICT (id) DO UPDATE SET name = excluded.name, \
             position = excluded.position, retired_at = NULL"
        );
        assert_eq!(
            upsert_tail(&["a", "b"], &["a", "b"], false),
            " ON CONFLICT (a, b) DO NOTHING"
        );
    }
}

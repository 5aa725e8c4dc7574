//! Rows as lists of values: read whole from a table to be compared, and written many to a
//! statement (upserts, inserts, retirements), never one statement per row.

use std::borrow::Cow;

use sqlx::any::{AnyArguments, AnyRow};
use sqlx::{Any, Arguments, AssertSqlSafe, Row, Transaction};

use super::dialect::{self, MAX_PARAMS};
use crate::error::Error;

/// One column value, as bound into a statement or read back from one.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value<'a> {
    Text(Cow<'a, str>),
    Int(i64),
    Real(f64),
}

impl Value<'_> {
    /// The same value, owning its text.
    pub fn into_owned(self) -> Value<'static> {
        match self {
            Value::Text(s) => Value::Text(std::borrow::Cow::Owned(s.into_owned())),
            Value::Int(n) => Value::Int(n),
            Value::Real(x) => Value::Real(x),
        }
    }
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(s: &'a str) -> Self {
        Value::Text(s.into())
    }
}
impl From<String> for Value<'_> {
    fn from(s: String) -> Self {
        Value::Text(s.into())
    }
}
impl From<i64> for Value<'_> {
    fn from(n: i64) -> Self {
        Value::Int(n)
    }
}
impl From<f64> for Value<'_> {
    fn from(x: f64) -> Self {
        Value::Real(x)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Text,
    Int,
    Real,
}

/// A table as the import sees it: the key columns first, then the others, each with its kind.
pub(super) struct Table {
    pub name: &'static str,
    pub columns: &'static [(&'static str, Kind)],
    /// How many leading columns form the key (for a child table: its parent and position).
    pub key_len: usize,
    /// Whether rows are retired (`retired_at`) rather than deleted.
    pub retirable: bool,
}

impl Table {
    fn column_names(&self) -> Vec<&'static str> {
        self.columns.iter().map(|(name, _)| *name).collect()
    }

    fn key_names(&self) -> Vec<&'static str> {
        self.columns[..self.key_len]
            .iter()
            .map(|(name, _)| *name)
            .collect()
    }
}

/// A row read from a table, with whether it is retired.
pub(super) struct StoredRow {
    pub values: Vec<Value<'static>>,
    pub retired: bool,
}

/// Reads every row of `table` (retired ones too), ordered by its key.
pub(super) async fn read_all(
    tx: &mut Transaction<'static, Any>,
    table: &Table,
) -> Result<Vec<StoredRow>, Error> {
    read(tx, table, "", AnyArguments::default()).await
}

/// Reads the rows of `table` (retired ones too) whose `column` is one of `values`.
pub(super) async fn read_where_in(
    tx: &mut Transaction<'static, Any>,
    table: &Table,
    column: &str,
    values: &[&str],
) -> Result<Vec<StoredRow>, Error> {
    let mut rows = Vec::new();
    for chunk in values.chunks(1_000) {
        let mut args = AnyArguments::default();
        let mut filter = format!(" WHERE {column} IN (");
        for (i, value) in chunk.iter().enumerate() {
            if i > 0 {
                filter.push_str(", ");
            }
            args.add(value.to_string()).map_err(sqlx::Error::Encode)?;
            filter.push('$');
            filter.push_str(&args.len().to_string());
        }
        filter.push(')');
        rows.extend(read(tx, table, &filter, args).await?);
    }
    Ok(rows)
}

async fn read(
    tx: &mut Transaction<'static, Any>,
    table: &Table,
    filter: &str,
    args: AnyArguments,
) -> Result<Vec<StoredRow>, Error> {
    let mut columns = table.column_names();
    if table.retirable {
        columns.push("retired_at");
    }
    // Table and column names are constants of the store; values are bound.
    let sql = format!(
        "SELECT {} FROM {}{filter} ORDER BY {}",
        columns.join(", "),
        table.name,
        table.key_names().join(", ")
    );
    sqlx::query_with(AssertSqlSafe(sql), args)
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|row| {
            let values = table
                .columns
                .iter()
                .enumerate()
                .map(|(i, (_, kind))| decode(row, i, *kind))
                .collect::<Result<Vec<_>, sqlx::Error>>()?;
            let retired = table.retirable
                && row
                    .try_get::<Option<String>, _>(table.columns.len())?
                    .is_some();
            Ok(StoredRow { values, retired })
        })
        .collect()
}

fn decode(row: &AnyRow, i: usize, kind: Kind) -> Result<Value<'static>, sqlx::Error> {
    Ok(match kind {
        Kind::Text => Value::Text(Cow::Owned(row.try_get::<String, _>(i)?)),
        Kind::Int => Value::Int(row.try_get(i)?),
        Kind::Real => Value::Real(row.try_get(i)?),
    })
}

/// Writes rows in multi-row statements inside one transaction, reporting progress.
pub(super) struct Writer<'t> {
    pub tx: &'t mut Transaction<'static, Any>,
    pub max_rows: usize,
    pub written: u64,
    pub total: u64,
    pub progress: &'t (dyn Fn(u64, u64) + Sync),
}

impl Writer<'_> {
    /// Inserts `rows`; a row whose key exists already is updated instead (and made active again
    /// when the table retires rows).
    pub async fn upsert(&mut self, table: &Table, rows: &[Vec<Value<'_>>]) -> Result<(), Error> {
        let columns = table.column_names();
        let tail = dialect::upsert_tail(&table.key_names(), &columns, table.retirable);
        self.insert_with(table.name, &columns, &tail, rows).await
    }

    /// Inserts `rows` into a table whose rows are never there already (a child table whose
    /// rows for these parents were just deleted).
    pub async fn insert(&mut self, table: &Table, rows: &[Vec<Value<'_>>]) -> Result<(), Error> {
        self.insert_with(table.name, &table.column_names(), "", rows)
            .await
    }

    async fn insert_with(
        &mut self,
        table: &str,
        columns: &[&str],
        tail: &str,
        rows: &[Vec<Value<'_>>],
    ) -> Result<(), Error> {
        let per_statement = (MAX_PARAMS / columns.len()).min(self.max_rows);
        for chunk in rows.chunks(per_statement) {
            let mut args = AnyArguments::default();
            let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
            push_tuples(&mut sql, &mut args, chunk.iter().map(|r| r.as_slice()))?;
            sql.push_str(tail);
            // Table and column names are constants of the store; values are bound.
            sqlx::query_with(AssertSqlSafe(sql), args)
                .execute(&mut **self.tx)
                .await?;
            self.advance(chunk.len());
        }
        Ok(())
    }

    /// Marks the active rows with these keys retired at `now`.
    pub async fn retire(
        &mut self,
        table: &Table,
        keys: &[Vec<Value<'_>>],
        now: &str,
    ) -> Result<(), Error> {
        debug_assert!(table.retirable);
        let per_statement = ((MAX_PARAMS - 1) / table.key_len).min(self.max_rows);
        for chunk in keys.chunks(per_statement) {
            let mut args = AnyArguments::default();
            args.add(now.to_owned()).map_err(sqlx::Error::Encode)?;
            let mut sql = format!(
                "UPDATE {} SET retired_at = $1 WHERE retired_at IS NULL AND ({}) IN (VALUES ",
                table.name,
                table.key_names().join(", ")
            );
            push_tuples(&mut sql, &mut args, chunk.iter().map(|k| k.as_slice()))?;
            sql.push(')');
            sqlx::query_with(AssertSqlSafe(sql), args)
                .execute(&mut **self.tx)
                .await?;
            self.advance(chunk.len());
        }
        Ok(())
    }

    /// Deletes every row of a child table that belongs to one of `parents` (its first column).
    pub async fn delete_children(&mut self, table: &Table, parents: &[&str]) -> Result<(), Error> {
        let parent = table.columns[0].0;
        for chunk in parents.chunks(MAX_PARAMS.min(self.max_rows * 10)) {
            let mut args = AnyArguments::default();
            let mut sql = format!("DELETE FROM {} WHERE {parent} IN (", table.name);
            for (i, id) in chunk.iter().enumerate() {
                if i > 0 {
                    sql.push_str(", ");
                }
                args.add(id.to_string()).map_err(sqlx::Error::Encode)?;
                sql.push('$');
                sql.push_str(&args.len().to_string());
            }
            sql.push(')');
            sqlx::query_with(AssertSqlSafe(sql), args)
                .execute(&mut **self.tx)
                .await?;
        }
        Ok(())
    }

    /// Sets `changed_in` to `version` on the rows of `table` whose id is one of `ids`.
    pub async fn mark_changed(
        &mut self,
        table: &str,
        mut ids: Vec<String>,
        version: i64,
    ) -> Result<(), Error> {
        ids.sort_unstable();
        ids.dedup();
        for chunk in ids.chunks(1_000) {
            let mut args = AnyArguments::default();
            args.add(version).map_err(sqlx::Error::Encode)?;
            let mut sql = format!("UPDATE {table} SET changed_in = $1 WHERE id IN (");
            for (i, id) in chunk.iter().enumerate() {
                if i > 0 {
                    sql.push_str(", ");
                }
                args.add(id.clone()).map_err(sqlx::Error::Encode)?;
                sql.push('$');
                sql.push_str(&args.len().to_string());
            }
            sql.push(')');
            // The table is a constant of the store; the values are bound.
            sqlx::query_with(AssertSqlSafe(sql), args)
                .execute(&mut **self.tx)
                .await?;
        }
        Ok(())
    }

    fn advance(&mut self, rows: usize) {
        self.written += rows as u64;
        (self.progress)(self.written, self.total);
    }
}

/// Appends `($n, $n+1, …), (…)` for `tuples` to `sql`, binding their values after those
/// already in `args`.
fn push_tuples<'v>(
    sql: &mut String,
    args: &mut AnyArguments,
    tuples: impl Iterator<Item = &'v [Value<'v>]>,
) -> Result<(), Error> {
    for (t, tuple) in tuples.enumerate() {
        sql.push_str(if t == 0 { "(" } else { ", (" });
        for (c, value) in tuple.iter().enumerate() {
            if c > 0 {
                sql.push_str(", ");
            }
            match value {
                Value::Text(s) => args.add(s.to_string()),
                Value::Int(i) => args.add(*i),
                Value::Real(x) => args.add(*x),
            }
            .map_err(sqlx::Error::Encode)?;
            sql.push('$');
            sql.push_str(&args.len().to_string());
        }
        sql.push(')');
    }
    Ok(())
}

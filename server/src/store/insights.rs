//! The search counts behind the staff's search insights: added in batches (the server counts in
//! memory and writes now and then, so that searching never waits for the database), read per
//! range of days, forgotten after the retention.

use linli_shared::domain::insights::QueryCounts;
use sqlx::any::AnyArguments;
use sqlx::{Arguments, AssertSqlSafe, Row};

use super::Store;
use crate::error::Error;

/// What one query gathered on one day since the last write.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub searches: i64,
    pub replaced: i64,
    /// The most results one search found.
    pub results: i64,
    pub opened: i64,
}

/// Rows per statement (6 parameters each).
const ROWS_PER_STATEMENT: usize = 500;

impl Store {
    /// Adds counts to what is stored for each (day, query), in one transaction.
    pub async fn add_search_counts(&self, counts: &[(String, String, Tally)]) -> Result<(), Error> {
        if counts.is_empty() {
            return Ok(());
        }
        let mut tx = self.begin_write().await?;
        for chunk in counts.chunks(ROWS_PER_STATEMENT) {
            let mut args = AnyArguments::default();
            let mut sql = String::from(
                "INSERT INTO search_counts (day, query, searches, replaced, results, opened) VALUES ",
            );
            for (i, (day, query, t)) in chunk.iter().enumerate() {
                if i > 0 {
                    sql.push_str(", ");
                }
                let n = args.len();
                sql.push_str(&format!(
                    "(${}, ${}, ${}, ${}, ${}, ${})",
                    n + 1,
                    n + 2,
                    n + 3,
                    n + 4,
                    n + 5,
                    n + 6
                ));
                args.add(day.clone()).map_err(sqlx::Error::Encode)?;
                args.add(query.clone()).map_err(sqlx::Error::Encode)?;
                for value in [t.searches, t.replaced, t.results, t.opened] {
                    args.add(value).map_err(sqlx::Error::Encode)?;
                }
            }
            sql.push_str(
                " ON CONFLICT (day, query) DO UPDATE SET \
                 searches = search_counts.searches + excluded.searches, \
                 replaced = search_counts.replaced + excluded.replaced, \
                 results = CASE WHEN excluded.results > search_counts.results \
                 THEN excluded.results ELSE search_counts.results END, \
                 opened = search_counts.opened + excluded.opened",
            );
            // Only placeholders are formatted in; the values are bound.
            sqlx::query_with(AssertSqlSafe(sql), args)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Each query's counts from `from` to `to` (days, both included), added up.
    pub async fn search_counts(&self, from: &str, to: &str) -> Result<Vec<QueryCounts>, Error> {
        sqlx::query(
            // PostgreSQL's SUM of a BIGINT is a NUMERIC: cast back.
            "SELECT query, CAST(SUM(searches) AS BIGINT) AS searches, \
             CAST(SUM(replaced) AS BIGINT) AS replaced, MAX(results) AS results, \
             CAST(SUM(opened) AS BIGINT) AS opened FROM search_counts \
             WHERE day >= $1 AND day <= $2 GROUP BY query",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(QueryCounts {
                query: r.try_get("query")?,
                searches: r.try_get("searches")?,
                replaced: r.try_get("replaced")?,
                results: r.try_get("results")?,
                opened: r.try_get("opened")?,
            })
        })
        .collect()
    }

    /// Forgets the counts of the days before `day`; returns how many rows went.
    pub async fn forget_search_counts_before(&self, day: &str) -> Result<u64, Error> {
        let mut tx = self.begin_write().await?;
        let gone = sqlx::query("DELETE FROM search_counts WHERE day < $1")
            .bind(day)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(gone)
    }
}

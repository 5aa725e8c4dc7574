//! SQLite FTS5 with the trigram tokenizer beside the index, as close as it allows: one row per
//! item and per point holding its texts and the first pinyin reading and initials of each
//! Chinese name (the same preparation Linli's texts get, first reading only), queried as one
//! phrase ordered by FTS5's rank (bm25). Through sqlx's SQLite driver on an in-memory database
//! on this thread's runtime, so each query also pays an async round through sqlx (tens of µs):
//! the FTS5 figures here are slower than FTS5 itself.

use std::time::{Duration, Instant};

use linli_shared::directory::DirectoryFile;
use linli_shared::domain::search::{Field, SearchText};
use sqlx::Connection;
use sqlx::sqlite::SqliteConnection;

fn with_pinyin(texts: &[&str]) -> String {
    let mut body: Vec<String> = Vec::new();
    for t in texts {
        body.push((*t).to_owned());
        let prepared = SearchText::new(t, Field::Name);
        if let Some(r) = prepared.first_reading() {
            body.push(r.to_owned());
        }
        if let Some(i) = prepared.first_initials() {
            body.push(i.to_owned());
        }
    }
    body.join(" ")
}

pub async fn run(
    file: &DirectoryFile,
    relevance: &[(String, Vec<String>, bool)],
    generated: &[String],
) -> anyhow::Result<()> {
    let mut conn = SqliteConnection::connect("sqlite::memory:").await?;
    sqlx::query("CREATE VIRTUAL TABLE t USING fts5(rec UNINDEXED, body, tokenize = 'trigram')")
        .execute(&mut conn)
        .await?;
    let started = Instant::now();
    let mut tx = conn.begin().await?;
    for item in &file.items {
        let mut names: Vec<&str> = vec![&item.name];
        names.extend(item.colloquial.iter().map(String::as_str));
        names.extend(item.aliases.iter().map(String::as_str));
        let mut body = with_pinyin(&names);
        for extra in [
            Some(&item.name_en),
            Some(&item.description),
            item.description_en.as_ref(),
        ]
        .into_iter()
        .flatten()
        {
            body.push(' ');
            body.push_str(extra);
        }
        sqlx::query("INSERT INTO t (rec, body) VALUES (?1, ?2)")
            .bind(format!("i:{}", item.id))
            .bind(body)
            .execute(&mut *tx)
            .await?;
    }
    for p in &file.points {
        let mut body = with_pinyin(&[&p.name, &p.subdistrict, &p.district]);
        for extra in [Some(&p.address), p.name_en.as_ref(), p.address_en.as_ref()]
            .into_iter()
            .flatten()
        {
            body.push(' ');
            body.push_str(extra);
        }
        sqlx::query("INSERT INTO t (rec, body) VALUES (?1, ?2)")
            .bind(format!("p:{}", p.id))
            .bind(body)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    println!(
        "FTS5 trigram: {} rows indexed in {:.2?}",
        file.items.len() + file.points.len(),
        started.elapsed()
    );

    let mut right = 0;
    let mut times = Vec::new();
    for (query, expect, first) in relevance {
        let t = Instant::now();
        let found = search(&mut conn, query).await?;
        times.push(t.elapsed());
        let items: Vec<&str> = found
            .iter()
            .filter_map(|r| r.strip_prefix("i:"))
            .take(5)
            .collect();
        let ok = if expect.is_empty() {
            items.is_empty()
        } else if *first {
            items.first().is_some_and(|f| expect.iter().any(|e| e == f))
        } else {
            expect.iter().any(|e| items.contains(&e.as_str()))
        };
        right += usize::from(ok);
    }
    report("FTS5 trigram, relevance set", times);
    println!(
        "  FTS5 trigram right item in the top 5: {right}/{} (queries under three characters find nothing)",
        relevance.len()
    );
    let mut times = Vec::new();
    for query in generated {
        let t = Instant::now();
        search(&mut conn, query).await?;
        times.push(t.elapsed());
    }
    report("FTS5 trigram, generated set", times);
    Ok(())
}

async fn search(conn: &mut SqliteConnection, query: &str) -> anyhow::Result<Vec<String>> {
    // One phrase: FTS5's query syntax would refuse or misread punctuation.
    let phrase = format!("\"{}\"", query.replace('"', "\"\""));
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT rec FROM t WHERE t MATCH ?1 ORDER BY rank LIMIT 10")
            .bind(phrase)
            .fetch_all(&mut *conn)
            .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

fn report(label: &str, mut times: Vec<Duration>) {
    let total: Duration = times.iter().sum();
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 - 1.0) * p) as usize];
    println!(
        "{label}: {} queries, p50 {:.1?}, p99 {:.1?}, worst {:.1?}, {:.0} queries/s on one core",
        times.len(),
        pct(0.5),
        pct(0.99),
        times[times.len() - 1],
        times.len() as f64 / total.as_secs_f64()
    );
}

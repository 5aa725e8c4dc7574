//! SQLite FTS5 with the trigram tokenizer, through rusqlite on the same bundled SQLite the server
//! uses (no async round per query, so the figures are FTS5's own). Each query is one phrase
//! (FTS5's query syntax would refuse or misread punctuation), ordered by FTS5's rank (bm25).
//! The trigram tokenizer finds nothing for a query under three characters, 低保 included.

use rusqlite::Connection;

use super::{Engine, Record};

pub struct Fts5 {
    conn: Connection,
}

impl Fts5 {
    pub fn build(records: &[Record]) -> anyhow::Result<Self> {
        let mut conn = Connection::open_in_memory()?;
        conn.execute_batch(
            "CREATE VIRTUAL TABLE t USING fts5(rec UNINDEXED, body, tokenize = 'trigram')",
        )?;
        let tx = conn.transaction()?;
        {
            let mut insert = tx.prepare("INSERT INTO t (rec, body) VALUES (?1, ?2)")?;
            for r in records {
                insert.execute((&r.key, format!("{} {}", r.text, r.pinyin)))?;
            }
        }
        tx.commit()?;
        Ok(Self { conn })
    }
}

impl Engine for Fts5 {
    fn name(&self) -> &'static str {
        "FTS5 trigram"
    }

    fn search(&mut self, query: &str) -> anyhow::Result<Vec<String>> {
        let phrase = format!("\"{}\"", query.replace('"', "\"\""));
        let mut statement = self
            .conn
            .prepare_cached("SELECT rec FROM t WHERE t MATCH ?1 ORDER BY rank LIMIT 10")?;
        let keys = statement
            .query_map([phrase], |row| row.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(keys)
    }
}

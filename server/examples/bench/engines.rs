//! Linli's index beside two other engines on the same queries (`--engines`): SQLite FTS5 with
//! the trigram tokenizer and tantivy with n-grams. Both get the same records, prepared the same
//! way: one document per item and per point holding its texts, and the first pinyin reading and
//! initials of each Chinese name (what Linli's texts get, first reading only). Each engine is
//! timed on this thread, one query after another, as Linli's index is in `search.rs`.

mod fts5;
mod tantivy_ngrams;

use std::time::{Duration, Instant};

use linli_shared::directory::DirectoryFile;
use linli_shared::domain::search::{Field, SearchText};

/// One searchable record: `i:ID` or `p:ID`, its texts as written, and their pinyin.
pub struct Record {
    pub key: String,
    pub text: String,
    pub pinyin: String,
}

/// The records both engines index.
pub fn records(file: &DirectoryFile) -> Vec<Record> {
    let mut records = Vec::with_capacity(file.items.len() + file.points.len());
    for item in &file.items {
        let mut names: Vec<&str> = vec![&item.name];
        names.extend(item.colloquial.iter().map(String::as_str));
        names.extend(item.aliases.iter().map(String::as_str));
        let mut text = names.join(" ");
        for extra in [
            Some(&item.name_en),
            Some(&item.description),
            item.description_en.as_ref(),
        ]
        .into_iter()
        .flatten()
        {
            text.push(' ');
            text.push_str(extra);
        }
        records.push(Record {
            key: format!("i:{}", item.id),
            text,
            pinyin: pinyin_of(&names),
        });
    }
    for p in &file.points {
        let names = [p.name.as_str(), &p.subdistrict, &p.district];
        let mut text = names.join(" ");
        for extra in [Some(&p.address), p.name_en.as_ref(), p.address_en.as_ref()]
            .into_iter()
            .flatten()
        {
            text.push(' ');
            text.push_str(extra);
        }
        records.push(Record {
            key: format!("p:{}", p.id),
            text,
            pinyin: pinyin_of(&names),
        });
    }
    records
}

fn pinyin_of(names: &[&str]) -> String {
    let mut out: Vec<&str> = Vec::new();
    let prepared: Vec<SearchText> = names
        .iter()
        .map(|n| SearchText::new(n, Field::Name))
        .collect();
    for p in &prepared {
        out.extend(p.first_reading());
        out.extend(p.first_initials());
    }
    out.join(" ")
}

/// An engine under test: its name and a search returning record keys, best first.
pub trait Engine {
    fn name(&self) -> &'static str;
    fn search(&mut self, query: &str) -> anyhow::Result<Vec<String>>;
}

pub fn run(
    file: &DirectoryFile,
    relevance: &[(String, Vec<String>, bool)],
    generated: &[String],
    adversarial: &[(String, String)],
) -> anyhow::Result<()> {
    let records = records(file);
    let started = Instant::now();
    let fts = fts5::Fts5::build(&records)?;
    println!(
        "FTS5 trigram: {} records indexed in {:.2?}",
        records.len(),
        started.elapsed()
    );
    let started = Instant::now();
    let tantivy = tantivy_ngrams::TantivyNgrams::build(&records)?;
    println!(
        "tantivy n-grams: {} records indexed in {:.2?}",
        records.len(),
        started.elapsed()
    );
    let engines: Vec<Box<dyn Engine>> = vec![Box::new(fts), Box::new(tantivy)];
    for mut engine in engines {
        compare(engine.as_mut(), relevance, generated, adversarial)?;
    }
    Ok(())
}

fn compare(
    engine: &mut dyn Engine,
    relevance: &[(String, Vec<String>, bool)],
    generated: &[String],
    adversarial: &[(String, String)],
) -> anyhow::Result<()> {
    let name = engine.name();
    let mut right = 0;
    let mut missed = Vec::new();
    let mut times = Vec::new();
    for (query, expect, first) in relevance {
        let t = Instant::now();
        let found = engine.search(query)?;
        times.push(t.elapsed());
        if right_in_top_five(&found, expect, *first) {
            right += 1;
        } else {
            missed.push(query.as_str());
        }
    }
    report(&format!("{name}, relevance set"), times);
    println!(
        "  {name}: right item in the top 5 for {right}/{} queries; missed e.g. {}",
        relevance.len(),
        missed
            .iter()
            .take(12)
            .copied()
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let mut times = Vec::new();
    for query in generated {
        let t = Instant::now();
        engine.search(query)?;
        times.push(t.elapsed());
    }
    report(&format!("{name}, generated set"), times);
    let mut worst = (Duration::ZERO, "");
    for (label, query) in adversarial {
        let t = Instant::now();
        engine.search(query)?;
        let took = t.elapsed();
        if took > worst.0 {
            worst = (took, label);
        }
    }
    println!(
        "  {name}: worst adversarial query {:.1?} ({})",
        worst.0, worst.1
    );
    Ok(())
}

/// The relevance set's rule, on items only: the expected item first (when `first`), or among the
/// first five items; an empty expectation wants no item at all.
fn right_in_top_five(found: &[String], expect: &[String], first: bool) -> bool {
    let items: Vec<&str> = found
        .iter()
        .filter_map(|r| r.strip_prefix("i:"))
        .take(5)
        .collect();
    if expect.is_empty() {
        items.is_empty()
    } else if first {
        items.first().is_some_and(|f| expect.iter().any(|e| e == f))
    } else {
        expect.iter().any(|e| items.contains(&e.as_str()))
    }
}

pub fn report(label: &str, mut times: Vec<Duration>) {
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

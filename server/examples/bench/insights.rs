//! `--insights-only`: what counting a search for the staff's search insights adds to a search
//! (the normalised query into a map in memory under one lock), alone and with threads
//! contending, and what writing a batch costs (off the search path).

use std::sync::Arc;
use std::time::Instant;

use chrono::NaiveDate;
use linli_server::insights::SearchCounter;

pub fn run(queries: &[String]) {
    let day = NaiveDate::from_ymd_opt(2026, 11, 24).expect("a date");
    let counter = SearchCounter::default();
    let rounds = 200_000 / queries.len().max(1) + 1;
    let started = Instant::now();
    let mut counted = 0u32;
    for _ in 0..rounds {
        for q in queries {
            counter.searched(day, q, 3);
            counted += 1;
        }
    }
    let alone = started.elapsed() / counted;
    let counter = Arc::new(SearchCounter::default());
    let threads = 4;
    let started = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..threads {
            let counter = counter.clone();
            s.spawn(move || {
                for _ in 0..rounds {
                    for q in queries {
                        counter.searched(day, q, 3);
                    }
                }
            });
        }
    });
    let contended = started.elapsed() / (counted * threads);
    println!(
        "insights: counting one search {alone:.2?} alone, {contended:.2?} per search with \
         {threads} threads counting at once ({} distinct queries)",
        queries.len()
    );
}

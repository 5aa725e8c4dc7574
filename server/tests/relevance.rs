//! The search relevance set (`data/search-relevance.json`): every query names the items a
//! resident would want; at least 95% must find one of them in the top 5. Prints every miss.

use linli_server::directory::{DEMO_DIRECTORY, parse_directory};
use linli_server::search::{DirectoryIndex, SearchRequest};
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    query: String,
    kind: String,
    expect: Vec<String>,
}

#[test]
fn at_least_95_percent_of_queries_find_an_expected_item_in_the_top_5() {
    let cases: Vec<Case> =
        serde_json::from_str(include_str!("../../data/search-relevance.json")).unwrap();
    assert!(cases.len() >= 60, "the set needs at least 60 queries");
    let index = DirectoryIndex::build(1, parse_directory(DEMO_DIRECTORY).unwrap());
    let now = chrono::NaiveDateTime::parse_from_str("2026-11-24 10:00", "%Y-%m-%d %H:%M").unwrap();

    let mut misses = Vec::new();
    for case in &cases {
        let request = SearchRequest {
            query: case.query.clone(),
            category: None,
            channel: None,
            district: None,
            open_now: false,
            limit: 5,
            at: None,
        };
        let found: Vec<String> = index
            .search(&request, now)
            .items
            .into_iter()
            .map(|i| i.id)
            .collect();
        if !case.expect.iter().any(|e| found.contains(e)) {
            misses.push(format!(
                "  [{}] {:?}: expected one of {:?}, top 5 {:?}",
                case.kind, case.query, case.expect, found
            ));
        }
    }
    let hit_rate = 1.0 - misses.len() as f64 / cases.len() as f64;
    println!(
        "relevance: {}/{} queries found an expected item in the top 5 ({:.1}%)",
        cases.len() - misses.len(),
        cases.len(),
        hit_rate * 100.0
    );
    for m in &misses {
        println!("{m}");
    }
    assert!(
        hit_rate >= 0.95,
        "hit rate {:.1}% is under 95%:\n{}",
        hit_rate * 100.0,
        misses.join("\n")
    );
}

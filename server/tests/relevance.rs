//! The search relevance set (`data/search-relevance.json`): every query names the items a
//! resident would want, and every query must find one of them in the top 5. Today's ranking
//! passes all of them, so any miss is a regression and fails at once, naming the query.

use linli_server::catalog::Catalog;
use linli_server::directory::{DEMO_DIRECTORY, parse_directory};
use linli_shared::query::SearchQuery;
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    query: String,
    kind: String,
    expect: Vec<String>,
}

#[test]
fn every_query_finds_an_expected_item_in_the_top_5() {
    let cases: Vec<Case> =
        serde_json::from_str(include_str!("../../data/search-relevance.json")).unwrap();
    assert!(cases.len() >= 60, "the set needs at least 60 queries");
    let catalog = Catalog::build(1, parse_directory(DEMO_DIRECTORY).unwrap());
    let now = chrono::NaiveDateTime::parse_from_str("2026-11-24 10:00", "%Y-%m-%d %H:%M").unwrap();

    let mut misses = Vec::new();
    for case in &cases {
        let query = SearchQuery {
            limit: 5,
            ..SearchQuery::new(&case.query)
        };
        let found: Vec<String> = catalog
            .search(&query, now)
            .items
            .into_iter()
            .map(|i| i.id.into())
            .collect();
        if !case.expect.iter().any(|e| found.contains(e)) {
            misses.push(format!(
                "  [{}] {:?}: expected one of {:?}, top 5 {:?}",
                case.kind, case.query, case.expect, found
            ));
        }
    }
    println!(
        "relevance: {}/{} queries found an expected item in the top 5",
        cases.len() - misses.len(),
        cases.len(),
    );
    assert!(
        misses.is_empty(),
        "{} of {} queries missed:\n{}",
        misses.len(),
        cases.len(),
        misses.join("\n")
    );
}

//! The search relevance set (`data/search-relevance.json`): every query names the items a
//! resident would want, and every query must find one of them in the top 5 (with `"first":
//! true`, the first result must be one of them). A query with an empty `expect` must find
//! nothing at all, neither items nor points: a search that matches nothing well says so
//! instead of guessing. Today's ranking passes all of them, so any miss is a regression and
//! fails at once, naming the query.

use linli_server::catalog::Catalog;
use linli_server::directory::{DEMO_DIRECTORY, parse_directory};
use linli_shared::query::SearchQuery;
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    query: String,
    kind: String,
    expect: Vec<String>,
    #[serde(default)]
    first: bool,
}

#[test]
fn every_query_finds_an_expected_item_in_the_top_5() {
    let cases: Vec<Case> =
        serde_json::from_str(include_str!("../../data/search-relevance.json")).unwrap();
    assert!(cases.len() >= 60, "the set needs at least 60 queries");
    assert!(
        cases.iter().filter(|c| c.expect.is_empty()).count() >= 5,
        "the set needs queries that must find nothing"
    );
    let catalog = Catalog::build(1, parse_directory(DEMO_DIRECTORY).unwrap());
    let now = chrono::NaiveDateTime::parse_from_str("2026-11-24 10:00", "%Y-%m-%d %H:%M").unwrap();

    let mut misses = Vec::new();
    for case in &cases {
        let query = SearchQuery {
            limit: 5,
            ..SearchQuery::new(&case.query)
        };
        let answer = catalog.search(&query, now);
        let points: Vec<String> = answer.points.iter().map(|p| p.name.clone()).collect();
        let found: Vec<String> = answer.items.into_iter().map(|i| i.id.into()).collect();
        let passed = if case.expect.is_empty() {
            found.is_empty() && points.is_empty()
        } else if case.first {
            found.first().is_some_and(|f| case.expect.contains(f))
        } else {
            case.expect.iter().any(|e| found.contains(e))
        };
        if !passed {
            let wanted = if case.expect.is_empty() {
                "nothing".to_owned()
            } else if case.first {
                format!("one of {:?} first", case.expect)
            } else {
                format!("one of {:?}", case.expect)
            };
            misses.push(format!(
                "  [{}] {:?}: expected {wanted}, top 5 {found:?}, points {points:?}",
                case.kind, case.query
            ));
        }
    }
    println!(
        "relevance: {}/{} queries answered as expected",
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

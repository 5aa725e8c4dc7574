//! The search relevance set (`data/search-relevance.json`): every query names the items a
//! resident would want, and every query must find one of them in the top 5 (with `"first":
//! true`, the first result must be one of them). A query with an empty `expect` must find
//! nothing at all, neither items nor points: a search that matches nothing well says so
//! instead of guessing. A query for service points names them in `expect_points` (one of them
//! in the top 5 points) and, with `"points_first": true`, the answer must lead with its points
//! (the best point matched better than the best item) and the first point be one of them. Today's ranking passes all of them, so any miss is a regression and
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
    #[serde(default)]
    expect_points: Vec<String>,
    #[serde(default)]
    points_first: bool,
}

#[test]
fn every_query_finds_an_expected_item_in_the_top_5() {
    let cases: Vec<Case> =
        serde_json::from_str(include_str!("../../data/search-relevance.json")).unwrap();
    assert!(cases.len() >= 60, "the set needs at least 60 queries");
    assert!(
        cases
            .iter()
            .filter(|c| c.expect.is_empty() && c.expect_points.is_empty())
            .count()
            >= 5,
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
        let point_ids: Vec<String> = answer.points.iter().map(|p| p.id.to_string()).collect();
        let points_first = answer.points_first;
        let found: Vec<String> = answer.items.into_iter().map(|i| i.id.into()).collect();
        let passed = if !case.expect_points.is_empty() {
            let listed = if case.points_first {
                points_first
                    && point_ids
                        .first()
                        .is_some_and(|p| case.expect_points.contains(p))
            } else {
                case.expect_points.iter().any(|e| point_ids.contains(e))
            };
            listed && (case.expect.is_empty() || case.expect.iter().any(|e| found.contains(e)))
        } else if case.expect.is_empty() {
            found.is_empty() && points.is_empty()
        } else if case.first {
            found.first().is_some_and(|f| case.expect.contains(f))
        } else {
            case.expect.iter().any(|e| found.contains(e))
        };
        if !passed {
            let wanted = if !case.expect_points.is_empty() {
                let lead = if case.points_first {
                    ", points first"
                } else {
                    ""
                };
                format!("the points {:?}{lead}", case.expect_points)
            } else if case.expect.is_empty() {
                "nothing".to_owned()
            } else if case.first {
                format!("one of {:?} first", case.expect)
            } else {
                format!("one of {:?}", case.expect)
            };
            misses.push(format!(
                "  [{}] {:?}: expected {wanted}, top 5 {found:?}, points {points:?} (points first: {points_first})",
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

/// The inverted index chooses which records are scored; it must never change an answer. On a
/// generated province directory (`linli-server generate`'s generator, 3,000 points here so that
/// a debug build's plain scan stays within seconds; the release benchmark compares the full
/// 15,000), every query of the relevance set, plain and with each filter, the kiosk's point and
/// a location, gets exactly the same answer through the index as by scoring every text: the
/// same ids in the same order, the same scores, totals and matched texts.
#[test]
fn the_index_answers_exactly_as_a_scan_at_province_scale() {
    use linli_server::catalog::search::Method;
    use linli_server::directory::generate::{Scale, generate};
    use linli_shared::directory::Channel;
    use linli_shared::domain::geo::Location;
    use linli_shared::ids::{CategoryId, PointId};

    let cases: Vec<Case> =
        serde_json::from_str(include_str!("../../data/search-relevance.json")).unwrap();
    let file = generate(Scale {
        points: 3_000,
        items: 300,
        offerings: 100_000,
        seed: 2026,
    });
    let district = file.points[100].district.clone();
    let street = file.points[100].subdistrict.clone();
    let kiosk = file.points[7].id.clone();
    let category = file.items[0].category.clone();
    let catalog = Catalog::build(1, file);
    let now = chrono::NaiveDateTime::parse_from_str("2026-11-24 10:00", "%Y-%m-%d %H:%M").unwrap();
    let sunday_night =
        chrono::NaiveDateTime::parse_from_str("2026-11-29 22:00", "%Y-%m-%d %H:%M").unwrap();

    type Variant<'a> = (&'a str, Box<dyn Fn(&str) -> SearchQuery + 'a>);
    let variants: Vec<Variant> = vec![
        ("plain", Box::new(|q| SearchQuery::new(q))),
        (
            "channel + open_now",
            Box::new(|q| SearchQuery {
                channel: Some(Channel::Window),
                open_now: true,
                ..SearchQuery::new(q)
            }),
        ),
        (
            "district, limit 100",
            Box::new(|q| SearchQuery {
                district: Some(district.clone()),
                limit: 100,
                ..SearchQuery::new(q)
            }),
        ),
        (
            "street + open_now + category",
            Box::new(|q| SearchQuery {
                district: Some(street.clone()),
                open_now: true,
                category: Some(CategoryId::parse(category.as_str()).unwrap()),
                ..SearchQuery::new(q)
            }),
        ),
        (
            "kiosk's point, open first",
            Box::new(|q| SearchQuery {
                at: Some(PointId::parse(kiosk.as_str()).unwrap()),
                open_first: true,
                ..SearchQuery::new(q)
            }),
        ),
        (
            "near",
            Box::new(|q| SearchQuery {
                near: Location::new(41.0, 122.0),
                ..SearchQuery::new(q)
            }),
        ),
    ];
    let mut queries: Vec<String> = cases.iter().map(|c| c.query.clone()).collect();
    // Adversarial ones too: their answers must not change either.
    queries.extend([
        "a".repeat(200),
        "zhong".repeat(40),
        "a ".repeat(100),
        "社区".to_owned(),
        "和平".to_owned(),
        "shequ".to_owned(),
        "sqfwz".to_owned(),
        "服务站".to_owned(),
        "zhongxn".to_owned(),
    ]);
    let mut compared = 0;
    for query in &queries {
        for (label, make) in &variants {
            for at in [now, sunday_night] {
                let request = make(query);
                let by_index = catalog.search_by(&request, at, Method::Index);
                let by_scan = catalog.search_by(&request, at, Method::Scan);
                assert_eq!(by_index, by_scan, "{query:?} ({label}, {at})");
                compared += 1;
            }
        }
    }
    println!("{compared} answers compared, all equal");
}

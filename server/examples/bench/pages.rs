//! The other resident endpoints in process at province scale: what each handler computes and
//! the JSON it writes, timed together, and the size of the largest body.

use std::time::{Duration, Instant};

use linli_server::catalog::Catalog;
use linli_shared::domain::geo::Location;
use linli_shared::query::ItemQuery;

fn report(label: &str, mut times: Vec<Duration>, largest: usize) {
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 - 1.0) * p) as usize];
    println!(
        "{label}: {} requests, p50 {:.1?}, p99 {:.1?}, max {:.1?}; largest body {largest} bytes of JSON",
        times.len(),
        pct(0.5),
        pct(0.99),
        times[times.len() - 1]
    );
}

/// Times `answer` (the catalogue's work and the JSON), 1,000 times over `ids` in turn.
fn time<T: serde::Serialize>(ids: &[String], answer: impl Fn(&str) -> T) -> (Vec<Duration>, usize) {
    let mut times = Vec::new();
    let mut largest = 0;
    for n in 0..1_000 {
        let t = Instant::now();
        let body = serde_json::to_vec(&answer(&ids[n % ids.len()])).expect("serialises");
        times.push(t.elapsed());
        largest = largest.max(body.len());
    }
    (times, largest)
}

pub fn run(catalog: &Catalog) {
    let now = super::search::tuesday();
    let overview = catalog.overview();
    let (times, largest) = time(&["".to_owned()], |_| catalog.overview());
    report(
        &format!(
            "GET /api/v1/overview ({} districts and streets)",
            overview.districts.len()
        ),
        times,
        largest,
    );
    let categories: Vec<String> = overview
        .categories
        .iter()
        .map(|c| c.id.to_string())
        .collect();
    let (times, largest) = time(&categories, |id| catalog.category_items(id));
    report(
        "GET /api/v1/categories/{id}, every category in turn",
        times,
        largest,
    );

    // Items by how many points offer them, most first.
    let mut items: Vec<(String, u32)> = Vec::new();
    for c in &categories {
        for i in catalog
            .category_items(c)
            .map(|c| c.items)
            .unwrap_or_default()
        {
            let total = catalog
                .item_detail(i.id.as_str(), &ItemQuery::default(), now)
                .map_or(0, |d| d.total_points);
            items.push((i.id.to_string(), total));
        }
    }
    items.sort_by_key(|i| std::cmp::Reverse(i.1));
    let most: Vec<String> = vec![items[0].0.clone()];
    let all: Vec<String> = items.iter().map(|i| i.0.clone()).collect();
    let (times, largest) = time(&most, |id| {
        catalog.item_detail(id, &ItemQuery::default(), now)
    });
    report(
        &format!(
            "GET /api/v1/items/{{id}}, the item at the most points ({})",
            items[0].1
        ),
        times,
        largest,
    );
    let near = ItemQuery {
        near: Location::new(41.8, 123.4),
        ..ItemQuery::default()
    };
    let (times, largest) = time(&most, |id| catalog.item_detail(id, &near, now));
    report("  the same with near=41.8,123.4", times, largest);
    let (times, largest) = time(&all, |id| {
        catalog.item_detail(id, &ItemQuery::default(), now)
    });
    report("GET /api/v1/items/{id}, every item in turn", times, largest);
    let points: Vec<String> = (0..1_000).map(|i| format!("p{:05}", i * 15)).collect();
    let (times, largest) = time(&points, |id| catalog.point_detail(id, now));
    report("GET /api/v1/points/{id}, 1,000 points", times, largest);
}

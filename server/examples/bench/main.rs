//! Province-scale benchmark: generate, validate, import, index, search.
//!
//!     ./x bench                      # SQLite in a temporary file
//!     ./x bench postgres://postgres@127.0.0.1:5432/test   # also PostgreSQL (a scratch database)
//!     ./x bench --search-only        # no import: the catalogue and its searches only
//!     ./x bench --search-only --http # and over HTTP (wrk), with the adversarial queries
//!     ./x bench --search-only --engines  # and SQLite FTS5 (trigram) and tantivy (n-grams) on the
//!                                        # same queries (`--fts` is the old name)
//!
//! Prints one line per figure; docs/PERFORMANCE.md records them.
//!
//! An optional `--nearest-only` skips the import and the plain searches: the catalogue and the
//! nearest-point figures only. `--no-scan` leaves out the plain scan the index is compared with
//! (the scan takes most of the run's time). `--publish-only`: a staff publish of one changed item
//! (SQLite, and PostgreSQL when its address is given), nothing else. `--insights-only`: what
//! counting a search for the search insights costs.

mod engines;
mod http;
mod insights;
mod pages;
mod publish;
mod search;

use std::time::{Duration, Instant};

use linli_server::catalog::Catalog;
use linli_server::catalog::refresh::load_catalog;
use linli_server::directory::generate::{Scale, generate};
use linli_server::directory::{parse_directory, to_file_text};
use linli_server::store::{ImportOptions, Store};
use linli_shared::directory::DirectoryFile;
use linli_shared::query::SearchQuery;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let scale = Scale::PROVINCE;
    let started = Instant::now();
    let file = generate(scale);
    let offerings: usize = file.points.iter().map(|p| p.items.len()).sum();
    println!(
        "generate: {} points, {} items, {} offerings in {:.2?}",
        file.points.len(),
        file.items.len(),
        offerings,
        started.elapsed()
    );

    let text = to_file_text(&file);
    let started = Instant::now();
    let parsed = parse_directory(&text).map_err(|p| anyhow::anyhow!("{p:?}"))?;
    println!(
        "parse + validate: {:.1} MB in {:.2?}",
        text.len() as f64 / 1e6,
        started.elapsed()
    );

    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--insights-only") {
        let queries: Vec<String> = search::generated_queries(&parsed)
            .into_iter()
            .map(|(_, q)| q)
            .collect();
        insights::run(&queries);
        return Ok(());
    }
    if args.iter().any(|a| a == "--publish-only") {
        let dir = std::env::temp_dir().join(format!("linli-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let sqlite = format!("sqlite://{}", dir.join("bench.db").display());
        publish::run("sqlite", &sqlite, &parsed).await?;
        std::fs::remove_dir_all(&dir)?;
        if let Some(pg) = args.iter().find(|a| a.starts_with("postgres")) {
            let (scratch, name) = scratch_postgres(pg).await?;
            publish::run("postgres", &scratch, &parsed).await?;
            drop_postgres(pg, &name).await?;
        }
        return Ok(());
    }
    let nearest_only = args.iter().any(|a| a == "--nearest-only");
    let search_only = nearest_only || args.iter().any(|a| a == "--search-only");
    if !search_only {
        let dir = std::env::temp_dir().join(format!("linli-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let sqlite = format!("sqlite://{}", dir.join("bench.db").display());
        import_and_load("sqlite", &sqlite, &parsed).await?;
        if let Some(pg) = args.iter().find(|a| a.starts_with("postgres")) {
            let (scratch, name) = scratch_postgres(pg).await?;
            import_and_load("postgres", &scratch, &parsed).await?;
            drop_postgres(pg, &name).await?;
        }
        std::fs::remove_dir_all(&dir)?;
    }

    let offered = most_and_median_offered(&parsed);
    // The same directory with the most offered item offered at every point: the far end of
    // "an item offered at thousands of points".
    let mut everywhere = parsed.clone();
    let most = linli_shared::ids::ItemId::parse(&offered[0].0)?;
    for p in &mut everywhere.points {
        if !p.items.contains(&most) {
            p.items.push(most.clone());
        }
    }
    let rss_before = rss_bytes();
    let started = Instant::now();
    let index = Catalog::build(1, parsed.clone());
    let (texts, text_bytes, posting_bytes) = index.search_index_size();
    println!(
        "catalogue build (in memory, search index included): {:.2?}; search index: {texts} distinct texts, {:.1} MB prepared texts + {:.1} MB postings (heap estimates); process RSS grew {:.1} MB",
        started.elapsed(),
        text_bytes as f64 / 1e6,
        posting_bytes as f64 / 1e6,
        (rss_bytes().saturating_sub(rss_before)) as f64 / 1e6
    );
    one_item_changed(&parsed);
    if !nearest_only {
        search::run(&index, &parsed, !args.iter().any(|a| a == "--no-scan"));
        pages::run(&index);
        if args.iter().any(|a| a == "--engines" || a == "--fts") {
            engines::run(
                &parsed,
                &search::relevance_cases(),
                &search::generated_queries(&parsed)
                    .into_iter()
                    .map(|(_, q)| q)
                    .collect::<Vec<_>>(),
                &search::adversarial_queries(&parsed),
            )?;
        }
    }
    if args.iter().any(|a| a == "--http") {
        let demo = parse_directory(linli_server::directory::DEMO_DIRECTORY)
            .map_err(|p| anyhow::anyhow!("{p:?}"))?;
        http::run(
            Catalog::build(1, parsed.clone()),
            Catalog::build(1, demo),
            search::adversarial_queries(&parsed),
        )
        .await?;
    }
    let everywhere = Catalog::build(1, everywhere);
    let mut items: Vec<(&Catalog, String, usize)> = offered
        .into_iter()
        .map(|(item, count)| (&index, item, count))
        .collect();
    items.push((
        &everywhere,
        most.as_str().to_owned(),
        everywhere.point_count(),
    ));
    nearest(&index, &items);
    Ok(())
}

/// The item offered at the most points, and one at the median count: (id, points).
fn most_and_median_offered(file: &DirectoryFile) -> Vec<(String, usize)> {
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for p in &file.points {
        for i in &p.items {
            *counts.entry(i.as_str()).or_default() += 1;
        }
    }
    let mut by_count: Vec<(String, usize)> =
        counts.into_iter().map(|(i, n)| (i.to_owned(), n)).collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    vec![by_count[0].clone(), by_count[by_count.len() / 2].clone()]
}

/// `near` on an item's page and on search, from random places in the province (the generated
/// points lie in 38.7-43.2 N, 119.7-125.3 E), against the same requests without it.
fn nearest(index: &Catalog, items: &[(&Catalog, String, usize)]) {
    use linli_shared::domain::geo::Location;
    use linli_shared::query::ItemQuery;

    let tuesday = chrono::NaiveDateTime::parse_from_str("2026-11-24 10:00", "%Y-%m-%d %H:%M")
        .expect("valid time");
    let sunday_night = chrono::NaiveDateTime::parse_from_str("2026-11-29 22:00", "%Y-%m-%d %H:%M")
        .expect("valid time");
    let mut rng = fastrand::Rng::with_seed(9);
    let places: Vec<Location> = (0..1_000)
        .map(|_| Location::new(38.7 + rng.f64() * 4.5, 119.7 + rng.f64() * 5.6).expect("in range"))
        .collect();
    let kiosk = linli_shared::ids::PointId::parse("p00800").ok();
    let report = |label: &str, mut times: Vec<Duration>| {
        times.sort();
        let pct = |p: f64| times[((times.len() as f64 - 1.0) * p) as usize];
        println!(
            "{label}: {} requests, p50 {:.1?}, p95 {:.1?}, p99 {:.1?}, max {:.1?}",
            times.len(),
            pct(0.50),
            pct(0.95),
            pct(0.99),
            times[times.len() - 1]
        );
    };
    let time = |f: &dyn Fn(Location)| -> Vec<Duration> {
        places
            .iter()
            .map(|&at| {
                let t = Instant::now();
                f(at);
                t.elapsed()
            })
            .collect()
    };

    for &(catalog, ref item, count) in items {
        let detail = |request: ItemQuery, now| {
            let answer = catalog
                .item_detail(item, &request, now)
                .expect("the item exists");
            std::hint::black_box(answer);
        };
        let label = |what: &str| format!("item detail, {item} at {count} points, {what}");
        report(
            &label("no location (open first, directory order)"),
            time(&|_| detail(ItemQuery::default(), tuesday)),
        );
        report(
            &label("near, distance only (open_first=false)"),
            time(&|at| {
                detail(
                    ItemQuery {
                        near: Some(at),
                        open_first: false,
                        ..ItemQuery::default()
                    },
                    tuesday,
                )
            }),
        );
        report(
            &label("near, open first, Tuesday 10:00"),
            time(&|at| {
                detail(
                    ItemQuery {
                        near: Some(at),
                        ..ItemQuery::default()
                    },
                    tuesday,
                )
            }),
        );
        report(
            &label("near, open first, Sunday 22:00 (all closed)"),
            time(&|at| {
                detail(
                    ItemQuery {
                        near: Some(at),
                        ..ItemQuery::default()
                    },
                    sunday_night,
                )
            }),
        );
        report(
            &label("kiosk's point (at), open first"),
            time(&|_| {
                detail(
                    ItemQuery {
                        at: kiosk.clone(),
                        ..ItemQuery::default()
                    },
                    tuesday,
                )
            }),
        );
    }

    // Searches: 社区 matches nearly every point (13,000 of 15,000 names), 和平 some, and a
    // point's own name one.
    for (label, text) in [
        ("社区 (most points match)", "社区"),
        ("和平 (a place name)", "和平"),
        ("dibao (items only)", "dibao"),
    ] {
        let plain = SearchQuery {
            limit: 20,
            ..SearchQuery::new(text)
        };
        let total = index.search(&plain, tuesday).total_points;
        report(
            &format!("search {label}, {total} points match, limit 20, no location"),
            time(&|_| {
                std::hint::black_box(index.search(&plain, tuesday));
            }),
        );
        report(
            &format!("search {label}, limit 20, near"),
            time(&|at| {
                let request = SearchQuery {
                    near: Some(at),
                    ..plain.clone()
                };
                std::hint::black_box(index.search(&request, tuesday));
            }),
        );
        report(
            &format!("search {label}, limit 20, near + open_first"),
            time(&|at| {
                let request = SearchQuery {
                    near: Some(at),
                    open_first: true,
                    ..plain.clone()
                };
                std::hint::black_box(index.search(&request, tuesday));
            }),
        );
    }
}

async fn import_and_load(name: &str, url: &str, file: &DirectoryFile) -> anyhow::Result<()> {
    let store = Store::open(url).await?;
    let started = Instant::now();
    store
        .import_directory(file, ImportOptions::default(), &|_, _| {})
        .await?;
    println!(
        "{name}: first import (one transaction): {:.2?}",
        started.elapsed()
    );
    let started = Instant::now();
    let again = store
        .import_directory(file, ImportOptions::default(), &|_, _| {})
        .await?;
    assert!(!again.changed(), "the same file changes nothing");
    println!(
        "{name}: re-import of the same file (compares, writes nothing): {:.2?}",
        started.elapsed()
    );
    // One new point at the top of the file moves every other point's position: the worst
    // ordinary update, rewriting every point row (not their offerings).
    let mut shifted = file.clone();
    let mut new_point = shifted.points[0].clone();
    new_point.id = linli_shared::ids::PointId::parse("bench-new-point")?;
    shifted.points.insert(0, new_point);
    let started = Instant::now();
    let summary = store
        .import_directory(&shifted, ImportOptions::default(), &|_, _| {})
        .await?;
    println!(
        "{name}: re-import with one point added first ({} points updated): {:.2?}",
        summary.points.updated,
        started.elapsed()
    );
    let started = Instant::now();
    let index = load_catalog(&store).await?;
    println!(
        "{name}: load directory + build index: {:.2?} ({} points)",
        started.elapsed(),
        index.point_count()
    );
    store.close().await;
    Ok(())
}

/// A fresh database on the PostgreSQL server at `admin_url`, for this run only.
async fn scratch_postgres(admin_url: &str) -> anyhow::Result<(String, String)> {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let name = format!("linli_bench_{}", std::process::id());
    let mut conn = sqlx::AnyConnection::connect(admin_url).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {name}"
    )))
    .execute(&mut conn)
    .await?;
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await?;
    let base = admin_url
        .rsplit_once('/')
        .map(|(b, _)| b)
        .unwrap_or(admin_url);
    Ok((format!("{base}/{name}"), name))
}

async fn drop_postgres(admin_url: &str, name: &str) -> anyhow::Result<()> {
    use sqlx::Connection;
    let mut conn = sqlx::AnyConnection::connect(admin_url).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
    )))
    .execute(&mut conn)
    .await?;
    Ok(())
}

/// The process's resident memory, from /proc (0 where there is none).
fn rss_bytes() -> usize {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<usize>().ok())
        .map_or(0, |pages| pages * 4096)
}

/// A publish that changes one item: today the catalogue is rebuilt whole for the new version.
fn one_item_changed(file: &DirectoryFile) {
    let mut changed = file.clone();
    changed.items[0].name.push_str("（新）");
    let started = Instant::now();
    let catalog = Catalog::build(2, changed);
    println!(
        "catalogue rebuild after one item changed (the whole snapshot, index included): {:.2?} ({} points)",
        started.elapsed(),
        catalog.point_count()
    );
}

//! Search in process: the relevance set, a generated set of 250 queries and adversarial ones,
//! through the index and by the plain scan (the same answers, checked), one core.

use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use linli_server::catalog::Catalog;
use linli_server::catalog::search::Method;
use linli_shared::directory::{Channel, DirectoryFile};
use linli_shared::domain::geo::Location;
use linli_shared::domain::search::{Field, SearchText};
use linli_shared::query::SearchQuery;

#[derive(serde::Deserialize)]
struct Case {
    query: String,
    expect: Vec<String>,
    #[serde(default)]
    first: bool,
}

pub fn tuesday() -> NaiveDateTime {
    NaiveDateTime::parse_from_str("2026-11-24 10:00", "%Y-%m-%d %H:%M").expect("valid time")
}

/// The relevance set as (query, expected item ids, whether the first must be one of them).
pub fn relevance_cases() -> Vec<(String, Vec<String>, bool)> {
    cases()
        .into_iter()
        .map(|c| (c.query, c.expect, c.first))
        .collect()
}

fn cases() -> Vec<Case> {
    serde_json::from_str(include_str!("../../../data/search-relevance.json")).expect("valid set")
}

/// 250 queries from the directory itself, 50 of each kind: characters (a piece of an item's or
/// a point's name), full pinyin, initials, English words, typos (a character or letter
/// changed, or one left out). The same seed gives the same set.
pub fn generated_queries(file: &DirectoryFile) -> Vec<(&'static str, String)> {
    let mut rng = fastrand::Rng::with_seed(12);
    let mut out = Vec::new();
    let names: Vec<&str> = file
        .items
        .iter()
        .map(|i| i.name.as_str())
        .chain(
            file.items
                .iter()
                .flat_map(|i| i.colloquial.iter().map(String::as_str)),
        )
        .collect();
    let piece = |rng: &mut fastrand::Rng, text: &str| -> String {
        let chars: Vec<char> = text.chars().filter(|c| !"（）()".contains(*c)).collect();
        let len = rng.usize(2..=4).min(chars.len());
        let from = rng.usize(..=chars.len() - len);
        chars[from..from + len].iter().collect()
    };
    for n in 0..50 {
        let text = if n % 3 == 2 {
            file.points[rng.usize(..file.points.len())].name.as_str()
        } else {
            names[rng.usize(..names.len())]
        };
        out.push(("characters", piece(&mut rng, text)));
    }
    let prepared: Vec<SearchText> = names
        .iter()
        .map(|n| SearchText::new(n, Field::Name))
        .collect();
    let with_reading: Vec<&SearchText> = prepared
        .iter()
        .filter(|t| t.first_reading().is_some_and(|r| r.len() >= 4))
        .collect();
    for _ in 0..50 {
        let t = with_reading[rng.usize(..with_reading.len())];
        let r = t.first_reading().expect("filtered");
        out.push(("pinyin", r[..r.len().min(rng.usize(6..16))].to_owned()));
    }
    for _ in 0..50 {
        let t = with_reading[rng.usize(..with_reading.len())];
        out.push(("initials", t.first_initials().expect("filtered").to_owned()));
    }
    for _ in 0..50 {
        let item = &file.items[rng.usize(..file.items.len())];
        let words: Vec<&str> = item
            .name_en
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| w.len() > 2)
            .collect();
        let take = rng.usize(1..=2).min(words.len());
        let from = rng.usize(..=words.len() - take);
        out.push(("english", words[from..from + take].join(" ").to_lowercase()));
    }
    for n in 0..50 {
        let typo = if n % 2 == 0 {
            // A character changed or left out of a name of four or more.
            let long: Vec<&&str> = names.iter().filter(|n| n.chars().count() >= 4).collect();
            let mut chars: Vec<char> = long[rng.usize(..long.len())].chars().collect();
            let at = rng.usize(..chars.len());
            if rng.bool() {
                chars[at] = char::from_u32(rng.u32(0x4e00..0x9fa5)).expect("CJK");
            } else {
                chars.remove(at);
            }
            chars.into_iter().collect()
        } else {
            let t = with_reading[rng.usize(..with_reading.len())];
            let mut r: Vec<u8> = t.first_reading().expect("filtered").bytes().collect();
            r.truncate(12);
            let at = rng.usize(..r.len());
            r[at] = b"abcdefghijklmnopqrstuwxyz"[rng.usize(..25)];
            String::from_utf8(r).expect("ASCII")
        };
        out.push(("typo", typo));
    }
    out
}

/// Queries a client could send to make a search slow.
pub fn adversarial_queries(file: &DirectoryFile) -> Vec<(String, String)> {
    let mut rng = fastrand::Rng::with_seed(5);
    let random_han: String = (0..200)
        .map(|_| char::from_u32(rng.u32(0x4e00..0x9fa5)).expect("a CJK character"))
        .collect();
    // Every character of a long address: a point's district, street, name and address, cut to
    // the 200 characters a query may have.
    let p = &file.points[1234];
    let address: String = format!("{}{}{}{}", p.district, p.subdistrict, p.address, p.name)
        .repeat(4)
        .chars()
        .take(200)
        .collect();
    vec![
        ("200 x 'a'".into(), "a".repeat(200)),
        ("'zhong' x 40".into(), "zhong".repeat(40)),
        ("'a ' x 100".into(), "a ".repeat(100)),
        ("'zhongxin' x 25".into(), "zhongxin".repeat(25)),
        ("'a b c d ' x 25".into(), "a b c d ".repeat(25)),
        ("200 x '保'".into(), "保".repeat(200)),
        ("200 random CJK".into(), random_han),
        ("a long address (200 characters)".into(), address),
        (
            "'shequ fuwu zhongxin ' x 10".into(),
            "shequ fuwu zhongxin ".repeat(10),
        ),
        ("'社区' (matches most points)".into(), "社区".into()),
        ("'区' (one character)".into(), "区".into()),
        ("'s' (one letter)".into(), "s".into()),
        ("'shequ' (pinyin of most points)".into(), "shequ".into()),
        ("'sqfwz' (initials of most points)".into(), "sqfwz".into()),
        (
            "'zhongxn' (a typo matching thousands)".into(),
            "zhongxn".into(),
        ),
    ]
}

pub struct Stats {
    pub p50: Duration,
    pub p99: Duration,
    pub worst: Duration,
    pub worst_query: String,
    pub per_second: f64,
}

/// Each request `rounds` times, one after another on this thread.
pub fn time_requests(
    catalog: &Catalog,
    requests: &[SearchQuery],
    rounds: usize,
    method: Method,
) -> Stats {
    let now = tuesday();
    let mut times: Vec<(Duration, usize)> = Vec::with_capacity(requests.len() * rounds);
    let started = Instant::now();
    for _ in 0..rounds {
        for (i, r) in requests.iter().enumerate() {
            let t = Instant::now();
            std::hint::black_box(catalog.search_by(r, now, method));
            times.push((t.elapsed(), i));
        }
    }
    let total = started.elapsed();
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 - 1.0) * p) as usize].0;
    let (worst, w) = times[times.len() - 1];
    Stats {
        p50: pct(0.5),
        p99: pct(0.99),
        worst,
        worst_query: requests[w].text.chars().take(24).collect(),
        per_second: times.len() as f64 / total.as_secs_f64(),
    }
}

fn line(label: &str, n: usize, rounds: usize, s: &Stats) {
    println!(
        "{label}: {n} queries x {rounds}, p50 {:.1?}, p99 {:.1?}, worst {:.1?} ({:?}), {:.0} queries/s on one core",
        s.p50, s.p99, s.worst, s.worst_query, s.per_second
    );
}

/// How many answers the index and the scan give alike (all of them, or the benchmark says so).
fn compare(catalog: &Catalog, requests: &[SearchQuery]) -> usize {
    let now = tuesday();
    let mut equal = 0;
    for r in requests {
        let a = catalog.search_by(r, now, Method::Index);
        let b = catalog.search_by(r, now, Method::Scan);
        if a == b {
            equal += 1;
        } else {
            println!("  DIFFERENT ANSWER: {:?}", r.text);
        }
    }
    equal
}

pub fn run(catalog: &Catalog, file: &DirectoryFile, with_scan: bool) {
    let now = tuesday();
    let cases = cases();
    let mut right = 0;
    for c in &cases {
        let answer = catalog.search(
            &SearchQuery {
                limit: 5,
                ..SearchQuery::new(&c.query)
            },
            now,
        );
        let found: Vec<String> = answer.items.iter().map(|i| i.id.to_string()).collect();
        let ok = if c.expect.is_empty() {
            found.is_empty()
        } else if c.first {
            found.first().is_some_and(|f| c.expect.contains(f))
        } else {
            c.expect.iter().any(|e| found.contains(e))
        };
        right += usize::from(ok);
    }
    println!(
        "relevance set on the province directory: {right}/{} answered as expected (top 5; nothing for the must-find-nothing ones)",
        cases.len()
    );

    let relevance: Vec<String> = cases.into_iter().map(|c| c.query).collect();
    let generated: Vec<String> = generated_queries(file)
        .into_iter()
        .map(|(_, q)| q)
        .collect();
    let near = Location::new(41.8, 123.4);
    type Make = fn(&str, Option<Location>) -> SearchQuery;
    let variants: [(&str, Make); 3] = [
        ("plain", |q, _| SearchQuery::new(q)),
        ("channel=window&open_now=true", |q, _| SearchQuery {
            channel: Some(Channel::Window),
            open_now: true,
            ..SearchQuery::new(q)
        }),
        ("near", |q, near| SearchQuery {
            near,
            ..SearchQuery::new(q)
        }),
    ];
    for (set, queries) in [("relevance set", &relevance), ("generated set", &generated)] {
        for (variant, make) in &variants {
            let requests: Vec<SearchQuery> = queries.iter().map(|q| make(q, near)).collect();
            let stats = time_requests(catalog, &requests, 5, Method::Index);
            line(
                &format!("search {set}, {variant}, index"),
                requests.len(),
                5,
                &stats,
            );
            if with_scan && *variant == "plain" {
                let stats = time_requests(catalog, &requests, 1, Method::Scan);
                line(
                    &format!("search {set}, {variant}, plain scan"),
                    requests.len(),
                    1,
                    &stats,
                );
            }
            if with_scan {
                let equal = compare(catalog, &requests);
                println!("  index and scan answer alike: {equal}/{}", requests.len());
            }
        }
    }
    let adversarial = adversarial_queries(file);
    let mut worst = Duration::ZERO;
    for (label, text) in &adversarial {
        let request = [SearchQuery::new(text.chars().take(200).collect::<String>())];
        let s = time_requests(catalog, &request, 5, Method::Index);
        worst = worst.max(s.worst);
        let total = catalog.search(&request[0], now);
        println!(
            "adversarial {label}: median of 5 {:.1?}, worst {:.1?} ({} items, {} points match)",
            s.p50, s.worst, total.total_items, total.total_points
        );
    }
    println!("adversarial worst of all: {worst:.1?}");
}

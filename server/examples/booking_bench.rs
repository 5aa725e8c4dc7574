//! Bookings under load, over HTTP on a real socket: a slot release (many clients racing for a
//! few seats at once) and a steady stream of bookings across many slots, with the same booking
//! transaction run straight on the store, one at a time, as the ceiling.
//!
//!     cargo run --release -p linli-server --example booking_bench
//!     cargo run --release -p linli-server --example booking_bench -- postgres://postgres@127.0.0.1:5432/test
//!
//! Prints one line per figure (confirmed bookings per second, p50 / p99 / worst latency,
//! overbookings, which must be 0); docs/PERFORMANCE.md records them.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use linli_server::auth::{new_token, token_digest};
use linli_server::config::EdgeArgs;
use linli_server::directory::{DEMO_DIRECTORY, parse_directory};
use linli_server::http::connections::{self, ConnectionLimits};
use linli_server::http::router;
use linli_server::startup::build_state;
use linli_server::store::appointments::{BookingRequest, BookingWrite, write_in};
use linli_server::store::{ImportOptions, Store};
use linli_shared::domain::booking::BookingLimits;
use linli_shared::domain::calendar::Calendar;
use linli_shared::domain::resident::Phone;
use linli_shared::domain::schedule::{PointHours, Schedule, SchedulesFile, SlotTiming, plan_days};
use sqlx::Row;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const RELEASE_SEATS: u32 = 50;
const RELEASE_CLIENTS: usize = 1_000;
const STREAM_CLIENTS: usize = 64;
const STREAM_SECONDS: u64 = 10;

fn now() -> NaiveDateTime {
    NaiveDateTime::parse_from_str("2026-11-24 07:00", "%Y-%m-%d %H:%M").unwrap()
}

fn schedules() -> SchedulesFile {
    let text = format!(
        r#"{{"format": "linli-schedules/1", "schedules": [
        {{"id": "release", "point": "xiyingmen-center", "items": ["id-card"],
          "weekly": [{{"days": ["mon","tue","wed","thu","fri"], "from": "09:00", "to": "11:30",
                      "slot_minutes": 15, "seats": {RELEASE_SEATS}}}]}},
        {{"id": "stream", "point": "xiyingmen-center", "items": ["vaccination", "elderly-health-checkup"],
          "weekly": [{{"days": ["mon","tue","wed","thu","fri","sat"], "from": "08:30", "to": "17:30",
                      "slot_minutes": 5, "seats": 999}}]}}
        ]}}"#
    );
    serde_json::from_str(&text).unwrap()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("linli-booking-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    run(
        "sqlite",
        &format!("sqlite://{}", dir.join("bench.db").display()),
    )
    .await?;
    std::fs::remove_dir_all(&dir)?;
    if let Some(pg) = std::env::args().skip(1).find(|a| a.starts_with("postgres")) {
        let name = format!("linli_booking_bench_{}", std::process::id());
        admin(&pg, &format!("DROP DATABASE IF EXISTS {name}")).await?;
        admin(&pg, &format!("CREATE DATABASE {name}")).await?;
        let base = pg.rsplit_once('/').unwrap().0;
        run("postgres", &format!("{base}/{name}")).await?;
        admin(&pg, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await?;
    }
    Ok(())
}

async fn admin(url: &str, sql: &str) -> anyhow::Result<()> {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(url).await?;
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .execute(&mut conn)
        .await?;
    Ok(())
}

async fn run(backend: &str, url: &str) -> anyhow::Result<()> {
    let store = Store::open(url).await?;
    let directory = parse_directory(DEMO_DIRECTORY).map_err(|p| anyhow::anyhow!("{p:?}"))?;
    store
        .import_directory(&directory, ImportOptions::default(), &|_, _| {})
        .await?;
    let file = schedules();
    store.replace_schedules(&file, now()).await?;
    let mut state = build_state(store.clone(), Arc::new(now)).await?;
    // The per-number limits would stop the stream after three bookings per number.
    state.booking_limits = BookingLimits {
        per_item_per_day: u32::MAX,
        active: u32::MAX,
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let mut limits = ConnectionLimits::from(&EdgeArgs::DEFAULT);
    limits.idle_timeout = Duration::from_secs(60);
    tokio::spawn(connections::serve(
        listener,
        router(state, None),
        limits,
        std::future::pending(),
    ));
    let tokens = tokens(&store, RELEASE_CLIENTS).await?;

    // A slot release: everyone at once for one slot.
    let barrier = Arc::new(tokio::sync::Barrier::new(RELEASE_CLIENTS));
    let mut tasks = Vec::new();
    for token in tokens.iter() {
        let token = token.clone();
        let barrier = barrier.clone();
        tasks.push(tokio::spawn(async move {
            let mut stream = TcpStream::connect(addr).await?;
            barrier.wait().await;
            book(&mut stream, &token, "id-card", "2026-11-25T09:00:00").await
        }));
    }
    let started = Instant::now();
    let mut results = Vec::new();
    for t in tasks {
        results.push(t.await??);
    }
    let elapsed = started.elapsed();
    let confirmed = results.iter().filter(|(s, _)| *s == 201).count();
    let full = results.iter().filter(|(s, _)| *s == 409).count();
    let other = results.len() - confirmed - full;
    let mut latencies: Vec<Duration> = results.iter().map(|(_, l)| *l).collect();
    println!(
        "{backend} slot release over HTTP: {RELEASE_CLIENTS} clients for {RELEASE_SEATS} seats: {confirmed} confirmed, {full} slot_full, {other} other in {elapsed:.2?}; latency {}; overbooked slots: {}",
        percentiles(&mut latencies),
        overbooked(&store).await?
    );

    // A steady stream across many slots.
    let slots = stream_slots(&store, &file.schedules[1]).await?;
    let deadline = Instant::now() + Duration::from_secs(STREAM_SECONDS);
    let mut tasks = Vec::new();
    for (i, token) in tokens.iter().take(STREAM_CLIENTS).cloned().enumerate() {
        let slots = slots.clone();
        tasks.push(tokio::spawn(async move {
            let mut stream = TcpStream::connect(addr).await?;
            let mut out = Vec::new();
            let mut n = i;
            while Instant::now() < deadline {
                n = n.wrapping_mul(2_654_435_761).wrapping_add(12_345);
                let slot = &slots[n % slots.len()];
                out.push(book(&mut stream, &token, "vaccination", slot).await?);
            }
            anyhow::Ok(out)
        }));
    }
    let started = Instant::now();
    let mut results = Vec::new();
    for t in tasks {
        results.extend(t.await??);
    }
    let elapsed = started.elapsed();
    let confirmed = results.iter().filter(|(s, _)| *s == 201).count();
    let mut latencies: Vec<Duration> = results.iter().map(|(_, l)| *l).collect();
    println!(
        "{backend} steady stream over HTTP: {STREAM_CLIENTS} clients, {} slots: {confirmed} confirmed of {} in {elapsed:.2?} = {:.0} bookings/s; latency {}; overbooked slots: {}",
        slots.len(),
        results.len(),
        confirmed as f64 / elapsed.as_secs_f64(),
        percentiles(&mut latencies),
        overbooked(&store).await?
    );

    // The ceiling: the same transaction straight on the store, one after the other.
    let phone = Phone::parse("13600000000").unwrap();
    let started = Instant::now();
    let mut n = 0usize;
    let mut latencies = Vec::new();
    while started.elapsed() < Duration::from_secs(5) {
        let slot = NaiveDateTime::parse_from_str(&slots[n % slots.len()], "%Y-%m-%dT%H:%M:%S")?;
        let request = BookingWrite::Book(BookingRequest {
            phone: phone.clone(),
            name: "基准".into(),
            on_behalf: false,
            relation: None,
            point_id: "xiyingmen-center".into(),
            item_id: "vaccination".into(),
            schedule_id: "stream".into(),
            starts_at: slot,
            ends_at: slot + chrono::TimeDelta::minutes(5),
            seats: 999,
            idempotency_key: None,
            request_digest: String::new(),
            now: now(),
            limits: BookingLimits {
                per_item_per_day: u32::MAX,
                active: u32::MAX,
            },
            seat_rules: Default::default(),
        });
        let t = Instant::now();
        let mut tx = store.begin_write().await?;
        let _ = write_in(&mut tx, store.backend(), &request).await?;
        tx.commit().await?;
        latencies.push(t.elapsed());
        n += 1;
    }
    println!(
        "{backend} ceiling, the booking transaction straight on the store, one at a time (one connection, durable commits): {:.0} per s; latency {}",
        n as f64 / started.elapsed().as_secs_f64(),
        percentiles(&mut latencies)
    );
    store.close().await;
    Ok(())
}

async fn tokens(store: &Store, n: usize) -> anyhow::Result<Vec<String>> {
    let mut tokens = Vec::with_capacity(n);
    for i in 0..n {
        let token = new_token();
        let phone = Phone::parse(&format!("135{i:08}")).unwrap();
        store
            .issue_resident_token(&phone, &token_digest(&token), now())
            .await?;
        tokens.push(token);
    }
    Ok(tokens)
}

async fn stream_slots(store: &Store, schedule: &Schedule) -> anyhow::Result<Vec<String>> {
    let directory = parse_directory(DEMO_DIRECTORY).map_err(|p| anyhow::anyhow!("{p:?}"))?;
    let point = directory
        .points
        .iter()
        .find(|p| p.id.as_str() == "xiyingmen-center")
        .unwrap();
    let calendar: Calendar = store.calendar().await?;
    let hours = PointHours {
        hours: &point.hours,
        closures: &point.closures,
    };
    let days = plan_days(
        schedule,
        hours,
        &calendar,
        now(),
        now().date(),
        now().date() + chrono::Days::new(7),
    );
    Ok(days
        .iter()
        .flat_map(|d| d.slots.iter())
        .filter(|s| s.timing == SlotTiming::Open)
        .map(|s| s.start.format("%Y-%m-%dT%H:%M:%S").to_string())
        .collect())
}

/// Slots with more active bookings than seats (must be 0), by the bookings themselves.
async fn overbooked(store: &Store) -> anyhow::Result<i64> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM (SELECT b.point_id, b.schedule_id, b.starts_at, COUNT(*) AS c, \
         MAX(s.capacity) AS cap FROM bookings b JOIN slot_seats s ON s.point_id = b.point_id \
         AND s.schedule_id = b.schedule_id AND s.starts_at = b.starts_at \
         WHERE b.status = 'active' GROUP BY b.point_id, b.schedule_id, b.starts_at) x \
         WHERE x.c > x.cap",
    )
    .fetch_one(store.pool())
    .await?;
    Ok(row.try_get("n")?)
}

async fn book(
    stream: &mut TcpStream,
    token: &str,
    item: &str,
    slot: &str,
) -> anyhow::Result<(u16, Duration)> {
    let body = format!(
        r#"{{"point":"xiyingmen-center","item":"{item}","starts_at":"{slot}","name":"基准"}}"#
    );
    let request = format!(
        "POST /api/v1/bookings HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let t = Instant::now();
    stream.write_all(request.as_bytes()).await?;
    let mut buf = Vec::with_capacity(4096);
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        let n = stream.read(&mut chunk).await?;
        anyhow::ensure!(n > 0, "connection closed");
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_lowercase();
    let status: u16 = head[9..12].parse()?;
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk).await?;
        anyhow::ensure!(n > 0, "connection closed");
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok((status, t.elapsed()))
}

fn percentiles(latencies: &mut [Duration]) -> String {
    if latencies.is_empty() {
        return "none".into();
    }
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() - 1) as f64 * q) as usize];
    format!(
        "p50 {:.1?}, p99 {:.1?}, worst {:.1?}",
        at(0.5),
        at(0.99),
        latencies[latencies.len() - 1]
    )
}

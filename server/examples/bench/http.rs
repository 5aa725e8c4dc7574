//! Over HTTP, on this machine: the province and the demo directory served in process (the real
//! router and connection handling), wrk with 64 connections against five kinds of search, and
//! in the same run axum's hello-world and a fixed 2 KB JSON answer as the ceiling; then
//! adversarial searches from 8 clients at once with `/healthz` timed beside them.

use std::net::SocketAddr;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use linli_server::catalog::Catalog;
use linli_server::catalog::refresh::SharedCatalog;
use linli_server::config::EdgeArgs;
use linli_server::http::connections::{self, ConnectionLimits};
use linli_server::http::{AppState, router};
use linli_server::store::Store;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Serves `catalog` on a free port until the process ends; returns the address.
async fn serve_catalog(
    catalog: Catalog,
    dir: &std::path::Path,
    name: &str,
) -> anyhow::Result<SocketAddr> {
    let store = Store::open(&format!(
        "sqlite://{}",
        dir.join(format!("{name}.db")).display()
    ))
    .await?;
    let now = super::search::tuesday();
    let state = AppState {
        bookings: linli_server::appointments::BookingWriter::start(store.clone()),
        store,
        catalog: SharedCatalog::new(catalog),
        clock: Arc::new(move || now),
        settings: Default::default(),
        cpu: Default::default(),
        secure_cookies: true,
        client_ip_header: None,
        sms_wake: Default::default(),
        code_limits: Default::default(),
        booking_limits: Default::default(),
        seat_rules: Default::default(),
        insights: Default::default(),
        photos: linli_server::cases::photo_files::PhotoDir::new(dir.join(format!("{name}-photos"))),
    };
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let app = router(state, None);
    tokio::spawn(connections::serve(
        listener,
        app,
        ConnectionLimits::from(&EdgeArgs::DEFAULT),
        std::future::pending(),
    ));
    Ok(addr)
}

#[derive(serde::Serialize, Clone)]
struct Row {
    id: u32,
    name: String,
    district: String,
    address: String,
    phone: String,
    open: bool,
    score: f32,
}

/// The ceiling: axum's hello-world and a 2 KB JSON answer (10 structs, serialised per request).
async fn serve_ceiling() -> anyhow::Result<SocketAddr> {
    let rows: Vec<Row> = (0..10)
        .map(|i| Row {
            id: i,
            name: format!("沈阳市和平区和平{i}社区服务站"),
            district: "沈阳市和平区".into(),
            address: format!("长青街道和平路{i}号院内一楼"),
            phone: "024-12345678".into(),
            open: i % 2 == 0,
            score: 0.85,
        })
        .collect();
    let rows = Arc::new(rows);
    let app = Router::new()
        .route("/hello", get(|| async { "Hello, World!" }))
        .route(
            "/json",
            get(move || {
                let rows = rows.clone();
                async move { axum::Json((*rows).clone()) }
            }),
        );
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(addr)
}

/// One wrk run: requests per second and the 99th percentile, as wrk prints them.
fn wrk(url: &str, seconds: u32) -> Option<(f64, String)> {
    let out = Command::new("wrk")
        .args(["-t2", "-c64", &format!("-d{seconds}s"), "--latency", url])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let rps = text
        .lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))?
        .trim()
        .parse()
        .ok()?;
    let p99 = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("99%"))
        .map(|s| s.trim().to_owned())
        .unwrap_or_default();
    let non_2xx = text
        .lines()
        .find(|l| l.contains("Non-2xx"))
        .map(|l| format!(" ({})", l.trim()))
        .unwrap_or_default();
    Some((rps, format!("{p99}{non_2xx}")))
}

fn encode(q: &str) -> String {
    percent_encoding::utf8_percent_encode(q, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// One GET on a kept-alive connection; the status and how long the whole answer took.
async fn get_on(stream: &mut TcpStream, path: &str) -> anyhow::Result<(u16, Duration)> {
    let t = Instant::now();
    stream
        .write_all(format!("GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n").as_bytes())
        .await?;
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

pub async fn run(
    province: Catalog,
    demo: Catalog,
    adversarial: Vec<(String, String)>,
) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("linli-bench-http-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let province = serve_catalog(province, &dir, "province").await?;
    let demo = serve_catalog(demo, &dir, "demo").await?;
    let ceiling = serve_ceiling().await?;
    let seconds = 5;
    if Command::new("wrk").arg("--version").output().is_err() {
        println!("HTTP: wrk is not installed; skipped (apt-get install wrk)");
    } else {
        println!(
            "HTTP: wrk -t2 -c64 -d{seconds}s --latency, the server in this process (2 cores shared with wrk)"
        );
        for (label, path) in [
            (
                "axum hello-world (ceiling)",
                format!("http://{ceiling}/hello"),
            ),
            ("axum 2 KB JSON (ceiling)", format!("http://{ceiling}/json")),
            ("/healthz", format!("http://{province}/healthz")),
        ] {
            if let Some((rps, p99)) = wrk(&path, seconds) {
                println!("  {label}: {rps:.0} requests/s, p99 {p99}");
            }
        }
        let searches = [
            ("selective: dibao", "q=dibao".to_owned()),
            ("broad: 社区", format!("q={}", encode("社区"))),
            (
                "typo: 最低生活保证",
                format!("q={}", encode("最低生活保证")),
            ),
            (
                "filtered: gongzufang, open_now, window",
                "q=gongzufang&open_now=true&channel=window".to_owned(),
            ),
            (
                "near: 医疗保险 near=41.8,123.4",
                format!("q={}&near=41.8,123.4", encode("医疗保险")),
            ),
        ];
        for (label, query) in &searches {
            for (dir_label, addr) in [("province", province), ("demo", demo)] {
                if let Some((rps, p99)) =
                    wrk(&format!("http://{addr}/api/v1/search?{query}"), seconds)
                {
                    println!("  search {label}, {dir_label}: {rps:.0} requests/s, p99 {p99}");
                }
            }
        }
    }

    // Adversarial searches from 8 clients for 10 s, /healthz every 20 ms beside them.
    let stop = Instant::now() + Duration::from_secs(10);
    let paths: Arc<Vec<String>> = Arc::new(
        adversarial
            .iter()
            .map(|(_, q)| {
                format!(
                    "/api/v1/search?q={}",
                    encode(&q.chars().take(200).collect::<String>())
                )
            })
            .collect(),
    );
    let mut clients = Vec::new();
    for c in 0..8 {
        let paths = paths.clone();
        clients.push(tokio::spawn(async move {
            let mut stream = TcpStream::connect(province).await?;
            let mut times = Vec::new();
            let mut busy = 0;
            let mut i = c;
            while Instant::now() < stop {
                let (status, took) = get_on(&mut stream, &paths[i % paths.len()]).await?;
                if status == 503 {
                    busy += 1;
                }
                times.push(took);
                i += 1;
            }
            anyhow::Ok((times, busy))
        }));
    }
    let mut health = Vec::new();
    let mut stream = TcpStream::connect(province).await?;
    while Instant::now() < stop {
        let (_, took) = get_on(&mut stream, "/healthz").await?;
        health.push(took);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut searches = Vec::new();
    let mut busy = 0;
    for c in clients {
        let (times, b) = c.await??;
        searches.extend(times);
        busy += b;
    }
    searches.sort();
    health.sort();
    let pct = |v: &[Duration], p: f64| v[((v.len() as f64 - 1.0) * p) as usize];
    println!(
        "adversarial over HTTP, 8 clients for 10 s: {} searches ({busy} answered 503), p50 {:.1?}, p99 {:.1?}, max {:.1?}",
        searches.len(),
        pct(&searches, 0.5),
        pct(&searches, 0.99),
        searches[searches.len() - 1]
    );
    println!(
        "  /healthz meanwhile: {} requests, p50 {:.2?}, p99 {:.2?}, max {:.2?}",
        health.len(),
        pct(&health, 0.5),
        pct(&health, 0.99),
        health[health.len() - 1]
    );
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

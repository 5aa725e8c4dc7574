//! Does CPU-heavy work stall the server? Sends `--concurrency` copies of one request (a heavy
//! search) at once, again and again, while timing `/healthz` on the side. Figures in
//! docs/PERFORMANCE.md.
//!
//!   cargo run -p linli-server --release --example heavy_requests -- \
//!       --addr 127.0.0.1:8091 --concurrency 8 --seconds 20 --path '/api/v1/search?q=...'
//!
//! The path must be percent-encoded already.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[tokio::main]
async fn main() {
    let mut addr: SocketAddr = "127.0.0.1:8080".parse().unwrap();
    let mut concurrency = 8;
    let mut seconds = 20;
    let mut path = String::from("/api/v1/search?q=dibao");
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--addr" => addr = value.parse().expect("--addr HOST:PORT"),
            "--concurrency" => concurrency = value.parse().expect("--concurrency N"),
            "--seconds" => seconds = value.parse().expect("--seconds N"),
            "--path" => path = value,
            other => panic!("unknown argument {other}"),
        }
    }
    let single = get(addr, &path).await;
    println!(
        "one {path:.60}… alone: {:.1} ms, status {}",
        single.0.as_secs_f64() * 1000.0,
        single.1
    );

    let deadline = Instant::now() + Duration::from_secs(seconds);
    let heavy: Vec<_> = (0..concurrency)
        .map(|_| {
            let path = path.clone();
            tokio::spawn(async move {
                let mut times = Vec::new();
                while Instant::now() < deadline {
                    times.push(get(addr, &path).await.0);
                }
                times
            })
        })
        .collect();
    let mut health = Vec::new();
    while Instant::now() < deadline {
        health.push(get(addr, "/healthz").await.0);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let mut heavy_times = Vec::new();
    for h in heavy {
        heavy_times.extend(h.await.unwrap());
    }
    println!(
        "{concurrency} at once for {seconds} s: heavy requests {}",
        summary(&mut heavy_times)
    );
    println!("/healthz meanwhile: {}", summary(&mut health));
}

/// Time to the whole answer on a new connection, and the status code.
async fn get(addr: SocketAddr, path: &str) -> (Duration, u16) {
    let started = Instant::now();
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let request = format!("GET {path} HTTP/1.1\r\nHost: linli\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("send");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let status = String::from_utf8_lossy(&answer[..answer.len().min(12)])
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (started.elapsed(), status)
}

fn summary(times: &mut [Duration]) -> String {
    if times.is_empty() {
        return "none".into();
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: f64| ms(times[((times.len() - 1) as f64 * q) as usize]);
    format!(
        "{} done, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        times.len(),
        at(0.5),
        at(0.99),
        at(1.0)
    )
}

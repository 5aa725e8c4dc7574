//! A probe of the server's connection limits, from outside: it opens many idle connections
//! (that send nothing) and slow ones (half a request head, then one byte a second) while a
//! normal client keeps asking `/api/v1/search`, and reports what the server held and how the
//! normal requests fared. Figures in docs/PERFORMANCE.md.
//!
//!   linli-server serve --demo --addr 127.0.0.1:8090 &
//!   cargo run -p linli-server --release --example connections -- \
//!       --addr 127.0.0.1:8090 --pid $! --idle 2000 --slow 2000 --seconds 30
//!
//! `--pid` lets it sample the server's open sockets and memory from /proc (Linux). With
//! `--reopen`, an attacking connection that the server closes is opened again at once until
//! `--seconds` is up (a sustained attack); without it each is opened once and the probe
//! reports when the server closed it. Raise `ulimit -n` for the probe above ~900 connections.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Mutex;

struct Args {
    addr: SocketAddr,
    pid: Option<u32>,
    idle: usize,
    slow: usize,
    seconds: u64,
    reopen: bool,
}

fn parse_args() -> Args {
    let mut args = Args {
        addr: "127.0.0.1:8080".parse().unwrap(),
        pid: None,
        idle: 2000,
        slow: 2000,
        seconds: 30,
        reopen: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--addr" => args.addr = value().parse().expect("--addr HOST:PORT"),
            "--pid" => args.pid = Some(value().parse().expect("--pid N")),
            "--idle" => args.idle = value().parse().expect("--idle N"),
            "--slow" => args.slow = value().parse().expect("--slow N"),
            "--seconds" => args.seconds = value().parse().expect("--seconds N"),
            "--reopen" => args.reopen = true,
            other => panic!("unknown argument {other}; see the comment at the top of the file"),
        }
    }
    args
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Idle,
    Slow,
}

/// How long each attacking connection stayed open before the server closed it.
#[derive(Default)]
struct Closures {
    idle: Vec<Duration>,
    slow: Vec<Duration>,
    /// Connections still open when the probe stopped.
    still_open: usize,
    /// Connects that failed or did not complete in 10 s.
    connect_failed: usize,
}

#[tokio::main]
async fn main() {
    let args = parse_args();
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let stop = Arc::new(AtomicBool::new(false));
    let open_now = Arc::new(AtomicUsize::new(0));
    let closures = Arc::new(Mutex::new(Closures::default()));

    println!(
        "probe: {} idle + {} slow connections to {}, {} s{}",
        args.idle,
        args.slow,
        args.addr,
        args.seconds,
        if args.reopen {
            ", reopened when closed"
        } else {
            ""
        }
    );
    let sampler = args
        .pid
        .map(|pid| tokio::spawn(sample_server(pid, stop.clone())));
    let before = args.pid.map(server_figures);

    let mut attackers = Vec::new();
    let kinds = std::iter::repeat_n(Kind::Idle, args.idle)
        .chain(std::iter::repeat_n(Kind::Slow, args.slow));
    for (i, kind) in kinds.enumerate() {
        let (addr, reopen, stop) = (args.addr, args.reopen, stop.clone());
        let (open_now, closures) = (open_now.clone(), closures.clone());
        attackers.push(tokio::spawn(async move {
            // Spread the connects over the first second, as many clients would.
            tokio::time::sleep(Duration::from_micros((i as u64 * 250) % 1_000_000)).await;
            loop {
                let outcome = attack(addr, kind, deadline, &open_now).await;
                let mut c = closures.lock().await;
                match outcome {
                    Outcome::ClosedAfter(d) if kind == Kind::Idle => c.idle.push(d),
                    Outcome::ClosedAfter(d) => c.slow.push(d),
                    Outcome::StillOpen => c.still_open += 1,
                    Outcome::ConnectFailed => c.connect_failed += 1,
                }
                drop(c);
                if !reopen || stop.load(Ordering::Relaxed) || Instant::now() >= deadline {
                    break;
                }
            }
        }));
    }

    // The normal client: one search at a time on a new connection, every 100 ms.
    let normal = tokio::spawn(normal_client(args.addr, deadline));
    let mut peak_open = 0;
    while Instant::now() < deadline {
        peak_open = peak_open.max(open_now.load(Ordering::Relaxed));
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let latencies = normal.await.unwrap();
    stop.store(true, Ordering::Relaxed);
    for a in attackers {
        let _ = a.await;
    }
    let peak = match sampler {
        Some(s) => Some(s.await.unwrap()),
        None => None,
    };
    // The server after the attack: memory it kept.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after = args.pid.map(server_figures);

    let c = closures.lock().await;
    println!("attacking connections open at once (probe side), peak: {peak_open}");
    println!(
        "connects failed or not accepted in 10 s: {}; still open at the end: {}",
        c.connect_failed, c.still_open
    );
    println!("idle closed by the server: {}", spread(&c.idle));
    println!("slow closed by the server: {}", spread(&c.slow));
    println!(
        "normal searches during the attack: {}",
        latency_line(&latencies)
    );
    if let (Some(before), Some(peak), Some(after)) = (before, peak, after) {
        println!(
            "server sockets: {} before, {} at peak, {} after",
            before.sockets, peak.sockets, after.sockets
        );
        println!(
            "server RSS: {:.1} MB before, {:.1} MB at peak, {:.1} MB after",
            before.rss_kb as f64 / 1024.0,
            peak.rss_kb as f64 / 1024.0,
            after.rss_kb as f64 / 1024.0
        );
    }
}

enum Outcome {
    ClosedAfter(Duration),
    StillOpen,
    ConnectFailed,
}

/// Holds one connection the way `kind` does until the server closes it or time is up.
async fn attack(addr: SocketAddr, kind: Kind, deadline: Instant, open: &AtomicUsize) -> Outcome {
    let stream = match tokio::time::timeout(Duration::from_secs(10), TcpStream::connect(addr)).await
    {
        Ok(Ok(stream)) => stream,
        _ => return Outcome::ConnectFailed,
    };
    open.fetch_add(1, Ordering::Relaxed);
    let opened = Instant::now();
    let (mut from_server, mut to_server) = stream.into_split();
    let closed = async {
        let mut buf = [0u8; 1024];
        loop {
            match from_server.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    };
    let trickle = async {
        if kind == Kind::Slow {
            let _ = to_server
                .write_all(b"GET /api/v1/search?q=dibao HTTP/1.1\r\nHost: linli\r\nX-Slow: ")
                .await;
            loop {
                tokio::time::sleep(Duration::from_secs(1)).await;
                if to_server.write_all(b"a").await.is_err() {
                    break;
                }
            }
        }
        std::future::pending::<()>().await
    };
    let outcome = tokio::select! {
        () = closed => Outcome::ClosedAfter(opened.elapsed()),
        () = trickle => unreachable!(),
        () = tokio::time::sleep_until(tokio::time::Instant::from_std(deadline)) => Outcome::StillOpen,
    };
    open.fetch_sub(1, Ordering::Relaxed);
    outcome
}

/// Latencies of normal searches, `None` for one that failed or took over 30 s.
async fn normal_client(addr: SocketAddr, deadline: Instant) -> Vec<Option<Duration>> {
    let mut latencies = Vec::new();
    // Let the attack get going first.
    tokio::time::sleep(Duration::from_secs(1)).await;
    while Instant::now() < deadline {
        let started = Instant::now();
        let ok = tokio::time::timeout(Duration::from_secs(30), search_once(addr))
            .await
            .unwrap_or(false);
        latencies.push(ok.then(|| started.elapsed()));
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    latencies
}

async fn search_once(addr: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect(addr).await else {
        return false;
    };
    let request = "GET /api/v1/search?q=dibao HTTP/1.1\r\nHost: linli\r\nConnection: close\r\n\r\n";
    if stream.write_all(request.as_bytes()).await.is_err() {
        return false;
    }
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.is_ok() && answer.starts_with(b"HTTP/1.1 200")
}

#[derive(Clone, Copy, Default)]
struct ServerFigures {
    sockets: usize,
    rss_kb: u64,
}

fn server_figures(pid: u32) -> ServerFigures {
    let sockets = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|dir| {
            dir.filter_map(Result::ok)
                .filter(|e| {
                    std::fs::read_link(e.path())
                        .is_ok_and(|t| t.to_string_lossy().starts_with("socket:"))
                })
                .count()
        })
        .unwrap_or(0);
    let rss_kb = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0);
    ServerFigures { sockets, rss_kb }
}

/// The highest socket count and RSS seen, sampled every 250 ms.
async fn sample_server(pid: u32, stop: Arc<AtomicBool>) -> ServerFigures {
    let mut peak = ServerFigures::default();
    while !stop.load(Ordering::Relaxed) {
        let now = tokio::task::spawn_blocking(move || server_figures(pid))
            .await
            .unwrap();
        peak.sockets = peak.sockets.max(now.sockets);
        peak.rss_kb = peak.rss_kb.max(now.rss_kb);
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    peak
}

fn spread(durations: &[Duration]) -> String {
    if durations.is_empty() {
        return "none".into();
    }
    let mut sorted = durations.to_vec();
    sorted.sort();
    let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q) as usize].as_secs_f64();
    format!(
        "{} after min {:.1} s / median {:.1} s / max {:.1} s",
        sorted.len(),
        at(0.0),
        at(0.5),
        at(1.0)
    )
}

fn latency_line(latencies: &[Option<Duration>]) -> String {
    let failed = latencies.iter().filter(|l| l.is_none()).count();
    let mut ok: Vec<Duration> = latencies.iter().flatten().copied().collect();
    if ok.is_empty() {
        return format!("{} sent, all failed", latencies.len());
    }
    ok.sort();
    let at = |q: f64| ok[((ok.len() - 1) as f64 * q) as usize].as_secs_f64() * 1000.0;
    format!(
        "{} sent, {} failed; p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        latencies.len(),
        failed,
        at(0.5),
        at(0.99),
        at(1.0)
    )
}

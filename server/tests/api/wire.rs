//! A real server on a free port and a raw TCP client, for what only shows on the wire: hyper's
//! own answers, connection timeouts and the connection cap.

use std::net::SocketAddr;
use std::time::Duration;

use linli_server::config::EdgeArgs;
use linli_server::startup::Server;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::helpers::TestApp;

/// Generous bound on any wait in these tests: a wrong server hangs the test, not CI.
pub const PATIENCE: Duration = Duration::from_secs(30);

pub struct Running {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl Running {
    /// Asks the server to stop (as Ctrl-C would) and waits until it has.
    pub async fn shut_down(mut self) {
        let _ = self.stop.take().unwrap().send(());
        tokio::time::timeout(PATIENCE, &mut self.task)
            .await
            .expect("the server stops")
            .unwrap();
    }
}

pub async fn serve(app: &TestApp, edge: EdgeArgs) -> Running {
    let server = Server::bind(
        app.state.clone(),
        "127.0.0.1:0".parse().unwrap(),
        None,
        Duration::from_secs(3600),
        &edge,
    )
    .await
    .expect("bind");
    let addr = server.local_addr();
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        server
            .run_until(async {
                let _ = stopped.await;
            })
            .await
            .unwrap();
    });
    Running {
        addr,
        stop: Some(stop),
        task,
    }
}

pub async fn connect(addr: SocketAddr) -> TcpStream {
    TcpStream::connect(addr).await.expect("connect")
}

/// Everything the server sends until it closes the connection.
pub async fn read_to_close(stream: &mut (impl AsyncRead + Unpin)) -> Vec<u8> {
    let mut bytes = Vec::new();
    let read = tokio::time::timeout(PATIENCE, async {
        let mut buf = [0u8; 8192];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => bytes.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(read.is_ok(), "the server did not close the connection");
    bytes
}

/// A raw answer: status, head (lower-cased names) and body.
pub struct RawAnswer {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl RawAnswer {
    pub fn parse(bytes: &[u8]) -> RawAnswer {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status line in {text:?}"));
        RawAnswer {
            status,
            head: head.to_ascii_lowercase(),
            body: body.to_owned(),
        }
    }
}

/// Sends a request with `Connection: close` and reads the whole answer.
pub async fn exchange(addr: SocketAddr, request: &[u8]) -> RawAnswer {
    let mut stream = connect(addr).await;
    stream.write_all(request).await.unwrap();
    RawAnswer::parse(&read_to_close(&mut stream).await)
}

/// Sends a GET on a kept-alive connection and reads exactly one answer (by Content-Length).
pub async fn get_keep_alive(stream: &mut TcpStream, path: &str) -> RawAnswer {
    let request = format!("GET {path} HTTP/1.1\r\nHost: linli\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut bytes = Vec::new();
    let mut buf = [0u8; 8192];
    tokio::time::timeout(PATIENCE, async {
        loop {
            let n = stream.read(&mut buf).await.expect("read an answer");
            assert!(n > 0, "closed before a whole answer: {bytes:?}");
            bytes.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&bytes).to_ascii_lowercase();
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let length: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .map(|v| v.trim().parse().unwrap())
                    .expect("a content-length");
                if body.len() >= length {
                    break;
                }
            }
        }
    })
    .await
    .expect("an answer in time");
    RawAnswer::parse(&bytes)
}

/// Every answer in `bytes`, one after another (pipelined answers on one connection); each must
/// say its length, as all of ours do.
pub fn answers(bytes: &[u8]) -> Vec<RawAnswer> {
    let mut answers = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        let end = rest
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("no whole head in {:?}", String::from_utf8_lossy(rest)))
            + 4;
        let head = String::from_utf8_lossy(&rest[..end]).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .map(|v| v.trim().parse().unwrap())
            .unwrap_or_else(|| panic!("no content-length in {head}"));
        let whole = (end + length).min(rest.len());
        answers.push(RawAnswer::parse(&rest[..whole]));
        rest = &rest[whole..];
    }
    answers
}

/// Sends `request` as it is (several requests, or a broken one) and reads every answer until
/// the server closes the connection.
pub async fn send_and_read_all(addr: SocketAddr, request: &[u8]) -> Vec<RawAnswer> {
    let mut stream = connect(addr).await;
    stream.write_all(request).await.unwrap();
    answers(&read_to_close(&mut stream).await)
}

//! Connection limits, seen from a raw socket: a client that sends half a request or nothing is
//! closed while others are served, and past the cap new clients wait for a place. Each test
//! sets one limit low and the others high, so what closes a connection is known; none asserts
//! how fast anything happens.

use std::time::Duration;

use linli_server::config::EdgeArgs;
use tokio::io::AsyncWriteExt;

use crate::helpers::*;
use crate::wire::*;

fn edge(header: u64, idle: u64, max_connections: usize) -> EdgeArgs {
    EdgeArgs {
        header_timeout_secs: header,
        idle_timeout_secs: idle,
        max_connections,
        ..EdgeArgs::DEFAULT
    }
}

#[tokio::test]
async fn half_a_request_is_closed_by_the_header_timeout_while_others_are_answered() {
    let app = spawn_app().await;
    // The idle timeout is out of the way: the client below keeps sending bytes.
    let server = serve(&app, edge(1, 3600, 100)).await;

    let (mut from_server, mut to_server) = connect(server.addr).await.into_split();
    to_server
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: linli\r\nX-Slow: ")
        .await
        .unwrap();
    // One more byte every half second, as a slowloris client does, until the server closes.
    let trickle = tokio::spawn(async move {
        while to_server.write_all(b"a").await.is_ok() {
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    });

    let mut normal = connect(server.addr).await;
    let answer = get_keep_alive(&mut normal, "/healthz").await;
    assert_eq!(answer.status, 200, "{}", answer.body);

    let sent_back = read_to_close(&mut from_server).await;
    trickle.abort();
    // hyper closes it without an answer, or with a 408 at most; never a 200.
    let text = String::from_utf8_lossy(&sent_back);
    assert!(!text.contains(" 200 "), "{text}");
    server.shut_down().await;
}

#[tokio::test]
async fn a_connection_that_sends_nothing_is_closed_by_the_idle_timeout() {
    let app = spawn_app().await;
    // The header timeout is out of the way: only the idle timeout can close it.
    let server = serve(&app, edge(3600, 1, 100)).await;
    let mut silent = connect(server.addr).await;
    let sent_back = read_to_close(&mut silent).await;
    assert!(sent_back.is_empty(), "{sent_back:?}");
    server.shut_down().await;
}

#[tokio::test]
async fn a_kept_alive_connection_serves_requests_then_closes_when_idle() {
    let app = spawn_app().await;
    let server = serve(&app, edge(3600, 1, 100)).await;
    let mut client = connect(server.addr).await;
    for _ in 0..3 {
        let answer = get_keep_alive(&mut client, "/healthz").await;
        assert_eq!(answer.status, 200);
    }
    assert!(read_to_close(&mut client).await.is_empty());
    server.shut_down().await;
}

#[tokio::test]
async fn past_the_cap_a_new_client_waits_until_a_place_is_free() {
    let app = spawn_app().await;
    let server = serve(&app, edge(3600, 3600, 2)).await;
    let mut first = connect(server.addr).await;
    let mut second = connect(server.addr).await;
    // Answered, so both are accepted and hold the two places.
    assert_eq!(get_keep_alive(&mut first, "/healthz").await.status, 200);
    assert_eq!(get_keep_alive(&mut second, "/healthz").await.status, 200);

    let mut third = connect(server.addr).await; // the kernel's backlog takes it
    let waiting = tokio::spawn(async move {
        let answer = get_keep_alive(&mut third, "/healthz").await;
        answer.status
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        !waiting.is_finished(),
        "the third client was served past the cap"
    );

    drop(first);
    let status = tokio::time::timeout(PATIENCE, waiting)
        .await
        .expect("served once a place is free")
        .unwrap();
    assert_eq!(status, 200);
    drop(second);
    server.shut_down().await;
}

#[tokio::test]
async fn shutting_down_closes_idle_connections_and_stops() {
    let app = spawn_app().await;
    let server = serve(&app, edge(3600, 3600, 100)).await;
    let mut idle = connect(server.addr).await;
    assert_eq!(get_keep_alive(&mut idle, "/healthz").await.status, 200);
    let addr = server.addr;
    server.shut_down().await;
    assert!(read_to_close(&mut idle).await.is_empty());
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

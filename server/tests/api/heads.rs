//! Request heads hyper could not read, on a real socket: each gets the API's JSON error with a
//! stable code, in the caller's language, and the connection closes after it. Heads hyper
//! reads alone (kept-alive and pipelined requests) are checked the same way.

use std::time::Duration;

use linli_server::config::EdgeArgs;
use linli_server::http::request_head::MAX_HEAD_BYTES;
use linli_server::http::request_limits::{HYPER_MAX_HEAD_BYTES, HYPER_MAX_HEADERS, MAX_HEADERS};
use linli_shared::error::{ErrorBody, ErrorCode, Lang};
use tokio::io::AsyncWriteExt;

use crate::helpers::*;
use crate::wire::*;

/// A head with a byte no header name may hold.
const BAD_BYTES: &[u8] = b"GET /api/v1/overview HTTP/1.1\r\nHost: linli\r\nX-Bad\x01: 1\r\n\r\n";

/// Asserts `answer` is the JSON error `code`, in `lang`, and says the connection closes.
fn assert_refused(answer: &RawAnswer, code: ErrorCode, lang: Lang) {
    assert_eq!(answer.status, code.http_status(), "{}", answer.head);
    for line in [
        "content-type: application/json",
        "connection: close",
        "x-content-type-options: nosniff",
        "cache-control: no-store",
    ] {
        assert!(answer.head.contains(line), "{line} not in {}", answer.head);
    }
    let body: ErrorBody = serde_json::from_str(&answer.body)
        .unwrap_or_else(|e| panic!("not the API's error shape ({e}): {:?}", answer.body));
    assert_eq!(body, ErrorBody::new(code, lang));
}

fn get(path: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: linli\r\n\r\n")
}

#[tokio::test]
async fn bad_header_bytes_are_a_json_400_in_the_callers_language() {
    let app = spawn_app().await;
    let server = serve(&app, EdgeArgs::DEFAULT).await;

    let answers = send_and_read_all(server.addr, BAD_BYTES).await;
    assert_eq!(answers.len(), 1);
    assert_refused(&answers[0], ErrorCode::RequestHeadInvalid, Lang::Zh);
    assert!(
        answers[0].body.contains("请求格式有误"),
        "{}",
        answers[0].body
    );

    // The language line comes before the bad one, or after it: read either way.
    for head in [
        "GET /api/v1/overview HTTP/1.1\r\nAccept-Language: en-GB,en\r\nX-Bad\x01: 1\r\n\r\n",
        "GET /api/v1/overview HTTP/1.1\r\nX-Bad\x01: 1\r\nAccept-Language: en\r\n\r\n",
    ] {
        let answers = send_and_read_all(server.addr, head.as_bytes()).await;
        assert_refused(&answers[0], ErrorCode::RequestHeadInvalid, Lang::En);
        assert!(
            answers[0].body.contains("not valid HTTP"),
            "{}",
            answers[0].body
        );
    }

    // Not HTTP at all (the start of a TLS handshake), and a broken request line.
    for head in [
        &b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"[..],
        b"GET /a b c HTTP/1.1\r\n\r\n",
        b"POST /api/v1/search HTTP/1.1\r\nContent-Length: 1x\r\n\r\n",
    ] {
        let answers = send_and_read_all(server.addr, head).await;
        assert_eq!(answers.len(), 1, "{head:?}");
        assert_refused(&answers[0], ErrorCode::RequestHeadInvalid, Lang::Zh);
    }
    server.shut_down().await;
}

#[tokio::test]
async fn an_oversized_head_is_a_json_431_or_414() {
    let app = spawn_app().await;
    let server = serve(&app, EdgeArgs::DEFAULT).await;

    // Larger than hyper's own buffer, which answered it with an empty 431 before.
    let huge_cookie = format!(
        "GET /api/v1/overview HTTP/1.1\r\nHost: linli\r\nAccept-Language: en\r\nCookie: {}\r\n\r\n",
        "c".repeat(2 * HYPER_MAX_HEAD_BYTES)
    );
    let answers = send_and_read_all(server.addr, huge_cookie.as_bytes()).await;
    assert_eq!(answers.len(), 1);
    assert_refused(&answers[0], ErrorCode::HeadersTooLarge, Lang::En);

    // Over the guard's limit but within hyper's buffer.
    let big_cookie = format!(
        "GET /api/v1/overview HTTP/1.1\r\nHost: linli\r\nCookie: {}\r\n\r\n",
        "c".repeat(MAX_HEAD_BYTES)
    );
    let answers = send_and_read_all(server.addr, big_cookie.as_bytes()).await;
    assert_refused(&answers[0], ErrorCode::HeadersTooLarge, Lang::Zh);

    // A request line longer than the whole head may be: the URI is what is too long.
    let long_uri = format!(
        "GET /api/v1/search?q={} HTTP/1.1\r\nHost: linli\r\n\r\n",
        "a".repeat(2 * HYPER_MAX_HEAD_BYTES)
    );
    let answers = send_and_read_all(server.addr, long_uri.as_bytes()).await;
    assert_refused(&answers[0], ErrorCode::UriTooLong, Lang::Zh);
    server.shut_down().await;
}

#[tokio::test]
async fn too_many_headers_are_a_json_431() {
    let app = spawn_app().await;
    let server = serve(&app, EdgeArgs::DEFAULT).await;
    // One over our limit, and over hyper's own (which answered with an empty 431 before).
    for count in [MAX_HEADERS + 1, HYPER_MAX_HEADERS + 50] {
        let headers: String = (0..count).map(|i| format!("X-H{i}: 1\r\n")).collect();
        let head = format!("GET /api/v1/overview HTTP/1.1\r\nHost: linli\r\n{headers}\r\n");
        let answers = send_and_read_all(server.addr, head.as_bytes()).await;
        assert_eq!(answers.len(), 1, "{count}");
        assert_refused(&answers[0], ErrorCode::HeadersTooLarge, Lang::Zh);
    }
    // At the limit (with Host and Connection), the request is answered.
    let headers: String = (2..MAX_HEADERS).map(|i| format!("X-H{i}: 1\r\n")).collect();
    let head = format!(
        "GET /api/v1/overview HTTP/1.1\r\nHost: linli\r\n{headers}Connection: close\r\n\r\n"
    );
    assert_eq!(exchange(server.addr, head.as_bytes()).await.status, 200);
    server.shut_down().await;
}

#[tokio::test]
async fn a_good_request_after_a_refused_one_is_answered() {
    let app = spawn_app().await;
    let server = serve(&app, EdgeArgs::DEFAULT).await;
    let refused = send_and_read_all(server.addr, BAD_BYTES).await;
    assert_refused(&refused[0], ErrorCode::RequestHeadInvalid, Lang::Zh);

    let mut client = connect(server.addr).await;
    let answer = get_keep_alive(&mut client, "/api/v1/overview").await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    server.shut_down().await;
}

#[tokio::test]
async fn a_bad_head_on_a_kept_alive_connection_is_answered_after_the_good_ones() {
    let app = spawn_app().await;
    let server = serve(&app, EdgeArgs::DEFAULT).await;

    // One request after the other on a kept-alive connection: hyper reads the second head
    // alone, yet the guard saw it first.
    let mut client = connect(server.addr).await;
    assert_eq!(get_keep_alive(&mut client, "/healthz").await.status, 200);
    client.write_all(BAD_BYTES).await.unwrap();
    let answers = answers(&read_to_close(&mut client).await);
    assert_eq!(answers.len(), 1);
    assert_refused(&answers[0], ErrorCode::RequestHeadInvalid, Lang::Zh);

    // Pipelined: two good requests (the first with a body the guard must step over) and a bad
    // one in a single write. The good ones are answered in order, then the refusal.
    let body = "GET / HTTP/";
    let mut pipelined = format!(
        "POST /api/v1/search HTTP/1.1\r\nHost: linli\r\nContent-Length: {}\r\n\r\n{body}{}",
        body.len(),
        get("/api/v1/overview")
    )
    .into_bytes();
    pipelined.extend_from_slice(BAD_BYTES);
    pipelined.extend_from_slice(get("/healthz").as_bytes()); // never read: the connection closes
    let answers = send_and_read_all(server.addr, &pipelined).await;
    let statuses: Vec<u16> = answers.iter().map(|a| a.status).collect();
    assert_eq!(statuses, [405, 200, 400], "{:?}", answers[2].body);
    assert!(answers[0].body.contains("\"method_not_allowed\""));
    assert!(
        answers[1].body.contains("\"categories\""),
        "{}",
        answers[1].body
    );
    assert_refused(&answers[2], ErrorCode::RequestHeadInvalid, Lang::Zh);
    server.shut_down().await;
}

#[tokio::test]
async fn good_pipelined_requests_are_all_answered_in_order() {
    let app = spawn_app().await;
    let server = serve(&app, EdgeArgs::DEFAULT).await;
    let body = "GET / HTTP/1.1\r\n\r\n"; // a body that looks like a head is still a body
    let request = format!(
        "{}POST /api/v1/search HTTP/1.1\r\nHost: linli\r\nContent-Length: {}\r\n\r\n{body}{}\
         GET /api/v1/nope HTTP/1.1\r\nHost: linli\r\nConnection: close\r\n\r\n",
        get("/healthz"),
        body.len(),
        get("/api/v1/overview"),
    );
    let answers = send_and_read_all(server.addr, request.as_bytes()).await;
    let statuses: Vec<u16> = answers.iter().map(|a| a.status).collect();
    assert_eq!(statuses, [200, 405, 200, 404]);
    assert!(
        answers[3].body.contains("\"not_found\""),
        "{}",
        answers[3].body
    );
    server.shut_down().await;
}

#[tokio::test]
async fn a_chunked_request_is_answered_and_its_connection_closed() {
    let app = spawn_app().await;
    let server = serve(&app, EdgeArgs::DEFAULT).await;
    let request = format!(
        "POST /api/v1/search HTTP/1.1\r\nHost: linli\r\nTransfer-Encoding: chunked\r\n\r\n\
         5\r\nhello\r\n0\r\n\r\n{}",
        get("/healthz")
    );
    let answers = send_and_read_all(server.addr, request.as_bytes()).await;
    // The guard cannot see where the chunked body ends: the answer closes the connection
    // rather than let hyper read the next head unchecked.
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0].status, 405);
    assert!(
        answers[0].head.contains("connection: close"),
        "{}",
        answers[0].head
    );
    server.shut_down().await;
}

#[tokio::test]
async fn a_slow_head_on_a_kept_alive_connection_still_times_out() {
    let app = spawn_app().await;
    let server = serve(
        &app,
        EdgeArgs {
            header_timeout_secs: 1,
            idle_timeout_secs: 3600,
            ..EdgeArgs::DEFAULT
        },
    )
    .await;
    let client = connect(server.addr).await;
    let (mut from_server, mut to_server) = client.into_split();
    to_server
        .write_all(get("/healthz").as_bytes())
        .await
        .unwrap();
    to_server
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: linli\r\nX-Slow: ")
        .await
        .unwrap();
    let trickle = tokio::spawn(async move {
        while to_server.write_all(b"a").await.is_ok() {
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    });
    // The first request is answered; the half head after it is closed by the header timeout,
    // with no answer of its own.
    let sent_back = read_to_close(&mut from_server).await;
    trickle.abort();
    let answers = answers(&sent_back);
    assert_eq!(
        answers.len(),
        1,
        "{:?}",
        String::from_utf8_lossy(&sent_back)
    );
    assert_eq!(answers[0].status, 200);
    server.shut_down().await;
}

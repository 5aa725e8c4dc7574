//! Every request head is read and checked here before hyper sees it, so that a head hyper could
//! not read gets the API's JSON error instead of hyper's answer with an empty body.
//!
//! hyper answers by itself, before any of our code runs, a head with bytes that are not HTTP
//! (400), one larger than its read buffer (431) and one with more than 100 headers (431). So
//! [`HeadGuard`] sits between the socket and hyper. At each message boundary (a new connection,
//! and the end of each request on a kept-alive one) it reads the next head into a buffer of its
//! own and checks it with [`check`], the same parser hyper uses (`httparse`) under our own,
//! smaller limits and with hyper's own further rules (method, URI, `Content-Length`,
//! `Transfer-Encoding`). A head that passes is handed to hyper byte for byte, followed by exactly
//! the body it announces, so the guard knows where the next head starts. A head that fails is
//! never handed over: the guard asks the connection to shut down gracefully (requests already
//! read are answered first, in order) and, when hyper shuts the socket down, writes the JSON
//! answer ([`refusal`]) and closes. hyper's header-read timeout keeps running while the guard
//! waits for a head, so a slow head is closed as before.
//!
//! What the guard does not watch: after a request whose body is chunked, or one that asks to
//! change protocol (`CONNECT`, `Upgrade`), it stops, since finding the end of that message
//! means decoding it; such a request is answered with `Connection: close` instead, so hyper
//! never reads another head on that connection. Browsers send neither to Linli.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, ready};

use axum::http::{Method, StatusCode, Uri};
use linli_shared::error::{ErrorBody, ErrorCode, Lang};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::Notify;

use crate::http::request_limits::{MAX_HEADERS, MAX_URI_BYTES};
use crate::http::security_headers;

/// The largest request head read: the request line and the headers with their line ends. A
/// longer one is 414 `uri_too_long` when its request line alone is over [`MAX_URI_BYTES`], 431
/// `headers_too_large` otherwise. Room for everything `request_limits` accepts (a URI of 8 KB
/// and 16 KB of headers), so those requests reach its finer checks; and below hyper's buffer
/// (`HYPER_MAX_HEAD_BYTES`), so hyper never refuses a head for its size itself. It also bounds
/// what one slow client makes us hold before the header timeout.
pub const MAX_HEAD_BYTES: usize = 32 * 1024;

/// Headers at most in a head, as in `request_limits` (hyper's own limit, 100, is above it): one
/// more is 431 `headers_too_large`.
pub const MAX_HEAD_HEADERS: usize = MAX_HEADERS;

/// What a buffer holding the start of a request says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Head {
    /// Not all there yet, and nothing wrong so far.
    Partial,
    /// A head of `len` bytes that hyper reads as we do, and then its body.
    Complete { len: usize, body: Body },
    /// A head hyper would refuse (or one over our limits), and the code to answer it with.
    Refused(ErrorCode),
}

/// What follows a head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// `Content-Length` bytes; none when it is absent.
    Length(u64),
    /// A chunked body or a change of protocol: the message's end is not known from its head.
    Unframed,
}

/// Checks the start of a request as hyper would parse it, under our limits.
pub fn check(buf: &[u8]) -> Head {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEAD_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    let len = match request.parse(buf) {
        Ok(httparse::Status::Complete(len)) if len <= MAX_HEAD_BYTES => len,
        Ok(httparse::Status::Complete(_)) => return too_large(buf),
        Ok(httparse::Status::Partial) if buf.len() >= MAX_HEAD_BYTES => return too_large(buf),
        Ok(httparse::Status::Partial) => return Head::Partial,
        Err(httparse::Error::TooManyHeaders) => return Head::Refused(ErrorCode::HeadersTooLarge),
        Err(_) => return Head::Refused(ErrorCode::RequestHeadInvalid),
    };
    let invalid = Head::Refused(ErrorCode::RequestHeadInvalid);
    let (Some(method), Some(path), Some(version)) = (request.method, request.path, request.version)
    else {
        return invalid;
    };
    // What hyper checks after httparse, each answered 400 by it.
    if Method::from_bytes(method.as_bytes()).is_err() || Uri::try_from(path).is_err() {
        return invalid;
    }
    let http_11 = version == 1;
    let mut length: Option<u64> = None;
    // `Some(true)` when the last `Transfer-Encoding` line ends with `chunked`.
    let mut chunked: Option<bool> = None;
    let mut upgrade = method == "CONNECT";
    for header in request.headers.iter() {
        let name = header.name;
        if name.eq_ignore_ascii_case("transfer-encoding") {
            if !http_11 {
                return invalid;
            }
            chunked = Some(ends_with_chunked(header.value));
        } else if name.eq_ignore_ascii_case("content-length") {
            // After a `Transfer-Encoding`, hyper ignores it; before one, it must still be valid.
            if chunked.is_some() {
                continue;
            }
            match digits(header.value) {
                Some(n) if length.is_none_or(|previous| previous == n) => length = Some(n),
                _ => return invalid,
            }
        } else if name.eq_ignore_ascii_case("upgrade") {
            upgrade = http_11;
        }
    }
    let body = match chunked {
        Some(false) => return invalid,
        Some(true) => Body::Unframed,
        None if upgrade => Body::Unframed,
        None => Body::Length(length.unwrap_or(0)),
    };
    Head::Complete { len, body }
}

/// A head over [`MAX_HEAD_BYTES`]: its request line, or its headers, are too long.
fn too_large(buf: &[u8]) -> Head {
    let start = buf
        .iter()
        .position(|&b| b != b'\r' && b != b'\n')
        .unwrap_or(buf.len());
    let line = buf[start..]
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(buf.len() - start);
    Head::Refused(if line > MAX_URI_BYTES {
        ErrorCode::UriTooLong
    } else {
        ErrorCode::HeadersTooLarge
    })
}

/// A `Content-Length` value as hyper reads it: decimal digits only, no sign, no list, and at
/// most hyper's largest length (`u64::MAX - 2`).
fn digits(value: &[u8]) -> Option<u64> {
    if value.is_empty() {
        return None;
    }
    let mut n: u64 = 0;
    for &b in value {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
    }
    (n <= u64::MAX - 2).then_some(n)
}

/// Whether a `Transfer-Encoding` value's last coding is `chunked` (hyper refuses a request
/// whose body is encoded but not chunked last). A value that is not visible ASCII is not.
fn ends_with_chunked(value: &[u8]) -> bool {
    let visible = value
        .iter()
        .all(|&b| b == b'\t' || (b' '..=b'~').contains(&b));
    visible
        && std::str::from_utf8(value).is_ok_and(|text| {
            text.rsplit(',')
                .next()
                .is_some_and(|last| last.trim().eq_ignore_ascii_case("chunked"))
        })
}

/// The caller's language, from an `Accept-Language` line of a head we could not parse as a
/// whole (a bad byte elsewhere, or too long): read leniently, Chinese when there is none.
pub fn language(buf: &[u8]) -> Lang {
    const NAME: &[u8] = b"accept-language:";
    for line in buf.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            break; // the end of the head
        }
        if line.len() > NAME.len()
            && line[..NAME.len()].eq_ignore_ascii_case(NAME)
            && let Ok(value) = std::str::from_utf8(&line[NAME.len()..])
        {
            return Lang::from_accept_language(value.trim());
        }
    }
    Lang::default()
}

/// The whole answer to a refused head: the API's error body in the caller's language, the
/// headers every answer carries, and `Connection: close`.
pub fn refusal(code: ErrorCode, lang: Lang) -> Vec<u8> {
    let body =
        serde_json::to_vec(&ErrorBody::new(code, lang)).expect("an error body always serialises");
    let status = StatusCode::from_u16(code.http_status())
        .expect("every code's status is a valid HTTP status (tested)");
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n\
         content-type: application/json\r\n\
         content-length: {}\r\n\
         connection: close\r\n\
         vary: accept-language\r\n\
         cache-control: {}\r\n",
        status.as_str(),
        status.canonical_reason().unwrap_or(""),
        body.len(),
        security_headers::API_CACHE_CONTROL,
    );
    for (name, value) in security_headers::EVERY_ANSWER {
        head.push_str(&format!("{}: {value}\r\n", name.as_str()));
    }
    let now = chrono::Utc::now().format("%a, %d %b %Y %H:%M:%S GMT");
    head.push_str(&format!("date: {now}\r\n\r\n"));
    let mut answer = head.into_bytes();
    answer.extend_from_slice(&body);
    answer
}

/// What the guard tells the connection that drives it.
#[derive(Debug, Default)]
pub struct Verdicts {
    /// A head was refused: shut the connection down gracefully, so the guard can answer.
    pub refused: Notify,
    /// The guard stopped watching this connection: close it after the current answer.
    pub unwatched: AtomicBool,
}

/// How much the guard reads from the socket at a time while it waits for a head.
const READ_CHUNK: usize = 4 * 1024;

enum State {
    /// At a message boundary: the next bytes are a head, to be checked before hyper gets them.
    Head,
    /// In a message that passed: hyper gets up to `left` more bytes (the rest of the head and
    /// the body) before the next head.
    Message { left: u64 },
    /// No longer watching (after a chunked body or a change of protocol).
    Unwatched,
    /// A head was refused; hyper reads nothing more, and `answer` is written when hyper
    /// shuts the connection down.
    Refused { answer: Vec<u8>, written: usize },
}

/// The IO hyper reads a connection through: see the module's comment.
pub struct HeadGuard<T> {
    inner: T,
    state: State,
    /// Bytes read from the socket and not handed to hyper yet (`buf[start..]`). It holds only
    /// what arrived (a connection that sends nothing holds nothing), and a large head's room is
    /// given back once it is handed over.
    buf: Vec<u8>,
    start: usize,
    verdicts: Arc<Verdicts>,
}

impl<T> HeadGuard<T> {
    pub fn new(inner: T, verdicts: Arc<Verdicts>) -> HeadGuard<T> {
        HeadGuard {
            inner,
            state: State::Head,
            buf: Vec::new(),
            start: 0,
            verdicts,
        }
    }

    fn pending(&self) -> &[u8] {
        &self.buf[self.start..]
    }

    /// Hands hyper up to `limit` of the bytes already read.
    fn hand_over(&mut self, out: &mut ReadBuf<'_>, limit: u64) -> usize {
        let n = self
            .pending()
            .len()
            .min(out.remaining())
            .min(usize::try_from(limit).unwrap_or(usize::MAX));
        out.put_slice(&self.buf[self.start..self.start + n]);
        self.start += n;
        if self.start == self.buf.len() {
            if self.buf.capacity() > READ_CHUNK {
                self.buf = Vec::new();
            } else {
                self.buf.clear();
            }
            self.start = 0;
        }
        n
    }
}

impl<T: AsyncRead + Unpin> HeadGuard<T> {
    /// Reads more from the socket after the bytes already held; `Ok(0)` at the end.
    fn read_more(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        let mut chunk = [0u8; READ_CHUNK];
        let mut into = ReadBuf::new(&mut chunk);
        ready!(Pin::new(&mut self.inner).poll_read(cx, &mut into))?;
        self.buf.extend_from_slice(into.filled());
        Poll::Ready(Ok(into.filled().len()))
    }

    /// Reads until the next head is whole, refused, or the client has gone. The state after
    /// it, or `None` at the end of the stream (hyper then sees the end too).
    fn next_head(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<Option<State>>> {
        // Parse when new bytes may have ended a line (a head ends with one), or may be the
        // first bytes of a head that is not HTTP at all; not on every byte of a slow client.
        let mut worth_parsing = !self.pending().is_empty();
        loop {
            if worth_parsing {
                match check(self.pending()) {
                    Head::Partial => {}
                    Head::Complete {
                        len,
                        body: Body::Length(body),
                    } => {
                        return Poll::Ready(Ok(Some(State::Message {
                            left: len as u64 + body,
                        })));
                    }
                    Head::Complete {
                        body: Body::Unframed,
                        ..
                    } => {
                        self.verdicts.unwatched.store(true, Ordering::Relaxed);
                        return Poll::Ready(Ok(Some(State::Unwatched)));
                    }
                    Head::Refused(code) => {
                        let answer = refusal(code, language(self.pending()));
                        tracing::debug!(code = code.as_str(), "refused a request head");
                        self.start = 0;
                        self.buf = Vec::new();
                        self.verdicts.refused.notify_one();
                        return Poll::Ready(Ok(Some(State::Refused { answer, written: 0 })));
                    }
                }
            }
            let before = self.buf.len();
            let first = self.pending().is_empty();
            let n = ready!(self.read_more(cx))?;
            if n == 0 {
                // The client is gone; half a head is dropped, as hyper would.
                return Poll::Ready(Ok(None));
            }
            worth_parsing = first
                || self.buf[before..].contains(&b'\n')
                || self.pending().len() >= MAX_HEAD_BYTES;
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for HeadGuard<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        out: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        loop {
            let left = match this.state {
                State::Head => {
                    match ready!(this.next_head(cx))? {
                        Some(next) => this.state = next,
                        None => return Poll::Ready(Ok(())),
                    }
                    continue;
                }
                State::Message { left: 0 } => {
                    this.state = State::Head;
                    continue;
                }
                State::Message { left } => left,
                State::Unwatched => u64::MAX,
                // Nothing more for hyper: the connection is shutting down.
                State::Refused { .. } => return Poll::Pending,
            };
            let handed = if !this.pending().is_empty() {
                this.hand_over(out, left)
            } else if left >= out.remaining() as u64 {
                // The bulk of a body: straight into hyper's buffer.
                let before = out.filled().len();
                ready!(Pin::new(&mut this.inner).poll_read(cx, out))?;
                out.filled().len() - before
            } else {
                // The end of a message, and maybe what follows it: read, then hand over the
                // message's part only.
                if ready!(this.read_more(cx))? == 0 {
                    return Poll::Ready(Ok(()));
                }
                this.hand_over(out, left)
            };
            if let State::Message { left } = &mut this.state {
                *left -= handed as u64;
            }
            return Poll::Ready(Ok(()));
        }
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for HeadGuard<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    /// hyper shuts the socket down after it has flushed every answer it wrote: a refused
    /// head's answer goes last, then the socket is closed.
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        if let State::Refused { answer, written } = &mut this.state {
            while *written < answer.len() {
                let n = ready!(Pin::new(&mut this.inner).poll_write(cx, &answer[*written..]))?;
                if n == 0 {
                    return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
                }
                *written += n;
            }
            ready!(Pin::new(&mut this.inner).poll_flush(cx))?;
        }
        Pin::new(&mut this.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(text: &str) -> Head {
        check(text.as_bytes())
    }

    const GET: &str = "GET /api/v1/overview HTTP/1.1\r\nHost: linli\r\n\r\n";

    #[test]
    fn a_usual_head_is_complete_with_its_length_and_body() {
        assert_eq!(
            head(GET),
            Head::Complete {
                len: GET.len(),
                body: Body::Length(0)
            }
        );
        let post = "POST /x HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello";
        assert_eq!(
            head(post),
            Head::Complete {
                len: post.len() - 5,
                body: Body::Length(5)
            }
        );
        // Bare line feeds and blank lines before the request line, as hyper reads them.
        assert!(matches!(
            head("\r\n\nGET / HTTP/1.0\nHost: x\n\n"),
            Head::Complete { .. }
        ));
    }

    #[test]
    fn half_a_head_waits_for_more() {
        assert_eq!(head(""), Head::Partial);
        assert_eq!(head("GET /api/v1/ov"), Head::Partial);
        assert_eq!(head(&GET[..GET.len() - 2]), Head::Partial);
    }

    #[test]
    fn bytes_hyper_would_refuse_are_refused_as_invalid() {
        for bad in [
            "GET /api HTTP/1.1\r\nX-Bad\x01: 1\r\n\r\n",
            "GET /api HTTP/1.1\r\nX: a\x00b\r\n\r\n",
            "GET /api HTTP/1.1\r\nX : a\r\n\r\n",
            "GET /a b HTTP/1.1\r\n\r\n",
            "GET /api HTTP/2.0\r\n\r\n",
            "G\x7fT / HTTP/1.1\r\n\r\n",
            "GET http://[::1 HTTP/1.1\r\n\r\n",
            "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
            "POST / HTTP/1.1\r\nContent-Length: 1,1\r\n\r\n",
            "POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n",
            "POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n",
            "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
            "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
        ] {
            assert_eq!(
                head(bad),
                Head::Refused(ErrorCode::RequestHeadInvalid),
                "{bad:?}"
            );
        }
        // The start of a TLS handshake, sent to the plain HTTP port.
        assert_eq!(
            check(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"),
            Head::Refused(ErrorCode::RequestHeadInvalid)
        );
    }

    #[test]
    fn chunked_bodies_and_protocol_changes_are_not_framed() {
        for unframed in [
            "POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
            "POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
            "GET / HTTP/1.1\r\nUpgrade: websocket\r\nConnection: upgrade\r\n\r\n",
            "CONNECT linli:443 HTTP/1.1\r\n\r\n",
        ] {
            assert!(
                matches!(
                    head(unframed),
                    Head::Complete {
                        body: Body::Unframed,
                        ..
                    }
                ),
                "{unframed:?}"
            );
        }
        // Equal repeated lengths are one length, as for hyper.
        assert!(matches!(
            head("POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nab"),
            Head::Complete {
                body: Body::Length(2),
                ..
            }
        ));
    }

    #[test]
    fn limits_answer_with_the_code_of_what_is_too_large() {
        let many: String = (0..=MAX_HEAD_HEADERS)
            .map(|i| format!("X-{i}: 1\r\n"))
            .collect();
        assert_eq!(
            head(&format!("GET / HTTP/1.1\r\n{many}\r\n")),
            Head::Refused(ErrorCode::HeadersTooLarge)
        );
        let enough: String = (1..MAX_HEAD_HEADERS)
            .map(|i| format!("X-{i}: 1\r\n"))
            .collect();
        assert!(matches!(
            head(&format!("GET / HTTP/1.1\r\nHost: x\r\n{enough}\r\n")),
            Head::Complete { .. }
        ));

        let big_cookie = format!("GET / HTTP/1.1\r\nCookie: {}", "c".repeat(MAX_HEAD_BYTES));
        assert_eq!(head(&big_cookie), Head::Refused(ErrorCode::HeadersTooLarge));
        let long_uri = format!("GET /?q={}", "a".repeat(MAX_HEAD_BYTES));
        assert_eq!(head(&long_uri), Head::Refused(ErrorCode::UriTooLong));

        // Just at the limit passes.
        let prefix = "GET / HTTP/1.1\r\nCookie: ";
        let at_limit = format!(
            "{prefix}{}\r\n\r\n",
            "c".repeat(MAX_HEAD_BYTES - prefix.len() - 4)
        );
        assert_eq!(at_limit.len(), MAX_HEAD_BYTES);
        assert!(matches!(head(&at_limit), Head::Complete { .. }));
    }

    #[test]
    fn the_answer_is_json_in_the_callers_language_and_closes() {
        assert_eq!(
            language(b"GET / HTTP/1.1\r\nAccept-Language: en-GB,en;q=0.9\r\nX\x01: 1\r\n"),
            Lang::En
        );
        assert_eq!(
            language(b"GET / HTTP/1.1\r\n\r\nAccept-Language: en\r\n"),
            Lang::Zh
        );
        assert_eq!(language(b"\x16\x03\x01"), Lang::Zh);

        let answer = refusal(ErrorCode::RequestHeadInvalid, Lang::En);
        let text = String::from_utf8(answer).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 400 Bad Request\r\n"), "{head}");
        for line in [
            "content-type: application/json",
            "connection: close",
            &format!("content-length: {}", body.len()),
            "x-content-type-options: nosniff",
        ] {
            assert!(head.contains(line), "{line} not in {head}");
        }
        let error: ErrorBody = serde_json::from_str(body).unwrap();
        assert_eq!(
            error,
            ErrorBody::new(ErrorCode::RequestHeadInvalid, Lang::En)
        );
    }

    #[tokio::test]
    async fn the_guard_hands_over_one_message_at_a_time_and_answers_a_bad_head_last() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};

        let (mut client, server) = tokio::io::duplex(64 * 1024);
        let verdicts = Arc::new(Verdicts::default());
        let mut guard = HeadGuard::new(server, verdicts.clone());
        // A body that looks like a head, then a head, then a bad one: all in one write.
        let first = "POST /a HTTP/1.1\r\nContent-Length: 19\r\n\r\nGET /x HTTP/1.1\r\n\r\n";
        let second = "GET /b HTTP/1.1\r\nAccept-Language: en\r\n\r\n";
        let third = "GET /c HTTP/1.1\r\nAccept-Language: en\r\nX\x01: 1\r\n\r\n";
        client
            .write_all(format!("{first}{second}{third}").as_bytes())
            .await
            .unwrap();

        let mut buf = vec![0u8; 1024];
        let n = guard.read(&mut buf).await.unwrap();
        assert_eq!(&buf[..n], first.as_bytes());
        let n = guard.read(&mut buf).await.unwrap();
        assert_eq!(&buf[..n], second.as_bytes());
        // The third head is never handed over, and the connection is told to shut down.
        let third_read = std::future::poll_fn(|cx| {
            Poll::Ready(Pin::new(&mut guard).poll_read(cx, &mut ReadBuf::new(&mut buf)))
        })
        .await;
        assert!(third_read.is_pending());
        verdicts.refused.notified().await;
        assert!(!verdicts.unwatched.load(Ordering::Relaxed));

        // What hyper writes goes first; the refusal follows when it shuts the socket down.
        guard.write_all(b"<the answer to /b>").await.unwrap();
        guard.shutdown().await.unwrap();
        let mut sent = String::new();
        client.read_to_string(&mut sent).await.unwrap();
        let refusal = sent.strip_prefix("<the answer to /b>").unwrap();
        assert!(
            refusal.starts_with("HTTP/1.1 400 Bad Request\r\n"),
            "{refusal}"
        );
        assert!(refusal.ends_with("not valid HTTP. Please reload the page and try again.\"}"));
    }

    #[tokio::test]
    async fn after_a_chunked_body_the_guard_passes_everything_and_says_so() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};

        let (mut client, server) = tokio::io::duplex(64 * 1024);
        let verdicts = Arc::new(Verdicts::default());
        let mut guard = HeadGuard::new(server, verdicts.clone());
        let sent =
            "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\nX\x01";
        client.write_all(sent.as_bytes()).await.unwrap();
        drop(client);
        let mut got = Vec::new();
        guard.read_to_end(&mut got).await.unwrap();
        assert_eq!(got, sent.as_bytes());
        assert!(verdicts.unwatched.load(Ordering::Relaxed));
    }
}

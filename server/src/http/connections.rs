//! Accepting and serving connections: hyper's HTTP/1 with a header-read timeout, an idle
//! timeout, a cap on open connections, and graceful shutdown.
//!
//! `axum::serve` sets no timer on hyper, so hyper's header-read timeout never fires and a client
//! that sends nothing, or half a request, holds its socket for ever: probing found 2,000 slow
//! clients still open after 300 s and 20,000 idle ones exhausting the open-files limit. Here:
//! - hyper's header-read timeout (with tokio's timer) closes a connection whose request head is
//!   not complete in time. hyper starts it whenever it waits for a head: on a new connection and
//!   after each answer on a kept-alive one.
//! - the idle timeout closes a connection on which no request is being handled and no byte has
//!   moved for a while (the keep-alive timeout), and one whose client has stopped taking our
//!   answer for `SEND_STALL_TIMEOUT` (a slow reader).
//! - a semaphore caps open connections. Past the cap nothing more is accepted until one closes:
//!   new clients wait in the kernel's listen backlog (and are served once the timeouts above
//!   free a place) rather than being refused, which a phone would show as a failed page.
//! - every request head goes through `request_head::HeadGuard` before hyper reads it, so a head
//!   hyper would refuse with an empty answer gets the API's JSON error; when the guard refuses
//!   one, the connection is shut down gracefully (answers already due go first) and the guard
//!   writes its answer last.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use axum::http::{HeaderValue, header};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, watch};
use tokio::time::Instant;
use tower::ServiceExt;

use crate::config::EdgeArgs;
use crate::http::request_head::{HeadGuard, Verdicts};
use crate::http::request_limits::{HYPER_MAX_HEAD_BYTES, HYPER_MAX_HEADERS};

/// How long a client may leave our answer untaken (the socket's send buffer full) before the
/// connection is closed. Generous: a phone on a weak rural link can stall for seconds.
pub const SEND_STALL_TIMEOUT: Duration = Duration::from_secs(60);

/// The connection-level limits (`EdgeArgs` in seconds, here as durations).
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    pub header_timeout: Duration,
    pub idle_timeout: Duration,
    pub max_connections: usize,
}

impl From<&EdgeArgs> for ConnectionLimits {
    fn from(args: &EdgeArgs) -> Self {
        ConnectionLimits {
            header_timeout: Duration::from_secs(args.header_timeout_secs.max(1)),
            idle_timeout: Duration::from_secs(args.idle_timeout_secs.max(1)),
            max_connections: args.max_connections.max(1),
        }
    }
}

/// Serves `router` on `listener` until `shutdown` resolves, then stops accepting and waits for
/// the requests in flight to finish (idle connections are closed at once).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) {
    let places = Arc::new(Semaphore::new(limits.max_connections));
    // Told `true` when the server stops: every connection then shuts down gracefully.
    let (stopping, stop) = watch::channel(false);
    let mut http = http1::Builder::new();
    // hyper's own limits are above the guard's (`request_head`), so hyper never refuses a head
    // itself; its header-read timeout also runs while the guard waits for a head.
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_buf_size(HYPER_MAX_HEAD_BYTES)
        .max_headers(HYPER_MAX_HEADERS);
    let mut cap_warning = CapWarning::default();
    tokio::pin!(shutdown);

    loop {
        let place = match places.clone().try_acquire_owned() {
            Ok(place) => place,
            Err(_) => {
                cap_warning.warn(limits.max_connections);
                tokio::select! {
                    place = places.clone().acquire_owned() => place.expect("the semaphore is never closed"),
                    () = &mut shutdown => break,
                }
            }
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    pause_after_accept_error(e).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);

        let activity = Arc::new(Activity::new());
        let verdicts = Arc::new(Verdicts::default());
        let io = TokioIo::new(HeadGuard::new(
            Tracked {
                inner: stream,
                activity: activity.clone(),
            },
            verdicts.clone(),
        ));
        let service = hyper::service::service_fn({
            let router = router.clone();
            let activity = activity.clone();
            let verdicts = verdicts.clone();
            move |mut request: Request<Incoming>| {
                let in_flight = activity.request_started();
                // The client's address, for the staff sign-in's rate limit.
                request.extensions_mut().insert(ConnectInfo(peer));
                let answer = router.clone().oneshot(request.map(Body::new));
                let verdicts = verdicts.clone();
                async move {
                    let mut answer = answer.await;
                    // The guard no longer sees where heads start: no further request here.
                    if let Ok(response) = &mut answer
                        && verdicts.unwatched.load(Ordering::Relaxed)
                    {
                        response
                            .headers_mut()
                            .insert(header::CONNECTION, HeaderValue::from_static("close"));
                    }
                    drop(in_flight);
                    answer
                }
            }
        });
        let connection = http.serve_connection(io, service);
        let idle_timeout = limits.idle_timeout;
        let mut stop = stop.clone();
        tokio::spawn(async move {
            tokio::pin!(connection);
            let mut closing = false;
            loop {
                tokio::select! {
                    result = connection.as_mut() => {
                        if let Err(e) = result {
                            // Header timeouts, resets: the client's business.
                            tracing::debug!(error = %e, "connection ended with an error");
                        }
                        break;
                    }
                    () = activity.idle_past(idle_timeout) => {
                        tracing::debug!("closing an idle connection");
                        break;
                    }
                    // A refused head, or the server stopping: finish the requests already read
                    // (an idle connection closes at once), then close.
                    () = verdicts.refused.notified(), if !closing => {
                        closing = true;
                        connection.as_mut().graceful_shutdown();
                    }
                    _ = stop.wait_for(|stopping| *stopping), if !closing => {
                        closing = true;
                        connection.as_mut().graceful_shutdown();
                    }
                }
            }
            drop(place);
        });
    }

    drop(listener);
    let open = limits.max_connections - places.available_permits();
    tracing::info!(open, "shutting down: waiting for requests in flight");
    let _ = stopping.send(true);
    // Every connection holds a place until it ends.
    let all = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    let _ = places.acquire_many(all).await;
}

/// Accept fails when the process is out of file descriptors (EMFILE), or for one connection
/// that died in the backlog. Pausing on the first kind keeps the loop from spinning.
async fn pause_after_accept_error(error: io::Error) {
    use io::ErrorKind::*;
    if matches!(
        error.kind(),
        ConnectionAborted | ConnectionReset | ConnectionRefused | Interrupted
    ) {
        return;
    }
    tracing::error!(error = %error, "cannot accept a connection; pausing for a second");
    tokio::time::sleep(Duration::from_secs(1)).await;
}

/// Says "the connection cap is reached" at most once a minute, not once per waiting client.
#[derive(Default)]
struct CapWarning {
    last: Option<Instant>,
}

impl CapWarning {
    fn warn(&mut self, cap: usize) {
        if self
            .last
            .is_none_or(|last| last.elapsed() >= Duration::from_secs(60))
        {
            tracing::warn!(
                max_connections = cap,
                "connection cap reached: new clients wait in the listen backlog"
            );
            self.last = Some(Instant::now());
        }
    }
}

/// What one connection is doing, as its watchdog needs to know it.
struct Activity {
    start: Instant,
    /// Milliseconds from `start` to the last byte read or written, or the last request's end.
    last_ms: AtomicU64,
    /// Requests whose answer is still being produced (their time is bounded by the route's
    /// timeout, not by this watchdog).
    in_flight: AtomicUsize,
    /// Whether the last write found the socket's send buffer full.
    send_blocked: AtomicBool,
}

impl Activity {
    fn new() -> Activity {
        Activity {
            start: Instant::now(),
            last_ms: AtomicU64::new(0),
            in_flight: AtomicUsize::new(0),
            send_blocked: AtomicBool::new(false),
        }
    }

    fn touch(&self) {
        let ms = self.start.elapsed().as_millis() as u64;
        self.last_ms.store(ms, Ordering::Relaxed);
    }

    fn quiet_for(&self) -> Duration {
        let last = Duration::from_millis(self.last_ms.load(Ordering::Relaxed));
        self.start.elapsed().saturating_sub(last)
    }

    fn request_started(self: &Arc<Self>) -> InFlight {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
        InFlight(self.clone())
    }

    /// Resolves once the connection has been idle past its limit: `idle` when nothing is
    /// happening, `SEND_STALL_TIMEOUT` while the client is not taking our answer, never while
    /// a request is being answered.
    async fn idle_past(&self, idle: Duration) {
        loop {
            let limit = if self.send_blocked.load(Ordering::Relaxed) {
                SEND_STALL_TIMEOUT
            } else {
                idle
            };
            let quiet = self.quiet_for();
            let busy = self.in_flight.load(Ordering::Relaxed) > 0;
            if !busy && quiet >= limit {
                return;
            }
            let wait = if busy { idle } else { limit - quiet };
            tokio::time::sleep(wait.max(Duration::from_millis(50))).await;
        }
    }
}

/// A request being answered; its end counts as activity.
struct InFlight(Arc<Activity>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.touch();
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The socket, noting every byte that moves.
struct Tracked {
    inner: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Tracked {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let poll = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(poll, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.touch();
        }
        poll
    }
}

impl Tracked {
    fn note_write(&self, poll: &Poll<io::Result<usize>>) {
        match poll {
            Poll::Pending => self.activity.send_blocked.store(true, Ordering::Relaxed),
            Poll::Ready(result) => {
                self.activity.send_blocked.store(false, Ordering::Relaxed);
                if matches!(result, Ok(n) if *n > 0) {
                    self.activity.touch();
                }
            }
        }
    }
}

impl AsyncWrite for Tracked {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.note_write(&poll);
        poll
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.note_write(&poll);
        poll
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_quiet_connection_is_idle_after_the_limit_but_not_while_a_request_runs() {
        let activity = Arc::new(Activity::new());
        let idle = Duration::from_secs(5);

        let request = activity.request_started();
        let watched = tokio::time::timeout(Duration::from_secs(30), activity.idle_past(idle));
        assert!(watched.await.is_err(), "a request in flight keeps it open");

        drop(request);
        let started = Instant::now();
        activity.idle_past(idle).await;
        let waited = started.elapsed();
        assert!(
            waited >= idle && waited < idle + Duration::from_secs(1),
            "{waited:?}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_client_not_taking_the_answer_gets_the_longer_send_stall_limit() {
        let activity = Activity::new();
        activity.send_blocked.store(true, Ordering::Relaxed);
        let started = Instant::now();
        activity.idle_past(Duration::from_secs(5)).await;
        assert!(started.elapsed() >= SEND_STALL_TIMEOUT);
    }
}

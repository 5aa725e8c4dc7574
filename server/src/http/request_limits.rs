//! Our own limits on a request's target and headers, so that an over-long URI or oversized
//! headers get the API's JSON error (414 `uri_too_long`, 431 `headers_too_large`).
//!
//! Three layers of limits, each below the next, so the finest answers first:
//! - here, after hyper has parsed the head: the URI, the headers' total size and their count;
//! - `request_head` (the guard before hyper, on a real connection): the whole head at most
//!   `MAX_HEAD_BYTES` (32 KB) and `MAX_HEADERS` headers, answered with the same codes, and a
//!   head that is not HTTP, answered 400 `request_head_invalid`;
//! - hyper's own limits, `HYPER_MAX_HEAD_BYTES` and `HYPER_MAX_HEADERS`, above both, so hyper
//!   never answers a head itself with its empty body.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use linli_shared::error::ErrorCode;

use crate::error::Error;

/// The longest request target we read. A search with 200 Chinese characters and every filter
/// is under 2.5 KB percent-encoded.
pub const MAX_URI_BYTES: usize = 8 * 1024;

/// All header names and values together. Browsers send 1-2 KB; proxies add a few hundred bytes.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// Headers at most, here and in the guard.
pub const MAX_HEADERS: usize = 64;

/// hyper's read buffer: hyper would answer 431 itself above it, but the guard refuses any head
/// over its own `MAX_HEAD_BYTES` first. (Not a limit on bodies: hyper reads those in pieces.)
pub const HYPER_MAX_HEAD_BYTES: usize = 64 * 1024;

/// hyper's own header count (its default, set explicitly): above `MAX_HEADERS`, for the same
/// reason.
pub const HYPER_MAX_HEADERS: usize = 100;

pub async fn enforce(request: Request, next: Next) -> Response {
    if let Some(code) = refusal(&request) {
        return Error::from(code).into_response();
    }
    next.run(request).await
}

fn refusal(request: &Request) -> Option<ErrorCode> {
    let uri = request.uri();
    let uri_bytes = uri.path_and_query().map_or(0, |p| p.as_str().len())
        + uri.authority().map_or(0, |a| a.as_str().len());
    if uri_bytes > MAX_URI_BYTES {
        return Some(ErrorCode::UriTooLong);
    }
    let headers = request.headers();
    // `len` counts every value, also repeated names.
    let header_bytes: usize = headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum();
    if headers.len() > MAX_HEADERS || header_bytes > MAX_HEADER_BYTES {
        return Some(ErrorCode::HeadersTooLarge);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    fn request(uri: &str, headers: &[(&str, String)]) -> Request {
        let mut builder = Request::get(uri);
        for (name, value) in headers {
            builder = builder.header(*name, value);
        }
        builder.body(Body::empty()).unwrap()
    }

    #[test]
    fn a_uri_at_the_limit_passes_and_one_byte_more_is_too_long() {
        let at_limit = format!("/api/v1/search?q={}", "a".repeat(MAX_URI_BYTES - 17));
        assert_eq!(at_limit.len(), MAX_URI_BYTES);
        assert_eq!(refusal(&request(&at_limit, &[])), None);
        let over = format!("{at_limit}b");
        assert_eq!(refusal(&request(&over, &[])), Some(ErrorCode::UriTooLong));
    }

    #[test]
    fn too_many_or_too_large_headers_are_refused() {
        let many: Vec<(&str, String)> = (0..=MAX_HEADERS).map(|_| ("x-a", "1".into())).collect();
        assert_eq!(
            refusal(&request("/", &many)),
            Some(ErrorCode::HeadersTooLarge)
        );
        let large = [("cookie", "c".repeat(MAX_HEADER_BYTES))];
        assert_eq!(
            refusal(&request("/", &large)),
            Some(ErrorCode::HeadersTooLarge)
        );
        let usual = [
            ("accept-language", "zh-CN,zh;q=0.9,en;q=0.8".to_owned()),
            ("user-agent", "Mozilla/5.0 (Linux; Android 14)".to_owned()),
        ];
        assert_eq!(refusal(&request("/", &usual)), None);
    }
}

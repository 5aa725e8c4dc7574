//! Error messages in the caller's language, and the API's error shape on every error answer.
//!
//! Errors are built in Chinese with their code attached (`error::error_response`). Here, once
//! for all handlers, the message is rewritten for `Accept-Language: en`, and errors raised
//! outside the handlers (axum's own rejections, a timeout) get the same `{code, message}` body.

use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use linli_shared::error::{ApiError, ErrorCode, Lang};

pub async fn localize_errors(request: Request, next: Next) -> Response {
    let lang = request
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::from_accept_language)
        .unwrap_or_default();
    let is_api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;

    let status = response.status();
    let error = match response.extensions().get::<ApiError>() {
        Some(error) => error.clone(),
        // Rejections raised by axum itself (a wrong method) and layer errors (a timeout) get a
        // code by their status.
        None if is_api => match code_for_status(status) {
            Some(code) => code.into(),
            None => return response,
        },
        None => return response,
    };
    let mut localized = if lang == Lang::Zh && response.extensions().get::<ApiError>().is_some() {
        response
    } else {
        let mut localized = (status, Json(error.body(lang))).into_response();
        for name in [
            header::ALLOW,
            header::CACHE_CONTROL,
            header::VARY,
            header::RETRY_AFTER,
        ] {
            for value in response.headers().get_all(&name) {
                localized.headers_mut().append(name.clone(), value.clone());
            }
        }
        localized.extensions_mut().insert(error);
        localized
    };
    // The message depends on Accept-Language: caches must keep one answer per language.
    localized.headers_mut().append(
        header::VARY,
        HeaderValue::from_static(header::ACCEPT_LANGUAGE.as_str()),
    );
    localized
}

/// The code for an error answer that no handler wrote, by its status.
fn code_for_status(status: StatusCode) -> Option<ErrorCode> {
    Some(match status {
        StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
        StatusCode::NOT_FOUND => ErrorCode::NotFound,
        StatusCode::URI_TOO_LONG => ErrorCode::UriTooLong,
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => ErrorCode::HeadersTooLarge,
        StatusCode::SERVICE_UNAVAILABLE | StatusCode::REQUEST_TIMEOUT => ErrorCode::Timeout,
        s if s.is_client_error() => ErrorCode::InvalidParameter,
        s if s.is_server_error() => ErrorCode::Internal,
        _ => return None,
    })
}

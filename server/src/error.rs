//! The server's one error type, and the one place it becomes an HTTP answer.
//!
//! Handlers return `Result<T, Error>`. A client mistake is `Error::Api` (a code and the fields
//! it concerns); anything else is logged here and answered with the generic `internal` error,
//! never with its details. The message is written in Chinese here; `http::localize` rewrites it
//! for `Accept-Language: en`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use linli_shared::error::{ApiError, ErrorCode, Lang};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("client error: {}", .0.code.as_str())]
    Api(ApiError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<ErrorCode> for Error {
    fn from(code: ErrorCode) -> Self {
        Error::Api(code.into())
    }
}

impl From<ApiError> for Error {
    fn from(error: ApiError) -> Self {
        Error::Api(error)
    }
}

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Api(error) => error.code,
            Error::Database(_) | Error::Other(_) => ErrorCode::Internal,
        }
    }
}

/// The answer for a refused request, in Chinese; the error rides along in the response's
/// extensions so `localize` can rewrite it in the caller's language.
pub fn error_response(error: ApiError) -> Response {
    let status = StatusCode::from_u16(error.code.http_status())
        .expect("every code's status is a valid HTTP status (tested)");
    let mut response = (status, Json(error.body(Lang::Zh))).into_response();
    response.extensions_mut().insert(error);
    response
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        match self {
            Error::Api(error) => error_response(error),
            other => {
                tracing::error!(error = %other, "request failed");
                error_response(ErrorCode::Internal.into())
            }
        }
    }
}

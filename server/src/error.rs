//! The server's one error type, and the one place it becomes an HTTP answer.
//!
//! Handlers return `Result<T, Error>`. A client mistake is `Error::Api(code)`; anything else is
//! logged here and answered with the generic `internal` error, never with its details. The
//! message is written in Chinese here; `http::localize` rewrites it for `Accept-Language: en`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use linli_shared::error::{ErrorBody, ErrorCode, Lang};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("client error: {}", .0.as_str())]
    Api(ErrorCode),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<ErrorCode> for Error {
    fn from(code: ErrorCode) -> Self {
        Error::Api(code)
    }
}

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Api(code) => *code,
            Error::Database(_) | Error::Other(_) => ErrorCode::Internal,
        }
    }
}

/// The answer for an error code, in Chinese; the code rides along so `localize` can translate.
pub fn error_response(code: ErrorCode) -> Response {
    let status = StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
    let mut response = (status, Json(ErrorBody::new(code, Lang::Zh))).into_response();
    response.extensions_mut().insert(code);
    response
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        if !matches!(self, Error::Api(_)) {
            tracing::error!(error = %self, "request failed");
        }
        error_response(self.code())
    }
}

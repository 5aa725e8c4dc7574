//! The server's one error type, and the one place it becomes an HTTP answer.
//!
//! Handlers return `Result<T, Error>`. A client mistake is `Error::Api` (a code and the fields
//! it concerns); a write the database refuses for breaking one of its constraints is
//! `Error::Refused`, mapped to a code here and only here (`From<sqlx::Error>`); anything else is
//! logged here and answered with the generic `internal` error, never with its details. The
//! message is written in Chinese here; `http::localize` rewrites it for `Accept-Language: en`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use linli_shared::domain::retirement::RetiresMost;
use linli_shared::error::{ApiError, ErrorCode, Lang};
use sqlx::error::ErrorKind;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("client error: {}", .0.code.as_str())]
    Api(ApiError),
    /// The database refused a write that breaks one of its constraints: a duplicate, a
    /// reference to nothing, a value out of range. Answered with `code`; the database's own
    /// words go to the log only.
    #[error("the database refused the write ({}): {source}", .code.as_str())]
    Refused {
        code: ErrorCode,
        source: sqlx::Error,
    },
    /// An import that would retire most of the directory, without being told that is meant.
    #[error(transparent)]
    RetiresMost(#[from] RetiresMost),
    #[error("database error: {0}")]
    Database(sqlx::Error),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<sqlx::Error> for Error {
    fn from(error: sqlx::Error) -> Self {
        let refused = match &error {
            sqlx::Error::Database(e) => refusal_code(e.kind()),
            _ => None,
        };
        match refused {
            Some(code) => Error::Refused {
                code,
                source: error,
            },
            None => Error::Database(error),
        }
    }
}

/// The API's code for a constraint the database enforced. A duplicate key or a reference that
/// does not (or no longer) hold is a conflict with what is stored: 409, try again after a
/// refresh. A check or not-null violation is a value the request should not have carried.
fn refusal_code(kind: ErrorKind) -> Option<ErrorCode> {
    match kind {
        ErrorKind::UniqueViolation
        | ErrorKind::ForeignKeyViolation
        | ErrorKind::ExclusionViolation => Some(ErrorCode::Conflict),
        ErrorKind::CheckViolation | ErrorKind::NotNullViolation => {
            Some(ErrorCode::InvalidParameter)
        }
        _ => None,
    }
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
            Error::Refused { code, .. } => *code,
            Error::RetiresMost(_) => ErrorCode::RetiresMost,
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
        match &self {
            Error::Api(error) => return error_response(error.clone()),
            // Expected under concurrent edits, but also the sign of a check the server missed.
            Error::Refused { .. } | Error::RetiresMost(_) => {
                tracing::warn!(error = %self, "request refused")
            }
            Error::Database(_) | Error::Other(_) => {
                tracing::error!(error = %self, "request failed")
            }
        }
        error_response(self.code().into())
    }
}

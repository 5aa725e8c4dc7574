//! The extractors that turn a request's query string and path into the shared request types,
//! refusing in the API's error shape (axum's own `Query` would turn invalid UTF-8 into U+FFFD).

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use linli_shared::error::{ApiError, ErrorCode};
use linli_shared::query::{QueryParams, QueryRequest};

use crate::error::Error;

/// A request type read from the query string by its own strict rules.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: QueryRequest> FromRequestParts<S> for Query<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let params = QueryParams::parse(parts.uri.query().unwrap_or(""))?;
        Ok(Query(T::parse(&params)?))
    }
}

/// An id from the path (`/items/{id}`), checked by its type: a malformed one is
/// `invalid_parameter` naming the field `id`.
pub struct IdPath<T>(pub T);

impl<S: Send + Sync, T: TryFrom<String>> FromRequestParts<S> for IdPath<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let invalid = || Error::from(ApiError::field("id", ErrorCode::InvalidParameter));
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| invalid())?;
        T::try_from(raw).map(IdPath).map_err(|_| invalid())
    }
}

/// The query string's parameters as they came, for the search insights' trail
/// (`linli_shared::query::trail`: `from_search`, `replaces`), which no request type holds. A
/// query string that cannot be read gives none (the request's own `Query` refuses it).
pub struct Trail(pub QueryParams);

impl<S: Send + Sync> FromRequestParts<S> for Trail {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Trail(
            QueryParams::parse(parts.uri.query().unwrap_or("")).unwrap_or_default(),
        ))
    }
}

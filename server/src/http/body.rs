//! The JSON body extractor: a body that is not the endpoint's JSON is refused in the API's
//! error shape (`invalid_body`), not with axum's plain-text rejection.

use axum::Json;
use axum::extract::{FromRequest, Request};
use linli_shared::error::ErrorCode;
use serde::de::DeserializeOwned;

use crate::error::Error;

pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = Error;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(request, state).await {
            Ok(Json(value)) => Ok(JsonBody(value)),
            Err(_) => Err(ErrorCode::InvalidBody.into()),
        }
    }
}

//! The only code that talks to the server. Every call returns the shared API types or a
//! [`ClientError`] the pages can put into words.

use gloo_net::http::Request;
use linli_shared::api::{ItemDetail, PointDetail, SearchResponse};
use linli_shared::error::{ErrorBody, ErrorCode};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::de::DeserializeOwned;

/// Why a request did not give an answer.
#[derive(Debug, Clone, PartialEq)]
pub enum ClientError {
    /// The server said no, with one of the API's stable codes.
    Api(ErrorCode),
    /// No answer: offline, or the network dropped (common on rural mobile networks).
    Network,
    /// An answer we could not read (a server of another version, a proxy's error page).
    BadAnswer,
}

pub fn search_url(query: &str, limit: usize) -> String {
    format!(
        "/api/v1/search?q={}&limit={limit}",
        utf8_percent_encode(query, NON_ALPHANUMERIC)
    )
}

pub async fn search(query: &str, limit: usize) -> Result<SearchResponse, ClientError> {
    get_json(&search_url(query, limit)).await
}

pub async fn item(id: &str) -> Result<ItemDetail, ClientError> {
    get_json(&format!(
        "/api/v1/items/{}",
        utf8_percent_encode(id, NON_ALPHANUMERIC)
    ))
    .await
}

pub async fn point(id: &str) -> Result<PointDetail, ClientError> {
    get_json(&format!(
        "/api/v1/points/{}",
        utf8_percent_encode(id, NON_ALPHANUMERIC)
    ))
    .await
}

async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, ClientError> {
    let response = Request::get(url)
        .send()
        .await
        .map_err(|_| ClientError::Network)?;
    if response.ok() {
        response
            .json::<T>()
            .await
            .map_err(|_| ClientError::BadAnswer)
    } else {
        match response.json::<ErrorBody>().await {
            Ok(body) => Err(ClientError::Api(body.code)),
            Err(_) => Err(ClientError::BadAnswer),
        }
    }
}

//! The only code that talks to the server. Every call returns the shared API types or a
//! [`ClientError`] the pages can put into words.

use gloo_net::http::Request;
use linli_shared::api::{CategoryItems, ItemDetail, Overview, PointDetail, SearchResponse};
use linli_shared::error::{ErrorBody, ErrorCode};
pub use linli_shared::query::encode;
use linli_shared::query::search::DEFAULT_LIMIT;
use linli_shared::query::{QueryParams, QueryRequest, SearchQuery};
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

/// The results page for a search (`/search?q=…`); the kiosk's point and the page size are
/// added by [`search`], not kept in the address.
pub fn search_page_href(query: &SearchQuery) -> String {
    let page = SearchQuery {
        at: None,
        limit: DEFAULT_LIMIT,
        ..query.clone()
    };
    format!("/search?{}", page.to_query_string())
}

/// Reads a search from an address's query string (`?q=…`), keeping what is readable.
pub fn search_from_address(search: &str) -> SearchQuery {
    QueryParams::parse(search)
        .map(|params| SearchQuery::read(&params).0)
        .unwrap_or_default()
}

pub async fn overview() -> Result<Overview, ClientError> {
    get_json("/api/v1/overview").await
}

pub async fn category(id: &str) -> Result<CategoryItems, ClientError> {
    get_json(&format!("/api/v1/categories/{}", encode(id))).await
}

pub async fn search(query: &SearchQuery) -> Result<SearchResponse, ClientError> {
    get_json(&format!("/api/v1/search?{}", query.to_query_string())).await
}

pub async fn item(id: &str, at: Option<&str>) -> Result<ItemDetail, ClientError> {
    let mut url = format!("/api/v1/items/{}", encode(id));
    if let Some(at) = at {
        url.push_str(&format!("?at={}", encode(at)));
    }
    get_json(&url).await
}

pub async fn point(id: &str) -> Result<PointDetail, ClientError> {
    get_json(&format!("/api/v1/points/{}", encode(id))).await
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

#[cfg(test)]
mod tests {
    use super::*;
    use linli_shared::directory::Channel;
    use linli_shared::ids::PointId;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_search_round_trips_through_the_address_without_the_kiosk_point() {
        let query = SearchQuery {
            channel: Some(Channel::HomeVisit),
            open_now: true,
            at: Some(PointId::parse("p1").unwrap()),
            ..SearchQuery::new("低保 申请")
        };
        let href = search_page_href(&query);
        assert_eq!(
            href,
            "/search?q=%E4%BD%8E%E4%BF%9D%20%E7%94%B3%E8%AF%B7&channel=home_visit&open_now=true"
        );
        let back = search_from_address(href.split_once('?').unwrap().1);
        assert_eq!(back, SearchQuery { at: None, ..query });
    }

    #[test]
    fn an_address_the_server_would_refuse_still_reads() {
        let query = search_from_address("?q=&open_now=1&limit=0&channel=fax");
        assert!(query.open_now, "open_now=1 means yes, as on the server");
        assert_eq!(query.channel, None);
        assert_eq!(query.limit, DEFAULT_LIMIT);
    }
}

//! The only code that talks to the server. Every call returns the shared API types or a
//! [`ClientError`] the pages can put into words.

use gloo_net::http::Request;
use linli_shared::api::{CategoryItems, ItemDetail, Overview, PointDetail, SearchResponse};
use linli_shared::directory::Channel;
use linli_shared::error::{ErrorBody, ErrorCode};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
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

/// What a search asks for; the same fields name the results page's address and the API's.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchFilters {
    pub query: String,
    pub category: Option<String>,
    pub channel: Option<Channel>,
    pub district: Option<String>,
    pub open_now: bool,
}

impl SearchFilters {
    /// Reads the filters from an address's query parameters.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> SearchFilters {
        let some = |name: &str| get(name).filter(|v| !v.trim().is_empty());
        SearchFilters {
            query: get("q").unwrap_or_default(),
            category: some("category"),
            channel: some("channel").and_then(|c| Channel::parse(&c)),
            district: some("district"),
            open_now: get("open_now").as_deref() == Some("true"),
        }
    }

    fn params(&self) -> String {
        let mut out = format!("q={}", encode(&self.query));
        if let Some(c) = &self.category {
            out.push_str(&format!("&category={}", encode(c)));
        }
        if let Some(c) = self.channel {
            out.push_str(&format!("&channel={}", c.as_str()));
        }
        if let Some(d) = &self.district {
            out.push_str(&format!("&district={}", encode(d)));
        }
        if self.open_now {
            out.push_str("&open_now=true");
        }
        out
    }

    /// The results page for these filters.
    pub fn page_href(&self) -> String {
        format!("/search?{}", self.params())
    }

    /// The API call; `at` is a kiosk's own point, whose items come first.
    pub fn api_url(&self, limit: usize, at: Option<&str>) -> String {
        let mut url = format!("/api/v1/search?{}&limit={limit}", self.params());
        if let Some(at) = at {
            url.push_str(&format!("&at={}", encode(at)));
        }
        url
    }
}

/// Everything but RFC 3986's unreserved characters, so ids like `no-such-item` stay readable.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Encodes a path segment or a query value.
pub fn encode(s: &str) -> String {
    utf8_percent_encode(s, COMPONENT).to_string()
}

pub async fn overview() -> Result<Overview, ClientError> {
    get_json("/api/v1/overview").await
}

pub async fn category(id: &str) -> Result<CategoryItems, ClientError> {
    get_json(&format!("/api/v1/categories/{}", encode(id))).await
}

pub async fn search(
    filters: &SearchFilters,
    limit: usize,
    at: Option<&str>,
) -> Result<SearchResponse, ClientError> {
    get_json(&filters.api_url(limit, at)).await
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
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn filters_round_trip_through_the_address() {
        let filters = SearchFilters {
            query: "低保 申请".into(),
            category: Some("social-assistance".into()),
            channel: Some(Channel::HomeVisit),
            district: None,
            open_now: true,
        };
        let href = filters.page_href();
        assert_eq!(
            href,
            "/search?q=%E4%BD%8E%E4%BF%9D%20%E7%94%B3%E8%AF%B7&category=social-assistance&channel=home_visit&open_now=true"
        );
        let query = href.split_once('?').unwrap().1;
        let get = |name: &str| {
            query.split('&').find_map(|pair| {
                let (k, v) = pair.split_once('=')?;
                (k == name).then(|| {
                    percent_encoding::percent_decode_str(v)
                        .decode_utf8_lossy()
                        .into_owned()
                })
            })
        };
        assert_eq!(SearchFilters::from_params(get), filters);
    }

    #[test]
    fn a_kiosk_asks_for_its_point_first() {
        let filters = SearchFilters {
            query: "dibao".into(),
            ..Default::default()
        };
        assert_eq!(
            filters.api_url(10, Some("p1")),
            "/api/v1/search?q=dibao&limit=10&at=p1"
        );
    }
}

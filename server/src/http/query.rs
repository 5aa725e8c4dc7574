//! A strict query-string extractor: percent-decoding that refuses invalid UTF-8 (axum's `Query`
//! would quietly turn it into U+FFFD) and answers in the API's error shape.

use std::collections::HashMap;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use linli_shared::error::ErrorCode;
use percent_encoding::percent_decode;

use crate::error::Error;

/// The decoded parameters; the first value wins when a name repeats.
pub struct QueryParams(HashMap<String, String>);

impl QueryParams {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    pub fn parse(raw: &str) -> Result<QueryParams, ErrorCode> {
        let mut params = HashMap::new();
        for pair in raw.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let name = decode(name)?;
            let value = decode(value)?;
            params.entry(name).or_insert(value);
        }
        Ok(QueryParams(params))
    }
}

fn decode(part: &str) -> Result<String, ErrorCode> {
    let bytes: Vec<u8> = percent_decode(part.replace('+', " ").as_bytes()).collect();
    String::from_utf8(bytes).map_err(|_| ErrorCode::QueryInvalidUtf8)
}

impl<S: Send + Sync> FromRequestParts<S> for QueryParams {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(QueryParams::parse(parts.uri.query().unwrap_or(""))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_percent_and_plus() {
        let p = QueryParams::parse("q=%E4%BD%8E%E4%BF%9D&limit=5&x=a+b&q=second").unwrap();
        assert_eq!(p.get("q"), Some("低保"));
        assert_eq!(p.get("limit"), Some("5"));
        assert_eq!(p.get("x"), Some("a b"));
        assert_eq!(p.get("missing"), None);
    }

    #[test]
    fn refuses_invalid_utf8() {
        assert!(matches!(
            QueryParams::parse("q=%FF%FE"),
            Err(ErrorCode::QueryInvalidUtf8)
        ));
    }
}

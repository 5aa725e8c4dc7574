//! Request types that travel in a query string, with the one reader and writer of query
//! strings both sides use.
//!
//! Every request type here follows one pattern: `parse` applies the server's strict rules and
//! names every wrong field at once ([`ApiError`]); `read` applies the same rules but keeps going
//! with defaults (for an address a resident typed or an old bookmark); `to_query_string` writes
//! the request back, leaving out what is at its default, so `parse(to_query_string(x)) == x`.
//! The app builds its page addresses and API calls with them; the server parses with them; the
//! OpenAPI description is derived from the same constants.

pub mod availability;
pub mod item;
pub mod search;
pub mod trail;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode, utf8_percent_encode};

use crate::domain::geo::Location;
use crate::error::{ApiError, ErrorCode, FieldProblem};

pub use availability::AvailabilityQuery;
pub use item::ItemQuery;
pub use search::SearchQuery;

/// A request that travels as query parameters.
pub trait QueryRequest: Sized {
    /// Reads every parameter by the server's rules; a wrong one falls back to its default and
    /// is noted in the list. For an address a resident typed or an old bookmark.
    fn read(params: &QueryParams) -> (Self, Vec<FieldProblem>);

    /// The query string (without `?`) that `parse` reads back as `self`; defaults left out.
    fn to_query_string(&self) -> String;

    /// The server's rules: every wrong parameter is named, the first decides the code.
    fn parse(params: &QueryParams) -> Result<Self, ApiError> {
        let (request, problems) = Self::read(params);
        match ApiError::from_fields(problems) {
            Some(error) => Err(error),
            None => Ok(request),
        }
    }
}

/// Decoded query parameters. A repeated name keeps its first value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryParams(Vec<(String, String)>);

impl QueryParams {
    /// Decodes `a=1&b=%E4%BD%8E` (with or without a leading `?`). `+` is a space. Invalid UTF-8
    /// after percent-decoding is refused, not replaced: a garbled query is an error to show, not
    /// a search for U+FFFD.
    ///
    /// The refusal names every parameter that could not be read: by its decoded name, or, when
    /// the name itself is not UTF-8, by the name as it was sent (still percent-encoded).
    pub fn parse(raw: &str) -> Result<QueryParams, ApiError> {
        let raw = raw.strip_prefix('?').unwrap_or(raw);
        let mut pairs: Vec<(String, String)> = Vec::new();
        let mut problems: Vec<FieldProblem> = Vec::new();
        for pair in raw.split('&').filter(|p| !p.is_empty()) {
            let (raw_name, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
            let (name, value) = match (decode(raw_name), decode(raw_value)) {
                (Some(name), Some(value)) => (name, value),
                (Some(name), None) => {
                    problems.push(FieldProblem::new(name, ErrorCode::QueryInvalidUtf8));
                    continue;
                }
                (None, _) => {
                    problems.push(FieldProblem::new(
                        raw_name.to_owned(),
                        ErrorCode::QueryInvalidUtf8,
                    ));
                    continue;
                }
            };
            if !pairs.iter().any(|(n, _)| *n == name) {
                pairs.push((name, value));
            }
        }
        match ApiError::from_fields(problems) {
            Some(error) => Err(error),
            None => Ok(QueryParams(pairs)),
        }
    }

    /// Parameters from already decoded pairs (the app's router hands them over decoded).
    pub fn from_pairs<N: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (N, V)>,
    ) -> QueryParams {
        let mut params = QueryParams::default();
        for (name, value) in pairs {
            let name = name.into();
            if !params.0.iter().any(|(n, _)| *n == name) {
                params.0.push((name, value.into()));
            }
        }
        params
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A percent-encoded name or value, or `None` when it is not UTF-8 once decoded.
fn decode(part: &str) -> Option<String> {
    let bytes: Vec<u8> = percent_decode(part.replace('+', " ").as_bytes()).collect();
    String::from_utf8(bytes).ok()
}

/// Everything but RFC 3986's unreserved characters, so ids like `no-such-item` stay readable.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes a path segment or a query value.
pub fn encode(text: &str) -> String {
    utf8_percent_encode(text, COMPONENT).to_string()
}

/// Writes `name=value&…` with every value encoded.
#[derive(Debug, Default)]
pub struct QueryWriter(String);

impl QueryWriter {
    pub fn push(&mut self, name: &str, value: &str) {
        if !self.0.is_empty() {
            self.0.push('&');
        }
        self.0.push_str(name);
        self.0.push('=');
        self.0.push_str(&encode(value));
    }

    pub fn push_some(&mut self, name: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.push(name, value);
        }
    }

    pub fn finish(self) -> String {
        self.0
    }
}

/// Collects field problems while a request is read.
#[derive(Debug, Default)]
pub(crate) struct Problems(Vec<FieldProblem>);

impl Problems {
    /// The value, or the default with the problem noted.
    pub(crate) fn take<T: Default>(
        &mut self,
        field: &'static str,
        result: Result<T, ErrorCode>,
    ) -> T {
        result.unwrap_or_else(|code| {
            self.0.push(FieldProblem::new(field, code));
            T::default()
        })
    }

    pub(crate) fn into_vec(self) -> Vec<FieldProblem> {
        self.0
    }
}

/// A parameter's value, trimmed; blank counts as absent.
pub(crate) fn non_blank<'a>(params: &'a QueryParams, name: &str) -> Option<&'a str> {
    params.get(name).map(str::trim).filter(|v| !v.is_empty())
}

/// `true`/`1` or `false`/`0`; absent (or blank) is `default`; anything else is `code`.
pub(crate) fn flag(raw: Option<&str>, default: bool, code: ErrorCode) -> Result<bool, ErrorCode> {
    match raw {
        None => Ok(default),
        Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") => Ok(true),
        Some(_) => Err(code),
    }
}

/// `near=lat,lng`: where the resident is, to order points nearest first. Blank is absent.
pub(crate) fn near(params: &QueryParams, name: &str) -> Result<Option<Location>, ErrorCode> {
    match non_blank(params, name) {
        None => Ok(None),
        Some(v) => Location::parse(v)
            .map(Some)
            .map_err(|_| ErrorCode::InvalidLocation),
    }
}

/// The OpenAPI description of `near` and `open_first`, the same on every request that orders
/// points.
#[cfg(feature = "openapi")]
pub(crate) mod openapi {
    use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
    use utoipa::openapi::{ObjectBuilder, Required, Type};

    pub(crate) fn near(name: &str) -> Parameter {
        ParameterBuilder::new()
            .name(name)
            .parameter_in(ParameterIn::Query)
            .required(Required::False)
            .description(Some(
                "Where the resident is, as `latitude,longitude` (WGS-84 degrees, two plain \
                 decimal numbers: latitude -90 to 90, longitude -180 to 180; e.g. \
                 `39.1256,117.1523`). Points are then ordered nearest first (great-circle \
                 distance) and carry `distance_m`. Anything else is `invalid_location`.",
            ))
            .schema(Some(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern(Some(
                        r"^\s*[-+]?(\d+(\.\d+)?|\.\d+)\s*,\s*[-+]?(\d+(\.\d+)?|\.\d+)\s*$",
                    ))
                    .examples(["39.1256,117.1523"]),
            ))
            .build()
    }

    pub(crate) fn open_first(name: &str, default: bool, description: &str) -> Parameter {
        ParameterBuilder::new()
            .name(name)
            .parameter_in(ParameterIn::Query)
            .required(Required::False)
            .description(Some(description))
            .schema(Some(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(["true", "false", "1", "0"]))
                    .default(Some(default.to_string().into())),
            ))
            .build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_percent_and_plus_and_keeps_the_first_of_a_repeated_name() {
        let p = QueryParams::parse("?q=%E4%BD%8E%E4%BF%9D&limit=5&x=a+b&q=second&flag").unwrap();
        assert_eq!(p.get("q"), Some("低保"));
        assert_eq!(p.get("limit"), Some("5"));
        assert_eq!(p.get("x"), Some("a b"));
        assert_eq!(p.get("flag"), Some(""));
        assert_eq!(p.get("missing"), None);
    }

    #[test]
    fn refuses_invalid_utf8_naming_each_parameter() {
        for (raw, field) in [
            ("q=%FF%FE", "q"),
            ("limit=5&q=%E4%BD", "q"),
            ("%C3=1", "%C3"),
        ] {
            let error = QueryParams::parse(raw).unwrap_err();
            assert_eq!(error.code, ErrorCode::QueryInvalidUtf8, "{raw}");
            assert_eq!(
                error.fields,
                [FieldProblem::new(field, ErrorCode::QueryInvalidUtf8)],
                "{raw}"
            );
        }
        let error = QueryParams::parse("q=%FF&district=%E4&near=1,2").unwrap_err();
        let fields: Vec<&str> = error.fields.iter().map(|f| f.field.as_ref()).collect();
        assert_eq!(fields, ["q", "district"]);
    }

    #[test]
    fn writes_what_it_reads() {
        let mut w = QueryWriter::default();
        w.push("q", "低保 申请&more");
        w.push_some("at", None);
        w.push("at", "p-1");
        let text = w.finish();
        assert_eq!(
            text,
            "q=%E4%BD%8E%E4%BF%9D%20%E7%94%B3%E8%AF%B7%26more&at=p-1"
        );
        let p = QueryParams::parse(&text).unwrap();
        assert_eq!(p.get("q"), Some("低保 申请&more"));
    }
}

//! The search request's parameters as validated values: what the server accepts and the app
//! checks before sending.

use crate::api::{DEFAULT_LIMIT, MAX_LIMIT, MAX_QUERY_CHARS};
use crate::directory::Channel;
use crate::error::ErrorCode;

/// The search text: trimmed, not empty, at most [`MAX_QUERY_CHARS`] characters.
pub fn parse_query_text(raw: Option<&str>) -> Result<String, ErrorCode> {
    let text = raw.unwrap_or("").trim();
    if text.is_empty() {
        Err(ErrorCode::QueryEmpty)
    } else if text.chars().count() > MAX_QUERY_CHARS {
        Err(ErrorCode::QueryTooLong)
    } else {
        Ok(text.to_owned())
    }
}

/// The number of results per list: 1 to [`MAX_LIMIT`], [`DEFAULT_LIMIT`] when not given.
pub fn parse_limit(raw: Option<&str>) -> Result<usize, ErrorCode> {
    match raw.map(str::trim) {
        None | Some("") => Ok(DEFAULT_LIMIT),
        Some(s) => match s.parse::<usize>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
            _ => Err(ErrorCode::InvalidLimit),
        },
    }
}

/// A channel filter by its API name (`home_visit`).
pub fn parse_channel(raw: Option<&str>) -> Result<Option<Channel>, ErrorCode> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => Channel::parse(s).map(Some).ok_or(ErrorCode::InvalidFilter),
    }
}

/// A yes/no flag: `true`/`false`/`1`/`0`; absent is no.
pub fn parse_flag(raw: Option<&str>) -> Result<bool, ErrorCode> {
    match raw.map(str::trim) {
        None | Some("") | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") => Ok(true),
        Some(_) => Err(ErrorCode::InvalidFilter),
    }
}

/// An optional free-text filter (category id, district name): blank means none.
pub fn parse_optional(raw: Option<&str>) -> Option<String> {
    raw.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_text_is_trimmed_and_bounded() {
        assert_eq!(parse_query_text(Some("  低保 ")), Ok("低保".into()));
        assert_eq!(parse_query_text(None), Err(ErrorCode::QueryEmpty));
        assert_eq!(parse_query_text(Some("   ")), Err(ErrorCode::QueryEmpty));
        let long = "保".repeat(MAX_QUERY_CHARS);
        assert!(
            parse_query_text(Some(&long)).is_ok(),
            "200 characters are fine"
        );
        let too_long = "保".repeat(MAX_QUERY_CHARS + 1);
        assert_eq!(
            parse_query_text(Some(&too_long)),
            Err(ErrorCode::QueryTooLong)
        );
    }

    #[test]
    fn limits_are_whole_numbers_in_range() {
        assert_eq!(parse_limit(None), Ok(DEFAULT_LIMIT));
        assert_eq!(parse_limit(Some("1")), Ok(1));
        assert_eq!(parse_limit(Some("100")), Ok(100));
        for bad in ["0", "101", "-1", "ten", "2.5", "99999999999999999999999"] {
            assert_eq!(
                parse_limit(Some(bad)),
                Err(ErrorCode::InvalidLimit),
                "{bad}"
            );
        }
    }

    #[test]
    fn filters_parse_or_fail_clearly() {
        assert_eq!(
            parse_channel(Some("home_visit")),
            Ok(Some(Channel::HomeVisit))
        );
        assert_eq!(parse_channel(Some("fax")), Err(ErrorCode::InvalidFilter));
        assert_eq!(parse_flag(Some("true")), Ok(true));
        assert_eq!(
            parse_flag(Some("yes please")),
            Err(ErrorCode::InvalidFilter)
        );
        assert_eq!(parse_optional(Some(" ")), None);
    }
}

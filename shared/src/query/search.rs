//! `GET /api/v1/search` and the app's `/search` page: one request type for both.

use crate::directory::Channel;
use crate::domain::geo::Location;
use crate::error::{ErrorCode, FieldProblem};
use crate::ids::{CategoryId, PointId};

use super::{Problems, QueryParams, QueryRequest, QueryWriter, flag, near, non_blank};

/// Longest accepted search text, in characters (after trimming).
pub const MAX_QUERY_CHARS: usize = 200;
/// Longest district or street name accepted as a filter, in characters.
pub const MAX_DISTRICT_CHARS: usize = 100;
/// Results per list when the caller does not say.
pub const DEFAULT_LIMIT: usize = 10;
/// Most results per list a caller may ask for.
pub const MAX_LIMIT: usize = 100;

/// The parameter names, as they appear in addresses.
pub mod field {
    pub const TEXT: &str = "q";
    pub const CATEGORY: &str = "category";
    pub const CHANNEL: &str = "channel";
    pub const DISTRICT: &str = "district";
    pub const OPEN_NOW: &str = "open_now";
    pub const LIMIT: &str = "limit";
    pub const AT: &str = "at";
    pub const NEAR: &str = "near";
    pub const OPEN_FIRST: &str = "open_first";
}

/// What a search asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    /// What the resident typed, trimmed: Chinese, pinyin, initials or English.
    pub text: String,
    pub category: Option<CategoryId>,
    pub channel: Option<Channel>,
    /// A district (区/县) or a street or town (街道/乡镇).
    pub district: Option<String>,
    /// Only points open now, and items offered at one.
    pub open_now: bool,
    /// Results per list, 1 to [`MAX_LIMIT`].
    pub limit: usize,
    /// The kiosk's own service point: its items and itself come first; without `near`, points
    /// are ordered by their distance from it.
    pub at: Option<PointId>,
    /// Where the resident is: points nearest first, each with its distance.
    pub near: Option<Location>,
    /// Points open now before closed ones (closed ones are still listed, unlike `open_now`).
    pub open_first: bool,
}

impl Default for SearchQuery {
    fn default() -> Self {
        SearchQuery {
            text: String::new(),
            category: None,
            channel: None,
            district: None,
            open_now: false,
            limit: DEFAULT_LIMIT,
            at: None,
            near: None,
            open_first: false,
        }
    }
}

impl SearchQuery {
    /// A search for `text` with no filters.
    pub fn new(text: impl Into<String>) -> SearchQuery {
        SearchQuery {
            text: text.into().trim().to_owned(),
            ..SearchQuery::default()
        }
    }
}

impl QueryRequest for SearchQuery {
    /// An empty text is noted like any other problem: for the app, a search page waiting for
    /// input; for the server, `query_empty`.
    fn read(params: &QueryParams) -> (SearchQuery, Vec<FieldProblem>) {
        let mut problems = Problems::default();
        let query = SearchQuery {
            text: problems.take(field::TEXT, text(params.get(field::TEXT))),
            category: problems.take(
                field::CATEGORY,
                optional(params, field::CATEGORY, ErrorCode::InvalidFilter, |v| {
                    CategoryId::parse(v).ok()
                }),
            ),
            channel: problems.take(
                field::CHANNEL,
                optional(
                    params,
                    field::CHANNEL,
                    ErrorCode::InvalidFilter,
                    Channel::parse,
                ),
            ),
            district: problems.take(
                field::DISTRICT,
                district(non_blank(params, field::DISTRICT)),
            ),
            open_now: problems.take(
                field::OPEN_NOW,
                flag(
                    non_blank(params, field::OPEN_NOW),
                    false,
                    ErrorCode::InvalidFilter,
                ),
            ),
            limit: match limit(non_blank(params, field::LIMIT)) {
                Ok(n) => n,
                Err(code) => {
                    problems.take::<()>(field::LIMIT, Err(code));
                    DEFAULT_LIMIT
                }
            },
            at: problems.take(
                field::AT,
                optional(params, field::AT, ErrorCode::InvalidParameter, |v| {
                    PointId::parse(v).ok()
                }),
            ),
            near: problems.take(field::NEAR, near(params, field::NEAR)),
            open_first: problems.take(
                field::OPEN_FIRST,
                flag(
                    non_blank(params, field::OPEN_FIRST),
                    false,
                    ErrorCode::InvalidParameter,
                ),
            ),
        };
        (query, problems.into_vec())
    }

    fn to_query_string(&self) -> String {
        let mut w = QueryWriter::default();
        w.push(field::TEXT, &self.text);
        w.push_some(
            field::CATEGORY,
            self.category.as_ref().map(CategoryId::as_str),
        );
        w.push_some(field::CHANNEL, self.channel.map(Channel::as_str));
        w.push_some(field::DISTRICT, self.district.as_deref());
        if self.open_now {
            w.push(field::OPEN_NOW, "true");
        }
        if self.limit != DEFAULT_LIMIT {
            w.push(field::LIMIT, &self.limit.to_string());
        }
        w.push_some(field::AT, self.at.as_ref().map(PointId::as_str));
        w.push_some(field::NEAR, self.near.map(|l| l.to_string()).as_deref());
        if self.open_first {
            w.push(field::OPEN_FIRST, "true");
        }
        w.finish()
    }
}

fn text(raw: Option<&str>) -> Result<String, ErrorCode> {
    // Control characters (a pasted NUL or tab) are read as spaces, as a newline is.
    let spaced: String = raw
        .unwrap_or("")
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let text = spaced.trim();
    if text.is_empty() {
        Err(ErrorCode::QueryEmpty)
    } else if text.chars().count() > MAX_QUERY_CHARS {
        Err(ErrorCode::QueryTooLong)
    } else {
        Ok(text.to_owned())
    }
}

/// A district or street name, any text up to [`MAX_DISTRICT_CHARS`]; blank is absent.
fn district(raw: Option<&str>) -> Result<Option<String>, ErrorCode> {
    match raw {
        None => Ok(None),
        Some(v) if v.chars().count() > MAX_DISTRICT_CHARS => Err(ErrorCode::DistrictTooLong),
        Some(v) => Ok(Some(v.to_owned())),
    }
}

/// An optional parameter: blank is absent; present but not accepted by `accept` is `code`.
fn optional<T>(
    params: &QueryParams,
    name: &str,
    code: ErrorCode,
    accept: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>, ErrorCode> {
    match non_blank(params, name) {
        None => Ok(None),
        Some(v) => accept(v).map(Some).ok_or(code),
    }
}

fn limit(raw: Option<&str>) -> Result<usize, ErrorCode> {
    match raw {
        None => Ok(DEFAULT_LIMIT),
        Some(s) => match s.parse::<usize>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
            _ => Err(ErrorCode::InvalidLimit),
        },
    }
}

/// The OpenAPI parameters, from the same names and limits the parser uses.
#[cfg(feature = "openapi")]
impl utoipa::IntoParams for SearchQuery {
    fn into_params(
        _: impl Fn() -> Option<utoipa::openapi::path::ParameterIn>,
    ) -> Vec<utoipa::openapi::path::Parameter> {
        use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
        use utoipa::openapi::{ObjectBuilder, Required, Type};

        let string = || ObjectBuilder::new().schema_type(Type::String);
        let param = |name: &str, required: bool, description: &str, schema: ObjectBuilder| {
            ParameterBuilder::new()
                .name(name)
                .parameter_in(ParameterIn::Query)
                .required(if required {
                    Required::True
                } else {
                    Required::False
                })
                .description(Some(description))
                .schema(Some(schema))
                .build()
        };
        let id_pattern = Some("^[a-z0-9][a-z0-9-]{0,63}$");
        vec![
            param(
                field::TEXT,
                true,
                "What to look for: Chinese, pinyin, pinyin initials or English. Trimmed; \
                 then 1 to 200 characters.",
                string()
                    .min_length(Some(1))
                    .max_length(Some(MAX_QUERY_CHARS)),
            ),
            param(
                field::CATEGORY,
                false,
                "A category id from /categories; an unknown one is `invalid_filter`.",
                string().pattern(id_pattern),
            ),
            param(
                field::CHANNEL,
                false,
                "How the item can be handled.",
                string().enum_values(Some(Channel::ALL.map(Channel::as_str))),
            ),
            param(
                field::DISTRICT,
                false,
                "A district (区/县) or street/town (街道/乡镇) name; longer than 100 \
                 characters is `district_too_long`.",
                string().max_length(Some(MAX_DISTRICT_CHARS)),
            ),
            param(
                field::OPEN_NOW,
                false,
                "Only points open now, and items offered at one.",
                string().enum_values(Some(["true", "false", "1", "0"])),
            ),
            param(
                field::LIMIT,
                false,
                "Results per list.",
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(1))
                    .maximum(Some(MAX_LIMIT as u32))
                    .default(Some(DEFAULT_LIMIT.into())),
            ),
            param(
                field::AT,
                false,
                "A kiosk's own service point id: its items and itself come first, and without \
                 `near` the points are ordered by their distance from it (with `distance_m`). \
                 An unknown id is ignored (the point may have been retired).",
                string().pattern(id_pattern),
            ),
            super::openapi::near(field::NEAR),
            super::openapi::open_first(
                field::OPEN_FIRST,
                false,
                "Points open now come before closed ones (which are still listed; `open_now` \
                 leaves them out). With a location (`near`, or the kiosk's point), the points \
                 that match what was typed strongly come first, then weaker matches, each \
                 nearest first; `open_first` puts the open ones before all of these.",
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ApiError;
    use std::borrow::Cow;

    fn parse(raw: &str) -> Result<SearchQuery, ApiError> {
        SearchQuery::parse(&QueryParams::parse(raw).unwrap())
    }

    fn codes(raw: &str) -> Vec<(&'static str, ErrorCode)> {
        parse(raw)
            .unwrap_err()
            .fields
            .into_iter()
            .map(|f| match f.field {
                Cow::Borrowed(name) => (name, f.code),
                Cow::Owned(name) => panic!("{name}: not one of the request's own names"),
            })
            .collect()
    }

    #[test]
    fn a_full_query_round_trips_through_its_query_string() {
        let query = SearchQuery {
            text: "低保 申请".into(),
            category: Some(CategoryId::parse("social-assistance").unwrap()),
            channel: Some(Channel::HomeVisit),
            district: Some("西营门街道".into()),
            open_now: true,
            limit: 25,
            at: Some(PointId::parse("p1").unwrap()),
            near: Location::new(39.1256, 117.1523),
            open_first: true,
        };
        let text = query.to_query_string();
        assert_eq!(
            text,
            "q=%E4%BD%8E%E4%BF%9D%20%E7%94%B3%E8%AF%B7&category=social-assistance&channel=home_visit\
             &district=%E8%A5%BF%E8%90%A5%E9%97%A8%E8%A1%97%E9%81%93&open_now=true&limit=25&at=p1\
             &near=39.1256%2C117.1523&open_first=true"
        );
        assert_eq!(parse(&text), Ok(query));
        assert_eq!(SearchQuery::new("dibao").to_query_string(), "q=dibao");
    }

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(parse("q=+%E4%BD%8E%E4%BF%9D+").unwrap().text, "低保");
        assert_eq!(parse("q=a%00b%09").unwrap().text, "a b");
        assert_eq!(codes("q=%00%01"), [("q", ErrorCode::QueryEmpty)]);
        assert_eq!(codes(""), [("q", ErrorCode::QueryEmpty)]);
        assert_eq!(codes("q=%20%20"), [("q", ErrorCode::QueryEmpty)]);
        assert!(parse(&format!("q={}", "保".repeat(MAX_QUERY_CHARS))).is_ok());
        assert_eq!(
            codes(&format!("q={}", "保".repeat(MAX_QUERY_CHARS + 1))),
            [("q", ErrorCode::QueryTooLong)]
        );
    }

    #[test]
    fn limits_are_whole_numbers_in_range() {
        assert_eq!(parse("q=a").unwrap().limit, DEFAULT_LIMIT);
        assert_eq!(parse("q=a&limit=").unwrap().limit, DEFAULT_LIMIT);
        assert_eq!(parse("q=a&limit=1").unwrap().limit, 1);
        assert_eq!(parse("q=a&limit=100").unwrap().limit, 100);
        for bad in ["0", "101", "-1", "ten", "2.5", "99999999999999999999999"] {
            assert_eq!(
                codes(&format!("q=a&limit={bad}")),
                [("limit", ErrorCode::InvalidLimit)],
                "{bad}"
            );
        }
    }

    #[test]
    fn filters_parse_or_are_named() {
        let q = parse("q=a&channel=home_visit&open_now=1&category=health&district=+x+").unwrap();
        assert_eq!(q.channel, Some(Channel::HomeVisit));
        assert!(q.open_now);
        assert_eq!(q.category.unwrap(), "health");
        assert_eq!(q.district.as_deref(), Some("x"));
        assert!(!parse("q=a&open_now=0").unwrap().open_now);
        assert!(parse("q=a&open_now=true").unwrap().open_now);
        assert_eq!(
            codes("q=a&channel=fax"),
            [("channel", ErrorCode::InvalidFilter)]
        );
        assert_eq!(
            codes("q=a&open_now=maybe"),
            [("open_now", ErrorCode::InvalidFilter)]
        );
        assert_eq!(
            codes("q=a&category=Not+An+Id"),
            [("category", ErrorCode::InvalidFilter)]
        );
        assert_eq!(
            codes("q=a&at=%E4%BD%8E"),
            [("at", ErrorCode::InvalidParameter)]
        );
    }

    #[test]
    fn a_district_is_any_name_up_to_its_limit() {
        let at_limit = "街".repeat(MAX_DISTRICT_CHARS);
        assert_eq!(
            parse(&format!("q=a&district={at_limit}")).unwrap().district,
            Some(at_limit.clone())
        );
        assert_eq!(
            codes(&format!("q=a&district={at_limit}道")),
            [("district", ErrorCode::DistrictTooLong)]
        );
    }

    #[test]
    fn near_is_a_latitude_and_a_longitude() {
        let q = parse("q=a&near=39.1256,117.1523").unwrap();
        assert_eq!(q.near, Location::new(39.1256, 117.1523));
        assert_eq!(parse("q=a&near=+").unwrap().near, None, "blank is absent");
        assert_eq!(
            parse("q=a&near=%2039.1%20,%20117%20").unwrap().near,
            Location::new(39.1, 117.0)
        );
        for bad in [
            "39.1",
            "a,b",
            "39.1;117.2",
            "1e1,2",
            "NaN,1",
            "91,0",
            "0,181",
            "-90.5,0",
        ] {
            assert_eq!(
                codes(&format!("q=a&near={bad}")),
                [("near", ErrorCode::InvalidLocation)],
                "{bad}"
            );
        }
    }

    #[test]
    fn open_first_is_a_flag() {
        assert!(!parse("q=a").unwrap().open_first);
        assert!(parse("q=a&open_first=1").unwrap().open_first);
        assert!(!parse("q=a&open_first=false").unwrap().open_first);
        assert_eq!(
            codes("q=a&open_first=yes"),
            [("open_first", ErrorCode::InvalidParameter)]
        );
    }

    #[test]
    fn every_wrong_parameter_is_named_at_once() {
        let error = parse("limit=0&channel=fax&open_now=2&near=1,2,3&open_first=x").unwrap_err();
        assert_eq!(error.code, ErrorCode::QueryEmpty);
        let fields: Vec<&str> = error.fields.iter().map(|f| f.field.as_ref()).collect();
        assert_eq!(
            fields,
            ["q", "channel", "open_now", "limit", "near", "open_first"]
        );
    }

    #[test]
    fn reading_keeps_the_good_parameters_of_a_bad_address() {
        let params = QueryParams::parse("q=&channel=online&limit=0").unwrap();
        let (query, problems) = SearchQuery::read(&params);
        assert_eq!(query.channel, Some(Channel::Online));
        assert_eq!(query.limit, DEFAULT_LIMIT);
        assert_eq!(problems.len(), 2);
    }

    #[test]
    fn random_parameters_never_panic_and_what_parses_round_trips() {
        let pool = [
            "q",
            "limit",
            "channel",
            "open_now",
            "at",
            "near",
            "open_first",
            ",",
            "39.1",
            "-181",
            "category",
            "district",
            "",
            "%",
            "%E4",
            "1",
            "0",
            "true",
            "低保",
            "a b",
            "-x",
            "home_visit",
            "+",
            "&",
            "=",
        ];
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..5_000 {
            let raw: String = (0..rng.usize(0..8))
                .map(|_| pool[rng.usize(..pool.len())])
                .collect();
            if let Ok(params) = QueryParams::parse(&raw)
                && let Ok(query) = SearchQuery::parse(&params)
            {
                assert_eq!(parse(&query.to_query_string()), Ok(query), "{raw}");
            }
        }
    }
}

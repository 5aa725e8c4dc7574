//! `GET /api/v1/items/{id}`'s query: where the asking kiosk stands, where the resident is, and
//! how to order the points offering the item.

use crate::domain::geo::Location;
use crate::error::{ErrorCode, FieldProblem};
use crate::ids::PointId;

use super::search::field;
use super::{Problems, QueryParams, QueryRequest, QueryWriter, flag, near, non_blank};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemQuery {
    /// The kiosk's own service point: listed first among the points offering the item; without
    /// `near`, the others are ordered by their distance from it.
    pub at: Option<PointId>,
    /// Where the resident is: the points nearest first, each with its distance.
    pub near: Option<Location>,
    /// Points open now before closed ones. On by default: a resident on an item's page wants
    /// where to go now (and the item page has always listed open points first).
    pub open_first: bool,
}

impl Default for ItemQuery {
    fn default() -> Self {
        ItemQuery {
            at: None,
            near: None,
            open_first: true,
        }
    }
}

impl QueryRequest for ItemQuery {
    fn read(params: &QueryParams) -> (ItemQuery, Vec<FieldProblem>) {
        let mut problems = Problems::default();
        let at = problems.take(
            field::AT,
            match non_blank(params, field::AT) {
                None => Ok(None),
                Some(v) => PointId::parse(v)
                    .map(Some)
                    .map_err(|_| ErrorCode::InvalidParameter),
            },
        );
        let near = problems.take(field::NEAR, near(params, field::NEAR));
        // `take` falls back to `false` on a wrong value; the reader's default is `true`.
        let open_first = flag(
            non_blank(params, field::OPEN_FIRST),
            true,
            ErrorCode::InvalidParameter,
        )
        .unwrap_or_else(|code| {
            problems.take::<()>(field::OPEN_FIRST, Err(code));
            true
        });
        (
            ItemQuery {
                at,
                near,
                open_first,
            },
            problems.into_vec(),
        )
    }

    fn to_query_string(&self) -> String {
        let mut w = QueryWriter::default();
        w.push_some(field::AT, self.at.as_ref().map(PointId::as_str));
        w.push_some(field::NEAR, self.near.map(|l| l.to_string()).as_deref());
        if !self.open_first {
            w.push(field::OPEN_FIRST, "false");
        }
        w.finish()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::IntoParams for ItemQuery {
    fn into_params(
        _: impl Fn() -> Option<utoipa::openapi::path::ParameterIn>,
    ) -> Vec<utoipa::openapi::path::Parameter> {
        use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
        use utoipa::openapi::{ObjectBuilder, Required, Type};
        vec![
            ParameterBuilder::new()
                .name(field::AT)
                .parameter_in(ParameterIn::Query)
                .required(Required::False)
                .description(Some(
                    "A kiosk's own service point id: listed first, and without `near` the other \
                     points are ordered by their distance from it (with `distance_m`).",
                ))
                .schema(Some(
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .pattern(Some("^[a-z0-9][a-z0-9-]{0,63}$")),
                ))
                .build(),
            super::openapi::near(field::NEAR),
            super::openapi::open_first(
                field::OPEN_FIRST,
                true,
                "Points open now come before closed ones (on by default). `false` orders by \
                 distance alone (with `near` or `at`), else keeps the directory's order. At \
                 most 200 points are listed: the first 200 in this order.",
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ApiError;

    fn read(raw: &str) -> Result<ItemQuery, ApiError> {
        ItemQuery::parse(&QueryParams::parse(raw).unwrap())
    }

    #[test]
    fn at_is_an_id_or_absent() {
        assert_eq!(read("").unwrap(), ItemQuery::default());
        assert_eq!(read("at=").unwrap(), ItemQuery::default());
        let q = read("at=p-1").unwrap();
        assert_eq!(q.to_query_string(), "at=p-1");
        assert_eq!(
            read("at=P%201").unwrap_err().code,
            ErrorCode::InvalidParameter
        );
    }

    #[test]
    fn near_and_open_first_round_trip() {
        let q = read("near=39.1,117.12&open_first=0").unwrap();
        assert_eq!(q.near, Location::new(39.1, 117.12));
        assert!(!q.open_first);
        assert_eq!(q.to_query_string(), "near=39.1%2C117.12&open_first=false");
        assert_eq!(read(&q.to_query_string()), Ok(q));
        assert!(read("open_first=true").unwrap().open_first);
        assert_eq!(read("open_first=true").unwrap().to_query_string(), "");
    }

    #[test]
    fn every_wrong_field_is_named() {
        let error = read("at=Bad&near=39.1&open_first=maybe").unwrap_err();
        let fields: Vec<(&str, ErrorCode)> = error
            .fields
            .iter()
            .map(|f| (f.field.as_ref(), f.code))
            .collect();
        assert_eq!(
            fields,
            [
                ("at", ErrorCode::InvalidParameter),
                ("near", ErrorCode::InvalidLocation),
                ("open_first", ErrorCode::InvalidParameter),
            ]
        );
        // Read leniently, the good parts stay and a wrong flag keeps its default.
        let (q, problems) =
            ItemQuery::read(&QueryParams::parse("near=91,0&open_first=2&at=p1").unwrap());
        assert_eq!(q.at.unwrap(), "p1");
        assert!(q.open_first);
        assert_eq!(problems.len(), 2);
    }
}

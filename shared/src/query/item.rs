//! `GET /api/v1/items/{id}`'s query: where the asking kiosk stands.

use crate::error::{ErrorCode, FieldProblem};
use crate::ids::PointId;

use super::search::field;
use super::{Problems, QueryParams, QueryRequest, QueryWriter, non_blank};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemQuery {
    /// The kiosk's own service point: listed first among the points offering the item.
    pub at: Option<PointId>,
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
        (ItemQuery { at }, problems.into_vec())
    }

    fn to_query_string(&self) -> String {
        let mut w = QueryWriter::default();
        w.push_some(field::AT, self.at.as_ref().map(PointId::as_str));
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
                .description(Some("A kiosk's own service point id: listed first."))
                .schema(Some(
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .pattern(Some("^[a-z0-9][a-z0-9-]{0,63}$")),
                ))
                .build(),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_is_an_id_or_absent() {
        let read = |raw: &str| ItemQuery::parse(&QueryParams::parse(raw).unwrap());
        assert_eq!(read("").unwrap(), ItemQuery::default());
        assert_eq!(read("at=").unwrap(), ItemQuery::default());
        let q = read("at=p-1").unwrap();
        assert_eq!(q.to_query_string(), "at=p-1");
        assert_eq!(
            read("at=P%201").unwrap_err().code,
            ErrorCode::InvalidParameter
        );
    }
}

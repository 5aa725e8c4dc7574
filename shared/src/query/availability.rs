//! `GET /api/v1/points/{id}/availability`'s query: which item, and which days.

use chrono::NaiveDate;

use crate::error::{ErrorCode, FieldProblem};
use crate::ids::ItemId;

use super::{Problems, QueryParams, QueryRequest, QueryWriter, non_blank};

pub const ITEM: &str = "item";
pub const FROM: &str = "from";
pub const TO: &str = "to";

/// The days asked for; left out, `from` is today and `to` the last bookable day. At most
/// `MAX_RANGE_DAYS` days (checked by the server, which knows today).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AvailabilityQuery {
    /// Required: the item to book (`invalid_parameter` when missing or malformed).
    pub item: Option<ItemId>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

fn date(params: &QueryParams, name: &str) -> Result<Option<NaiveDate>, ErrorCode> {
    match non_blank(params, name) {
        None => Ok(None),
        Some(v) => NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| ErrorCode::InvalidDateRange),
    }
}

impl QueryRequest for AvailabilityQuery {
    fn read(params: &QueryParams) -> (AvailabilityQuery, Vec<FieldProblem>) {
        let mut problems = Problems::default();
        let item = problems.take(
            ITEM,
            match non_blank(params, ITEM) {
                None => Err(ErrorCode::InvalidParameter),
                Some(v) => ItemId::parse(v)
                    .map(Some)
                    .map_err(|_| ErrorCode::InvalidParameter),
            },
        );
        let from = problems.take(FROM, date(params, FROM));
        let to = problems.take(TO, date(params, TO));
        if let (Some(f), Some(t)) = (from, to)
            && t < f
        {
            problems.take::<()>(TO, Err(ErrorCode::InvalidDateRange));
        }
        (AvailabilityQuery { item, from, to }, problems.into_vec())
    }

    fn to_query_string(&self) -> String {
        let mut w = QueryWriter::default();
        w.push_some(ITEM, self.item.as_ref().map(ItemId::as_str));
        w.push_some(FROM, self.from.map(|d| d.to_string()).as_deref());
        w.push_some(TO, self.to.map(|d| d.to_string()).as_deref());
        w.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_item_is_required_and_the_days_are_dates_in_order() {
        let ok = AvailabilityQuery::parse(
            &QueryParams::parse("item=id-card&from=2026-11-24&to=2026-11-30").unwrap(),
        )
        .unwrap();
        assert_eq!(ok.item.as_ref().unwrap().as_str(), "id-card");
        assert_eq!(
            AvailabilityQuery::parse(&QueryParams::parse(&ok.to_query_string()).unwrap()).unwrap(),
            ok
        );
        let missing = AvailabilityQuery::parse(&QueryParams::parse("").unwrap()).unwrap_err();
        assert_eq!(missing.code, ErrorCode::InvalidParameter);
        let bad = AvailabilityQuery::parse(
            &QueryParams::parse("item=id-card&from=24.11.2026&to=2026-11-30").unwrap(),
        )
        .unwrap_err();
        assert_eq!(bad.code, ErrorCode::InvalidDateRange);
        assert_eq!(bad.fields[0].field, FROM);
        let backwards = AvailabilityQuery::parse(
            &QueryParams::parse("item=id-card&from=2026-11-30&to=2026-11-24").unwrap(),
        )
        .unwrap_err();
        assert_eq!(backwards.fields[0].field, TO);
    }
}

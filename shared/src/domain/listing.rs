//! The staff's list of the directory (`GET /api/v1/staff/directory`): which records a filter
//! keeps. Unlike the residents' search it holds retired records too (to find one and bring it
//! back), matches plain text in names, ids and addresses, and keeps only the points within the
//! asker's scope. Plain values in, a yes or no out; the server gathers the records.

use crate::domain::staff::{Place, Scope};
use crate::error::{ApiError, ErrorCode, FieldProblem};
use crate::query::QueryParams;

/// Whether retired records are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Status {
    /// What residents see (the default).
    #[default]
    Active,
    Retired,
    All,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Retired => "retired",
            Status::All => "all",
        }
    }

    fn parse(text: &str) -> Option<Status> {
        [Status::Active, Status::Retired, Status::All]
            .into_iter()
            .find(|s| s.as_str() == text)
    }

    pub fn keeps(self, retired: bool) -> bool {
        match self {
            Status::Active => !retired,
            Status::Retired => retired,
            Status::All => true,
        }
    }
}

/// Which lists an answer holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kinds {
    #[default]
    Both,
    Items,
    Points,
}

impl Kinds {
    pub fn as_str(self) -> &'static str {
        match self {
            Kinds::Both => "",
            Kinds::Items => "items",
            Kinds::Points => "points",
        }
    }

    pub fn items(self) -> bool {
        self != Kinds::Points
    }

    pub fn points(self) -> bool {
        self != Kinds::Items
    }
}

/// Most records of each kind in one answer (the answer says when more matched).
pub const MAX_LISTED: usize = 200;

/// What the staff asked for: `q` (text in a name, an id, an address), `status`
/// (`active`/`retired`/`all`), `kind` (`items`/`points`, both when left out), `category` (items
/// of one category) and `district` (points of one district).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListFilter {
    /// Folded for matching: lower case, without spaces.
    pub q: String,
    pub status: Status,
    pub kind: Kinds,
    pub category: Option<String>,
    pub district: Option<String>,
}

/// Lower case, without any white space (full width too), so `Di Bao` finds `dibao`.
pub fn fold(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

impl ListFilter {
    /// Reads the query string's parameters; every wrong one is named (400 `invalid_filter`).
    pub fn parse(params: &QueryParams) -> Result<ListFilter, ApiError> {
        let mut problems = Vec::new();
        let text = |name: &str| {
            params
                .get(name)
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let status = match text("status") {
            None => Status::Active,
            Some(s) => Status::parse(&s).unwrap_or_else(|| {
                problems.push(FieldProblem::new("status", ErrorCode::InvalidFilter));
                Status::Active
            }),
        };
        let kind = match text("kind").as_deref() {
            None => Kinds::Both,
            Some("items") => Kinds::Items,
            Some("points") => Kinds::Points,
            Some(_) => {
                problems.push(FieldProblem::new("kind", ErrorCode::InvalidFilter));
                Kinds::Both
            }
        };
        let filter = ListFilter {
            q: fold(params.get("q").unwrap_or("")),
            status,
            kind,
            category: text("category"),
            district: text("district"),
        };
        match ApiError::from_fields(problems) {
            Some(error) => Err(error),
            None => Ok(filter),
        }
    }

    /// The query string that asks for this filter (`q` as folded).
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        let mut add = |name: &str, value: &str| {
            if !value.is_empty() {
                parts.push(format!("{name}={}", crate::query::encode(value)));
            }
        };
        add("q", &self.q);
        if self.status != Status::Active {
            add("status", self.status.as_str());
        }
        add("kind", self.kind.as_str());
        add("category", self.category.as_deref().unwrap_or(""));
        add("district", self.district.as_deref().unwrap_or(""));
        parts.join("&")
    }

    fn text_matches<'a>(&self, texts: impl IntoIterator<Item = &'a str>) -> bool {
        self.q.is_empty() || texts.into_iter().any(|t| fold(t).contains(&self.q))
    }

    /// Whether an item is listed: its texts are its id, names, colloquial names and aliases.
    pub fn keeps_item<'a>(
        &self,
        category: &str,
        retired: bool,
        texts: impl IntoIterator<Item = &'a str>,
    ) -> bool {
        self.kind.items()
            && self.status.keeps(retired)
            && self.district.is_none()
            && self.category.as_deref().is_none_or(|c| c == category)
            && self.text_matches(texts)
    }

    /// Whether a point is listed to someone of `scope`: within the scope (a district admin
    /// lists their district's points, a point's staff their point), in the district asked for,
    /// and its texts (id, names, district, subdistrict, address) hold `q`.
    pub fn keeps_point<'a>(
        &self,
        scope: &Scope,
        place: Place<'_>,
        retired: bool,
        texts: impl IntoIterator<Item = &'a str>,
    ) -> bool {
        self.kind.points()
            && self.status.keeps(retired)
            && self.category.is_none()
            && scope.covers(&place)
            && self
                .district
                .as_deref()
                .is_none_or(|d| place.district == Some(d))
            && self.text_matches(texts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::PointId;

    fn filter(query: &str) -> ListFilter {
        ListFilter::parse(&QueryParams::parse(query).unwrap()).unwrap()
    }

    fn at<'a>(district: &'a str, point: &'a str) -> Place<'a> {
        Place {
            district: Some(district),
            point: Some(point),
        }
    }

    #[test]
    fn the_filter_is_read_with_defaults_and_every_wrong_parameter_named() {
        assert_eq!(filter(""), ListFilter::default());
        let f = filter("q=Di%20Bao&status=retired&kind=items&category=social");
        assert_eq!(f.q, "dibao");
        assert_eq!(f.status, Status::Retired);
        assert_eq!(f.kind, Kinds::Items);
        assert_eq!(f.category.as_deref(), Some("social"));
        assert_eq!(filter(&f.to_query_string()), f);
        let wrong = ListFilter::parse(&QueryParams::parse("status=gone&kind=x").unwrap())
            .err()
            .unwrap();
        let fields: Vec<&str> = wrong.fields.iter().map(|p| &*p.field).collect();
        assert_eq!(fields, ["status", "kind"]);
        assert_eq!(wrong.code, ErrorCode::InvalidFilter);
    }

    #[test]
    fn items_by_status_category_and_text() {
        let f = filter("q=低保");
        assert!(f.keeps_item("social", false, ["dibao", "最低生活保障", "低保"]));
        assert!(!f.keeps_item("social", true, ["dibao", "低保"]), "retired");
        assert!(!f.keeps_item("social", false, ["yibao", "医保"]));
        let retired = filter("status=retired&category=social");
        assert!(retired.keeps_item("social", true, ["dibao"]));
        assert!(!retired.keeps_item("social", false, ["dibao"]));
        assert!(!retired.keeps_item("health", true, ["yibao"]));
        assert!(filter("status=all").keeps_item("x", true, ["a"]));
        assert!(!filter("kind=points").keeps_item("x", false, ["a"]));
        assert!(!filter("district=西青区").keeps_item("x", false, ["a"]));
        assert!(filter("q=DIBAO").keeps_item("x", false, ["dibao"]));
    }

    #[test]
    fn points_within_the_askers_scope_only() {
        let all = Scope::All;
        let district = Scope::District("西青区".into());
        let own = Scope::Point(PointId::parse("xq-1").unwrap());
        let f = filter("");
        assert!(f.keeps_point(&all, at("和平区", "hp-1"), false, ["hp-1"]));
        assert!(!f.keeps_point(&district, at("和平区", "hp-1"), false, ["hp-1"]));
        assert!(f.keeps_point(&district, at("西青区", "xq-2"), false, ["xq-2"]));
        assert!(f.keeps_point(&own, at("西青区", "xq-1"), false, ["xq-1"]));
        assert!(!f.keeps_point(&own, at("西青区", "xq-2"), false, ["xq-2"]));
        let retired = filter("status=retired&district=西青区&q=中心");
        assert!(retired.keeps_point(&all, at("西青区", "xq-2"), true, ["xq-2", "服务中心"]));
        assert!(!retired.keeps_point(&all, at("和平区", "hp-2"), true, ["hp-2", "服务中心"]));
        assert!(!retired.keeps_point(&all, at("西青区", "xq-2"), false, ["xq-2", "服务中心"]));
        assert!(!filter("category=social").keeps_point(&all, at("a", "b"), false, ["b"]));
    }
}

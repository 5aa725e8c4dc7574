//! Request and response bodies of `/api/v1`. The app decodes exactly these types; the server
//! encodes them and derives the OpenAPI description from them.

use serde::{Deserialize, Serialize};

use crate::directory::HoursRule;
use crate::directory::{Category, Channel, Closure, Item, PointKind};
use crate::domain::hours::{OpenInterval, Weekday};
use crate::ids::{CategoryId, ItemId, PointId};

/// A category with how many items it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategorySummary {
    pub id: CategoryId,
    pub name: String,
    pub name_en: String,
    pub item_count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoriesResponse {
    pub categories: Vec<CategorySummary>,
}

/// `GET /api/v1/overview`: what the home and search screens need in one round trip.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Overview {
    pub categories: Vec<CategorySummary>,
    /// The most asked items, most asked first.
    pub popular: Vec<ItemSummary>,
    /// Every district and street/town with a service point, for the district filter.
    pub districts: Vec<String>,
    /// The English names of those `districts` that have one (Chinese name → English).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub districts_en: std::collections::BTreeMap<String, String>,
}

/// `GET /api/v1/categories/{id}`: a category and its items, most asked first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryItems {
    pub category: Category,
    pub items: Vec<ItemSummary>,
}

/// The answer to `GET /api/v1/search`: items and points, each list best first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchResponse {
    /// The query as understood (trimmed, full-width letters folded).
    pub query: String,
    pub items: Vec<ItemHit>,
    pub points: Vec<PointHit>,
    /// How many items matched before `limit` cut the list.
    pub total_items: u32,
    pub total_points: u32,
    /// The points matched better than the items (`domain::search::points_lead`): show them
    /// first. (`服务中心` finds the service centres by name; items only by an alias.)
    #[serde(default)]
    pub points_first: bool,
}

/// A found item, with what matched so the screen can say why it is shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemHit {
    pub id: ItemId,
    pub name: String,
    pub name_en: String,
    pub category: CategoryId,
    /// The name, colloquial name or alias that matched.
    pub matched: String,
    pub time_limit_days: u32,
    pub channels: Vec<Channel>,
    pub score: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointHit {
    pub id: PointId,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    pub kind: PointKind,
    pub district: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district_en: Option<String>,
    pub subdistrict: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subdistrict_en: Option<String>,
    pub address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_en: Option<String>,
    pub phone: String,
    /// WGS-84 degrees, for a map link.
    pub lat: f64,
    pub lng: f64,
    pub open_now: bool,
    /// Metres from `near` (or, without it, from the kiosk's point `at`), great-circle, rounded;
    /// absent when the search gave no location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance_m: Option<u32>,
    /// As on [`PointSummary`]: when a closed point next opens, and today's date there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "2026-11-25T08:30:00"))]
    pub opens_next: Option<chrono::NaiveDateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "2026-11-24"))]
    pub date: Option<chrono::NaiveDate>,
    pub score: f32,
}

/// A point in a list: enough to choose one and call or walk there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointSummary {
    pub id: PointId,
    /// This is the kiosk's own service point (search with `at`).
    #[serde(default)]
    pub here: bool,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    pub kind: PointKind,
    /// The district (区/县), for the app's district choice when a location is not known.
    #[serde(default)]
    pub district: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district_en: Option<String>,
    pub subdistrict: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subdistrict_en: Option<String>,
    pub address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_en: Option<String>,
    pub phone: String,
    /// WGS-84 degrees, for a map link.
    pub lat: f64,
    pub lng: f64,
    pub open_now: bool,
    /// Metres from `near` (or, without it, from the kiosk's point `at`), great-circle, rounded;
    /// absent when the request gave no location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance_m: Option<u32>,
    /// When a closed point next opens (local time, within two weeks), told as "today" or
    /// "tomorrow" against `date` (`domain::hours::opens_next_day`); absent when open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "2026-11-25T08:30:00"))]
    pub opens_next: Option<chrono::NaiveDateTime>,
    /// Today's date where the point is (the server's clock), for `opens_next`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "2026-11-24"))]
    pub date: Option<chrono::NaiveDate>,
}

/// An item in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemSummary {
    pub id: ItemId,
    pub name: String,
    pub name_en: String,
    pub category: CategoryId,
}

/// `GET /api/v1/items/{id}`: everything about an item and where to handle it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemDetail {
    pub item: Item,
    pub category: Category,
    /// The points that offer the item: the kiosk's own point first, then open ones (unless
    /// `open_first=false`), each group nearest first when a location is known (`near`, or the
    /// kiosk's point), else in the directory's order; the first 200 of that order.
    pub points: Vec<PointSummary>,
    /// How many points offer the item in all.
    pub total_points: u32,
}

/// `GET /api/v1/points/{id}`: a point's hours, whether it is open now, and what it handles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointDetail {
    pub id: PointId,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    pub kind: PointKind,
    pub district: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district_en: Option<String>,
    pub subdistrict: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subdistrict_en: Option<String>,
    pub address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_en: Option<String>,
    pub lat: f64,
    pub lng: f64,
    pub phone: String,
    pub hours: Vec<HoursRule>,
    pub closures: Vec<Closure>,
    pub open_now: bool,
    /// Today's weekday where the point is.
    pub weekday: Weekday,
    /// Today's date where the point is, so that `opens_next` can be told as "today" or
    /// "tomorrow" (`domain::hours::opens_next_day`) by the server's clock, not the device's.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-11-24"))]
    pub date: chrono::NaiveDate,
    /// Today's open intervals (local time), breaks cut out; empty when closed today.
    pub today: Vec<OpenInterval>,
    /// When it next opens (local time), if it is closed now and opens within two weeks.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "2026-11-25T08:30:00"))]
    pub opens_next: Option<chrono::NaiveDateTime>,
    /// Today's closure, if the point is closed for one (a holiday, a training day).
    pub closed_today_for: Option<String>,
    /// The English of `closed_today_for`, when the closure has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_today_for_en: Option<String>,
    /// The items it handles, each category's together, categories in the home screen's order.
    pub items: Vec<ItemSummary>,
    /// The categories of `items` in that order, each with how many of its items the point
    /// handles (`item_count`), so the page can fold the list by category.
    #[serde(default)]
    pub categories: Vec<CategorySummary>,
}

/// `GET /api/v1/settings`: what the app needs to know about this deployment.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Settings {
    /// The address residents reach Linli at (`LINLI_PUBLIC_URL`, e.g. `https://linli.example.cn`,
    /// no trailing slash): what QR codes encode. Absent when not set: the app then uses the
    /// address it was opened at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_url: Option<String>,
}

/// `GET /healthz`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub status: String,
    pub database: String,
    pub items: u32,
    pub points: u32,
}

pub mod appointments;
pub mod cases;
pub mod staff;

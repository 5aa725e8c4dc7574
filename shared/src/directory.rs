//! The service directory as data: categories, service items (事项) and service points.
//!
//! These types are also the directory file format (`linli-directory/1`) read by
//! `linli-server import` and written by `linli-server export`; docs/DIRECTORY_FORMAT.md
//! describes it for people who write such files by hand.
//!
//! Every resident-facing Chinese text may carry an English version beside it (`…_en`, optional:
//! absent means "not translated yet", and the app says so instead of mixing languages).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::hours::{ClockTime, Weekday};
use crate::ids::{CategoryId, ItemId, PointId};

/// The `format` tag every directory file carries, so a future format can be told apart.
pub const FORMAT_TAG: &str = "linli-directory/1";

/// A whole directory file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DirectoryFile {
    pub format: String,
    pub categories: Vec<Category>,
    pub items: Vec<Item>,
    pub points: Vec<Point>,
}

/// A service area from the provincial plans (就业和社会保障, 卫生计生, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// Stable slug, e.g. `social-assistance`.
    pub id: CategoryId,
    pub name: String,
    pub name_en: String,
    /// Order on the home screen, smallest first.
    #[serde(default)]
    pub sort: i64,
}

/// A service item (事项): something a resident can apply for or ask for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Stable slug, e.g. `dibao`.
    pub id: ItemId,
    /// The category's `id`.
    pub category: CategoryId,
    /// Official Chinese name, e.g. 最低生活保障申请.
    pub name: String,
    pub name_en: String,
    /// What residents actually say (低保, 医保, 老年证).
    #[serde(default)]
    pub colloquial: Vec<String>,
    /// Other official or regional names.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// What English-speaking residents call it in everyday words ("elderly card", "old age
    /// card" for 老年人优待证); searched like the English name. Not a translation of
    /// `colloquial`: names an English speaker would type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub colloquial_en: Vec<String>,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_en: Option<String>,
    /// Who may apply (申请条件).
    pub eligibility: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eligibility_en: Option<String>,
    /// Every required material, told at once (一次告知).
    pub materials: Vec<Material>,
    pub fee: Fee,
    /// Promised time limit in working days (限时办结); 0 means handled on the spot (即办).
    pub time_limit_days: u32,
    pub channels: Vec<Channel>,
    /// The back office that does the work (后台分工), e.g. 区民政局.
    pub department: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_en: Option<String>,
    /// The law or regulation the item rests on.
    pub legal_basis: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_basis_en: Option<String>,
    /// Where the item can be handled online (an `https://` or `http://` address): the online
    /// channel's chip links there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_url: Option<String>,
    /// How often residents ask for it (higher first on the home screen's "most asked"); 0 when
    /// unknown.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub popularity: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// One required material (申请材料).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Material {
    pub name: String,
    pub form: MaterialForm,
    /// How many copies or pieces to bring.
    pub copies: u32,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes_en: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MaterialForm {
    /// 原件 (shown and handed back).
    Original,
    /// 复印件.
    Copy,
    /// 原件及复印件.
    OriginalAndCopy,
    /// A form filled in on the spot or downloaded (申请表).
    Form,
    /// 电子证照 accepted.
    Electronic,
}

/// The fee, in fen (分) to avoid floating point; 0 is free of charge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Fee {
    pub amount_fen: u64,
    /// What the fee depends on, or the basis for charging it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_en: Option<String>,
}

/// How an item can be handled (预约办理、上门办理、自助办理、委托代办 and the window and online hall).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Window,
    Online,
    Appointment,
    HomeVisit,
    SelfService,
    Proxy,
}

impl Channel {
    pub const ALL: [Channel; 6] = [
        Channel::Window,
        Channel::Online,
        Channel::Appointment,
        Channel::HomeVisit,
        Channel::SelfService,
        Channel::Proxy,
    ];

    /// The stable name used in files and in the API (`home_visit`).
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Window => "window",
            Channel::Online => "online",
            Channel::Appointment => "appointment",
            Channel::HomeVisit => "home_visit",
            Channel::SelfService => "self_service",
            Channel::Proxy => "proxy",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// A place residents go to: a street or town service center or a community or village station.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Point {
    pub id: PointId,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    pub kind: PointKind,
    /// The county-level district (区/县), e.g. 和平区.
    pub district: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district_en: Option<String>,
    /// The street or town (街道/乡镇) the point belongs to.
    pub subdistrict: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subdistrict_en: Option<String>,
    pub address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_en: Option<String>,
    /// WGS-84 latitude and longitude.
    pub lat: f64,
    pub lng: f64,
    pub phone: String,
    /// Weekly opening hours; a weekday with no rule is closed.
    pub hours: Vec<HoursRule>,
    /// Dated closures (holidays, training days).
    #[serde(default)]
    pub closures: Vec<Closure>,
    /// The `id`s of the items this point handles.
    pub items: Vec<ItemId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PointKind {
    /// 街道社区服务中心.
    StreetCenter,
    /// 乡镇社区服务中心.
    TownCenter,
    /// 城市社区服务站.
    CommunityStation,
    /// 农村社区（村）服务站.
    VillageStation,
}

/// Opening hours for some weekdays: open from `opens` to `closes`, shut over `breaks`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HoursRule {
    pub days: Vec<Weekday>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "08:30"))]
    pub opens: ClockTime,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "17:30"))]
    pub closes: ClockTime,
    /// Lunch breaks and other pauses inside the day.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breaks: Vec<Break>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Break {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "12:00"))]
    pub from: ClockTime,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "13:00"))]
    pub to: ClockTime,
}

/// Closed on every day from `from` to `to`, both included.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Closure {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_en: Option<String>,
}

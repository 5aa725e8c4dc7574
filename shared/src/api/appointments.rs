//! Bodies of the appointment endpoints: availability, the resident's phone check, bookings.
//! Times are local (China Standard Time) without an offset, like the rest of the API.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::directory::Material;
use crate::domain::schedule::{ClosedReason, SlotTiming};
use crate::ids::{ItemId, PointId};

/// `GET /api/v1/points/{id}/availability?item=&from=&to=`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Availability {
    pub point: PointId,
    pub item: ItemId,
    /// The schedule (group of windows) the item is booked in at this point.
    pub schedule: String,
    /// Today, by the server's clock.
    pub today: NaiveDate,
    /// The last day that can be booked.
    pub last_bookable: NaiveDate,
    pub cutoff_minutes: u32,
    pub days: Vec<AvailabilityDay>,
}

/// What a day looks like for booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DayStatus {
    /// At least one slot can be booked.
    Open,
    /// There are slots, but none with a seat left that is still before its cut-off.
    Full,
    /// No slots: `closed` says why.
    Closed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AvailabilityDay {
    pub date: NaiveDate,
    pub status: DayStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<ClosedReason>,
    pub slots: Vec<AvailabilitySlot>,
}

/// What a slot looks like for booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SlotStatus {
    Open,
    Full,
    PastCutoff,
}

impl SlotStatus {
    pub fn of(timing: SlotTiming, seats_left: u32) -> SlotStatus {
        match timing {
            SlotTiming::PastCutoff => SlotStatus::PastCutoff,
            SlotTiming::Open if seats_left == 0 => SlotStatus::Full,
            SlotTiming::Open => SlotStatus::Open,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AvailabilitySlot {
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub seats: u32,
    pub seats_left: u32,
    pub status: SlotStatus,
}

/// `POST /api/v1/auth/code`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeRequest {
    pub phone: String,
}

/// The code is on its way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeSent {
    /// When the code stops working (local time).
    pub expires_at: NaiveDateTime,
    /// Seconds before another code can be asked for this number.
    pub resend_after_seconds: u32,
}

/// `POST /api/v1/auth/verify`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerifyRequest {
    pub phone: String,
    pub code: String,
}

/// A resident's token, sent back as `Authorization: Bearer TOKEN`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResidentToken {
    pub token: String,
    pub expires_at: NaiveDateTime,
}

/// `POST /api/v1/bookings`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewBooking {
    pub point: PointId,
    pub item: ItemId,
    /// The slot's start, as availability gave it.
    pub starts_at: NaiveDateTime,
    /// Who comes (the resident, or the person booked for).
    pub name: String,
    /// Booked for someone else (委托代办): `name` is theirs, the booker's number is kept.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub on_behalf: bool,
    /// The booked person to the booker (母亲, neighbour…), only with `on_behalf`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation: Option<String>,
}

/// `POST /api/v1/bookings/{code}/reschedule`: another slot of the same point and item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RescheduleBooking {
    pub starts_at: NaiveDateTime,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    Active,
    Cancelled,
}

impl BookingStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            BookingStatus::Active => "active",
            BookingStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<BookingStatus> {
        match text {
            "active" => Some(BookingStatus::Active),
            "cancelled" => Some(BookingStatus::Cancelled),
            _ => None,
        }
    }
}

/// Where a booking is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingPoint {
    pub id: PointId,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    pub address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_en: Option<String>,
    pub phone: String,
}

/// What a booking is for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingItem {
    pub id: ItemId,
    pub name: String,
    pub name_en: String,
}

/// A booking as the resident sees it: the code to show at the kiosk, the slot, the point and
/// every material to bring (一次告知, again).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Booking {
    pub code: String,
    pub status: BookingStatus,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    /// Who comes.
    pub name: String,
    /// Set when it was booked for someone else (委托代办).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy: Option<Proxy>,
    pub point: BookingPoint,
    pub item: BookingItem,
    pub materials: Vec<Material>,
    pub created_at: NaiveDateTime,
}

/// `GET /api/v1/items/{id}/booking-points`: the points where the item can be booked (those
/// with a schedule for it), by point id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingPoints {
    pub item: ItemId,
    pub points: Vec<BookingPoint>,
}

/// A booking made for someone else: who booked it (their verified number, masked) and how the
/// person coming is related to them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Proxy {
    /// The booker's number as `138****5678`.
    pub booker_phone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation: Option<String>,
}

/// `GET /api/v1/bookings`: the resident's own, soonest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Bookings {
    pub bookings: Vec<Booking>,
}

/// `POST /api/v1/waitlist`: wait for a seat on a full day, or in one full slot of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewWaitlistEntry {
    pub point: PointId,
    pub item: ItemId,
    pub date: NaiveDate,
    /// One slot of that day; none: any slot of the day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<NaiveDateTime>,
}

/// Where a waiting-list entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WaitlistStatus {
    /// In line.
    Waiting,
    /// A seat is held for the resident: `held_slot` until `held_until`; book it as usual.
    Offered,
    /// The resident booked the held seat.
    Booked,
    /// The hold ran out unclaimed; the seat went to the next in line.
    Lapsed,
    /// The resident left the line.
    Withdrawn,
}

impl WaitlistStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            WaitlistStatus::Waiting => "waiting",
            WaitlistStatus::Offered => "offered",
            WaitlistStatus::Booked => "booked",
            WaitlistStatus::Lapsed => "lapsed",
            WaitlistStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(text: &str) -> Option<WaitlistStatus> {
        [
            WaitlistStatus::Waiting,
            WaitlistStatus::Offered,
            WaitlistStatus::Booked,
            WaitlistStatus::Lapsed,
            WaitlistStatus::Withdrawn,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// One of the resident's waiting-list entries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WaitlistEntry {
    pub id: i64,
    pub point: PointId,
    pub item: ItemId,
    pub date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<NaiveDateTime>,
    pub status: WaitlistStatus,
    /// The slot whose seat is held for the resident (status `offered`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held_slot: Option<NaiveDateTime>,
    /// Until when it is held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held_until: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

/// `GET /api/v1/waitlist`: the resident's entries, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Waitlist {
    pub entries: Vec<WaitlistEntry>,
}

/// `POST /api/v1/staff/bookings/{code}/no-show`: the booking marked, and whether its number is
/// now barred from booking (and until when).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoShowMarked {
    pub code: String,
    pub marked_at: NaiveDateTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub barred_until: Option<NaiveDateTime>,
}

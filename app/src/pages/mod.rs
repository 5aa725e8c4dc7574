//! One file per route.

pub mod booking;
pub mod bookings;
pub mod category;
pub mod home;
pub mod item;
pub mod lazy;
pub mod list;
pub mod not_found;
pub mod point;
pub mod search;

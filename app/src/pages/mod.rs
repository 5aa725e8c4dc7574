//! One file per route.

pub mod category;
pub mod home;
pub mod item;
pub mod lazy;
pub mod list;
pub mod not_found;
pub mod point;
pub mod search;

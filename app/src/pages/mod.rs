//! One file per route.

pub mod item;
pub mod point;
pub mod search;

//! Pure domain rules, each with its unit tests beside it.

pub mod hours;
#[cfg(feature = "search")]
pub mod search;
pub mod validate;

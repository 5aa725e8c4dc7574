//! Pure domain rules, each with its unit tests beside it.

pub mod draft;
pub mod english;
pub mod geo;
pub mod hours;
pub mod insights;
pub mod retirement;
#[cfg(feature = "search")]
pub mod search;
pub mod staff;
pub mod takeaway;
pub mod validate;

//! Pure domain rules, each with its unit tests beside it.

pub mod booking;
pub mod calendar;
pub mod case;
pub mod draft;
pub mod english;
pub mod forms;
pub mod geo;
pub mod hours;
pub mod ics;
pub mod insights;
pub mod listing;
pub mod resident;
pub mod retirement;
pub mod schedule;
#[cfg(feature = "search")]
pub mod search;
pub mod staff;
pub mod takeaway;
pub mod validate;

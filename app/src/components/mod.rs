//! Pieces used by more than one page, or tested on their own.

pub mod materials;
pub mod notice;
pub mod results;

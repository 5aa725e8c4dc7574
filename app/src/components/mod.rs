//! Pieces used by more than one page, or tested on their own.

pub mod icons;
pub mod idle;
pub mod link;
pub mod loaded;
pub mod materials;
pub mod nearby;
pub mod notice;
pub mod qr;
pub mod results;
pub mod search_box;
pub mod takeaway;
pub mod title;
pub mod topbar;

//! One file per page of the console.

pub mod accounts;
pub mod audit;
pub mod directory;
pub mod draft;
pub mod fields;
pub mod item;
pub mod login;
pub mod not_found;
pub mod point;
pub mod publish;

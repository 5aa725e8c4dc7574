//! One file per page of the console.

pub mod accounts;
pub mod audit;
pub mod categories;
pub mod directory;
pub mod directory_file;
pub mod draft;
pub mod fields;
pub mod insights;
pub mod item;
pub mod login;
pub mod new_record;
pub mod not_found;
pub mod password;
pub mod point;
pub mod publish;
pub mod retire;

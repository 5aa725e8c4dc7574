//! Linli's server. `main.rs` only parses the command line and calls [`cli::run`].

pub mod appointments;
pub mod auth;
pub mod cases;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod directory;
pub mod error;
pub mod http;
pub mod insights;
pub mod sms;
pub mod startup;
pub mod store;
pub mod telemetry;

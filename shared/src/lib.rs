//! Types and pure rules that the Linli app (WebAssembly) and server share.
//!
//! Nothing here touches HTTP, SQL or the DOM, so it builds for wasm32 and native alike.

pub mod api;
pub mod directory;
pub mod domain;
pub mod error;
pub mod ids;
pub mod kiosk;
pub mod query;
pub mod typing;

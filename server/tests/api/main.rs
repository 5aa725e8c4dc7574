//! API tests from the outside: each test gets its own database (SQLite by default, PostgreSQL
//! when TEST_DATABASE_URL is set) and calls the real router.

mod helpers;
mod staff_helpers;
mod wire;

mod appointments;
mod cases;
mod connections;
mod directory;
mod english;
mod errors;
mod heads;
mod import;
mod nearby;
mod search;
mod security;
mod settings;
mod staff_audit;
mod staff_auth;
mod staff_directory;
mod staff_drafts;
mod staff_insights;
mod staff_matrix;
mod static_files;
mod storage;

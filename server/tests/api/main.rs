//! API tests from the outside: each test gets its own database (SQLite by default, PostgreSQL
//! when TEST_DATABASE_URL is set) and calls the real router.

mod helpers;
mod wire;

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
mod static_files;
mod storage;

//! The API over HTTP, on SQLite by default and on PostgreSQL with `TEST_DATABASE_URL`.

mod fixtures;
mod helpers;

mod auth;
mod editions;
mod import;
mod tokens;
mod validation;
mod writes;

//! The API over HTTP, on SQLite by default and on PostgreSQL with `TEST_DATABASE_URL`.

mod fixtures;
mod helpers;

mod auth;
mod bodies;
mod changes;
mod conflicts;
mod editions;
mod import;
mod openapi;
mod preconditions;
mod rate_limit;
mod tokens;
mod validation;
mod writes;

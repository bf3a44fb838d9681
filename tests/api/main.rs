//! The API over HTTP, on SQLite by default and on PostgreSQL with `TEST_DATABASE_URL`.

mod fixtures;
mod helpers;

mod agreements;
mod auth;
mod bodies;
mod caching;
mod catalogue;
mod changes;
mod compare;
mod conflicts;
mod cors;
mod editions;
mod errors;
mod figures;
mod formats;
mod headline;
mod import;
mod openapi;
mod operations;
mod paging;
mod people;
mod preconditions;
mod process;
mod rate_limit;
mod search;
mod series;
mod sessions;
mod summary;
mod tokens;
mod validation;
mod writes;

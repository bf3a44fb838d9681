//! The API over HTTP, on SQLite by default and on PostgreSQL with `TEST_DATABASE_URL`.

mod helpers;

mod agreements;
mod caching;
mod catalogue;
mod compare;
mod cors;
mod editions;
mod errors;
mod figures;
mod formats;
mod headline;
mod paging;
mod people;
mod search;
mod series;
mod sessions;
mod summary;

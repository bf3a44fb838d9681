//! The API over HTTP, on SQLite by default and on PostgreSQL with `TEST_DATABASE_URL`.

mod helpers;

mod agreements;
mod catalogue;
mod compare;
mod editions;
mod figures;
mod headline;
mod people;
mod series;
mod sessions;
mod summary;

//! The API over HTTP, on SQLite by default and on PostgreSQL with `TEST_DATABASE_URL`.

mod helpers;

mod compare;
mod editions;
mod figures;
mod headline;
mod series;
mod summary;

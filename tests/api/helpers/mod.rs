//! Test harness: every test starts the real application on a free port with a database of its
//! own, and talks to it over HTTP. SQLite by default; PostgreSQL when `TEST_DATABASE_URL`
//! names a server (its admin URL, e.g. postgres://postgres@127.0.0.1:5432/postgres). A
//! PostgreSQL that is asked for and does not answer fails the run: nothing is skipped.

mod app;
mod database;
mod logs;
mod responses;
mod seeds;

pub use app::*;
pub use database::*;
pub use logs::*;
pub use responses::*;
pub use seeds::*;

//! Database work off the request threads: reads on the blocking pool, writes in one queue per
//! process, each write in a transaction that moves the data version.

use std::sync::Arc;

use actix_web::web;

use super::{DbConnection, DbPool, VersionReader, bump_data_version};
use crate::error::{ApiError, ApiResult};

/// Runs database work on the blocking pool, so that request threads never wait on I/O.
#[derive(Clone)]
pub struct Db {
    pool: DbPool,
    /// Writers take turns here, first come first served, before they take a connection. The
    /// database serialises writers anyway (SQLite's file lock; the data version's row lock on
    /// PostgreSQL), but SQLite's busy handler retries by sleeping, which made a crowd of
    /// writers wait hundreds of milliseconds; and a queue of writers holding pooled
    /// connections would leave none for reads.
    writers: Arc<tokio::sync::Mutex<()>>,
    versions: Arc<VersionReader>,
}

/// What a write closure returns: its value, and whether it changed anything (if not,
/// the transaction is rolled back and the data version stays, so ETags stay valid).
pub struct Written<T> {
    pub value: T,
    pub changed: bool,
}

enum Rollback<T> {
    Unchanged(T),
    Failed(ApiError),
}

impl<T> From<diesel::result::Error> for Rollback<T> {
    fn from(error: diesel::result::Error) -> Self {
        Rollback::Failed(error.into())
    }
}

impl Db {
    /// `version_max_age`: how long one reading of the data version serves the reads after it.
    pub fn new(pool: DbPool, version_max_age: std::time::Duration) -> Self {
        Db { versions: Arc::new(VersionReader::new(pool.clone(), version_max_age)), pool, writers: Arc::default() }
    }

    /// The data version, which every versioned GET reads first: from the version reader, with
    /// one query for all the requests waiting.
    pub async fn version(&self) -> ApiResult<i64> {
        self.versions.read().await
    }

    pub fn pool(&self) -> &DbPool {
        &self.pool
    }

    /// Runs `f`, which only reads, with a pooled connection.
    pub async fn read<T, F>(&self, f: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> ApiResult<T> + Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await?
    }

    /// Runs `f`, which writes and manages its own transaction (an import, a token), in its
    /// turn among this process's writers.
    pub async fn run_writer<T, F>(&self, f: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> ApiResult<T> + Send + 'static,
    {
        let turn = self.writers.clone().lock_owned().await;
        let pool = self.pool.clone();
        let versions = self.versions.clone();
        web::block(move || {
            // Held until the work is done, even if the client has gone.
            let _turn = turn;
            let mut conn = pool.get()?;
            let outcome = f(&mut conn);
            // Whatever it wrote is committed (or rolled back) by now; reads after this reply
            // must ask the database.
            versions.forget();
            outcome
        })
        .await?
    }

    /// Runs `f` in a write transaction. `f` gets the data version as it was before this
    /// write (for `If-Match`); the transaction holds the write lock from its first statement.
    pub async fn write<T, F>(&self, f: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection, i64) -> ApiResult<Written<T>> + Send + 'static,
    {
        self.run_writer(move |conn| {
            use diesel::Connection;
            let outcome = conn.transaction::<T, Rollback<T>, _>(|conn| {
                let version = bump_data_version(conn)?;
                match f(conn, version - 1) {
                    Ok(Written { value, changed: true }) => Ok(value),
                    Ok(Written { value, changed: false }) => Err(Rollback::Unchanged(value)),
                    Err(error) => Err(Rollback::Failed(error)),
                }
            });
            match outcome {
                Ok(value) | Err(Rollback::Unchanged(value)) => Ok(value),
                Err(Rollback::Failed(error)) => Err(error),
            }
        })
        .await
    }
}

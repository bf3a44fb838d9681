//! The database layer: which backend a URL names, the connection type shared by both
//! backends, the pool, migrations and the data version.

mod access;
pub mod schema;
mod version;

pub use access::{Db, Written};
pub use version::VersionReader;

use std::sync::Arc;
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use scheduled_thread_pool::{OnPoolDropBehavior, ScheduledThreadPool};

/// One connection type for both backends: queries written once against it run on either.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Sqlite(diesel::SqliteConnection),
    Pg(diesel::PgConnection),
}

pub type DbPool = Pool<ConnectionManager<DbConnection>>;
pub type PooledDb = PooledConnection<ConnectionManager<DbConnection>>;

/// Runs `$body` with `$c` bound to the backend's own connection type. For the few things
/// diesel's multi-backend connection cannot express (multi-row inserts, advisory locks).
#[macro_export]
macro_rules! per_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::DbConnection::Sqlite($c) => $body,
            $crate::db::DbConnection::Pg($c) => $body,
        }
    };
}

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Guards migrations and first-run seeding when several instances start at once.
const STARTUP_LOCK_ID: i64 = 0x0066_6f72_756d; // "forum"

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// A database URL as the user gave it, resolved to a backend and what diesel connects to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    pub backend: Backend,
    /// The SQLite file path, or the PostgreSQL URL.
    pub target: String,
}

impl DatabaseUrl {
    /// `postgres://…`, `postgresql://…`, `sqlite://PATH`, `sqlite:PATH` or a bare path.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err("the database URL is empty".into());
        }
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            return Ok(Self { backend: Backend::Postgres, target: raw.to_string() });
        }
        let path = if let Some(rest) = raw.strip_prefix("sqlite://") {
            rest
        } else if let Some(rest) = raw.strip_prefix("sqlite:") {
            rest
        } else if let Some((scheme, _)) = raw.split_once("://") {
            return Err(format!(
                "unsupported database URL scheme `{scheme}://`: use sqlite://PATH, a file path or postgres://…"
            ));
        } else {
            raw
        };
        if path.is_empty() || path == ":memory:" {
            return Err("SQLite needs a file path (an in-memory database is not shared by the pool)".into());
        }
        Ok(Self { backend: Backend::Sqlite, target: path.to_string() })
    }

    /// The URL with any password hidden, for logs.
    pub fn redacted(&self) -> String {
        match self.backend {
            Backend::Sqlite => format!("sqlite://{}", self.target),
            Backend::Postgres => redact_password(&self.target),
        }
    }
}

fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_string();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("PostgreSQL at {url} does not answer: {reason}")]
    PostgresUnreachable { url: String, reason: String },
    #[error("cannot open the SQLite database {path}: {reason}")]
    SqliteUnavailable { path: String, reason: String },
    #[error("cannot build the connection pool for {url}: {reason}")]
    Pool { url: String, reason: String },
}

/// Settings every pooled connection gets when it is opened.
#[derive(Debug, Clone, Copy)]
struct ConnectionSettings {
    busy_timeout_ms: u64,
}

impl CustomizeConnection<DbConnection, diesel::r2d2::Error> for ConnectionSettings {
    fn on_acquire(&self, conn: &mut DbConnection) -> Result<(), diesel::r2d2::Error> {
        if let DbConnection::Sqlite(c) = conn {
            // WAL lets readers run beside the writer; the busy timeout makes a second
            // writer wait for the lock instead of failing.
            c.batch_execute(&format!(
                "PRAGMA busy_timeout = {}; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
                self.busy_timeout_ms
            ))
            .map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone)]
pub struct PoolOptions {
    pub max_size: u32,
    pub connect_timeout: Duration,
    pub busy_timeout: Duration,
}

impl Default for PoolOptions {
    fn default() -> Self {
        Self { max_size: 16, connect_timeout: Duration::from_secs(5), busy_timeout: Duration::from_secs(5) }
    }
}

/// Opens one connection first so that an unreachable server is reported as such, then builds
/// the pool.
pub fn connect(url: &DatabaseUrl, options: &PoolOptions) -> Result<DbPool, ConnectError> {
    drop(establish(url, options)?);
    Pool::builder()
        .max_size(options.max_size)
        .min_idle(Some(1))
        // A broken connection is noticed when it fails (and dropped); a ping on every checkout
        // would double the queries of every request.
        .test_on_check_out(false)
        .connection_timeout(options.connect_timeout)
        .connection_customizer(Box::new(settings(options)))
        .thread_pool(pool_threads())
        .build(ConnectionManager::<DbConnection>::new(target(url, options)))
        .map_err(|e| ConnectError::Pool { url: url.redacted(), reason: e.to_string() })
}

/// r2d2's own threads wait, once their pool is dropped, for the reaping or reconnecting it had
/// scheduled (up to 30 s): every dropped pool would leave threads behind, and a process that
/// exits (a test run, a command) while threads still work is one whose exit can go wrong. These
/// end as soon as the pool is dropped.
fn pool_threads() -> Arc<ScheduledThreadPool> {
    Arc::new(
        ScheduledThreadPool::builder()
            .num_threads(3)
            .thread_name_pattern("r2d2-worker-{}")
            .on_drop_behavior(OnPoolDropBehavior::DiscardPendingScheduled)
            .build(),
    )
}

fn settings(options: &PoolOptions) -> ConnectionSettings {
    ConnectionSettings { busy_timeout_ms: options.busy_timeout.as_millis() as u64 }
}

fn target(url: &DatabaseUrl, options: &PoolOptions) -> String {
    match url.backend {
        Backend::Postgres => with_connect_timeout(&url.target, options.connect_timeout),
        Backend::Sqlite => url.target.clone(),
    }
}

/// One connection, set up as the pool sets up its own: for the commands that do one thing and
/// exit (a pool keeps threads that may still be connecting when the process ends).
pub fn establish(url: &DatabaseUrl, options: &PoolOptions) -> Result<DbConnection, ConnectError> {
    if url.backend == Backend::Sqlite
        && let Some(parent) = std::path::Path::new(&url.target).parent()
        && !parent.as_os_str().is_empty()
        && !parent.exists()
    {
        return Err(ConnectError::SqliteUnavailable {
            path: url.target.clone(),
            reason: format!("the folder {} does not exist", parent.display()),
        });
    }
    let mut conn = DbConnection::establish(&target(url, options)).map_err(|e| match url.backend {
        Backend::Postgres => {
            ConnectError::PostgresUnreachable { url: url.redacted(), reason: e.to_string().trim().to_string() }
        }
        Backend::Sqlite => ConnectError::SqliteUnavailable { path: url.target.clone(), reason: e.to_string() },
    })?;
    settings(options)
        .on_acquire(&mut conn)
        .map_err(|e| ConnectError::SqliteUnavailable { path: url.target.clone(), reason: e.to_string() })?;
    Ok(conn)
}

/// libpq waits as long as the OS lets a TCP connect hang unless told otherwise.
fn with_connect_timeout(url: &str, timeout: Duration) -> String {
    if url.contains("connect_timeout=") {
        return url.to_string();
    }
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}connect_timeout={}", timeout.as_secs().max(1))
}

/// Applies pending migrations of the connection's backend; returns how many ran.
pub fn run_migrations(conn: &mut DbConnection) -> Result<usize, Box<dyn std::error::Error + Send + Sync>> {
    let applied = match conn {
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS)?.len(),
        DbConnection::Pg(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS)?.len(),
    };
    Ok(applied)
}

impl DbConnection {
    pub fn backend(&self) -> Backend {
        match self {
            DbConnection::Sqlite(_) => Backend::Sqlite,
            DbConnection::Pg(_) => Backend::Postgres,
        }
    }
}

/// Runs `f` while holding a database-wide lock, so that instances starting together migrate and
/// seed one after the other. SQLite needs none: its writers are serialised by the file lock.
pub fn with_startup_lock<T, E>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    if let DbConnection::Pg(pg) = conn {
        diesel::sql_query(format!("SELECT pg_advisory_lock({STARTUP_LOCK_ID})")).execute(pg)?;
        let result = f(conn);
        if let DbConnection::Pg(pg) = conn {
            diesel::sql_query(format!("SELECT pg_advisory_unlock({STARTUP_LOCK_ID})")).execute(pg)?;
        }
        result
    } else {
        f(conn)
    }
}

/// The version of the data: it changes with every committed write. The table holds one row,
/// so no `LIMIT` (see `queries`: a bound one makes SQLite re-prepare the statement).
pub fn data_version(conn: &mut DbConnection) -> QueryResult<i64> {
    use schema::data_version::dsl;
    dsl::data_version.select(dsl::version).get_result(conn)
}

/// Every write transaction starts here. Taking the row lock first orders writers: on
/// SQLite the transaction takes the write lock before reading, so a concurrent writer
/// waits (busy timeout) instead of failing to upgrade a read lock.
pub fn bump_data_version(conn: &mut DbConnection) -> QueryResult<i64> {
    use schema::data_version::dsl;
    diesel::update(dsl::data_version.filter(dsl::id.eq(1)))
        .set(dsl::version.eq(dsl::version + 1))
        .returning(dsl::version)
        .get_result(conn)
}

/// True when the database has never been written to (a fresh file or schema).
pub fn is_pristine(conn: &mut DbConnection) -> QueryResult<bool> {
    Ok(data_version(conn)? == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_url_form() {
        assert_eq!(
            DatabaseUrl::parse("forum.db").unwrap(),
            DatabaseUrl { backend: Backend::Sqlite, target: "forum.db".into() }
        );
        assert_eq!(DatabaseUrl::parse("sqlite://data/f.db").unwrap().target, "data/f.db");
        assert_eq!(DatabaseUrl::parse("sqlite:///tmp/f.db").unwrap().target, "/tmp/f.db");
        assert_eq!(DatabaseUrl::parse("sqlite:f.db").unwrap().target, "f.db");
        assert_eq!(DatabaseUrl::parse("postgres://u@h/db").unwrap().backend, Backend::Postgres);
        assert_eq!(DatabaseUrl::parse("postgresql://u@h/db").unwrap().backend, Backend::Postgres);
        assert!(DatabaseUrl::parse("mysql://h/db").unwrap_err().contains("mysql://"));
        assert!(DatabaseUrl::parse("").is_err());
        assert!(DatabaseUrl::parse("sqlite://:memory:").is_err());
    }

    #[test]
    fn hides_passwords() {
        let url = DatabaseUrl::parse("postgres://app:secret@db:5432/forum").unwrap();
        assert_eq!(url.redacted(), "postgres://app:***@db:5432/forum");
    }

    #[test]
    fn adds_a_connect_timeout_once() {
        assert_eq!(
            with_connect_timeout("postgres://h/db", Duration::from_secs(3)),
            "postgres://h/db?connect_timeout=3"
        );
        assert_eq!(
            with_connect_timeout("postgres://h/db?sslmode=disable", Duration::from_secs(3)),
            "postgres://h/db?sslmode=disable&connect_timeout=3"
        );
        assert_eq!(
            with_connect_timeout("postgres://h/db?connect_timeout=9", Duration::from_secs(3)),
            "postgres://h/db?connect_timeout=9"
        );
    }
}

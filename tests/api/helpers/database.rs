//! Databases for tests: a migrated (and seeded) template made once per run, copied for each
//! test; the settings an app under test runs with.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use diesel::prelude::*;
use forum_metrics::config::{CorsOrigins, Settings};
use forum_metrics::db::{Backend, DatabaseUrl, PoolOptions};
use forum_metrics::startup::prepare_database;

use super::seeds::seeds_dir;

/// The PostgreSQL server the suite runs on, if any.
pub fn postgres_admin_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.trim().is_empty())
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A number no other call in this run has had.
pub(super) fn next_number() -> usize {
    COUNTER.fetch_add(1, Ordering::SeqCst)
}

fn unique_name(prefix: &str) -> String {
    format!("{prefix}_{}_{}", std::process::id(), next_number())
}

fn pool_options() -> PoolOptions {
    PoolOptions { max_size: 4, connect_timeout: Duration::from_secs(5), busy_timeout: Duration::from_secs(10) }
}

/// A database that exists for one test.
pub enum TestDatabase {
    Sqlite { _dir: tempfile::TempDir, path: PathBuf },
    Postgres { admin_url: String, name: String, url: String },
}

impl TestDatabase {
    pub fn url(&self) -> String {
        match self {
            TestDatabase::Sqlite { path, .. } => format!("sqlite://{}", path.display()),
            TestDatabase::Postgres { url, .. } => url.clone(),
        }
    }

    pub fn parsed(&self) -> DatabaseUrl {
        DatabaseUrl::parse(&self.url()).expect("test URLs parse")
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let TestDatabase::Postgres { admin_url, name, .. } = self
            && let Ok(mut conn) = PgConnection::establish(admin_url)
        {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).execute(&mut conn);
        }
    }
}

fn with_database(admin_url: &str, name: &str) -> String {
    let (base, query) = match admin_url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (admin_url, String::new()),
    };
    let server = base.rsplit_once('/').map(|(s, _)| s).unwrap_or(base);
    format!("{server}/{name}{query}")
}

fn admin_connection(admin_url: &str) -> PgConnection {
    PgConnection::establish(admin_url).unwrap_or_else(|e| {
        panic!("TEST_DATABASE_URL asks for PostgreSQL at {admin_url}, which does not answer: {e}. Start it, or unset TEST_DATABASE_URL.")
    })
}

/// Databases left by runs that crashed (their process is gone).
fn drop_orphans(conn: &mut PgConnection) {
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = diesel::sql_types::Text)]
        datname: String,
    }
    let names: Vec<Name> = diesel::sql_query("SELECT datname FROM pg_database WHERE datname LIKE 'fmtest\\_%'")
        .load(conn)
        .unwrap_or_default();
    for Name { datname } in names {
        let pid = datname.rsplit('_').nth(1).and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|pid| !Path::new(&format!("/proc/{pid}")).exists()) {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS \"{datname}\" WITH (FORCE)")).execute(conn);
        }
    }
}

/// Migrates a database and, when asked, loads the seeds: the template tests copy.
fn prepare(url: &DatabaseUrl, seeded: bool) {
    let seeds = seeded.then(seeds_dir);
    let pool = prepare_database(url, &pool_options(), seeds.as_deref()).expect("the template database prepares");
    drop(pool);
    if url.backend == Backend::Sqlite {
        // Tests copy the template's file alone, so its last commits must leave the -wal file:
        // a connection the pool opened in the background may still keep it from closing cleanly.
        #[derive(QueryableByName)]
        struct Checkpoint {
            #[diesel(sql_type = diesel::sql_types::Integer)]
            busy: i32,
        }
        let mut conn = SqliteConnection::establish(&url.target).expect("the template opens");
        diesel::sql_query("PRAGMA busy_timeout = 10000").execute(&mut conn).unwrap();
        let done: Checkpoint =
            diesel::sql_query("PRAGMA wal_checkpoint(TRUNCATE)").get_result(&mut conn).expect("a checkpoint");
        assert_eq!(done.busy, 0, "the template's WAL could not be checkpointed");
    }
}

enum Template {
    Sqlite { _dir: tempfile::TempDir, path: PathBuf },
    Postgres { name: String },
}

fn template(seeded: bool) -> &'static Template {
    static SEEDED: OnceLock<Template> = OnceLock::new();
    static EMPTY: OnceLock<Template> = OnceLock::new();
    let cell = if seeded { &SEEDED } else { &EMPTY };
    cell.get_or_init(|| match postgres_admin_url() {
        Some(admin) => {
            let mut conn = admin_connection(&admin);
            drop_orphans(&mut conn);
            let name = unique_name(if seeded { "fmtest_tpl_seeded" } else { "fmtest_tpl_empty" });
            diesel::sql_query(format!("CREATE DATABASE \"{name}\""))
                .execute(&mut conn)
                .expect("create the template database");
            prepare(&DatabaseUrl::parse(&with_database(&admin, &name)).unwrap(), seeded);
            Template::Postgres { name }
        }
        None => {
            let dir = tempfile::tempdir().expect("a temporary folder");
            let path = dir.path().join("template.db");
            prepare(&DatabaseUrl::parse(&format!("sqlite://{}", path.display())).unwrap(), seeded);
            Template::Sqlite { _dir: dir, path }
        }
    })
}

/// A fresh database: migrated, and seeded when asked.
pub fn fresh_database(seeded: bool) -> TestDatabase {
    match template(seeded) {
        Template::Postgres { name: template } => {
            let admin = postgres_admin_url().expect("a PostgreSQL template implies TEST_DATABASE_URL");
            let mut conn = admin_connection(&admin);
            let name = unique_name("fmtest_db");
            // The template's pool may still be closing a connection it opened in the background,
            // and PostgreSQL copies no database someone is connected to: wait for it.
            let mut attempts = 0;
            while let Err(e) =
                diesel::sql_query(format!("CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"")).execute(&mut conn)
            {
                attempts += 1;
                assert!(
                    attempts < 50 && e.to_string().contains("being accessed by other users"),
                    "copy the template: {e}"
                );
                std::thread::sleep(Duration::from_millis(100));
            }
            let url = with_database(&admin, &name);
            TestDatabase::Postgres { admin_url: admin, name, url }
        }
        Template::Sqlite { path: template, .. } => {
            let dir = tempfile::tempdir().expect("a temporary folder");
            let path = dir.path().join("test.db");
            std::fs::copy(template, &path).expect("copy the template");
            TestDatabase::Sqlite { _dir: dir, path }
        }
    }
}

pub fn test_settings(database: &TestDatabase) -> Settings {
    Settings {
        database: database.parsed(),
        pool: pool_options(),
        bind: "127.0.0.1:0".parse().unwrap(),
        workers: 2,
        cors: CorsOrigins::Any,
        body_limit: 256 * 1024,
        import_limit: 8 * 1024 * 1024,
        write_rate_limit: 0,
        reads_require_token: false,
        seeds_dir: None,
        shutdown_timeout: Duration::from_secs(2),
        response_cache_bytes: 8 * 1024 * 1024,
        // Reused readings, as by default, but shorter (the default is 10 ms): a write that does
        // not pass through the app is another process's, seen after ANOTHER_PROCESS_SEEN_AFTER.
        data_version_max_age: Duration::from_millis(1),
        public_url: None,
        trusted_proxies: Vec::new(),
    }
}

/// How long after a write by another process (a helper writing to the database directly) the
/// app is sure to see it: its data version's largest age, and then some.
pub const ANOTHER_PROCESS_SEEN_AFTER: Duration = Duration::from_millis(5);

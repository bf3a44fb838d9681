//! The binary as a process: stopped by SIGTERM, killed in the middle of an import, and run as
//! two instances on one database.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use diesel::prelude::*;
use forum_metrics::db::{self, DbConnection, PoolOptions};
use forum_metrics::domain::TokenScope;
use futures_util::StreamExt;
use serde_json::{Value, json};

use crate::helpers::{TestDatabase, fresh_database};

const BINARY: &str = env!("CARGO_BIN_EXE_forum-metrics");

/// A `forum-metrics serve` process on a database, and the address it listens on.
struct Server {
    child: Child,
    address: String,
    log: mpsc::Receiver<String>,
}

impl Server {
    fn start(database: &TestDatabase) -> Server {
        Server::start_with(database, &[])
    }

    fn start_with(database: &TestDatabase, settings: &[(&str, &str)]) -> Server {
        let mut child = Command::new(BINARY)
            .arg("serve")
            .envs(settings.iter().copied())
            .env("DATABASE_URL", database.url())
            .env("BIND", "127.0.0.1:0")
            .env("SEED", "false")
            .env("WORKERS", "2")
            .env("POOL_SIZE", "4")
            .env("WRITE_RATE_LIMIT", "0")
            .env("SHUTDOWN_TIMEOUT", "10")
            .env("RUST_LOG", "info")
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("the binary starts");
        let stderr = child.stderr.take().unwrap();
        let (sender, log) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(20);
        let address = loop {
            let line = log
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("the server logs its address");
            if let Some(rest) = line.split("listening on ").nth(1) {
                break rest.split(';').next().unwrap().trim().to_string();
            }
        };
        Server { child, address, log }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    fn terminate(&self) {
        let status = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().unwrap();
        assert!(status.success());
    }

    /// Waits for the process to end; its exit code and the rest of its log.
    fn wait(mut self, limit: Duration) -> (Option<i32>, Vec<String>) {
        let deadline = Instant::now() + limit;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(Instant::now() < deadline, "the process did not stop within {limit:?}");
            std::thread::sleep(Duration::from_millis(20));
        };
        (status.code(), self.log.try_iter().collect())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn connect(database: &TestDatabase) -> db::DbPool {
    db::connect(&database.parsed(), &PoolOptions { max_size: 2, ..PoolOptions::default() }).unwrap()
}

/// A bundle of one new edition with `figures` figures of a new metric from a new source.
fn big_bundle(year: i32, figures: usize) -> Value {
    let figures: Vec<Value> = (0..figures)
        .map(|i| {
            json!({"edition": year, "metric": "process_test_metric", "value": i, "qualifier": "exact",
                   "status": if i % 2 == 0 { "actual" } else { "expected" }, "source": "process-test-source",
                   "quote": format!("figure {i}")})
        })
        .collect();
    json!({
        "sources": [{"key": "process-test-source", "title": "A test source", "language": "en"}],
        "metrics": [{"code": "process_test_metric", "label_ru": "Тест", "label_en": "Test", "unit": "items", "description": "For tests."}],
        "editions": [{"year": year, "title": "Test edition", "city": "Екатеринбург"}],
        "figures": figures,
    })
}

#[derive(QueryableByName, Debug, PartialEq)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

fn state_of(conn: &mut DbConnection) -> (i64, Vec<i64>) {
    let counts = ["editions", "sources", "metrics", "figures", "changes"]
        .iter()
        .map(|table| {
            diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}")).get_result::<Count>(conn).unwrap().n
        })
        .collect();
    (db::data_version(conn).unwrap(), counts)
}

/// Whether another connection is inside a write transaction on this database.
fn import_in_progress(conn: &mut DbConnection) -> bool {
    match conn {
        DbConnection::Sqlite(c) => {
            // Taking the write lock without waiting fails while another writer holds it.
            diesel::sql_query("PRAGMA busy_timeout = 0").execute(c).unwrap();
            let busy = diesel::sql_query("BEGIN IMMEDIATE").execute(c).is_err();
            if !busy {
                diesel::sql_query("ROLLBACK").execute(c).unwrap();
            }
            busy
        }
        DbConnection::Pg(c) => {
            diesel::sql_query(
                "SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() \
                 AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL",
            )
            .get_result::<Count>(c)
            .unwrap()
            .n > 0
        }
    }
}

#[test]
fn a_process_killed_during_an_import_leaves_the_database_as_it_was() {
    let database = fresh_database(true);
    let pool = connect(&database);
    let before = state_of(&mut pool.get().unwrap());
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("big.json");
    std::fs::write(&file, serde_json::to_vec(&big_bundle(2031, 40_000)).unwrap()).unwrap();

    let mut import = Command::new(BINARY)
        .args(["import", file.to_str().unwrap()])
        .env("DATABASE_URL", database.url())
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut probe = pool.get().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !import_in_progress(&mut probe) {
        assert!(import.try_wait().unwrap().is_none(), "the import ended before it was seen writing");
        assert!(Instant::now() < deadline, "the import never started writing");
        std::thread::sleep(Duration::from_millis(5));
    }
    drop(probe);
    // Let it write a good part of the bundle, then kill it without warning.
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        import.try_wait().unwrap().is_none(),
        "the import finished before it could be killed; make the bundle larger"
    );
    import.kill().unwrap();
    let status = import.wait().unwrap();
    assert_eq!(status.code(), None, "killed by a signal");

    let pool = connect(&database);
    let mut conn = pool.get().unwrap();
    assert_eq!(state_of(&mut conn), before, "nothing of the interrupted import remains");
    if let DbConnection::Sqlite(c) = &mut *conn {
        #[derive(QueryableByName)]
        struct Check {
            #[diesel(sql_type = diesel::sql_types::Text)]
            integrity_check: String,
        }
        let check: Check = diesel::sql_query("PRAGMA integrity_check").get_result(c).unwrap();
        assert_eq!(check.integrity_check, "ok");
    }
    // The database is usable: a small import goes through.
    let small: forum_metrics::import::Bundle = serde_json::from_value(big_bundle(2031, 10)).unwrap();
    let report = forum_metrics::import::import(
        &mut conn,
        &forum_metrics::queries::resources::Actor::cli(),
        &forum_metrics::domain::schema::Checked::trusted(small),
        false,
    )
    .unwrap();
    assert_eq!(report.figures.created, 10);
}

#[actix_web::test]
async fn sigterm_lets_a_stream_in_flight_finish_then_exits_zero() {
    let database = fresh_database(true);
    {
        let pool = connect(&database);
        let bundle: forum_metrics::import::Bundle = serde_json::from_value(big_bundle(2032, 6000)).unwrap();
        forum_metrics::import::import(
            &mut pool.get().unwrap(),
            &forum_metrics::queries::resources::Actor::cli(),
            &forum_metrics::domain::schema::Checked::trusted(bundle),
            false,
        )
        .unwrap();
    }
    let server = Server::start(&database);
    let client = reqwest::Client::new();
    let response = client.get(server.url("/api/v1/figures?edition=2032&format=ndjson")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-total-count"], "6000");
    let mut body = response.bytes_stream();
    let mut received = body.next().await.expect("a first chunk").unwrap().to_vec();
    server.terminate();
    while let Some(chunk) = body.next().await {
        received.extend_from_slice(&chunk.expect("the stream is not cut"));
    }
    let lines = received.split(|b| *b == b'\n').filter(|l| !l.is_empty()).count();
    assert_eq!(lines, 6000, "every row of the stream in flight arrived");
    let (code, log) = server.wait(Duration::from_secs(15));
    assert_eq!(code, Some(0), "exit status after SIGTERM; log: {log:?}");
    assert!(log.iter().any(|l| l.contains("SIGTERM") || l.contains("graceful")), "{log:?}");
}

#[actix_web::test]
async fn two_instances_on_one_database_agree_after_writes_through_either() {
    let database = fresh_database(true);
    let token = {
        let pool = connect(&database);
        forum_metrics::queries::tokens::create(&mut pool.get().unwrap(), "two-instances", TokenScope::Write)
            .unwrap()
            .token
    };
    // B asks the database on every read; A reuses a reading of the data version for up to
    // its default 10 ms.
    let (a, b) = (Server::start(&database), Server::start_with(&database, &[("DATA_VERSION_MAX_AGE_MS", "0")]));
    let client = reqwest::Client::new();
    let get = |server: &Server, path: &str| client.get(server.url(path)).send();

    let first = get(&b, "/api/v1/sources/tass-2025-10-22").await.unwrap();
    let tag = first.headers()["etag"].to_str().unwrap().to_string();
    assert_eq!(
        get(&a, "/api/v1/sources/tass-2025-10-22").await.unwrap().headers()["etag"],
        tag.as_str(),
        "both compute the same tag"
    );

    let patch_notes = |server: &Server, notes: &str| {
        client
            .patch(server.url("/api/v1/sources/tass-2025-10-22"))
            .bearer_auth(&token)
            .header("content-type", "application/merge-patch+json")
            .body(json!({ "notes": notes }).to_string())
            .send()
    };
    assert_eq!(patch_notes(&a, "changed through instance A").await.unwrap().status(), 200);

    let seen = client.get(b.url("/api/v1/sources/tass-2025-10-22")).header("if-none-match", &tag).send().await.unwrap();
    assert_eq!(seen.status(), 200, "B's old tag is stale at once");
    let new_tag = seen.headers()["etag"].to_str().unwrap().to_string();
    assert_ne!(new_tag, tag);
    let body: Value = seen.json().await.unwrap();
    assert_eq!(body["notes"], "changed through instance A");
    assert_eq!(
        get(&a, "/api/v1/sources/tass-2025-10-22").await.unwrap().headers()["etag"],
        new_tag.as_str(),
        "A reads its own write at once"
    );

    // Through B: A sees it once its reading of the version is older than its default 10 ms.
    assert_eq!(patch_notes(&b, "changed through instance B").await.unwrap().status(), 200);
    std::thread::sleep(std::time::Duration::from_millis(15));
    let seen: Value = get(&a, "/api/v1/sources/tass-2025-10-22").await.unwrap().json().await.unwrap();
    assert_eq!(seen["notes"], "changed through instance B");

    // Writers on both instances at once: each waits for the other, none fails.
    let writes = (0..16).map(|i| {
        let server = if i % 2 == 0 { &a } else { &b };
        client
            .post(server.url("/api/v1/organizations"))
            .bearer_auth(&token)
            .json(&json!({"key": format!("concurrent-{i}"), "name": format!("Организация {i}"), "kind": "company"}))
            .send()
    });
    for response in futures_util::future::join_all(writes).await {
        let response = response.unwrap();
        assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    }
    let totals: Vec<String> =
        futures_util::future::join_all([&a, &b].map(|s| get(s, "/api/v1/organizations?q=concurrent-&limit=1")))
            .await
            .into_iter()
            .map(|r| r.unwrap().headers()["x-total-count"].to_str().unwrap().to_string())
            .collect();
    assert_eq!(totals, ["16", "16"]);
}

fn run(args: &[&str], database: &str) -> std::process::Output {
    Command::new(BINARY)
        .args(args)
        .env("DATABASE_URL", database)
        .env("RUST_LOG", "warn")
        .output()
        .expect("the binary runs")
}

#[test]
fn the_first_run_creates_migrates_and_seeds_and_a_restart_loads_nothing_twice() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("first.db");
    let url = format!("sqlite://{}", path.display());
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let start = || {
        let mut child = Command::new(BINARY)
            .env("DATABASE_URL", &url)
            .env("BIND", "127.0.0.1:0")
            .env("SEEDS_DIR", &seeds)
            .env("RUST_LOG", "info")
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let lines: Vec<String> = BufReader::new(child.stderr.take().unwrap())
            .lines()
            .map_while(Result::ok)
            .take_while(|l| !l.contains("listening on"))
            .collect();
        (child, lines)
    };
    let (mut first, log) = start();
    // Stopped before the checks, so that a failing one leaves no server behind.
    first.kill().unwrap();
    first.wait().unwrap();
    let migrations =
        std::fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite")).unwrap().count();
    assert!(path.exists(), "the database file is created");
    assert!(log.iter().any(|l| l.contains(&format!("applied {migrations} migration(s)"))), "{log:?}");
    assert!(log.iter().any(|l| l.contains("loaded") && l.contains("2025")), "{log:?}");
    let pool = db::connect(&db::DatabaseUrl::parse(&url).unwrap(), &PoolOptions::default()).unwrap();
    let before = state_of(&mut pool.get().unwrap());
    assert_eq!(before.1[0], 7, "seven editions");
    drop(pool);
    let (mut second, log) = start();
    second.kill().unwrap();
    second.wait().unwrap();
    assert!(!log.iter().any(|l| l.contains("loaded") || l.contains("applied")), "nothing is loaded twice: {log:?}");
    let pool = db::connect(&db::DatabaseUrl::parse(&url).unwrap(), &PoolOptions::default()).unwrap();
    assert_eq!(state_of(&mut pool.get().unwrap()), before);
}

#[test]
fn an_unreachable_postgresql_is_reported_as_such_and_a_bad_url_as_a_bad_url() {
    let out = run(&["migrate"], "postgres://forum@127.0.0.1:1/forum_metrics");
    assert_eq!(out.status.code(), Some(1));
    let error = String::from_utf8_lossy(&out.stderr);
    assert!(error.contains("PostgreSQL at postgres://forum@127.0.0.1:1/forum_metrics does not answer"), "{error}");
    let out = run(&["migrate"], "mysql://localhost/forum");
    assert_eq!(out.status.code(), Some(1));
    let error = String::from_utf8_lossy(&out.stderr);
    assert!(error.contains("DATABASE_URL") && error.contains("mysql://"), "{error}");
    let out =
        Command::new(BINARY).args(["serve", "--bind", "not-an-address"]).env("DATABASE_URL", "x.db").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("BIND must be an address and port"));
}

#[test]
fn a_log_filter_env_logger_cannot_read_stops_the_start() {
    let out = Command::new(BINARY)
        .arg("migrate")
        .env("DATABASE_URL", "x.db")
        .env("RUST_LOG", "access=loud")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let error = String::from_utf8_lossy(&out.stderr);
    assert!(error.contains("RUST_LOG") && error.contains("access=loud"), "{error}");
}

#[actix_web::test]
async fn tokens_from_the_command_line_are_printed_once_listed_without_secret_and_revoked() {
    let database = fresh_database(true);
    let url = database.url();
    let created = run(&["token", "create", "--name", "cli-editor", "--scope", "write"], &url);
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    let stdout = String::from_utf8(created.stdout).unwrap();
    let token = stdout.trim_end_matches('\n');
    assert!(
        token.starts_with("fm_") && token.len() == 67 && !token.contains(char::is_whitespace),
        "stdout is the token alone: {stdout:?}"
    );
    assert!(String::from_utf8_lossy(&created.stderr).contains("shown once"));

    let listed = run(&["token", "list"], &url);
    let listing = String::from_utf8(listed.stdout).unwrap();
    assert!(listing.contains("cli-editor") && listing.contains("write"), "{listing}");
    assert!(!listing.contains(token), "the secret is never listed");

    let server = Server::start(&database);
    let client = reqwest::Client::new();
    let write = |token: String| {
        client
            .post(server.url("/api/v1/organizations"))
            .bearer_auth(token)
            .json(&json!({"key": format!("cli-{}", rand_suffix()), "name": "Тест", "kind": "other"}))
            .send()
    };
    assert_eq!(write(token.to_string()).await.unwrap().status(), 201);
    let revoked = run(&["token", "revoke", "cli-editor"], &url);
    assert!(revoked.status.success(), "{}", String::from_utf8_lossy(&revoked.stderr));
    assert_eq!(write(token.to_string()).await.unwrap().status(), 401, "a revoked token no longer writes");
    let twice = run(&["token", "create", "--name", "cli-editor", "--scope", "write"], &url);
    assert_eq!(twice.status.code(), Some(1), "names stay taken");
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
}

#[test]
fn connections_are_set_up_for_their_backend() {
    let database = fresh_database(false);
    let pool = connect(&database);
    let mut conn = pool.get().unwrap();
    #[derive(QueryableByName)]
    struct Setting {
        #[diesel(sql_type = diesel::sql_types::Text)]
        value: String,
    }
    let setting =
        |conn: &mut DbConnection, sql: &str| diesel::sql_query(sql).get_result::<Setting>(conn).unwrap().value;
    match &mut *conn {
        DbConnection::Sqlite(_) => {
            assert_eq!(setting(&mut conn, "SELECT journal_mode AS value FROM pragma_journal_mode"), "wal");
            assert_eq!(setting(&mut conn, "SELECT CAST(foreign_keys AS TEXT) AS value FROM pragma_foreign_keys"), "1");
            assert_eq!(setting(&mut conn, "SELECT CAST(timeout AS TEXT) AS value FROM pragma_busy_timeout"), "5000");
        }
        DbConnection::Pg(_) => {
            // Text compares by code point, as in SQLite, so sorts and cursors agree.
            assert_eq!(
                setting(
                    &mut conn,
                    "SELECT collation_name::text AS value FROM information_schema.columns WHERE table_name = 'editions' AND column_name = 'title'"
                ),
                "C"
            );
        }
    }
}

//! Test harness: every test starts the real application on a free port with a database of its
//! own, and talks to it over HTTP. SQLite by default; PostgreSQL when `TEST_DATABASE_URL`
//! names a server (its admin URL, e.g. postgres://postgres@127.0.0.1:5432/postgres). A
//! PostgreSQL that is asked for and does not answer fails the run: nothing is skipped.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use diesel::prelude::*;
use forum_metrics::config::{CorsOrigins, Settings};
use forum_metrics::db::{self, Backend, DatabaseUrl, PoolOptions};
use forum_metrics::domain::TokenScope;
use forum_metrics::import::Bundle;
use forum_metrics::queries::{tokens, write::Actor};
use forum_metrics::startup::{Application, prepare_database};
use reqwest::Method;
use serde_json::Value;

pub const PROBLEM_JSON: &str = "application/problem+json";

fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// The PostgreSQL server the suite runs on, if any.
pub fn postgres_admin_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.trim().is_empty())
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn unique_name(prefix: &str) -> String {
    format!(
        "{prefix}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    )
}

fn pool_options() -> PoolOptions {
    PoolOptions {
        max_size: 4,
        connect_timeout: Duration::from_secs(5),
        busy_timeout: Duration::from_secs(10),
    }
}

/// A database that exists for one test.
pub enum TestDatabase {
    Sqlite {
        _dir: tempfile::TempDir,
        path: PathBuf,
    },
    Postgres {
        admin_url: String,
        name: String,
        url: String,
    },
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
        diesel::sql_query("PRAGMA busy_timeout = 10000")
            .execute(&mut conn)
            .unwrap();
        let done: Checkpoint = diesel::sql_query("PRAGMA wal_checkpoint(TRUNCATE)")
            .get_result(&mut conn)
            .expect("a checkpoint");
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
            let name = unique_name(if seeded {
                "fmtest_tpl_seeded"
            } else {
                "fmtest_tpl_empty"
            });
            diesel::sql_query(format!("CREATE DATABASE \"{name}\""))
                .execute(&mut conn)
                .expect("create the template database");
            prepare(&DatabaseUrl::parse(&with_database(&admin, &name)).unwrap(), seeded);
            Template::Postgres { name }
        }
        None => {
            let dir = tempfile::tempdir().expect("a temporary folder");
            let path = dir.path().join("template.db");
            prepare(
                &DatabaseUrl::parse(&format!("sqlite://{}", path.display())).unwrap(),
                seeded,
            );
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
            TestDatabase::Postgres {
                admin_url: admin,
                name,
                url,
            }
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
    }
}

/// How long after a write by another process (a helper writing to the database directly) the
/// app is sure to see it: its data version's largest age, and then some.
pub const ANOTHER_PROCESS_SEEN_AFTER: Duration = Duration::from_millis(5);

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub database: TestDatabase,
    pool: db::DbPool,
}

/// How a test wants its app.
pub struct Spawn {
    seeded: bool,
    configure: Box<dyn FnOnce(&mut Settings)>,
}

impl Spawn {
    pub fn empty() -> Self {
        Spawn {
            seeded: false,
            configure: Box::new(|_| {}),
        }
    }

    pub fn with(mut self, configure: impl FnOnce(&mut Settings) + 'static) -> Self {
        self.configure = Box::new(configure);
        self
    }

    pub async fn start(self) -> TestApp {
        let database = fresh_database(self.seeded);
        let mut settings = test_settings(&database);
        (self.configure)(&mut settings);
        let pool = db::connect(&settings.database, &settings.pool).expect("the test database answers");
        let app = Application::with_pool(settings, pool.clone()).expect("the app starts");
        let address = format!("http://127.0.0.1:{}", app.port());
        actix_web::rt::spawn(app.run_until_stopped());
        TestApp {
            address,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            database,
            pool,
        }
    }
}

impl Default for Spawn {
    fn default() -> Self {
        Spawn {
            seeded: true,
            configure: Box::new(|_| {}),
        }
    }
}

/// The app on a copy of the seeded database.
pub async fn spawn_app() -> TestApp {
    Spawn::default().start().await
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("the request is sent")
    }

    /// GET with extra request headers.
    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
        let mut request = self.client.get(self.url(path));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send().await.expect("the request is sent")
    }

    /// Any method, with extra request headers.
    pub async fn request_with(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("a method");
        let mut request = self.client.request(method, self.url(path));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send().await.expect("the request is sent")
    }

    /// GET, expecting 200; the body as text.
    pub async fn text(&self, path: &str, headers: &[(&str, &str)]) -> String {
        let response = self.get_with(path, headers).await;
        let status = response.status();
        let body = response.text().await.unwrap();
        assert_eq!(status, 200, "GET {path} answered {status}: {body}");
        body
    }

    /// GET as CSV (`format=` or `Accept` is the caller's): the records, header first.
    pub async fn csv(&self, path: &str, headers: &[(&str, &str)]) -> Vec<Vec<String>> {
        parse_csv(&self.text(path, headers).await)
    }

    /// GET as NDJSON: one JSON value per line.
    pub async fn ndjson(&self, path: &str, headers: &[(&str, &str)]) -> Vec<Value> {
        let body = self.text(path, headers).await;
        body.lines()
            .map(|line| {
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{path}: a line is not JSON ({e}): {line}"))
            })
            .collect()
    }

    /// Every item of a collection, following `next` from the first page.
    pub async fn walk(&self, path: &str) -> Vec<Value> {
        let mut all = Vec::new();
        let mut url = Some(self.url(path));
        while let Some(next) = url {
            let response = self.client.get(&next).send().await.unwrap();
            assert_eq!(response.status(), 200, "GET {next}");
            let body: Value = response.json().await.unwrap();
            all.extend(items(&body).iter().cloned());
            url = body["next"].as_str().map(str::to_string);
        }
        all
    }

    /// POST a JSON body with a token.
    pub async fn post_json(&self, path: &str, token: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("the request is sent")
    }

    /// GET, expecting 200 with JSON.
    pub async fn json(&self, path: &str) -> Value {
        let response = self.get(path).await;
        let status = response.status();
        let body = response.text().await.unwrap();
        assert_eq!(status, 200, "GET {path} answered {status}: {body}");
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("GET {path} is not JSON ({e}): {body}"))
    }

    /// A token of this scope, made the way the CLI makes it.
    pub fn token(&self, name: &str, scope: TokenScope) -> String {
        let mut conn = self.pool.get().unwrap();
        tokens::create(&mut conn, name, scope)
            .expect("the token is created")
            .token
    }

    pub fn writer(&self) -> String {
        self.token(
            &format!("writer-{}", COUNTER.fetch_add(1, Ordering::SeqCst)),
            TokenScope::Write,
        )
    }

    pub fn conn(&self) -> db::PooledDb {
        self.pool.get().unwrap()
    }

    /// Imports a bundle straight into the database, as the CLI does.
    pub fn import(&self, bundle: &Value) {
        let bundle: Bundle = serde_json::from_value(bundle.clone()).expect("a valid bundle");
        forum_metrics::import::import(&mut self.conn(), &Actor::cli(), &bundle, false).expect("the bundle imports");
        std::thread::sleep(ANOTHER_PROCESS_SEEN_AFTER);
    }

    pub fn count(&self, table: &str) -> i64 {
        #[derive(QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let row: Count = diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}"))
            .get_result(&mut *self.conn())
            .unwrap();
        row.n
    }

    /// Row counts of every data table, to show that nothing changed.
    pub fn counts(&self) -> Vec<(String, i64)> {
        [
            "sources",
            "metrics",
            "organizations",
            "people",
            "appearances",
            "editions",
            "edition_sources",
            "edition_organizations",
            "tracks",
            "sessions",
            "session_participants",
            "session_sources",
            "figures",
            "agreements",
            "agreement_parties",
            "changes",
        ]
        .iter()
        .map(|t| (t.to_string(), self.count(t)))
        .collect()
    }

    pub fn data_version(&self) -> i64 {
        db::data_version(&mut self.conn()).unwrap()
    }

    /// GET a page of the explorer, expecting 200 HTML with the pages' security headers; the
    /// body.
    pub async fn page(&self, path: &str) -> String {
        let response = self.get(path).await;
        let status = response.status();
        assert_page_headers(&response, path);
        let body = response.text().await.unwrap();
        assert_eq!(status, 200, "GET {path} answered {status}: {body}");
        assert!(
            body.starts_with("<!DOCTYPE html>\n<html lang=\"ru\">"),
            "{path}: {body}"
        );
        body
    }

    /// GET a page expecting an HTML error page with this status; the body.
    pub async fn error_page(&self, path: &str, status: u16) -> String {
        let response = self.get(path).await;
        let actual = response.status().as_u16();
        assert_page_headers(&response, path);
        assert_eq!(
            header(&response, "cache-control").as_deref(),
            Some("no-store"),
            "{path}"
        );
        let body = response.text().await.unwrap();
        assert_eq!(actual, status, "GET {path} answered {actual}: {body}");
        assert!(
            body.contains(&format!("<span class=\"status-code\">{status}</span>")),
            "{body}"
        );
        body
    }
}

pub const HTML: &str = "text/html; charset=utf-8";

/// The headers every page, error pages included, carries.
pub fn assert_page_headers(response: &reqwest::Response, path: &str) {
    assert_eq!(header(response, "content-type").as_deref(), Some(HTML), "{path}");
    // Scripts, styles and images fall back to default-src: only the page's own files, nothing
    // inline, no data: URL.
    assert_eq!(
        header(response, "content-security-policy").as_deref(),
        Some("default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"),
        "{path}"
    );
    assert_eq!(
        header(response, "x-content-type-options").as_deref(),
        Some("nosniff"),
        "{path}"
    );
    assert_eq!(
        header(response, "referrer-policy").as_deref(),
        Some("strict-origin-when-cross-origin"),
        "{path}"
    );
}

/// Text as the pages' templates escape it (askama: `&<>\"'` as numeric references).
pub fn html_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&#38;"),
            '<' => out.push_str("&#60;"),
            '>' => out.push_str("&#62;"),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A number as the pages write it: `7000` → «7 000» with a no-break space.
pub fn ru_number(value: i64) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(d);
    }
    out
}

/// Asserts an RFC 9457 answer with this status and code; returns its body.
pub async fn assert_problem(response: reqwest::Response, status: u16, code: &str) -> Value {
    let actual = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body = response.text().await.unwrap();
    assert_eq!(actual, status, "expected {status} {code}, got {actual}: {body}");
    assert!(
        content_type.starts_with(PROBLEM_JSON),
        "content type {content_type:?} for {body}"
    );
    let problem: Value = serde_json::from_str(&body).expect("a problem is JSON");
    assert_eq!(problem["code"], code, "{problem}");
    assert_eq!(problem["status"], status, "{problem}");
    assert!(
        problem["title"].is_string() && problem["detail"].is_string() && problem["type"].is_string(),
        "{problem}"
    );
    problem
}

/// The items of a collection answer, after checking the envelope.
pub fn items(body: &Value) -> &Vec<Value> {
    assert!(
        body["total"].is_i64() && body["limit"].is_i64() && body.get("next").is_some(),
        "not an envelope: {body}"
    );
    body["items"].as_array().expect("items is a list")
}

/// Writes, and what they leave behind.
impl TestApp {
    /// The row counts and the data version: what a failed write must leave as it was.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            counts: self.counts(),
            data_version: self.data_version(),
        }
    }

    /// Asserts that nothing was written since `before` was taken.
    pub fn assert_unchanged(&self, before: &Snapshot) {
        assert_eq!(&self.snapshot(), before, "a failed or empty write changed the database");
    }

    /// A request to the app, to add headers and a body to.
    pub fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.client.request(method, self.url(path))
    }

    /// A write with a token (or none) and a JSON body (or none).
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> reqwest::Response {
        let mut request = self.request(method, path);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().await.expect("the request is sent")
    }

    pub async fn post(&self, path: &str, token: &str, body: &Value) -> reqwest::Response {
        self.send(Method::POST, path, Some(token), Some(body)).await
    }

    pub async fn put(&self, path: &str, token: &str, body: &Value) -> reqwest::Response {
        self.send(Method::PUT, path, Some(token), Some(body)).await
    }

    /// PATCH with a JSON merge patch (`application/merge-patch+json`).
    pub async fn patch(&self, path: &str, token: &str, body: &Value) -> reqwest::Response {
        self.request(Method::PATCH, path)
            .bearer_auth(token)
            .header("content-type", "application/merge-patch+json")
            .body(body.to_string())
            .send()
            .await
            .expect("the request is sent")
    }

    pub async fn delete(&self, path: &str, token: &str) -> reqwest::Response {
        self.send(Method::DELETE, path, Some(token), None).await
    }

    /// The ETag a GET of `path` answers with.
    pub async fn etag(&self, path: &str) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        header(&response, "etag").unwrap_or_else(|| panic!("GET {path} has no ETag"))
    }
}

/// What a write must leave alone when it fails: every data table's row count and the data version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub counts: Vec<(String, i64)>,
    pub data_version: i64,
}

/// A response header as text.
pub fn header(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().expect("a text header").to_string())
}

/// Asserts a JSON answer with this status; returns its body.
pub async fn expect_json(response: reqwest::Response, status: u16) -> Value {
    let actual = response.status().as_u16();
    let url = response.url().path().to_string();
    let body = response.text().await.unwrap();
    assert_eq!(actual, status, "{url} answered {actual}, not {status}: {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{url} did not answer JSON ({e}): {body}"))
}

/// Every log record the app writes, from the first call on, kept in memory: the suite runs in
/// one process, so records of other tests running at the same time are in it too.
pub fn captured_logs() -> &'static LogCapture {
    static CAPTURE: OnceLock<&'static LogCapture> = OnceLock::new();
    CAPTURE.get_or_init(|| {
        let capture: &'static LogCapture = Box::leak(Box::new(LogCapture(Mutex::new(Vec::new()))));
        log::set_logger(capture).expect("no other logger is installed in the test process");
        log::set_max_level(log::LevelFilter::Trace);
        capture
    })
}

pub struct LogCapture(Mutex<Vec<String>>);

impl LogCapture {
    pub fn lines(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

impl log::Log for LogCapture {
    fn enabled(&self, _: &log::Metadata) -> bool {
        true
    }
    fn log(&self, record: &log::Record) {
        let line = format!("{} {} {}", record.level(), record.target(), record.args());
        self.0.lock().unwrap().push(line);
    }
    fn flush(&self) {}
}

/// CSV records, header first; every record must end in CRLF (RFC 4180).
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.expect("valid CSV").iter().map(str::to_string).collect())
        .collect()
}

/// The values of one field of each item, as text (numbers printed).
pub fn field(items: &[Value], name: &str) -> Vec<String> {
    items
        .iter()
        .map(|i| match &i[name] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect()
}

/// The column of a CSV table, by header name.
pub fn column(table: &[Vec<String>], name: &str) -> Vec<String> {
    let index = table[0]
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {:?}", table[0]));
    table[1..].iter().map(|row| row[index].clone()).collect()
}

/// Every figure of the seed files, as written there.
pub fn seed_figures() -> Vec<Value> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir(seeds_dir()).expect("the seeds folder") {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let part: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            if let Some(list) = part["figures"].as_array() {
                all.extend(list.iter().cloned());
            }
        }
    }
    all
}

/// The day from which a figure (as JSON) counts as of a date: its `reported_on`, else the last
/// day of its `reported_in` (`YYYY-MM` or `YYYY`); none when it has neither.
pub fn counted_from(figure: &Value) -> Option<chrono::NaiveDate> {
    use chrono::NaiveDate;
    if let Some(day) = figure["reported_on"].as_str() {
        return Some(day.parse().expect("reported_on is a date"));
    }
    let period = figure["reported_in"].as_str()?;
    let (year, month): (i32, u32) = match period.split_once('-') {
        Some((y, m)) => (y.parse().unwrap(), m.parse().unwrap()),
        None => (period.parse().unwrap(), 12),
    };
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    next.and_then(|d| d.pred_opt())
}

/// The seed figures of an edition (and a metric) as of a date: those that count, and how many
/// were reported later or have no date.
pub struct Split {
    pub counted: Vec<Value>,
    pub later: usize,
    pub undated: usize,
}

pub fn split(edition: Option<i64>, metric: Option<&str>, as_of: &str) -> Split {
    let date: chrono::NaiveDate = as_of.parse().unwrap();
    let mut split = Split {
        counted: Vec::new(),
        later: 0,
        undated: 0,
    };
    let figures = seed_figures()
        .into_iter()
        .filter(|f| edition.is_none_or(|e| f["edition"] == e) && metric.is_none_or(|m| f["metric"] == m));
    for figure in figures {
        match counted_from(&figure) {
            Some(day) if day <= date => split.counted.push(figure),
            Some(_) => split.later += 1,
            None => split.undated += 1,
        }
    }
    split
}

impl Split {
    /// The `as_of` object the answer must carry.
    pub fn as_of(&self, date: &str) -> Value {
        serde_json::json!({"date": date, "left_out": self.later + self.undated, "undated": self.undated, "reported_later": self.later})
    }

    pub fn keys(&self) -> std::collections::BTreeSet<String> {
        self.counted
            .iter()
            .map(|f| f["key"].as_str().unwrap().to_string())
            .collect()
    }
}

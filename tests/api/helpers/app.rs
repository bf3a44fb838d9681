//! The app under test: started on a free port with a database of its own, and a client for it.

use diesel::prelude::*;
use forum_metrics::config::Settings;
use forum_metrics::db;
use forum_metrics::domain::TokenScope;
use forum_metrics::domain::schema::Checked;
use forum_metrics::import::Bundle;
use forum_metrics::queries::{resources::Actor, tokens};
use forum_metrics::startup::Application;
use reqwest::Method;
use serde_json::Value;

use super::database::{ANOTHER_PROCESS_SEEN_AFTER, TestDatabase, fresh_database, next_number, test_settings};
use super::responses::{assert_page_headers, header, items, parse_csv};

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
        Spawn { seeded: false, configure: Box::new(|_| {}) }
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
            client: reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap(),
            database,
            pool,
        }
    }
}

impl Default for Spawn {
    fn default() -> Self {
        Spawn { seeded: true, configure: Box::new(|_| {}) }
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
        self.client.get(self.url(path)).send().await.expect("the request is sent")
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
        self.client.post(self.url(path)).bearer_auth(token).json(body).send().await.expect("the request is sent")
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
        tokens::create(&mut conn, name, scope).expect("the token is created").token
    }

    pub fn writer(&self) -> String {
        self.token(&format!("writer-{}", next_number()), TokenScope::Write)
    }

    pub fn conn(&self) -> db::PooledDb {
        self.pool.get().unwrap()
    }

    /// Imports a bundle straight into the database, as the CLI does.
    pub fn import(&self, bundle: &Value) {
        let bundle: Bundle = serde_json::from_value(bundle.clone()).expect("a valid bundle");
        forum_metrics::import::import(&mut self.conn(), &Actor::cli(), &Checked::trusted(bundle), false)
            .expect("the bundle imports");
        std::thread::sleep(ANOTHER_PROCESS_SEEN_AFTER);
    }

    pub fn count(&self, table: &str) -> i64 {
        #[derive(QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let row: Count =
            diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}")).get_result(&mut *self.conn()).unwrap();
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
        assert!(body.starts_with("<!DOCTYPE html>\n<html lang=\"ru\">"), "{path}: {body}");
        body
    }

    /// GET a page expecting an HTML error page with this status; the body.
    pub async fn error_page(&self, path: &str, status: u16) -> String {
        let response = self.get(path).await;
        let actual = response.status().as_u16();
        assert_page_headers(&response, path);
        assert_eq!(header(&response, "cache-control").as_deref(), Some("no-store"), "{path}");
        let body = response.text().await.unwrap();
        assert_eq!(actual, status, "GET {path} answered {actual}: {body}");
        assert!(body.contains(&format!("<span class=\"status-code\">{status}</span>")), "{body}");
        body
    }
}

/// Writes, and what they leave behind.
impl TestApp {
    /// The row counts and the data version: what a failed write must leave as it was.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot { counts: self.counts(), data_version: self.data_version() }
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

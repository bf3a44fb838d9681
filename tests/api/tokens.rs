//! `/api/v1/tokens`: token management for `admin` tokens; secrets shown once, stored as hashes,
//! and never written to the database or the logs.

use diesel::prelude::*;
use forum_metrics::db::DbConnection;
use forum_metrics::domain::TokenScope;
use reqwest::Method;
use serde_json::{Value, json};

use crate::fixtures::figure;
use crate::helpers::{TestApp, TestDatabase, assert_problem, captured_logs, expect_json, header, spawn_app};

async fn create_token(app: &TestApp, admin: &str, name: &str, scope: &str) -> Value {
    let response = app.post("/api/v1/tokens", admin, &json!({"name": name, "scope": scope})).await;
    let location = header(&response, "location");
    let body = expect_json(response, 201).await;
    assert_eq!(location.as_deref(), Some(format!("/api/v1/tokens/{name}").as_str()));
    body
}

#[actix_web::test]
async fn an_admin_creates_a_token_shown_once_that_then_writes() {
    let app = spawn_app().await;
    let admin = app.token("admin", TokenScope::Admin);
    let created = create_token(&app, &admin, "editor-anna", "write").await;
    assert_eq!((created["name"].as_str(), created["scope"].as_str()), (Some("editor-anna"), Some("write")));
    let secret = created["token"].as_str().expect("the secret is in the answer").to_string();
    assert!(secret.starts_with("fm_") && secret.len() > 40, "{secret}");
    expect_json(app.post("/api/v1/figures", &secret, &figure()).await, 201).await;
    // The list never shows it again.
    let listed = app.request(Method::GET, "/api/v1/tokens").bearer_auth(&admin).send().await.unwrap();
    let text = listed.text().await.unwrap();
    assert!(!text.contains(&secret), "the token list shows the secret: {text}");
}

#[actix_web::test]
async fn the_token_list_has_names_scopes_and_dates_but_no_secret() {
    let app = spawn_app().await;
    let admin = app.token("admin", TokenScope::Admin);
    let writer = app.token("editor", TokenScope::Write);
    app.token("reader", TokenScope::Read);
    expect_json(app.post("/api/v1/figures", &writer, &figure()).await, 201).await;
    let response = app.request(Method::GET, "/api/v1/tokens").bearer_auth(&admin).send().await.unwrap();
    let list = expect_json(response, 200).await;
    let list = list.as_array().expect("a list of tokens");
    let names: Vec<&str> = list.iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["admin", "editor", "reader"]);
    let scopes: Vec<&str> = list.iter().map(|t| t["scope"].as_str().unwrap()).collect();
    assert_eq!(scopes, ["admin", "write", "read"]);
    for token in list {
        assert!(token["created_at"].is_string(), "{token}");
        let fields: Vec<&String> = token.as_object().unwrap().keys().collect();
        assert!(!fields.iter().any(|f| f.contains("token") || f.contains("hash") || f.contains("secret")), "{token}");
    }
    let editor = &list[1];
    assert!(editor["last_used_at"].is_string(), "the editor wrote: {editor}");
    assert_eq!(list[2]["last_used_at"], Value::Null);
    assert!(!serde_json::to_string(list).unwrap().contains(&writer));
}

#[actix_web::test]
async fn the_token_list_is_never_cached() {
    let app = spawn_app().await;
    let admin = app.token("admin", TokenScope::Admin);
    let response = app.request(Method::GET, "/api/v1/tokens").bearer_auth(&admin).send().await.unwrap();
    assert_eq!(header(&response, "cache-control").as_deref(), Some("no-store"));
    assert_eq!(header(&response, "etag"), None, "tokens are not versioned data");
    // A new token moves no data version: a conditional GET still gets the fresh list.
    create_token(&app, &admin, "fresh", "write").await;
    let response = app
        .request(Method::GET, "/api/v1/tokens")
        .bearer_auth(&admin)
        .header("if-none-match", "*")
        .send()
        .await
        .unwrap();
    let list = expect_json(response, 200).await;
    assert!(list.as_array().unwrap().iter().any(|t| t["name"] == "fresh"), "{list}");
}

#[actix_web::test]
async fn a_conditional_token_list_request_without_a_token_is_401_not_304() {
    let app = spawn_app().await;
    let response = app.request(Method::GET, "/api/v1/tokens").header("if-none-match", "*").send().await.unwrap();
    assert_problem(response, 401, "unauthorized").await;
}

#[actix_web::test]
async fn revoking_a_token_makes_it_401_and_shows_when() {
    let app = spawn_app().await;
    let admin = app.token("admin", TokenScope::Admin);
    let secret = create_token(&app, &admin, "temp", "write").await["token"].as_str().unwrap().to_string();
    let revoked = expect_json(app.delete("/api/v1/tokens/temp", &admin).await, 200).await;
    assert_eq!(revoked["name"], "temp");
    assert!(revoked["revoked_at"].is_string(), "{revoked}");
    assert_problem(app.post("/api/v1/figures", &secret, &figure()).await, 401, "unauthorized").await;
    // Revoking again is harmless; the name stays taken.
    let again = expect_json(app.delete("/api/v1/tokens/temp", &admin).await, 200).await;
    assert_eq!(again["revoked_at"], revoked["revoked_at"]);
    assert_problem(
        app.post("/api/v1/tokens", &admin, &json!({"name": "temp", "scope": "write"})).await,
        409,
        "conflict",
    )
    .await;
}

#[actix_web::test]
async fn revoking_an_unknown_token_is_404() {
    let app = spawn_app().await;
    let admin = app.token("admin", TokenScope::Admin);
    assert_problem(app.delete("/api/v1/tokens/nobody", &admin).await, 404, "not_found").await;
}

#[actix_web::test]
async fn a_token_name_taken_already_is_409() {
    let app = spawn_app().await;
    let admin = app.token("admin", TokenScope::Admin);
    app.token("editor", TokenScope::Write);
    let response = app.post("/api/v1/tokens", &admin, &json!({"name": "editor", "scope": "admin"})).await;
    let problem = assert_problem(response, 409, "conflict").await;
    assert!(problem["detail"].as_str().unwrap().contains("editor"), "{problem}");
}

#[actix_web::test]
async fn a_bad_token_name_or_scope_is_422() {
    let app = spawn_app().await;
    let admin = app.token("admin", TokenScope::Admin);
    for name in ["", "-dash-first", "with space", "кириллица"] {
        let response = app.post("/api/v1/tokens", &admin, &json!({"name": name, "scope": "write"})).await;
        let problem = assert_problem(response, 422, "validation_failed").await;
        assert_eq!(problem["errors"][0]["field"], "name", "{problem}");
    }
    let response = app.post("/api/v1/tokens", &admin, &json!({"name": "x", "scope": "root"})).await;
    let problem = assert_problem(response, 422, "validation_failed").await;
    assert_eq!(problem["errors"], json!([{"field": "scope", "message": "must be one of: read, write, admin"}]));
}

#[actix_web::test]
async fn managing_tokens_needs_an_admin_token() {
    let app = spawn_app().await;
    let writer = app.writer();
    let reader = app.token("reader", TokenScope::Read);
    let body = json!({"name": "sneaky", "scope": "admin"});
    let requests = [
        (Method::GET, "/api/v1/tokens", None),
        (Method::POST, "/api/v1/tokens", Some(&body)),
        (Method::DELETE, "/api/v1/tokens/reader", None),
    ];
    for (method, path, body) in requests {
        for token in [&writer, &reader] {
            let response = app.send(method.clone(), path, Some(token), body).await;
            let problem = assert_problem(response, 403, "forbidden").await;
            assert!(problem["detail"].as_str().unwrap().contains("admin"), "{method} {path}: {problem}");
        }
        assert_problem(app.send(method.clone(), path, None, body).await, 401, "unauthorized").await;
    }
    let names: Vec<String> = forum_metrics::queries::tokens::list(&mut app.conn())
        .unwrap()
        .into_iter()
        .filter(|t| t.revoked_at.is_none())
        .map(|t| t.name)
        .collect();
    assert_eq!(names.len(), 2, "no token was made or revoked: {names:?}");
}

/// Every text value of every table, read through SQL.
fn every_text_value(conn: &mut DbConnection) -> Vec<String> {
    #[derive(QueryableByName)]
    struct Column {
        #[diesel(sql_type = diesel::sql_types::Text)]
        table_name: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        column_name: String,
    }
    // Bytes, not text: some tables (the search indexes) hold binary pages, and a secret would
    // show in them as its bytes.
    #[derive(QueryableByName)]
    struct Text {
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Binary>)]
        value: Option<Vec<u8>>,
    }
    let columns: Vec<Column> = match conn {
        DbConnection::Sqlite(_) => diesel::sql_query(
            "SELECT m.name AS table_name, p.name AS column_name FROM sqlite_master m, pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
        )
        .load(conn)
        .unwrap(),
        DbConnection::Pg(_) => diesel::sql_query(
            "SELECT table_name::text AS table_name, column_name::text AS column_name FROM information_schema.columns \
             WHERE table_schema = 'public'",
        )
        .load(conn)
        .unwrap(),
    };
    assert!(
        columns.iter().any(|c| c.table_name == "tokens" && c.column_name == "token_hash"),
        "the tokens table is searched"
    );
    let mut values = Vec::new();
    for Column { table_name, column_name } in columns {
        let sql = match conn {
            DbConnection::Sqlite(_) => format!("SELECT CAST(\"{column_name}\" AS BLOB) AS value FROM \"{table_name}\""),
            DbConnection::Pg(_) => {
                format!("SELECT convert_to(CAST(\"{column_name}\" AS TEXT), 'UTF8') AS value FROM \"{table_name}\"")
            }
        };
        let rows: Vec<Text> = diesel::sql_query(sql).load(conn).unwrap();
        values
            .extend(rows.into_iter().filter_map(|r| r.value).map(|bytes| String::from_utf8_lossy(&bytes).into_owned()));
    }
    values
}

#[actix_web::test]
async fn the_secret_is_nowhere_in_the_database() {
    let app = spawn_app().await;
    let admin = app.token("admin", TokenScope::Admin);
    let created = create_token(&app, &admin, "editor", "write").await;
    let secrets = [admin.clone(), created["token"].as_str().unwrap().to_string()];
    // Use both, so that every place a token's use is recorded is filled.
    for secret in &secrets {
        expect_json(app.patch("/api/v1/editions/2025", secret, &json!({"notes": secret[..8].to_string()})).await, 200)
            .await;
    }
    let values = every_text_value(&mut app.conn());
    assert!(values.iter().any(|v| v == "editor"), "the search sees the tokens table");
    for secret in &secrets {
        let hex = &secret[3..];
        assert!(!values.iter().any(|v| v.contains(hex)), "a token's secret is stored in the database");
    }
    // And not in the SQLite files either (the write-ahead log included).
    if let TestDatabase::Sqlite { path, .. } = &app.database {
        let mut files = vec![path.clone()];
        files.push(path.with_extension("db-wal"));
        let mut bytes = Vec::new();
        for file in files.iter().filter(|f| f.exists()) {
            bytes.extend(std::fs::read(file).unwrap());
        }
        assert!(bytes.windows(6).any(|w| w == b"editor"), "the files read are the database");
        for secret in &secrets {
            let hex = &secret.as_bytes()[3..];
            assert!(!bytes.windows(hex.len()).any(|w| w == hex), "a token's secret is in the SQLite file");
        }
    }
}

#[actix_web::test]
async fn the_secret_is_nowhere_in_the_logs() {
    let logs = captured_logs();
    let app = spawn_app().await;
    let admin = app.token("admin", TokenScope::Admin);
    let created = create_token(&app, &admin, "editor", "write").await;
    let secret = created["token"].as_str().unwrap().to_string();
    let request_id = format!("secret-check-{}", std::process::id());
    // Accepted, refused, forbidden, revoked (by the admin), then unauthorized.
    let requests = [
        (Method::POST, "/api/v1/figures", &secret, Some(figure()), "POST /api/v1/figures 201"),
        (Method::POST, "/api/v1/figures", &secret, Some(json!({"bogus": true})), "POST /api/v1/figures 400"),
        (Method::GET, "/api/v1/tokens", &secret, None, "GET /api/v1/tokens 403"),
        (Method::DELETE, "/api/v1/tokens/editor", &admin, None, "DELETE /api/v1/tokens/{name} 200"),
        (Method::POST, "/api/v1/figures", &secret, Some(figure()), "POST /api/v1/figures 401"),
    ];
    for (method, path, token, body, _) in &requests {
        let mut request = app.request(method.clone(), path).bearer_auth(token).header("x-request-id", &request_id);
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().await.unwrap();
    }
    let lines = logs.lines();
    let ours: Vec<&String> = lines.iter().filter(|l| l.contains(&request_id)).collect();
    for (.., line) in &requests {
        assert!(ours.iter().any(|l| l.contains(line)), "no access log line `{line}`: {ours:?}");
    }
    for secret in [&secret, &admin] {
        let leaked: Vec<&String> = lines.iter().filter(|l| l.contains(&secret[3..])).collect();
        assert!(leaked.is_empty(), "a token is in the logs: {leaked:?}");
    }
}

//! Bearer tokens on writes: 401 without a valid token, 403 without the scope.

use forum_metrics::domain::TokenScope;
use forum_metrics::queries::tokens;
use reqwest::Method;
use serde_json::json;

use crate::fixtures::{figure, resources};
use crate::helpers::{TestApp, assert_problem, expect_json, header, spawn_app};

/// Every write route of the API, with a body that would be valid.
fn write_routes() -> Vec<(Method, String, Option<serde_json::Value>)> {
    let mut routes = Vec::new();
    for resource in resources() {
        let item = match resource.natural_path() {
            Some(path) => path,
            None => format!("{}/1", resource.collection),
        };
        routes.push((Method::POST, resource.collection.to_string(), Some(resource.new.clone())));
        routes.push((Method::PUT, item.clone(), Some(resource.new.clone())));
        routes.push((Method::PATCH, item.clone(), Some(json!({}))));
        routes.push((Method::DELETE, item, None));
    }
    routes.push((Method::POST, "/api/v1/import".into(), Some(json!({}))));
    routes
}

async fn assert_unauthorized(response: reqwest::Response, what: &str) {
    let challenge = header(&response, "www-authenticate");
    assert_problem(response, 401, "unauthorized").await;
    let challenge = challenge.unwrap_or_else(|| panic!("{what}: a 401 without WWW-Authenticate"));
    assert!(challenge.starts_with("Bearer"), "{what}: {challenge}");
}

#[actix_web::test]
async fn every_write_without_a_token_is_401_with_a_bearer_challenge() {
    let app = spawn_app().await;
    let before = app.snapshot();
    for (method, path, body) in write_routes() {
        let what = format!("{method} {path}");
        assert_unauthorized(app.send(method, &path, None, body.as_ref()).await, &what).await;
    }
    app.assert_unchanged(&before);
}

#[actix_web::test]
async fn an_authorization_header_that_is_not_bearer_is_401() {
    let app = spawn_app().await;
    let token = app.writer();
    let before = app.snapshot();
    for value in [format!("Basic {token}"), token.clone(), "Bearer".into(), "Bearer   ".into()] {
        let response = app
            .request(Method::POST, "/api/v1/figures")
            .header("authorization", &value)
            .json(&figure())
            .send()
            .await
            .unwrap();
        assert_unauthorized(response, &value).await;
    }
    app.assert_unchanged(&before);
}

#[actix_web::test]
async fn an_unknown_token_is_401() {
    let app = spawn_app().await;
    let token = app.writer();
    let before = app.snapshot();
    // One character off, and one of the right shape that was never issued.
    let last = token.chars().last().unwrap();
    let altered = format!("{}{}", &token[..token.len() - 1], if last == '0' { '1' } else { '0' });
    let made_up = format!("fm_{}", "ab".repeat(32));
    for bad in [altered, made_up, "not-a-token".into()] {
        assert_unauthorized(app.post("/api/v1/figures", &bad, &figure()).await, &bad).await;
    }
    app.assert_unchanged(&before);
}

#[actix_web::test]
async fn a_revoked_token_is_401() {
    let app = spawn_app().await;
    let token = app.token("revoked-editor", TokenScope::Write);
    expect_json(app.patch("/api/v1/editions/2025", &token, &json!({"notes": "before revocation"})).await, 200).await;
    tokens::revoke(&mut app.conn(), "revoked-editor").unwrap();
    let before = app.snapshot();
    let response = app.patch("/api/v1/editions/2025", &token, &json!({"notes": "after revocation"})).await;
    let problem = assert_problem(response, 401, "unauthorized").await;
    assert!(problem["detail"].as_str().unwrap().contains("revoked"), "{problem}");
    app.assert_unchanged(&before);
}

#[actix_web::test]
async fn a_read_token_is_403_on_every_write() {
    let app = spawn_app().await;
    let token = app.token("reader", TokenScope::Read);
    let before = app.snapshot();
    for (method, path, body) in write_routes() {
        let response = app.send(method.clone(), &path, Some(&token), body.as_ref()).await;
        let problem = assert_problem(response, 403, "forbidden").await;
        assert!(problem["detail"].as_str().unwrap().contains("write"), "{method} {path}: {problem}");
    }
    app.assert_unchanged(&before);
}

async fn writes_with(app: &TestApp, token: &str) {
    let response = app.post("/api/v1/figures", token, &figure()).await;
    let body = expect_json(response, 201).await;
    assert_eq!(body["value"], 8123);
}

#[actix_web::test]
async fn a_write_token_writes() {
    let app = spawn_app().await;
    let token = app.token("editor", TokenScope::Write);
    writes_with(&app, &token).await;
}

#[actix_web::test]
async fn an_admin_token_writes_too() {
    let app = spawn_app().await;
    let token = app.token("administrator", TokenScope::Admin);
    writes_with(&app, &token).await;
}

#[actix_web::test]
async fn the_bearer_scheme_is_case_insensitive() {
    let app = spawn_app().await;
    let token = app.writer();
    let response = app
        .request(Method::POST, "/api/v1/figures")
        .header("authorization", format!("bearer {token}"))
        .json(&figure())
        .send()
        .await
        .unwrap();
    expect_json(response, 201).await;
}

#[actix_web::test]
async fn reads_need_no_token() {
    let app = spawn_app().await;
    for path in ["/api/v1/editions", "/api/v1/figures/1", "/api/v1/changes", "/api/v1/metrics/participants"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "GET {path}");
    }
}

#[actix_web::test]
async fn a_write_marks_when_its_token_was_last_used() {
    let app = spawn_app().await;
    let token = app.token("tracked", TokenScope::Write);
    assert_eq!(tokens::get(&mut app.conn(), "tracked").unwrap().last_used_at, None);
    writes_with(&app, &token).await;
    let used = tokens::get(&mut app.conn(), "tracked").unwrap().last_used_at;
    assert!(used.is_some(), "last_used_at is still empty after a write");
}

#[actix_web::test]
async fn last_use_is_noted_to_the_minute() {
    use diesel::prelude::*;
    use forum_metrics::db::schema::tokens as table;
    let app = spawn_app().await;
    let token = app.token("minute", TokenScope::Write);
    let last_used = || tokens::get(&mut app.conn(), "minute").unwrap().last_used_at.unwrap();
    let patch = |n: u32| json!({"notes": format!("write {n}")});
    expect_json(app.patch("/api/v1/figures/1", &token, &patch(1)).await, 200).await;
    let first = last_used();
    expect_json(app.patch("/api/v1/figures/1", &token, &patch(2)).await, 200).await;
    assert_eq!(last_used(), first, "a second write within the minute writes no new time");
    let long_ago = (first - chrono::TimeDelta::minutes(2)).naive_utc();
    diesel::update(table::table.filter(table::name.eq("minute")))
        .set(table::last_used_at.eq(long_ago))
        .execute(&mut app.conn())
        .unwrap();
    expect_json(app.patch("/api/v1/figures/1", &token, &patch(3)).await, 200).await;
    assert!(last_used() >= first, "a write after a minute notes the time again");
}

#[actix_web::test]
async fn the_token_is_checked_before_the_body_is_read() {
    let app = crate::helpers::spawn_app().await;
    let reader = app.token("reader", forum_metrics::domain::TokenScope::Read);
    for (method, path) in
        [("POST", "/api/v1/figures"), ("PUT", "/api/v1/sources/tass-2025-10-22"), ("POST", "/api/v1/import")]
    {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let malformed = app
            .request(method.clone(), path)
            .header("content-type", "application/json")
            .body("{not json")
            .send()
            .await
            .unwrap();
        crate::helpers::assert_problem(malformed, 401, "unauthorized").await;
        let forbidden = app
            .request(method, path)
            .bearer_auth(&reader)
            .header("content-type", "text/plain")
            .body("{not json")
            .send()
            .await
            .unwrap();
        crate::helpers::assert_problem(forbidden, 403, "forbidden").await;
    }
}

//! Errors as problem+json, methods, the documentation, health and readiness, and reads behind a
//! token.

use forum_metrics::domain::TokenScope;
use serde_json::Value;

use crate::helpers::{PROBLEM_JSON, Spawn, TestDatabase, assert_problem, header, spawn_app};

#[actix_web::test]
async fn an_unknown_path_under_the_api_is_a_404_problem() {
    // Elsewhere an unknown path is the explorer's HTML 404 page (pages_errors.rs).
    let app = spawn_app().await;
    for path in [
        "/api/v1/nothing-here",
        "/api/v1/editions/2025/figures/extra",
        "/api/v2/editions",
        "/api",
        // A trailing slash is another path, not the resource, for every method.
        "/api/v1/",
        "/api/v1/editions/",
        "/api/v1/editions/2025/",
    ] {
        let problem = assert_problem(app.get(path).await, 404, "not_found").await;
        assert!(problem["detail"].as_str().unwrap().contains(path.split('?').next().unwrap()), "{problem}");
    }
}

#[actix_web::test]
async fn a_wrong_method_is_a_405_that_lists_the_allowed_ones() {
    let app = spawn_app().await;
    for (method, path, allow) in [
        ("DELETE", "/api/v1/series/participants", "GET, HEAD"),
        ("POST", "/api/v1/compare?editions=2024,2025", "GET, HEAD"),
        ("PUT", "/api/v1/editions/2025/figures", "GET, HEAD"),
        ("PATCH", "/api/v1/editions/2025/summary", "GET, HEAD"),
        ("DELETE", "/api/v1/editions/2025/tracks", "GET, HEAD"),
        ("PUT", "/api/v1/editions", "GET, POST, HEAD"),
        ("POST", "/healthz", "GET, HEAD"),
        ("POST", "/api/v1", "GET, HEAD"),
    ] {
        let response = app.request_with(method, path, &[]).await;
        assert_eq!(header(&response, "allow").as_deref(), Some(allow), "{method} {path}");
        let problem = assert_problem(response, 405, "method_not_allowed").await;
        assert!(problem["detail"].as_str().unwrap().contains(method), "{problem}");
    }
}

#[actix_web::test]
async fn every_method_in_allow_is_served() {
    let app = spawn_app().await;
    for path in ["/api/v1/editions", "/api/v1/editions/2025/figures", "/api/v1/series/participants", "/healthz"] {
        let response = app.request_with("DELETE", path, &[]).await;
        let allow = header(&response, "allow").expect("Allow");
        assert!(allow.contains("HEAD"), "{allow}");
        let get = app.get(path).await;
        let length = header(&get, "content-length");
        let response = app.request_with("HEAD", path, &[]).await;
        assert_eq!(response.status(), 200, "HEAD {path}");
        assert_eq!(header(&response, "content-type"), header(&get, "content-type"), "HEAD {path}");
        if path.starts_with("/api/v1") {
            assert_eq!(header(&response, "etag"), header(&get, "etag"), "HEAD {path}");
        }
        assert_eq!(header(&response, "content-length"), length, "HEAD {path}");
        assert!(response.bytes().await.unwrap().is_empty(), "HEAD {path} has no body");
    }
}

#[actix_web::test]
async fn malformed_path_values_are_400() {
    let app = spawn_app().await;
    for path in [
        "/api/v1/editions/abc",
        "/api/v1/editions/20.25/figures",
        "/api/v1/figures/one",
        "/api/v1/sessions/-",
        "/api/v1/agreements/1e3",
    ] {
        let problem = assert_problem(app.get(path).await, 400, "invalid_parameter").await;
        assert!(problem["detail"].as_str().unwrap().contains("path"), "{problem}");
    }
}

#[actix_web::test]
async fn problems_have_every_rfc_9457_field_and_are_never_cached() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/editions/1999").await;
    assert_eq!(header(&response, "cache-control").as_deref(), Some("no-store"));
    assert_eq!(header(&response, "etag"), None);
    let problem = assert_problem(response, 404, "not_found").await;
    assert_eq!(problem["type"], "/problems/not_found");
    assert_eq!(problem["title"], "Not found");
    assert_eq!(problem["detail"], "edition 1999 does not exist");
    let problem = assert_problem(app.get("/api/v1/people?bogus=1&q=x").await, 400, "invalid_parameter").await;
    assert!(problem["detail"].as_str().unwrap().contains("bogus"), "{problem}");
}

#[actix_web::test]
async fn docs_health_and_readiness() {
    let app = spawn_app().await;
    let response = app.get("/docs").await;
    assert!(response.status().is_redirection(), "{}", response.status());
    assert_eq!(header(&response, "location").as_deref(), Some("/docs/"));
    let response = app.get("/docs/").await;
    assert_eq!(response.status(), 200);
    assert!(header(&response, "content-type").unwrap().starts_with("text/html"));
    assert!(response.text().await.unwrap().contains("swagger"), "Swagger UI");
    let response = app.get("/docs/swagger-ui.css").await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "content-type").as_deref(), Some("text/css"));
    // Only /docs and what is under it are the docs'.
    app.error_page("/docsx", 404).await;

    let response = app.get("/healthz").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.json::<Value>().await.unwrap(), serde_json::json!({"status": "ok"}));
    let response = app.get("/readyz").await;
    assert_eq!(response.status(), 200);
    let ready: Value = response.json().await.unwrap();
    assert_eq!(ready["status"], "ready");
    let backend = match app.database {
        TestDatabase::Sqlite { .. } => "sqlite",
        TestDatabase::Postgres { .. } => "postgres",
    };
    assert_eq!(ready["database"], backend);
    assert_eq!(ready["data_version"], app.data_version());

    let openapi = app.json("/api/v1/openapi.json").await;
    assert!(openapi["paths"]["/api/v1/series/{metric}"]["get"].is_object());
}

#[actix_web::test]
async fn reads_can_require_a_token() {
    let app = Spawn::default().with(|settings| settings.reads_require_token = true).start().await;
    let response = app.get("/api/v1/editions").await;
    assert!(header(&response, "www-authenticate").unwrap().starts_with("Bearer"));
    assert_problem(response, 401, "unauthorized").await;
    assert_problem(
        app.get_with("/api/v1/figures", &[("authorization", "Bearer not-a-token")]).await,
        401,
        "unauthorized",
    )
    .await;
    assert_problem(app.get_with("/api/v1/figures", &[("authorization", "Basic dXNlcg==")]).await, 401, "unauthorized")
        .await;

    let token = app.token("reader", TokenScope::Read);
    let bearer = format!("Bearer {token}");
    for path in ["/api/v1/editions", "/api/v1/editions/2025/figures", "/api/v1/series/participants?format=csv"] {
        let response = app.get_with(path, &[("authorization", &bearer)]).await;
        assert_eq!(response.status(), 200, "{path}");
    }
    let body: Value = app.get_with("/api/v1/editions/2024", &[("authorization", &bearer)]).await.json().await.unwrap();
    assert_eq!(body["number"], 8);
    // A read token does not write.
    let metric = serde_json::json!({"code": "volunteers", "label_ru": "Волонтёры", "label_en": "Volunteers",
                                    "unit": "people", "description": "Volunteers at the forum."});
    let response = app.post_json("/api/v1/metrics", &token, &metric).await;
    assert_problem(response, 403, "forbidden").await;
    // The API's description and the health checks stay public.
    assert_eq!(app.get("/api/v1/openapi.json").await.status(), 200);
    assert_eq!(app.get("/healthz").await.status(), 200);
}

#[actix_web::test]
async fn error_answers_are_problem_json_even_for_odd_requests() {
    let app = spawn_app().await;
    let response = app.get_with("/api/v1/editions?limit=9999", &[("accept", "text/csv")]).await;
    assert!(header(&response, "content-type").unwrap().starts_with(PROBLEM_JSON));
    assert_problem(response, 400, "invalid_parameter").await;
    let response = app.get_with("/api/v1/editions/1999", &[("accept", "text/html")]).await;
    assert_problem(response, 404, "not_found").await;
}

#[actix_web::test]
async fn an_empty_database_answers_empty_lists_and_404s() {
    let app = Spawn::empty().start().await;
    for path in ["/api/v1/editions", "/api/v1/figures", "/api/v1/sessions?facet=format", "/api/v1/people"] {
        let body = app.json(path).await;
        assert_eq!((body["total"].clone(), body["next"].clone()), (Value::from(0), Value::Null), "{path}");
        assert_eq!(crate::helpers::items(&body).len(), 0);
    }
    assert_eq!(app.text("/api/v1/figures?format=ndjson", &[]).await, "");
    let table = app.csv("/api/v1/figures?format=csv", &[]).await;
    assert_eq!((table.len(), table[0][0].as_str()), (1, "id"), "only the header");
    assert_problem(app.get("/api/v1/editions/2025/figures").await, 404, "not_found").await;
    assert_problem(app.get("/api/v1/series/participants").await, 404, "not_found").await;
    assert_problem(app.get("/api/v1/compare?editions=2024,2025").await, 404, "not_found").await;
}

#[actix_web::test]
async fn what_takes_no_parameters_refuses_them() {
    let app = spawn_app().await;
    for path in [
        "/healthz?verbose=1",
        "/readyz?verbose=1",
        "/metrics?verbose=1",
        "/api/v1/openapi.json?verbose=1",
        "/api/v1?verbose=1",
    ] {
        let problem = assert_problem(app.get(path).await, 400, "invalid_parameter").await;
        assert!(problem["detail"].as_str().unwrap().contains("verbose"), "{path}: {problem}");
    }
}

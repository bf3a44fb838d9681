//! What operators see: request ids, the access log, Prometheus metrics, readiness.

use diesel::RunQueryDsl;

use crate::helpers::{assert_problem, captured_logs, spawn_app};

#[actix_web::test]
async fn every_response_carries_a_request_id_taken_from_the_request_or_made() {
    let app = spawn_app().await;
    let given = app.get_with("/api/v1/editions", &[("x-request-id", "trace-42")]).await;
    assert_eq!(given.headers()["x-request-id"], "trace-42");
    let made = app.get("/api/v1/editions/1999").await;
    let id = made.headers()["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    assert_problem(made, 404, "not_found").await;
    let other = app.get("/api/v1/editions/1999").await;
    assert_ne!(other.headers()["x-request-id"].to_str().unwrap(), id, "one id per request");
    let unreasonable = app.get_with("/healthz", &[("x-request-id", &"x".repeat(500))]).await;
    assert_eq!(unreasonable.headers()["x-request-id"].len(), 36, "an over-long id is replaced");
}

#[actix_web::test]
async fn the_access_log_has_method_route_status_latency_and_request_id() {
    let logs = captured_logs();
    let app = spawn_app().await;
    let id = "access-log-check-7f3a";
    app.get_with("/api/v1/editions/2025?expand=tracks", &[("x-request-id", id)]).await;
    let line = logs.lines().into_iter().find(|l| l.contains(id)).unwrap_or_else(|| panic!("no access line for {id}"));
    assert!(line.starts_with("INFO access GET /api/v1/editions/{year} 200 "), "{line}");
    assert!(line.contains("ms request_id=access-log-check-7f3a"), "{line}");
}

#[actix_web::test]
async fn metrics_count_requests_by_route_template_and_status_and_show_the_pool() {
    let app = spawn_app().await;
    app.get("/api/v1/editions/2025").await;
    app.get("/api/v1/editions/2024").await;
    app.get("/api/v1/editions/1999").await;
    let response = app.get("/metrics").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/plain; version=0.0.4"));
    let text = response.text().await.unwrap();
    let sample = |prefix: &str| -> f64 {
        text.lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix} in\n{text}"))
            .rsplit(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    assert_eq!(sample(r#"http_requests_total{method="GET",route="/api/v1/editions/{year}",status="200"}"#), 2.0);
    assert_eq!(sample(r#"http_requests_total{method="GET",route="/api/v1/editions/{year}",status="404"}"#), 1.0);
    assert_eq!(sample(r#"http_request_duration_seconds_count{method="GET",route="/api/v1/editions/{year}"}"#), 3.0);
    assert!(text.contains(
        "http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/editions/{year}\",le=\"0.005\"}"
    ));
    assert_eq!(sample("db_pool_max_connections"), 4.0);
    let (idle, in_use) =
        (sample(r#"db_pool_connections{state="idle"}"#), sample(r#"db_pool_connections{state="in_use"}"#));
    assert!(idle + in_use >= 1.0 && idle + in_use <= 4.0, "idle {idle}, in use {in_use}");
    assert_eq!(sample("db_errors_total"), 0.0);
}

#[actix_web::test]
async fn readiness_fails_with_503_when_the_database_does_not_answer_and_errors_are_counted() {
    let app = spawn_app().await;
    assert_eq!(app.get("/readyz").await.status(), 200);
    // The data version is what readiness reads; without it the database cannot serve.
    diesel::sql_query("DROP TABLE data_version").execute(&mut *app.conn()).unwrap();
    let problem = assert_problem(app.get("/readyz").await, 503, "service_unavailable").await;
    assert!(!problem["detail"].as_str().unwrap().contains("data_version"), "no internals: {problem}");
    assert_eq!(app.get("/healthz").await.status(), 200, "the process itself is up");
    let reads = app.get("/api/v1/editions").await;
    assert!(reads.status().is_server_error(), "{}", reads.status());
    let text = app.get("/metrics").await.text().await.unwrap();
    let errors: f64 =
        text.lines().find(|l| l.starts_with("db_errors_total")).unwrap().rsplit(' ').next().unwrap().parse().unwrap();
    assert!(errors >= 2.0, "{text}");
}

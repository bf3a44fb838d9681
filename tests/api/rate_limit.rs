//! The write rate limit: N writes a minute per token, then 429 with `Retry-After`.

use serde_json::json;

use crate::helpers::{Spawn, TestApp, assert_problem, expect_json, header};

async fn limited(per_minute: u32) -> TestApp {
    Spawn::default().with(move |s| s.write_rate_limit = per_minute).start().await
}

async fn note(app: &TestApp, token: &str, n: usize) -> reqwest::Response {
    app.patch("/api/v1/editions/2025", token, &json!({ "notes": format!("note {n}") })).await
}

#[actix_web::test]
async fn a_write_over_the_limit_is_429_with_retry_after() {
    let app = limited(2).await;
    let token = app.writer();
    for n in 0..2 {
        expect_json(note(&app, &token, n).await, 200).await;
    }
    let before = app.snapshot();
    let response = note(&app, &token, 2).await;
    let retry_after = header(&response, "retry-after").expect("a 429 says when to retry");
    let problem = assert_problem(response, 429, "rate_limited").await;
    let seconds: u64 = retry_after.parse().unwrap_or_else(|_| panic!("Retry-After is seconds: {retry_after}"));
    assert!((1..=60).contains(&seconds), "Retry-After: {seconds}");
    assert!(problem["detail"].as_str().unwrap().contains(&retry_after), "{problem}");
    app.assert_unchanged(&before);
}

#[actix_web::test]
async fn each_token_has_its_own_budget() {
    let app = limited(1).await;
    let (anna, boris) = (app.writer(), app.writer());
    expect_json(note(&app, &anna, 0).await, 200).await;
    assert_problem(note(&app, &anna, 1).await, 429, "rate_limited").await;
    expect_json(note(&app, &boris, 2).await, 200).await;
}

#[actix_web::test]
async fn reads_are_not_limited() {
    let app = limited(1).await;
    let token = app.writer();
    expect_json(note(&app, &token, 0).await, 200).await;
    assert_problem(note(&app, &token, 1).await, 429, "rate_limited").await;
    for _ in 0..5 {
        assert_eq!(app.get("/api/v1/editions/2025").await.status(), 200);
    }
}

#[actix_web::test]
async fn every_kind_of_write_counts_imports_included() {
    let app = limited(3).await;
    let token = app.writer();
    expect_json(app.post("/api/v1/figures", &token, &crate::fixtures::figure()).await, 201).await;
    expect_json(app.post("/api/v1/import?dry_run=true", &token, &json!({})).await, 200).await;
    assert_eq!(app.delete("/api/v1/figures/999999", &token).await.status(), 404);
    let before = app.snapshot();
    assert_problem(app.post("/api/v1/import", &token, &json!({})).await, 429, "rate_limited").await;
    assert_problem(note(&app, &token, 0).await, 429, "rate_limited").await;
    app.assert_unchanged(&before);
}

#[actix_web::test]
async fn without_a_limit_writes_are_not_counted() {
    let app = limited(0).await;
    let token = app.writer();
    for n in 0..10 {
        expect_json(note(&app, &token, n).await, 200).await;
    }
}

#[actix_web::test]
async fn requests_without_a_valid_token_do_not_use_a_budget() {
    let app = limited(1).await;
    let token = app.writer();
    for _ in 0..3 {
        assert_problem(note(&app, "fm_not-a-token", 0).await, 401, "unauthorized").await;
    }
    expect_json(note(&app, &token, 0).await, 200).await;
}

//! `If-Match`: a write names the version it was based on, and a stale one is 412.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, expect_json, spawn_app};

const EDITION: &str = "/api/v1/editions/2025";

async fn patch_if_match(app: &TestApp, path: &str, token: &str, tag: &str, patch: &Value) -> reqwest::Response {
    app.request(Method::PATCH, path).bearer_auth(token).header("if-match", tag).json(patch).send().await.unwrap()
}

#[actix_web::test]
async fn a_stale_etag_is_412_and_changes_nothing() {
    let app = spawn_app().await;
    let token = app.writer();
    let tag = app.etag(EDITION).await;
    // Someone writes something else: every tag read before is stale.
    expect_json(app.patch("/api/v1/metrics/participants", &token, &json!({"unit": "persons"})).await, 200).await;
    let before = app.snapshot();
    let response = patch_if_match(&app, EDITION, &token, &tag, &json!({"notes": "based on an old read"})).await;
    let problem = assert_problem(response, 412, "precondition_failed").await;
    assert!(problem["detail"].as_str().unwrap().contains(&tag), "{problem}");
    app.assert_unchanged(&before);
}

#[actix_web::test]
async fn the_second_of_two_writers_with_the_same_etag_gets_412() {
    let app = spawn_app().await;
    let (anna, boris) = (app.writer(), app.writer());
    let tag = app.etag(EDITION).await;
    let first = patch_if_match(&app, EDITION, &anna, &tag, &json!({"venue": "Анна"})).await;
    expect_json(first, 200).await;
    let before = app.snapshot();
    let second = patch_if_match(&app, EDITION, &boris, &tag, &json!({"venue": "Борис"})).await;
    assert_problem(second, 412, "precondition_failed").await;
    app.assert_unchanged(&before);
    assert_eq!(app.json(EDITION).await["venue"], "Анна", "the first write is not lost");
}

#[actix_web::test]
async fn the_current_etag_lets_put_patch_and_delete_through() {
    let app = spawn_app().await;
    let token = app.writer();
    let tag = app.etag(EDITION).await;
    let body = app.json(EDITION).await;
    let mut changed = body.clone();
    changed["notes"] = json!("replaced");
    let response = app.request(Method::PUT, EDITION).bearer_auth(&token).header("if-match", &tag).json(&changed).send();
    assert_eq!(expect_json(response.await.unwrap(), 200).await["notes"], "replaced");

    let tag = app.etag(EDITION).await;
    let response = patch_if_match(&app, EDITION, &token, &tag, &json!({"notes": "patched"})).await;
    assert_eq!(expect_json(response, 200).await["notes"], "patched");

    let id =
        expect_json(app.post("/api/v1/figures", &token, &crate::fixtures::figure()).await, 201).await["id"].clone();
    let path = format!("/api/v1/figures/{id}");
    let tag = app.etag(&path).await;
    let response =
        app.request(Method::DELETE, &path).bearer_auth(&token).header("if-match", &tag).send().await.unwrap();
    assert_eq!(response.status(), 204);
}

#[actix_web::test]
async fn delete_with_a_stale_etag_is_412() {
    let app = spawn_app().await;
    let token = app.writer();
    let id =
        expect_json(app.post("/api/v1/figures", &token, &crate::fixtures::figure()).await, 201).await["id"].clone();
    let path = format!("/api/v1/figures/{id}");
    let tag = app.etag(&path).await;
    expect_json(app.patch(&path, &token, &json!({"notes": "changed since"})).await, 200).await;
    let before = app.snapshot();
    let response =
        app.request(Method::DELETE, &path).bearer_auth(&token).header("if-match", &tag).send().await.unwrap();
    assert_problem(response, 412, "precondition_failed").await;
    app.assert_unchanged(&before);
}

#[actix_web::test]
async fn the_etag_of_another_resource_does_not_match() {
    let app = spawn_app().await;
    let token = app.writer();
    let other = app.etag("/api/v1/editions/2024").await;
    let before = app.snapshot();
    let response = patch_if_match(&app, EDITION, &token, &other, &json!({"notes": "x"})).await;
    assert_problem(response, 412, "precondition_failed").await;
    app.assert_unchanged(&before);
}

#[actix_web::test]
async fn a_weak_etag_never_matches() {
    let app = spawn_app().await;
    let token = app.writer();
    let weak = format!("W/{}", app.etag(EDITION).await);
    let before = app.snapshot();
    let response = patch_if_match(&app, EDITION, &token, &weak, &json!({"notes": "x"})).await;
    assert_problem(response, 412, "precondition_failed").await;
    app.assert_unchanged(&before);
}

#[actix_web::test]
async fn a_star_or_a_list_holding_the_current_etag_matches() {
    let app = spawn_app().await;
    let token = app.writer();
    let response = patch_if_match(&app, EDITION, &token, "*", &json!({"notes": "star"})).await;
    expect_json(response, 200).await;
    let list = format!("\"v0-0000000000000000\", {}", app.etag(EDITION).await);
    let response = patch_if_match(&app, EDITION, &token, &list, &json!({"notes": "list"})).await;
    assert_eq!(expect_json(response, 200).await["notes"], "list");
}

#[actix_web::test]
async fn a_write_answers_with_the_tag_that_the_next_write_can_name() {
    let app = crate::helpers::spawn_app().await;
    let token = app.writer();
    let path = "/api/v1/sources/tass-2025-10-22";
    let first = app
        .request(reqwest::Method::PATCH, path)
        .bearer_auth(&token)
        .header("content-type", "application/merge-patch+json")
        .body(r#"{"notes": "first"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), 200);
    let tag = first.headers()["etag"].to_str().unwrap().to_string();
    let read = app.get(path).await;
    assert_eq!(read.headers()["etag"].to_str().unwrap(), tag, "the write's tag is the resource's tag");
    let second = app
        .request(reqwest::Method::PATCH, path)
        .bearer_auth(&token)
        .header("if-match", &tag)
        .header("content-type", "application/merge-patch+json")
        .body(r#"{"notes": "second"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(second.status(), 200);
    let stale = app
        .request(reqwest::Method::PATCH, path)
        .bearer_auth(&token)
        .header("if-match", &tag)
        .header("content-type", "application/merge-patch+json")
        .body(r#"{"notes": "third"}"#)
        .send()
        .await
        .unwrap();
    crate::helpers::assert_problem(stale, 412, "precondition_failed").await;
    let created = app
        .request(reqwest::Method::POST, "/api/v1/metrics")
        .bearer_auth(&token)
        .json(&serde_json::json!({"code": "tagged", "label_ru": "Т", "label_en": "T", "unit": "items", "description": "d"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let tag = created.headers()["etag"].to_str().unwrap().to_string();
    assert_eq!(app.get("/api/v1/metrics/tagged").await.headers()["etag"].to_str().unwrap(), tag);
}

//! Request bodies: JSON only (415), well formed and of the right shape (400), within the body
//! limit (413); every refusal is problem+json and changes nothing.

use reqwest::Method;
use serde_json::{Value, json};
use std::io::{Read, Write};

use crate::fixtures::{edition, figure};
use crate::helpers::{PROBLEM_JSON, Spawn, TestApp, assert_problem, expect_json, spawn_app};

/// POSTs raw bytes with this content type (none when `None`), expects a refusal that
/// changed nothing, and returns the problem's detail.
async fn refused(app: &TestApp, content_type: Option<&str>, body: &str, status: u16, code: &str) -> String {
    let token = app.writer();
    let before = app.snapshot();
    let mut request = app.request(Method::POST, "/api/v1/editions").bearer_auth(&token).body(body.to_string());
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    let problem = assert_problem(request.send().await.unwrap(), status, code).await;
    app.assert_unchanged(&before);
    problem["detail"].as_str().unwrap().to_string()
}

#[actix_web::test]
async fn malformed_json_is_400_invalid_body() {
    let app = spawn_app().await;
    let complete = format!("{} trailing", edition());
    for body in [r#"{"year": 2026,"#, r#"{year: 2026}"#, "not json", &complete] {
        let detail = refused(&app, Some("application/json"), body, 400, "invalid_body").await;
        assert!(detail.contains("not valid JSON"), "{body}: {detail}");
    }
}

#[actix_web::test]
async fn a_field_of_the_wrong_type_is_422_naming_the_field() {
    let app = spawn_app().await;
    let token = app.writer();
    let before = app.snapshot();
    let cases = [
        ("year", json!("2026")),
        ("starts_on", json!("27.11.2026")),
        ("format", json!("virtual")),
        ("organizers", json!("ekaterinburg")),
        ("number", json!(9.5)),
    ];
    let mut all_wrong = edition();
    for (field, value) in &cases {
        let mut body = edition();
        body[*field] = value.clone();
        all_wrong[*field] = value.clone();
        let problem = assert_problem(app.post("/api/v1/editions", &token, &body).await, 422, "validation_failed").await;
        assert_eq!(problem["errors"][0]["field"], *field, "{problem}");
        assert!(problem["errors"][0]["message"].as_str().unwrap().starts_with("must be"), "{problem}");
    }
    // A form can mark every field at once.
    let problem =
        assert_problem(app.post("/api/v1/editions", &token, &all_wrong).await, 422, "validation_failed").await;
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["format", "number", "organizers", "starts_on", "year"], "{problem}");
    assert_eq!(problem["errors"][4]["message"], "must be a whole number");
    assert_eq!(problem["errors"][3]["message"], "must be a date, YYYY-MM-DD");
    app.assert_unchanged(&before);
}

#[actix_web::test]
async fn a_missing_required_field_is_422_and_an_unknown_one_400() {
    let app = spawn_app().await;
    let token = app.writer();
    let before = app.snapshot();
    let mut missing = figure();
    missing.as_object_mut().unwrap().remove("metric");
    missing.as_object_mut().unwrap().remove("source");
    let problem = assert_problem(app.post("/api/v1/figures", &token, &missing).await, 422, "validation_failed").await;
    assert_eq!(
        problem["errors"],
        json!([{"field": "metric", "message": "is required"}, {"field": "source", "message": "is required"}])
    );
    let mut unknown = figure();
    unknown["colour"] = json!("red");
    let problem = assert_problem(app.post("/api/v1/figures", &token, &unknown).await, 400, "invalid_body").await;
    assert!(problem["detail"].as_str().unwrap().contains("colour"), "{problem}");
    for body in [json!([]), json!(null), json!(42)] {
        assert_problem(app.post("/api/v1/figures", &token, &body).await, 400, "invalid_body").await;
    }
    app.assert_unchanged(&before);
}

#[actix_web::test]
async fn a_body_that_is_not_json_is_415() {
    let app = spawn_app().await;
    let body = r#"{"year": 2026}"#;
    for content_type in ["text/plain", "application/xml", "application/x-www-form-urlencoded", "text/json"] {
        let detail = refused(&app, Some(content_type), body, 415, "unsupported_media_type").await;
        assert!(detail.contains("application/json"), "{content_type}: {detail}");
    }
}

#[actix_web::test]
async fn a_body_without_a_content_type_is_415() {
    let app = spawn_app().await;
    refused(&app, None, r#"{"year": 2026}"#, 415, "unsupported_media_type").await;
}

#[actix_web::test]
async fn json_with_a_charset_or_a_json_suffix_is_accepted() {
    let app = spawn_app().await;
    let token = app.writer();
    for (i, content_type) in
        ["application/json; charset=utf-8", "application/merge-patch+json", "Application/JSON"].into_iter().enumerate()
    {
        let mut body = figure();
        body["value"] = json!(9000 + i);
        let response = app
            .request(Method::POST, "/api/v1/figures")
            .bearer_auth(&token)
            .header("content-type", content_type)
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        expect_json(response, 201).await;
    }
}

#[actix_web::test]
async fn an_empty_body_is_400() {
    let app = spawn_app().await;
    let detail = refused(&app, Some("application/json"), "", 400, "invalid_body").await;
    assert!(detail.contains("empty"), "{detail}");
    let token = app.writer();
    let response = app
        .request(Method::PATCH, "/api/v1/editions/2025")
        .bearer_auth(&token)
        .header("content-type", "application/merge-patch+json")
        .send()
        .await
        .unwrap();
    assert_problem(response, 400, "invalid_body").await;
}

fn padded_edition(bytes: usize) -> Value {
    let mut body = edition();
    body["notes"] = json!("x".repeat(bytes));
    body
}

#[actix_web::test]
async fn a_body_over_the_limit_is_413() {
    let app = Spawn::default().with(|s| s.body_limit = 4096).start().await;
    let token = app.writer();
    let before = app.snapshot();
    let response = app.post("/api/v1/editions", &token, &padded_edition(5000)).await;
    let problem = assert_problem(response, 413, "payload_too_large").await;
    assert!(problem["detail"].as_str().unwrap().contains("4096"), "{problem}");
    let response = app.put("/api/v1/editions/2025", &token, &padded_edition(5000)).await;
    assert_problem(response, 413, "payload_too_large").await;
    app.assert_unchanged(&before);
    // Just under the limit is fine.
    expect_json(app.post("/api/v1/editions", &token, &padded_edition(3000)).await, 201).await;
}

/// Sends a chunked request (no Content-Length) over a plain socket; returns the head and the
/// body of the answer.
async fn chunked_post(app: &TestApp, path: &str, token: &str, body: Vec<u8>) -> (String, String) {
    let address = app.address.trim_start_matches("http://").to_string();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    let answer = actix_web::rt::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(&address).unwrap();
        stream.write_all(head.as_bytes()).unwrap();
        for chunk in body.chunks(1024) {
            // The server may answer and close before the last chunk: that is the point.
            let frame = [format!("{:x}\r\n", chunk.len()).as_bytes(), chunk, b"\r\n"].concat();
            if stream.write_all(&frame).is_err() {
                break;
            }
        }
        let _ = stream.write_all(b"0\r\n\r\n");
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        String::from_utf8_lossy(&answer).to_string()
    })
    .await
    .unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").expect("an HTTP answer");
    (head.to_string(), body.to_string())
}

#[actix_web::test]
async fn a_streamed_body_over_the_limit_is_413_too() {
    let app = Spawn::default().with(|s| s.body_limit = 4096).start().await;
    let token = app.writer();
    let before = app.snapshot();
    let body = padded_edition(20_000).to_string();
    let (head, answer) = chunked_post(&app, "/api/v1/editions", &token, body.into_bytes()).await;
    assert!(head.starts_with("HTTP/1.1 413"), "{head}\n\n{answer}");
    assert!(head.to_ascii_lowercase().contains(&format!("content-type: {PROBLEM_JSON}")), "{head}");
    assert!(answer.contains("payload_too_large"), "{answer}");
    app.assert_unchanged(&before);
}

//! 422 with every field error at once: bad values, and references to what does not exist.

use serde_json::{Value, json};

use crate::fixtures::{agreement, edition, figure, metric, person, session, source};
use crate::helpers::{TestApp, assert_problem, spawn_app};

/// The fields a 422 names, in order.
fn fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("a 422 lists its errors: {problem}"))
        .iter()
        .map(|e| {
            assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()), "{e}");
            e["field"].as_str().unwrap().to_string()
        })
        .collect()
}

fn message<'a>(problem: &'a Value, field: &str) -> &'a str {
    problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["field"] == field)
        .and_then(|e| e["message"].as_str())
        .unwrap_or_else(|| panic!("no error on `{field}`: {problem}"))
}

/// POSTs `body`, expects a 422 that changed nothing, returns the problem.
async fn refused(app: &TestApp, path: &str, body: &Value) -> Value {
    let token = app.writer();
    let before = app.snapshot();
    let problem = assert_problem(app.post(path, &token, body).await, 422, "validation_failed").await;
    app.assert_unchanged(&before);
    problem
}

fn with(mut body: Value, changes: Value) -> Value {
    for (field, value) in changes.as_object().unwrap() {
        body[field] = value.clone();
    }
    body
}

#[actix_web::test]
async fn an_edition_lists_every_bad_field_at_once() {
    let app = spawn_app().await;
    let body = with(
        edition(),
        json!({"year": 1999, "number": 0, "title": "", "city": "  ", "starts_on": "2026-11-27", "ends_on": "2026-11-26",
               "organizers": ["Not A Slug"]}),
    );
    let problem = refused(&app, "/api/v1/editions", &body).await;
    assert_eq!(
        fields(&problem),
        ["year", "number", "title", "city", "ends_on", "organizers[0]"]
    );
    assert!(message(&problem, "year").contains("2000"), "{problem}");
    assert!(message(&problem, "ends_on").contains("starts_on"), "{problem}");
}

#[actix_web::test]
async fn a_year_outside_2000_to_2100_is_refused() {
    let app = spawn_app().await;
    for year in [1999, 2101, -1] {
        let problem = refused(&app, "/api/v1/editions", &with(edition(), json!({ "year": year }))).await;
        assert_eq!(fields(&problem), ["year"], "{year}");
    }
}

#[actix_web::test]
async fn a_figure_with_a_negative_value_a_bad_year_and_a_bad_metric_code() {
    let app = spawn_app().await;
    let body = with(
        figure(),
        json!({"value": -5, "edition": 1999, "metric": "Participants!"}),
    );
    let problem = refused(&app, "/api/v1/figures", &body).await;
    let mut names = fields(&problem);
    names.sort();
    assert_eq!(names, ["edition", "metric", "value"]);
    assert!(message(&problem, "value").contains("-5"), "{problem}");
}

#[actix_web::test]
async fn a_figure_naming_an_unknown_edition_metric_and_source() {
    let app = spawn_app().await;
    let body = with(
        figure(),
        json!({"edition": 2099, "metric": "visitors", "source": "nowhere-2026"}),
    );
    let problem = refused(&app, "/api/v1/figures", &body).await;
    assert_eq!(fields(&problem), ["edition", "metric", "source"]);
    assert!(message(&problem, "edition").contains("2099"), "{problem}");
    assert!(
        message(&problem, "metric").contains("`visitors` does not exist"),
        "{problem}"
    );
    assert!(
        message(&problem, "source").contains("`nowhere-2026` does not exist"),
        "{problem}"
    );
}

#[actix_web::test]
async fn bad_values_and_unknown_references_are_listed_together() {
    let app = spawn_app().await;
    let body = with(figure(), json!({"value": -1, "metric": "visitors"}));
    let problem = refused(&app, "/api/v1/figures", &body).await;
    let mut names = fields(&problem);
    names.sort();
    assert_eq!(names, ["metric", "value"], "every problem at once: {problem}");
}

#[actix_web::test]
async fn a_session_naming_an_unknown_person_track_organization_and_source() {
    let app = spawn_app().await;
    let body = with(
        session(),
        json!({"track": "no-track", "sources": ["nowhere-2026"],
               "participants": [{"person": "nobody", "role": "speaker", "organization": "no-org"}]}),
    );
    let problem = refused(&app, "/api/v1/sessions", &body).await;
    let mut names = fields(&problem);
    names.sort();
    assert_eq!(
        names,
        [
            "participants[0].organization",
            "participants[0].person",
            "sources[0]",
            "track"
        ]
    );
    assert!(
        message(&problem, "participants[0].person").contains("nobody"),
        "{problem}"
    );
}

#[actix_web::test]
async fn a_person_appearing_at_an_unknown_edition() {
    let app = spawn_app().await;
    let mut body = person();
    body["appearances"][0]["edition"] = json!(2099);
    body["appearances"][0]["organization"] = json!("no-org");
    let problem = refused(&app, "/api/v1/people", &body).await;
    assert_eq!(
        fields(&problem),
        ["appearances[0].edition", "appearances[0].organization"]
    );
}

#[actix_web::test]
async fn an_agreement_with_unknown_parties_and_a_signing_date_while_planned() {
    let app = spawn_app().await;
    let body = with(
        agreement(),
        json!({"signed_on": "2025-11-27", "parties": ["ekaterinburg", "no-org"]}),
    );
    let problem = refused(&app, "/api/v1/agreements", &body).await;
    let mut names = fields(&problem);
    names.sort();
    assert_eq!(names, ["parties[1]", "signed_on"]);
}

#[actix_web::test]
async fn a_source_with_an_empty_title_a_bad_url_language_and_key() {
    let app = spawn_app().await;
    let body = with(
        source(),
        json!({"key": "Bad Key", "title": " ", "url": "ftp://example.org", "language": "Russian"}),
    );
    let problem = refused(&app, "/api/v1/sources", &body).await;
    assert_eq!(fields(&problem), ["key", "title", "url", "language"]);
    assert!(message(&problem, "key").contains("slug"), "{problem}");
}

#[actix_web::test]
async fn a_metric_code_is_a_slug_without_dashes() {
    let app = spawn_app().await;
    let problem = refused(
        &app,
        "/api/v1/metrics",
        &with(metric(), json!({"code": "volunteer-count", "unit": ""})),
    )
    .await;
    assert_eq!(fields(&problem), ["code", "unit"]);
}

#[actix_web::test]
async fn put_validates_like_post() {
    let app = spawn_app().await;
    let token = app.writer();
    let mut body = app.json("/api/v1/editions/2025").await;
    body["ends_on"] = json!("2025-11-01");
    body["title"] = json!("");
    let before = app.snapshot();
    let problem = assert_problem(
        app.put("/api/v1/editions/2025", &token, &body).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(fields(&problem), ["title", "ends_on"]);
    app.assert_unchanged(&before);
}

#[actix_web::test]
async fn patch_validates_the_patched_resource() {
    let app = spawn_app().await;
    let token = app.writer();
    let before = app.snapshot();
    let patch = json!({"ends_on": "2025-11-01", "sources": ["nowhere-2026"]});
    let problem = assert_problem(
        app.patch("/api/v1/editions/2025", &token, &patch).await,
        422,
        "validation_failed",
    )
    .await;
    let mut names = fields(&problem);
    names.sort();
    assert_eq!(names, ["ends_on", "sources[0]"]);
    app.assert_unchanged(&before);
}

#[actix_web::test]
async fn text_holding_a_nul_character_is_refused_on_either_database() {
    let app = spawn_app().await;
    let body = with(figure(), json!({"quote": "семь\u{0}тысяч", "notes": "a\u{0}"}));
    let problem = refused(&app, "/api/v1/figures", &body).await;
    assert_eq!(fields(&problem), ["quote", "notes"]);
    assert!(message(&problem, "quote").contains("NUL"), "{problem}");
}

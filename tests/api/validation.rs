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
    assert_eq!(fields(&problem), ["year", "number", "title", "city", "ends_on", "organizers[0]"]);
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
    let body = with(figure(), json!({"value": -5, "edition": 1999, "metric": "Participants!"}));
    let problem = refused(&app, "/api/v1/figures", &body).await;
    let mut names = fields(&problem);
    names.sort();
    assert_eq!(names, ["edition", "metric", "value"]);
    assert!(message(&problem, "value").contains("-5"), "{problem}");
}

#[actix_web::test]
async fn a_figure_naming_an_unknown_edition_metric_and_source() {
    let app = spawn_app().await;
    let body = with(figure(), json!({"edition": 2099, "metric": "visitors", "source": "nowhere-2026"}));
    let problem = refused(&app, "/api/v1/figures", &body).await;
    assert_eq!(fields(&problem), ["edition", "metric", "source"]);
    assert!(message(&problem, "edition").contains("2099"), "{problem}");
    assert!(message(&problem, "metric").contains("`visitors` does not exist"), "{problem}");
    assert!(message(&problem, "source").contains("`nowhere-2026` does not exist"), "{problem}");
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
    assert_eq!(names, ["participants[0].organization", "participants[0].person", "sources[0]", "track"]);
    assert!(message(&problem, "participants[0].person").contains("nobody"), "{problem}");
}

#[actix_web::test]
async fn a_person_appearing_at_an_unknown_edition() {
    let app = spawn_app().await;
    let mut body = person();
    body["appearances"][0]["edition"] = json!(2099);
    body["appearances"][0]["organization"] = json!("no-org");
    let problem = refused(&app, "/api/v1/people", &body).await;
    assert_eq!(fields(&problem), ["appearances[0].edition", "appearances[0].organization"]);
}

#[actix_web::test]
async fn an_agreement_with_unknown_parties_and_a_signing_date_while_planned() {
    let app = spawn_app().await;
    let body = with(agreement(), json!({"signed_on": "2025-11-27", "parties": ["ekaterinburg", "no-org"]}));
    let problem = refused(&app, "/api/v1/agreements", &body).await;
    let mut names = fields(&problem);
    names.sort();
    assert_eq!(names, ["parties[1]", "signed_on"]);
}

#[actix_web::test]
async fn a_source_with_an_empty_title_a_bad_url_language_and_key() {
    let app = spawn_app().await;
    let body =
        with(source(), json!({"key": "Bad Key", "title": " ", "url": "ftp://example.org", "language": "Russian"}));
    let problem = refused(&app, "/api/v1/sources", &body).await;
    assert_eq!(fields(&problem), ["key", "title", "url", "language"]);
    assert!(message(&problem, "key").contains("slug"), "{problem}");
}

#[actix_web::test]
async fn a_metric_code_is_a_slug_without_dashes() {
    let app = spawn_app().await;
    let problem =
        refused(&app, "/api/v1/metrics", &with(metric(), json!({"code": "volunteer-count", "unit": ""}))).await;
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
    let problem = assert_problem(app.put("/api/v1/editions/2025", &token, &body).await, 422, "validation_failed").await;
    assert_eq!(fields(&problem), ["title", "ends_on"]);
    app.assert_unchanged(&before);
}

#[actix_web::test]
async fn patch_validates_the_patched_resource() {
    let app = spawn_app().await;
    let token = app.writer();
    let before = app.snapshot();
    let patch = json!({"ends_on": "2025-11-01", "sources": ["nowhere-2026"]});
    let problem =
        assert_problem(app.patch("/api/v1/editions/2025", &token, &patch).await, 422, "validation_failed").await;
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

/// Every required field of a resource missing and every other one of the wrong type: one 422
/// names them all, on every write endpoint, and nothing is written.
#[actix_web::test]
async fn every_missing_or_mistyped_field_of_every_resource_in_one_answer() {
    let app = spawn_app().await;
    let token = app.writer();
    let document: Value = app.json("/api/v1/openapi.json").await;
    let before = app.snapshot();
    for resource in crate::fixtures::resources() {
        let schema_name = document["paths"][resource.collection]["post"]["requestBody"]["content"]["application/json"]
            ["schema"]["$ref"]
            .as_str()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap();
        let schema = &document["components"]["schemas"][schema_name];
        let required: Vec<&str> = schema["required"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
        // The optional fields, each given an object, which no field of any resource takes.
        let mut body = json!({});
        let mut optional: Vec<String> = Vec::new();
        for name in schema["properties"].as_object().unwrap().keys() {
            if !required.contains(&name.as_str()) {
                body[name] = json!({"wrong": "type"});
                optional.push(name.clone());
            }
        }
        let response = app.post(resource.collection, &token, &body).await;
        let problem = assert_problem(response, 422, "validation_failed").await;
        let mut expected: Vec<String> = required.iter().map(|r| r.to_string()).chain(optional).collect();
        expected.sort();
        assert_eq!(fields(&problem), expected, "{}: {problem}", resource.collection);
        for name in &required {
            assert_eq!(message(&problem, name), "is required", "{}", resource.collection);
        }
        if let Some(path) = resource.natural_path() {
            // PUT holds its body to the same schema (the resource need not exist to be checked).
            let response = app.put(&path, &token, &body).await;
            let status = response.status().as_u16();
            assert!(status == 422 || status == 404, "PUT {path}: {status}");
        }
    }
    app.assert_unchanged(&before);
}

#[actix_web::test]
async fn a_patch_that_leaves_fields_of_the_wrong_type_names_each() {
    let app = spawn_app().await;
    let token = app.writer();
    let before = app.snapshot();
    let response = app
        .patch("/api/v1/editions/2025", &token, &json!({"number": "nine", "starts_on": "27 ноября", "format": "live"}))
        .await;
    let problem = assert_problem(response, 422, "validation_failed").await;
    assert_eq!(fields(&problem), ["format", "number", "starts_on"]);
    assert_eq!(message(&problem, "number"), "must be a whole number or null");
    app.assert_unchanged(&before);
}

#[actix_web::test]
async fn a_bundle_lists_every_mistyped_field_with_its_path_and_writes_nothing() {
    let app = spawn_app().await;
    let token = app.writer();
    let before = app.snapshot();
    let bundle = json!({
        "sources": [{"key": "bundle-source", "title": 42, "language": "ru"}],
        "figures": [
            {"edition": 2025, "metric": "participants", "value": 1, "qualifier": "exact", "status": "actual",
             "source": "bundle-source"},
            {"edition": "2025", "metric": "participants", "value": "many", "qualifier": "exact", "status": "guessed",
             "source": "bundle-source"}
        ]
    });
    let problem = assert_problem(app.post("/api/v1/import", &token, &bundle).await, 422, "validation_failed").await;
    assert_eq!(fields(&problem), ["figures[1].edition", "figures[1].status", "figures[1].value", "sources[0].title"]);
    assert_eq!(message(&problem, "figures[1].value"), "must be a number");
    let unknown = json!({"figures": [], "rumours": []});
    let problem = assert_problem(app.post("/api/v1/import", &token, &unknown).await, 400, "invalid_body").await;
    assert!(problem["detail"].as_str().unwrap().contains("`rumours`"), "{problem}");
    app.assert_unchanged(&before);
}

#[actix_web::test]
async fn a_date_is_written_yyyy_mm_dd_in_a_body_too() {
    let app = spawn_app().await;
    let token = app.writer();
    let before = app.snapshot();
    for day in ["+10000-01-01", "2025-1-5", "22.10.2025", "2025-02-30"] {
        let mut body = figure();
        body["reported_on"] = json!(day);
        let problem = assert_problem(app.post("/api/v1/figures", &token, &body).await, 422, "validation_failed").await;
        assert_eq!(
            problem["errors"],
            json!([{"field": "reported_on", "message": "must be a date, YYYY-MM-DD"}]),
            "{day}"
        );
    }
    app.assert_unchanged(&before);
}

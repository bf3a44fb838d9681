//! 409: a natural key that is taken, and deletes of what others still refer to.

use serde_json::json;

use crate::fixtures::{SOURCE, resources, source};
use crate::helpers::{TestApp, assert_problem, expect_json, spawn_app};

/// DELETEs `path`, expects a 409 that changed nothing, returns its detail.
async fn refused_delete(app: &TestApp, path: &str) -> String {
    let token = app.writer();
    let before = app.snapshot();
    let problem = assert_problem(app.delete(path, &token).await, 409, "conflict").await;
    app.assert_unchanged(&before);
    assert_eq!(app.get(path).await.status(), 200, "{path} is still there");
    problem["detail"].as_str().unwrap().to_string()
}

#[actix_web::test]
async fn posting_a_natural_key_that_exists_is_409_for_every_resource() {
    let app = spawn_app().await;
    let token = app.writer();
    for resource in resources() {
        expect_json(app.post(resource.collection, &token, &resource.new).await, 201).await;
        let before = app.snapshot();
        // Same natural key, other content: still the same resource.
        let response = app.post(resource.collection, &token, &resource.changed()).await;
        let problem = assert_problem(response, 409, "conflict").await;
        let detail = problem["detail"].as_str().unwrap();
        assert!(detail.contains("already exists") && detail.contains("PUT"), "{}: {detail}", resource.collection);
        app.assert_unchanged(&before);
    }
}

#[actix_web::test]
async fn posting_a_seeded_edition_again_is_409_naming_where_it_lives() {
    let app = spawn_app().await;
    let token = app.writer();
    let body = app.json("/api/v1/editions/2025").await;
    let before = app.snapshot();
    let problem = assert_problem(app.post("/api/v1/editions", &token, &body).await, 409, "conflict").await;
    assert!(problem["detail"].as_str().unwrap().contains("/api/v1/editions/2025"), "{problem}");
    app.assert_unchanged(&before);
}

#[actix_web::test]
async fn deleting_a_source_that_figures_cite_is_409_naming_them() {
    let app = spawn_app().await;
    let detail = refused_delete(&app, &format!("/api/v1/sources/{SOURCE}")).await;
    assert!(detail.contains(&format!("source `{SOURCE}`")), "{detail}");
    assert!(detail.contains("12 figures"), "{detail}");
    assert!(detail.contains("2024-participants-tass-2025-10-22"), "{detail}");
}

#[actix_web::test]
async fn deleting_a_metric_with_figures_is_409_naming_them() {
    let app = spawn_app().await;
    let detail = refused_delete(&app, "/api/v1/metrics/participants").await;
    assert!(detail.contains("metric `participants`") && detail.contains("figures ("), "{detail}");
    assert!(detail.contains("participants-"), "figure keys are named: {detail}");
}

#[actix_web::test]
async fn deleting_an_edition_is_409_naming_its_figures_sessions_agreements_and_tracks() {
    let app = spawn_app().await;
    let detail = refused_delete(&app, "/api/v1/editions/2025").await;
    for what in ["edition 2025", "32 figures", "6 sessions", "3 agreements", "7 tracks", "esg-quality-of-life-index"] {
        assert!(detail.contains(what), "`{what}` is missing from: {detail}");
    }
}

#[actix_web::test]
async fn deleting_a_person_in_sessions_is_409_naming_the_sessions() {
    let app = spawn_app().await;
    let detail = refused_delete(&app, "/api/v1/people/andrey-sharonov").await;
    assert!(detail.contains("person `andrey-sharonov`") && detail.contains("4 sessions"), "{detail}");
}

#[actix_web::test]
async fn deleting_an_organization_that_organises_and_signs_is_409() {
    let app = spawn_app().await;
    let detail = refused_delete(&app, "/api/v1/organizations/ekaterinburg").await;
    assert!(detail.contains("organization `ekaterinburg`"), "{detail}");
    assert!(detail.contains("editions (") && detail.contains("agreements ("), "{detail}");
}

#[actix_web::test]
async fn once_nothing_refers_to_it_the_delete_succeeds() {
    let app = spawn_app().await;
    let token = app.writer();
    expect_json(app.post("/api/v1/sources", &token, &source()).await, 201).await;
    let mut figure = crate::fixtures::figure();
    figure["source"] = json!("test-source-2026");
    let id = expect_json(app.post("/api/v1/figures", &token, &figure).await, 201).await["id"].as_i64().unwrap();
    let detail = refused_delete(&app, "/api/v1/sources/test-source-2026").await;
    assert!(detail.contains("1 figures") && detail.contains(&format!("id {id}")), "{detail}");
    assert_eq!(app.delete(&format!("/api/v1/figures/{id}"), &token).await.status(), 204);
    assert_eq!(app.delete("/api/v1/sources/test-source-2026", &token).await.status(), 204);
}

#[actix_web::test]
async fn an_edition_number_another_edition_has_is_409() {
    let app = spawn_app().await;
    let token = app.writer();
    let mut body = crate::fixtures::edition();
    body["number"] = json!(9);
    let before = app.snapshot();
    let problem = assert_problem(app.post("/api/v1/editions", &token, &body).await, 409, "conflict").await;
    assert!(problem["detail"].as_str().unwrap().contains("number"), "{problem}");
    app.assert_unchanged(&before);
}

#[actix_web::test]
async fn a_figure_repeating_another_ones_value_from_the_same_source_is_409() {
    let app = spawn_app().await;
    let token = app.writer();
    // The seeded figure 2025-participants-tass-2025-10-22 (7000, expected), under another key.
    let mut body =
        app.json("/api/v1/figures?edition=2025&metric=participants&source=tass-2025-10-22").await["items"][0].clone();
    assert_eq!(body["key"], "2025-participants-tass-2025-10-22", "the seeds changed");
    body.as_object_mut().unwrap().remove("id");
    body["key"] = json!("2025-participants-tass-copy");
    let before = app.snapshot();
    assert_problem(app.post("/api/v1/figures", &token, &body).await, 409, "conflict").await;
    app.assert_unchanged(&before);
}

#[actix_web::test]
async fn renaming_a_session_to_a_key_its_edition_has_is_409() {
    let app = spawn_app().await;
    let token = app.writer();
    let id =
        expect_json(app.post("/api/v1/sessions", &token, &crate::fixtures::session()).await, 201).await["id"].clone();
    let before = app.snapshot();
    let response =
        app.patch(&format!("/api/v1/sessions/{id}"), &token, &json!({"key": "esg-quality-of-life-index"})).await;
    assert_problem(response, 409, "conflict").await;
    app.assert_unchanged(&before);
}

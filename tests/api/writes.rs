//! POST, PUT, PATCH and DELETE on every resource: what they answer and what they store.

use reqwest::Method;
use serde_json::{Value, json};

use crate::fixtures::{Resource, resources};
use crate::helpers::{TestApp, assert_problem, expect_json, header, spawn_app};

/// Creates the resource's new item; returns its path and the answer's body.
async fn create(app: &TestApp, resource: &Resource, token: &str) -> (String, Value) {
    let response = app.post(resource.collection, token, &resource.new).await;
    let location = header(&response, "location");
    let body = expect_json(response, 201).await;
    let location = location.unwrap_or_else(|| panic!("POST {} answered no Location", resource.collection));
    (location, body)
}

/// A path under the resource's collection that holds nothing.
fn missing_path(resource: &Resource) -> String {
    match resource.key_field {
        Some("year") => format!("{}/2099", resource.collection),
        Some(_) => format!("{}/nosuchkey", resource.collection),
        None => format!("{}/999999", resource.collection),
    }
}

#[actix_web::test]
async fn post_answers_201_with_the_location_and_the_stored_resource() {
    let app = spawn_app().await;
    let token = app.writer();
    for resource in resources() {
        let (location, body) = create(&app, &resource, &token).await;
        if let Some(path) = resource.natural_path() {
            assert_eq!(location, path, "{}", resource.collection);
        } else {
            let id = body["id"].as_i64().unwrap_or_else(|| panic!("{} answered no id: {body}", resource.collection));
            assert_eq!(location, format!("{}/{id}", resource.collection));
        }
        let (field, _) = resource.change;
        assert_eq!(body[field], resource.new[field], "{location}: {body}");
        assert_eq!(
            app.json(&location).await,
            body,
            "POST {} did not answer what GET {location} shows",
            resource.collection
        );
    }
}

#[actix_web::test]
async fn put_replaces_the_resource_and_answers_it() {
    let app = spawn_app().await;
    let token = app.writer();
    for resource in resources() {
        let (path, _) = create(&app, &resource, &token).await;
        let body = expect_json(app.put(&path, &token, &resource.changed()).await, 200).await;
        let (field, value) = &resource.change;
        assert_eq!(&body[field], value, "PUT {path}: {body}");
        assert_eq!(app.json(&path).await, body, "PUT {path} did not answer what GET shows");
    }
}

#[actix_web::test]
async fn put_removes_the_optional_fields_the_body_leaves_out() {
    let app = spawn_app().await;
    let token = app.writer();
    let body = json!({"key": "test-source-2026", "title": "Без издателя"});
    let (path, _) = create(&app, &resources().remove(2), &token).await;
    assert_eq!(path, "/api/v1/sources/test-source-2026");
    let stored = expect_json(app.put(&path, &token, &body).await, 200).await;
    assert_eq!(stored["publisher"], Value::Null, "{stored}");
    assert_eq!(stored["url"], Value::Null, "{stored}");
    assert_eq!(stored["language"], "ru", "{stored}");
}

#[actix_web::test]
async fn patch_changes_only_the_fields_it_names() {
    let app = spawn_app().await;
    let token = app.writer();
    for resource in resources() {
        let (path, before) = create(&app, &resource, &token).await;
        let (field, value) = &resource.change;
        let body = expect_json(app.patch(&path, &token, &json!({ *field: value })).await, 200).await;
        let mut expected = before.clone();
        expected[*field] = value.clone();
        assert_eq!(body, expected, "PATCH {path} changed more than `{field}`");
        assert_eq!(app.json(&path).await, body);
    }
}

#[actix_web::test]
async fn patch_accepts_a_plain_json_body() {
    let app = spawn_app().await;
    let token = app.writer();
    let response = app
        .request(Method::PATCH, "/api/v1/editions/2025")
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(json!({"venue": "Екатеринбург-Экспо"}).to_string())
        .send()
        .await
        .unwrap();
    let body = expect_json(response, 200).await;
    assert_eq!(body["venue"], "Екатеринбург-Экспо");
    assert_eq!(body["number"], 9, "other fields stay: {body}");
}

#[actix_web::test]
async fn patch_with_null_removes_an_optional_field() {
    let app = spawn_app().await;
    let token = app.writer();
    let before = app.json("/api/v1/editions/2025").await;
    assert!(before["venue"].is_string());
    let body = expect_json(app.patch("/api/v1/editions/2025", &token, &json!({"venue": null})).await, 200).await;
    assert_eq!(body["venue"], Value::Null);
    assert_eq!(body["theme"], before["theme"]);
}

#[actix_web::test]
async fn patch_that_is_not_an_object_is_400() {
    let app = spawn_app().await;
    let token = app.writer();
    let before = app.snapshot();
    for patch in [json!([{"op": "replace", "path": "/venue", "value": "x"}]), json!("venue"), json!(null)] {
        assert_problem(app.patch("/api/v1/editions/2025", &token, &patch).await, 400, "invalid_body").await;
    }
    app.assert_unchanged(&before);
}

#[actix_web::test]
async fn patch_naming_a_field_the_resource_does_not_have_is_400_even_with_null() {
    let app = spawn_app().await;
    let token = app.writer();
    for resource in resources() {
        let (path, _) = create(&app, &resource, &token).await;
        let snapshot = app.snapshot();
        for (name, value) in [("", Value::Null), ("bogus", Value::Null), ("bogus", json!("x"))] {
            let (field, change) = &resource.change;
            let response = app.patch(&path, &token, &json!({ *field: change, name: value })).await;
            let problem = assert_problem(response, 400, "invalid_body").await;
            let detail = problem["detail"].as_str().unwrap();
            assert!(detail.contains(&format!("`{name}`")), "PATCH {path}: {problem}");
            app.assert_unchanged(&snapshot);
        }
    }
}

#[actix_web::test]
async fn patch_that_leaves_a_required_field_null_is_refused() {
    let app = spawn_app().await;
    let token = app.writer();
    let before = app.snapshot();
    let response = app.patch("/api/v1/editions/2025", &token, &json!({"title": null})).await;
    let problem = assert_problem(response, 422, "validation_failed").await;
    assert_eq!(problem["errors"], json!([{"field": "title", "message": "is required"}]));
    app.assert_unchanged(&before);
}

#[actix_web::test]
async fn delete_answers_204_and_the_resource_is_gone() {
    let app = spawn_app().await;
    let token = app.writer();
    for resource in resources() {
        let before = app.counts();
        let (path, _) = create(&app, &resource, &token).await;
        let response = app.delete(&path, &token).await;
        assert_eq!(response.status(), 204, "DELETE {path}");
        assert!(response.bytes().await.unwrap().is_empty(), "a 204 has no body");
        assert_problem(app.get(&path).await, 404, "not_found").await;
        // Everything the item owned went with it; only the change log grew (create, delete).
        let after = app.counts();
        for ((table, n), (_, m)) in before.iter().zip(&after) {
            let grown = if table == "changes" { 2 } else { 0 };
            assert_eq!(*m, n + grown, "{table} after creating and deleting {path}");
        }
    }
}

#[actix_web::test]
async fn put_patch_and_delete_of_a_missing_resource_are_404() {
    let app = spawn_app().await;
    let token = app.writer();
    let before = app.snapshot();
    for resource in resources() {
        let path = missing_path(&resource);
        let mut body = resource.new.clone();
        if let Some(field) = resource.key_field {
            body[field] = if field == "year" { json!(2099) } else { json!("nosuchkey") };
        }
        assert_problem(app.put(&path, &token, &body).await, 404, "not_found").await;
        assert_problem(app.patch(&path, &token, &json!({})).await, 404, "not_found").await;
        assert_problem(app.delete(&path, &token).await, 404, "not_found").await;
    }
    app.assert_unchanged(&before);
}

#[actix_web::test]
async fn a_key_in_the_body_other_than_the_one_in_the_path_is_422() {
    let app = spawn_app().await;
    let token = app.writer();
    let cases = [
        ("/api/v1/editions/2025", "year", json!(2026)),
        ("/api/v1/metrics/participants", "code", json!("visitors")),
        ("/api/v1/sources/tass-2025-10-22", "key", json!("tass-other")),
        ("/api/v1/organizations/ekaterinburg", "key", json!("ekb")),
        ("/api/v1/people/andrey-sharonov", "key", json!("a-sharonov")),
    ];
    let before = app.snapshot();
    for (path, field, other) in cases {
        let mut body = app.json(path).await;
        // The stored form of a person lists appearances with their sessions: write it as input.
        if path.contains("/people/") {
            body = json!({"key": body["key"], "name": body["name"], "notes": body["notes"]});
        }
        body[field] = other.clone();
        let problem = assert_problem(app.put(path, &token, &body).await, 422, "validation_failed").await;
        assert_eq!(problem["errors"][0]["field"], field, "PUT {path}: {problem}");
        let problem =
            assert_problem(app.patch(path, &token, &json!({ field: other })).await, 422, "validation_failed").await;
        assert_eq!(problem["errors"][0]["field"], field, "PATCH {path}: {problem}");
    }
    app.assert_unchanged(&before);
}

#[actix_web::test]
async fn a_put_of_the_same_content_keeps_the_data_version_and_the_etag() {
    let app = spawn_app().await;
    let token = app.writer();
    for resource in resources() {
        let (path, _) = create(&app, &resource, &token).await;
        let (etag, before) = (app.etag(&path).await, app.snapshot());
        let first = expect_json(app.put(&path, &token, &resource.new).await, 200).await;
        let second = expect_json(app.patch(&path, &token, &json!({})).await, 200).await;
        assert_eq!(first, second);
        app.assert_unchanged(&before);
        assert_eq!(app.etag(&path).await, etag, "PUT {path} of the same content changed the ETag");
    }
}

#[actix_web::test]
async fn a_write_moves_the_data_version_and_the_etag() {
    let app = spawn_app().await;
    let token = app.writer();
    let (etag, version) = (app.etag("/api/v1/editions/2025").await, app.data_version());
    expect_json(app.patch("/api/v1/editions/2025", &token, &json!({"notes": "changed"})).await, 200).await;
    assert_eq!(app.data_version(), version + 1);
    let response =
        app.request(Method::GET, "/api/v1/editions/2025").header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(response.status(), 200, "the old ETag no longer matches");
    assert_ne!(header(&response, "etag").unwrap(), etag);
}

#[actix_web::test]
async fn a_figure_without_a_key_can_be_posted_and_is_then_found_by_its_id() {
    let app = spawn_app().await;
    let token = app.writer();
    let (path, body) = create(&app, &resources().remove(5), &token).await;
    assert_eq!(body["key"], Value::Null);
    assert_eq!(body["value"], 8123);
    let listed = app.json("/api/v1/figures?edition=2025&metric=participants&status=actual").await;
    let ids: Vec<i64> = listed["items"].as_array().unwrap().iter().map(|f| f["id"].as_i64().unwrap()).collect();
    assert!(ids.contains(&body["id"].as_i64().unwrap()), "{path} is not listed: {listed}");
}

#[actix_web::test]
async fn concurrent_writes_wait_for_each_other_and_all_succeed() {
    let app = spawn_app().await;
    let token = app.writer();
    let version = app.data_version();
    let writes = (0..12).map(|n| {
        let (app, token) = (&app, &token);
        async move {
            let response = if n % 2 == 0 {
                let mut body = resources().remove(5).new;
                body["value"] = json!(10_000 + n);
                app.post("/api/v1/figures", token, &body).await
            } else {
                app.patch("/api/v1/editions/2025", token, &json!({ "notes": format!("writer {n}") })).await
            };
            let status = response.status().as_u16();
            (n, status, response.text().await.unwrap())
        }
    });
    for (n, status, body) in futures_util::future::join_all(writes).await {
        assert!(status == 200 || status == 201, "write {n} answered {status}: {body}");
    }
    assert_eq!(app.data_version(), version + 12, "every write committed once");
}

#[actix_web::test]
async fn a_nul_character_in_the_path_is_400() {
    let app = spawn_app().await;
    let token = app.writer();
    let before = app.snapshot();
    assert_problem(app.delete("/api/v1/sources/tass%00", &token).await, 400, "invalid_parameter").await;
    assert_problem(app.patch("/api/v1/people/a%00b", &token, &json!({})).await, 400, "invalid_parameter").await;
    assert_problem(app.put("/api/v1/metrics/a%00", &token, &resources().remove(1).new).await, 400, "invalid_parameter")
        .await;
    app.assert_unchanged(&before);
}

#[actix_web::test]
async fn a_put_listing_the_same_sets_in_another_order_changes_nothing() {
    let app = spawn_app().await;
    let token = app.writer();
    let mut edition = resources().remove(0).new;
    edition["sources"] = json!(["tass-2025-10-22", "oblgazeta-2025-10"]);
    let mut person = resources().remove(4).new;
    let second = json!({"edition": 2024, "position": "эксперт", "sources": ["tass-2025-10-22", "oblgazeta-2025-10"]});
    person["appearances"].as_array_mut().unwrap().push(second);
    let cases = [
        ("/api/v1/editions", "/api/v1/editions/2026", edition),
        ("/api/v1/people", "/api/v1/people/ivan-testov", person),
    ];
    for (collection, path, mut body) in cases {
        expect_json(app.post(collection, &token, &body).await, 201).await;
        let before = app.snapshot();
        if let Some(sources) = body.get_mut("sources").and_then(Value::as_array_mut) {
            sources.reverse();
        }
        if let Some(appearances) = body.get_mut("appearances").and_then(Value::as_array_mut) {
            appearances.reverse();
            appearances[0]["sources"].as_array_mut().unwrap().reverse();
        }
        expect_json(app.put(path, &token, &body).await, 200).await;
        app.assert_unchanged(&before);
    }
}

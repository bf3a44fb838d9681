//! `GET /api/v1/changes`: every create, update and delete, by API or import, with the token's
//! name, the resource, its key, and the resource before and after.

use std::time::Duration;

use chrono::{DateTime, FixedOffset, Utc};
use forum_metrics::domain::TokenScope;
use serde_json::{Value, json};

use crate::fixtures::resources;
use crate::helpers::{TestApp, assert_problem, expect_json, header, items, spawn_app};

/// The changes a query lists, after checking the envelope.
async fn changes(app: &TestApp, query: &str) -> Vec<Value> {
    let body = app.json(&format!("/api/v1/changes?{query}")).await;
    items(&body).clone()
}

fn instant(change: &Value) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(change["at"].as_str().unwrap()).expect("`at` is RFC 3339")
}

#[actix_web::test]
async fn a_create_is_logged_with_its_token_resource_key_and_the_resource_after() {
    let app = spawn_app().await;
    let token = app.token("editor-anna", TokenScope::Write);
    let started = Utc::now();
    let figure = expect_json(app.post("/api/v1/figures", &token, &crate::fixtures::figure()).await, 201).await;
    let logged = changes(&app, "token=editor-anna").await;
    assert_eq!(logged.len(), 1, "{logged:?}");
    let change = &logged[0];
    assert_eq!(change["action"], "create");
    assert_eq!(change["resource"], "figures");
    assert_eq!(change["key"], figure["id"].to_string(), "a figure without a key is known by its id");
    assert_eq!(change["token"], "editor-anna");
    assert_eq!(change["before"], Value::Null);
    let after = &change["after"];
    for field in ["edition", "metric", "value", "qualifier", "status", "source", "reported_on", "quote"] {
        assert_eq!(after[field], crate::fixtures::figure()[field], "after.{field}: {change}");
    }
    let at = instant(change);
    assert!(at >= started - chrono::Duration::seconds(1) && at <= Utc::now(), "{at}");
}

#[actix_web::test]
async fn an_update_is_logged_with_before_and_after() {
    let app = spawn_app().await;
    let token = app.token("editor", TokenScope::Write);
    let old = app.json("/api/v1/editions/2025").await["venue"].clone();
    expect_json(app.patch("/api/v1/editions/2025", &token, &json!({"venue": "Новая площадка"})).await, 200).await;
    let logged = changes(&app, "token=editor").await;
    assert_eq!(logged.len(), 1, "{logged:?}");
    let change = &logged[0];
    assert_eq!((change["action"].as_str(), change["resource"].as_str()), (Some("update"), Some("editions")));
    assert_eq!(change["key"], "2025");
    assert_eq!(change["before"]["venue"], old);
    assert_eq!(change["after"]["venue"], "Новая площадка");
    assert_eq!(change["before"]["title"], change["after"]["title"]);
}

#[actix_web::test]
async fn a_delete_is_logged_with_the_resource_before_and_nothing_after() {
    let app = spawn_app().await;
    let (creator, editor) = (app.writer(), app.token("editor", TokenScope::Write));
    expect_json(app.post("/api/v1/sources", &creator, &crate::fixtures::source()).await, 201).await;
    let before = app.json("/api/v1/sources/test-source-2026").await;
    assert_eq!(app.delete("/api/v1/sources/test-source-2026", &editor).await.status(), 204);
    let logged = changes(&app, "token=editor").await;
    assert_eq!(logged.len(), 1, "{logged:?}");
    assert_eq!(logged[0]["action"], "delete");
    assert_eq!(logged[0]["resource"], "sources");
    assert_eq!(logged[0]["key"], "test-source-2026");
    assert_eq!(logged[0]["before"], before);
    assert_eq!(logged[0]["after"], Value::Null);
}

#[actix_web::test]
async fn every_resource_logs_its_create_update_and_delete() {
    let app = spawn_app().await;
    let token = app.token("editor", TokenScope::Write);
    for resource in resources() {
        let response = app.post(resource.collection, &token, &resource.new).await;
        let path = header(&response, "location").unwrap();
        expect_json(response, 201).await;
        expect_json(app.put(&path, &token, &resource.changed()).await, 200).await;
        assert_eq!(app.delete(&path, &token).await.status(), 204);
        let logged = changes(&app, &format!("token=editor&resource={}", resource.name)).await;
        let actions: Vec<&str> = logged.iter().map(|c| c["action"].as_str().unwrap()).collect();
        assert_eq!(actions, ["create", "update", "delete"], "{}", resource.name);
        let key = logged[0]["key"].as_str().unwrap();
        assert!(logged.iter().all(|c| c["key"] == key), "one key for one resource: {logged:?}");
        let expected_key = match (resource.name, resource.key_field) {
            ("sessions" | "agreements", _) => format!("2025/{}", resource.new["key"].as_str().unwrap()),
            (_, Some(field)) => resource.new[field].to_string().trim_matches('"').to_string(),
            (_, None) => path.rsplit('/').next().unwrap().to_string(),
        };
        assert_eq!(key, expected_key, "{}", resource.name);
        let (field, value) = &resource.change;
        assert_eq!(&logged[1]["after"][field], value, "{}", resource.name);
        assert_eq!(logged[1]["before"][field], resource.new[field], "{}", resource.name);
    }
}

#[actix_web::test]
async fn a_write_that_changes_nothing_or_fails_is_not_logged() {
    let app = spawn_app().await;
    let token = app.token("editor", TokenScope::Write);
    let body = app.json("/api/v1/metrics/participants").await;
    expect_json(app.put("/api/v1/metrics/participants", &token, &body).await, 200).await;
    assert_problem(app.delete("/api/v1/metrics/participants", &token).await, 409, "conflict").await;
    let mut bad = body.clone();
    bad["label_en"] = json!("");
    assert_problem(app.put("/api/v1/metrics/participants", &token, &bad).await, 422, "validation_failed").await;
    assert!(changes(&app, "token=editor").await.is_empty());
}

#[actix_web::test]
async fn an_import_logs_each_object_it_writes_with_the_token() {
    let app = spawn_app().await;
    let token = app.token("importer", TokenScope::Write);
    let bundle = json!({
        "sources": [crate::fixtures::source()],
        "metrics": [crate::fixtures::metric()],
        "organizations": [crate::fixtures::organization()],
    });
    expect_json(app.post("/api/v1/import", &token, &bundle).await, 200).await;
    let logged = changes(&app, "token=importer").await;
    let written: Vec<(&str, &str, &str)> = logged
        .iter()
        .map(|c| (c["action"].as_str().unwrap(), c["resource"].as_str().unwrap(), c["key"].as_str().unwrap()))
        .collect();
    assert_eq!(
        written,
        [
            ("create", "sources", "test-source-2026"),
            ("create", "metrics", "volunteers"),
            ("create", "organizations", "test-org")
        ]
    );
    // The same bundle again changes nothing, and logs nothing.
    expect_json(app.post("/api/v1/import", &token, &bundle).await, 200).await;
    assert_eq!(changes(&app, "token=importer").await.len(), 3);
    // A dry run logs nothing either.
    let mut changed = bundle.clone();
    changed["metrics"][0]["unit"] = json!("persons");
    expect_json(app.post("/api/v1/import?dry_run=true", &token, &changed).await, 200).await;
    assert_eq!(changes(&app, "token=importer").await.len(), 3);
}

#[actix_web::test]
async fn the_seeds_loaded_by_the_command_line_are_logged_without_a_token() {
    let app = spawn_app().await;
    let body = app.json("/api/v1/changes?resource=figures&action=create&limit=1").await;
    assert_eq!(body["total"], app.count("figures"), "every seeded figure was logged");
    assert_eq!(items(&body)[0]["token"], Value::Null);
}

#[actix_web::test]
async fn since_lists_the_changes_at_or_after_an_instant() {
    let app = spawn_app().await;
    let token = app.token("editor", TokenScope::Write);
    expect_json(app.patch("/api/v1/editions/2025", &token, &json!({"notes": "first"})).await, 200).await;
    actix_web::rt::time::sleep(Duration::from_millis(20)).await;
    let between = Utc::now();
    actix_web::rt::time::sleep(Duration::from_millis(20)).await;
    expect_json(app.patch("/api/v1/editions/2025", &token, &json!({"notes": "second"})).await, 200).await;

    let since = |t: DateTime<FixedOffset>| t.to_rfc3339_opts(chrono::SecondsFormat::Micros, false).replace('+', "%2B");
    let after = changes(&app, &format!("token=editor&since={}", since(between.fixed_offset()))).await;
    assert_eq!(after.len(), 1, "{after:?}");
    assert_eq!(after[0]["after"]["notes"], "second");
    // The same instant in Yekaterinburg's offset.
    let local = between.with_timezone(&FixedOffset::east_opt(5 * 3600).unwrap());
    assert_eq!(changes(&app, &format!("token=editor&since={}", since(local))).await.len(), 1);
    // `since` is inclusive: the second change's own instant lists it.
    let second = instant(&after[0]);
    assert_eq!(changes(&app, &format!("token=editor&since={}", since(second))).await.len(), 1);
    let future = (Utc::now() + chrono::Duration::hours(1)).fixed_offset();
    assert!(changes(&app, &format!("since={}", since(future))).await.is_empty());
}

#[actix_web::test]
async fn a_malformed_filter_is_400() {
    let app = spawn_app().await;
    for query in [
        "since=2025-11-27",
        "since=2025-11-27T00:00:00",
        "since=yesterday",
        "action=rename",
        "sort=token",
        "limit=0",
        "who=anna",
    ] {
        let problem =
            assert_problem(app.get(&format!("/api/v1/changes?{query}")).await, 400, "invalid_parameter").await;
        let name = query.split('=').next().unwrap();
        assert!(problem["detail"].as_str().unwrap().contains(name), "{query}: {problem}");
    }
}

#[actix_web::test]
async fn changes_are_paged_like_every_collection() {
    let app = spawn_app().await;
    let token = app.token("editor", TokenScope::Write);
    for n in 0..3 {
        expect_json(app.patch("/api/v1/editions/2025", &token, &json!({ "notes": format!("note {n}") })).await, 200)
            .await;
    }
    let response = app.get("/api/v1/changes?token=editor&limit=2").await;
    let link = header(&response, "link").expect("a Link header to the next page");
    let page = expect_json(response, 200).await;
    assert_eq!((page["total"].as_i64(), page["limit"].as_i64()), (Some(3), Some(2)));
    let next = page["next"].as_str().expect("a next page").to_string();
    assert!(link.contains("rel=\"next\""), "{link}");
    // Paging is stable under inserts: a write between pages neither repeats nor skips one.
    expect_json(app.patch("/api/v1/editions/2025", &token, &json!({"notes": "note 3"})).await, 200).await;
    let path = next.find("/api/v1/").map(|i| &next[i..]).unwrap();
    let rest = app.json(path).await;
    let notes: Vec<&str> =
        items(&page).iter().chain(items(&rest)).map(|c| c["after"]["notes"].as_str().unwrap()).collect();
    assert_eq!(notes, ["note 0", "note 1", "note 2", "note 3"]);
    assert_eq!(rest["next"], Value::Null);
}

#[actix_web::test]
async fn changes_filter_by_resource_and_action_and_sort_newest_first() {
    let app = spawn_app().await;
    let token = app.token("editor", TokenScope::Write);
    let id = expect_json(app.post("/api/v1/figures", &token, &crate::fixtures::figure()).await, 201).await["id"]
        .as_i64()
        .unwrap();
    expect_json(app.patch(&format!("/api/v1/figures/{id}"), &token, &json!({"notes": "n"})).await, 200).await;
    expect_json(app.patch("/api/v1/editions/2025", &token, &json!({"notes": "n"})).await, 200).await;
    assert_eq!(app.delete(&format!("/api/v1/figures/{id}"), &token).await.status(), 204);
    let figures = changes(&app, "token=editor&resource=figures&sort=-id").await;
    let actions: Vec<&str> = figures.iter().map(|c| c["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["delete", "update", "create"]);
    let updates = changes(&app, "token=editor&action=update").await;
    let resources: Vec<&str> = updates.iter().map(|c| c["resource"].as_str().unwrap()).collect();
    assert_eq!(resources, ["figures", "editions"]);
}

#[actix_web::test]
async fn changes_are_offered_as_csv() {
    let app = spawn_app().await;
    let token = app.token("editor", TokenScope::Write);
    expect_json(app.patch("/api/v1/editions/2025", &token, &json!({"notes": "csv"})).await, 200).await;
    let response = app.get("/api/v1/changes?token=editor&format=csv").await;
    assert_eq!(response.status(), 200);
    assert!(header(&response, "content-type").unwrap().starts_with("text/csv"));
    let text = response.text().await.unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("id,at,token,action,resource,key,before,after"));
    let row = lines.next().unwrap();
    assert!(row.contains(",editor,update,editions,2025,"), "{row}");
}

#[actix_web::test]
async fn a_nul_character_in_a_filter_is_400() {
    let app = spawn_app().await;
    for query in ["token=a%00b", "resource=figures%00"] {
        assert_problem(app.get(&format!("/api/v1/changes?{query}")).await, 400, "invalid_parameter").await;
    }
}

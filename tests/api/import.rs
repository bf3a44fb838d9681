//! `POST /api/v1/import`: bundles upserted by natural key, all or nothing.

use std::path::Path;

use serde_json::{Map, Value, json};

use crate::helpers::{Spawn, TestApp, assert_problem, expect_json, items, spawn_app};

const KINDS: [&str; 9] =
    ["sources", "metrics", "organizations", "people", "editions", "tracks", "sessions", "figures", "agreements"];

fn figure(key: &str, metric: &str, value: f64, qualifier: &str, status: &str, source: &str, on: Option<&str>) -> Value {
    json!({
        "key": key, "edition": 2026, "metric": metric, "value": value, "qualifier": qualifier, "status": status,
        "source": source, "reported_on": on, "quote": format!("{value}")
    })
}

/// A new edition with its sources and figures, built so that every step of the headline rule
/// decides something: for participants the actual figures win over the expected ones, the
/// latest date over an unknown one, `exact` over a larger hedged value; for events the larger
/// value decides.
fn bundle_2026() -> Value {
    let (a, b) = ("test-announcement-2026-10-01", "test-report-2026-11-30");
    json!({
        "sources": [
            {"key": a, "title": "Анонс форума 2026", "publisher": "Тест", "url": "https://example.org/a", "published_on": "2026-10-01", "language": "ru"},
            {"key": b, "title": "Итоги форума 2026", "publisher": "Тест", "url": "https://example.org/b", "published_on": "2026-11-30", "language": "ru"}
        ],
        "editions": [{
            "year": 2026, "number": 10, "title": "Города России 2026", "city": "Екатеринбург",
            "starts_on": "2026-11-26", "ends_on": "2026-11-27", "format": "in_person", "organizers": ["ekaterinburg"], "sources": [a]
        }],
        "figures": [
            figure("p-expected-early", "participants", 9000.0, "more_than", "expected", a, Some("2026-10-01")),
            figure("p-expected-latest", "participants", 9500.0, "exact", "expected", b, Some("2026-10-20")),
            figure("p-actual-about", "participants", 8000.0, "about", "actual", b, Some("2026-11-30")),
            figure("p-actual-exact", "participants", 8500.0, "exact", "actual", b, Some("2026-11-30")),
            figure("p-actual-more", "participants", 8700.0, "more_than", "actual", b, Some("2026-11-30")),
            figure("p-actual-undated", "participants", 9999.0, "exact", "actual", a, None),
            figure("e-actual-small", "events", 100.0, "about", "actual", b, Some("2026-11-30")),
            figure("e-actual-large", "events", 120.0, "about", "actual", b, Some("2026-11-30"))
        ]
    })
}

async fn import(app: &TestApp, bundle: &Value, query: &str) -> reqwest::Response {
    let token = app.writer();
    app.post(&format!("/api/v1/import{query}"), &token, bundle).await
}

/// The report's {created, updated, unchanged} of one kind.
fn kind(report: &Value, kind: &str) -> (i64, i64, i64) {
    let k = &report[kind];
    (k["created"].as_i64().unwrap(), k["updated"].as_i64().unwrap(), k["unchanged"].as_i64().unwrap())
}

/// Every seed file merged into one bundle, as JSON.
fn seeds() -> Value {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut merged = Map::new();
    for file in files {
        let part: Map<String, Value> = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        for (kind, list) in part {
            let all = merged.entry(kind).or_insert_with(|| json!([]));
            all.as_array_mut().unwrap().extend(list.as_array().unwrap().iter().cloned());
        }
    }
    Value::Object(merged)
}

#[actix_web::test]
async fn a_new_editions_bundle_is_written_and_reported_kind_by_kind() {
    let app = spawn_app().await;
    let before = app.count("figures");
    let report = expect_json(import(&app, &bundle_2026(), "").await, 200).await;
    assert_eq!(report["dry_run"], false);
    assert_eq!(kind(&report, "sources"), (2, 0, 0));
    assert_eq!(kind(&report, "editions"), (1, 0, 0));
    assert_eq!(kind(&report, "figures"), (8, 0, 0));
    assert_eq!(kind(&report, "metrics"), (0, 0, 0));
    assert_eq!(kind(&report, "total"), (11, 0, 0));
    assert_eq!(app.count("figures"), before + 8);
    assert_eq!(app.json("/api/v1/editions/2026").await["number"], 10);
}

#[actix_web::test]
async fn an_imported_editions_figures_get_their_headline_by_the_contracts_rule() {
    let app = spawn_app().await;
    expect_json(import(&app, &bundle_2026(), "").await, 200).await;
    let body = app.json("/api/v1/editions/2026/figures").await;
    let headlines = items(&body);
    let codes: Vec<&str> = headlines.iter().map(|h| h["metric"]["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["events", "participants"]);

    let participants = &headlines[1];
    assert_eq!(participants["headline"]["key"], "p-actual-exact", "{participants}");
    assert_eq!(participants["headline"]["value"], 8500);
    assert_eq!(participants["decided_by"], "qualifier", "{participants}");
    assert_eq!(participants["figure_count"], 6);
    assert_eq!((participants["min"].as_i64(), participants["max"].as_i64()), (Some(8000), Some(9999)));
    assert_eq!(participants["disputed"], true);
    assert_eq!(participants["actual"]["value"], 8500);
    assert_eq!(participants["expected"]["value"], 9500, "the latest expected figure");
    let order: Vec<&str> =
        participants["figures"].as_array().unwrap().iter().map(|f| f["key"].as_str().unwrap()).collect();
    assert_eq!(
        order,
        [
            "p-actual-exact",
            "p-actual-more",
            "p-actual-about",
            "p-actual-undated",
            "p-expected-latest",
            "p-expected-early"
        ]
    );

    let events = &headlines[0];
    assert_eq!(events["headline"]["key"], "e-actual-large", "{events}");
    assert_eq!(events["decided_by"], "value", "{events}");
    assert_eq!(events["expected"], Value::Null);
}

#[actix_web::test]
async fn an_imported_edition_joins_the_series_with_its_headline() {
    let app = spawn_app().await;
    expect_json(import(&app, &bundle_2026(), "").await, 200).await;
    let series = app.json("/api/v1/series/participants").await;
    let points = series["items"].as_array().unwrap();
    let last = points.last().unwrap();
    assert_eq!(last["edition"], 2026, "{series}");
    assert_eq!(last["value"], 8500);
    assert_eq!((last["status"].as_str(), last["qualifier"].as_str()), (Some("actual"), Some("exact")));
    assert_eq!(last["source"], "test-report-2026-11-30");
    assert_eq!((last["actual"].as_i64(), last["expected"].as_i64()), (Some(8500), Some(9500)));
    assert_eq!(last["difference"], -1000);
    assert_eq!(last["figure_count"], 6);
    assert_eq!(last["disputed"], true);
    let events = app.json("/api/v1/series/events?from=2026").await;
    assert_eq!(events["items"][0]["value"], 120, "{events}");
}

#[actix_web::test]
async fn importing_the_same_bundle_twice_changes_nothing_the_second_time() {
    let app = spawn_app().await;
    expect_json(import(&app, &bundle_2026(), "").await, 200).await;
    let before = app.snapshot();
    let report = expect_json(import(&app, &bundle_2026(), "").await, 200).await;
    for k in KINDS {
        let (created, updated, _) = kind(&report, k);
        assert_eq!((created, updated), (0, 0), "{k}: {report}");
    }
    assert_eq!(kind(&report, "total"), (0, 0, 11));
    app.assert_unchanged(&before);
}

#[actix_web::test]
async fn a_dry_run_reports_what_would_change_and_writes_nothing() {
    let app = spawn_app().await;
    let before = app.snapshot();
    let report = expect_json(import(&app, &bundle_2026(), "?dry_run=true").await, 200).await;
    assert_eq!(report["dry_run"], true);
    assert_eq!(kind(&report, "total"), (11, 0, 0));
    app.assert_unchanged(&before);
    assert_problem(app.get("/api/v1/editions/2026").await, 404, "not_found").await;
    let real = expect_json(import(&app, &bundle_2026(), "?dry_run=false").await, 200).await;
    assert_eq!(real["dry_run"], false);
    assert_eq!(kind(&real, "total"), (11, 0, 0), "the dry run told the truth");
}

#[actix_web::test]
async fn an_import_reports_what_it_updated() {
    let app = spawn_app().await;
    expect_json(import(&app, &bundle_2026(), "").await, 200).await;
    let mut bundle = bundle_2026();
    bundle["figures"][3]["value"] = json!(8600);
    bundle["sources"][0]["title"] = json!("Анонс форума 2026 (исправлено)");
    let report = expect_json(import(&app, &bundle, "").await, 200).await;
    assert_eq!(kind(&report, "figures"), (0, 1, 7));
    assert_eq!(kind(&report, "sources"), (0, 1, 1));
    assert_eq!(kind(&report, "total"), (0, 2, 9));
    let body = app.json("/api/v1/editions/2026/figures?metric=participants").await;
    assert_eq!(items(&body)[0]["headline"]["value"], 8600);
}

#[actix_web::test]
async fn a_bundle_with_one_broken_reference_writes_nothing_and_names_it() {
    let app = spawn_app().await;
    let mut bundle = bundle_2026();
    bundle["figures"][3]["metric"] = json!("visitors");
    let before = app.snapshot();
    assert_problem(import(&app, &bundle, "?dry_run=true").await, 422, "validation_failed").await;
    let problem = assert_problem(import(&app, &bundle, "").await, 422, "validation_failed").await;
    let errors = problem["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{problem}");
    assert_eq!(errors[0]["field"], "figures[3].metric");
    assert!(errors[0]["message"].as_str().unwrap().contains("visitors"), "{problem}");
    app.assert_unchanged(&before);
    assert_problem(app.get("/api/v1/editions/2026").await, 404, "not_found").await;
    assert_problem(app.get("/api/v1/sources/test-announcement-2026-10-01").await, 404, "not_found").await;
}

#[actix_web::test]
async fn a_bundle_lists_every_problem_with_its_path() {
    let app = spawn_app().await;
    let mut bundle = bundle_2026();
    bundle["sources"][1]["url"] = json!("not a url");
    bundle["figures"][0]["value"] = json!(-1);
    bundle["figures"][2]["source"] = json!("nowhere-2026");
    bundle["figures"][5]["edition"] = json!(2099);
    let before = app.snapshot();
    let problem = assert_problem(import(&app, &bundle, "").await, 422, "validation_failed").await;
    let mut fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    fields.sort();
    assert_eq!(fields, ["figures[0].value", "figures[2].source", "figures[5].edition", "sources[1].url"], "{problem}");
    app.assert_unchanged(&before);
}

#[actix_web::test]
async fn a_bundle_defining_a_key_twice_is_refused() {
    let app = spawn_app().await;
    let mut bundle = bundle_2026();
    let copy = bundle["sources"][0].clone();
    bundle["sources"].as_array_mut().unwrap().push(copy);
    let before = app.snapshot();
    let problem = assert_problem(import(&app, &bundle, "").await, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "sources", "{problem}");
    assert!(problem["errors"][0]["message"].as_str().unwrap().contains("test-announcement-2026-10-01"));
    app.assert_unchanged(&before);
}

#[actix_web::test]
async fn a_bundle_with_an_unknown_kind_or_field_is_400() {
    let app = spawn_app().await;
    let before = app.snapshot();
    for bundle in [json!({"widgets": []}), json!({"sources": [{"key": "x", "title": "x", "colour": "red"}]})] {
        assert_problem(import(&app, &bundle, "").await, 400, "invalid_body").await;
    }
    assert_problem(import(&app, &bundle_2026(), "?dry_run=maybe").await, 400, "invalid_parameter").await;
    assert_problem(import(&app, &bundle_2026(), "?force=true").await, 400, "invalid_parameter").await;
    app.assert_unchanged(&before);
}

#[actix_web::test]
async fn reimporting_the_seeds_reports_everything_unchanged() {
    let app = spawn_app().await;
    let seeds = seeds();
    let before = app.snapshot();
    let report = expect_json(import(&app, &seeds, "").await, 200).await;
    let mut objects = 0;
    for k in KINDS {
        let n = seeds[k].as_array().map_or(0, Vec::len) as i64;
        assert_eq!(kind(&report, k), (0, 0, n), "{k}: {report}");
        objects += n;
    }
    assert!(objects > 100, "the seeds were read: {objects}");
    assert_eq!(kind(&report, "total"), (0, 0, objects));
    app.assert_unchanged(&before);
}

#[actix_web::test]
async fn the_seeds_import_into_an_empty_database_over_http() {
    let app = Spawn::empty().start().await;
    let seeds = seeds();
    let report = expect_json(import(&app, &seeds, "").await, 200).await;
    assert_eq!(
        kind(&report, "total").0,
        seeds.as_object().unwrap().values().map(|l| l.as_array().unwrap().len() as i64).sum::<i64>()
    );
    let editions = app.json("/api/v1/editions").await;
    assert_eq!(editions["total"], 7);
}

#[actix_web::test]
async fn an_import_is_held_to_the_import_limit_not_the_resource_limit() {
    let app = Spawn::default()
        .with(|s| {
            s.body_limit = 1024;
            s.import_limit = 16 * 1024;
        })
        .start()
        .await;
    let bundle = bundle_2026();
    assert!(bundle.to_string().len() > 1024, "the bundle is larger than one resource may be");
    expect_json(import(&app, &bundle, "?dry_run=true").await, 200).await;
    let before = app.snapshot();
    let mut large = bundle_2026();
    large["sources"][0]["notes"] = json!("x".repeat(20 * 1024));
    let problem = assert_problem(import(&app, &large, "").await, 413, "payload_too_large").await;
    assert!(problem["detail"].as_str().unwrap().contains("16384"), "{problem}");
    app.assert_unchanged(&before);
}

#[actix_web::test]
async fn the_command_lines_import_and_the_apis_are_one() {
    let app = spawn_app().await;
    app.import(&bundle_2026());
    let before = app.snapshot();
    let report = expect_json(import(&app, &bundle_2026(), "").await, 200).await;
    assert_eq!(kind(&report, "total"), (0, 0, 11), "what the command line wrote, the API finds unchanged");
    app.assert_unchanged(&before);
    let logged = app.json("/api/v1/changes?resource=editions&action=create&sort=-id&limit=1").await;
    assert_eq!(items(&logged)[0]["key"], "2026");
    assert_eq!(items(&logged)[0]["token"], Value::Null, "the command line writes without a token");
}

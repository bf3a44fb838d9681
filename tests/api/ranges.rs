//! Figures that state a range («5-6 тысяч»: `value_from` 5000, `value` 6000, qualifier
//! `range`), and dates known only to the month or the year (`reported_in`, `published_in`).

use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, column, expect_json, items, spawn_app};

const RANGE_KEY: &str = "2024-participants-gorodskoyportal-92932907";

/// The field paths a 422 names, sorted.
fn fields(problem: &Value) -> Vec<String> {
    let mut fields: Vec<String> = problem["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("a 422 lists its errors: {problem}"))
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_string())
        .collect();
    fields.sort();
    fields
}

fn figure(key: &str, value: f64, value_from: Option<f64>, qualifier: &str, on: &str) -> Value {
    json!({
        "key": key, "edition": 2026, "metric": "guests", "value": value, "value_from": value_from,
        "qualifier": qualifier, "status": "actual", "source": "test-report-2026-11", "reported_on": on,
        "quote": format!("{value}")
    })
}

/// A new edition with a new metric and a source dated only to the month: an exact and a
/// range figure on one day, another range earlier. Every new field of the bundle is used.
fn bundle() -> Value {
    json!({
        "sources": [{"key": "test-report-2026-11", "title": "Итоги форума 2026", "publisher": "Тест",
                     "url": "https://example.org/2026", "published_on": null, "published_in": "2026-11", "language": "ru"}],
        "metrics": [{"code": "guests", "label_ru": "Гости", "label_en": "Guests", "unit": "people", "description": "Guests."}],
        "editions": [{"year": 2026, "number": 10, "title": "Города России 2026", "city": "Екатеринбург",
                      "starts_on": "2026-11-26", "ends_on": "2026-11-27", "format": "in_person", "sources": ["test-report-2026-11"]}],
        "figures": [
            figure("g-exact", 5500.0, None, "exact", "2026-11-28"),
            figure("g-range", 6000.0, Some(5000.0), "range", "2026-11-28"),
            {"key": "g-range-early", "edition": 2026, "metric": "participants", "value": 9000, "value_from": 8000,
             "qualifier": "range", "status": "actual", "source": "test-report-2026-11", "reported_on": null, "reported_in": "2026-11"}
        ]
    })
}

async fn import(app: &TestApp, bundle: &Value) -> reqwest::Response {
    app.post("/api/v1/import", &app.writer(), bundle).await
}

/// The figure with this key.
async fn by_key(app: &TestApp, query: &str, key: &str) -> Value {
    let body = app.json(&format!("/api/v1/figures?{query}&limit=500")).await;
    items(&body).iter().find(|f| f["key"] == key).cloned().unwrap_or_else(|| panic!("no figure {key} in {body}"))
}

#[actix_web::test]
async fn the_seeded_range_keeps_both_bounds_everywhere() {
    let app = spawn_app().await;
    let range = by_key(&app, "source=gorodskoyportal-92932907", RANGE_KEY).await;
    assert_eq!(
        (range["value"].clone(), range["value_from"].clone(), range["qualifier"].clone()),
        (json!(6000), json!(5000), json!("range"))
    );
    assert_eq!((range["reported_on"].clone(), range["reported_in"].clone()), (Value::Null, json!("2024")));
    assert_eq!(app.json(&format!("/api/v1/figures/{}", range["id"])).await, range);

    let body = app.json("/api/v1/editions/2024/figures?metric=participants").await;
    let h = &items(&body)[0];
    assert_eq!((h["min"].as_i64(), h["max"].as_i64()), (Some(5000), Some(6000)), "the range's lower bound is the min");
    assert_eq!(h["headline"]["key"], "2024-participants-tass-2025-10-22");
    assert_eq!(h["headline"]["value_from"], Value::Null);
    let listed = h["figures"].as_array().unwrap().iter().find(|f| f["key"] == RANGE_KEY).unwrap();
    assert_eq!((listed["value_from"].as_i64(), listed["value"].as_i64()), (Some(5000), Some(6000)));

    let table = app.csv("/api/v1/figures?format=csv", &[]).await;
    let (keys, from) = (column(&table, "key"), column(&table, "value_from"));
    for (key, from) in keys.iter().zip(&from) {
        assert_eq!(from, if key == RANGE_KEY { "5000" } else { "" }, "{key}");
    }
    assert!(keys.iter().any(|k| k == RANGE_KEY));
}

#[actix_web::test]
async fn a_bundle_without_the_new_fields_still_imports() {
    let app = spawn_app().await;
    // The shape bundles had before ranges and periods: no value_from, reported_in, published_in.
    let old = json!({
        "sources": [{"key": "old-shape-2026", "title": "Анонс", "publisher": "Тест", "url": "https://example.org/old",
                     "published_on": "2026-10-01", "language": "ru"}],
        "editions": [{"year": 2026, "number": 10, "title": "Города России 2026", "city": "Екатеринбург", "format": "in_person"}],
        "figures": [{"key": "old-shape", "edition": 2026, "metric": "participants", "value": 9000, "qualifier": "about",
                     "status": "expected", "source": "old-shape-2026", "reported_on": "2026-10-01", "quote": "около 9 000"}]
    });
    let report = expect_json(import(&app, &old).await, 200).await;
    assert_eq!(report["total"]["created"], 3, "{report}");
    let stored = by_key(&app, "edition=2026", "old-shape").await;
    assert_eq!((stored["value_from"].clone(), stored["reported_in"].clone()), (Value::Null, Value::Null));
    assert_eq!(app.json("/api/v1/sources/old-shape-2026").await["published_in"], Value::Null);
    let again = expect_json(import(&app, &old).await, 200).await;
    assert_eq!(again["total"], json!({"created": 0, "updated": 0, "unchanged": 3}));
}

#[actix_web::test]
async fn a_bundle_with_ranges_imports_once_and_then_changes_nothing() {
    let app = spawn_app().await;
    let report = expect_json(import(&app, &bundle()).await, 200).await;
    assert_eq!(report["figures"]["created"], 3, "{report}");
    let range = by_key(&app, "edition=2026", "g-range").await;
    assert_eq!((range["value_from"].as_i64(), range["qualifier"].as_str()), (Some(5000), Some("range")));
    let early = by_key(&app, "edition=2026", "g-range-early").await;
    assert_eq!(early["reported_in"], "2026-11");
    assert_eq!(app.json("/api/v1/sources/test-report-2026-11").await["published_in"], "2026-11");

    let before = app.snapshot();
    let again = expect_json(import(&app, &bundle()).await, 200).await;
    assert_eq!(again["total"], json!({"created": 0, "updated": 0, "unchanged": 6}), "{again}");
    app.assert_unchanged(&before);

    // A lower bound alone moving is a change.
    let mut moved = bundle();
    moved["figures"][1]["value_from"] = json!(4500);
    let report = expect_json(import(&app, &moved).await, 200).await;
    assert_eq!(report["figures"], json!({"created": 0, "updated": 1, "unchanged": 2}), "{report}");
    assert_eq!(by_key(&app, "edition=2026", "g-range").await["value_from"], 4500);
}

#[actix_web::test]
async fn a_bundle_with_a_bad_range_or_period_writes_nothing() {
    let app = spawn_app().await;
    let before = app.snapshot();
    let mut bad = bundle();
    bad["figures"][0]["qualifier"] = json!("range"); // no value_from
    bad["figures"][1]["value_from"] = json!(6000); // not below value
    bad["figures"][2]["qualifier"] = json!("about"); // value_from without a range
    bad["figures"][2]["reported_on"] = json!("2026-11-30"); // and a day beside the month
    bad["sources"][0]["published_on"] = json!("2026-11-30"); // a day beside the month
    let problem = assert_problem(import(&app, &bad).await, 422, "validation_failed").await;
    assert_eq!(
        fields(&problem),
        [
            "figures[0].value_from",
            "figures[1].value_from",
            "figures[2].reported_in",
            "figures[2].value_from",
            "sources[0].published_in"
        ],
        "{problem}"
    );
    for (i, case) in [
        json!({"qualifier": "range"}),
        json!({"value_from": 6000}),
        json!({"value_from": -1}),
        json!({"qualifier": "about"}),
        json!({"reported_in": "2026-11"}),
    ]
    .into_iter()
    .enumerate()
    {
        let mut one = bundle();
        for (field, value) in case.as_object().unwrap() {
            one["figures"][if i == 0 { 0 } else { 1 }][field] = value.clone();
        }
        let problem = assert_problem(import(&app, &one).await, 422, "validation_failed").await;
        assert_eq!(problem["errors"].as_array().unwrap().len(), 1, "{case}: {problem}");
    }
    // A period that is not one is a field error, with its path, like a malformed date.
    let mut month = bundle();
    month["figures"][2]["reported_in"] = json!("2025-13");
    let problem = assert_problem(import(&app, &month).await, 422, "validation_failed").await;
    assert_eq!(
        problem["errors"],
        json!([{"field": "figures[2].reported_in", "message": "must be a year (YYYY) or a month (YYYY-MM)"}])
    );
    let mut published = bundle();
    published["sources"][0]["published_in"] = json!("2026-11-01");
    let problem = assert_problem(import(&app, &published).await, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "sources[0].published_in", "{problem}");
    app.assert_unchanged(&before);
}

#[actix_web::test]
async fn figures_are_written_as_ranges_and_back() {
    let app = spawn_app().await;
    let token = app.writer();
    let mut body = crate::fixtures::figure();
    body["value"] = json!(9000);
    body["value_from"] = json!(8000);
    body["qualifier"] = json!("range");
    let created = expect_json(app.post("/api/v1/figures", &token, &body).await, 201).await;
    assert_eq!((created["value_from"].as_i64(), created["qualifier"].as_str()), (Some(8000), Some("range")));
    let path = format!("/api/v1/figures/{}", created["id"]);
    assert_eq!(app.json(&path).await, created);

    body["value_from"] = json!(7500);
    let replaced = expect_json(app.put(&path, &token, &body).await, 200).await;
    assert_eq!(replaced["value_from"], 7500);

    let before = app.snapshot();
    for patch in [json!({"qualifier": "exact"}), json!({"value_from": 9000}), json!({"value_from": null})] {
        let problem = assert_problem(app.patch(&path, &token, &patch).await, 422, "validation_failed").await;
        assert_eq!(fields(&problem), ["value_from"], "{patch}: {problem}");
    }
    app.assert_unchanged(&before);
    let exact =
        expect_json(app.patch(&path, &token, &json!({"qualifier": "exact", "value_from": null})).await, 200).await;
    assert_eq!((exact["qualifier"].as_str(), exact["value_from"].clone()), (Some("exact"), Value::Null));
    assert_eq!(exact["value"], 9000);
    assert_eq!(app.json(&path).await, exact);
    let problem =
        assert_problem(app.patch(&path, &token, &json!({"value_from": 100})).await, 422, "validation_failed").await;
    assert!(problem["errors"][0]["message"].as_str().unwrap().contains("range"), "{problem}");
}

#[actix_web::test]
async fn the_rule_puts_an_exact_figure_before_a_range_of_the_same_day() {
    let app = spawn_app().await;
    expect_json(import(&app, &bundle()).await, 200).await;
    let body = app.json("/api/v1/editions/2026/figures?metric=guests").await;
    let h = &items(&body)[0];
    assert_eq!(h["headline"]["key"], "g-exact", "{h}");
    assert_eq!(h["decided_by"], "qualifier");
    assert_eq!(h["disputed"], true, "5 500 against 5 000–6 000");
    assert_eq!((h["min"].as_i64(), h["max"].as_i64()), (Some(5000), Some(6000)));
    let order: Vec<&str> = h["figures"].as_array().unwrap().iter().map(|f| f["key"].as_str().unwrap()).collect();
    assert_eq!(order, ["g-exact", "g-range"]);

    // Without the exact figure, the range is the headline and says so.
    let token = app.writer();
    let exact = by_key(&app, "edition=2026&metric=guests", "g-exact").await;
    assert_eq!(app.delete(&format!("/api/v1/figures/{}", exact["id"]), &token).await.status(), 204);
    let body = app.json("/api/v1/editions/2026/figures?metric=guests").await;
    let h = &items(&body)[0];
    assert_eq!((h["headline"]["value_from"].as_i64(), h["headline"]["value"].as_i64()), (Some(5000), Some(6000)));
    assert_eq!(h["disputed"], false);
    let table = app.csv("/api/v1/editions/2026/figures?metric=guests&format=csv", &[]).await;
    assert_eq!((column(&table, "value_from"), column(&table, "value")), (vec!["5000".into()], vec!["6000".into()]));
}

#[actix_web::test]
async fn a_range_headline_carries_its_lower_bound_into_series_and_compare() {
    let app = spawn_app().await;
    expect_json(import(&app, &bundle()).await, 200).await;
    let series = app.json("/api/v1/series/participants?from=2024").await;
    let points = series["items"].as_array().unwrap();
    assert_eq!(points[2]["edition"], 2026);
    assert_eq!((points[2]["value"].as_i64(), points[2]["value_from"].as_i64()), (Some(9000), Some(8000)));
    assert_eq!(points[2]["qualifier"], "range");
    assert_eq!(points[2]["reported_in"], "2026-11");
    assert_eq!(points[1]["value_from"], Value::Null, "2025's headline is no range");
    let table = app.csv("/api/v1/series/participants?from=2024&format=csv", &[]).await;
    assert_eq!(column(&table, "value_from"), ["", "", "8000"]);
    assert_eq!(column(&table, "reported_in"), ["", "", "2026-11"]);

    let compared = app.json("/api/v1/compare?editions=2025,2026").await;
    let row = compared["items"].as_array().unwrap().iter().find(|r| r["metric"]["code"] == "participants").unwrap();
    assert_eq!((row["values"][1]["value"].as_i64(), row["values"][1]["value_from"].as_i64()), (Some(9000), Some(8000)));
    assert_eq!(row["values"][0]["value_from"], Value::Null);
    let table = app.csv("/api/v1/compare?editions=2025,2026&format=csv", &[]).await;
    let at = column(&table, "metric").iter().position(|m| m == "participants").unwrap();
    assert_eq!(
        (column(&table, "value_2026")[at].as_str(), column(&table, "value_from_2026")[at].as_str()),
        ("9000", "8000")
    );
    assert_eq!(column(&table, "value_from_2025")[at], "");
    let summary = app.json("/api/v1/editions/2026/summary").await;
    let brief = summary["headlines"].as_array().unwrap().iter().find(|h| h["metric"] == "participants").unwrap();
    assert_eq!(brief["value_from"], 8000, "{summary}");
}

#[actix_web::test]
async fn periods_round_trip_through_the_api_and_place_a_figure_in_time() {
    let app = spawn_app().await;
    let token = app.writer();
    let mut source = crate::fixtures::source();
    source["published_on"] = Value::Null;
    source["published_in"] = json!("2024");
    let created = expect_json(app.post("/api/v1/sources", &token, &source).await, 201).await;
    assert_eq!((created["published_in"].as_str(), created["published_on"].clone()), (Some("2024"), Value::Null));
    assert_eq!(app.json("/api/v1/sources/test-source-2026").await, created);
    let csl: Value = app.get("/api/v1/sources/test-source-2026?format=csl").await.json().await.unwrap();
    assert_eq!(csl["issued"], json!({"date-parts": [[2024]]}));

    let before = app.snapshot();
    let mut both = crate::fixtures::source();
    both["key"] = json!("test-source-both");
    both["published_in"] = json!("2026-01");
    let problem = assert_problem(app.post("/api/v1/sources", &token, &both).await, 422, "validation_failed").await;
    assert_eq!(fields(&problem), ["published_in"]);
    let mut figure = crate::fixtures::figure();
    figure["reported_in"] = json!("2025-12");
    let problem = assert_problem(app.post("/api/v1/figures", &token, &figure).await, 422, "validation_failed").await;
    assert_eq!(fields(&problem), ["reported_in"]);
    app.assert_unchanged(&before);

    // A figure of December 2025 counts from the 31st, and moves when its date does.
    figure["reported_on"] = Value::Null;
    let created = expect_json(app.post("/api/v1/figures", &token, &figure).await, 201).await;
    assert_eq!((created["reported_in"].as_str(), created["reported_on"].clone()), (Some("2025-12"), Value::Null));
    let path = format!("/api/v1/figures/{}", created["id"]);
    let counted = |date: &'static str| {
        let app = &app;
        async move {
            let query = format!(
                "/api/v1/figures?source=tass-2025-10-22&edition=2025&metric=participants&status=actual&as_of={date}"
            );
            app.json(&query).await["total"].as_i64().unwrap()
        }
    };
    assert_eq!((counted("2025-12-30").await, counted("2025-12-31").await), (0, 1));
    let moved = json!({"reported_in": null, "reported_on": "2025-12-05"});
    expect_json(app.patch(&path, &token, &moved).await, 200).await;
    assert_eq!((counted("2025-12-04").await, counted("2025-12-05").await), (0, 1));
    let moved = json!({"reported_on": null, "reported_in": "2026"});
    expect_json(app.patch(&path, &token, &moved).await, 200).await;
    assert_eq!((counted("2026-12-30").await, counted("2026-12-31").await), (0, 1));
}

//! `as_of=YYYY-MM-DD` on every view of figures: only what was reported on or before the date
//! counts (a month or a year from its last day), undated figures are left out, and the answer
//! says how many were.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, column, header, items, parse_csv, spawn_app, split};

fn keys(list: &[Value]) -> BTreeSet<String> {
    list.iter().map(|f| f["key"].as_str().unwrap().to_string()).collect()
}

/// `/editions/{year}/figures?metric=…&as_of=…`: the body and its one headline.
async fn headline(app: &TestApp, year: i32, metric: &str, as_of: &str) -> (Value, Value) {
    let body = app.json(&format!("/api/v1/editions/{year}/figures?metric={metric}&as_of={as_of}")).await;
    let list = items(&body);
    assert_eq!(list.len(), 1, "{body}");
    let item = list[0].clone();
    (body, item)
}

/// The `X-As-Of` and `X-Left-Out*` headers, as the `as_of` object would hold them.
fn as_of_headers(response: &reqwest::Response) -> Value {
    let number = |name: &str| -> Value {
        header(response, name).unwrap_or_else(|| panic!("no {name} header")).parse::<u64>().unwrap().into()
    };
    json!({
        "date": header(response, "x-as-of").expect("an X-As-Of header"),
        "left_out": number("x-left-out"),
        "undated": number("x-left-out-undated"),
        "reported_later": number("x-left-out-later"),
    })
}

#[actix_web::test]
async fn before_every_reading_the_metric_is_listed_without_a_headline() {
    let app = spawn_app().await;
    let seeds = split(Some(2025), Some("participants"), "2016-01-01");
    assert_eq!((seeds.counted.len(), seeds.later, seeds.undated), (0, 6, 0));
    let path = "/api/v1/editions/2025/figures?metric=participants&as_of=2016-01-01";
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "no headline is a 200, not a 404");
    assert_eq!(as_of_headers(&response), seeds.as_of("2016-01-01"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["as_of"], seeds.as_of("2016-01-01"), "{body}");
    assert_eq!(body["total"], 1);
    let h = &items(&body)[0];
    assert_eq!(h["metric"]["code"], "participants");
    assert_eq!(h["headline"], Value::Null, "{h}");
    assert_eq!(h["figure_count"], 0);
    assert_eq!(h["figures"], json!([]));
    assert_eq!((&h["min"], &h["max"]), (&Value::Null, &Value::Null));
    assert_eq!((&h["actual"], &h["expected"]), (&Value::Null, &Value::Null));
    assert_eq!(h["disputed"], false);
    let reason = h["reason"].as_str().unwrap();
    assert!(reason.contains("2016-01-01") && reason.contains('6'), "{reason}");
}

#[actix_web::test]
async fn between_readings_the_latest_reading_by_then_is_the_headline() {
    let app = spawn_app().await;
    let mut dates: Vec<String> = split(Some(2025), Some("participants"), "2099-01-01")
        .counted
        .iter()
        .filter_map(|f| f["reported_on"].as_str().map(str::to_string))
        .collect();
    dates.sort();
    assert_eq!(dates[..2], ["2025-07-22", "2025-10-22"], "the seeds' first two readings");

    // A day after the first reading, before the second: it alone counts.
    let seeds = split(Some(2025), Some("participants"), "2025-07-23");
    let (body, h) = headline(&app, 2025, "participants", "2025-07-23").await;
    assert_eq!(body["as_of"], seeds.as_of("2025-07-23"));
    assert_eq!(body["as_of"]["left_out"], 5);
    assert_eq!(h["headline"]["key"], "2025-participants-news-ekaterinburg-2025-07-22", "{h}");
    assert_eq!(h["headline"]["value"], 7000);
    assert_eq!(h["figure_count"], 1);
    assert_eq!(h["decided_by"], "only_figure");
    assert_eq!(keys(h["figures"].as_array().unwrap()), seeds.keys());

    // On the day of a reading, that reading counts.
    let (_, h) = headline(&app, 2025, "participants", "2025-10-22").await;
    assert_eq!(h["headline"]["key"], "2025-participants-tass-2025-10-22", "{h}");
    assert_eq!(h["figure_count"], 2);

    // Three readings by 10 November: the latest of them (6 November, «около 6 000») wins.
    let seeds = split(Some(2025), Some("participants"), "2025-11-10");
    let (body, h) = headline(&app, 2025, "participants", "2025-11-10").await;
    assert_eq!(body["as_of"], seeds.as_of("2025-11-10"));
    assert_eq!(h["headline"]["key"], "2025-participants-nakanune-2025-11-06", "{h}");
    assert_eq!((h["headline"]["value"].as_i64(), h["headline"]["qualifier"].as_str()), (Some(6000), Some("about")));
    assert_eq!(h["decided_by"], "reported_on");
    assert_eq!(h["figure_count"], 3);
    assert_eq!((h["min"].as_i64(), h["max"].as_i64()), (Some(6000), Some(7000)));
    assert_eq!(h["disputed"], true);
    assert_eq!(keys(h["figures"].as_array().unwrap()), seeds.keys());
}

#[actix_web::test]
async fn after_every_reading_only_undated_figures_are_left_out() {
    let app = spawn_app().await;
    let path = "/api/v1/editions/2025/figures?metric=participants";
    let now = app.json(path).await;
    let mut later = app.json(&format!("{path}&as_of=2026-06-01")).await;
    assert_eq!(
        later.as_object_mut().unwrap().remove("as_of"),
        Some(json!({"date": "2026-06-01", "left_out": 0, "undated": 0, "reported_later": 0})),
        "no seed figure is undated"
    );
    assert_eq!(later, now, "after every reading the answer is the one without as_of");
    assert_eq!(items(&now)[0]["headline"]["key"], "2025-participants-kommersant-2025-11-27");

    app.import(&json!({
        "sources": [{"key": "undated-note", "title": "Записка без даты", "language": "ru"}],
        "figures": [{"key": "2025-participants-undated", "edition": 2025, "metric": "participants", "value": 9000,
                     "qualifier": "exact", "status": "expected", "source": "undated-note", "reported_on": null}]
    }));
    let now = app.json(path).await;
    assert_eq!(items(&now)[0]["figure_count"], 7);
    let (body, h) = headline(&app, 2025, "participants", "2026-06-01").await;
    assert_eq!(body["as_of"], json!({"date": "2026-06-01", "left_out": 1, "undated": 1, "reported_later": 0}));
    assert_eq!(h["figure_count"], 6);
    assert_eq!(h["headline"], items(&now)[0]["headline"]);
    assert!(!keys(h["figures"].as_array().unwrap()).contains("2025-participants-undated"));
    let listed = app.json("/api/v1/figures?edition=2025&as_of=2026-06-01&limit=1").await;
    assert_eq!(listed["as_of"]["undated"], 1, "{listed}");
}

#[actix_web::test]
async fn a_month_counts_from_its_last_day() {
    let app = spawn_app().await;
    // 2025 tracks: «Областная газета» in October 2025 (no day), newsinfo on 20 November.
    let (body, h) = headline(&app, 2025, "tracks", "2025-10-30").await;
    assert_eq!(h["headline"], Value::Null, "{h}");
    assert_eq!(body["as_of"], split(Some(2025), Some("tracks"), "2025-10-30").as_of("2025-10-30"));
    assert_eq!(body["as_of"]["reported_later"], 2);
    let (body, h) = headline(&app, 2025, "tracks", "2025-10-31").await;
    assert_eq!(h["headline"]["key"], "2025-tracks-oblgazeta-2025-10", "{h}");
    assert_eq!(h["headline"]["reported_in"], "2025-10");
    assert_eq!(h["headline"]["reported_on"], Value::Null);
    assert_eq!(h["figure_count"], 1);
    assert_eq!(body["as_of"]["left_out"], 1);

    // URA.RU's «более 7 000» of November 2025 counts from 30 November.
    let (_, h) = headline(&app, 2025, "participants", "2025-11-29").await;
    assert_eq!(h["figure_count"], 5);
    assert!(!keys(h["figures"].as_array().unwrap()).contains("2025-participants-ura-news-1053040857"));
    let (_, h) = headline(&app, 2025, "participants", "2025-11-30").await;
    assert_eq!(h["figure_count"], 6);

    let source = "/api/v1/figures?source=oblgazeta-2025-10&edition=2025";
    let before = app.json(&format!("{source}&as_of=2025-10-30")).await;
    assert_eq!(before["total"], 0, "{before}");
    assert_eq!(before["as_of"]["reported_later"], 5);
    let after = app.json(&format!("{source}&as_of=2025-10-31")).await;
    assert_eq!(after["total"], 5, "{after}");
    assert_eq!(after["as_of"]["left_out"], 0);
}

#[actix_web::test]
async fn a_year_counts_from_its_last_day() {
    let app = spawn_app().await;
    // 2024 registrations: one figure, from «Городской портал», dated only 2024.
    let (body, h) = headline(&app, 2024, "registrations", "2024-12-30").await;
    assert_eq!(h["headline"], Value::Null, "{h}");
    assert_eq!(body["as_of"]["reported_later"], 1);
    let (_, h) = headline(&app, 2024, "registrations", "2024-12-31").await;
    assert_eq!(h["headline"]["key"], "2024-registrations-gorodskoyportal-92932907", "{h}");
    assert_eq!(h["headline"]["reported_in"], "2024");

    // The same source's range «5–6 тысяч» joins 2024 participants' min on the year's last day.
    let (_, h) = headline(&app, 2024, "participants", "2024-12-30").await;
    assert_eq!((h["figure_count"].as_i64(), h["min"].as_i64()), (Some(2), Some(6000)), "{h}");
    let (_, h) = headline(&app, 2024, "participants", "2024-12-31").await;
    assert_eq!((h["figure_count"].as_i64(), h["min"].as_i64()), (Some(3), Some(5000)), "{h}");
    let source = "/api/v1/figures?source=gorodskoyportal-92932907";
    assert_eq!(app.json(&format!("{source}&as_of=2024-12-30")).await["total"], 0);
    assert_eq!(app.json(&format!("{source}&as_of=2024-12-31")).await["total"], 2);
}

#[actix_web::test]
async fn the_figures_collection_lists_only_what_counts_in_every_format() {
    let app = spawn_app().await;
    let seeds = split(Some(2025), None, "2025-11-10");
    assert!(!seeds.counted.is_empty() && seeds.later > 0);
    let path = "/api/v1/figures?edition=2025&as_of=2025-11-10";
    let response = app.get(&format!("{path}&limit=500")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "x-total-count"), Some(seeds.counted.len().to_string()));
    assert_eq!(as_of_headers(&response), seeds.as_of("2025-11-10"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["total"], seeds.counted.len());
    assert_eq!(body["as_of"], seeds.as_of("2025-11-10"));
    assert_eq!(keys(items(&body)), seeds.keys());

    let response = app.get(&format!("{path}&format=csv")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(as_of_headers(&response), seeds.as_of("2025-11-10"));
    assert_eq!(header(&response, "x-total-count"), Some(seeds.counted.len().to_string()));
    let table = parse_csv(&response.text().await.unwrap());
    assert_eq!(table.len() - 1, seeds.counted.len());
    assert_eq!(column(&table, "key").into_iter().collect::<BTreeSet<_>>(), seeds.keys());

    let response = app.get(&format!("{path}&format=ndjson")).await;
    assert_eq!(as_of_headers(&response), seeds.as_of("2025-11-10"));
    let lines: Vec<Value> = response.text().await.unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(keys(&lines), seeds.keys());

    // Across every edition.
    let seeds = split(None, None, "2024-12-31");
    let body = app.json("/api/v1/figures?as_of=2024-12-31&limit=500").await;
    assert_eq!(body["total"], seeds.counted.len());
    assert_eq!(body["as_of"], seeds.as_of("2024-12-31"));
    assert_eq!(keys(items(&body)), seeds.keys());
    assert!(app.json("/api/v1/figures?limit=1").await.get("as_of").is_none(), "no as_of, no tally");
}

#[actix_web::test]
async fn a_series_as_of_a_date_has_gaps_where_nothing_was_reported_yet() {
    let app = spawn_app().await;
    let seeds = split(None, Some("participants"), "2025-01-01");
    let response = app.get("/api/v1/series/participants?as_of=2025-01-01").await;
    assert_eq!(as_of_headers(&response), seeds.as_of("2025-01-01"));
    let series: Value = response.json().await.unwrap();
    assert_eq!(series["as_of"], seeds.as_of("2025-01-01"));
    let points = series["items"].as_array().unwrap();
    let at = |year: i64| points.iter().find(|p| p["edition"] == year).unwrap();
    assert_eq!((&at(2025)["value"], at(2025)["figure_count"].as_i64()), (&Value::Null, Some(0)));
    assert_eq!(at(2024)["value"], 6000);
    assert_eq!(at(2024)["source"], "urbc-2024-11-19", "the 2025 reports of 2024 came later");
    assert_eq!(at(2024)["figure_count"], 3);

    let mut later = app.json("/api/v1/series/participants?as_of=2026-06-01").await;
    assert_eq!(later.as_object_mut().unwrap().remove("as_of").unwrap()["left_out"], 0);
    assert_eq!(later, app.json("/api/v1/series/participants").await);

    let response = app.get("/api/v1/series/participants?as_of=2025-01-01&format=csv").await;
    assert_eq!(as_of_headers(&response), seeds.as_of("2025-01-01"));
    let table = parse_csv(&response.text().await.unwrap());
    let years = column(&table, "edition");
    let values = column(&table, "value");
    let value_of = |year: &str| &values[years.iter().position(|y| y == year).unwrap()];
    assert_eq!((value_of("2024").as_str(), value_of("2025").as_str()), ("6000", ""));
}

#[actix_web::test]
async fn a_comparison_as_of_a_date_keeps_its_rows_with_null_values() {
    let app = spawn_app().await;
    let (a, b) = (split(Some(2024), None, "2025-01-01"), split(Some(2025), None, "2025-01-01"));
    assert!(b.counted.is_empty(), "no 2025 figure was reported before 2025");
    let path = "/api/v1/compare?editions=2024,2025";
    let now = app.json(path).await;
    let response = app.get(&format!("{path}&as_of=2025-01-01")).await;
    assert_eq!(response.headers()["x-left-out"], (a.later + b.later).to_string().as_str());
    let then: Value = response.json().await.unwrap();
    assert_eq!(
        then["as_of"],
        json!({"date": "2025-01-01", "left_out": a.later + b.later, "undated": 0, "reported_later": a.later + b.later})
    );
    let codes = |c: &Value| -> Vec<Value> {
        c["items"].as_array().unwrap().iter().map(|r| r["metric"]["code"].clone()).collect()
    };
    assert_eq!(codes(&then), codes(&now), "every row is still there");
    for row in then["items"].as_array().unwrap() {
        assert_eq!(row["values"][1]["value"], Value::Null, "{row}");
        assert_eq!(row["values"][1]["figure_count"], 0, "{row}");
        assert_eq!(row["changes"][0]["change"], Value::Null, "{row}");
    }
    let participants =
        then["items"].as_array().unwrap().iter().find(|r| r["metric"]["code"] == "participants").unwrap();
    assert_eq!(participants["values"][0]["value"], 6000);
    assert_eq!(participants["values"][0]["figure_count"], 3);

    let response = app.get(&format!("{path}&as_of=2025-01-01&format=csv")).await;
    assert_eq!(response.headers()["x-as-of"], "2025-01-01");
    let table = parse_csv(&response.text().await.unwrap());
    assert!(column(&table, "value_2025").iter().all(String::is_empty), "{table:?}");
}

#[actix_web::test]
async fn a_summary_as_of_a_date_has_the_headlines_known_by_then() {
    let app = spawn_app().await;
    let path = "/api/v1/editions/2025/summary";
    let now = app.json(path).await;
    let before = app.json(&format!("{path}?as_of=2016-01-01")).await;
    assert_eq!(before["headlines"], json!([]), "{before}");
    assert_eq!(before["as_of"], split(Some(2025), None, "2016-01-01").as_of("2016-01-01"));
    assert_eq!(before["counts"]["sessions"], now["counts"]["sessions"]);
    assert_eq!(before["counts"]["figures"], 0, "no figure had been reported: {before}");
    let mut programme = before["counts"].clone();
    programme["figures"] = now["counts"]["figures"].clone();
    assert_eq!(programme, now["counts"], "the programme's counts do not depend on the date");
    assert!(before["changes"].as_array().unwrap().iter().all(|c| c["current"].is_null()), "{before}");

    let after = app.json(&format!("{path}?as_of=2026-06-01")).await;
    assert_eq!(after["headlines"], now["headlines"]);
    assert_eq!(after["as_of"]["left_out"], 0);
    assert!(now.get("as_of").is_none());

    let seeds = split(Some(2025), None, "2025-11-10");
    let between = app.json(&format!("{path}?as_of=2025-11-10")).await;
    assert_eq!(between["as_of"], seeds.as_of("2025-11-10"));
    let shown: BTreeSet<String> =
        between["headlines"].as_array().unwrap().iter().map(|h| h["metric"].as_str().unwrap().to_string()).collect();
    let known: BTreeSet<String> = seeds.counted.iter().map(|f| f["metric"].as_str().unwrap().to_string()).collect();
    assert_eq!(shown, known);
    let participants = between["headlines"].as_array().unwrap().iter().find(|h| h["metric"] == "participants").unwrap();
    assert_eq!(participants["value"], 6000);
    assert_eq!(participants["source"], "nakanune-2025-11-06");
}

#[actix_web::test]
async fn a_date_not_written_yyyy_mm_dd_is_a_bad_parameter_everywhere() {
    let app = spawn_app().await;
    let paths = [
        "/api/v1/editions/2025/figures?",
        "/api/v1/editions/2025/figures?format=csv&",
        "/api/v1/figures?",
        "/api/v1/figures?format=ndjson&",
        "/api/v1/series/participants?",
        "/api/v1/series/participants?format=svg&",
        "/api/v1/compare?editions=2024,2025&",
        "/api/v1/editions/2025/summary?",
    ];
    for path in paths {
        // Also what chrono alone would take: single digits, signs, spaces, years past 9999 (which
        // SQLite compared as text, so that /figures left out every figure as of +10000-01-01).
        let lenient = ["2025-1-5", "%2B2025-01-05", "%202025-01-05", "2025-01-05%20", "-0001-01-01", "%2B10000-01-01"];
        for bad in ["2025-13-01", "yesterday", "", "2025-11", "2025-02-30", "01.11.2025", "20251105"]
            .into_iter()
            .chain(lenient)
        {
            let problem = assert_problem(app.get(&format!("{path}as_of={bad}")).await, 400, "invalid_parameter").await;
            assert!(problem["detail"].as_str().unwrap().contains("as_of"), "{path}as_of={bad}: {problem}");
        }
    }
    // The last day a date can be written so: every figure counts, in every view alike.
    let all = app.json("/api/v1/figures?edition=2025&limit=1").await["total"].clone();
    assert_eq!(app.json("/api/v1/figures?edition=2025&limit=1&as_of=9999-12-31").await["total"], all);
    let summary = app.json("/api/v1/editions/2025/summary?as_of=9999-12-31").await;
    assert_eq!(summary["as_of"]["left_out"], 0);
}

#[actix_web::test]
async fn etags_and_the_response_cache_keep_dates_apart() {
    let app = spawn_app().await;
    let path = "/api/v1/editions/2025/figures?metric=participants";
    let (a, b) = (format!("{path}&as_of=2025-07-23"), format!("{path}&as_of=2025-11-10"));
    let (tag_a, tag_b, tag_none) = (app.etag(&a).await, app.etag(&b).await, app.etag(path).await);
    assert!(tag_a != tag_b && tag_a != tag_none && tag_b != tag_none, "{tag_a} {tag_b} {tag_none}");
    assert_eq!(app.get_with(&a, &[("if-none-match", &tag_a)]).await.status(), 304);
    let other = app.get_with(&b, &[("if-none-match", &tag_a)]).await;
    assert_eq!(other.status(), 200);
    assert_eq!(header(&other, "etag"), Some(tag_b));

    let body = |path: String| {
        let app = &app;
        async move { app.text(&path, &[]).await }
    };
    let first_a = body(a.clone()).await;
    let first_b = body(b.clone()).await;
    let again_a = body(a.clone()).await;
    assert_ne!(first_a, first_b);
    assert_eq!(again_a, first_a);
    let value =
        |text: &str| -> Value { serde_json::from_str::<Value>(text).unwrap()["items"][0]["headline"]["value"].clone() };
    assert_eq!((value(&again_a), value(&first_b)), (json!(7000), json!(6000)));

    // The headers of a cached CSV answer are the date's own.
    let csv = |date: &str| format!("/api/v1/figures?edition=2025&format=csv&as_of={date}");
    for _ in 0..2 {
        for date in ["2025-07-23", "2025-11-10"] {
            let response = app.get(&csv(date)).await;
            assert_eq!(as_of_headers(&response), split(Some(2025), None, date).as_of(date));
        }
    }
}

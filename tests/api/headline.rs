//! `/editions/{year}/figures`: one headline per metric, the rule that chose it, and every figure
//! behind it with its source.

use serde_json::Value;

use crate::helpers::{assert_problem, column, field, header, items, spawn_app};

/// The one item of `/editions/{year}/figures?metric=...`.
async fn headline_of(app: &crate::helpers::TestApp, year: i32, metric: &str, extra: &str) -> Value {
    let body = app.json(&format!("/api/v1/editions/{year}/figures?metric={metric}{extra}")).await;
    assert_eq!(body["total"], 1, "{body}");
    items(&body)[0].clone()
}

fn by_key<'a>(figures: &'a Value, key: &str) -> &'a Value {
    figures.as_array().unwrap().iter().find(|f| f["key"] == key).unwrap_or_else(|| panic!("no figure {key}"))
}

#[actix_web::test]
async fn participants_2025_shows_the_winner_why_and_every_sourced_figure() {
    let app = spawn_app().await;
    let h = headline_of(&app, 2025, "participants", "").await;
    assert_eq!(h["edition"], 2025);
    assert_eq!(h["metric"]["code"], "participants");
    assert_eq!(h["metric"]["label_ru"], "Участники");
    assert_eq!(h["resolve"], "headline");

    // No actual figure exists: the latest expected one wins.
    let winner = &h["headline"];
    assert_eq!(winner["key"], "2025-participants-kommersant-2025-11-27");
    assert_eq!(winner["value"], 7000);
    assert_eq!(winner["qualifier"], "more_than");
    assert_eq!(winner["status"], "expected");
    assert_eq!(winner["source"]["publisher"], "Коммерсантъ");
    assert_eq!(winner["source"]["published_on"], "2025-11-27");
    assert_eq!(h["decided_by"], "reported_on");
    let reason = h["reason"].as_str().unwrap();
    assert!(reason.contains("no actual figure") && reason.contains("2025-11-27"), "{reason}");

    assert_eq!(h["figure_count"], 6);
    assert_eq!((h["min"].clone(), h["max"].clone()), (Value::from(6000), Value::from(7000)));
    assert_eq!(h["disputed"], true);
    assert_eq!(h["actual"], Value::Null);
    assert_eq!(h["expected"]["value"], 7000);
    assert_eq!(h["expected"]["source"], "kommersant-2025-11-27");
    assert_eq!(h["expected_vs_actual"], Value::Null);

    let figures = &h["figures"];
    assert_eq!(figures.as_array().unwrap().len(), 6);
    assert_eq!(figures[0]["key"], winner["key"], "the winner comes first");
    for figure in figures.as_array().unwrap() {
        let source = &figure["source"];
        assert!(source.is_object(), "every figure carries its source object: {figure}");
        for key in ["key", "title", "publisher", "published_on", "url"] {
            assert!(source.get(key).is_some(), "source without {key}: {source}");
        }
        assert!(figure["quote"].is_string(), "{figure}");
    }
    let tass = by_key(figures, "2025-participants-tass-2025-10-22");
    assert_eq!(tass["value"], 7000);
    assert!(tass["quote"].as_str().unwrap().contains("свыше 7 000"), "{tass}");
    assert_eq!(tass["source"]["publisher"], "ТАСС");
    assert_eq!(tass["source"]["published_on"], "2025-10-22");
    assert_eq!(tass["source"]["url"], "https://tass.ru/obschestvo/25423331");
    let city = by_key(figures, "2025-participants-newsinfo-2025-11-20");
    assert_eq!(city["value"], 6000);
    assert!(city["quote"].as_str().unwrap().contains("более шести тысяч"), "{city}");
    assert!(city["attributed_to"].as_str().unwrap().contains("администрации Екатеринбурга"));
    assert_eq!(city["source"]["publisher"], "newsinfo.ru");
    assert_eq!(city["source"]["published_on"], "2025-11-20");

    // Best first: latest report first, the undated one last.
    let dates: Vec<Value> = figures.as_array().unwrap().iter().map(|f| f["reported_on"].clone()).collect();
    assert_eq!(
        dates,
        ["2025-11-27", "2025-11-20", "2025-11-06", "2025-10-22", "2025-07-22"]
            .iter()
            .map(|d| Value::from(*d))
            .chain([Value::Null])
            .collect::<Vec<_>>()
    );
}

#[actix_web::test]
async fn participants_2024_is_6000_actual_beside_the_expected_value() {
    let app = spawn_app().await;
    let h = headline_of(&app, 2024, "participants", "").await;
    let winner = &h["headline"];
    assert_eq!(winner["value"], 6000);
    assert_eq!(winner["status"], "actual");
    assert_eq!(winner["qualifier"], "exact");
    assert_eq!(winner["key"], "2024-participants-tass-2025-10-22");
    assert_eq!(h["decided_by"], "reported_on");
    let reason = h["reason"].as_str().unwrap();
    assert!(reason.contains("3 actual") && reason.contains("2 expected"), "{reason}");
    assert_eq!(h["figure_count"], 5);
    assert_eq!(h["disputed"], false, "every actual figure says 6000");
    assert_eq!(h["actual"]["figure_id"], winner["id"]);
    assert_eq!(h["expected"]["value"], 6000);
    assert_eq!(h["expected"]["status"], "expected");
    assert_eq!(h["expected_vs_actual"], serde_json::json!({"difference": 0, "ratio": 1.0}));
    let statuses = field(h["figures"].as_array().unwrap(), "status");
    assert_eq!(statuses, ["actual", "actual", "actual", "expected", "expected"], "the chosen status first");
}

#[actix_web::test]
async fn every_metric_with_figures_has_one_headline_in_code_order() {
    let app = spawn_app().await;
    let body = app.json("/api/v1/editions/2025/figures").await;
    assert_eq!(body["total"], 12);
    let codes: Vec<Value> = items(&body).iter().map(|h| h["metric"]["code"].clone()).collect();
    assert_eq!(
        codes,
        [
            "agreements_signed",
            "cities",
            "events",
            "exhibition_cities",
            "exhibition_stands",
            "heads_of_cities",
            "municipalities",
            "participants",
            "regions",
            "registrations",
            "speakers",
            "tracks"
        ]
    );
    let body = app.json("/api/v1/editions/2024/figures").await;
    assert_eq!(body["total"], 11);
    let body = app.json("/api/v1/editions/2016/figures").await;
    assert_eq!((body["total"].clone(), items(&body).len()), (Value::from(0), 0));
}

#[actix_web::test]
async fn each_step_of_the_rule_is_named_when_it_decides() {
    let app = spawn_app().await;
    // Same day, both hedged: the larger value.
    let h = headline_of(&app, 2025, "agreements_signed", "").await;
    assert_eq!((h["headline"]["value"].clone(), h["decided_by"].clone()), (Value::from(38), Value::from("value")));
    assert_eq!(h["disputed"], true);
    // One actual figure among expected ones: status decides; the latest expected stands beside it.
    let h = headline_of(&app, 2025, "regions", "").await;
    assert_eq!((h["headline"]["value"].clone(), h["decided_by"].clone()), (Value::from(65), Value::from("status")));
    assert_eq!(h["disputed"], false);
    assert_eq!(h["expected"]["value"], 39);
    assert_eq!(h["expected_vs_actual"], serde_json::json!({"difference": 26, "ratio": 1.6667}));
    // Two actual figures equal on every step: a tie, shown as such.
    let h = headline_of(&app, 2025, "events", "").await;
    assert_eq!((h["headline"]["value"].clone(), h["decided_by"].clone()), (Value::from(80), Value::from("tie")));
    assert_eq!(h["disputed"], false);
    // A single figure.
    let h = headline_of(&app, 2025, "cities", "").await;
    assert_eq!(h["decided_by"], "only_figure");
    assert_eq!((h["min"].clone(), h["max"].clone()), (Value::from(250), Value::from(250)));
    // The later «более 450» beats the earlier exact 450: the date comes before the qualifier.
    let h = headline_of(&app, 2024, "speakers", "").await;
    assert_eq!(h["headline"]["key"], "2024-speakers-tass-2025-10-22");
    assert_eq!(h["headline"]["qualifier"], "more_than");
    assert_eq!(h["decided_by"], "reported_on");
    let h = headline_of(&app, 2024, "heads_of_cities", "").await;
    assert_eq!(h["headline"]["value"], 150);
    assert_eq!(h["expected"]["value"], 100);
    assert_eq!(h["expected_vs_actual"], serde_json::json!({"difference": 50, "ratio": 1.5}));
}

#[actix_web::test]
async fn the_exact_figure_wins_among_figures_of_the_same_day() {
    let app = spawn_app().await;
    app.import(&serde_json::json!({
        "figures": [
            {"edition": 2022, "metric": "participants", "value": 5000, "qualifier": "about", "status": "actual",
             "source": "ural-news-2022-09-20", "reported_on": "2022-11-18"},
            {"edition": 2022, "metric": "participants", "value": 4800, "qualifier": "exact", "status": "actual",
             "source": "ural-news-2022-09-20", "reported_on": "2022-11-18"},
            {"edition": 2022, "metric": "participants", "value": 5500, "qualifier": "more_than", "status": "expected",
             "source": "ural-news-2022-09-20", "reported_on": "2022-11-20"}
        ]
    }));
    let h = headline_of(&app, 2022, "participants", "").await;
    assert_eq!(h["headline"]["value"], 4800);
    assert_eq!(h["decided_by"], "qualifier");
    assert_eq!(h["disputed"], true);
    assert_eq!((h["min"].clone(), h["max"].clone()), (Value::from(4800), Value::from(5500)));
    assert_eq!(h["expected"]["value"], 5500);
    assert_eq!(h["expected_vs_actual"], serde_json::json!({"difference": -700, "ratio": 0.8727}));
}

#[actix_web::test]
async fn resolve_chooses_another_rule_and_says_so() {
    let app = spawn_app().await;
    let latest = headline_of(&app, 2025, "participants", "&resolve=latest").await;
    assert_eq!(latest["resolve"], "latest");
    assert_eq!(latest["headline"]["key"], "2025-participants-kommersant-2025-11-27");
    let max = headline_of(&app, 2025, "participants", "&resolve=max").await;
    assert_eq!(max["headline"]["value"], 7000);
    assert!(max["reason"].as_str().unwrap().contains("largest"));
    let min = headline_of(&app, 2025, "participants", "&resolve=min").await;
    assert_eq!(min["headline"]["value"], 6000);
    assert_eq!(min["headline"]["key"], "2025-participants-newsinfo-2025-11-20", "the later of the two 6000s");
    let all = headline_of(&app, 2025, "participants", "&resolve=all").await;
    assert_eq!(all["headline"], Value::Null);
    assert_eq!(all["decided_by"], "no_choice");
    assert_eq!(all["figures"].as_array().unwrap().len(), 6);
    assert_eq!(all["disputed"], true);
    // Under resolve=min, 2024 still reports 6000, but from the figure the rule picked.
    let min_2024 = headline_of(&app, 2024, "regions", "&resolve=min").await;
    assert_eq!(min_2024["headline"]["value"], 46);
}

#[actix_web::test]
async fn status_counts_only_figures_of_that_status() {
    let app = spawn_app().await;
    let body = app.json("/api/v1/editions/2025/figures?status=actual").await;
    let codes: Vec<Value> = items(&body).iter().map(|h| h["metric"]["code"].clone()).collect();
    assert_eq!(codes, ["agreements_signed", "events", "municipalities", "regions"]);
    for h in items(&body) {
        assert!(h["figures"].as_array().unwrap().iter().all(|f| f["status"] == "actual"), "{h}");
    }
    let h = headline_of(&app, 2024, "participants", "&status=expected").await;
    assert_eq!(h["headline"]["status"], "expected");
    assert_eq!(h["figure_count"], 2);
    assert_eq!(h["actual"], Value::Null);
}

#[actix_web::test]
async fn pages_follow_the_metric_code() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/editions/2025/figures?limit=5").await;
    assert_eq!(response.status(), 200);
    let link = header(&response, "link").expect("a Link header");
    assert_eq!(header(&response, "x-total-count").as_deref(), Some("12"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["limit"], 5);
    assert_eq!(items(&body).len(), 5);
    let next = body["next"].as_str().unwrap();
    assert_eq!(link, format!("<{next}>; rel=\"next\""));
    let all = app.walk("/api/v1/editions/2025/figures?limit=5").await;
    let codes: Vec<String> = all.iter().map(|h| h["metric"]["code"].as_str().unwrap().to_string()).collect();
    let whole = app.json("/api/v1/editions/2025/figures").await;
    let expected: Vec<String> =
        items(&whole).iter().map(|h| h["metric"]["code"].as_str().unwrap().to_string()).collect();
    assert_eq!(codes, expected);
}

#[actix_web::test]
async fn an_unknown_edition_is_404_and_bad_parameters_400() {
    let app = spawn_app().await;
    assert_problem(app.get("/api/v1/editions/1999/figures").await, 404, "not_found").await;
    for query in [
        "resolve=best",
        "status=done",
        "limit=0",
        "limit=all",
        "format=xml",
        "cursor=nonsense",
        "sort=metric",
        "bom=perhaps",
    ] {
        let problem =
            assert_problem(app.get(&format!("/api/v1/editions/2025/figures?{query}")).await, 400, "invalid_parameter")
                .await;
        assert!(problem["detail"].is_string(), "{query}: {problem}");
    }
    // A cursor from another collection is refused.
    let figures = app.json("/api/v1/figures?limit=1").await;
    let next = figures["next"].as_str().unwrap();
    let cursor = next.split("cursor=").nth(1).unwrap();
    assert_problem(app.get(&format!("/api/v1/editions/2025/figures?cursor={cursor}")).await, 400, "invalid_parameter")
        .await;
}

#[actix_web::test]
async fn csv_has_a_row_per_metric_with_the_winning_source() {
    let app = spawn_app().await;
    let table = app.csv("/api/v1/editions/2025/figures?format=csv", &[]).await;
    assert_eq!(table.len(), 13, "a header and 12 metrics");
    for name in ["source_publisher", "source_published_on", "source_url", "decided_by", "reason", "disputed"] {
        assert!(table[0].contains(&name.to_string()), "{name} in {:?}", table[0]);
    }
    let metrics = column(&table, "metric");
    let row = metrics.iter().position(|m| m == "participants").unwrap();
    assert_eq!(column(&table, "value")[row], "7000");
    assert_eq!(column(&table, "source")[row], "kommersant-2025-11-27");
    assert_eq!(column(&table, "source_publisher")[row], "Коммерсантъ");
    assert_eq!(column(&table, "source_published_on")[row], "2025-11-27");
    assert_eq!(column(&table, "disputed")[row], "true");
    assert_eq!((column(&table, "min")[row].as_str(), column(&table, "max")[row].as_str()), ("6000", "7000"));
    let ndjson = app.ndjson("/api/v1/editions/2024/figures", &[("accept", "application/x-ndjson")]).await;
    assert_eq!(ndjson.len(), 11);
    let participants = ndjson.iter().find(|h| h["metric"]["code"] == "participants").unwrap();
    assert_eq!(participants["headline"]["value"], 6000);
}

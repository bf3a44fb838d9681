//! `/series/{metric}`: one value per edition, oldest first, gaps included.

use serde_json::Value;

use crate::helpers::{assert_problem, column, field, header, parse_csv, spawn_app};

#[actix_web::test]
async fn participants_as_csv_has_a_row_per_edition_and_empty_gaps() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/series/participants?from=2016&to=2025&format=csv").await;
    assert_eq!(response.status(), 200);
    assert!(header(&response, "content-type").unwrap().starts_with("text/csv"));
    let text = response.text().await.unwrap();
    assert!(text.ends_with("\r\n") && !text.replace("\r\n", "").contains('\n'), "CRLF line ends");
    let table = parse_csv(&text);
    assert_eq!(table[0][..2], ["edition", "value"]);
    assert_eq!(column(&table, "edition"), ["2016", "2017", "2019", "2020", "2022", "2024", "2025"]);
    assert_eq!(column(&table, "value"), ["", "", "", "", "", "6000", "7000"]);
    assert_eq!(column(&table, "status"), ["", "", "", "", "", "actual", "expected"]);
    assert_eq!(column(&table, "source_publisher")[5], "ТАСС");
    assert_eq!(column(&table, "figure_count"), ["0", "0", "0", "0", "0", "5", "6"]);
    assert_eq!(column(&table, "actual")[5], "6000");
    assert_eq!(column(&table, "expected")[5], "6000");
    assert_eq!(column(&table, "difference")[5], "0");
    assert_eq!(column(&table, "actual")[6], "", "2025 has no actual figure");
}

#[actix_web::test]
async fn json_names_the_metric_rule_and_each_editions_winner() {
    let app = spawn_app().await;
    let series = app.json("/api/v1/series/participants").await;
    assert_eq!(series["metric"]["code"], "participants");
    assert_eq!(series["metric"]["unit"], "people");
    assert_eq!(series["resolve"], "headline");
    assert_eq!(series["status"], Value::Null);
    let points = series["items"].as_array().unwrap();
    assert_eq!(field(points, "edition"), ["2016", "2017", "2019", "2020", "2022", "2024", "2025"]);
    let gap = &points[0];
    assert_eq!((gap["value"].clone(), gap["source"].clone()), (Value::Null, Value::Null));
    assert_eq!(gap["disputed"], false);
    let p2024 = &points[5];
    assert_eq!(p2024["value"], 6000);
    assert_eq!(p2024["status"], "actual");
    assert_eq!(p2024["source"], "tass-2025-10-22");
    assert_eq!(p2024["source_url"], "https://tass.ru/obschestvo/25423331");
    assert_eq!(p2024["reported_on"], "2025-10-22");
    assert_eq!((p2024["actual"].clone(), p2024["expected"].clone()), (Value::from(6000), Value::from(6000)));
    assert_eq!((p2024["difference"].clone(), p2024["ratio"].clone()), (Value::from(0), Value::from(1.0)));
    let p2025 = &points[6];
    assert_eq!(p2025["value"], 7000);
    assert_eq!(p2025["source_publisher"], "Коммерсантъ");
    assert_eq!(p2025["disputed"], true);
    assert_eq!(p2025["figure_count"], 6);
    assert_eq!(p2025["difference"], Value::Null);
}

#[actix_web::test]
async fn from_and_to_bound_the_editions() {
    let app = spawn_app().await;
    let series = app.json("/api/v1/series/regions?from=2020&to=2024").await;
    assert_eq!(field(series["items"].as_array().unwrap(), "edition"), ["2020", "2022", "2024"]);
    assert_eq!(series["items"][2]["value"], 53);
    assert_eq!(series["items"][2]["expected"], 46);
    assert_eq!(series["items"][2]["difference"], 7);
    let series = app.json("/api/v1/series/regions?from=2025").await;
    assert_eq!(field(series["items"].as_array().unwrap(), "value"), ["65"]);
    let series = app.json("/api/v1/series/regions?from=2030").await;
    assert_eq!(series["items"], serde_json::json!([]));
}

#[actix_web::test]
async fn status_actual_counts_only_actual_figures() {
    let app = spawn_app().await;
    let series = app.json("/api/v1/series/participants?status=actual&from=2024").await;
    assert_eq!(series["status"], "actual");
    let points = series["items"].as_array().unwrap();
    assert_eq!((points[0]["value"].clone(), points[0]["figure_count"].clone()), (Value::from(6000), Value::from(3)));
    assert_eq!(points[0]["expected"], Value::Null);
    assert_eq!((points[1]["value"].clone(), points[1]["figure_count"].clone()), (Value::Null, Value::from(0)));
}

#[actix_web::test]
async fn resolve_picks_each_editions_value() {
    let app = spawn_app().await;
    let series = app.json("/api/v1/series/participants?resolve=min&from=2025").await;
    assert_eq!(series["resolve"], "min");
    assert_eq!(series["items"][0]["value"], 6000);
    assert_eq!(series["items"][0]["source"], "newsinfo-2025-11-20");
    let series = app.json("/api/v1/series/events?resolve=max&from=2024").await;
    assert_eq!(field(series["items"].as_array().unwrap(), "value"), ["75", "80"]);
}

#[actix_web::test]
async fn ndjson_has_a_line_per_edition() {
    let app = spawn_app().await;
    let lines = app.ndjson("/api/v1/series/participants", &[("accept", "application/x-ndjson")]).await;
    assert_eq!(lines.len(), 7);
    assert_eq!(lines[5]["edition"], 2024);
    assert_eq!(lines[5]["value"], 6000);
    let lines = app.ndjson("/api/v1/series/participants?format=ndjson&from=2022&to=2022", &[]).await;
    assert_eq!(
        lines,
        [serde_json::json!({
            "edition": 2022, "value": null, "value_from": null, "qualifier": null, "status": null, "figure_id": null,
            "source": null, "source_publisher": null, "source_url": null, "reported_on": null, "reported_in": null,
            "disputed": false, "min": null, "max": null, "figure_count": 0,
            "actual": null, "expected": null, "difference": null, "ratio": null
        })]
    );
}

#[actix_web::test]
async fn an_unknown_metric_is_404_and_bad_parameters_400() {
    let app = spawn_app().await;
    let problem = assert_problem(app.get("/api/v1/series/attendance").await, 404, "not_found").await;
    assert!(problem["detail"].as_str().unwrap().contains("attendance"));
    for query in ["resolve=all", "resolve=mean", "from=last", "status=final", "format=xlsx", "edition=2024"] {
        assert_problem(app.get(&format!("/api/v1/series/participants?{query}")).await, 400, "invalid_parameter").await;
    }
}

#[actix_web::test]
async fn from_after_to_is_a_bad_parameter() {
    let app = crate::helpers::spawn_app().await;
    let problem = crate::helpers::assert_problem(
        app.get("/api/v1/series/participants?from=2025&to=2016").await,
        400,
        "invalid_parameter",
    )
    .await;
    assert!(problem["detail"].as_str().unwrap().contains("2025"), "{problem}");
}

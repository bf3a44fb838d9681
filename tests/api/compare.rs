//! `/compare?editions=A,B`: every metric side by side, with the change between editions.

use serde_json::{Value, json};

use crate::helpers::{assert_problem, column, spawn_app};

fn row<'a>(rows: &'a Value, code: &str) -> &'a Value {
    rows.as_array().unwrap().iter().find(|r| r["metric"]["code"] == code).unwrap_or_else(|| panic!("no {code}"))
}

#[actix_web::test]
async fn sets_2024_beside_2025_with_difference_and_ratio() {
    let app = spawn_app().await;
    let body = app.json("/api/v1/compare?editions=2024,2025").await;
    let rows = body["items"].clone();
    let codes: Vec<&str> = rows.as_array().unwrap().iter().map(|r| r["metric"]["code"].as_str().unwrap()).collect();
    assert_eq!(codes.len(), 15, "every metric with a figure in either edition: {codes:?}");
    assert!(codes.windows(2).all(|w| w[0] < w[1]), "by code: {codes:?}");

    let participants = row(&rows, "participants");
    assert_eq!(participants["metric"]["label_en"], "Participants");
    assert_eq!(
        participants["values"],
        json!([
            {"edition": 2024, "value": 6000, "value_from": null, "qualifier": "exact", "status": "actual", "disputed": false, "figure_count": 5},
            {"edition": 2025, "value": 7000, "value_from": null, "qualifier": "more_than", "status": "expected", "disputed": true, "figure_count": 6}
        ])
    );
    assert_eq!(
        participants["changes"],
        json!([{"from": 2024, "to": 2025, "change": {"difference": 1000, "ratio": 1.1667}}])
    );
    assert_eq!(row(&rows, "regions")["changes"][0]["change"], json!({"difference": 12, "ratio": 1.2264}));
    assert_eq!(row(&rows, "agreements_signed")["changes"][0]["change"], json!({"difference": 28, "ratio": 3.8}));
    // A metric reported for one edition only has no change.
    let announced = row(&rows, "agreements_announced");
    assert_eq!(announced["values"][1]["value"], Value::Null);
    assert_eq!(announced["values"][1]["figure_count"], 0);
    assert_eq!(announced["changes"][0]["change"], Value::Null);
}

#[actix_web::test]
async fn follows_the_order_asked_for() {
    let app = spawn_app().await;
    let body = app.json("/api/v1/compare?editions=2025,2024,2022").await;
    let rows = body["items"].clone();
    let participants = row(&rows, "participants");
    let years: Vec<i64> =
        participants["values"].as_array().unwrap().iter().map(|v| v["edition"].as_i64().unwrap()).collect();
    assert_eq!(years, [2025, 2024, 2022]);
    assert_eq!(
        participants["changes"],
        json!([
            {"from": 2025, "to": 2024, "change": {"difference": -1000, "ratio": 0.8571}},
            {"from": 2024, "to": 2022, "change": null}
        ])
    );
}

#[actix_web::test]
async fn resolve_applies_to_every_edition() {
    let app = spawn_app().await;
    let body = app.json("/api/v1/compare?editions=2024,2025&resolve=min").await;
    let rows = body["items"].clone();
    let participants = row(&rows, "participants");
    assert_eq!(participants["values"][1]["value"], 6000);
    assert_eq!(participants["changes"][0]["change"], json!({"difference": 0, "ratio": 1.0}));
}

#[actix_web::test]
async fn csv_has_a_value_and_status_column_per_edition() {
    let app = spawn_app().await;
    let table = app.csv("/api/v1/compare?editions=2024,2025", &[("accept", "text/csv")]).await;
    assert_eq!(
        table[0],
        [
            "metric",
            "label_ru",
            "label_en",
            "unit",
            "value_2024",
            "value_from_2024",
            "status_2024",
            "value_2025",
            "value_from_2025",
            "status_2025",
            "difference_2024_2025",
            "ratio_2024_2025"
        ]
    );
    assert_eq!(table.len(), 16);
    let index = column(&table, "metric").iter().position(|m| m == "participants").unwrap() + 1;
    assert_eq!(
        table[index],
        [
            "participants",
            "Участники",
            "Participants",
            "people",
            "6000",
            "",
            "actual",
            "7000",
            "",
            "expected",
            "1000",
            "1.1667"
        ]
    );
    let index = column(&table, "metric").iter().position(|m| m == "tracks").unwrap() + 1;
    assert_eq!(table[index][4..], ["", "", "", "7", "", "expected", "", ""]);

    let lines = app.ndjson("/api/v1/compare?editions=2024,2025&format=ndjson", &[]).await;
    assert_eq!(lines.len(), 15);
    assert_eq!(lines[0]["metric"]["code"], "agreements_announced");
}

#[actix_web::test]
async fn needs_known_editions() {
    let app = spawn_app().await;
    for query in [
        "",
        "?editions=2024,twenty",
        "?editions=1999,2024",
        "?editions=2024,2025&resolve=all",
        "?editions=2024,2025&metric=participants",
    ] {
        assert_problem(app.get(&format!("/api/v1/compare{query}")).await, 400, "invalid_parameter").await;
    }
    let problem = assert_problem(app.get("/api/v1/compare?editions=2024,2023").await, 404, "not_found").await;
    assert!(problem["detail"].as_str().unwrap().contains("2023"));
}

#[actix_web::test]
async fn one_edition_or_a_repeated_one_compares_with_nothing() {
    let app = spawn_app().await;
    let once = app.json("/api/v1/compare?editions=2024").await;
    let twice = app.json("/api/v1/compare?editions=2024,2024").await;
    assert_eq!(once, twice, "a year named again adds nothing");
    assert_eq!(once["editions"], serde_json::json!([2024]));
    assert_eq!(once["resolve"], "headline");
    let participants =
        once["items"].as_array().unwrap().iter().find(|row| row["metric"]["code"] == "participants").unwrap();
    assert_eq!(participants["values"].as_array().unwrap().len(), 1);
    assert_eq!(participants["values"][0]["value"], 6000);
    assert_eq!(participants["changes"], serde_json::json!([]));
}

//! `/figures` and `/figures/{id}`: every reported value with its source.

use serde_json::Value;

use crate::helpers::{assert_problem, field, header, items, spawn_app};

#[actix_web::test]
async fn lists_every_figure_by_id_in_pages_of_50() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/figures").await;
    assert_eq!(header(&response, "x-total-count").as_deref(), Some("58"));
    let body: Value = response.json().await.unwrap();
    assert_eq!((body["total"].clone(), body["limit"].clone()), (Value::from(58), Value::from(50)));
    let page = items(&body);
    assert_eq!(page.len(), 50);
    let ids: Vec<i64> = page.iter().map(|f| f["id"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "by id: {ids:?}");
    assert!(body["next"].is_string());
    // Without expand the source is its key.
    assert_eq!(page[0]["key"], "2024-participants-oblgazeta-2025-10");
    assert_eq!(page[0]["source"], "oblgazeta-2025-10");
    assert_eq!(page[0]["reported_on"], Value::Null);
}

#[actix_web::test]
async fn filters_by_edition_metric_status_source_and_qualifier() {
    let app = spawn_app().await;
    let body = app.json("/api/v1/figures?edition=2025&metric=participants&status=expected").await;
    assert_eq!(body["total"], 6);
    let sources = field(items(&body), "source");
    for s in ["tass-2025-10-22", "newsinfo-2025-11-20", "kommersant-2025-11-27", "nakanune-2025-11-06"] {
        assert!(sources.contains(&s.to_string()), "{s} in {sources:?}");
    }
    let body = app.json("/api/v1/figures?edition=2025&metric=participants&status=actual").await;
    assert_eq!((body["total"].clone(), items(&body).len()), (Value::from(0), 0));

    let body = app.json("/api/v1/figures?source=tass-2025-10-22").await;
    assert_eq!(body["total"], 12);
    let editions = field(items(&body), "edition");
    assert_eq!(editions.iter().filter(|e| *e == "2024").count(), 7);
    assert_eq!(editions.iter().filter(|e| *e == "2025").count(), 5);

    let body = app.json("/api/v1/figures?qualifier=at_least").await;
    assert_eq!(field(items(&body), "key"), ["2025-agreements-signed-tass-2025-11-28-at-least-38"]);
    assert_eq!(items(&body)[0]["value"], 38);

    let body = app.json("/api/v1/figures?edition=2024&status=actual&metric=regions").await;
    assert_eq!(field(items(&body), "value"), ["53", "53", "53"]);

    for query in ["edition=twenty", "status=maybe", "qualifier=roughly", "bogus=1", "expand=sources"] {
        assert_problem(app.get(&format!("/api/v1/figures?{query}")).await, 400, "invalid_parameter").await;
    }
}

#[actix_web::test]
async fn expand_source_embeds_the_source_object() {
    let app = spawn_app().await;
    let body = app.json("/api/v1/figures?source=tass-2025-10-22&expand=source&limit=1").await;
    let source = &items(&body)[0]["source"];
    assert_eq!(source["key"], "tass-2025-10-22");
    assert_eq!(source["publisher"], "ТАСС");
    assert_eq!(source["published_on"], "2025-10-22");
    assert_eq!(source["url"], "https://tass.ru/obschestvo/25423331");
    assert_eq!(source["title"], "На Урале участниками форума \"Города России\" станут представители более 250 городов");
}

#[actix_web::test]
async fn one_figure_by_id_with_its_quote() {
    let app = spawn_app().await;
    let body = app.json("/api/v1/figures?edition=2024&metric=participants&source=tass-2025-10-22").await;
    let id = items(&body)[0]["id"].as_i64().unwrap();
    let figure = app.json(&format!("/api/v1/figures/{id}")).await;
    assert_eq!(figure["key"], "2024-participants-tass-2025-10-22");
    assert_eq!(figure["edition"], 2024);
    assert_eq!(figure["value"], 6000);
    assert_eq!(figure["qualifier"], "exact");
    assert_eq!(figure["status"], "actual");
    assert_eq!(figure["reported_on"], "2025-10-22");
    assert_eq!(figure["attributed_to"], "организаторы форума");
    assert!(figure["quote"].as_str().unwrap().contains("шесть тыс. участников"));
    assert_eq!(figure["source"], "tass-2025-10-22");
    let expanded = app.json(&format!("/api/v1/figures/{id}?expand=source")).await;
    assert_eq!(expanded["source"]["publisher"], "ТАСС");

    assert_problem(app.get("/api/v1/figures/99999").await, 404, "not_found").await;
    assert_problem(app.get("/api/v1/figures/abc").await, 400, "invalid_parameter").await;
    assert_problem(app.get(&format!("/api/v1/figures/{id}?expand=quote")).await, 400, "invalid_parameter").await;
    assert_problem(app.get(&format!("/api/v1/figures/{id}?limit=1")).await, 400, "invalid_parameter").await;
}

#[actix_web::test]
async fn sorts_by_any_documented_field_with_nulls_last() {
    let app = spawn_app().await;
    let body = app.json("/api/v1/figures?sort=-value&limit=3").await;
    assert_eq!(field(items(&body), "value"), ["7000", "7000", "7000"]);
    let ids: Vec<i64> = items(&body).iter().map(|f| f["id"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "ties broken by id, in the sort's direction: {ids:?}");

    let body = app.json("/api/v1/figures?edition=2024&sort=reported_on&limit=100").await;
    let dates = field(items(&body), "reported_on");
    let known: Vec<&String> = dates.iter().take_while(|d| *d != "null").collect();
    assert_eq!(known.first().map(|d| d.as_str()), Some("2024-11-02"));
    assert!(known.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
    assert_eq!(dates.iter().filter(|d| *d == "null").count(), 8);
    assert!(dates[known.len()..].iter().all(|d| d == "null"), "unknown dates last: {dates:?}");

    let body = app.json("/api/v1/figures?edition=2024&sort=-reported_on&limit=100").await;
    let dates = field(items(&body), "reported_on");
    assert_eq!(dates[0], "2025-11-28");
    assert!(dates[dates.len() - 8..].iter().all(|d| d == "null"), "unknown dates last descending too: {dates:?}");

    let body = app.json("/api/v1/figures?sort=metric,-value&edition=2025&limit=3").await;
    assert_eq!(field(items(&body), "metric"), ["agreements_signed", "agreements_signed", "cities"]);
    assert_eq!(field(items(&body), "value"), ["38", "30", "250"]);

    let problem = assert_problem(app.get("/api/v1/figures?sort=popularity").await, 400, "invalid_parameter").await;
    assert!(problem["detail"].as_str().unwrap().contains("popularity"));
}

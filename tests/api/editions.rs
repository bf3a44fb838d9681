use serde_json::Value;

use crate::helpers::{assert_problem, items, spawn_app};

#[actix_web::test]
async fn lists_the_sourced_editions_oldest_first() {
    let app = spawn_app().await;
    let body = app.json("/api/v1/editions").await;
    let years: Vec<i64> = items(&body).iter().map(|e| e["year"].as_i64().unwrap()).collect();
    assert_eq!(years, [2016, 2017, 2019, 2020, 2022, 2024, 2025]);
    assert_eq!(body["total"], 7);
    assert_eq!(body["limit"], 50);
    assert_eq!(body["next"], Value::Null);
    let by_year = |y: i64| items(&body).iter().find(|e| e["year"] == y).unwrap().clone();
    let e2024 = by_year(2024);
    assert_eq!(e2024["number"], 8);
    assert_eq!(e2024["theme"], "локомотивы роста");
    assert_eq!(
        (e2024["starts_on"].as_str(), e2024["ends_on"].as_str()),
        (Some("2024-11-14"), Some("2024-11-15"))
    );
    let e2025 = by_year(2025);
    assert_eq!(e2025["number"], 9);
    assert_eq!(e2025["theme"], "Технологии лидерства");
    assert_eq!(
        (e2025["starts_on"].as_str(), e2025["ends_on"].as_str()),
        (Some("2025-11-27"), Some("2025-11-28"))
    );
    assert_eq!(e2025["partner_cities"], serde_json::json!(["dalian"]));
}

#[actix_web::test]
async fn an_unknown_edition_is_404_and_a_bad_parameter_400() {
    let app = spawn_app().await;
    let problem = assert_problem(app.get("/api/v1/editions/1999").await, 404, "not_found").await;
    assert!(problem["detail"].as_str().unwrap().contains("1999"));
    let problem = assert_problem(app.get("/api/v1/editions?bogus=1").await, 400, "invalid_parameter").await;
    assert!(problem["detail"].as_str().unwrap().contains("bogus"), "{problem}");
}

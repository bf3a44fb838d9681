//! `/editions/{year}/summary` and `/editions/{year}/tracks`.

use serde_json::{Value, json};

use crate::helpers::{assert_problem, column, field, header, items, spawn_app};

#[actix_web::test]
async fn the_2025_summary_counts_its_programme_and_compares_with_2024() {
    let app = spawn_app().await;
    let summary = app.json("/api/v1/editions/2025/summary").await;
    assert_eq!(
        summary["edition"],
        json!({"year": 2025, "number": 9, "title": "Города России: Технологии лидерства", "theme": "Технологии лидерства",
               "city": "Екатеринбург", "starts_on": "2025-11-27", "ends_on": "2025-11-28"})
    );
    assert_eq!(
        summary["counts"],
        json!({"sessions": 6, "agreements": 3, "agreements_signed": 2, "tracks": 7, "people": 8,
               "organizations": 10, "figures": 32, "sources": 14})
    );
    assert_eq!(summary["previous_edition"], 2024);
    assert_eq!(summary["counts_previous"]["sessions"], 2);
    assert_eq!(summary["counts_previous"]["people"], 14);
    assert_eq!(summary["counts_previous"]["figures"], 26);
    // Every source the edition cites: by figures, the edition, sessions, agreements,
    // appearances of people and tracks.
    assert_eq!(summary["counts_previous"]["sources"], 11);

    let headlines = summary["headlines"].as_array().unwrap();
    assert_eq!(headlines.len(), 12);
    let participants = headlines.iter().find(|h| h["metric"] == "participants").unwrap();
    assert_eq!(participants["value"], 7000);
    assert_eq!(participants["status"], "expected");
    assert_eq!(participants["disputed"], true);
    assert_eq!(participants["figure_count"], 6);
    assert_eq!(participants["source"], "kommersant-2025-11-27");
    assert_eq!(participants["expected"], Value::Null, "no expected value beside an expected headline");
    let regions = headlines.iter().find(|h| h["metric"] == "regions").unwrap();
    assert_eq!((regions["value"].clone(), regions["status"].clone()), (Value::from(65), Value::from("actual")));
    assert_eq!(regions["expected"], 39);
    assert_eq!(regions["expected_vs_actual"], json!({"difference": 26, "ratio": 1.6667}));

    let changes = summary["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 15);
    let change = changes.iter().find(|c| c["metric"] == "participants").unwrap();
    assert_eq!(
        *change,
        json!({"metric": "participants", "previous": 6000, "current": 7000,
                               "change": {"difference": 1000, "ratio": 1.1667}})
    );
    let change = changes.iter().find(|c| c["metric"] == "cities").unwrap();
    assert_eq!((change["previous"].clone(), change["change"].clone()), (Value::Null, Value::Null));
}

#[actix_web::test]
async fn the_first_edition_has_no_previous_one() {
    let app = spawn_app().await;
    let summary = app.json("/api/v1/editions/2016/summary").await;
    assert_eq!(summary["previous_edition"], Value::Null);
    assert_eq!(summary["counts_previous"], Value::Null);
    assert_eq!(summary["headlines"], json!([]));
    assert_eq!(summary["changes"], json!([]));
    assert_eq!(summary["counts"]["sessions"], 0);
    assert_eq!(summary["counts"]["sources"], 2);
    // 2024 follows 2022: there was no forum sourced for 2023.
    let summary = app.json("/api/v1/editions/2024/summary").await;
    assert_eq!(summary["previous_edition"], 2022);
    assert_eq!(summary["counts"]["agreements"], 2);
}

#[actix_web::test]
async fn summary_resolve_and_errors() {
    let app = spawn_app().await;
    let summary = app.json("/api/v1/editions/2025/summary?resolve=min").await;
    let participants = summary["headlines"].as_array().unwrap().iter().find(|h| h["metric"] == "participants").unwrap();
    assert_eq!(participants["value"], 6000);
    assert_problem(app.get("/api/v1/editions/1999/summary").await, 404, "not_found").await;
    assert_problem(app.get("/api/v1/editions/2025/summary?resolve=all&x=1").await, 400, "invalid_parameter").await;
    assert_problem(app.get("/api/v1/editions/2025/summary?resolve=median").await, 400, "invalid_parameter").await;
    // A summary needs one value per metric, as a series and a comparison do.
    let problem =
        assert_problem(app.get("/api/v1/editions/2025/summary?resolve=all").await, 400, "invalid_parameter").await;
    assert!(problem["detail"].as_str().unwrap().contains("resolve"), "{problem}");
}

#[actix_web::test]
async fn the_2025_tracks_in_recorded_order() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/editions/2025/tracks").await;
    assert_eq!(header(&response, "x-total-count").as_deref(), Some("7"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["total"], 7);
    assert_eq!(
        field(items(&body), "key"),
        [
            "effective-territory-management",
            "municipal-economy",
            "government-business-society",
            "tourism-city-attractiveness",
            "human-capital",
            "cities-for-living",
            "platform-economy"
        ]
    );
    let track = &items(&body)[4];
    assert_eq!(
        *track,
        json!({"edition": 2025, "key": "human-capital", "title": "человеческий капитал", "description": null,
               "sources": ["oblgazeta-2025-10"]})
    );
    let body = app.json("/api/v1/editions/2025/tracks?sort=title&limit=2").await;
    assert_eq!(field(items(&body), "title"), ["власть, бизнес, общество", "города для жизни"]);
    let table = app.csv("/api/v1/editions/2025/tracks?format=csv&sort=-key", &[]).await;
    assert_eq!(table[0], ["edition", "key", "title", "description", "sources"]);
    assert_eq!(column(&table, "key")[0], "tourism-city-attractiveness");

    let body = app.json("/api/v1/editions/2024/tracks").await;
    assert_eq!((body["total"].clone(), items(&body).len()), (Value::from(0), 0));
    assert_problem(app.get("/api/v1/editions/1999/tracks").await, 404, "not_found").await;
    assert_problem(app.get("/api/v1/editions/2025/tracks?sort=edition_year").await, 400, "invalid_parameter").await;
}

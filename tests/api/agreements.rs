//! `/agreements`: what was signed or announced, with the parties.

use serde_json::json;

use crate::helpers::{assert_problem, column, field, items, spawn_app};

#[actix_web::test]
async fn lists_agreements_with_their_parties_and_source() {
    let app = spawn_app().await;
    let body = app.json("/api/v1/agreements").await;
    assert_eq!(body["total"], 5);
    assert_eq!(
        field(items(&body), "key"),
        [
            "ekaterinburg-omsk-municipal-control",
            "tyumen-city-duma-cooperation",
            "ekaterinburg-dalian-friendship",
            "dadukou-intent-protocol",
            "dalian-cooperation-planned"
        ]
    );
    let tyumen = &items(&body)[1];
    assert_eq!(tyumen["parties"], json!(["tyumen-city-duma", "ekaterinburg", "krasnoyarsk", "kurgan", "chelyabinsk"]));
    assert_eq!(tyumen["source"], "today-29ru-392074491");
    assert_eq!(tyumen["signed_on"], serde_json::Value::Null);
    let id = items(&body)[2]["id"].as_i64().unwrap();
    let agreement = app.json(&format!("/api/v1/agreements/{id}")).await;
    assert_eq!(agreement["kind"], "friendship");
    assert_eq!(agreement["status"], "signed");
    assert_eq!(agreement["parties"], json!(["ekaterinburg", "dalian"]));
    let agreement = app.json(&format!("/api/v1/agreements/{id}?expand=parties")).await;
    assert_eq!(agreement["parties"][1]["name"], "Далянь");
    assert_problem(app.get("/api/v1/agreements/99999").await, 404, "not_found").await;
    assert_problem(app.get(&format!("/api/v1/agreements/{id}?expand=source")).await, 400, "invalid_parameter").await;
}

#[actix_web::test]
async fn filters_by_edition_status_kind_party_and_source() {
    let app = spawn_app().await;
    let keys = |body: serde_json::Value| field(items(&body), "key");
    assert_eq!(app.json("/api/v1/agreements?edition=2025").await["total"], 3);
    assert_eq!(keys(app.json("/api/v1/agreements?status=planned").await), ["dalian-cooperation-planned"]);
    assert_eq!(keys(app.json("/api/v1/agreements?kind=intent_protocol").await), ["dadukou-intent-protocol"]);
    assert_eq!(
        keys(app.json("/api/v1/agreements?party=dalian").await),
        ["ekaterinburg-dalian-friendship", "dalian-cooperation-planned"]
    );
    assert_eq!(
        keys(app.json("/api/v1/agreements?party=ekaterinburg&edition=2024").await),
        ["ekaterinburg-omsk-municipal-control", "tyumen-city-duma-cooperation"]
    );
    assert_eq!(
        keys(app.json("/api/v1/agreements?source=kommersant-8232746").await),
        ["ekaterinburg-dalian-friendship", "dadukou-intent-protocol"]
    );
    for query in ["status=rumoured", "kind=treaty", "facet=party", "sort=parties"] {
        assert_problem(app.get(&format!("/api/v1/agreements?{query}")).await, 400, "invalid_parameter").await;
    }
}

#[actix_web::test]
async fn facets_and_embedded_parties() {
    let app = spawn_app().await;
    let body = app.json("/api/v1/agreements?facet=status,kind,edition&expand=parties&edition=2024").await;
    assert_eq!(
        body["facets"],
        json!([
            {"field": "status", "values": [{"value": "signed", "count": 2}]},
            {"field": "kind", "values": [{"value": "cooperation", "count": 2}]},
            {"field": "edition", "values": [{"value": 2024, "count": 2}]}
        ])
    );
    let omsk = &items(&body)[0];
    assert_eq!(omsk["parties"][0]["name"], "Администрация города Екатеринбурга");
    assert_eq!(omsk["parties"][1]["city"], "Омск");
    let body = app.json("/api/v1/agreements?facet=status").await;
    assert_eq!(
        body["facets"],
        json!([{"field": "status", "values": [{"value": "planned", "count": 1}, {"value": "signed", "count": 4}]}])
    );
    let table = app.csv("/api/v1/agreements?format=csv&edition=2024", &[]).await;
    assert_eq!(column(&table, "parties")[1], "tyumen-city-duma; ekaterinburg; krasnoyarsk; kurgan; chelyabinsk");
}

//! `/sessions`: the programme, its filters, facets and embedded participants.

use serde_json::{Value, json};

use crate::helpers::{assert_problem, column, field, items, spawn_app};

#[actix_web::test]
async fn lists_sessions_with_participants_by_key() {
    let app = spawn_app().await;
    let body = app.json("/api/v1/sessions").await;
    assert_eq!(body["total"], 14);
    let session = items(&body).iter().find(|s| s["key"] == "esg-quality-of-life-assessment-tools").unwrap();
    assert_eq!(session["edition"], 2024);
    assert_eq!(session["format"], "panel");
    assert_eq!(session["date"], "2024-11-14");
    assert_eq!(session["sources"], json!(["esg-alliance-2024"]));
    let participants = session["participants"].as_array().unwrap();
    assert_eq!(participants.len(), 7);
    assert_eq!(
        participants[0],
        json!({"person": "andrey-sharonov", "role": "moderator", "position": "Генеральный директор",
               "organization": "esg-alliance"})
    );
    assert_eq!(participants[6]["person"], "denis-sukhorukov");
}

#[actix_web::test]
async fn filters_by_edition_format_person_and_organisation() {
    let app = spawn_app().await;
    let keys = |body: Value| field(items(&body), "key");
    assert_eq!(app.json("/api/v1/sessions?edition=2020").await["total"], 5);
    assert_eq!(
        keys(app.json("/api/v1/sessions?format=panel").await),
        ["esg-quality-of-life-assessment-tools", "esg-quality-of-life-index"]
    );
    assert_eq!(
        keys(app.json("/api/v1/sessions?format=plenary&edition=2025").await),
        ["plenary-main-strategic-session"]
    );
    assert_eq!(
        keys(app.json("/api/v1/sessions?person=andrey-sharonov&edition=2025").await),
        ["esg-quality-of-life-index", "plenary-main-strategic-session"]
    );
    assert_eq!(keys(app.json("/api/v1/sessions?organization=minekonomrazvitiya").await), ["open-microphone"]);
    assert_eq!(
        keys(app.json("/api/v1/sessions?organization=rusal-management").await),
        ["esg-quality-of-life-assessment-tools"]
    );
    assert_eq!(app.json("/api/v1/sessions?track=human-capital").await["total"], 0, "no session names a track");
    for query in ["format=keynote", "edition=IX", "expand=people", "sort=venue"] {
        assert_problem(app.get(&format!("/api/v1/sessions?{query}")).await, 400, "invalid_parameter").await;
    }
}

#[actix_web::test]
async fn expand_participants_embeds_people_and_organisations() {
    let app = spawn_app().await;
    let body = app.json("/api/v1/sessions?edition=2025&format=panel&expand=participants").await;
    let participants = items(&body)[0]["participants"].as_array().unwrap();
    assert_eq!(participants[0]["person"]["name"], "Андрей Шаронов");
    assert_eq!(participants[0]["organization"]["name"], "ESG Альянс");
    assert_eq!(participants[1]["person"]["key"], "yulia-gertsik");
    assert_eq!(participants[1]["position"], "Директор департамента социальных инвестиций и нефинансовой отчётности");
    assert_eq!(participants[1]["organization"]["kind"], "company");
    let id = items(&body)[0]["id"].as_i64().unwrap();
    let session = app.json(&format!("/api/v1/sessions/{id}?expand=participants")).await;
    assert_eq!(session["participants"], items(&body)[0]["participants"]);
    let session = app.json(&format!("/api/v1/sessions/{id}")).await;
    assert_eq!(session["participants"][0]["person"], "andrey-sharonov");
    assert_eq!(session["key"], "esg-quality-of-life-index");
    assert_problem(app.get("/api/v1/sessions/99999").await, 404, "not_found").await;
    assert_problem(app.get("/api/v1/sessions/first").await, 400, "invalid_parameter").await;
}

#[actix_web::test]
async fn facets_count_the_matching_sessions_beside_the_page() {
    let app = spawn_app().await;
    let body = app.json("/api/v1/sessions?facet=edition,format,track&limit=1").await;
    assert_eq!(items(&body).len(), 1);
    assert_eq!(
        body["facets"],
        json!([
            {"field": "edition", "values": [
                {"value": 2017, "count": 1}, {"value": 2020, "count": 5}, {"value": 2024, "count": 2},
                {"value": 2025, "count": 6}]},
            {"field": "format", "values": [
                {"value": "dialogue", "count": 1}, {"value": "exhibition", "count": 1},
                {"value": "open_microphone", "count": 1}, {"value": "other", "count": 4},
                {"value": "panel", "count": 2}, {"value": "plenary", "count": 3},
                {"value": "round_table", "count": 1}, {"value": null, "count": 1}]},
            {"field": "track", "values": [{"value": null, "count": 14}]}
        ])
    );
    // Facets follow the filters.
    let body = app.json("/api/v1/sessions?edition=2020&facet=format").await;
    assert_eq!(
        body["facets"],
        json!([{"field": "format", "values": [
            {"value": "other", "count": 3}, {"value": "plenary", "count": 1}, {"value": "round_table", "count": 1}]}])
    );
    assert!(app.json("/api/v1/sessions").await.get("facets").is_none());
    assert_problem(app.get("/api/v1/sessions?facet=person").await, 400, "invalid_parameter").await;
}

#[actix_web::test]
async fn format_is_a_filter_or_a_representation() {
    let app = spawn_app().await;
    let table = app.csv("/api/v1/sessions?format=csv&edition=2025", &[]).await;
    assert_eq!(table.len(), 7);
    assert_eq!(
        column(&table, "participants")[0],
        "andrey-sharonov (moderator, esg-alliance); yulia-gertsik (speaker, rusal)"
    );
    let table = app.csv("/api/v1/sessions?format=open_microphone", &[("accept", "text/csv")]).await;
    assert_eq!(column(&table, "key"), ["open-microphone"]);
    let lines = app.ndjson("/api/v1/sessions?format=ndjson&edition=2017", &[]).await;
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["title"], "City Strategies Contest 2017 — final");
}

//! `/people` and `/people/{key}`: who appeared, and where, edition by edition.

use serde_json::{Value, json};

use crate::helpers::{assert_problem, field, items, spawn_app};

#[actix_web::test]
async fn lists_people_by_key() {
    let app = spawn_app().await;
    let body = app.json("/api/v1/people").await;
    assert_eq!(body["total"], 20);
    let keys = field(items(&body), "key");
    assert_eq!(keys[..3], ["aleksandr-vysokinsky", "aleksey-didenko", "aleksey-gerasimov"]);
    assert_eq!(items(&body)[0], json!({"key": "aleksandr-vysokinsky", "name": "Александр Высокинский", "notes": null}));
    let body = app.json("/api/v1/people?sort=name&limit=2").await;
    assert_eq!(field(items(&body), "name"), ["Александр Высокинский", "Алексей Герасимов"]);
}

#[actix_web::test]
async fn filters_by_edition_and_organisation_in_sessions_or_outside() {
    let app = spawn_app().await;
    let body = app.json("/api/v1/people?edition=2025").await;
    assert_eq!(
        field(items(&body), "key"),
        [
            "aleksey-orlov",
            "aleksey-pryadein",
            "andrey-sharonov",
            "artem-zhoga",
            "denis-pasler",
            "len-syuefen",
            "svyatoslav-sorokin",
            "yulia-gertsik"
        ]
    );
    let body = app.json("/api/v1/people?edition=2024").await;
    assert_eq!(body["total"], 14);
    let body = app.json("/api/v1/people?organization=ekaterinburg").await;
    assert_eq!(field(items(&body), "key"), ["aleksandr-vysokinsky", "aleksey-orlov", "aleksey-pryadein"]);
    let body = app.json("/api/v1/people?organization=rusal").await;
    assert_eq!(field(items(&body), "key"), ["yulia-gertsik"], "found through a session");
    let body = app.json("/api/v1/people?edition=2016").await;
    assert_eq!(body["total"], 0);
    assert_problem(app.get("/api/v1/people?edition=next").await, 400, "invalid_parameter").await;
    assert_problem(app.get("/api/v1/people?sort=position").await, 400, "invalid_parameter").await;
}

#[actix_web::test]
async fn a_person_lists_every_appearance_across_editions() {
    let app = spawn_app().await;
    let person = app.json("/api/v1/people/andrey-sharonov").await;
    assert_eq!(person["name"], "Андрей Шаронов");
    let appearances = person["appearances"].as_array().unwrap();
    assert_eq!(field(appearances, "edition"), ["2024", "2025"]);
    assert_eq!(appearances[0]["position"], "Генеральный директор");
    assert_eq!(appearances[0]["organization"]["key"], "esg-alliance");
    assert_eq!(appearances[0]["organization"]["name"], "ESG Альянс");
    let roles: Vec<(String, String)> = appearances[0]["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["key"].as_str().unwrap().into(), s["role"].as_str().unwrap().into()))
        .collect();
    assert_eq!(
        roles,
        [
            ("esg-quality-of-life-assessment-tools".to_string(), "moderator".to_string()),
            ("plenary-role-of-cities-national-projects".to_string(), "speaker".to_string())
        ]
    );
    assert_eq!(appearances[0]["sources"], json!(["esg-alliance-2024"]));
    assert_eq!(appearances[1]["sessions"][0]["key"], "esg-quality-of-life-index");
    assert_eq!(appearances[1]["sources"], json!(["esg-alliance-2025-11-28"]));

    // Appearances outside sessions, one per edition, with what is unknown left null.
    let person = app.json("/api/v1/people/aleksey-orlov").await;
    let appearances = person["appearances"].as_array().unwrap();
    assert_eq!(field(appearances, "edition"), ["2022", "2024", "2025"]);
    assert_eq!(appearances[0]["position"], "Глава Екатеринбурга");
    assert_eq!(appearances[1]["position"], Value::Null);
    assert_eq!(appearances[1]["organization"]["name"], "Администрация города Екатеринбурга");
    assert_eq!(appearances[2]["sessions"], json!([]));
    assert_eq!(appearances[2]["sources"].as_array().unwrap().len(), 5);

    // Both kinds at one edition merge into one appearance.
    let person = app.json("/api/v1/people/svyatoslav-sorokin").await;
    let appearances = person["appearances"].as_array().unwrap();
    assert_eq!(appearances.len(), 1);
    assert_eq!(appearances[0]["sessions"][0]["key"], "open-microphone");
    assert_eq!(appearances[0]["sources"], json!(["newsinfo-2025-11-20", "oblgazeta-2025-10"]));

    assert_problem(app.get("/api/v1/people/nobody").await, 404, "not_found").await;
}

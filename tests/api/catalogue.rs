//! `/metrics`, `/sources`, `/organizations`: what is counted, where figures come from, and who
//! takes part.

use serde_json::{Value, json};

use crate::helpers::{assert_problem, field, items, spawn_app};

#[actix_web::test]
async fn metrics_are_listed_by_code_with_their_definition() {
    let app = spawn_app().await;
    let body = app.json("/api/v1/metrics").await;
    assert_eq!(body["total"], 15);
    let codes = field(items(&body), "code");
    assert_eq!(codes[..3], ["agreements_announced", "agreements_signed", "cities"]);
    assert!(codes.windows(2).all(|w| w[0] < w[1]));
    let metric = app.json("/api/v1/metrics/participants").await;
    assert_eq!(metric["label_ru"], "Участники");
    assert_eq!(metric["label_en"], "Participants");
    assert_eq!(metric["unit"], "people");
    assert!(metric["description"].as_str().unwrap().starts_with("People attending the forum"));

    let body = app.json("/api/v1/metrics?unit=people").await;
    assert_eq!(
        field(items(&body), "code"),
        ["heads_of_cities", "participants", "registrations", "registrations_out_of_town", "speakers"]
    );
    let body = app.json("/api/v1/metrics?sort=-label_en&limit=2").await;
    assert_eq!(field(items(&body), "label_en"), ["Tracks", "Speakers"]);
    assert_problem(app.get("/api/v1/metrics/attendance").await, 404, "not_found").await;
    assert_problem(app.get("/api/v1/metrics?sort=unit").await, 400, "invalid_parameter").await;
}

#[actix_web::test]
async fn sources_keep_unknown_publishers_and_dates_as_null() {
    let app = spawn_app().await;
    let body = app.json("/api/v1/sources").await;
    assert_eq!(body["total"], 30);
    let source = app.json("/api/v1/sources/esg-alliance-2024").await;
    assert_eq!((source["publisher"].clone(), source["published_on"].clone()), (Value::Null, Value::Null));
    assert_eq!(source["url"], Value::Null);
    assert_eq!(source["language"], "ru");
    let source = app.json("/api/v1/sources/newsinfo-2025-11-20").await;
    assert_eq!(source["publisher"], "newsinfo.ru");
    assert_eq!(source["published_on"], "2025-11-20");
    assert_eq!(source["url"], "https://www.newsinfo.ru/articles/smart-city-strategy-5ml/950637/");

    let body = app.json("/api/v1/sources?publisher=%D0%A2%D0%90%D0%A1%D0%A1").await;
    assert_eq!(field(items(&body), "key"), ["tass-2025-10-22", "tass-2025-11-06", "tass-2025-11-28"]);
    let body = app.json("/api/v1/sources?language=en").await;
    assert_eq!(field(items(&body), "key"), ["its-ekburg-crossroads", "leontief-centre-2017-11-16"]);

    let body = app.json("/api/v1/sources?sort=-published_on&limit=100").await;
    let dates = field(items(&body), "published_on");
    assert_eq!(dates[0], "2025-11-28");
    let first_null = dates.iter().position(|d| d == "null").unwrap();
    assert!(dates[first_null..].iter().all(|d| d == "null"), "unknown dates last: {dates:?}");
    assert_eq!(dates.len() - first_null, 11);
    assert_problem(app.get("/api/v1/sources/unknown-source").await, 404, "not_found").await;
    assert_problem(app.get("/api/v1/sources?sort=url").await, 400, "invalid_parameter").await;
}

#[actix_web::test]
async fn organizations_by_kind_and_city() {
    let app = spawn_app().await;
    let body = app.json("/api/v1/organizations").await;
    assert_eq!(body["total"], 22);
    assert_eq!(items(&body)[0]["key"], "chelyabinsk");
    let organization = app.json("/api/v1/organizations/esg-alliance").await;
    assert_eq!(
        organization,
        json!({"key": "esg-alliance", "name": "ESG Альянс", "kind": "association", "city": null, "region": null,
               "notes": organization["notes"]})
    );
    let body = app.json("/api/v1/organizations?kind=municipality").await;
    assert_eq!(body["total"], 10);
    let body = app.json("/api/v1/organizations?kind=ministry").await;
    assert_eq!(field(items(&body), "key"), ["minekonomrazvitiya"]);
    let body = app.json("/api/v1/organizations?city=%D0%A7%D1%83%D0%BD%D1%86%D0%B8%D0%BD").await;
    assert_eq!(field(items(&body), "key"), ["dadukou-chongqing"]);
    let body = app.json("/api/v1/organizations?sort=kind,name&limit=3").await;
    assert_eq!(field(items(&body), "kind"), ["association", "association", "association"]);
    assert_eq!(field(items(&body), "name"), ["ESG Альянс", "Ассоциация «Города Урала»", "Союз российских городов"]);
    assert_problem(app.get("/api/v1/organizations/nobody").await, 404, "not_found").await;
    assert_problem(app.get("/api/v1/organizations?kind=club").await, 400, "invalid_parameter").await;
}

/// Every string in a JSON value, with where it is.
fn strings<'a>(value: &'a Value, at: String, out: &mut Vec<(String, &'a str)>) {
    match value {
        Value::String(text) => out.push((at, text)),
        Value::Array(list) => list.iter().enumerate().for_each(|(i, v)| strings(v, format!("{at}[{i}]"), out)),
        Value::Object(map) => map.iter().for_each(|(k, v)| strings(v, format!("{at}.{k}"), out)),
        _ => {}
    }
}

/// The compilers' research codes ("W22", "S4", "C16") and paths of this project's sources mean
/// nothing to a reader: the data cites sources by their key.
fn internal_reference(text: &str) -> Option<String> {
    let code = text.split(|c: char| !c.is_ascii_alphanumeric()).find(|word| {
        let mut chars = word.chars();
        matches!(chars.next(), Some('W' | 'S' | 'C'))
            && (2..=3).contains(&word.len())
            && chars.all(|c| c.is_ascii_digit())
    });
    if let Some(code) = code {
        return Some(code.to_string());
    }
    ["shared/", "forum-facts", "fact sheet", ".md"]
        .iter()
        .find(|path| text.to_lowercase().contains(*path))
        .map(|path| path.to_string())
}

#[actix_web::test]
async fn no_text_a_reader_sees_cites_an_internal_code_or_a_file() {
    assert_eq!(internal_reference("see W22 and S4"), Some("W22".into()));
    assert_eq!(internal_reference("(fact sheet, C16)"), Some("C16".into()));
    assert_eq!(internal_reference("shared/research/forum-facts.md"), Some("shared/".into()));
    assert_eq!(internal_reference("tass-2025-10-22 writes «IX форум», 27–28 ноября 2025"), None);

    let app = spawn_app().await;
    let mut checked = 0;
    // Editions with what they embed, and every collection as it is listed.
    let embedded = ["/api/v1/editions?expand=tracks,sessions"];
    for collection in embedded.into_iter().chain(crate::formats::COLLECTIONS) {
        for item in app.walk(collection).await {
            let mut texts = Vec::new();
            strings(&item, collection.to_string(), &mut texts);
            for (at, text) in texts {
                checked += 1;
                assert_eq!(internal_reference(text), None, "{at}: {text}");
            }
        }
    }
    assert!(checked > 1000, "only {checked} texts were read");
}

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
    assert_eq!((e2024["starts_on"].as_str(), e2024["ends_on"].as_str()), (Some("2024-11-14"), Some("2024-11-15")));
    let e2025 = by_year(2025);
    assert_eq!(e2025["number"], 9);
    assert_eq!(e2025["theme"], "Технологии лидерства");
    assert_eq!((e2025["starts_on"].as_str(), e2025["ends_on"].as_str()), (Some("2025-11-27"), Some("2025-11-28")));
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

#[actix_web::test]
async fn filters_by_format_years_and_text() {
    let app = spawn_app().await;
    let years = |body: &Value| -> Vec<i64> { items(body).iter().map(|e| e["year"].as_i64().unwrap()).collect() };
    assert_eq!(
        years(&app.json("/api/v1/editions?format=online").await),
        Vec::<i64>::new(),
        "no source calls an edition online"
    );
    assert_eq!(years(&app.json("/api/v1/editions?format=in_person").await), [2022]);
    let hybrid = app.json("/api/v1/editions?format=hybrid").await;
    assert_eq!((hybrid["total"].clone(), years(&hybrid).len()), (Value::from(0), 0));
    assert_eq!(years(&app.json("/api/v1/editions?from=2019&to=2024").await), [2019, 2020, 2022, 2024]);
    assert_eq!(years(&app.json("/api/v1/editions?from=2024").await), [2024, 2025]);
    assert_eq!(
        years(&app.json("/api/v1/editions?q=%D0%9B%D0%98%D0%94%D0%95%D0%A0%D0%A1%D0%A2%D0%92%D0%90").await),
        [2025]
    );
    assert_eq!(years(&app.json("/api/v1/editions?q=2030&to=2019").await), [2016, 2017, 2019]);
    for query in ["format=paper", "from=MMXX", "expand=figures", "sort=theme"] {
        assert_problem(app.get(&format!("/api/v1/editions?{query}")).await, 400, "invalid_parameter").await;
    }
}

#[actix_web::test]
async fn sorts_by_number_title_and_start_with_unknown_dates_last() {
    let app = spawn_app().await;
    let years = |body: &Value| -> Vec<i64> { items(body).iter().map(|e| e["year"].as_i64().unwrap()).collect() };
    assert_eq!(years(&app.json("/api/v1/editions?sort=-year").await), [2025, 2024, 2022, 2020, 2019, 2017, 2016]);
    assert_eq!(years(&app.json("/api/v1/editions?sort=-number").await), [2025, 2024, 2022, 2020, 2019, 2017, 2016]);
    assert_eq!(years(&app.json("/api/v1/editions?sort=starts_on").await), [2019, 2020, 2022, 2024, 2025, 2016, 2017]);
    assert_eq!(
        years(&app.json("/api/v1/editions?sort=-starts_on").await),
        [2025, 2024, 2022, 2020, 2019, 2017, 2016],
        "unknown dates last; among them, ties go by id in the sort's direction"
    );
    // Same title for V and VI: the year breaks the tie only when asked to.
    assert_eq!(years(&app.json("/api/v1/editions?sort=title,-year&limit=2").await), [2022, 2020]);
}

#[actix_web::test]
async fn expand_embeds_tracks_and_sessions() {
    let app = spawn_app().await;
    let edition = app.json("/api/v1/editions/2025?expand=tracks,sessions").await;
    assert_eq!(edition["tracks"].as_array().unwrap().len(), 7);
    assert_eq!(edition["tracks"][0]["key"], "effective-territory-management");
    let sessions = edition["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 6);
    assert!(sessions.iter().all(|s| s["edition"] == 2025));
    assert_eq!(sessions[0]["participants"][0]["person"], "andrey-sharonov");
    let plain = app.json("/api/v1/editions/2025").await;
    assert!(plain.get("tracks").is_none() && plain.get("sessions").is_none(), "{plain}");
    assert_eq!(plain["organizers"], serde_json::json!(["ekaterinburg", "csr", "srg"]));
    assert_eq!(plain["venue"], "МВЦ «Екатеринбург-Экспо»");

    let body = app.json("/api/v1/editions?expand=sessions&from=2020&to=2020").await;
    assert_eq!(items(&body)[0]["sessions"].as_array().unwrap().len(), 5);
    assert!(items(&body)[0].get("tracks").is_none());
    let body = app.json("/api/v1/editions?expand=tracks").await;
    let counts: Vec<usize> = items(&body).iter().map(|e| e["tracks"].as_array().unwrap().len()).collect();
    assert_eq!(counts, [0, 0, 0, 0, 0, 0, 7]);
    assert_problem(app.get("/api/v1/editions/2025?expand=agreements").await, 400, "invalid_parameter").await;
}

#[actix_web::test]
async fn the_detail_of_an_edition_without_dates() {
    let app = spawn_app().await;
    let edition = app.json("/api/v1/editions/2017").await;
    assert_eq!(edition["number"], 2);
    assert_eq!((edition["starts_on"].clone(), edition["ends_on"].clone()), (Value::Null, Value::Null));
    assert_eq!(edition["format"], Value::Null);
    assert_eq!(edition["organizers"], serde_json::json!(["srg", "ekaterinburg", "goroda-urala"]));
    assert_eq!(edition["sources"], serde_json::json!(["its-ekburg-crossroads", "leontief-centre-2017-11-16"]));
    assert_problem(app.get("/api/v1/editions/abc").await, 400, "invalid_parameter").await;
}

#[actix_web::test]
async fn format_chooses_the_representation_or_filters() {
    let app = spawn_app().await;
    let table = app.csv("/api/v1/editions?format=csv", &[]).await;
    assert_eq!(table.len(), 8);
    assert_eq!(table[0][..3], ["year", "number", "title"]);
    // A format filter and CSV together: the filter in `format`, CSV by Accept.
    let table = app.csv("/api/v1/editions?format=in_person", &[("accept", "text/csv")]).await;
    assert_eq!(table.len(), 2);
    assert_eq!(table[1][0], "2022");
    let lines = app.ndjson("/api/v1/editions?format=ndjson&from=2024", &[]).await;
    assert_eq!(lines.iter().map(|e| e["year"].as_i64().unwrap()).collect::<Vec<_>>(), [2024, 2025]);
}

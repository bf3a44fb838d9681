//! JSON, CSV (RFC 4180, UTF-8, optional BOM) and NDJSON on every collection; CSV and NDJSON
//! stream every row.

use serde_json::{Value, json};

use crate::helpers::{assert_problem, column, header, items, parse_csv, spawn_app};

/// Every collection the API lists.
pub const COLLECTIONS: [&str; 10] = [
    "/api/v1/editions",
    "/api/v1/figures",
    "/api/v1/metrics",
    "/api/v1/sources",
    "/api/v1/organizations",
    "/api/v1/people",
    "/api/v1/sessions",
    "/api/v1/agreements",
    "/api/v1/editions/2025/tracks",
    "/api/v1/editions/2025/figures",
];

#[actix_web::test]
async fn figures_as_csv_and_ndjson_carry_exactly_total_rows() {
    let app = spawn_app().await;
    let total = app.json("/api/v1/figures").await["total"].as_i64().unwrap() as usize;
    assert_eq!(total, 58);

    let response = app.get("/api/v1/figures?format=ndjson").await;
    assert_eq!(header(&response, "content-type").as_deref(), Some("application/x-ndjson"));
    assert_eq!(header(&response, "x-total-count"), Some(total.to_string()));
    let text = response.text().await.unwrap();
    let lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), total);
    assert_eq!(lines[0]["key"], "2024-participants-oblgazeta-2025-10");

    let response = app.get("/api/v1/figures?format=csv").await;
    assert_eq!(header(&response, "content-type").as_deref(), Some("text/csv; charset=utf-8"));
    assert_eq!(header(&response, "x-total-count"), Some(total.to_string()));
    let table = parse_csv(&response.text().await.unwrap());
    assert_eq!(table.len(), total + 1, "a header and every row");
    let mut ids = column(&table, "id");
    ids.dedup();
    assert_eq!(ids.len(), total);
}

#[actix_web::test]
async fn figures_csv_rows_carry_their_source() {
    let app = spawn_app().await;
    let table =
        app.csv("/api/v1/figures?edition=2025&metric=participants&sort=-reported_on", &[("accept", "text/csv")]).await;
    assert_eq!(
        table[0],
        [
            "id",
            "key",
            "edition",
            "metric",
            "value",
            "value_from",
            "qualifier",
            "status",
            "reported_on",
            "reported_in",
            "quote",
            "attributed_to",
            "notes",
            "source",
            "source_title",
            "source_publisher",
            "source_published_on",
            "source_url"
        ]
    );
    let row = table.iter().find(|r| r[1] == "2025-participants-tass-2025-10-22").unwrap();
    assert_eq!(row[4..10], ["7000", "", "more_than", "expected", "2025-10-22", ""]);
    assert_eq!(row[10], "ожидается свыше 7 000 участников из более чем 250 городов России и стран СНГ");
    assert_eq!(
        row[13..],
        [
            "tass-2025-10-22",
            "На Урале участниками форума \"Города России\" станут представители более 250 городов",
            "ТАСС",
            "2025-10-22",
            "https://tass.ru/obschestvo/25423331"
        ]
    );
    // Unknown values are empty cells; a month without a day is the period.
    let row = table.iter().find(|r| r[1] == "2025-participants-ura-news-1053040857").unwrap();
    assert_eq!((row[8].as_str(), row[9].as_str(), row[16].as_str()), ("", "2025-11", ""));
}

#[actix_web::test]
async fn csv_is_rfc_4180_with_crlf_quotes_and_an_optional_bom() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/sources?format=csv&publisher=%D0%A2%D0%90%D0%A1%D0%A1").await;
    let bytes = response.bytes().await.unwrap();
    assert!(!bytes.starts_with(b"\xEF\xBB\xBF"), "no BOM unless asked");
    let text = std::str::from_utf8(&bytes).expect("UTF-8");
    assert!(text.starts_with("key,title,publisher,url,published_on,published_in,language,notes\r\n"), "{text}");
    assert_eq!(text.matches("\r\n").count(), 4, "every record ends in CRLF");
    // A title with quotes is quoted, its quotes doubled.
    assert!(
        text.contains("\"На Урале участниками форума \"\"Города России\"\" станут представители более 250 городов\"")
    );

    let bytes = app.get("/api/v1/sources?format=csv&bom=true&limit=2").await.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFkey,title"), "a BOM, then the header");
    // Streaming (no limit) puts the BOM once, before the header.
    let bytes = app.get("/api/v1/figures?format=csv&bom=true").await.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFid,key"));
    assert_eq!(bytes.windows(3).filter(|w| *w == b"\xEF\xBB\xBF").count(), 1);
    let bytes = app.get("/api/v1/series/participants?format=csv&bom=true").await.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFedition,value"));
}

#[actix_web::test]
async fn every_collection_offers_the_same_rows_in_three_representations() {
    let app = spawn_app().await;
    for path in COLLECTIONS {
        let response = app.get(path).await;
        assert!(header(&response, "content-type").unwrap().starts_with("application/json"), "{path}");
        let body: Value = response.json().await.unwrap();
        let total = body["total"].as_i64().unwrap() as usize;
        let separator = if path.contains('?') { '&' } else { '?' };
        for (query, accept) in [("format=csv", None), ("", Some("text/csv"))] {
            let url = if query.is_empty() { path.to_string() } else { format!("{path}{separator}{query}") };
            let headers: Vec<(&str, &str)> = accept.map(|a| vec![("accept", a)]).unwrap_or_default();
            let response = app.get_with(&url, &headers).await;
            assert_eq!(response.status(), 200, "{url}");
            assert!(header(&response, "content-type").unwrap().starts_with("text/csv"), "{url}");
            assert_eq!(header(&response, "x-total-count"), Some(total.to_string()), "{url}");
            let table = parse_csv(&response.text().await.unwrap());
            assert_eq!(table.len(), total + 1, "{url}");
        }
        for (query, accept) in [("format=ndjson", None), ("", Some("application/x-ndjson"))] {
            let url = if query.is_empty() { path.to_string() } else { format!("{path}{separator}{query}") };
            let headers: Vec<(&str, &str)> = accept.map(|a| vec![("accept", a)]).unwrap_or_default();
            let lines = app.ndjson(&url, &headers).await;
            assert_eq!(lines.len(), total, "{url}");
            assert_eq!(lines[0], items(&body)[0], "{url}: the same objects as JSON");
        }
    }
}

#[actix_web::test]
async fn format_wins_over_accept_and_json_stays_the_default() {
    let app = spawn_app().await;
    let response = app.get_with("/api/v1/metrics?format=json", &[("accept", "text/csv")]).await;
    assert!(header(&response, "content-type").unwrap().starts_with("application/json"));
    let response = app.get_with("/api/v1/metrics?format=ndjson", &[("accept", "text/csv")]).await;
    assert_eq!(header(&response, "content-type").as_deref(), Some("application/x-ndjson"));
    let response = app.get_with("/api/v1/metrics", &[("accept", "text/csv;q=0.5, application/json")]).await;
    assert!(header(&response, "content-type").unwrap().starts_with("application/json"));
    let response = app.get_with("/api/v1/metrics", &[("accept", "text/html, */*")]).await;
    assert!(header(&response, "content-type").unwrap().starts_with("application/json"));
    for query in ["format=xml", "format=CSV", "limit=all", "limit=all&format=json"] {
        assert_problem(app.get(&format!("/api/v1/metrics?{query}")).await, 400, "invalid_parameter").await;
    }
}

#[actix_web::test]
async fn csv_and_ndjson_page_when_given_a_limit() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/figures?format=csv&limit=10").await;
    let link = header(&response, "link").expect("a next page");
    assert!(link.contains("format=csv") && link.contains("cursor="), "{link}");
    assert_eq!(header(&response, "x-total-count").as_deref(), Some("58"));
    assert_eq!(parse_csv(&response.text().await.unwrap()).len(), 11);
    let lines = app.ndjson("/api/v1/figures?format=ndjson&limit=all&edition=2024", &[]).await;
    assert_eq!(lines.len(), 26);
}

#[actix_web::test]
async fn streams_every_row_past_one_batch() {
    let app = spawn_app().await;
    let figures: Vec<Value> = (0..1_234)
        .map(|i| {
            json!({"key": format!("bulk-{i:04}"), "edition": 2022, "metric": "participants", "value": 1_000 + i,
                   "qualifier": "exact", "status": "expected", "source": "ural-news-2022-09-20"})
        })
        .collect();
    app.import(&json!({ "figures": figures }));
    let total = app.json("/api/v1/figures?limit=1").await["total"].as_i64().unwrap() as usize;
    assert_eq!(total, 58 + 1_234);
    let response = app.get_with("/api/v1/figures?sort=-value", &[("accept", "application/x-ndjson")]).await;
    assert_eq!(header(&response, "x-total-count"), Some(total.to_string()));
    let lines: Vec<Value> = response.text().await.unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), total);
    let values: Vec<f64> = lines.iter().map(|l| l["value"].as_f64().unwrap()).collect();
    assert!(values.windows(2).all(|w| w[0] >= w[1]), "in the order asked for, across batches");
    let mut ids: Vec<i64> = lines.iter().map(|l| l["id"].as_i64().unwrap()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), total, "no row twice");
    let table = app.csv("/api/v1/figures?edition=2022", &[("accept", "text/csv")]).await;
    assert_eq!(table.len(), 1_234 + 1);
    assert_eq!(table.iter().filter(|r| r[0] == "id").count(), 1, "one header");
}

//! Citations by content negotiation: a source or a figure as CSL-JSON, BibTeX or a formatted
//! reference (ГОСТ Р 7.0.100-2018), by `Accept` or `format=`.

use chrono::{Datelike, Utc};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, header, items, spawn_app};

const CSL: &str = "application/vnd.citationstyles.csl+json";
const BIBTEX: &str = "application/x-bibtex";
const BIBLIOGRAPHY: &str = "text/x-bibliography";
const TASS: &str = "/api/v1/sources/tass-2025-10-22";

/// GET with an Accept header, expecting 200 of this content type; the body.
async fn fetch(app: &TestApp, path: &str, accept: Option<&str>, content_type: &str) -> String {
    let headers: Vec<(&str, &str)> = accept.map(|a| ("accept", a)).into_iter().collect();
    let response = app.get_with(path, &headers).await;
    let status = response.status();
    let actual = header(&response, "content-type").unwrap_or_default();
    let body = response.text().await.unwrap();
    assert_eq!(status, 200, "GET {path} ({accept:?}): {body}");
    assert_eq!(actual, content_type, "GET {path} ({accept:?})");
    body
}

fn today_parts() -> Value {
    let today = Utc::now().date_naive();
    json!([[today.year(), today.month(), today.day()]])
}

fn today() -> String {
    Utc::now().date_naive().to_string()
}

#[actix_web::test]
async fn a_source_as_csl_json_is_its_json_by_other_names() {
    let app = spawn_app().await;
    let source = app.json(TASS).await;
    let by_accept: Value = serde_json::from_str(&fetch(&app, TASS, Some(CSL), CSL).await).unwrap();
    let by_format: Value = serde_json::from_str(&fetch(&app, &format!("{TASS}?format=csl"), None, CSL).await).unwrap();
    assert_eq!(by_accept, by_format);
    assert_eq!(
        by_accept,
        json!({
            "id": source["key"],
            "type": "webpage",
            "title": source["title"],
            "container-title": source["publisher"],
            "issued": {"date-parts": [[2025, 10, 22]]},
            "URL": source["url"],
            "language": source["language"],
            "accessed": {"date-parts": today_parts()},
        })
    );
    assert_eq!(source["published_on"], "2025-10-22");
}

#[actix_web::test]
async fn csl_issued_is_as_precise_as_the_source_and_a_document_has_a_publisher() {
    let app = spawn_app().await;
    let cite = |key: &str| {
        let app = &app;
        let path = format!("/api/v1/sources/{key}?format=csl");
        async move { serde_json::from_str::<Value>(&fetch(app, &path, None, CSL).await).unwrap() }
    };
    let month = cite("oblgazeta-2025-10").await;
    assert_eq!(month["issued"], json!({"date-parts": [[2025, 10]]}), "{month}");
    assert_eq!(month["container-title"], "Областная газета");
    let year = cite("gorodskoyportal-92932907").await;
    assert_eq!(year["issued"], json!({"date-parts": [[2024]]}), "{year}");

    // No URL, no publisher, no date.
    let bare = cite("esg-alliance-2024").await;
    assert_eq!(bare["type"], "document", "{bare}");
    for absent in ["issued", "URL", "publisher", "container-title"] {
        assert!(bare.get(absent).is_none(), "{absent}: {bare}");
    }
    assert_eq!(bare["accessed"]["date-parts"], today_parts());
    // No URL, a publisher and a day.
    let urbc = cite("urbc-2024-11-19").await;
    assert_eq!(urbc["type"], "document", "{urbc}");
    assert_eq!(urbc["publisher"], "УрБК");
    assert!(urbc.get("container-title").is_none() && urbc.get("URL").is_none(), "{urbc}");
    assert_eq!(urbc["issued"], json!({"date-parts": [[2024, 11, 19]]}));
}

#[actix_web::test]
async fn a_source_in_bibtex_is_one_misc_entry() {
    let app = spawn_app().await;
    let entry = fetch(&app, TASS, Some(BIBTEX), "application/x-bibtex; charset=utf-8").await;
    assert_eq!(
        entry,
        format!(
            "@misc{{tass-2025-10-22,\n  title = {{{{На Урале участниками форума \"Города России\" станут представители более \
             250 городов}}}},\n  publisher = {{ТАСС}},\n  year = {{2025}},\n  month = oct,\n  date = {{2025-10-22}},\n  \
             url = {{https://tass.ru/obschestvo/25423331}},\n  urldate = {{{}}},\n  language = {{russian}}\n}}\n",
            today()
        )
    );
    assert_eq!(fetch(&app, &format!("{TASS}?format=bibtex"), None, "application/x-bibtex; charset=utf-8").await, entry);
    let month =
        fetch(&app, "/api/v1/sources/oblgazeta-2025-10?format=bibtex", None, "application/x-bibtex; charset=utf-8")
            .await;
    assert!(month.contains("  year = {2025},\n  month = oct,\n  url = "), "no day, no date field: {month}");
}

#[actix_web::test]
async fn bibtex_escapes_the_special_characters_of_a_title() {
    let app = spawn_app().await;
    app.import(&json!({"sources": [{
        "key": "escapes", "title": "50% {x} & #1_a", "publisher": "$ и ~", "url": "https://example.org/a_{b}",
        "published_on": "2025-01-05", "language": "ru"
    }]}));
    let entry = fetch(&app, "/api/v1/sources/escapes?format=bibtex", None, "application/x-bibtex; charset=utf-8").await;
    assert!(entry.contains(r"  title = {{50\% \{x\} \& \#1\_a}},"), "{entry}");
    assert!(entry.contains(r"  publisher = {\$ и \textasciitilde{}},"), "{entry}");
    assert!(entry.contains("  url = {https://example.org/a_%7Bb%7D},"), "{entry}");
    assert!(entry.contains("  month = jan,"), "{entry}");
    let unescaped = entry.replace("\\{", "").replace("\\}", "");
    assert_eq!(unescaped.matches('{').count(), unescaped.matches('}').count(), "the braces balance: {entry}");
}

#[actix_web::test]
async fn a_source_as_a_reference_follows_gost() {
    let app = spawn_app().await;
    let day = Utc::now().date_naive().format("%d.%m.%Y").to_string();
    let text = fetch(&app, TASS, Some(BIBLIOGRAPHY), "text/x-bibliography; charset=utf-8").await;
    assert_eq!(
        text,
        format!(
            "На Урале участниками форума \"Города России\" станут представители более 250 городов. – Текст : электронный \
             // ТАСС : [сайт]. – 2025. – 22 окт. – URL: https://tass.ru/obschestvo/25423331 (дата обращения: {day}).\n"
        )
    );
    assert_eq!(fetch(&app, &format!("{TASS}?format=citation"), None, "text/x-bibliography; charset=utf-8").await, text);
    let bare =
        fetch(&app, "/api/v1/sources/esg-alliance-2024?format=citation", None, "text/x-bibliography; charset=utf-8")
            .await;
    assert!(bare.ends_with(" – Текст : электронный.\n") && !bare.contains("URL"), "{bare}");
}

#[actix_web::test]
async fn a_figure_is_cited_as_its_source_with_its_quote() {
    let app = spawn_app().await;
    let found = app.json("/api/v1/figures?source=tass-2025-10-22&metric=participants&edition=2025").await;
    let figure = &items(&found)[0];
    assert_eq!(figure["key"], "2025-participants-tass-2025-10-22");
    let quote = figure["quote"].as_str().unwrap();
    let path = format!("/api/v1/figures/{}", figure["id"]);

    let cited: Value = serde_json::from_str(&fetch(&app, &path, Some(CSL), CSL).await).unwrap();
    let mut source: Value = serde_json::from_str(&fetch(&app, TASS, Some(CSL), CSL).await).unwrap();
    source["id"] = figure["key"].clone();
    source["note"] = json!(quote);
    assert_eq!(cited, source);

    let entry = fetch(&app, &format!("{path}?format=bibtex"), None, "application/x-bibtex; charset=utf-8").await;
    assert!(entry.starts_with("@misc{2025-participants-tass-2025-10-22,\n"), "{entry}");
    assert!(entry.contains(&format!("  note = {{{quote}}}\n}}")), "{entry}");
    assert!(entry.contains("  publisher = {ТАСС},"), "{entry}");

    let text = fetch(&app, &path, Some(BIBLIOGRAPHY), "text/x-bibliography; charset=utf-8").await;
    assert!(text.starts_with("На Урале участниками форума"), "{text}");
    assert!(text.ends_with(&format!("). Цитата: «{quote}».\n")), "{text}");

    // A figure without a key is cited by its id.
    let token = app.writer();
    let created = app.post("/api/v1/figures", &token, &crate::fixtures::figure()).await;
    assert_eq!(created.status(), 201);
    let id = created.json::<Value>().await.unwrap()["id"].clone();
    let cited: Value =
        serde_json::from_str(&fetch(&app, &format!("/api/v1/figures/{id}?format=csl"), None, CSL).await).unwrap();
    assert_eq!(cited["id"], format!("figure-{id}"));
    assert_eq!(cited["note"], "8 123 участника");
}

#[actix_web::test]
async fn the_sources_collection_cites_every_matching_source() {
    let app = spawn_app().await;
    let all = app.json("/api/v1/sources?limit=500").await;
    let keys: Vec<&str> = items(&all).iter().map(|s| s["key"].as_str().unwrap()).collect();
    assert_eq!(all["total"], keys.len());
    let bib = fetch(&app, "/api/v1/sources?format=bibtex", None, "application/x-bibtex; charset=utf-8").await;
    assert_eq!(bib.matches("@misc{").count(), keys.len());
    for key in &keys {
        assert!(bib.contains(&format!("@misc{{{key},\n")), "{key}");
    }
    assert_eq!(fetch(&app, "/api/v1/sources", Some(BIBTEX), "application/x-bibtex; charset=utf-8").await, bib);

    let tass = app.json("/api/v1/sources?publisher=%D0%A2%D0%90%D0%A1%D0%A1").await;
    let tass_keys: Vec<&str> = items(&tass).iter().map(|s| s["key"].as_str().unwrap()).collect();
    assert!(tass_keys.len() >= 2, "{tass}");
    let bib = fetch(
        &app,
        "/api/v1/sources?publisher=%D0%A2%D0%90%D0%A1%D0%A1&format=bibtex",
        None,
        "application/x-bibtex; charset=utf-8",
    )
    .await;
    let cited: Vec<&str> =
        bib.lines().filter_map(|l| l.strip_prefix("@misc{").and_then(|k| k.strip_suffix(','))).collect();
    assert_eq!(cited, tass_keys);

    let csl: Value = serde_json::from_str(&fetch(&app, "/api/v1/sources?format=csl", None, CSL).await).unwrap();
    let ids: Vec<&str> = csl.as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, keys);
    let text = fetch(&app, "/api/v1/sources", Some(BIBLIOGRAPHY), "text/x-bibliography; charset=utf-8").await;
    assert_eq!(text.lines().count(), keys.len());
}

#[actix_web::test]
async fn json_is_the_default_and_format_wins_over_accept() {
    let app = spawn_app().await;
    let source = app.json(TASS).await;
    for accept in [None, Some("application/json"), Some("image/png"), Some("*/*")] {
        let body = fetch(&app, TASS, accept, "application/json").await;
        assert_eq!(serde_json::from_str::<Value>(&body).unwrap(), source, "{accept:?}");
    }
    let json_anyway = app.get_with(&format!("{TASS}?format=json"), &[("accept", BIBTEX)]).await;
    assert_eq!(header(&json_anyway, "content-type").as_deref(), Some("application/json"));
    fetch(&app, &format!("{TASS}?format=bibtex"), Some(CSL), "application/x-bibtex; charset=utf-8").await;
    // The Accept header's qualities choose.
    let preferred = format!("{BIBTEX};q=0.5, {CSL}");
    fetch(&app, TASS, Some(&preferred), CSL).await;
    for query in ["format=svg", "format=csv", "format=ris"] {
        assert_problem(app.get(&format!("{TASS}?{query}")).await, 400, "invalid_parameter").await;
    }
    assert_problem(app.get("/api/v1/figures/1?format=svg").await, 400, "invalid_parameter").await;
    assert_problem(app.get_with("/api/v1/sources/nosuchkey", &[("accept", BIBTEX)]).await, 404, "not_found").await;
}

#[actix_web::test]
async fn each_representation_has_its_own_etag_and_answers_304() {
    let app = spawn_app().await;
    let tag = |accept: &'static str| {
        let app = &app;
        async move {
            let response = app.get_with(TASS, &[("accept", accept)]).await;
            assert_eq!(response.status(), 200);
            header(&response, "etag").unwrap()
        }
    };
    let tags = [
        tag("application/json").await,
        tag(CSL).await,
        tag(BIBTEX).await,
        tag(BIBLIOGRAPHY).await,
        app.etag(&format!("{TASS}?format=csl")).await,
    ];
    for (i, a) in tags.iter().enumerate() {
        for b in &tags[i + 1..] {
            assert_ne!(a, b);
        }
    }
    let again = app.get_with(TASS, &[("accept", BIBTEX), ("if-none-match", &tags[2])]).await;
    assert_eq!(again.status(), 304);
    let json = app.get_with(TASS, &[("if-none-match", &tags[2])]).await;
    assert_eq!(json.status(), 200, "the BibTeX tag is not the JSON's");
    let vary = header(&json, "vary").unwrap_or_default();
    assert!(vary.split(',').any(|v| v.trim() == "Accept"), "{vary}");
}

#[actix_web::test]
async fn the_openapi_document_lists_the_citation_types() {
    let app = spawn_app().await;
    let doc = app.json("/api/v1/openapi.json").await;
    for (path, id) in [
        ("/api/v1/sources/{key}", "get_source"),
        ("/api/v1/figures/{id}", "get_figure"),
        ("/api/v1/sources", "list_sources"),
    ] {
        let operation = &doc["paths"][path]["get"];
        assert_eq!(operation["operationId"], id);
        let content = operation["responses"]["200"]["content"].as_object().unwrap();
        for media in [CSL, BIBTEX, BIBLIOGRAPHY, "application/json"] {
            assert!(content.contains_key(media), "{path}: {media}");
        }
        let format = operation["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "format")
            .unwrap_or_else(|| panic!("{path} has no format parameter"));
        let name = format["schema"]["$ref"].as_str().unwrap().rsplit('/').next().unwrap();
        let values = &doc["components"]["schemas"][name]["enum"];
        for value in ["json", "csl", "bibtex", "citation"] {
            assert!(values.as_array().unwrap().contains(&json!(value)), "{path}: {values}");
        }
    }
}

#[actix_web::test]
async fn citations_list_every_source_and_take_no_page() {
    let app = spawn_app().await;
    for query in ["format=bibtex&limit=2", "format=csl&cursor=abc", "format=citation&limit=all"] {
        let response = app.get(&format!("/api/v1/sources?{query}")).await;
        let problem = crate::helpers::assert_problem(response, 400, "invalid_parameter").await;
        assert!(problem["detail"].as_str().unwrap().contains("every matching source"), "{problem}");
    }
}

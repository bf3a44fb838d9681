//! Strong ETags on every GET, `If-None-Match` answered with 304, and tags that move with the data.

use forum_metrics::domain::TokenScope;
use serde_json::json;

use crate::helpers::{Spawn, TestApp, header, items, spawn_app};

/// Every kind of GET under /api/v1, with real keys and ids.
async fn read_paths(app: &TestApp) -> Vec<String> {
    let figure = items(&app.json("/api/v1/figures?limit=1").await)[0]["id"].clone();
    let session = items(&app.json("/api/v1/sessions?limit=1").await)[0]["id"].clone();
    let agreement = items(&app.json("/api/v1/agreements?limit=1").await)[0]["id"].clone();
    let mut paths: Vec<String> = [
        "/api/v1/editions",
        "/api/v1/editions?expand=tracks&sort=-year",
        "/api/v1/editions/2025",
        "/api/v1/editions/2025/figures",
        "/api/v1/editions/2025/figures?format=csv",
        "/api/v1/editions/2025/tracks",
        "/api/v1/editions/2025/summary",
        "/api/v1/figures",
        "/api/v1/figures?format=ndjson",
        "/api/v1/series/participants",
        "/api/v1/series/participants?format=csv",
        "/api/v1/compare?editions=2024,2025",
        "/api/v1/metrics",
        "/api/v1/metrics/participants",
        "/api/v1/sources",
        "/api/v1/sources/tass-2025-10-22",
        "/api/v1/organizations",
        "/api/v1/organizations/esg-alliance",
        "/api/v1/people",
        "/api/v1/people/andrey-sharonov",
        "/api/v1/sessions",
        "/api/v1/sessions?q=%D1%88%D0%B0%D1%80%D0%BE%D0%BD%D0%BE%D0%B2&facet=edition",
        "/api/v1/agreements",
        "/api/v1/changes",
        "/api/v1/openapi.json",
    ]
    .iter()
    .map(|p| p.to_string())
    .collect();
    paths.push(format!("/api/v1/figures/{figure}"));
    paths.push(format!("/api/v1/sessions/{session}"));
    paths.push(format!("/api/v1/agreements/{agreement}"));
    paths
}

/// The ETag of a 200 answer.
async fn etag(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> String {
    let response = app.get_with(path, headers).await;
    assert_eq!(response.status(), 200, "GET {path}");
    header(&response, "etag").unwrap_or_else(|| panic!("GET {path} has no ETag"))
}

#[actix_web::test]
async fn every_read_has_a_strong_etag_and_answers_if_none_match_with_304() {
    let app = spawn_app().await;
    for path in read_paths(&app).await {
        let response = app.get(&path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        let tag = header(&response, "etag").unwrap_or_else(|| panic!("GET {path} has no ETag"));
        assert!(tag.starts_with('"') && tag.ends_with('"'), "{path}: a strong tag, not {tag}");
        let control = header(&response, "cache-control").unwrap_or_else(|| panic!("{path}: no Cache-Control"));
        assert!(control.contains("public"), "{path}: {control}");
        response.bytes().await.unwrap();

        let response = app.get_with(&path, &[("if-none-match", &tag)]).await;
        assert_eq!(response.status(), 304, "GET {path} with If-None-Match");
        assert_eq!(header(&response, "etag").as_deref(), Some(tag.as_str()), "{path}");
        assert!(header(&response, "cache-control").is_some(), "{path}");
        assert!(response.bytes().await.unwrap().is_empty(), "{path}: a 304 has no body");

        assert_eq!(etag(&app, &path, &[]).await, tag, "{path}: nothing changed, the tag stays");
    }
}

#[actix_web::test]
async fn tags_differ_by_representation_and_query_but_not_parameter_order() {
    let app = spawn_app().await;
    let json = etag(&app, "/api/v1/figures?edition=2025&limit=5", &[]).await;
    let csv = etag(&app, "/api/v1/figures?edition=2025&limit=5", &[("accept", "text/csv")]).await;
    let ndjson = etag(&app, "/api/v1/figures?edition=2025&limit=5&format=ndjson", &[]).await;
    let other = etag(&app, "/api/v1/figures?edition=2024&limit=5", &[]).await;
    let reordered = etag(&app, "/api/v1/figures?limit=5&edition=2025", &[]).await;
    assert_ne!(json, csv);
    assert_ne!(json, ndjson);
    assert_ne!(json, other);
    assert_eq!(json, reordered);
    // A JSON tag does not validate the CSV representation.
    let response =
        app.get_with("/api/v1/figures?edition=2025&limit=5", &[("accept", "text/csv"), ("if-none-match", &json)]).await;
    assert_eq!(response.status(), 200);
}

#[actix_web::test]
async fn if_none_match_takes_lists_weak_tags_and_a_star() {
    let app = spawn_app().await;
    let tag = etag(&app, "/api/v1/metrics", &[]).await;
    for value in [format!("\"other\", {tag}"), format!("W/{tag}"), "*".to_string()] {
        let response = app.get_with("/api/v1/metrics", &[("if-none-match", &value)]).await;
        assert_eq!(response.status(), 304, "If-None-Match: {value}");
    }
    let response = app.get_with("/api/v1/metrics", &[("if-none-match", "\"v0-0000000000000000\"")]).await;
    assert_eq!(response.status(), 200);
}

#[actix_web::test]
async fn a_star_is_304_only_where_there_is_something() {
    let app = spawn_app().await;
    let star = [("if-none-match", "*")];
    let missing = app.get_with("/api/v1/editions/1999", &star).await;
    crate::helpers::assert_problem(missing, 404, "not_found").await;
    let bad = app.get_with("/api/v1/editions?bogus=1", &star).await;
    crate::helpers::assert_problem(bad, 400, "invalid_parameter").await;
    let found = app.get_with("/api/v1/editions/2025", &star).await;
    assert_eq!(found.status(), 304);
    assert!(found.headers().contains_key("etag"));
    assert_eq!(found.text().await.unwrap(), "");
}

#[actix_web::test]
async fn an_import_that_changes_data_moves_every_tag_and_one_that_does_not_moves_none() {
    let app = spawn_app().await;
    let paths = read_paths(&app).await;
    let mut before = Vec::new();
    for path in &paths {
        before.push(etag(&app, path, &[]).await);
    }
    let bundle = json!({"figures": [{"key": "2025-participants-final", "edition": 2025, "metric": "participants",
        "value": 7200, "qualifier": "exact", "status": "actual", "source": "tass-2025-11-28", "reported_on": "2025-11-28"}]});
    app.import(&bundle);
    let mut after = Vec::new();
    for (path, old) in paths.iter().zip(&before) {
        let tag = etag(&app, path, &[]).await;
        assert_ne!(&tag, old, "{path}: the data changed, so must the tag");
        let response = app.get_with(path, &[("if-none-match", old)]).await;
        assert_eq!(response.status(), 200, "{path}: the old tag no longer validates");
        after.push(tag);
    }
    let headline = app.json("/api/v1/editions/2025/figures?metric=participants").await;
    assert_eq!(items(&headline)[0]["headline"]["value"], 7200, "the new actual figure wins");

    // The same bundle again writes nothing: every tag stays.
    let (version, counts) = (app.data_version(), app.counts());
    app.import(&bundle);
    assert_eq!((app.data_version(), app.counts()), (version, counts));
    for (path, tag) in paths.iter().zip(&after) {
        assert_eq!(&etag(&app, path, &[]).await, tag, "{path}");
    }
}

#[actix_web::test]
async fn a_write_through_the_api_changes_the_tag_of_what_it_touched() {
    let app = spawn_app().await;
    let path = "/api/v1/editions/2024/figures?metric=events";
    let old = etag(&app, path, &[]).await;
    let token = app.writer();
    let response = app
        .post_json(
            "/api/v1/figures",
            &token,
            &json!({"edition": 2024, "metric": "events", "value": 76, "qualifier": "exact", "status": "actual",
                    "source": "urbc-2024-11-19", "reported_on": "2025-12-01"}),
        )
        .await;
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    let response = app.get_with(path, &[("if-none-match", &old)]).await;
    assert_eq!(response.status(), 200);
    assert_ne!(header(&response, "etag").unwrap(), old);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(items(&body)[0]["headline"]["value"], 76);
}

#[actix_web::test]
async fn reads_behind_a_token_are_cached_privately() {
    let app = Spawn::default().with(|settings| settings.reads_require_token = true).start().await;
    let token = app.token("reader", TokenScope::Read);
    let bearer = format!("Bearer {token}");
    let response = app.get_with("/api/v1/editions", &[("authorization", &bearer)]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "cache-control").as_deref(), Some("private, no-cache"));
    let tag = header(&response, "etag").unwrap();
    let response = app.get_with("/api/v1/editions", &[("authorization", &bearer), ("if-none-match", &tag)]).await;
    assert_eq!(response.status(), 304);
    // Without the token, a known tag does not open the door.
    let response = app.get_with("/api/v1/editions", &[("if-none-match", &tag)]).await;
    assert_eq!(response.status(), 401);
}

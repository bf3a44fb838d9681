//! `GET /api/v1`: a link to every collection and resource, and to the spec.

use serde_json::Value;

use crate::helpers::{assert_problem, header, spawn_app};

#[actix_web::test]
async fn the_root_links_every_collection_and_the_spec() {
    let app = spawn_app().await;
    let response = app.get("/api/v1").await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "content-type").as_deref(), Some("application/json"));
    assert_eq!(
        header(&response, "link").as_deref(),
        Some("</api/v1/openapi.json>; rel=\"service-desc\"; type=\"application/json\"")
    );
    assert!(header(&response, "etag").is_some());
    let root: Value = response.json().await.unwrap();
    assert_eq!(root["name"], "forum-metrics");
    assert_eq!(root["openapi"], "/api/v1/openapi.json");
    assert_eq!(root["docs"], "/docs");
    assert_eq!(root["explorer"], "/");
    let collections = root["collections"].as_object().unwrap();
    let names: Vec<&str> = collections.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "agreements",
            "changes",
            "compare",
            "editions",
            "figures",
            "metrics",
            "organizations",
            "people",
            "sessions",
            "sources",
            "tokens"
        ]
    );
    assert_eq!(collections["editions"]["href"], "/api/v1/editions");
    assert_eq!(collections["editions"]["title"], "List editions.");
    assert_eq!(collections["editions"]["templated"], false);
    let resources: Vec<&str> = root["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|link| {
            assert_eq!(link["templated"], true, "{link}");
            link["href"].as_str().unwrap()
        })
        .collect();
    for template in [
        "/api/v1/editions/{year}",
        "/api/v1/editions/{year}/figures",
        "/api/v1/series/{metric}",
        "/api/v1/people/{key}",
        "/api/v1/sessions/{id}",
    ] {
        assert!(resources.contains(&template), "{template} in {resources:?}");
    }
}

#[actix_web::test]
async fn every_link_of_the_root_answers() {
    let app = spawn_app().await;
    let root = app.json("/api/v1").await;
    let spec = app.get(root["openapi"].as_str().unwrap()).await;
    assert_eq!(spec.status(), 200);
    for (name, link) in root["collections"].as_object().unwrap() {
        let href = link["href"].as_str().unwrap();
        let status = app.get(href).await.status().as_u16();
        // Comparing needs the editions to compare; the tokens are an admin's.
        let expected = match name.as_str() {
            "compare" => 400,
            "tokens" => 401,
            _ => 200,
        };
        assert_eq!(status, expected, "GET {href}");
    }
    let docs = app.get("/docs/").await;
    assert_eq!(docs.status(), 200);
}

#[actix_web::test]
async fn every_documented_collection_is_in_the_root() {
    let app = spawn_app().await;
    let root = app.json("/api/v1").await;
    let doc = app.json("/api/v1/openapi.json").await;
    let hrefs: Vec<&str> = root["collections"]
        .as_object()
        .unwrap()
        .values()
        .chain(root["resources"].as_array().unwrap())
        .map(|link| link["href"].as_str().unwrap())
        .collect();
    for (path, item) in doc["paths"].as_object().unwrap() {
        let reads = item.get("get").is_some();
        let listed = path.starts_with("/api/v1/") && path != "/api/v1/openapi.json";
        if reads && listed {
            assert!(hrefs.contains(&path.as_str()), "{path} is not linked from /api/v1");
        }
    }
}

#[actix_web::test]
async fn the_root_takes_no_parameters_and_revalidates() {
    let app = spawn_app().await;
    let problem = assert_problem(app.get("/api/v1?verbose=1").await, 400, "invalid_parameter").await;
    assert!(problem["detail"].as_str().unwrap().contains("verbose"), "{problem}");
    let etag = header(&app.get("/api/v1").await, "etag").unwrap();
    let again = app.get_with("/api/v1", &[("if-none-match", &etag)]).await;
    assert_eq!(again.status(), 304);
}

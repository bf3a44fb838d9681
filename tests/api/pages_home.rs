//! The explorer's home page, and what every page shares: HTML with its security headers,
//! ETags and 304s like the API, HEAD, the stylesheet under its hashed name.

use serde_json::Value;

use crate::helpers::{HTML, assert_page_headers, header, html_escaped, items, ru_number, spawn_app};

#[actix_web::test]
async fn the_home_page_lists_every_edition_with_its_attendance_and_every_metric() {
    let app = spawn_app().await;
    let body = app.page("/").await;
    assert!(body.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"));
    assert!(body.contains("<title>Все форумы — «Города России» в цифрах</title>"), "{body}");
    assert!(body.contains("с источником, датой, оговоркой"), "a sentence on what it is");
    let editions = app.json("/api/v1/editions?limit=500").await;
    for edition in items(&editions) {
        let year = edition["year"].as_i64().unwrap();
        assert!(body.contains(&format!("<a href=\"/editions/{year}\">{year}</a>")), "{year}");
        assert!(body.contains(&html_escaped(edition["title"].as_str().unwrap())), "{year}");
    }
    assert!(body.contains("<td data-label=\"№\">IX</td>"), "2025 is the ninth forum");
    assert!(body.contains("27–28 ноября 2025"));
    assert!(body.contains("очно"), "2022 was held in person");
    // Attendance: the series' headline per edition.
    let series = app.json("/api/v1/series/participants").await;
    let point = |year: i64| series["items"].as_array().unwrap().iter().find(|p| p["edition"] == year).unwrap().clone();
    assert_eq!((point(2025)["value"].as_i64(), point(2025)["qualifier"].as_str()), (Some(7000), Some("more_than")));
    assert!(body.contains(&format!(
        "<span class=\"qualifier\">более</span> <span class=\"number\">{}</span>",
        ru_number(7000)
    )));
    assert!(
        body.contains(&format!(
            "<span class=\"number\">{}</span></span> <span class=\"status status-actual\">фактическое</span>",
            ru_number(6000)
        )),
        "2024: 6 000, actual"
    );
    assert!(body.contains("нет данных"), "editions without a figure say so");
    let metrics = app.json("/api/v1/metrics?limit=500").await;
    for metric in items(&metrics) {
        let code = metric["code"].as_str().unwrap();
        assert!(body.contains(&format!("<a href=\"/metrics/{code}\">")), "{code}");
    }
    for link in ["href=\"/search\"", "href=\"/docs/\"", "href=\"/api/v1/openapi.json\""] {
        assert!(body.contains(link), "{link}");
    }
}

#[actix_web::test]
async fn pages_have_etags_and_answer_304_and_head() {
    let app = spawn_app().await;
    let first = app.get("/editions/2025").await;
    let tag = header(&first, "etag").expect("a page has an ETag");
    assert_eq!(header(&first, "cache-control").as_deref(), Some("public, no-cache"));
    let body = first.text().await.unwrap();
    let again = app.get_with("/editions/2025", &[("if-none-match", &tag)]).await;
    assert_eq!(again.status(), 304);
    assert_eq!(header(&again, "etag").as_deref(), Some(tag.as_str()));
    assert!(header(&again, "content-security-policy").is_some(), "a 304 carries the headers too");
    // The second answer comes from the response cache: the same bytes, the same headers.
    let cached = app.get("/editions/2025").await;
    assert_page_headers(&cached, "/editions/2025");
    assert_eq!(header(&cached, "etag"), Some(tag));
    assert_eq!(cached.text().await.unwrap(), body);
    let head = app.request_with("HEAD", "/editions/2025", &[]).await;
    assert_eq!(head.status(), 200);
    assert_eq!(header(&head, "content-type").as_deref(), Some(HTML));
    assert_eq!(header(&head, "content-length"), Some(body.len().to_string()));
    assert!(head.text().await.unwrap().is_empty());
    // A write moves the data version: the page's ETag changes.
    app.import(&serde_json::json!({"metrics": [crate::fixtures::metric()]}));
    let after = app.get("/editions/2025").await;
    assert_ne!(header(&after, "etag"), header(&again, "etag"));
}

/// The names a `Vary` lists, lower-cased.
fn varies_by(response: &reqwest::Response) -> Vec<String> {
    response
        .headers()
        .get_all("vary")
        .iter()
        .flat_map(|v| v.to_str().unwrap().split(','))
        .map(|name| name.trim().to_ascii_lowercase())
        .collect()
}

#[actix_web::test]
async fn a_page_is_one_representation_whatever_accept_says() {
    let app = spawn_app().await;
    let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    let plain = app.get("/editions/2025").await;
    let tag = header(&plain, "etag").unwrap();
    let body = plain.text().await.unwrap();
    for accept in [browser, "application/json", "text/csv"] {
        let page = app.get_with("/editions/2025", &[("accept", accept)]).await;
        assert_eq!(page.status(), 200, "{accept}");
        assert_eq!(varies_by(&page), ["accept-encoding", "origin"], "{accept}");
        assert_eq!(header(&page, "etag").as_deref(), Some(tag.as_str()), "{accept}");
        assert_eq!(page.text().await.unwrap(), body, "{accept}");
        let revalidated = app.get_with("/editions/2025", &[("accept", accept), ("if-none-match", &tag)]).await;
        assert_eq!(revalidated.status(), 304, "{accept}");
        assert_eq!(varies_by(&revalidated), ["accept-encoding", "origin"], "{accept}");
    }
    // The API's answers do depend on Accept, and say so.
    let api = app.get("/api/v1/editions/2025").await;
    assert_eq!(varies_by(&api), ["accept", "accept-encoding", "origin"]);
}

#[actix_web::test]
async fn the_stylesheet_is_served_under_its_hash_for_a_year() {
    let app = spawn_app().await;
    let body = app.page("/").await;
    let start = body.find("<link rel=\"stylesheet\" href=\"").unwrap() + 29;
    let path = &body[start..start + body[start..].find('"').unwrap()];
    assert!(path.starts_with("/static/app.") && path.ends_with(".css"), "{path}");
    let response = app.get(path).await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "content-type").as_deref(), Some("text/css; charset=utf-8"));
    assert_eq!(header(&response, "cache-control").as_deref(), Some("public, max-age=31536000, immutable"));
    assert_eq!(header(&response, "x-content-type-options").as_deref(), Some("nosniff"));
    let css = response.text().await.unwrap();
    assert!(css.contains("@media print") && css.contains("@media (max-width"), "phone and print");
    let icon_path = body[body.find("/static/icon.").unwrap()..].split('"').next().unwrap();
    let icon = app.get(icon_path).await;
    assert_eq!((icon.status().as_u16(), header(&icon, "content-type").as_deref()), (200, Some("image/svg+xml")));
    for wrong in
        ["/static/app.css", "/static/app.0000000000000000.css", "/static/", "/static", &format!("{icon_path}/more")]
    {
        app.error_page(wrong, 404).await;
    }
}

#[actix_web::test]
async fn every_page_names_its_api_twin() {
    let app = spawn_app().await;
    let session: Value = app.json("/api/v1/sessions?limit=1").await;
    let id = items(&session)[0]["id"].as_i64().unwrap();
    let agreement: Value = app.json("/api/v1/agreements?limit=1").await;
    let agreement = items(&agreement)[0]["id"].as_i64().unwrap();
    for (page, twin) in [
        ("/editions/2025".to_string(), "/api/v1/editions/2025/figures".to_string()),
        ("/metrics/participants".into(), "/api/v1/series/participants".into()),
        (format!("/sessions/{id}"), format!("/api/v1/sessions/{id}")),
        ("/people/andrey-sharonov".into(), "/api/v1/people/andrey-sharonov".into()),
        ("/organizations/ekaterinburg".into(), "/api/v1/organizations/ekaterinburg".into()),
        (format!("/agreements/{agreement}"), format!("/api/v1/agreements/{agreement}")),
        ("/sources/tass-2025-10-22".into(), "/api/v1/sources/tass-2025-10-22".into()),
    ] {
        let body = app.page(&page).await;
        assert!(
            body.contains(&format!("<link rel=\"alternate\" type=\"application/json\" href=\"{twin}\">")),
            "{page}"
        );
        assert!(body.contains("<nav class=\"crumbs\""), "{page}: breadcrumbs");
        assert_eq!(app.get(&twin).await.status(), 200, "{twin}");
    }
}

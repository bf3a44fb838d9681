//! Pages' errors are pages (the API's stay problem+json), and everything from the data is
//! escaped.

use serde_json::json;

use crate::helpers::{PROBLEM_JSON, Spawn, assert_problem, header, items, spawn_app};

const EVIL: &str = "<script>alert(1)</script><img src=x onerror=alert(1)>";
const EVIL_ESCAPED: &str = "&#60;script&#62;alert(1)&#60;/script&#62;&#60;img src=x onerror=alert(1)&#62;";

#[actix_web::test]
async fn unknown_pages_are_html_404s_and_the_api_keeps_problem_json() {
    let app = spawn_app().await;
    for path in ["/no-such-page", "/favicon.ico", "/editions", "/healthz/extra", "/metrics/"] {
        let body = app.error_page(path, 404).await;
        assert!(body.contains("Страница не найдена") && body.contains("<a href=\"/\">На главную</a>"), "{path}");
    }
    for path in ["/api/v1/nope", "/api/v1/editions/1999", "/api/v2/editions"] {
        let response = app.get_with(path, &[("accept", "text/html")]).await;
        assert!(header(&response, "content-type").unwrap().starts_with(PROBLEM_JSON), "{path}");
        assert_problem(response, 404, "not_found").await;
    }
    assert_problem(app.request_with("DELETE", "/api/v1/series/participants", &[]).await, 405, "method_not_allowed")
        .await;
    assert_eq!(app.get("/healthz").await.status(), 200);
    assert_eq!(app.get("/readyz").await.status(), 200);
    assert_eq!(app.get("/docs/").await.status(), 200);
}

#[actix_web::test]
async fn a_page_refuses_other_methods_with_a_405_page() {
    let app = spawn_app().await;
    for (method, path) in [("POST", "/editions/2025"), ("DELETE", "/"), ("PUT", "/search")] {
        let response = app.request_with(method, path, &[]).await;
        assert_eq!(response.status(), 405, "{method} {path}");
        assert_eq!(header(&response, "allow").as_deref(), Some("GET, HEAD"));
        crate::helpers::assert_page_headers(&response, path);
        assert!(response.text().await.unwrap().contains("Метод не поддерживается"));
    }
}

#[actix_web::test]
async fn pages_need_a_token_where_reads_do() {
    let app = Spawn::default().with(|s| s.reads_require_token = true).start().await;
    let response = app.get("/editions/2025").await;
    assert_eq!(response.status(), 401);
    crate::helpers::assert_page_headers(&response, "/editions/2025");
    assert!(response.text().await.unwrap().contains("Нужен токен"));
    let token = app.token("reader", forum_metrics::domain::TokenScope::Read);
    let response = app.get_with("/editions/2025", &[("authorization", &format!("Bearer {token}"))]).await;
    assert_eq!(response.status(), 200);
}

#[actix_web::test]
async fn names_from_the_data_are_escaped_on_every_page() {
    let app = spawn_app().await;
    app.import(&json!({
        "organizations": [{"key": "evil-org", "name": EVIL, "kind": "company", "city": EVIL}],
        "people": [{"key": "evil-person", "name": EVIL, "notes": EVIL}],
        "sources": [{"key": "evil-source", "title": EVIL, "publisher": EVIL,
                     "url": "https://example.org/?a=\"><script>alert(1)</script>", "language": "ru"}],
        "sessions": [{"edition": 2025, "key": "evil-session", "title": EVIL, "format": "panel", "description": EVIL,
                      "participants": [{"person": "evil-person", "role": "speaker", "position": EVIL, "organization": "evil-org"}],
                      "sources": ["evil-source"]}],
        "figures": [{"edition": 2025, "metric": "participants", "value": 1, "qualifier": "about", "status": "expected",
                     "source": "evil-source", "quote": EVIL, "attributed_to": EVIL}],
        "agreements": [{"edition": 2025, "key": "evil-agreement", "title": EVIL, "kind": "other", "status": "planned",
                        "parties": ["evil-org"], "source": "evil-source", "notes": EVIL}]
    }));
    let session = items(&app.json("/api/v1/sessions?q=alert&limit=1").await)[0]["id"].clone();
    let agreement = items(&app.json("/api/v1/agreements?source=evil-source").await)[0]["id"].clone();
    for path in [
        "/".to_string(),
        "/editions/2025".into(),
        format!("/sessions/{session}"),
        "/people/evil-person".into(),
        "/organizations/evil-org".into(),
        format!("/agreements/{agreement}"),
        "/sources/evil-source".into(),
        "/search?q=alert".into(),
        "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E".into(),
        "/metrics/participants".into(),
    ] {
        let body = app.page(&path).await;
        assert!(!body.contains("<script"), "{path}: a raw <script");
        assert!(!body.contains("<img"), "{path}: a raw <img, whose onerror would run");
        if path != "/" && path != "/metrics/participants" {
            assert!(body.contains(EVIL_ESCAPED), "{path}: the name, escaped");
        }
    }
    let body = app.page("/sources/evil-source").await;
    assert!(body.contains("href=\"https://example.org/?a=&#34;&#62;&#60;script&#62;"), "an attribute cannot be closed");
}

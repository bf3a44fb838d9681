//! What a client's headers may not do: shape the links a shared cache keeps, grow the metrics
//! without bound, or slip a read past the token gate.

use forum_metrics::domain::TokenScope;

use crate::helpers::{Spawn, assert_problem, header, spawn_app};

#[actix_web::test]
async fn forwarded_and_host_headers_never_reach_links_or_tags() {
    let app = spawn_app().await;
    let path = "/api/v1/figures?limit=2";
    let plain = app.get(path).await;
    let (link, tag) = (header(&plain, "link").unwrap(), header(&plain, "etag").unwrap());
    let body: serde_json::Value = plain.json().await.unwrap();
    assert!(link.starts_with(&format!("<{}/api/v1/figures?", app.address)), "{link}");
    for forged in [
        vec![("x-forwarded-host", "evil.example"), ("x-forwarded-proto", "https")],
        vec![("forwarded", "host=evil.example;proto=https")],
        vec![("host", "evil.example")],
    ] {
        let response = app.get_with(path, &forged).await;
        assert_eq!(response.status(), 200, "{forged:?}");
        assert_eq!(header(&response, "link").as_deref(), Some(link.as_str()), "{forged:?}");
        assert_eq!(header(&response, "etag").as_deref(), Some(tag.as_str()), "{forged:?}");
        let forged_body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(forged_body["next"], body["next"], "{forged:?}");
        assert!(!forged_body.to_string().contains("evil.example"));
    }
}

#[actix_web::test]
async fn links_begin_with_the_configured_public_url() {
    let app = Spawn::default().with(|s| s.public_url = Some("https://forum.example.org".into())).start().await;
    let response = app.get("/api/v1/figures?limit=2").await;
    let link = header(&response, "link").unwrap();
    assert!(link.starts_with("<https://forum.example.org/api/v1/figures?"), "{link}");
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(body["next"].as_str().unwrap().starts_with("https://forum.example.org/api/v1/figures?"));
}

#[actix_web::test]
async fn invented_methods_and_paths_do_not_grow_the_metrics() {
    let app = spawn_app().await;
    let size = |text: &str| text.lines().filter(|l| l.starts_with("http_requests_total")).count();
    let mix = |i: usize| {
        let app = &app;
        async move {
            app.request_with(&format!("INVENTED{i}"), "/api/v1/editions", &[]).await;
            app.request_with(&format!("INVENTED{i}"), &format!("/nowhere/{i}"), &[]).await;
            app.get(&format!("/api/v1/nothing-{i}")).await;
        }
    };
    mix(0).await;
    app.get("/metrics").await;
    let before = size(&app.get("/metrics").await.text().await.unwrap());
    for i in 1..300 {
        mix(i).await;
    }
    let text = app.get("/metrics").await.text().await.unwrap();
    assert_eq!(size(&text), before, "the same label sets, counted higher");
    assert!(!text.contains("INVENTED"), "no method label but the known ones and `other`");
    assert!(text.contains(r#"method="other",route="unmatched""#), "{text}");
    assert!(!text.contains("nothing-1"), "paths no route takes are `unmatched`");
}

#[actix_web::test]
async fn only_the_spec_itself_is_readable_without_a_token() {
    let app = Spawn::default().with(|s| s.reads_require_token = true).start().await;
    assert_eq!(app.get("/api/v1/openapi.json").await.status(), 200);
    for path in ["/api/v1/people/openapi.json", "/api/v1/sources/openapi.json", "/api/v1/editions"] {
        assert_problem(app.get(path).await, 401, "unauthorized").await;
    }
    let token = app.token("reader", TokenScope::Read);
    let response = app.get_with("/api/v1/people/openapi.json", &[("authorization", &format!("Bearer {token}"))]).await;
    assert_problem(response, 404, "not_found").await;
}

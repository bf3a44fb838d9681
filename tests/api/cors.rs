//! CORS: any origin may read by default; configured origins may also write; the paging and
//! caching headers are readable by scripts.

use forum_metrics::config::CorsOrigins;

use crate::helpers::{Spawn, assert_problem, header, spawn_app};

const APP_ORIGIN: &str = "http://localhost:5173";

fn listed(response: &reqwest::Response, name: &str) -> Vec<String> {
    header(response, name)
        .unwrap_or_default()
        .split(',')
        .map(|s| s.trim().to_ascii_lowercase())
        .collect()
}

#[actix_web::test]
async fn a_read_preflight_from_any_origin_is_answered() {
    let app = spawn_app().await;
    for origin in [APP_ORIGIN, "https://analyst.example"] {
        let response = app
            .request_with(
                "OPTIONS",
                "/api/v1/figures?edition=2025",
                &[("origin", origin), ("access-control-request-method", "GET")],
            )
            .await;
        assert!(response.status().is_success(), "{origin}: {}", response.status());
        assert_eq!(
            header(&response, "access-control-allow-origin").as_deref(),
            Some(origin)
        );
        assert!(listed(&response, "access-control-allow-methods").contains(&"get".to_string()));
    }
    let response = app
        .request_with(
            "OPTIONS",
            "/api/v1/editions",
            &[
                ("origin", APP_ORIGIN),
                ("access-control-request-method", "GET"),
                ("access-control-request-headers", "if-none-match"),
            ],
        )
        .await;
    assert!(response.status().is_success());
    assert!(listed(&response, "access-control-allow-headers").contains(&"if-none-match".to_string()));
}

#[actix_web::test]
async fn scripts_can_read_link_etag_and_the_total() {
    let app = spawn_app().await;
    let response = app.get_with("/api/v1/figures?limit=5", &[("origin", APP_ORIGIN)]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        header(&response, "access-control-allow-origin").as_deref(),
        Some(APP_ORIGIN)
    );
    let exposed = listed(&response, "access-control-expose-headers");
    for name in ["link", "etag", "x-total-count"] {
        assert!(exposed.contains(&name.to_string()), "{name} not exposed: {exposed:?}");
    }
    assert!(header(&response, "link").is_some() && header(&response, "etag").is_some());
    // A 304 keeps the CORS headers, so a script sees its revalidation succeed.
    let tag = header(&response, "etag").unwrap();
    let response = app
        .get_with(
            "/api/v1/figures?limit=5",
            &[("origin", APP_ORIGIN), ("if-none-match", &tag)],
        )
        .await;
    assert_eq!(response.status(), 304);
    assert_eq!(
        header(&response, "access-control-allow-origin").as_deref(),
        Some(APP_ORIGIN)
    );
}

#[actix_web::test]
async fn by_default_browsers_may_not_write() {
    let app = spawn_app().await;
    let response = app
        .request_with(
            "OPTIONS",
            "/api/v1/figures",
            &[
                ("origin", APP_ORIGIN),
                ("access-control-request-method", "POST"),
                ("access-control-request-headers", "authorization, content-type"),
            ],
        )
        .await;
    assert_eq!(header(&response, "access-control-allow-origin"), None);
    assert_problem(response, 400, "bad_request").await;
}

#[actix_web::test]
async fn listed_origins_may_write_and_others_are_refused() {
    let app = Spawn::default()
        .with(|settings| settings.cors = CorsOrigins::List(vec![APP_ORIGIN.into()]))
        .start()
        .await;
    let preflight = [
        ("access-control-request-method", "POST"),
        ("access-control-request-headers", "authorization, content-type"),
    ];
    let response = app
        .request_with(
            "OPTIONS",
            "/api/v1/figures",
            &[&[("origin", APP_ORIGIN)], &preflight[..]].concat(),
        )
        .await;
    assert!(response.status().is_success(), "{}", response.status());
    assert_eq!(
        header(&response, "access-control-allow-origin").as_deref(),
        Some(APP_ORIGIN)
    );
    let methods = listed(&response, "access-control-allow-methods");
    for method in ["post", "put", "patch", "delete"] {
        assert!(methods.contains(&method.to_string()), "{method} in {methods:?}");
    }
    let headers = listed(&response, "access-control-allow-headers");
    assert!(headers.contains(&"authorization".to_string()) && headers.contains(&"content-type".to_string()));

    let response = app
        .request_with(
            "OPTIONS",
            "/api/v1/figures",
            &[&[("origin", "https://elsewhere.example")], &preflight[..]].concat(),
        )
        .await;
    assert_eq!(header(&response, "access-control-allow-origin"), None);
    assert_problem(response, 400, "bad_request").await;

    // Reads from the listed origin still work.
    let response = app.get_with("/api/v1/metrics", &[("origin", APP_ORIGIN)]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        header(&response, "access-control-allow-origin").as_deref(),
        Some(APP_ORIGIN)
    );
}

//! CORS: any origin may read by default; configured origins may also write; the paging and
//! caching headers are readable by scripts; answers to requests without `Origin` skip the lists.

use forum_metrics::config::CorsOrigins;

use crate::helpers::{Spawn, assert_problem, header, spawn_app};

const APP_ORIGIN: &str = "http://localhost:5173";

fn listed(response: &reqwest::Response, name: &str) -> Vec<String> {
    header(response, name).unwrap_or_default().split(',').map(|s| s.trim().to_ascii_lowercase()).collect()
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
        assert_eq!(header(&response, "access-control-allow-origin").as_deref(), Some(origin));
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
    assert_eq!(header(&response, "access-control-allow-origin").as_deref(), Some(APP_ORIGIN));
    let exposed = listed(&response, "access-control-expose-headers");
    for name in ["link", "etag", "x-total-count"] {
        assert!(exposed.contains(&name.to_string()), "{name} not exposed: {exposed:?}");
    }
    assert!(header(&response, "link").is_some() && header(&response, "etag").is_some());
    // A 304 keeps the CORS headers, so a script sees its revalidation succeed.
    let tag = header(&response, "etag").unwrap();
    let response = app.get_with("/api/v1/figures?limit=5", &[("origin", APP_ORIGIN), ("if-none-match", &tag)]).await;
    assert_eq!(response.status(), 304);
    assert_eq!(header(&response, "access-control-allow-origin").as_deref(), Some(APP_ORIGIN));
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
    let app =
        Spawn::default().with(|settings| settings.cors = CorsOrigins::List(vec![APP_ORIGIN.into()])).start().await;
    let preflight =
        [("access-control-request-method", "POST"), ("access-control-request-headers", "authorization, content-type")];
    let response =
        app.request_with("OPTIONS", "/api/v1/figures", &[&[("origin", APP_ORIGIN)], &preflight[..]].concat()).await;
    assert!(response.status().is_success(), "{}", response.status());
    assert_eq!(header(&response, "access-control-allow-origin").as_deref(), Some(APP_ORIGIN));
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
    assert_eq!(header(&response, "access-control-allow-origin").as_deref(), Some(APP_ORIGIN));
}

#[actix_web::test]
async fn answers_to_requests_without_an_origin_carry_no_cors_lists_but_vary_on_origin() {
    let app = spawn_app().await;
    for path in ["/api/v1/figures?limit=5", "/editions/2025", "/healthz", "/api/v1/nowhere"] {
        let plain = app.get(path).await;
        assert_eq!(header(&plain, "access-control-expose-headers"), None, "{path}");
        assert_eq!(header(&plain, "access-control-allow-origin"), None, "{path}");
        let vary = listed(&plain, "vary");
        assert!(vary.contains(&"origin".to_string()), "{path}: {vary:?}");
        assert!(
            !vary.contains(&"access-control-request-method".to_string()),
            "{path}: a preflight's header in the Vary of a GET: {vary:?}"
        );

        let cross = app.get_with(path, &[("origin", APP_ORIGIN)]).await;
        assert_eq!(header(&cross, "access-control-allow-origin").as_deref(), Some(APP_ORIGIN), "{path}");
        assert!(listed(&cross, "access-control-expose-headers").contains(&"etag".to_string()), "{path}");
        assert!(listed(&cross, "vary").contains(&"origin".to_string()), "{path}");
    }
    // A preflight's answer depends on the method and headers it asks about as well.
    let preflight = app
        .request_with("OPTIONS", "/api/v1/figures", &[("origin", APP_ORIGIN), ("access-control-request-method", "GET")])
        .await;
    assert!(preflight.status().is_success());
    let vary = listed(&preflight, "vary");
    for name in ["origin", "access-control-request-method", "access-control-request-headers"] {
        assert!(vary.contains(&name.to_string()), "{name} not in {vary:?}");
    }
}

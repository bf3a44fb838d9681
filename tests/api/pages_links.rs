//! Every internal link two clicks from `/` answers 200.

use std::collections::{BTreeSet, VecDeque};

use crate::helpers::spawn_app;

/// The `href`s of a page we rendered (our templates quote every attribute with `"`), with
/// `&amp;`-style references read back.
fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|href| href.replace("&amp;", "&").replace("&#38;", "&"))
        .collect()
}

#[actix_web::test]
async fn every_internal_link_two_clicks_from_home_answers_200() {
    let app = spawn_app().await;
    let mut seen: BTreeSet<String> = BTreeSet::from(["/".to_string()]);
    let mut queue = VecDeque::from([("/".to_string(), 0)]);
    let mut checked = 0;
    while let Some((path, depth)) = queue.pop_front() {
        let response = app.get(&path).await;
        assert_eq!(response.status(), 200, "{path}");
        checked += 1;
        let html = response.headers().get("content-type").is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
        let body = response.text().await.unwrap();
        if depth == 2 || !html || path.starts_with("/docs") {
            continue;
        }
        for href in links(&body) {
            let Some(internal) = href.strip_prefix('/').map(|_| href.clone()) else {
                continue;
            };
            if internal.starts_with("//") {
                continue;
            }
            // A fragment is a place on a page already checked.
            let target = internal.split('#').next().unwrap().to_string();
            if seen.insert(target.clone()) {
                queue.push_back((target, depth + 1));
            }
        }
    }
    assert!(checked > 60, "only {checked} links");
    for must in [
        "/editions/2025",
        "/metrics/participants",
        "/search",
        "/api/v1/openapi.json",
        "/api/v1/series/participants?format=csv",
    ] {
        assert!(seen.contains(must), "{must}");
    }
    assert!(seen.iter().any(|p| p.starts_with("/sources/")) && seen.iter().any(|p| p.starts_with("/sessions/")));
    assert!(seen.iter().any(|p| p.starts_with("/people/")) && seen.iter().any(|p| p.starts_with("/organizations/")));
    assert!(seen.iter().any(|p| p.starts_with("/agreements/")) && seen.iter().any(|p| p.starts_with("/static/app.")));
}

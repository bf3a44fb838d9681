//! Keyset paging on every collection: `limit`, `cursor`, `next`, `Link`, and stability under inserts.

use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, header, items, spawn_app};

/// What identifies an item of a collection.
fn identity(item: &Value) -> String {
    for name in ["id", "key", "code", "year"] {
        if let Some(value) = item.get(name).filter(|v| !v.is_null()) {
            if name == "key" && item.get("edition").is_some() {
                return format!("{}/{value}", item["edition"]);
            }
            return value.to_string();
        }
    }
    item["metric"]["code"].to_string()
}

async fn identities(app: &TestApp, path: &str, limit: usize) -> Vec<String> {
    let separator = if path.contains('?') { '&' } else { '?' };
    app.walk(&format!("{path}{separator}limit={limit}")).await.iter().map(identity).collect()
}

#[actix_web::test]
async fn small_pages_add_up_to_the_whole_list_in_every_sort() {
    let app = spawn_app().await;
    let paths = [
        "/api/v1/editions",
        "/api/v1/editions?sort=-starts_on",
        "/api/v1/editions?sort=title,number",
        "/api/v1/figures",
        "/api/v1/figures?sort=reported_on",
        "/api/v1/figures?sort=-reported_on,metric",
        "/api/v1/figures?sort=-value",
        "/api/v1/figures?sort=source,-edition",
        "/api/v1/figures?edition=2025&sort=value",
        "/api/v1/metrics?sort=label_ru",
        "/api/v1/sources?sort=publisher",
        "/api/v1/sources?sort=-published_on",
        "/api/v1/organizations?sort=-city",
        "/api/v1/organizations?sort=kind,-name",
        "/api/v1/people?sort=-name",
        "/api/v1/sessions?sort=date",
        "/api/v1/sessions?sort=-edition,title",
        "/api/v1/sessions?sort=starts_at,-key",
        "/api/v1/agreements?sort=-signed_on",
        "/api/v1/agreements?sort=edition,title",
        "/api/v1/editions/2025/tracks",
        "/api/v1/editions/2025/tracks?sort=-title",
        "/api/v1/editions/2025/figures",
    ];
    for path in paths {
        let whole = identities(&app, path, 500).await;
        assert!(whole.len() >= 5, "{path}: {whole:?}");
        let mut distinct = whole.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), whole.len(), "{path} repeats an item");
        for limit in [1, 2, 3] {
            assert_eq!(identities(&app, path, limit).await, whole, "{path} in pages of {limit}");
        }
    }
}

#[actix_web::test]
async fn next_and_link_point_to_the_following_page_until_the_last() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/figures?edition=2024&limit=20").await;
    let link = header(&response, "link").expect("Link on the first page");
    let body: Value = response.json().await.unwrap();
    assert_eq!((body["total"].clone(), body["limit"].clone()), (json!(26), json!(20)));
    let next = body["next"].as_str().unwrap();
    assert_eq!(link, format!("<{next}>; rel=\"next\""));
    assert!(next.starts_with(&app.address) && next.contains("edition=2024") && next.contains("limit=20"), "{next}");
    let response = app.client.get(next).send().await.unwrap();
    assert_eq!(header(&response, "link"), None, "no Link on the last page");
    assert_eq!(header(&response, "x-total-count").as_deref(), Some("26"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(items(&body).len(), 6);
    assert_eq!(body["next"], Value::Null);
}

#[actix_web::test]
async fn limit_defaults_to_50_and_stays_within_1_to_500() {
    let app = spawn_app().await;
    assert_eq!(app.json("/api/v1/figures").await["limit"], 50);
    assert_eq!(items(&app.json("/api/v1/figures?limit=1").await).len(), 1);
    assert_eq!(items(&app.json("/api/v1/figures?limit=500").await).len(), 58);
    for limit in ["0", "501", "-1", "ten", "", "2.5", "all"] {
        let problem =
            assert_problem(app.get(&format!("/api/v1/figures?limit={limit}")).await, 400, "invalid_parameter").await;
        assert!(problem["detail"].as_str().unwrap().contains("limit"), "{limit}: {problem}");
    }
}

#[actix_web::test]
async fn a_cursor_belongs_to_its_sort() {
    let app = spawn_app().await;
    let body = app.json("/api/v1/figures?sort=-value&limit=5").await;
    let next = body["next"].as_str().unwrap();
    let cursor = next.split("cursor=").nth(1).unwrap();
    let problem =
        assert_problem(app.get(&format!("/api/v1/figures?sort=value&cursor={cursor}")).await, 400, "invalid_parameter")
            .await;
    assert!(problem["detail"].as_str().unwrap().contains("sort"), "{problem}");
    assert_problem(app.get(&format!("/api/v1/figures?cursor={cursor}")).await, 400, "invalid_parameter").await;
    for cursor in ["nonsense", "eyJzIjoiaWQifQ", "%%%"] {
        assert_problem(app.get(&format!("/api/v1/figures?cursor={cursor}")).await, 400, "invalid_parameter").await;
    }
    // The same cursor with the same sort goes on.
    let page = app.json(&format!("/api/v1/figures?sort=-value&limit=5&cursor={cursor}")).await;
    assert_eq!(items(&page).len(), 5);
}

fn figure(key: &str, value: i64) -> Value {
    json!({"key": key, "edition": 2025, "metric": "participants", "value": value, "qualifier": "exact",
           "status": "expected", "source": "tass-2025-10-22", "reported_on": "2025-10-22"})
}

/// Reads page 1, inserts rows before and after the cursor, reads the rest.
async fn walk_with_inserts(app: &TestApp, path: &str) -> (Vec<String>, Vec<String>) {
    let before: Vec<String> =
        app.walk(&format!("{path}&limit=500")).await.iter().map(|f| f["key"].to_string()).collect();
    let first = app.json(&format!("{path}&limit=10")).await;
    let mut seen: Vec<String> = items(&first).iter().map(|f| f["key"].to_string()).collect();
    app.import(&json!({"figures": [figure("paging-smallest", 1), figure("paging-largest", 1_000_000)]}));
    let mut next = first["next"].as_str().map(str::to_string);
    while let Some(url) = next {
        let body: Value = app.client.get(&url).send().await.unwrap().json().await.unwrap();
        seen.extend(items(&body).iter().map(|f| f["key"].to_string()));
        next = body["next"].as_str().map(str::to_string);
    }
    (before, seen)
}

#[actix_web::test]
async fn inserting_between_pages_neither_repeats_nor_skips() {
    let app = spawn_app().await;
    // By value: one new row sorts before the cursor (not seen), one after (seen once).
    let (before, seen) = walk_with_inserts(&app, "/api/v1/figures?sort=value").await;
    let mut distinct = seen.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), seen.len(), "a row came twice: {seen:?}");
    for key in &before {
        assert!(seen.contains(key), "{key} was skipped");
    }
    assert!(seen.contains(&"\"paging-largest\"".to_string()));
    assert!(!seen.contains(&"\"paging-smallest\"".to_string()));
    assert_eq!(seen.len(), before.len() + 1);
}

#[actix_web::test]
async fn inserting_between_pages_by_id_appends_at_the_end() {
    let app = spawn_app().await;
    let (before, seen) = walk_with_inserts(&app, "/api/v1/figures?sort=id").await;
    assert_eq!(seen[..before.len()], before[..], "the rows already there keep their order");
    assert_eq!(seen[before.len()..], ["\"paging-smallest\"", "\"paging-largest\""]);
}

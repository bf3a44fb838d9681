//! `/metrics/{code}`: a series across every edition, as a chart and a table, with the same
//! data's CSV and JSON a click away.

use crate::helpers::{html_escaped, items, ru_number, spawn_app};

#[actix_web::test]
async fn the_metric_page_charts_and_tabulates_every_edition() {
    let app = spawn_app().await;
    let body = app.page("/metrics/participants").await;
    let series = app.json("/api/v1/series/participants").await;
    assert!(body.contains(&format!("<h1>{} ", html_escaped(series["metric"]["label_ru"].as_str().unwrap()))));
    assert!(body.contains(&html_escaped(series["metric"]["description"].as_str().unwrap())));
    let points = series["items"].as_array().unwrap();
    // The chart is the one the API draws, inlined.
    let svg = app.text("/api/v1/series/participants?format=svg", &[]).await;
    assert!(body.contains(&svg), "the page inlines /api/v1/series/participants?format=svg");
    assert!(svg.contains("<title id=") && svg.contains(">Участники, 2016–2025</title>"), "{svg}");
    assert!(svg.contains(&format!("<title>2025: более {} человек (ожидаемое); источники расходятся", ru_number(7000))));
    assert_eq!(
        svg.matches("class=\"fm-point\"").count(),
        points.iter().filter(|p| !p["value"].is_null()).count(),
        "a point per edition with a figure, gaps empty: {svg}"
    );
    let table = &body[body.find("<table>").unwrap()..body.find("</table>").unwrap()];
    for p in points {
        assert!(table.contains(&format!("<a href=\"/editions/{0}\">{0}</a>", p["edition"])));
        if let Some(source) = p["source"].as_str() {
            assert!(table.contains(&format!("<a href=\"/sources/{source}\">")), "{source}");
        }
    }
    assert!(table.contains(&format!("<span class=\"number\">{}</span>", ru_number(6000))));
    assert!(table.contains("нет данных"));
    for link in ["/api/v1/series/participants?format=csv", "/api/v1/series/participants\">"] {
        assert!(body.contains(&format!("href=\"{link}")), "{link}");
    }
    assert!(app.text("/api/v1/series/participants?format=csv", &[]).await.starts_with("edition,value"));
}

#[actix_web::test]
async fn every_metric_has_a_page_and_prometheus_keeps_metrics() {
    let app = spawn_app().await;
    for metric in items(&app.json("/api/v1/metrics?limit=500").await) {
        app.page(&format!("/metrics/{}", metric["code"].as_str().unwrap())).await;
    }
    app.error_page("/metrics/no-such-metric", 404).await;
    let prometheus = app.get("/metrics").await;
    assert!(crate::helpers::header(&prometheus, "content-type").unwrap().starts_with("text/plain"));
    let text = prometheus.text().await.unwrap();
    assert!(text.contains("route=\"/metrics/{code}\""), "page routes are labelled by template");
    assert!(!text.contains("route=\"/metrics/participants\""));
}

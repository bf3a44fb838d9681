//! `/series/{metric}` as an SVG chart (`format=svg` or `Accept: image/svg+xml`): the chart the
//! metric page shows, parsed here as XML.

use roxmltree::{Document, Node};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, header, spawn_app};

const SVG: &str = "image/svg+xml; charset=utf-8";
const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// GET expecting 200 SVG; the body.
async fn svg(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> String {
    let response = app.get_with(path, headers).await;
    let status = response.status();
    let content_type = header(&response, "content-type");
    let body = response.text().await.unwrap();
    assert_eq!(status, 200, "GET {path}: {body}");
    assert_eq!(content_type.as_deref(), Some(SVG), "GET {path}");
    body
}

fn has_class(node: &Node, class: &str) -> bool {
    node.attribute("class").is_some_and(|c| c.split_whitespace().any(|c| c == class))
}

fn with_class<'a, 'i>(doc: &'a Document<'i>, class: &str) -> Vec<Node<'a, 'i>> {
    doc.descendants().filter(|n| has_class(n, class)).collect()
}

/// The text of the first child element with this tag.
fn child_text(node: Node, tag: &str) -> String {
    node.children()
        .find(|c| c.has_tag_name(tag))
        .and_then(|c| c.text())
        .unwrap_or_else(|| panic!("no <{tag}>"))
        .to_string()
}

/// Nothing in the chart runs, styles itself inline or links anywhere.
fn assert_inert(doc: &Document) {
    for node in doc.descendants().filter(Node::is_element) {
        let name = node.tag_name().name();
        assert!(!["script", "style", "foreignObject", "a", "image"].contains(&name), "<{name}>");
        for attribute in node.attributes() {
            let attr = attribute.name();
            assert!(attr != "style" && attr != "href" && !attr.starts_with("on"), "<{name} {attr}>");
        }
    }
}

#[actix_web::test]
async fn both_ways_of_asking_answer_the_same_chart_with_an_etag() {
    let app = spawn_app().await;
    let by_format = svg(&app, "/api/v1/series/participants?format=svg", &[]).await;
    let by_accept = svg(&app, "/api/v1/series/participants", &[("accept", "image/svg+xml")]).await;
    assert_eq!(by_format, by_accept);
    for (path, headers) in [
        ("/api/v1/series/participants?format=svg", vec![]),
        ("/api/v1/series/participants", vec![("accept", "image/svg+xml")]),
    ] {
        let response = app.get_with(path, &headers).await;
        let tag = header(&response, "etag").expect("an ETag");
        let mut asked = headers.clone();
        asked.push(("if-none-match", &tag));
        assert_eq!(app.get_with(path, &asked).await.status(), 304, "{path}");
    }
    let json_tag = app.etag("/api/v1/series/participants").await;
    let svg_tag = header(&app.get_with("/api/v1/series/participants", &[("accept", "image/svg+xml")]).await, "etag");
    assert_ne!(Some(json_tag), svg_tag, "the chart is not the JSON");
}

#[actix_web::test]
async fn the_chart_draws_every_edition_its_gaps_statuses_and_spreads() {
    let app = spawn_app().await;
    let series = app.json("/api/v1/series/participants").await;
    let points = series["items"].as_array().unwrap();
    let text = svg(&app, "/api/v1/series/participants?format=svg", &[]).await;
    let doc = Document::parse(&text).expect("the chart is XML");
    let root = doc.root_element();
    assert_eq!((root.tag_name().name(), root.tag_name().namespace()), ("svg", Some(SVG_NS)));
    assert_eq!(root.attribute("viewBox"), Some("0 0 720 360"));
    assert_eq!((root.attribute("width"), root.attribute("height")), (Some("720"), Some("360")));
    let (first, last) = (&points[0]["edition"], &points[points.len() - 1]["edition"]);
    assert_eq!(child_text(root, "title"), format!("Участники, {first}–{last}"));
    assert_eq!(child_text(root, "title"), "Участники, 2016–2025");
    let desc = child_text(root, "desc");
    assert!(desc.contains("«Участники»") && desc.contains("пропуском"), "{desc}");
    assert_inert(&doc);

    let drawn: Vec<&Value> = points.iter().filter(|p| !p["value"].is_null()).collect();
    let marks = with_class(&doc, "fm-point");
    assert_eq!(marks.len(), drawn.len(), "one point per edition with a value");
    assert_eq!(with_class(&doc, "fm-gap").len(), points.len() - drawn.len(), "gaps left as gaps");
    assert_eq!(drawn.len(), 2);
    for (mark, point) in marks.iter().zip(&drawn) {
        let tip = child_text(*mark, "title");
        assert!(tip.starts_with(&format!("{}: ", point["edition"])), "{tip}");
        let marker = mark.descendants().find(|n| has_class(n, "fm-marker")).unwrap();
        let status = point["status"].as_str().unwrap();
        assert!(has_class(&marker, &format!("fm-{status}")), "{status}: {:?}", marker.attribute("class"));
        let spread = mark.descendants().any(|n| has_class(&n, "fm-spread"));
        assert_eq!(spread, point["disputed"] == true, "{tip}");
    }
    // 2024: actual, agreed; 2025: expected, «около 6 000» against «более 7 000».
    let (m2024, m2025) = (marks[0], marks[1]);
    let marker =
        |m: Node| m.descendants().find(|n| has_class(n, "fm-marker")).unwrap().attribute("fill").unwrap().to_string();
    assert_ne!(marker(m2024), marker(m2025), "expected and actual are filled differently");
    assert!(child_text(m2024, "title").contains("(фактическое)"));
    let tip = child_text(m2025, "title");
    assert!(tip.contains("(ожидаемое)") && tip.contains("источники расходятся: 6\u{a0}000–7\u{a0}000"), "{tip}");

    let years: Vec<&str> = with_class(&doc, "fm-year").iter().map(|n| n.text().unwrap()).collect();
    let editions: Vec<String> = points.iter().map(|p| p["edition"].to_string()).collect();
    assert_eq!(years, editions);
    assert_eq!(svg(&app, "/api/v1/series/participants?format=svg", &[]).await, text, "the same bytes again");
}

#[actix_web::test]
async fn width_and_height_size_the_chart_within_limits() {
    let app = spawn_app().await;
    let text = svg(&app, "/api/v1/series/participants?format=svg&width=400&height=200", &[]).await;
    let doc = Document::parse(&text).unwrap();
    let root = doc.root_element();
    assert_eq!(root.attribute("viewBox"), Some("0 0 400 200"));
    assert_eq!((root.attribute("width"), root.attribute("height")), (Some("400"), Some("200")));
    assert_eq!(with_class(&doc, "fm-year").len(), 7);

    // Narrow: every other edition is labelled, from the first.
    let text = svg(&app, "/api/v1/series/participants?format=svg&width=200&height=120", &[]).await;
    let doc = Document::parse(&text).unwrap();
    let years: Vec<&str> = with_class(&doc, "fm-year").iter().map(|n| n.text().unwrap()).collect();
    assert_eq!(years, ["2016", "2019", "2022", "2025"]);
    assert_eq!(with_class(&doc, "fm-point").len(), 2, "every value is still drawn");
    let wide = svg(&app, "/api/v1/series/participants?width=2000&height=1200", &[("accept", "image/svg+xml")]).await;
    assert!(wide.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 2000 1200\""), "{wide}");

    for query in ["width=100", "width=2001", "height=5000", "height=119", "width=abc", "width=-400"] {
        let path = format!("/api/v1/series/participants?format=svg&{query}");
        assert_problem(app.get(&path).await, 400, "invalid_parameter").await;
    }
    for (path, accept) in [
        ("/api/v1/series/participants?width=400", None),
        ("/api/v1/series/participants?format=csv&height=200", None),
        ("/api/v1/series/participants?width=400", Some("text/csv")),
    ] {
        let headers: Vec<(&str, &str)> = accept.map(|a| ("accept", a)).into_iter().collect();
        let problem = assert_problem(app.get_with(path, &headers).await, 400, "invalid_parameter").await;
        assert!(problem["detail"].as_str().unwrap().contains("svg"), "{problem}");
    }
}

#[actix_web::test]
async fn what_the_chart_is_not_for_is_refused_as_problem_json() {
    let app = spawn_app().await;
    assert_problem(app.get("/api/v1/compare?editions=2024,2025&format=svg").await, 400, "invalid_parameter").await;
    assert_problem(app.get("/api/v1/series/nope?format=svg").await, 404, "not_found").await;
    let accept = [("accept", "image/svg+xml")];
    assert_problem(app.get_with("/api/v1/series/nope", &accept).await, 404, "not_found").await;
    assert_problem(app.get_with("/api/v1/series/participants?resolve=all", &accept).await, 400, "invalid_parameter")
        .await;
    assert_problem(app.get("/api/v1/editions/2025/figures?format=svg").await, 400, "invalid_parameter").await;
    // Compare does not draw: asked for SVG by Accept, it answers its JSON.
    let response = app.get_with("/api/v1/compare?editions=2024,2025", &accept).await;
    assert_eq!(header(&response, "content-type").as_deref(), Some("application/json"));
}

#[actix_web::test]
async fn labels_from_the_data_are_escaped() {
    let app = spawn_app().await;
    let label = "<script>alert(1)</script> & «Гости»";
    app.import(&json!({
        "metrics": [{"code": "hostile", "label_ru": label, "label_en": "Hostile", "unit": "<b>", "description": "x"}],
        "figures": [{"edition": 2025, "metric": "hostile", "value": 5, "qualifier": "exact", "status": "actual",
                     "source": "tass-2025-10-22", "reported_on": "2025-11-28"}]
    }));
    let text = svg(&app, "/api/v1/series/hostile?format=svg", &[]).await;
    assert!(!text.contains("<script") && !text.contains("<b>"), "{text}");
    assert!(text.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; «Гости»"), "{text}");
    let doc = Document::parse(&text).expect("still XML");
    assert_eq!(child_text(doc.root_element(), "title"), format!("{label}, 2016–2025"));
    assert_inert(&doc);
}

#[actix_web::test]
async fn the_chart_follows_as_of_and_draws_a_range() {
    let app = spawn_app().await;
    let text = svg(&app, "/api/v1/series/participants?format=svg&as_of=2025-01-01", &[]).await;
    let doc = Document::parse(&text).unwrap();
    let desc = child_text(doc.root_element(), "desc");
    assert!(desc.contains("по 01.01.2025 включительно"), "{desc}");
    assert_eq!(with_class(&doc, "fm-point").len(), 1, "2025 had nothing by then");
    let tip = child_text(with_class(&doc, "fm-point")[0], "title");
    assert!(tip.starts_with("2024: более 6\u{a0}000"), "{tip}");

    app.import(&json!({
        "sources": [{"key": "range-2026", "title": "Итоги 2026", "publisher": "Тест", "published_on": "2026-11-28"}],
        "editions": [{"year": 2026, "title": "Города России 2026", "city": "Екатеринбург", "format": "in_person"}],
        "figures": [{"edition": 2026, "metric": "participants", "value": 9000, "value_from": 8000, "qualifier": "range",
                     "status": "actual", "source": "range-2026", "reported_on": "2026-11-28"}]
    }));
    let text = svg(&app, "/api/v1/series/participants?format=svg&from=2024", &[]).await;
    let doc = Document::parse(&text).unwrap();
    let ranges = with_class(&doc, "fm-range");
    assert_eq!(ranges.len(), 1, "{text}");
    let last = *with_class(&doc, "fm-point").last().unwrap();
    assert!(last.descendants().any(|n| has_class(&n, "fm-range")));
    let tip = child_text(last, "title");
    assert!(tip.contains("от 8\u{a0}000 до 9\u{a0}000") && tip.contains("(фактическое)"), "{tip}");
    assert!(text.contains("диапазон значения"), "the legend names the range");
    let nothing = svg(&app, "/api/v1/series/participants?format=svg&from=2016&to=2017", &[]).await;
    assert!(nothing.contains("Нет данных") && !nothing.contains("fm-point"), "{nothing}");
}

#[actix_web::test]
async fn the_openapi_document_offers_the_chart() {
    let app = spawn_app().await;
    let doc = app.json("/api/v1/openapi.json").await;
    let operation = &doc["paths"]["/api/v1/series/{metric}"]["get"];
    let content = operation["responses"]["200"]["content"].as_object().unwrap();
    assert!(content.contains_key("image/svg+xml"), "{content:?}");
    let parameters = operation["parameters"].as_array().unwrap();
    let named = |name: &str| parameters.iter().find(|p| p["name"] == name).cloned().unwrap_or(Value::Null);
    assert_eq!(
        (named("width")["schema"]["minimum"].clone(), named("width")["schema"]["maximum"].clone()),
        (json!(200), json!(2000))
    );
    assert_eq!(
        (named("height")["schema"]["minimum"].clone(), named("height")["schema"]["maximum"].clone()),
        (json!(120), json!(1200))
    );
    let format = named("format")["schema"]["$ref"].as_str().unwrap().rsplit('/').next().unwrap().to_string();
    assert!(doc["components"]["schemas"][&format]["enum"].as_array().unwrap().contains(&json!("svg")));
}

//! Every value the OpenAPI document offers for a query parameter is one the service accepts:
//! each enum value, both booleans and each branch of `limit`, asked of the running service.

use serde_json::Value;

use crate::helpers::spawn_app;

/// What the representation values of `format=` answer with.
const MEDIA: &[(&str, &str)] = &[
    ("json", "application/json"),
    ("csv", "text/csv"),
    ("ndjson", "application/x-ndjson"),
    ("svg", "image/svg+xml"),
    ("csl", "application/vnd.citationstyles.csl+json"),
    ("bibtex", "application/x-bibtex"),
    ("citation", "text/x-bibliography"),
];

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(reference) => {
            let name = reference.strip_prefix("#/components/schemas/").expect("a schema reference");
            &doc["components"]["schemas"][name]
        }
        None => schema,
    }
}

/// The values a client generator would let a caller send for this schema.
fn documented_values(doc: &Value, schema: &Value) -> Vec<String> {
    let schema = resolve(doc, schema);
    if let Some(branches) = schema["oneOf"].as_array() {
        return branches.iter().flat_map(|branch| documented_values(doc, branch)).collect();
    }
    if let Some(values) = schema["enum"].as_array() {
        return values.iter().map(|v| v.as_str().expect("string enums").to_string()).collect();
    }
    match schema["type"].as_str() {
        Some("boolean") => vec!["true".into(), "false".into()],
        // A bounded integer (`limit`, a chart's `width`) is asked at both bounds.
        Some("integer") if schema.get("maximum").is_some() => ["minimum", "maximum"]
            .iter()
            .map(|bound| schema[*bound].as_i64().expect("both bounds").to_string())
            .collect(),
        _ => Vec::new(),
    }
}

/// The requests to make: `(path with query, the format value when it picks a representation)`.
fn requests(doc: &Value) -> Vec<(String, Option<&'static str>)> {
    let mut out = Vec::new();
    for (template, item) in doc["paths"].as_object().unwrap() {
        let Some(operation) = item.get("get") else { continue };
        let parameters = operation["parameters"].as_array().cloned().unwrap_or_default();
        let mut path = template.clone();
        for parameter in parameters.iter().filter(|p| p["in"] == "path") {
            let example = &parameter["example"];
            let value = example.as_str().map(str::to_string).unwrap_or_else(|| example.to_string());
            assert!(!example.is_null(), "{template}: path parameter {} has no example", parameter["name"]);
            path = path.replace(&format!("{{{}}}", parameter["name"].as_str().unwrap()), &value);
        }
        let offers_csv = parameters
            .iter()
            .any(|p| p["name"] == "format" && documented_values(doc, &p["schema"]).iter().any(|v| v == "csv"));
        // Required parameters (`editions` on `/compare`) go with every request, as their example.
        let required: String = parameters
            .iter()
            .filter(|p| p["in"] == "query" && p["required"] == true)
            .map(|p| {
                let example = p["example"].as_str().expect("a required parameter has an example");
                format!("&{}={example}", p["name"].as_str().unwrap())
            })
            .collect();
        for parameter in parameters.iter().filter(|p| p["in"] == "query") {
            let name = parameter["name"].as_str().unwrap();
            for value in documented_values(doc, &parameter["schema"]) {
                // `limit=all` is documented for CSV and NDJSON, which the same operation offers;
                // `width` and `height` size the SVG chart.
                let companion = match name {
                    "limit" if value == "all" => {
                        assert!(offers_csv, "{template}: limit=all without a format that takes it");
                        "&format=csv"
                    }
                    "width" | "height" => "&format=svg",
                    _ => "",
                };
                let query = format!("{name}={value}{companion}{required}");
                let media = (name == "format")
                    .then(|| MEDIA.iter().find(|(format, _)| *format == value).map(|(_, media)| *media))
                    .flatten();
                out.push((format!("{path}?{query}"), media));
            }
        }
    }
    out
}

#[actix_web::test]
async fn every_documented_query_value_is_accepted() {
    let app = spawn_app().await;
    let doc = app.json("/api/v1/openapi.json").await;
    let requests = requests(&doc);
    // Enough to know the walk found the enums: formats, statuses, qualifiers, kinds, limits, booleans.
    assert!(requests.len() > 100, "only {} documented values found", requests.len());
    let mut refused = Vec::new();
    for (path, media) in &requests {
        let response = app.get(path).await;
        let status = response.status().as_u16();
        let content_type = response.headers()["content-type"].to_str().unwrap().to_string();
        if status != 200 {
            refused.push(format!("{path} → {status}: {}", response.text().await.unwrap()));
            continue;
        }
        if let Some(media) = media {
            assert!(content_type.starts_with(media), "{path} answered {content_type}, not {media}");
        }
    }
    assert!(refused.is_empty(), "documented values the service refuses:\n{}", refused.join("\n"));
}

#[actix_web::test]
async fn a_value_outside_a_documented_enum_is_refused_with_the_values_named() {
    let app = spawn_app().await;
    for (path, allowed) in [
        ("/api/v1/figures?qualifier=roughly", "range"),
        ("/api/v1/editions/2025/summary?resolve=all", "headline"),
        ("/api/v1/series/participants?format=png", "svg"),
        ("/api/v1/sources/tass-2025-10-22?format=ris", "bibtex"),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 400, "{path}");
        assert_eq!(response.headers()["content-type"], "application/problem+json", "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], "invalid_parameter", "{path}: {body}");
        let detail = body["detail"].as_str().unwrap_or_default();
        assert!(detail.contains(allowed), "{path}: the problem names the accepted values: {detail}");
    }
}

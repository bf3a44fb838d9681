//! Assertions on answers, and readers of their bodies (JSON envelopes, CSV).

use serde_json::Value;

pub const PROBLEM_JSON: &str = "application/problem+json";

pub const HTML: &str = "text/html; charset=utf-8";

/// The headers every page, error pages included, carries.
pub fn assert_page_headers(response: &reqwest::Response, path: &str) {
    assert_eq!(header(response, "content-type").as_deref(), Some(HTML), "{path}");
    // Scripts, styles and images fall back to default-src: only the page's own files, nothing
    // inline, no data: URL.
    assert_eq!(
        header(response, "content-security-policy").as_deref(),
        Some("default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"),
        "{path}"
    );
    assert_eq!(header(response, "x-content-type-options").as_deref(), Some("nosniff"), "{path}");
    assert_eq!(header(response, "referrer-policy").as_deref(), Some("strict-origin-when-cross-origin"), "{path}");
}

/// Text as the pages' templates escape it (askama: `&<>\"'` as numeric references).
pub fn html_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&#38;"),
            '<' => out.push_str("&#60;"),
            '>' => out.push_str("&#62;"),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A number as the pages write it: `7000` → «7 000» with a no-break space.
pub fn ru_number(value: i64) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(d);
    }
    out
}

/// Asserts an RFC 9457 answer with this status and code; returns its body.
pub async fn assert_problem(response: reqwest::Response, status: u16, code: &str) -> Value {
    let actual = response.status().as_u16();
    let content_type =
        response.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let body = response.text().await.unwrap();
    assert_eq!(actual, status, "expected {status} {code}, got {actual}: {body}");
    assert!(content_type.starts_with(PROBLEM_JSON), "content type {content_type:?} for {body}");
    let problem: Value = serde_json::from_str(&body).expect("a problem is JSON");
    assert_eq!(problem["code"], code, "{problem}");
    assert_eq!(problem["status"], status, "{problem}");
    assert!(problem["title"].is_string() && problem["detail"].is_string() && problem["type"].is_string(), "{problem}");
    problem
}

/// The items of a collection answer, after checking the envelope.
pub fn items(body: &Value) -> &Vec<Value> {
    assert!(body["total"].is_i64() && body["limit"].is_i64() && body.get("next").is_some(), "not an envelope: {body}");
    body["items"].as_array().expect("items is a list")
}

/// A response header as text.
pub fn header(response: &reqwest::Response, name: &str) -> Option<String> {
    response.headers().get(name).map(|v| v.to_str().expect("a text header").to_string())
}

/// Asserts a JSON answer with this status; returns its body.
pub async fn expect_json(response: reqwest::Response, status: u16) -> Value {
    let actual = response.status().as_u16();
    let url = response.url().path().to_string();
    let body = response.text().await.unwrap();
    assert_eq!(actual, status, "{url} answered {actual}, not {status}: {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{url} did not answer JSON ({e}): {body}"))
}

/// CSV records, header first; every record must end in CRLF (RFC 4180).
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    reader.records().map(|r| r.expect("valid CSV").iter().map(str::to_string).collect()).collect()
}

/// The values of one field of each item, as text (numbers printed).
pub fn field(items: &[Value], name: &str) -> Vec<String> {
    items
        .iter()
        .map(|i| match &i[name] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect()
}

/// The column of a CSV table, by header name.
pub fn column(table: &[Vec<String>], name: &str) -> Vec<String> {
    let index = table[0].iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name} in {:?}", table[0]));
    table[1..].iter().map(|row| row[index].clone()).collect()
}

//! Compression by `Accept-Encoding`: brotli or gzip on every answer worth it, decoded to the
//! same bytes; each encoding its own ETag and 304; cached answers keep their compressed bytes.

use std::io::Read;

use serde_json::{Value, json};

use crate::helpers::{header, spawn_app};

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).expect("valid gzip");
    out
}

type Decoder = fn(&[u8]) -> Vec<u8>;

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::BrotliDecompress(&mut &bytes[..], &mut out).expect("valid brotli");
    out
}

/// GET with `Accept-Encoding`: the status, the headers that matter here, and the raw bytes.
async fn fetch(app: &crate::helpers::TestApp, path: &str, headers: &[(&str, &str)]) -> (u16, Answer) {
    let response = app.get_with(path, headers).await;
    let status = response.status().as_u16();
    let answer = Answer {
        encoding: header(&response, "content-encoding"),
        etag: header(&response, "etag"),
        vary: header(&response, "vary").unwrap_or_default(),
        content_type: header(&response, "content-type"),
        body: response.bytes().await.unwrap().to_vec(),
    };
    (status, answer)
}

struct Answer {
    encoding: Option<String>,
    etag: Option<String>,
    vary: String,
    content_type: Option<String>,
    body: Vec<u8>,
}

#[actix_web::test]
async fn json_in_gzip_and_brotli_decodes_to_the_same_answer_with_its_own_tag() {
    let app = spawn_app().await;
    let path = "/api/v1/figures?limit=500";
    let (_, plain) = fetch(&app, path, &[]).await;
    assert_eq!(plain.encoding, None, "nothing compressed unless asked");
    assert!(plain.vary.contains("Accept-Encoding"), "{}", plain.vary);
    let (status, gzip) = fetch(&app, path, &[("accept-encoding", "gzip")]).await;
    assert_eq!(status, 200);
    assert_eq!(gzip.encoding.as_deref(), Some("gzip"));
    assert_eq!(gunzip(&gzip.body), plain.body);
    // A browser's header: brotli, the smaller.
    let (_, br) = fetch(&app, path, &[("accept-encoding", "gzip, deflate, br, zstd")]).await;
    assert_eq!(br.encoding.as_deref(), Some("br"));
    assert_eq!(unbrotli(&br.body), plain.body);
    assert!(br.body.len() * 4 < plain.body.len(), "{} bytes compressed from {}", br.body.len(), plain.body.len());
    let tags = [plain.etag.unwrap(), gzip.etag.unwrap(), br.etag.unwrap()];
    assert!(tags[1].ends_with("-gzip\"") && tags[2].ends_with("-br\""), "{tags:?}");
    assert_ne!(tags[0], tags[1]);
    assert_eq!(gzip.content_type, plain.content_type);
    // Each tag revalidates its own encoding only.
    let (status, _) = fetch(&app, path, &[("accept-encoding", "gzip"), ("if-none-match", &tags[1])]).await;
    assert_eq!(status, 304);
    let (status, again) = fetch(&app, path, &[("accept-encoding", "br"), ("if-none-match", &tags[1])]).await;
    assert_eq!(status, 200, "the gzip tag does not name the brotli bytes");
    assert_eq!(again.body, br.body, "a repeated read sends the bytes made the first time");
    let (status, _) = fetch(&app, path, &[("if-none-match", &tags[0])]).await;
    assert_eq!(status, 304);
}

#[actix_web::test]
async fn a_wildcard_accepts_the_codings_it_does_not_name() {
    let app = spawn_app().await;
    let path = "/api/v1/figures?limit=500";
    let (_, plain) = fetch(&app, path, &[]).await;
    let (status, any) = fetch(&app, path, &[("accept-encoding", "*")]).await;
    assert_eq!(status, 200);
    assert_eq!(any.encoding.as_deref(), Some("br"), "`*` accepts brotli");
    assert_eq!(unbrotli(&any.body), plain.body);
    assert!(any.etag.unwrap().ends_with("-br\""));
    let (_, not_br) = fetch(&app, path, &[("accept-encoding", "br;q=0, *")]).await;
    assert_eq!(not_br.encoding.as_deref(), Some("gzip"), "every coding but the one refused");
    assert_eq!(gunzip(&not_br.body), plain.body);
    let (_, none) = fetch(&app, path, &[("accept-encoding", "*;q=0")]).await;
    assert_eq!(none.encoding, None);
    assert_eq!(none.body, plain.body);
}

#[actix_web::test]
async fn a_tag_read_compressed_is_good_for_if_match() {
    let app = spawn_app().await;
    let token = app.writer();
    let (_, read) = fetch(&app, "/api/v1/metrics/participants", &[("accept-encoding", "gzip")]).await;
    let tag = read.etag.unwrap();
    assert!(tag.ends_with("-gzip\""), "{tag}");
    let response = app
        .request(reqwest::Method::PATCH, "/api/v1/metrics/participants")
        .bearer_auth(&token)
        .header("if-match", &tag)
        .header("content-type", "application/merge-patch+json")
        .body(json!({"label_en": "Attendees"}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
}

#[actix_web::test]
async fn csv_pages_svg_and_citations_are_compressed_too() {
    let app = spawn_app().await;
    for (path, accept, media) in [
        ("/api/v1/figures?format=csv", "*/*", "text/csv"),
        ("/api/v1/editions/2025/figures", "application/x-ndjson", "application/x-ndjson"),
        ("/editions/2025", "text/html", "text/html"),
        ("/api/v1/series/participants?format=svg", "*/*", "image/svg+xml"),
        ("/api/v1/sources?format=bibtex", "*/*", "application/x-bibtex"),
    ] {
        let (_, plain) = fetch(&app, path, &[("accept", accept)]).await;
        let (status, br) = fetch(&app, path, &[("accept", accept), ("accept-encoding", "br")]).await;
        assert_eq!(status, 200, "{path}");
        assert!(br.content_type.as_deref().unwrap().starts_with(media), "{path}: {:?}", br.content_type);
        assert_eq!(br.encoding.as_deref(), Some("br"), "{path}");
        assert_eq!(unbrotli(&br.body), plain.body, "{path}");
    }
}

#[actix_web::test]
async fn small_answers_and_errors_go_as_they_are() {
    let app = spawn_app().await;
    let (_, small) = fetch(&app, "/api/v1/metrics/participants", &[("accept-encoding", "br")]).await;
    assert!(small.body.len() < 1024);
    assert_eq!(small.encoding, None, "too small to gain");
    let body: Value = serde_json::from_slice(&small.body).unwrap();
    assert_eq!(body["code"], "participants");
    let (status, missing) = fetch(&app, "/api/v1/editions/1999", &[("accept-encoding", "gzip")]).await;
    assert_eq!(status, 404);
    assert_eq!(missing.encoding, None);
    let (_, health) = fetch(&app, "/healthz", &[("accept-encoding", "br")]).await;
    assert_eq!(health.encoding, None);
    let (_, none) = fetch(&app, "/api/v1/figures?limit=500", &[("accept-encoding", "br;q=0, gzip;q=0")]).await;
    assert_eq!(none.encoding, None, "q=0 refuses an encoding");
}

#[actix_web::test]
async fn a_stream_of_every_row_is_compressed_as_it_goes() {
    let app = spawn_app().await;
    let figures: Vec<Value> = (0..6_000)
        .map(|i| {
            json!({"key": format!("bulk-{i:04}"), "edition": 2022, "metric": "participants", "value": 1_000 + i,
                   "qualifier": "exact", "status": "expected", "source": "ural-news-2022-09-20"})
        })
        .collect();
    app.import(&json!({ "figures": figures }));
    let (_, plain) = fetch(&app, "/api/v1/figures?format=ndjson", &[]).await;
    let streamed = app.get_with("/api/v1/figures?format=ndjson", &[("accept-encoding", "gzip")]).await;
    let varies: Vec<_> = streamed.headers().get_all("vary").iter().collect();
    assert_eq!(varies.len(), 1, "one Vary: {varies:?}");
    assert!(varies[0].to_str().unwrap().contains("Accept-Encoding"), "{varies:?}");
    let (status, gzip) = fetch(&app, "/api/v1/figures?format=ndjson", &[("accept-encoding", "gzip")]).await;
    assert_eq!(status, 200);
    assert_eq!(gzip.encoding.as_deref(), Some("gzip"));
    assert!(gzip.etag.as_deref().unwrap().ends_with("-gzip\""));
    let decoded = gunzip(&gzip.body);
    assert_eq!(decoded.split(|b| *b == b'\n').filter(|l| !l.is_empty()).count(), 6_058);
    assert_eq!(decoded, plain.body);
}

#[actix_web::test]
async fn error_pages_are_compressed_at_once_with_their_length() {
    let app = spawn_app().await;
    let path = "/no-such-page";
    let (status, plain) = fetch(&app, path, &[]).await;
    assert_eq!(status, 404);
    assert!(plain.body.len() >= 1024, "{} bytes: worth compressing", plain.body.len());
    for (asked, decode) in [("br", unbrotli as Decoder), ("gzip", gunzip)] {
        let response = app.get_with(path, &[("accept-encoding", asked)]).await;
        assert_eq!(response.status(), 404);
        assert_eq!(header(&response, "content-encoding").as_deref(), Some(asked));
        assert!(header(&response, "vary").unwrap().contains("Accept-Encoding"));
        // Sized, not chunked: the whole body was compressed before it was sent.
        let length: usize = header(&response, "content-length").unwrap().parse().unwrap();
        let body = response.bytes().await.unwrap();
        assert_eq!(length, body.len(), "{asked}");
        assert!(body.len() < plain.body.len(), "{asked}");
        assert_eq!(decode(&body), plain.body, "{asked}");
    }
}

#[actix_web::test]
async fn the_stylesheet_keeps_its_compressed_bytes() {
    let app = spawn_app().await;
    let home = app.page("/").await;
    let find = |prefix: &str| home[home.find(prefix).unwrap()..].split('"').next().unwrap().to_string();
    let (stylesheet, icon) = (find("/static/app."), find("/static/icon."));
    let (_, plain) = fetch(&app, &stylesheet, &[]).await;
    assert_eq!(plain.encoding, None);
    assert!(plain.vary.contains("Accept-Encoding"), "{}", plain.vary);
    let (status, br) = fetch(&app, &stylesheet, &[("accept-encoding", "gzip, deflate, br, zstd")]).await;
    assert_eq!(status, 200);
    assert_eq!(br.encoding.as_deref(), Some("br"));
    assert_eq!(br.content_type.as_deref(), Some("text/css; charset=utf-8"));
    assert_eq!(unbrotli(&br.body), plain.body);
    assert!(br.body.len() * 3 < plain.body.len(), "{} of {}", br.body.len(), plain.body.len());
    let (_, gzip) = fetch(&app, &stylesheet, &[("accept-encoding", "gzip")]).await;
    assert_eq!(gzip.encoding.as_deref(), Some("gzip"));
    assert_eq!(gunzip(&gzip.body), plain.body);
    let (status, small) = fetch(&app, &icon, &[("accept-encoding", "br")]).await;
    assert_eq!(status, 200);
    assert!(small.body.len() < 1024);
    assert_eq!(small.encoding, None, "too small to gain");
}

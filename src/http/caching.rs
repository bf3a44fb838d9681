//! HTTP caching. A GET's strong ETag is derived from the data version (which every committed
//! write moves, in the database, so every instance agrees), the request target, the
//! representation and the content encoding: `If-None-Match` is answered with 304 before any
//! handler runs. Recent answers are kept with their compressed bytes, made once
//! (`http::response_cache`).

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use actix_web::body::{BodySize, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse};

use crate::error::ApiError;
use crate::http::State;
use crate::http::encoding::Encoding;
use crate::http::params::{Representation, canonical_query};
use crate::http::response_cache::{Cached, KEPT_HEADERS, MAX_ENTRY, cache_key};

/// The ETag of a GET of `path?query` in `representation` at data `version`.
pub fn etag(version: i64, path: &str, query: &str, representation: Representation) -> String {
    let mut hasher = DefaultHasher::new();
    // A new build may render the same data differently (build.rs fingerprints the sources).
    env!("FORUM_METRICS_BUILD").hash(&mut hasher);
    path.hash(&mut hasher);
    canonical_query(query).hash(&mut hasher);
    representation.name().hash(&mut hasher);
    day_of(representation).hash(&mut hasher);
    format!("\"v{version}-{:016x}\"", hasher.finish())
}

/// A citation gives the day it was asked for as the day the source was accessed, so it is
/// another representation each day.
pub(super) fn day_of(representation: Representation) -> Option<chrono::NaiveDate> {
    crate::http::citations::is_citation(representation).then(crate::http::citations::today)
}

/// The tag of the same representation in `encoding`: each encoding's bytes are a
/// representation of their own, so each has its own strong tag.
pub fn encoded(tag: &str, encoding: Encoding) -> String {
    match tag.strip_suffix('"') {
        Some(open) if encoding != Encoding::Identity => format!("{open}{}\"", encoding.tag_suffix()),
        _ => tag.to_string(),
    }
}

fn tags(value: &HeaderValue) -> Vec<String> {
    value
        .to_str()
        .unwrap_or("")
        .split(',')
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

/// What `If-None-Match` asks.
#[derive(Debug, PartialEq, Eq)]
enum NoneMatch {
    /// No header, or no listed tag is current.
    No,
    /// A listed tag is the current one (weak comparison).
    Tag,
    /// `*`: any current representation; only the handler knows whether there is one.
    Any,
}

fn none_match(req: &HttpRequest, tag: &str) -> NoneMatch {
    let Some(value) = req.headers().get(header::IF_NONE_MATCH) else {
        return NoneMatch::No;
    };
    let listed = tags(value);
    if listed.iter().any(|t| t.trim_start_matches("W/") == tag) {
        NoneMatch::Tag
    } else if listed.iter().any(|t| t == "*") {
        NoneMatch::Any
    } else {
        NoneMatch::No
    }
}

/// What a GET's answer depends on besides its target: the API negotiates its representation
/// by `Accept`; a page is HTML whatever `Accept` says, so its copies vary by encoding alone (a
/// shared cache would otherwise keep one per browser's `Accept`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Negotiated {
    RepresentationAndEncoding,
    Encoding,
}

impl Negotiated {
    fn of(path: &str) -> Self {
        if path.starts_with("/api/") {
            Negotiated::RepresentationAndEncoding
        } else {
            Negotiated::Encoding
        }
    }

    /// The representation asked for: a page has one, whatever the request says.
    fn representation(self, req: &HttpRequest) -> Representation {
        match self {
            Negotiated::RepresentationAndEncoding => Representation::requested(req),
            Negotiated::Encoding => Representation::Json,
        }
    }

    fn vary(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            Negotiated::RepresentationAndEncoding => "Accept, Accept-Encoding",
            Negotiated::Encoding => "Accept-Encoding",
        })
    }
}

fn not_modified(tag: &str, control: &'static str, negotiated: Negotiated) -> HttpResponse {
    HttpResponse::build(StatusCode::NOT_MODIFIED)
        .insert_header((header::ETAG, tag.to_string()))
        .insert_header((header::CACHE_CONTROL, control))
        .insert_header((header::VARY, negotiated.vary()))
        .finish()
}

/// Refuses a write whose `If-Match` names another version of the resource at `path`.
pub fn check_if_match(if_match: Option<&str>, version: i64, path: &str) -> Result<(), ApiError> {
    let Some(value) = if_match else { return Ok(()) };
    let current = etag(version, path, "", Representation::Json);
    let listed: Vec<String> = value
        .split(',')
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    // Strong comparison: a weak tag never matches. A tag read compressed names the same
    // resource as it is now.
    let current_in = |encoding| encoded(&current, encoding);
    let matches = |t: &String| {
        [Encoding::Identity, Encoding::Gzip, Encoding::Brotli]
            .into_iter()
            .any(|e| *t == current_in(e))
    };
    if listed.iter().any(|t| t == "*" || matches(t)) {
        Ok(())
    } else {
        Err(ApiError::PreconditionFailed(format!(
            "If-Match names {}, but {path} is now {current}; read it again and retry",
            listed.join(", ")
        )))
    }
}

/// Whether shared caches may keep the answer: not when reads need a token.
fn cache_control(state: &State, path: &str) -> &'static str {
    if state.settings.reads_require_token {
        "private, no-cache"
    } else if path.ends_with("/openapi.json") {
        "public, max-age=60, must-revalidate"
    } else {
        // Stored, but revalidated each time: a 304 costs one small query.
        "public, no-cache"
    }
}

/// Whether a GET of `path` answers data the data version stamps. Tokens are not data: a new or
/// revoked token moves no data version, and the list (for admins only) must never be stored
/// by a shared cache nor answered 304 before the handler has checked the token.
fn versioned(path: &str) -> bool {
    !(path == "/api/v1/tokens" || path.starts_with("/api/v1/tokens/"))
}

pub async fn conditional_get(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if req.method() != Method::GET || !versioned(req.path()) {
        return next.call(req).await.map(ServiceResponse::map_into_boxed_body);
    }
    let Some(state) = req.app_data::<State>().cloned() else {
        return next.call(req).await.map(ServiceResponse::map_into_boxed_body);
    };
    let version = match state.db.version().await {
        Ok(version) => version,
        Err(error) => return Ok(req.error_response(error)),
    };
    let negotiated = Negotiated::of(req.path());
    let representation = negotiated.representation(req.request());
    let encoding = Encoding::negotiate(req.headers());
    let control = cache_control(&state, req.path());
    let key = cache_key(&req, representation);
    // A kept answer knows its tag: the hash is not made again for every read.
    if let Some(cached) = state.responses.get(version, &key) {
        let tag = cached.tag(encoding);
        let asked = none_match(req.request(), tag);
        if asked == NoneMatch::Tag {
            return Ok(req.into_response(not_modified(tag, control, negotiated)));
        }
        return Ok(req.into_response(answer_cached(&cached, asked, encoding, tag, control, negotiated).await));
    }
    let identity_tag = etag(version, req.path(), req.query_string(), representation);
    let tag = encoded(&identity_tag, encoding);
    let asked = none_match(req.request(), &tag);
    if asked == NoneMatch::Tag {
        return Ok(req.into_response(not_modified(&tag, control, negotiated)));
    }
    let _turn = state.responses.turn(&key).await;
    if let Some(cached) = state.responses.get(version, &key) {
        return Ok(req.into_response(answer_cached(&cached, asked, encoding, &tag, control, negotiated).await));
    }
    let response = next.call(req).await?;
    if asked == NoneMatch::Any && response.status().is_success() {
        let (request, _) = response.into_parts();
        return Ok(ServiceResponse::new(request, not_modified(&tag, control, negotiated)));
    }
    if response.status() != StatusCode::OK {
        return Ok(response.map_into_boxed_body());
    }
    let (request, response) = response.map_into_boxed_body().into_parts();
    let (head, body) = response.into_parts();
    match body.size() {
        // Bodies already in memory: keep a copy, and its compressed forms as they are asked for.
        BodySize::Sized(size) if (size as usize) <= MAX_ENTRY => {
            let bytes = actix_web::body::to_bytes(body)
                .await
                .map_err(|_| ApiError::internal("an answer's body could not be read"))?;
            let headers = KEPT_HEADERS
                .iter()
                .filter_map(|name| head.headers().get(name).map(|value| (name.clone(), value.clone())))
                .collect();
            let cached = Arc::new(Cached::new(headers, bytes, identity_tag, control, negotiated));
            state.responses.put(version, key, cached.clone());
            // The first answer is made as the kept ones are: what `KEPT_HEADERS` names and the
            // stamp, nothing else the handler set.
            Ok(ServiceResponse::new(request, cached.response(encoding).await))
        }
        // Streams are answered as they come (and compressed on the way out).
        _ => {
            let mut response = head.set_body(body);
            let tag = HeaderValue::from_str(&tag).expect("an ETag is visible ASCII");
            stamp(response.headers_mut(), tag, control, negotiated);
            Ok(ServiceResponse::new(request, response))
        }
    }
}

async fn answer_cached(
    cached: &Arc<Cached>,
    asked: NoneMatch,
    encoding: Encoding,
    tag: &str,
    control: &'static str,
    negotiated: Negotiated,
) -> HttpResponse {
    if asked == NoneMatch::Any {
        return not_modified(tag, control, negotiated);
    }
    cached.response(encoding).await
}

/// The headers every 200 to a versioned GET carries.
pub(super) fn stamp(headers: &mut HeaderMap, tag: HeaderValue, control: &'static str, negotiated: Negotiated) {
    headers.insert(header::ETAG, tag);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(control));
    headers.insert(header::VARY, negotiated.vary());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_depend_on_version_target_and_representation() {
        let base = etag(7, "/api/v1/editions", "sort=-year&limit=2", Representation::Json);
        assert_eq!(
            base,
            etag(7, "/api/v1/editions", "limit=2&sort=-year", Representation::Json),
            "parameter order is irrelevant"
        );
        assert_ne!(
            base,
            etag(8, "/api/v1/editions", "sort=-year&limit=2", Representation::Json)
        );
        assert_ne!(
            base,
            etag(7, "/api/v1/editions", "sort=year&limit=2", Representation::Json)
        );
        assert_ne!(
            base,
            etag(7, "/api/v1/editions", "sort=-year&limit=2", Representation::Csv)
        );
        assert!(base.starts_with("\"v7-") && base.ends_with('"'));
    }

    #[test]
    fn each_encoding_has_its_own_tag() {
        let tag = etag(7, "/api/v1/editions", "", Representation::Json);
        let gzip = encoded(&tag, Encoding::Gzip);
        assert!(
            gzip.ends_with("-gzip\"") && gzip.starts_with(&tag[..tag.len() - 1]),
            "{gzip}"
        );
        assert_ne!(gzip, encoded(&tag, Encoding::Brotli));
        assert_eq!(encoded(&tag, Encoding::Identity), tag);
        assert!(
            check_if_match(Some(&gzip), 7, "/api/v1/editions").is_ok(),
            "a tag read compressed"
        );
        assert!(check_if_match(Some(&encoded(&tag, Encoding::Brotli)), 8, "/api/v1/editions").is_err());
    }
}

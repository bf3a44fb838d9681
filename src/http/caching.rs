//! HTTP caching. A GET's strong ETag is derived from the data version (which every committed
//! write moves, in the database, so every instance agrees), the request target and the
//! representation: `If-None-Match` is answered with 304 before any handler runs.

use std::hash::{DefaultHasher, Hash, Hasher};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse};

use crate::db;
use crate::error::ApiError;
use crate::http::State;
use crate::http::params::{Representation, canonical_query};

/// The ETag of a GET of `path?query` in `representation` at data `version`.
pub fn etag(version: i64, path: &str, query: &str, representation: Representation) -> String {
    let mut hasher = DefaultHasher::new();
    // A new build may render the same data differently.
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    path.hash(&mut hasher);
    canonical_query(query).hash(&mut hasher);
    representation.name().hash(&mut hasher);
    format!("\"v{version}-{:016x}\"", hasher.finish())
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

fn not_modified(tag: &str, control: &'static str) -> HttpResponse {
    HttpResponse::build(StatusCode::NOT_MODIFIED)
        .insert_header((header::ETAG, tag.to_string()))
        .insert_header((header::CACHE_CONTROL, control))
        .insert_header((header::VARY, "Accept"))
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
    // Strong comparison: a weak tag never matches.
    if listed.iter().any(|t| t == "*" || *t == current) {
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
    let version = match state.db.read(|conn| Ok(db::data_version(conn)?)).await {
        Ok(version) => version,
        Err(error) => return Ok(req.error_response(error)),
    };
    let tag = etag(
        version,
        req.path(),
        req.query_string(),
        Representation::from_accept(req.request()),
    );
    let control = cache_control(&state, req.path());
    let asked = none_match(req.request(), &tag);
    if asked == NoneMatch::Tag {
        return Ok(req.into_response(not_modified(&tag, control)));
    }
    let mut response = next.call(req).await?;
    if asked == NoneMatch::Any && response.status().is_success() {
        let (request, _) = response.into_parts();
        return Ok(ServiceResponse::new(request, not_modified(&tag, control)));
    }
    if response.status().is_success() {
        let headers = response.headers_mut();
        if let Ok(value) = HeaderValue::from_str(&tag) {
            headers.insert(header::ETAG, value);
        }
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(control));
        headers.insert(header::VARY, HeaderValue::from_static("Accept"));
    }
    Ok(response.map_into_boxed_body())
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
}

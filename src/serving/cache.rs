//! Conditional GETs and the response cache. A GET's strong ETag is derived from the data
//! version (which every committed write moves, in the database, so instances agree), the
//! target, the representation and the coding, so `If-None-Match` is answered with 304 before a
//! handler runs. Recent 200s are kept with their compressed bytes, by data version, so a
//! repeated read runs no handler; one request at a time makes a key's answer, and the others
//! wait for it rather than all render the same page after a write.

use std::collections::{HashMap, VecDeque};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex, PoisonError};

use actix_web::HttpResponse;
use actix_web::body::{BodySize, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, EntityTag, Header, HeaderName, HeaderValue, IfNoneMatch};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::web::{Bytes, Data};
use tokio::sync::OnceCell;

use super::State;
use super::compress::{compress, worth_compressing};
use super::negotiate::{self, Encoding, Representation};
use super::observe::Route;
use super::routes::is_api_path;
use crate::error::ApiError;

/// The ETag of a GET of `path?query` as `representation` at data `version`, uncompressed.
pub fn etag(version: i64, path: &str, query: &str, representation: Option<Representation>) -> String {
    let mut pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    // The same parameters in another order are the same representation.
    pairs.sort();
    let mut hasher = DefaultHasher::new();
    // A new build may render the same data differently (build.rs fingerprints the sources).
    env!("FORUM_METRICS_BUILD").hash(&mut hasher);
    (path, pairs, representation.map(Representation::name), day_of(representation)).hash(&mut hasher);
    format!("\"v{version}-{:016x}\"", hasher.finish())
}

/// A citation gives the day it was asked for as the day the source was accessed: it is another
/// representation each day.
fn day_of(representation: Option<Representation>) -> Option<chrono::NaiveDate> {
    representation.is_some_and(Representation::is_citation).then(|| chrono::Utc::now().date_naive())
}

/// Each coding's bytes are a representation of their own, with a tag of their own.
pub fn encoded(tag: &str, encoding: Encoding) -> String {
    match tag.strip_suffix('"') {
        Some(open) if encoding != Encoding::Identity => format!("{open}-{}\"", encoding.as_str()),
        _ => tag.to_string(),
    }
}

pub fn quoted(tag: &EntityTag) -> String {
    format!("\"{}\"", tag.tag())
}

/// How shared caches may keep an answer (`Cache-Control`), and what it varies by.
type Policy = (&'static str, &'static str);

fn policy(state: &State, path: &str) -> Policy {
    let control = match () {
        _ if state.settings.reads_require_token => "private, no-cache",
        _ if path == "/api/v1/openapi.json" => "public, max-age=60, must-revalidate",
        // Stored, but revalidated each time: a 304 costs one small query.
        _ => "public, no-cache",
    };
    // A page is HTML whatever `Accept` says.
    let vary = if is_api_path(path) { "Accept, Accept-Encoding" } else { "Accept-Encoding" };
    (control, vary)
}

fn stamp(mut response: HttpResponse, tag: &str, (control, vary): Policy) -> HttpResponse {
    let headers = response.headers_mut();
    if let Ok(tag) = HeaderValue::from_str(tag) {
        headers.insert(header::ETAG, tag);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(control));
    headers.insert(header::VARY, HeaderValue::from_static(vary));
    response
}

/// An answer kept whole: its body and the headers its handler set; its gzip and brotli forms
/// are made when first asked for.
struct Kept {
    body: Bytes,
    headers: Vec<(HeaderName, HeaderValue)>,
    tag: String,
    policy: Policy,
    route: Option<Route>,
    compressed: Option<[OnceCell<Option<Bytes>>; 2]>,
}

impl Kept {
    async fn respond(&self, encoding: Encoding) -> HttpResponse {
        let cell = match (&self.compressed, encoding) {
            (Some([gzip, _]), Encoding::Gzip) => Some(gzip),
            (Some([_, brotli]), Encoding::Brotli) => Some(brotli),
            _ => None,
        };
        let mut compressed = None;
        if let Some(cell) = cell {
            // Brotli 3 takes about a millisecond for 70 KB: on the worker, not the blocking pool.
            let compress = || async { compress(encoding, &self.body).ok() };
            compressed = cell.get_or_init(compress).await.clone();
        }
        let mut response = HttpResponse::Ok();
        for header in &self.headers {
            response.insert_header(header.clone());
        }
        if let Some(route) = &self.route {
            response.extensions_mut().insert(route.clone());
        }
        if compressed.is_some() {
            response.insert_header((header::CONTENT_ENCODING, encoding.to_header_value()));
        }
        // The tag names the coding asked for, even of a body too small to compress: it was
        // chosen (and 304s answered) before the body's size was known.
        let body = compressed.unwrap_or_else(|| self.body.clone());
        stamp(response.body(body), &encoded(&self.tag, encoding), self.policy)
    }
}

/// Recent answers to GETs by data version and request, bounded in bytes (the oldest go first).
pub struct ResponseCache {
    limit: usize,
    stored: Mutex<Stored>,
    /// Whoever makes a key's answer holds its gate; the same request arriving meanwhile waits
    /// for it. Keys share gates by hash: two cold keys rarely meet, and no map of keys is kept.
    gates: Vec<tokio::sync::Mutex<()>>,
}

#[derive(Default)]
struct Stored {
    version: i64,
    bytes: usize,
    order: VecDeque<Vec<u8>>,
    entries: HashMap<Vec<u8>, Arc<Kept>>,
}

impl ResponseCache {
    pub fn new(limit: usize) -> Self {
        let gates = (0..256).map(|_| tokio::sync::Mutex::new(())).collect();
        ResponseCache { limit, stored: Mutex::default(), gates }
    }

    fn get(&self, version: i64, key: &[u8]) -> Option<Arc<Kept>> {
        let stored = self.stored.lock().unwrap_or_else(PoisonError::into_inner);
        (stored.version == version).then(|| stored.entries.get(key).cloned())?
    }

    fn put(&self, version: i64, key: Vec<u8>, kept: Arc<Kept>) {
        let size = kept.body.len() + key.len();
        let mut stored = self.stored.lock().unwrap_or_else(PoisonError::into_inner);
        if size > self.limit || version < stored.version {
            return;
        }
        if version > stored.version {
            *stored = Stored { version, ..Stored::default() };
        }
        while stored.bytes + size > self.limit {
            let Some(oldest) = stored.order.pop_front() else { break };
            if let Some(gone) = stored.entries.remove(&oldest) {
                stored.bytes -= gone.body.len() + oldest.len();
            }
        }
        if stored.entries.insert(key.clone(), kept).is_none() {
            stored.bytes += size;
            stored.order.push_back(key);
        }
    }

    async fn turn(&self, key: &[u8]) -> tokio::sync::MutexGuard<'_, ()> {
        let mut hasher = DefaultHasher::new();
        key.hash(&mut hasher);
        self.gates[hasher.finish() as usize % self.gates.len()].lock().await
    }
}

/// The cache key of a GET: what its body depends on. The query is taken as written: the same
/// parameters in another order are another key, with the same ETag.
fn cache_key(req: &ServiceRequest, representation: Option<Representation>) -> Vec<u8> {
    let day = day_of(representation).map(|d| d.to_string()).unwrap_or_default();
    let name = representation.map_or("page", Representation::name);
    [name, &day, "|", req.path(), "?", req.query_string()].concat().into_bytes()
}

/// The layer that answers GETs conditionally and from the response cache.
pub async fn conditional_get(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    // Tokens are not data: a new or revoked token moves no data version, and the list (for
    // admins only) must never be kept.
    let versioned = req.method() == Method::GET && !req.path().starts_with("/api/v1/tokens");
    let (Some(state), Some(cache), true) = (req.app_data::<State>(), req.app_data::<Data<ResponseCache>>(), versioned)
    else {
        return next.call(req).await.map(ServiceResponse::map_into_boxed_body);
    };
    let (state, cache) = (state.clone(), cache.clone());
    let version = match state.db.version().await {
        Ok(version) => version,
        Err(error) => return Ok(req.error_response(error)),
    };
    let policy = policy(&state, req.path());
    let representation = is_api_path(req.path()).then(|| Representation::requested(req.request()));
    let encoding = negotiate::encoding(req.request());
    let key = cache_key(&req, representation);
    let kept = cache.get(version, &key);
    let identity = match &kept {
        Some(kept) => kept.tag.clone(),
        None => etag(version, req.path(), req.query_string(), representation),
    };
    let tag = encoded(&identity, encoding);
    let asked = IfNoneMatch::parse(req.request());
    let current = matches!(&asked, Ok(IfNoneMatch::Items(tags)) if tags.iter().any(|t| quoted(t) == tag));
    // `*` asks whether any current representation exists: a kept one does.
    let any = matches!(asked, Ok(IfNoneMatch::Any));
    if current || (any && kept.is_some()) {
        return Ok(req.into_response(stamp(HttpResponse::NotModified().finish(), &tag, policy)));
    }
    if let Some(kept) = kept {
        return Ok(req.into_response(kept.respond(encoding).await));
    }
    let _turn = cache.turn(&key).await;
    if let Some(kept) = cache.get(version, &key) {
        return Ok(req.into_response(kept.respond(encoding).await));
    }
    let response = next.call(req).await?.map_into_boxed_body();
    if response.status() != StatusCode::OK {
        return Ok(response);
    }
    let route = response.request().match_pattern().map(Route);
    let (request, response) = response.into_parts();
    let (head, body) = response.into_parts();
    match body.size() {
        _ if any => Ok(ServiceResponse::new(request, stamp(HttpResponse::NotModified().finish(), &tag, policy))),
        // Larger answers are not kept: they would push out many small ones.
        BodySize::Sized(size) if size <= 1 << 20 => {
            let body = actix_web::body::to_bytes(body)
                .await
                .map_err(|_| ApiError::internal("an answer's body could not be read"))?;
            let worth_it = worth_compressing(body.len(), head.headers().get(header::CONTENT_TYPE));
            let kept = Arc::new(Kept {
                body,
                headers: head.headers().iter().map(|(n, v)| (n.clone(), v.clone())).collect(),
                tag: identity,
                policy,
                route,
                compressed: worth_it.then(Default::default),
            });
            cache.put(version, key.clone(), kept.clone());
            Ok(ServiceResponse::new(request, kept.respond(encoding).await))
        }
        // Streams, and answers too large to keep, go as they come (compressed on the way out).
        _ => Ok(ServiceResponse::new(request, stamp(head.set_body(body), &tag, policy))),
    }
}

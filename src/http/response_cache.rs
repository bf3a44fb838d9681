//! The response cache: recent answers to GETs with their compressed bytes, made once, so a
//! repeated read runs no handler and compresses nothing.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use actix_web::HttpResponse;
use actix_web::dev::ServiceRequest;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::web::Bytes;
use tokio::sync::OnceCell;

use crate::http::caching::{Negotiated, day_of, encoded, stamp};
use crate::http::collection::{AS_OF, LEFT_OUT, LEFT_OUT_LATER, LEFT_OUT_UNDATED, TOTAL_COUNT};
use crate::http::encoding::{self, Encoding};
use crate::http::params::Representation;

/// Bodies of recent answers to GETs, by data version and request: a repeated read is answered
/// without running its handler. Every write moves the version, which empties the cache; every
/// request reads the version from the database (`db::VersionReader`), so instances never serve
/// each other's stale answers. Bounded in bytes; the oldest entries go first.
pub struct ResponseCache {
    limit: usize,
    stored: Mutex<Stored>,
    /// The requests being answered now, by cache key: the same request arriving meanwhile
    /// waits for that answer instead of making its own (64 clients asking for a page a write
    /// has just made stale would otherwise render it, and compress it, 64 times).
    in_flight: Mutex<HashMap<Vec<u8>, Arc<tokio::sync::Mutex<()>>>>,
}

/// A turn at answering one cache key; the key's entry goes when the last one waiting is done.
pub(super) struct Turn<'a> {
    cache: &'a ResponseCache,
    key: Vec<u8>,
    gate: Arc<tokio::sync::Mutex<()>>,
    held: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        // Let the next one in first; the guard holds a reference to the gate too.
        self.held = None;
        let mut in_flight = self
            .cache
            .in_flight
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // The map's reference and this one: nobody else waits.
        if Arc::strong_count(&self.gate) == 2 {
            in_flight.remove(&self.key);
        }
    }
}

#[derive(Default)]
struct Stored {
    version: i64,
    bytes: usize,
    order: VecDeque<Vec<u8>>,
    entries: HashMap<Vec<u8>, Arc<Cached>>,
}

pub(super) struct Cached {
    body: Bytes,
    /// Its ETag in each encoding (identity, gzip, brotli).
    tags: [String; 3],
    /// The headers of its 200 in each encoding: the content's, `Content-Encoding`, the ETag and
    /// the caching headers, made once. Each read puts them in the map of the head actix lends
    /// it, which is allocated already: a copy of a whole map would allocate one, and free one.
    heads: [Vec<(HeaderName, HeaderValue)>; 3],
    gzip: OnceCell<Bytes>,
    brotli: OnceCell<Bytes>,
}

/// In the order of `Encoding`'s variants, which index the arrays of `Cached`.
const ENCODINGS: [Encoding; 3] = [Encoding::Identity, Encoding::Gzip, Encoding::Brotli];

impl Cached {
    pub(super) fn new(
        headers: Vec<(HeaderName, HeaderValue)>,
        body: Bytes,
        tag: String,
        control: &'static str,
        negotiated: Negotiated,
    ) -> Self {
        let content_type = headers.iter().find(|(n, _)| n == header::CONTENT_TYPE).map(|(_, v)| v);
        let worth_compressing = encoding::worth_compressing(body.len(), content_type);
        let tags = ENCODINGS.map(|encoding| encoded(&tag, encoding));
        let heads = ENCODINGS.map(|encoding| {
            let mut head = HeaderMap::with_capacity(headers.len() + 4);
            for (name, value) in &headers {
                head.insert(name.clone(), value.clone());
            }
            if worth_compressing && encoding != Encoding::Identity {
                head.insert(header::CONTENT_ENCODING, encoding.header_value());
            }
            let tag = HeaderValue::from_str(&tags[encoding as usize]).expect("an ETag is visible ASCII");
            stamp(&mut head, tag, control, negotiated);
            head.into_iter().collect()
        });
        Cached {
            body,
            tags,
            heads,
            gzip: OnceCell::new(),
            brotli: OnceCell::new(),
        }
    }

    /// Where its bytes in `encoding` are kept; none for identity, or a body not worth it.
    fn slot(&self, encoding: Encoding) -> Option<&OnceCell<Bytes>> {
        if !self.heads[encoding as usize]
            .iter()
            .any(|(name, _)| name == header::CONTENT_ENCODING)
        {
            return None;
        }
        match encoding {
            Encoding::Identity => None,
            Encoding::Gzip => Some(&self.gzip),
            Encoding::Brotli => Some(&self.brotli),
        }
    }

    /// The body in `encoding` (compressed the first time it is asked for, off the request
    /// threads), and the encoding it actually has. One request compresses; those asking
    /// meanwhile wait for its bytes (64 brotli compressions of one page at once took 200 MiB).
    async fn encoded(self: &Arc<Self>, encoding: Encoding) -> (Bytes, Encoding) {
        let Some(slot) = self.slot(encoding) else {
            return (self.body.clone(), encoding);
        };
        let compressed = slot
            .get_or_try_init(|| {
                let body = self.body.clone();
                async move {
                    match actix_web::web::block(move || encoding.compress(&body)).await {
                        Ok(Ok(bytes)) => Ok(bytes),
                        _ => Err(()),
                    }
                }
            })
            .await;
        match compressed {
            Ok(bytes) => (bytes.clone(), encoding),
            Err(()) => {
                log::error!("compressing a cached answer failed; sending it as it is");
                (self.body.clone(), Encoding::Identity)
            }
        }
    }

    pub(super) fn tag(&self, encoding: Encoding) -> &str {
        &self.tags[encoding as usize]
    }

    /// The cached answer, in `encoding`, with the headers of every 200.
    pub(super) async fn response(self: &Arc<Self>, encoding: Encoding) -> HttpResponse {
        let (body, sent_as) = self.encoded(encoding).await;
        let mut response = HttpResponse::with_body(StatusCode::OK, body).map_into_boxed_body();
        let headers = response.headers_mut();
        for (name, value) in &self.heads[sent_as as usize] {
            headers.insert(name.clone(), value.clone());
        }
        response
    }
}

/// Larger answers are not kept: they would push out many small ones.
pub(super) const MAX_ENTRY: usize = 1024 * 1024;

/// The answer's headers that belong to its content (the rest are set per request).
pub(super) const KEPT_HEADERS: [HeaderName; 7] = [
    header::CONTENT_TYPE,
    header::LINK,
    HeaderName::from_static(TOTAL_COUNT),
    HeaderName::from_static(AS_OF),
    HeaderName::from_static(LEFT_OUT),
    HeaderName::from_static(LEFT_OUT_UNDATED),
    HeaderName::from_static(LEFT_OUT_LATER),
];

impl ResponseCache {
    pub fn new(limit: usize) -> Self {
        ResponseCache {
            limit,
            stored: Mutex::new(Stored::default()),
            in_flight: Mutex::default(),
        }
    }

    /// Waits until no other request is answering `key`.
    pub(super) async fn turn(&self, key: &[u8]) -> Turn<'_> {
        let gate = {
            let mut in_flight = self.in_flight.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            in_flight.entry(key.to_vec()).or_default().clone()
        };
        let held = Some(gate.clone().lock_owned().await);
        Turn {
            cache: self,
            key: key.to_vec(),
            gate,
            held,
        }
    }

    pub(super) fn get(&self, version: i64, key: &[u8]) -> Option<Arc<Cached>> {
        let stored = self.stored.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if stored.version != version {
            return None;
        }
        stored.entries.get(key).cloned()
    }

    pub(super) fn put(&self, version: i64, key: Vec<u8>, cached: Arc<Cached>) {
        let size = cached.body.len() + key.len();
        if self.limit == 0 || size > MAX_ENTRY.min(self.limit) {
            return;
        }
        let mut stored = self.stored.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if version < stored.version {
            return;
        }
        if version > stored.version {
            *stored = Stored {
                version,
                ..Stored::default()
            };
        }
        if stored.entries.contains_key(&key) {
            return;
        }
        while stored.bytes + size > self.limit {
            let Some(oldest) = stored.order.pop_front() else { break };
            if let Some(gone) = stored.entries.remove(&oldest) {
                stored.bytes -= gone.body.len() + oldest.len();
            }
        }
        stored.bytes += size;
        stored.order.push_back(key.clone());
        stored.entries.insert(key, cached);
    }
}

/// The cache key of a GET: what determines its body. `Link` holds absolute URLs, so the
/// headers the host and scheme are read from count too, as they came (cheaper than resolving
/// them, and never less specific). The query is taken as written: the same parameters in
/// another order are another key with the same ETag.
pub(super) fn cache_key(req: &ServiceRequest, representation: Representation) -> Vec<u8> {
    let headers = req.headers();
    let raw = |name: &HeaderName| headers.get(name).map(HeaderValue::as_bytes).unwrap_or_default();
    let mut key = Vec::with_capacity(128);
    key.extend_from_slice(representation.name().as_bytes());
    if let Some(day) = day_of(representation) {
        key.extend_from_slice(day.to_string().as_bytes());
    }
    for name in [&header::HOST, &header::FORWARDED, &X_FORWARDED_HOST, &X_FORWARDED_PROTO] {
        key.push(b'|');
        key.extend_from_slice(raw(name));
    }
    key.push(b'|');
    key.extend_from_slice(req.path().as_bytes());
    key.push(b'?');
    key.extend_from_slice(req.query_string().as_bytes());
    key
}

const X_FORWARDED_HOST: HeaderName = HeaderName::from_static("x-forwarded-host");
const X_FORWARDED_PROTO: HeaderName = HeaderName::from_static("x-forwarded-proto");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::caching::etag;

    fn cached(body: &'static str) -> Arc<Cached> {
        Arc::new(Cached::new(
            vec![(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))],
            Bytes::from(body),
            etag(7, "/api/v1/editions", "", Representation::Json),
            "public, no-cache",
            Negotiated::RepresentationAndEncoding,
        ))
    }

    #[test]
    fn the_response_cache_answers_only_for_its_version() {
        let cache = ResponseCache::new(1024);
        cache.put(3, b"a".to_vec(), cached("one"));
        assert_eq!(cache.get(3, b"a").unwrap().body, "one");
        assert!(cache.get(4, b"a").is_none(), "a newer version misses");
        cache.put(4, b"b".to_vec(), cached("two"));
        assert!(cache.get(3, b"a").is_none(), "a newer version empties the cache");
        cache.put(3, b"c".to_vec(), cached("late"));
        assert!(
            cache.get(3, b"c").is_none() && cache.get(4, b"c").is_none(),
            "an older version is not stored"
        );
    }

    #[test]
    fn the_response_cache_stays_within_its_bytes() {
        let cache = ResponseCache::new(9); // an entry counts its key and body: 5 bytes each
        cache.put(1, b"a".to_vec(), cached("1234"));
        cache.put(1, b"b".to_vec(), cached("1234"));
        assert!(cache.get(1, b"a").is_none(), "the oldest went first");
        assert!(cache.get(1, b"b").is_some());
        cache.put(1, b"c".to_vec(), cached("much too large for it"));
        assert!(cache.get(1, b"c").is_none());
        let off = ResponseCache::new(0);
        off.put(1, b"a".to_vec(), cached("x"));
        assert!(off.get(1, b"a").is_none(), "0 turns it off");
    }

    #[test]
    fn one_request_at_a_time_answers_a_key_and_the_gate_goes_after() {
        let cache = ResponseCache::new(1024 * 1024);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        let order = std::cell::RefCell::new(Vec::new());
        runtime.block_on(async {
            let one = async {
                let _turn = cache.turn(b"k").await;
                order.borrow_mut().push("one starts");
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                order.borrow_mut().push("one ends");
            };
            let two = async {
                tokio::task::yield_now().await;
                let _turn = cache.turn(b"k").await;
                order.borrow_mut().push("two starts");
            };
            let other = async {
                tokio::task::yield_now().await;
                let _turn = cache.turn(b"another key").await;
                order.borrow_mut().push("another key");
            };
            tokio::join!(one, two, other);
        });
        assert_eq!(*order.borrow(), ["one starts", "another key", "one ends", "two starts"]);
        assert!(cache.in_flight.lock().unwrap().is_empty());
    }
}

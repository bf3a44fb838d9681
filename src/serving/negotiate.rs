//! What a request asks for besides its target: the representation (`format=`, else `Accept`)
//! and the content coding (`Accept-Encoding`), read with actix-web's typed headers; and `Vary`,
//! which names the request headers an answer was chosen by.

pub use crate::domain::representation::{Representation, TABULAR};

use actix_web::HttpRequest;
use actix_web::http::header::{
    self, Accept, AcceptEncoding, Encoding as Coding, Header, HeaderMap, HeaderValue, Preference, Quality,
};

impl Representation {
    /// The best of `offered` that `Accept` asks for; JSON when it names none of them, or is
    /// not a valid `Accept` at all.
    pub fn from_accept(req: &HttpRequest, offered: &[Representation]) -> Representation {
        let Ok(Accept(mut items)) = Accept::parse(req) else {
            return Representation::Json;
        };
        // Stable: among equal weights the first listed wins.
        items.sort_by_key(|item| std::cmp::Reverse(item.quality));
        let named = |media: &str| Representation::named_by(media).filter(|r| offered.contains(r));
        items
            .iter()
            .filter(|item| item.quality > Quality::ZERO)
            .find_map(|item| named(item.item.essence_str()))
            .unwrap_or(Representation::Json)
    }

    /// What `format=` or else `Accept` asks for among everything the service offers: what ETags
    /// and the response cache key by, before a handler says what it offers.
    pub fn requested(req: &HttpRequest) -> Representation {
        form_urlencoded::parse(req.query_string().as_bytes())
            .find(|(name, _)| name == "format")
            .and_then(|(_, value)| Self::parse(&value))
            .unwrap_or_else(|| Self::from_accept(req, Representation::ALL))
    }

    /// `format=` (which the parameter's type has already limited to `offered`) wins over `Accept`.
    pub fn negotiate(req: &HttpRequest, param: Option<impl Into<Representation>>, offered: &[Representation]) -> Self {
        param.map_or_else(|| Representation::from_accept(req, offered), Into::into)
    }
}

/// How an answer's bytes travel: identity, gzip or brotli here.
pub use actix_web::http::header::ContentEncoding as Encoding;

/// The best coding `Accept-Encoding` allows: brotli (smaller) before gzip at equal weight;
/// identity when neither is accepted. `*` stands for every coding the field does not name
/// (RFC 9110, 12.5.3), so `*` alone accepts brotli and `br;q=0, *` gzip.
pub fn encoding(req: &HttpRequest) -> Encoding {
    let Ok(AcceptEncoding(items)) = AcceptEncoding::parse(req) else {
        return Encoding::Identity;
    };
    let weight = |coding: Encoding| {
        let named = items.iter().find(|q| q.item == Preference::Specific(Coding::Known(coding)));
        let any = items.iter().find(|q| q.item == Preference::Any);
        named.or(any).map_or(Quality::ZERO, |q| q.quality)
    };
    let (brotli, gzip) = (weight(Encoding::Brotli), weight(Encoding::Gzip));
    match () {
        _ if brotli > Quality::ZERO && brotli >= gzip => Encoding::Brotli,
        _ if gzip > Quality::ZERO => Encoding::Gzip,
        _ => Encoding::Identity,
    }
}

/// Adds each name to `Vary` unless it is listed already, folding every `Vary` value into one
/// (actix-http's encoder appends a value of its own).
pub fn vary(headers: &mut HeaderMap, names: &[&str]) {
    let listed: Vec<String> = headers
        .get_all(header::VARY)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|name| name.trim().to_string())
        .collect();
    let mut all: Vec<&str> = Vec::new();
    for name in listed.iter().map(String::as_str).chain(names.iter().copied()) {
        if !name.is_empty() && !all.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            all.push(name);
        }
    }
    if let Ok(value) = HeaderValue::from_str(&all.join(", ")) {
        headers.insert(header::VARY, value);
    }
}

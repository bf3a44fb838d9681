//! What a request asks for besides its target: the representation (`format=`, else `Accept`)
//! and the content coding (`Accept-Encoding`), read with actix-web's typed headers; and `Vary`,
//! which names the request headers an answer was chosen by.

use actix_web::HttpRequest;
use actix_web::http::header::{
    self, Accept, AcceptEncoding, ContentEncoding, Encoding as Coding, Header, HeaderMap, HeaderValue, Preference,
    Quality, QualityItem,
};

/// A response representation: what `format=` names, or `Accept` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Representation {
    Json,
    Csv,
    Ndjson,
    /// A chart (`/series/{metric}`).
    Svg,
    /// Citations (sources and figures): CSL-JSON, BibTeX, a formatted reference.
    Csl,
    Bibtex,
    Citation,
}

/// What collections offer: a page of JSON, or every row as CSV or NDJSON.
pub const TABULAR: &[Representation] = &[Representation::Json, Representation::Csv, Representation::Ndjson];

/// Each representation with its `format=` name and the media types that name it in `Accept`.
const NAMES: [(Representation, &str, &[&str]); 7] = [
    (Representation::Json, "json", &["application/json"]),
    (Representation::Csv, "csv", &["text/csv"]),
    (
        Representation::Ndjson,
        "ndjson",
        &["application/x-ndjson", "application/ndjson", "application/jsonl"],
    ),
    (Representation::Svg, "svg", &["image/svg+xml"]),
    (Representation::Csl, "csl", &["application/vnd.citationstyles.csl+json"]),
    (
        Representation::Bibtex,
        "bibtex",
        &["application/x-bibtex", "text/x-bibtex"],
    ),
    (Representation::Citation, "citation", &["text/x-bibliography"]),
];

impl Representation {
    pub fn parse(text: &str) -> Option<Representation> {
        NAMES.iter().find(|(_, name, _)| *name == text).map(|(r, _, _)| *r)
    }

    pub fn name(self) -> &'static str {
        NAMES
            .iter()
            .find(|(r, _, _)| *r == self)
            .map_or("json", |(_, name, _)| name)
    }

    pub fn is_citation(self) -> bool {
        matches!(
            self,
            Representation::Csl | Representation::Bibtex | Representation::Citation
        )
    }

    /// The best of `offered` that `Accept` asks for; JSON when it names none of them, or is
    /// not a valid `Accept` at all.
    pub fn from_accept(req: &HttpRequest, offered: &[Representation]) -> Representation {
        let Ok(Accept(mut items)) = Accept::parse(req) else {
            return Representation::Json;
        };
        // Stable: among equal weights the first listed wins.
        items.sort_by_key(|item| std::cmp::Reverse(item.quality));
        let named = |media: &str| {
            NAMES
                .iter()
                .find(|(r, _, types)| offered.contains(r) && types.iter().any(|t| t.eq_ignore_ascii_case(media)))
        };
        items
            .iter()
            .filter(|item| item.quality > Quality::ZERO)
            .find_map(|item| named(item.item.essence_str()))
            .map_or(Representation::Json, |(r, _, _)| *r)
    }

    /// What `format=` or else `Accept` asks for among everything the service offers: what ETags
    /// and the response cache key by, before a handler says what it offers.
    pub fn requested(req: &HttpRequest) -> Representation {
        let all = NAMES.map(|(r, _, _)| r);
        form_urlencoded::parse(req.query_string().as_bytes())
            .find(|(name, _)| name == "format")
            .and_then(|(_, value)| Self::parse(&value))
            .unwrap_or_else(|| Self::from_accept(req, &all))
    }

    /// `format=` (which the parameter's type has already limited to `offered`) wins over `Accept`.
    pub fn negotiate(req: &HttpRequest, param: Option<impl Into<Representation>>, offered: &[Representation]) -> Self {
        param.map_or_else(|| Representation::from_accept(req, offered), Into::into)
    }
}

/// How an answer's bytes travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

impl Encoding {
    /// The best coding `Accept-Encoding` allows: brotli (smaller) before gzip at equal weight;
    /// identity when neither is accepted. `*` stands for every coding the field does not name
    /// (RFC 9110, 12.5.3), so `*` alone accepts brotli and `br;q=0, *` gzip.
    pub fn negotiate(req: &HttpRequest) -> Encoding {
        let Ok(AcceptEncoding(items)) = AcceptEncoding::parse(req) else {
            return Encoding::Identity;
        };
        let named = |coding: ContentEncoding| {
            items
                .iter()
                .find(|q| matches!(&q.item, Preference::Specific(Coding::Known(c)) if *c == coding))
        };
        let any = items.iter().find(|q| matches!(q.item, Preference::Any));
        let weight = |coding| {
            named(coding)
                .or(any)
                .map_or(Quality::ZERO, |q: &QualityItem<Preference<Coding>>| q.quality)
        };
        let (brotli, gzip) = (weight(ContentEncoding::Brotli), weight(ContentEncoding::Gzip));
        if brotli > Quality::ZERO && brotli >= gzip {
            Encoding::Brotli
        } else if gzip > Quality::ZERO {
            Encoding::Gzip
        } else {
            Encoding::Identity
        }
    }

    /// What it adds to an ETag: each encoding's bytes are a representation of their own.
    pub fn tag_suffix(self) -> &'static str {
        match self {
            Encoding::Identity => "",
            Encoding::Gzip => "-gzip",
            Encoding::Brotli => "-br",
        }
    }

    pub fn content_encoding(self) -> ContentEncoding {
        match self {
            Encoding::Identity => ContentEncoding::Identity,
            Encoding::Gzip => ContentEncoding::Gzip,
            Encoding::Brotli => ContentEncoding::Brotli,
        }
    }
}

/// Adds each name to `Vary` unless it is listed already, folding every `Vary` value into one
/// (actix-http's encoder appends a value of its own).
pub fn vary(headers: &mut HeaderMap, names: &[&str]) {
    let mut listed: Vec<String> = headers
        .get_all(header::VARY)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|name| name.trim().to_string())
        .filter(|name| !name.is_empty())
        .collect();
    for name in names {
        if !listed.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            listed.push(name.to_string());
        }
    }
    let mut unique: Vec<String> = Vec::with_capacity(listed.len());
    for name in listed {
        if !unique.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
            unique.push(name);
        }
    }
    if let Ok(value) = HeaderValue::from_str(&unique.join(", ")) {
        headers.insert(header::VARY, value);
    }
}

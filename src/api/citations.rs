//! Citations by content negotiation, as DOI services answer them: a source or a figure as
//! CSL-JSON, BibTeX or a formatted reference (`Accept`, or `format=csl|bibtex|citation`).

use actix_web::HttpResponse;
use chrono::{NaiveDate, Utc};

use crate::domain::citation::{self, Cited};
use crate::web::params::Representation;

pub const CSL_JSON: &str = "application/vnd.citationstyles.csl+json";
pub const BIBTEX: &str = "application/x-bibtex; charset=utf-8";
pub const BIBLIOGRAPHY: &str = "text/x-bibliography; charset=utf-8";

/// What a source or a figure offers.
pub const CITABLE: &[Representation] =
    &[Representation::Json, Representation::Csl, Representation::Bibtex, Representation::Citation];

/// What `/sources` offers: its collection, or every matching source cited.
pub const SOURCES: &[Representation] = &[
    Representation::Json,
    Representation::Csv,
    Representation::Ndjson,
    Representation::Csl,
    Representation::Bibtex,
    Representation::Citation,
];

pub fn is_citation(representation: Representation) -> bool {
    matches!(representation, Representation::Csl | Representation::Bibtex | Representation::Citation)
}

/// The day a citation is asked for, which it gives as the day the source was accessed; ETags
/// and the response cache key citations by it too.
pub fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// One citation (`many: false`: CSL-JSON answers the item itself, as a DOI service does) or a
/// list (CSL-JSON an array, BibTeX one `.bib`, references one per line).
pub fn respond(representation: Representation, cited: &[Cited], many: bool) -> HttpResponse {
    let accessed = today();
    match representation {
        Representation::Bibtex => {
            let entries: Vec<String> = cited.iter().map(|c| citation::bibtex(c, accessed)).collect();
            HttpResponse::Ok().content_type(BIBTEX).body(entries.join("\n"))
        }
        Representation::Citation => {
            let lines: Vec<String> = cited.iter().map(|c| citation::gost(c, accessed) + "\n").collect();
            HttpResponse::Ok().content_type(BIBLIOGRAPHY).body(lines.concat())
        }
        _ => {
            let mut items: Vec<serde_json::Value> = cited.iter().map(|c| citation::csl(c, accessed)).collect();
            let body = match items.len() {
                1 if !many => items.remove(0),
                _ => serde_json::Value::Array(items),
            };
            HttpResponse::Ok().content_type(CSL_JSON).body(body.to_string())
        }
    }
}

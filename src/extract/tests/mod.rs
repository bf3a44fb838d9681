//! The extractor against data: the curated quotes located in the archived texts (`seeds`),
//! recall and precision on the archived texts and on texts written for these tests
//! (`corpus`), phrases one at a time (`phrases`), and the time a long text takes (`timing`).

mod corpus;
mod phrases;
mod seeds;
mod timing;

use std::path::PathBuf;

use chrono::NaiveDate;
use serde_json::Value;

use super::{Candidate, Context, EditionDates};

pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn read(path: &str) -> String {
    std::fs::read_to_string(repo().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub(crate) fn json(path: &str) -> Value {
    serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The five sources whose texts are archived in seeds/texts/.
pub(crate) const ARCHIVED: &[&str] =
    &["esg-alliance-2025-11-28", "esg-alliance-2024", "oblgazeta-2025-10", "newsinfo-2025-11-20", "tass-2025-10-22"];

pub(crate) fn archived_text(key: &str) -> String {
    read(&format!("seeds/texts/{key}.txt"))
}

/// Every seed file of an edition, parsed.
pub(crate) fn edition_files() -> Vec<Value> {
    let mut names: Vec<String> = std::fs::read_dir(repo().join("seeds"))
        .expect("seeds/")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".json") && n.starts_with("20"))
        .collect();
    names.sort();
    names.iter().map(|n| json(&format!("seeds/{n}"))).collect()
}

fn date(value: &Value) -> Option<NaiveDate> {
    value.as_str().and_then(|s| s.parse().ok())
}

pub(crate) fn seed_editions() -> Vec<EditionDates> {
    edition_files()
        .iter()
        .flat_map(|file| file["editions"].as_array().cloned().unwrap_or_default())
        .map(|e| EditionDates {
            year: e["year"].as_i64().unwrap() as i32,
            number: e["number"].as_i64().unwrap() as i32,
            starts_on: date(&e["starts_on"]),
            ends_on: date(&e["ends_on"]),
        })
        .collect()
}

pub(crate) fn metric_codes() -> Vec<String> {
    json("seeds/01-metrics.json")["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["code"].as_str().unwrap().to_string())
        .collect()
}

/// The service's metrics with their default terms, and the seeded editions.
pub(crate) fn seed_context() -> Context {
    Context::with_default_terms(metric_codes(), seed_editions())
}

/// A source's date as a caller would pass it: its day, or the first day of its month.
pub(crate) fn published(source: &str) -> Option<NaiveDate> {
    let sources = json("seeds/00-sources.json");
    let record = sources["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == source)
        .unwrap_or_else(|| panic!("no source {source}"))
        .clone();
    date(&record["published_on"]).or_else(|| {
        let month = record["published_in"].as_str().filter(|m| m.len() == 7)?;
        format!("{month}-01").parse().ok()
    })
}

/// What recall and precision are counted on.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Tuple {
    pub metric: String,
    pub value: String,
    pub from: Option<String>,
    pub qualifier: String,
    pub status: String,
    pub edition: Option<i32>,
}

impl std::fmt::Display for Tuple {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let from = self.from.as_ref().map(|v| format!(" from {v}")).unwrap_or_default();
        let edition = self.edition.map_or("-".to_string(), |y| y.to_string());
        write!(f, "{} {} {} {} {}{from}", self.metric, self.value, self.qualifier, self.status, edition)
    }
}

pub(crate) fn tuple(c: &Candidate) -> Tuple {
    Tuple {
        metric: c.metric.clone(),
        value: crate::domain::number::to_text(c.value),
        from: c.value_from.map(crate::domain::number::to_text),
        qualifier: c.qualifier.to_string(),
        status: c.status.to_string(),
        edition: c.edition,
    }
}

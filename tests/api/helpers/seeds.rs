//! The seed files as written, to compare the app's answers with.

use std::path::{Path, PathBuf};

use serde_json::Value;

pub(super) fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// Every figure of the seed files, as written there.
pub fn seed_figures() -> Vec<Value> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir(seeds_dir()).expect("the seeds folder") {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let part: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            if let Some(list) = part["figures"].as_array() {
                all.extend(list.iter().cloned());
            }
        }
    }
    all
}

/// The day from which a figure (as JSON) counts as of a date: its `reported_on`, else the last
/// day of its `reported_in` (`YYYY-MM` or `YYYY`); none when it has neither.
pub fn counted_from(figure: &Value) -> Option<chrono::NaiveDate> {
    use chrono::NaiveDate;
    if let Some(day) = figure["reported_on"].as_str() {
        return Some(day.parse().expect("reported_on is a date"));
    }
    let period = figure["reported_in"].as_str()?;
    let (year, month): (i32, u32) = match period.split_once('-') {
        Some((y, m)) => (y.parse().unwrap(), m.parse().unwrap()),
        None => (period.parse().unwrap(), 12),
    };
    let next =
        if month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1) } else { NaiveDate::from_ymd_opt(year, month + 1, 1) };
    next.and_then(|d| d.pred_opt())
}

/// The seed figures of an edition (and a metric) as of a date: those that count, and how many
/// were reported later or have no date.
pub struct Split {
    pub counted: Vec<Value>,
    pub later: usize,
    pub undated: usize,
}

pub fn split(edition: Option<i64>, metric: Option<&str>, as_of: &str) -> Split {
    let date: chrono::NaiveDate = as_of.parse().unwrap();
    let mut split = Split { counted: Vec::new(), later: 0, undated: 0 };
    let figures = seed_figures()
        .into_iter()
        .filter(|f| edition.is_none_or(|e| f["edition"] == e) && metric.is_none_or(|m| f["metric"] == m));
    for figure in figures {
        match counted_from(&figure) {
            Some(day) if day <= date => split.counted.push(figure),
            Some(_) => split.later += 1,
            None => split.undated += 1,
        }
    }
    split
}

impl Split {
    /// The `as_of` object the answer must carry.
    pub fn as_of(&self, date: &str) -> Value {
        serde_json::json!({"date": date, "left_out": self.later + self.undated, "undated": self.undated, "reported_later": self.later})
    }

    pub fn keys(&self) -> std::collections::BTreeSet<String> {
        self.counted.iter().map(|f| f["key"].as_str().unwrap().to_string()).collect()
    }
}

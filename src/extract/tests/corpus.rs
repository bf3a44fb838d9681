//! Recall and precision on (metric, value, qualifier, status, edition), counted on distinct
//! tuples per text: on the five archived texts against the figures the curators took from
//! each, and on the texts written for these tests (tests/extract/texts/) against the
//! figures each one's header expects. `cargo test --lib extract::tests::corpus -- --nocapture`
//! prints both (bench/extract runs it).

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::{ARCHIVED, Tuple, archived_text, edition_files, metric_codes, published, repo, seed_editions, tuple};
use crate::extract::{Context, EditionDates, extract};

pub(crate) struct Case {
    pub name: String,
    pub published: Option<NaiveDate>,
    pub editions: Vec<EditionDates>,
    pub expected: BTreeSet<Tuple>,
    pub text: String,
}

pub(crate) fn archived_cases() -> Vec<Case> {
    let figures: Vec<serde_json::Value> =
        edition_files().iter().flat_map(|f| f["figures"].as_array().cloned().unwrap_or_default()).collect();
    ARCHIVED
        .iter()
        .map(|key| {
            let expected = figures
                .iter()
                .filter(|f| f["source"] == *key)
                .map(|f| Tuple {
                    metric: f["metric"].as_str().unwrap().to_string(),
                    value: crate::domain::number::to_text(f["value"].as_f64().unwrap()),
                    from: f["value_from"].as_f64().map(crate::domain::number::to_text),
                    qualifier: f["qualifier"].as_str().unwrap().to_string(),
                    status: f["status"].as_str().unwrap().to_string(),
                    edition: f["edition"].as_i64().map(|y| y as i32),
                })
                .collect();
            Case {
                name: key.to_string(),
                published: published(key),
                editions: seed_editions(),
                expected,
                text: archived_text(key),
            }
        })
        .collect()
}

fn parse_tuple(line: &str) -> Tuple {
    let parts: Vec<&str> = line.split_whitespace().collect();
    assert!(matches!(parts.len(), 5 | 6), "expect: metric value qualifier status edition [from]: {line}");
    Tuple {
        metric: parts[0].to_string(),
        value: parts[1].to_string(),
        qualifier: parts[2].to_string(),
        status: parts[3].to_string(),
        edition: (parts[4] != "-").then(|| parts[4].parse().expect("edition year")),
        from: parts.get(5).map(|v| v.to_string()),
    }
}

/// `editions: 2023 7 2023-11-15 2023-11-16; 2024 8 - -`
fn parse_editions(line: &str) -> Vec<EditionDates> {
    line.split(';')
        .map(|e| {
            let p: Vec<&str> = e.split_whitespace().collect();
            let day = |s: &str| (s != "-").then(|| s.parse().expect("a date"));
            EditionDates {
                year: p[0].parse().unwrap(),
                number: p[1].parse().unwrap(),
                starts_on: day(p[2]),
                ends_on: day(p[3]),
            }
        })
        .collect()
}

/// A test text: a header of `published:`, `editions:` (else the seeded editions) and
/// `expect:` lines, a line `---`, then the text.
pub(crate) fn own_cases() -> Vec<Case> {
    let dir = repo().join("tests/extract/texts");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/extract/texts")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let content = std::fs::read_to_string(path).unwrap();
            let (header, text) = content.split_once("\n---\n").expect("a header, then ---");
            let mut case = Case {
                name: path.file_stem().unwrap().to_string_lossy().into_owned(),
                published: None,
                editions: seed_editions(),
                expected: BTreeSet::new(),
                text: text.to_string(),
            };
            for line in header.lines() {
                if let Some(date) = line.strip_prefix("published:") {
                    case.published = Some(date.trim().parse().expect("published: YYYY-MM-DD"));
                } else if let Some(list) = line.strip_prefix("editions:") {
                    case.editions = parse_editions(list);
                } else if let Some(expect) = line.strip_prefix("expect:") {
                    case.expected.insert(parse_tuple(expect));
                }
            }
            case
        })
        .collect()
}

#[derive(Default)]
pub(crate) struct Score {
    pub expected: usize,
    pub proposed: usize,
    pub hits: usize,
}

impl Score {
    pub fn recall(&self) -> f64 {
        self.hits as f64 / self.expected.max(1) as f64
    }

    pub fn precision(&self) -> f64 {
        self.hits as f64 / self.proposed.max(1) as f64
    }
}

/// Runs every case, printing what each missed and what it proposed beyond the expected.
pub(crate) fn score(title: &str, cases: &[Case]) -> Score {
    let codes = metric_codes();
    let mut total = Score::default();
    println!("\n== {title}");
    for case in cases {
        let ctx = Context::with_default_terms(&codes, case.editions.clone());
        let candidates = extract(&case.text, case.published, &ctx);
        let proposed: BTreeSet<Tuple> = candidates.iter().map(tuple).collect();
        let hits = proposed.intersection(&case.expected).count();
        println!(
            "{:<40} expected {:>2}  proposed {:>2}  found {:>2}",
            case.name,
            case.expected.len(),
            proposed.len(),
            hits
        );
        for missed in case.expected.difference(&proposed) {
            println!("    missed: {missed}");
        }
        for extra in proposed.difference(&case.expected) {
            let c = candidates.iter().find(|c| tuple(c) == *extra).unwrap();
            println!("    extra:  {extra}  «{}»", c.quote);
            println!("            {:?}", c.why);
        }
        total.expected += case.expected.len();
        total.proposed += proposed.len();
        total.hits += hits;
    }
    println!(
        "{title}: recall {}/{} = {:.1}%, precision {}/{} = {:.1}%",
        total.hits,
        total.expected,
        100.0 * total.recall(),
        total.hits,
        total.proposed,
        100.0 * total.precision()
    );
    total
}

#[test]
fn recall_on_the_archived_texts() {
    let cases = archived_cases();
    assert_eq!(cases.iter().map(|c| c.expected.len()).sum::<usize>(), 26);
    let score = score("the five archived texts", &cases);
    assert!(score.recall() >= 0.9, "recall {:.3}", score.recall());
    assert!(score.precision() >= 0.8, "precision {:.3}", score.precision());
}

#[test]
fn recall_on_our_own_texts() {
    let cases = own_cases();
    assert!(cases.len() >= 12, "{} texts", cases.len());
    let score = score("texts written for the tests", &cases);
    assert!(score.recall() >= 0.9, "recall {:.3}", score.recall());
    assert!(score.precision() >= 0.85, "precision {:.3}", score.precision());
}

#[test]
#[ignore = "prints every candidate of the archived texts, for reading"]
fn show_archived() {
    for case in archived_cases() {
        let ctx = Context::with_default_terms(metric_codes(), case.editions.clone());
        println!("\n== {}", case.name);
        for c in extract(&case.text, case.published, &ctx) {
            println!("{}", serde_json::to_string_pretty(&c).unwrap());
        }
    }
}

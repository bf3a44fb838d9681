//! Every quote the seeds take from an archived text must be in it.

use serde_json::Value;

use super::{ARCHIVED, archived_text, edition_files};
use crate::extract::quote::{locate, slice};

/// Quotes in the seeds' notes that are not verbatim: a name the note puts in the nominative
/// where the text declines it. Kept as data, reported, not matched by loosening `locate`.
const NOT_VERBATIM: &[(&str, &str)] = &[
    // The text: «Индексе качества жизни территорий присутствия компаний» (prepositional).
    ("esg-alliance-2024", "Индекс качества жизни территорий присутствия компаний"),
    // The text: «IX Общероссийском форуме стратегического развития …» (prepositional).
    ("oblgazeta-2025-10", "IX Общероссийский форум стратегического развития «Города России: Технологии лидерства»"),
];

#[test]
fn every_figure_quote_from_an_archived_text_is_in_it() {
    let mut checked = 0;
    let mut missing = Vec::new();
    for file in edition_files() {
        for figure in file["figures"].as_array().into_iter().flatten() {
            let source = figure["source"].as_str().unwrap();
            if !ARCHIVED.contains(&source) {
                continue;
            }
            let quote = figure["quote"].as_str().unwrap();
            let text = archived_text(source);
            match locate(&text, quote) {
                Some(span) => assert!(!slice(&text, span).is_empty()),
                None => missing.push(format!("{}: {quote}", figure["key"])),
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 26, "figures citing the archived texts");
    assert!(missing.is_empty(), "quotes not found in their texts:\n{}", missing.join("\n"));
}

/// The «…» quotes of a note, outermost only (a quote may hold «…» of its own).
fn guillemets(note: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in note.char_indices() {
        match c {
            '«' => {
                if depth == 0 {
                    start = i + c.len_utf8();
                }
                depth += 1;
            }
            '»' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push((start, i, note[start..i].to_string()));
                }
            }
            _ => {}
        }
    }
    out
}

/// The source a note's quote is from: a key right after it in parentheses or after a comma
/// («…» (key), («…», key)), else the nearest key before it, else the object's only source.
fn source_of(note: &str, (start, end): (usize, usize), keys: &[String], own: &[String]) -> Option<String> {
    let after = &note[end + '»'.len_utf8()..];
    let trimmed = after.trim_start();
    if let Some(rest) = trimmed.strip_prefix('(').or_else(|| trimmed.strip_prefix(',')) {
        let inside = &rest[..rest.find(')').unwrap_or(rest.len())];
        if let Some(key) = keys.iter().filter(|k| inside.contains(k.as_str())).min_by_key(|k| inside.find(k.as_str())) {
            return Some(key.clone());
        }
    }
    let before = &note[..start];
    let nearest =
        keys.iter().filter_map(|k| before.rfind(k.as_str()).map(|at| (at, k))).max_by_key(|(at, k)| (*at, k.len()));
    match nearest {
        Some((_, key)) => Some(key.clone()),
        None if own.len() == 1 => Some(own[0].clone()),
        None => None,
    }
}

fn all_source_keys() -> Vec<String> {
    let sources = super::json("seeds/00-sources.json");
    sources["sources"].as_array().unwrap().iter().map(|s| s["key"].as_str().unwrap().to_string()).collect()
}

fn own_sources(object: &Value) -> Vec<String> {
    let list = object["sources"].as_array().cloned().unwrap_or_default();
    let one = object["source"].as_str().map(|s| vec![Value::from(s)]).unwrap_or_default();
    list.into_iter().chain(one).filter_map(|v| v.as_str().map(str::to_string)).collect()
}

#[test]
fn quotes_in_the_notes_of_sessions_agreements_and_editions_are_in_their_texts() {
    let keys = all_source_keys();
    let mut located = 0;
    let mut missing = Vec::new();
    for file in edition_files() {
        for kind in ["sessions", "agreements", "editions"] {
            for object in file[kind].as_array().into_iter().flatten() {
                let own = own_sources(object);
                let note = object["notes"].as_str().unwrap_or_default();
                for (start, end, quote) in guillemets(note) {
                    let Some(source) = source_of(note, (start, end), &keys, &own) else {
                        continue;
                    };
                    if !ARCHIVED.contains(&source.as_str()) {
                        continue;
                    }
                    if locate(&archived_text(&source), &quote).is_some() {
                        located += 1;
                    } else {
                        missing.push((source, quote));
                    }
                }
            }
        }
    }
    let expected: Vec<(String, String)> = NOT_VERBATIM.iter().map(|(s, q)| (s.to_string(), q.to_string())).collect();
    assert_eq!(missing, expected, "quotes in notes not found in their texts");
    assert!(located >= 25, "only {located} quotes in notes located");
}

#[test]
fn descriptions_taken_from_an_archived_text_are_in_it() {
    // Descriptions are not marked as quotes; this one is the source's words (others begin
    // mid-sentence in the text, with a lower-case letter, and are not checked).
    let text = archived_text("esg-alliance-2024");
    let sessions: Vec<Value> =
        edition_files().iter().flat_map(|f| f["sessions"].as_array().cloned().unwrap_or_default()).collect();
    let description =
        |key: &str| sessions.iter().find(|s| s["key"] == key).unwrap()["description"].as_str().unwrap().to_string();
    assert!(locate(&text, &description("esg-quality-of-life-assessment-tools")).is_some());
}

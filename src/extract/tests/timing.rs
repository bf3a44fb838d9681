//! How long a long text takes: a 20-page text (60 000 characters, about 110 KB of Cyrillic
//! UTF-8) must be read in under 50 ms in a release build. A debug build only prints its time.
//! `bench/extract` runs this in release.

use std::time::{Duration, Instant};

use super::corpus::{archived_cases, own_cases};
use super::seed_context;
use crate::extract::{MAX_TEXT_BYTES, extract};

/// A long text of press prose: the archived texts and the test texts, over and over, in
/// paragraphs, to `chars` characters.
fn long_text(chars: usize) -> String {
    let parts: Vec<String> = archived_cases().into_iter().chain(own_cases()).map(|c| c.text).collect();
    let mut text = String::new();
    let mut count = 0;
    for part in parts.iter().cycle() {
        if count >= chars {
            break;
        }
        text.push_str(part);
        text.push_str("\n\n");
        count += part.chars().count() + 2;
    }
    text
}

/// The median of a few runs, and the slowest.
fn time(text: &str, runs: usize) -> (Duration, Duration, usize) {
    let ctx = seed_context();
    let published = "2025-10-22".parse().ok();
    let mut times = Vec::new();
    let mut found = 0;
    for _ in 0..runs {
        let start = Instant::now();
        found = extract(text, published, &ctx).len();
        times.push(start.elapsed());
    }
    times.sort();
    (times[times.len() / 2], times[times.len() - 1], found)
}

#[test]
fn a_twenty_page_text_takes_under_50_ms() {
    let text = long_text(60_000);
    let (median, slowest, found) = time(&text, 9);
    let build = if cfg!(debug_assertions) { "debug" } else { "release" };
    println!(
        "\n20 pages ({} characters, {} bytes), {build} build: median {:.2} ms, slowest of 9 {:.2} ms, {found} candidates",
        text.chars().count(),
        text.len(),
        median.as_secs_f64() * 1e3,
        slowest.as_secs_f64() * 1e3
    );
    if !cfg!(debug_assertions) {
        assert!(median < Duration::from_millis(50), "{median:?}");
    }
}

#[test]
fn the_largest_text_a_caller_takes_is_read_in_linear_time() {
    let mut text = long_text(MAX_TEXT_BYTES / 2);
    while text.len() > MAX_TEXT_BYTES {
        text.pop();
    }
    let (median, _, _) = time(&text, 1);
    let (small, _, _) = time(&long_text(60_000), 3);
    println!("1 MiB text ({} bytes): {:.1} ms", text.len(), median.as_secs_f64() * 1e3);
    // About ten times the 20 pages: linear work takes about ten times as long, quadratic a hundred.
    assert!(median < small * 60 + Duration::from_millis(50), "{median:?} against {small:?}");
}

#[test]
fn a_text_of_one_endless_sentence_is_read_in_linear_time() {
    let unit = "в 2024 году форум собрал 5 тыс. участников из 40 регионов, об этом сообщили организаторы; ";
    let endless = unit.repeat(MAX_TEXT_BYTES / unit.len());
    let sentence = "В 2024 году форум собрал 5 тыс. участников из 40 регионов, об этом сообщили организаторы. ";
    let stops = sentence.repeat(MAX_TEXT_BYTES / sentence.len());
    let (one, _, _) = time(&endless, 1);
    let (many, _, found) = time(&stops, 1);
    println!(
        "1 MiB of one sentence: {:.1} ms; of short sentences: {:.1} ms ({found} candidates)",
        one.as_secs_f64() * 1e3,
        many.as_secs_f64() * 1e3
    );
    assert!(one < many * 4 + Duration::from_millis(100), "{one:?} against {many:?}");
}

#[test]
fn context_can_be_shared_between_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<crate::extract::Context>();
    shared::<crate::extract::Candidate>();
}

//! Proposing figures from a press text (issue 25): every count the text states of something a
//! metric measures, with its qualifier, its status, its edition, the clause that states it
//! and who said it, for an editor to accept or reject. Nothing here touches the database.
//!
//! Reading goes: tokens and sentences (`text`), amounts and their hedge words (`numbers`),
//! the counted noun after an amount, matched by stem against each metric's terms (`terms`),
//! the tense markers (`status`), the edition the text names or the date implies (`edition`),
//! and the source the text gives (`attribution`). `quote::locate` finds a curated quote in
//! its text.
//!
//! The rules an editor sees in `Why`:
//! - qualifier: «более», «свыше», «больше», «более чем», «превысило» → `more_than`; «около»,
//!   «порядка», «примерно», «почти» → `about` (the service has no «just under»); «не менее»,
//!   «минимум», «от» alone, «и более» after → `at_least`; «до», «не более», «максимум»,
//!   «менее» → `up_to`; two bounds («5-6 тысяч», «от 5 до 6 тысяч») → `range`; none → `exact`;
//! - status: the tense marker nearest the number in its clause, else in its sentence
//!   («ожидается», «соберет», «подтвердили участие», «зарегистрировались» → `expected`;
//!   «собрал», «посетили», «приняли участие», «было подписано» → `actual`; «будет подписано»
//!   → `expected`); with none, `expected` if published before the edition opened, `actual`
//!   from its opening on;
//! - edition: what the text says nearest the number (see `edition`), carried over from an
//!   earlier sentence of the paragraph unless the tense contradicts it; else the date's rule;
//! - a figure stated twice alike is proposed once, where it first stands; numbers that count
//!   no metric's noun (countries, days, per cent, years, money, ordinals, dates) are not
//!   proposed, nor a change («с 108 до 109,5»).

mod attribution;
mod edition;
mod numbers;
pub mod quote;
mod status;
mod terms;
mod text;

#[cfg(test)]
mod tests;

use std::collections::HashSet;

use chrono::NaiveDate;

use crate::domain::{FigureStatus, Qualifier, number};
use edition::{Editions, Mark};
use numbers::Amount;
use terms::{Lexicon, Match};
use text::{Kind, Sentence, Token};

pub use quote::{Span, locate};
pub use terms::default_terms;

/// The largest text a caller should hand over (1 MiB); `extract` itself reads any length.
pub const MAX_TEXT_BYTES: usize = 1 << 20;

/// A metric and the terms it is known by (see `default_terms` for their syntax).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct MetricTerms {
    pub code: String,
    pub terms: Vec<String>,
}

/// An edition as the extractor needs it: its year, its ordinal (1 = I in 2016 … 9 = IX in
/// 2025) and its days, where known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct EditionDates {
    pub year: i32,
    pub number: i32,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
}

/// What extraction reads a text against: the metrics with their terms, and the editions.
pub struct Context {
    metrics: Vec<MetricTerms>,
    editions: Vec<EditionDates>,
    lexicon: Lexicon,
}

impl Context {
    pub fn new(metrics: Vec<MetricTerms>, editions: Vec<EditionDates>) -> Context {
        let lexicon = Lexicon::new(metrics.iter().map(|m| m.terms.as_slice()));
        Context { metrics, editions, lexicon }
    }

    /// The metrics given, each with `default_terms`.
    pub fn with_default_terms<S: AsRef<str>>(
        codes: impl IntoIterator<Item = S>,
        editions: Vec<EditionDates>,
    ) -> Context {
        let metrics = codes
            .into_iter()
            .map(|code| MetricTerms { code: code.as_ref().to_string(), terms: default_terms(code.as_ref()) })
            .collect();
        Context::new(metrics, editions)
    }

    pub fn metrics(&self) -> &[MetricTerms] {
        &self.metrics
    }

    pub fn editions(&self) -> &[EditionDates] {
        &self.editions
    }
}

/// The words that decided each part of a candidate, for the editor.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Why {
    pub metric: String,
    pub qualifier: String,
    pub status: String,
    pub edition: String,
}

/// A figure the text states. `start..end` are the quote's offsets in the text's characters
/// (Unicode code points).
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Candidate {
    pub metric: String,
    #[serde(serialize_with = "number::serialize")]
    pub value: f64,
    #[serde(serialize_with = "number::serialize_option")]
    pub value_from: Option<f64>,
    pub qualifier: Qualifier,
    pub status: FigureStatus,
    pub edition: Option<i32>,
    pub quote: String,
    pub start: usize,
    pub end: usize,
    pub attributed_to: Option<String>,
    pub why: Why,
}

/// Words between a term and the amount after it that link them («участников — 6 тысяч»,
/// «число участников составило 6 тысяч»), by prefix.
const LINKS: &[&str] = &["составил", "составля", "составит", "превысил", "превысит", "достиг", "насчитыва"];

/// The index of the clause that holds token `at` (clauses are in order, and may leave out
/// the marks between them).
fn clause_of(s: &Sentence, at: usize) -> usize {
    s.clauses.partition_point(|&(_, end)| end <= at).min(s.clauses.len().saturating_sub(1))
}

/// How far around a number the conditions of terms are looked for, in tokens: the sentence,
/// unless the sentence never ends.
const CONDITION_REACH: usize = 60;

/// One reading of a text.
struct Reader<'a> {
    chars: Vec<char>,
    tokens: Vec<Token>,
    stems: Vec<String>,
    sentences: Vec<Sentence>,
    /// Per sentence, the token its paragraph starts at.
    paragraph_starts: Vec<usize>,
    marks: Vec<Mark>,
    editions: Editions<'a>,
    ctx: &'a Context,
}

/// Proposes every figure `text` states, once each (a figure stated twice, the same in every
/// part, is proposed where it first appears). `published_on` is the text's date; for a text
/// known only by its month, pass the month's first day.
pub fn extract(text: &str, published_on: Option<NaiveDate>, ctx: &Context) -> Vec<Candidate> {
    let chars: Vec<char> = text.chars().collect();
    let tokens = text::tokenize(&chars);
    let stems = tokens.iter().map(|t| if t.is_word() { ctx.lexicon.stem(&t.text) } else { String::new() }).collect();
    let sentences = text::sentences(&tokens, status::is_marker);
    let editions = Editions { list: &ctx.editions, published: published_on };
    let marks = editions.marks(&tokens);
    let mut paragraph_starts = Vec::with_capacity(sentences.len());
    for (n, s) in sentences.iter().enumerate() {
        let same = n > 0 && sentences[n - 1].paragraph == s.paragraph;
        paragraph_starts.push(if same { paragraph_starts[n - 1] } else { s.start });
    }
    let reader = Reader { chars, tokens, stems, sentences, paragraph_starts, marks, editions, ctx };
    reader.candidates()
}

impl Reader<'_> {
    fn original(&self, start: usize, end: usize) -> String {
        let (from, to) = (self.tokens[start].start, self.tokens[end - 1].end);
        self.chars[from..to].iter().collect()
    }

    fn candidates(&self) -> Vec<Candidate> {
        let attribution = attribution::Attribution::new(&self.tokens, &self.sentences);
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for (n, s) in self.sentences.iter().enumerate() {
            let words: Vec<(usize, &str)> =
                (s.start..s.end).filter(|&k| !self.stems[k].is_empty()).map(|k| (k, self.stems[k].as_str())).collect();
            let mut k = s.start;
            let mut previous = None;
            while k < s.end {
                let Some(amount) = numbers::amount_at(&self.tokens, k) else {
                    k += 1;
                    continue;
                };
                k = amount.end.max(k + 1);
                let near = &words[words.partition_point(|(t, _)| *t + CONDITION_REACH < amount.start)
                    ..words.partition_point(|(t, _)| *t < amount.end + CONDITION_REACH)];
                let Some((mut candidate, found)) = self.candidate(n, &amount, near, previous.as_ref()) else {
                    continue;
                };
                previous = Some((found, amount.end));
                candidate.attributed_to = attribution.of(n).map(|(a, b)| self.original(a, b));
                let key = (
                    candidate.metric.clone(),
                    candidate.value.to_bits(),
                    candidate.value_from.map(f64::to_bits),
                    candidate.qualifier,
                    candidate.status,
                    candidate.edition,
                );
                if seen.insert(key) {
                    out.push(candidate);
                }
            }
        }
        out
    }

    /// The term an amount counts: the noun after it (past adjectives, or a dash: «2 тысяч —
    /// участники из других регионов»), or one linked before it when nothing follows
    /// («участников — 6 тысяч»), or, when nothing follows an amount after a dash, the noun of
    /// the figure before it in the sentence, left out («в 2016 году — 1,5 тыс. человек, в
    /// 2024-м — уже 6 тысяч»).
    fn counted<'a>(
        &'a self,
        s: &Sentence,
        amount: &Amount,
        words: &[(usize, &str)],
        previous: Option<&(Match<'a>, usize)>,
    ) -> Option<Match<'a>> {
        let tokens = &self.tokens;
        let mut q = amount.end;
        if amount.hedge.is_some_and(|(a, _)| a == amount.end) {
            q += 2;
        }
        if tokens.get(q).is_some_and(|t| t.is_mark('-') && t.space_before) {
            q += 1;
        }
        for _ in 0..3 {
            let Some(word) = tokens.get(q).filter(|_| q < s.end).and_then(Token::word) else {
                break;
            };
            if let Some(found) = self.ctx.lexicon.at(tokens, &self.stems, q, words, Some(amount.phrase_start)) {
                return Some(found);
            }
            if !terms::adjective_like(word) {
                return None;
            }
            q += 1;
        }
        let nothing_follows = amount.end >= s.end || !tokens[amount.end].is_word();
        if !nothing_follows || amount.year_like {
            return None;
        }
        let low = amount.phrase_start.saturating_sub(8).max(s.start);
        let linked = (low..amount.phrase_start).rev().find_map(|q| {
            let found = self.ctx.lexicon.at(tokens, &self.stems, q, words, None)?;
            // The hedge may be the link itself («число участников превысило 6 тысяч»).
            let between = &tokens[found.end.min(amount.start)..amount.start];
            let linked = between.iter().any(|t| {
                t.is_mark(':') || t.is_mark('-') || t.word().is_some_and(|w| LINKS.iter().any(|l| w.starts_with(l)))
            });
            (found.end <= amount.phrase_start && between.len() <= 5 && linked).then_some(found)
        });
        linked.or_else(|| {
            let (before, end) = previous?;
            let dash = tokens[*end..amount.phrase_start].iter().any(|t| t.is_mark('-'));
            (dash && amount.phrase_start - end <= 12).then(|| Match { elided: true, ..before.clone() })
        })
    }

    /// The clause a figure stands in, joined to the one before when it is too short to read
    /// alone («выставка технологий: 20 стендов»), without the marks at its ends.
    fn quote_span(&self, s: &Sentence, at: usize) -> (usize, usize) {
        let index = clause_of(s, at);
        let (mut start, end) = s.clauses.get(index).copied().unwrap_or((s.start, s.end));
        let words = (start..end).filter(|&k| !matches!(self.tokens[k].kind, Kind::Mark(_))).count();
        if words < 4 && index > 0 {
            start = s.clauses[index - 1].0;
        }
        let edge = |k: usize, closing: bool| match self.tokens[k].kind {
            Kind::Mark(c) => ",;:-\"(".contains(c) || (!closing && c == ')'),
            _ => false,
        };
        let (mut a, mut b) = (start, end);
        // A dateline before the first words («date 2025-10-22 На Урале …») is not what they state.
        if let Some(date) = (a..b.min(a + 2)).find(|&k| self.tokens[k].kind == Kind::Date) {
            a = date + 1;
        }
        while a < b && edge(a, false) {
            a += 1;
        }
        while b > a && edge(b - 1, true) {
            b -= 1;
        }
        (a, b)
    }

    /// The edition mark that governs an amount: the nearest before it in its clause, else
    /// after it there; else the nearest before it in its sentence (one after it, outside its
    /// clause, is another clause's: «…38 соглашений, тогда как в 2024 году…»); else the last
    /// one earlier in its paragraph.
    fn mark_for(&self, n: usize, clause: (usize, usize), amount: &Amount) -> Option<(&Mark, bool)> {
        let s = &self.sentences[n];
        let within = |(a, b): (usize, usize)| {
            self.marks_between(a, b)
                .iter()
                .filter(move |m| m.end <= b && (m.end <= amount.phrase_start || m.at >= amount.end))
        };
        let before = |range| within(range).rfind(|m| m.at < amount.start);
        let after = |range| within(range).find(|m| m.at >= amount.end);
        if let Some(mark) = before(clause).or_else(|| after(clause)).or_else(|| before((s.start, s.end))) {
            return Some((mark, false));
        }
        self.marks_between(self.paragraph_starts[n], s.start)
            .iter()
            .rfind(|m| m.end <= s.start && m.year.is_some())
            .map(|m| (m, true))
    }

    /// The marks that start at tokens `a..b` (marks are in the text's order).
    fn marks_between(&self, a: usize, b: usize) -> &[Mark] {
        let from = self.marks.partition_point(|m| m.at < a);
        let to = self.marks.partition_point(|m| m.at < b);
        &self.marks[from..to.max(from)]
    }

    fn candidate<'a>(
        &'a self,
        n: usize,
        amount: &Amount,
        words: &[(usize, &str)],
        previous: Option<&(Match<'a>, usize)>,
    ) -> Option<(Candidate, Match<'a>)> {
        let s = &self.sentences[n];
        if amount.change || self.tokens.get(amount.end).is_some_and(|t| t.is_mark('%')) {
            return None;
        }
        let found = self.counted(s, amount, words, previous)?;
        let metric = &self.ctx.metrics[found.term.metric];
        let clause = s.clauses.get(clause_of(s, amount.start)).copied().unwrap_or((s.start, s.end));

        let span = (amount.phrase_start, amount.end);
        let marker = status::nearest(&self.tokens, span, clause)
            .or_else(|| status::nearest(&self.tokens, span, (s.start, s.end)));

        let (year, edition_why) = self.edition_for(n, clause, amount, marker.as_ref());
        let (status, status_why) = match marker {
            Some(m) => (m.status, format!("«{}» → {}", self.original(m.start, m.end), m.status)),
            None => status::by_date(self.editions.published, year.and_then(|y| self.editions.get(y))),
        };
        let qualifier_why = match amount.hedge {
            Some((a, b)) => format!("«{}» → {}", self.original(a, b), amount.qualifier),
            None => "no hedge word → exact".to_string(),
        };
        let metric_why = self.metric_why(&found, amount, &metric.code);
        let (a, b) = self.quote_span(s, amount.start);
        let (start, end) = (self.tokens[a].start, self.tokens[b - 1].end);
        let candidate = Candidate {
            metric: metric.code.clone(),
            value: amount.value,
            value_from: amount.from,
            qualifier: amount.qualifier,
            status,
            edition: year,
            quote: self.chars[start..end].iter().collect(),
            start,
            end,
            attributed_to: None,
            why: Why { metric: metric_why, qualifier: qualifier_why, status: status_why, edition: edition_why },
        };
        Some((candidate, found))
    }

    /// The edition an amount belongs to and why: the mark that governs it, else the date's
    /// edition, else the first the text names.
    fn edition_for(
        &self,
        n: usize,
        clause: (usize, usize),
        amount: &Amount,
        marker: Option<&status::Marker>,
    ) -> (Option<i32>, String) {
        let mut edition = self.mark_for(n, clause, amount).map(|(mark, carried)| {
            let words = self.original(mark.at, mark.end);
            let year = mark.year.map_or("no such edition in the list".to_string(), |y| y.to_string());
            let place = if carried { " earlier in the paragraph" } else { "" };
            (mark.year, format!("«{words}»{place} → {year} ({})", mark.how), carried)
        });
        // A year carried from an earlier sentence yields to the date when the tense contradicts
        // it: a forecast about an edition already over, a report on one not yet begun.
        if let (Some((Some(year), _, true)), Some(marker), Some(published)) =
            (&edition, marker, self.editions.published)
        {
            let dates = self.editions.get(*year);
            let over = dates.and_then(|e| e.ends_on).is_some_and(|d| d < published);
            let ahead = dates.and_then(|e| e.starts_on).is_some_and(|d| d > published);
            if (marker.status == FigureStatus::Expected && over) || (marker.status == FigureStatus::Actual && ahead) {
                edition = None;
            }
        }
        if let Some((year, why, _)) = edition {
            return (year, why);
        }
        if let Some((year, why)) = self.editions.by_date() {
            return (Some(year), why);
        }
        match self.marks.iter().find(|m| m.year.is_some()) {
            Some(first) => {
                let words = self.original(first.at, first.end);
                (first.year, format!("none near the figure; the text names «{words}»"))
            }
            None => (None, "no edition named and no publication date".to_string()),
        }
    }

    /// The words that decided the metric, for the editor.
    fn metric_why(&self, found: &Match, amount: &Amount, code: &str) -> String {
        let counted = match found.before {
            Some(before) => format!(
                "«{}» … «{}»",
                self.original(before, amount.phrase_start),
                self.original(found.start, found.end)
            ),
            None => format!("«{}»", self.original(found.start, found.end)),
        };
        let elided = if found.elided { ", said before and left out here" } else { "" };
        let condition =
            found.because.map(|k| format!(", with «{}» in the sentence", self.original(k, k + 1))).unwrap_or_default();
        format!("{counted}{elided} → {code} (term «{}»){condition}", found.term.text)
    }
}

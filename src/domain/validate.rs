//! The checks an input passes before it is written, every problem collected at once.
//! What needs the database (references) is checked in `queries::write`; the shape is
//! checked by deserialisation.

use std::collections::HashSet;

use super::Qualifier;
use super::models::{
    AgreementInput, EditionInput, FigureInput, Metric, Organization, PersonInput, SessionInput, Source, Track,
};
use crate::error::FieldError;

pub const MAX_KEY: usize = 200;
pub const MAX_SHORT_TEXT: usize = 1_000;
pub const MAX_LONG_TEXT: usize = 20_000;

/// Collects field errors under a path prefix (`figures[3].` in a bundle, empty for a body).
pub struct Errors<'a> {
    prefix: String,
    pub list: &'a mut Vec<FieldError>,
}

impl<'a> Errors<'a> {
    pub fn new(prefix: impl Into<String>, list: &'a mut Vec<FieldError>) -> Self {
        Self { prefix: prefix.into(), list }
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.list.push(FieldError::new(format!("{}{field}", self.prefix), message));
    }

    fn slug(&mut self, field: &str, value: &str, allow_dash: bool) {
        let valid_char = |c: char| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || (allow_dash && (c == '-' || c == '.'))
        };
        let first_ok = value.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        if value.is_empty() {
            self.add(field, "must not be empty");
        } else if value.len() > MAX_KEY {
            self.add(field, format!("must be at most {MAX_KEY} characters"));
        } else if !first_ok || !value.chars().all(valid_char) {
            let allowed = if allow_dash { "a-z, 0-9, '-', '_' and '.'" } else { "a-z, 0-9 and '_'" };
            self.add(field, format!("must be a slug: {allowed}, starting with a letter or digit"));
        }
    }

    fn key(&mut self, field: &str, value: &str) {
        self.slug(field, value, true);
    }

    fn required(&mut self, field: &str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.add(field, "must not be empty");
        } else {
            self.limit(field, value, max);
        }
    }

    fn optional(&mut self, field: &str, value: Option<&str>, max: usize) {
        if let Some(value) = value {
            if value.trim().is_empty() {
                self.add(field, "must be null or not empty");
            } else {
                self.limit(field, value, max);
            }
        }
    }

    fn limit(&mut self, field: &str, value: &str, max: usize) {
        if value.chars().count() > max {
            self.add(field, format!("must be at most {max} characters"));
        }
        // PostgreSQL's text cannot hold it, so neither backend takes it.
        if value.contains('\0') {
            self.add(field, "must not contain the NUL character (U+0000)");
        }
    }

    fn year(&mut self, field: &str, year: i32) {
        if !(2000..=2100).contains(&year) {
            self.add(field, format!("must be a year from 2000 to 2100, not {year}"));
        }
    }

    fn distinct<'v>(&mut self, field: &str, values: impl IntoIterator<Item = &'v str>) {
        let mut seen = HashSet::new();
        for value in values {
            if !seen.insert(value) {
                self.add(field, format!("lists `{value}` twice"));
            }
        }
    }

    fn keys(&mut self, field: &str, values: &[String]) {
        for (i, value) in values.iter().enumerate() {
            self.key(&format!("{field}[{i}]"), value);
        }
        self.distinct(field, values.iter().map(String::as_str));
    }
}

pub fn source(s: &Source, e: &mut Errors) {
    e.key("key", &s.key);
    e.required("title", &s.title, MAX_SHORT_TEXT);
    e.optional("publisher", s.publisher.as_deref(), MAX_SHORT_TEXT);
    e.optional("notes", s.notes.as_deref(), MAX_LONG_TEXT);
    if let Some(url) = &s.url {
        if !(url.starts_with("https://") || url.starts_with("http://")) || url.contains(char::is_whitespace) {
            e.add("url", "must be an http:// or https:// URL");
        }
        e.limit("url", url, MAX_SHORT_TEXT);
    }
    let language_ok =
        (2..=8).contains(&s.language.len()) && s.language.chars().all(|c| c.is_ascii_lowercase() || c == '-');
    if !language_ok {
        e.add("language", "must be a language code such as `ru` or `en`");
    }
    if s.published_on.is_some() && s.published_in.is_some() {
        e.add("published_in", "must be null when published_on gives the day; it is for a month or year without a day");
    }
}

pub fn metric(m: &Metric, e: &mut Errors) {
    e.slug("code", &m.code, false);
    e.required("label_ru", &m.label_ru, MAX_SHORT_TEXT);
    e.required("label_en", &m.label_en, MAX_SHORT_TEXT);
    e.required("unit", &m.unit, MAX_SHORT_TEXT);
    e.required("description", &m.description, MAX_LONG_TEXT);
}

pub fn organization(o: &Organization, e: &mut Errors) {
    e.key("key", &o.key);
    e.required("name", &o.name, MAX_SHORT_TEXT);
    e.optional("city", o.city.as_deref(), MAX_SHORT_TEXT);
    e.optional("region", o.region.as_deref(), MAX_SHORT_TEXT);
    e.optional("notes", o.notes.as_deref(), MAX_LONG_TEXT);
}

pub fn person(p: &PersonInput, e: &mut Errors) {
    e.key("key", &p.key);
    e.required("name", &p.name, MAX_SHORT_TEXT);
    e.optional("notes", p.notes.as_deref(), MAX_LONG_TEXT);
    let mut editions = HashSet::new();
    for (i, a) in p.appearances.iter().enumerate() {
        let at = |field: &str| format!("appearances[{i}].{field}");
        e.year(&at("edition"), a.edition);
        if !editions.insert(a.edition) {
            e.add(&at("edition"), format!("a person appears at most once per edition; {} is listed twice", a.edition));
        }
        e.optional(&at("position"), a.position.as_deref(), MAX_SHORT_TEXT);
        if let Some(org) = &a.organization {
            e.key(&at("organization"), org);
        }
        e.optional(&at("notes"), a.notes.as_deref(), MAX_LONG_TEXT);
        if a.sources.is_empty() {
            e.add(&at("sources"), "an appearance cites at least one source");
        }
        e.keys(&at("sources"), &a.sources);
    }
}

pub fn edition(ed: &EditionInput, e: &mut Errors) {
    e.year("year", ed.year);
    if let Some(number) = ed.number
        && !(1..=1000).contains(&number)
    {
        e.add("number", format!("must be from 1 to 1000, not {number}"));
    }
    e.required("title", &ed.title, MAX_SHORT_TEXT);
    e.optional("theme", ed.theme.as_deref(), MAX_SHORT_TEXT);
    e.required("city", &ed.city, MAX_SHORT_TEXT);
    e.optional("venue", ed.venue.as_deref(), MAX_SHORT_TEXT);
    e.optional("notes", ed.notes.as_deref(), MAX_LONG_TEXT);
    if let (Some(start), Some(end)) = (ed.starts_on, ed.ends_on)
        && end < start
    {
        e.add("ends_on", format!("must not be before starts_on ({start})"));
    }
    e.keys("organizers", &ed.organizers);
    e.keys("partner_cities", &ed.partner_cities);
    e.keys("sources", &ed.sources);
}

pub fn track(t: &Track, e: &mut Errors) {
    e.year("edition", t.edition);
    e.key("key", &t.key);
    e.required("title", &t.title, MAX_SHORT_TEXT);
    e.optional("description", t.description.as_deref(), MAX_LONG_TEXT);
    e.keys("sources", &t.sources);
}

pub fn session(s: &SessionInput, e: &mut Errors) {
    e.year("edition", s.edition);
    e.key("key", &s.key);
    e.required("title", &s.title, MAX_SHORT_TEXT);
    if let Some(track) = &s.track {
        e.key("track", track);
    }
    e.optional("venue", s.venue.as_deref(), MAX_SHORT_TEXT);
    e.optional("description", s.description.as_deref(), MAX_LONG_TEXT);
    e.optional("notes", s.notes.as_deref(), MAX_LONG_TEXT);
    if let (Some(start), Some(end)) = (s.starts_at, s.ends_at)
        && end < start
    {
        e.add("ends_at", format!("must not be before starts_at ({start})"));
    }
    for (i, p) in s.participants.iter().enumerate() {
        e.key(&format!("participants[{i}].person"), &p.person);
        e.optional(&format!("participants[{i}].position"), p.position.as_deref(), MAX_SHORT_TEXT);
        if let Some(org) = &p.organization {
            e.key(&format!("participants[{i}].organization"), org);
        }
    }
    e.distinct("participants", s.participants.iter().map(|p| p.person.as_str()));
    if s.sources.is_empty() {
        e.add("sources", "a session cites at least one source");
    }
    e.keys("sources", &s.sources);
}

pub fn agreement(a: &AgreementInput, e: &mut Errors) {
    e.year("edition", a.edition);
    e.key("key", &a.key);
    e.required("title", &a.title, MAX_SHORT_TEXT);
    e.keys("parties", &a.parties);
    e.key("source", &a.source);
    e.optional("notes", a.notes.as_deref(), MAX_LONG_TEXT);
    if a.signed_on.is_some() && a.status == super::AgreementStatus::Planned {
        e.add("signed_on", "a planned agreement has no signing date; set status to `signed`");
    }
}

pub fn figure(f: &FigureInput, e: &mut Errors) {
    if let Some(key) = &f.key {
        e.key("key", key);
    }
    e.year("edition", f.edition);
    e.slug("metric", &f.metric, false);
    if !f.value.is_finite() || f.value < 0.0 {
        e.add("value", format!("must be a number of 0 or more, not {}", f.value));
    }
    match (f.qualifier, f.value_from) {
        (Qualifier::Range, None) => e.add("value_from", "is required with qualifier `range`: the range's lower bound"),
        (Qualifier::Range, Some(from)) if !from.is_finite() || from < 0.0 => {
            e.add("value_from", format!("must be a number of 0 or more, not {from}"))
        }
        (Qualifier::Range, Some(from)) if from >= f.value => {
            e.add("value_from", format!("must be below value ({}): a range goes from value_from up to value", f.value))
        }
        (Qualifier::Range, Some(_)) | (_, None) => {}
        (other, Some(_)) => e.add(
            "value_from",
            format!("is only for qualifier `range`, not `{other}`; leave it out or make the qualifier `range`"),
        ),
    }
    if f.reported_on.is_some() && f.reported_in.is_some() {
        e.add("reported_in", "must be null when reported_on gives the day; it is for a month or year without a day");
    }
    e.key("source", &f.source);
    e.optional("quote", f.quote.as_deref(), MAX_LONG_TEXT);
    e.optional("attributed_to", f.attributed_to.as_deref(), MAX_SHORT_TEXT);
    e.optional("notes", f.notes.as_deref(), MAX_LONG_TEXT);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::FigureStatus;

    fn figure_input() -> FigureInput {
        FigureInput {
            key: None,
            edition: 2025,
            metric: "participants".into(),
            value: 7000.0,
            value_from: None,
            qualifier: Qualifier::MoreThan,
            status: FigureStatus::Expected,
            source: "tass-2025-10-22".into(),
            reported_on: None,
            reported_in: None,
            quote: None,
            attributed_to: None,
            notes: None,
        }
    }

    #[test]
    fn collects_every_problem_with_its_path() {
        let mut list = Vec::new();
        let mut bad = figure_input();
        bad.value = -1.0;
        bad.edition = 1999;
        bad.metric = "Participants!".into();
        figure(&bad, &mut Errors::new("figures[3].", &mut list));
        let fields: Vec<&str> = list.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["figures[3].edition", "figures[3].metric", "figures[3].value"]);
    }

    #[test]
    fn a_valid_figure_passes() {
        let mut list = Vec::new();
        figure(&figure_input(), &mut Errors::new("", &mut list));
        assert!(list.is_empty(), "{list:?}");
    }

    #[test]
    fn a_range_needs_both_bounds_in_order() {
        let messages = |f: &FigureInput| {
            let mut list = Vec::new();
            figure(f, &mut Errors::new("", &mut list));
            list.into_iter().map(|e| e.field).collect::<Vec<_>>()
        };
        let mut range = figure_input();
        range.qualifier = Qualifier::Range;
        assert_eq!(messages(&range), ["value_from"], "a range without its lower bound");
        range.value_from = Some(5000.0);
        assert!(messages(&range).is_empty());
        range.value_from = Some(7000.0);
        assert_eq!(messages(&range), ["value_from"], "the lower bound must be below the upper");
        let mut hedged = figure_input();
        hedged.value_from = Some(5000.0);
        assert_eq!(messages(&hedged), ["value_from"], "a lower bound without `range`");
        let mut dated_twice = figure_input();
        dated_twice.reported_on = chrono::NaiveDate::from_ymd_opt(2025, 10, 22);
        dated_twice.reported_in = Some(crate::domain::period::Period::Month(2025, 10));
        assert_eq!(messages(&dated_twice), ["reported_in"]);
    }
}

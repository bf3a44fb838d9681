//! Citations of a source, or of a figure (its source's, with the figure's quote as a note), in
//! the forms reference managers read and DOI services answer by content negotiation: CSL-JSON,
//! BibTeX, and a formatted reference after ГОСТ Р 7.0.100-2018, the Russian standard.

use chrono::{Datelike, NaiveDate};
use serde_json::{Value, json};

use super::models::Source;
use super::period::Period;

/// What is cited: a source, and the words of one figure in it.
pub struct Cited<'a> {
    /// The citation's identifier: the source's key, or the figure's.
    pub id: String,
    pub source: &'a Source,
    pub quote: Option<&'a str>,
}

impl<'a> Cited<'a> {
    pub fn source(source: &'a Source) -> Self {
        Cited { id: source.key.clone(), source, quote: None }
    }
}

/// When the source was published, to the day when known, else to the month or year.
fn issued(source: &Source) -> Option<Vec<i64>> {
    match (source.published_on, source.published_in) {
        (Some(day), _) => Some(vec![day.year().into(), day.month().into(), day.day().into()]),
        (None, Some(Period::Month(year, month))) => Some(vec![year.into(), month.into()]),
        (None, Some(Period::Year(year))) => Some(vec![year.into()]),
        (None, None) => None,
    }
}

fn date_parts(day: NaiveDate) -> Value {
    json!({ "date-parts": [[day.year(), day.month(), day.day()]] })
}

/// One CSL-JSON item. `accessed` is the day the citation is asked for: what a reader citing
/// it now would write.
pub fn csl(cited: &Cited, accessed: NaiveDate) -> Value {
    let source = cited.source;
    let mut item = serde_json::Map::new();
    item.insert("id".into(), json!(cited.id));
    // A web page's publisher is its site, which CSL calls the container; a document without a
    // URL has a publisher.
    let (kind, publisher_field) = match source.url {
        Some(_) => ("webpage", "container-title"),
        None => ("document", "publisher"),
    };
    item.insert("type".into(), json!(kind));
    item.insert("title".into(), json!(source.title));
    if let Some(publisher) = &source.publisher {
        item.insert(publisher_field.into(), json!(publisher));
    }
    if let Some(parts) = issued(source) {
        item.insert("issued".into(), json!({ "date-parts": [parts] }));
    }
    if let Some(url) = &source.url {
        item.insert("URL".into(), json!(url));
    }
    item.insert("language".into(), json!(source.language));
    item.insert("accessed".into(), date_parts(accessed));
    if let Some(quote) = cited.quote {
        item.insert("note".into(), json!(quote));
    }
    Value::Object(item)
}

/// Text in a BibTeX field: its special characters escaped, so it prints as written.
fn bibtex_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '%' | '&' | '#' | '_' | '$' => {
                out.push('\\');
                out.push(ch);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '\n' | '\r' => out.push(' '),
            other => out.push(other),
        }
    }
    out
}

/// A URL as a BibTeX field holds it verbatim: only what would unbalance the braces is encoded.
fn bibtex_url(url: &str) -> String {
    url.replace('{', "%7B").replace('}', "%7D")
}

const BIBTEX_MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

fn bibtex_language(code: &str) -> &str {
    match code {
        "ru" => "russian",
        "en" => "english",
        other => other,
    }
}

/// One BibTeX entry (`@misc`, which BibTeX and biblatex styles both print, with `url`).
pub fn bibtex(cited: &Cited, accessed: NaiveDate) -> String {
    let source = cited.source;
    // Doubled braces keep the title's capitals as written.
    let mut fields: Vec<(&str, String)> = vec![("title", format!("{{{{{}}}}}", bibtex_text(&source.title)))];
    if let Some(publisher) = &source.publisher {
        fields.push(("publisher", format!("{{{}}}", bibtex_text(publisher))));
    }
    if let Some(parts) = issued(source) {
        fields.push(("year", format!("{{{}}}", parts[0])));
        if let Some(month) = parts.get(1) {
            fields.push(("month", BIBTEX_MONTHS[(*month as usize) - 1].to_string()));
        }
        if let Some(day) = source.published_on {
            fields.push(("date", format!("{{{day}}}")));
        }
    }
    if let Some(url) = &source.url {
        fields.push(("url", format!("{{{}}}", bibtex_url(url))));
        fields.push(("urldate", format!("{{{accessed}}}")));
    }
    fields.push(("language", format!("{{{}}}", bibtex_language(&source.language))));
    if let Some(quote) = cited.quote {
        fields.push(("note", format!("{{{}}}", bibtex_text(quote))));
    }
    let body: Vec<String> = fields.iter().map(|(name, value)| format!("  {name} = {value}")).collect();
    format!("@misc{{{},\n{}\n}}\n", cited.id, body.join(",\n"))
}

/// Month abbreviations after ГОСТ Р 7.0.12-2011, in the genitive after a day.
const GOST_MONTHS: [&str; 12] =
    ["янв.", "февр.", "марта", "апр.", "мая", "июня", "июля", "авг.", "сент.", "окт.", "нояб.", "дек."];

/// Ends a bibliographic element with a full stop unless it ends with its own punctuation.
fn closed(text: &str) -> String {
    let text = text.trim();
    if text.ends_with(['.', '!', '?', '…']) { text.to_string() } else { format!("{text}.") }
}

/// The reference as a Russian bibliography lists an electronic resource (ГОСТ Р 7.0.100-2018):
/// «Заглавие. – Текст : электронный // Сайт : [сайт]. – 2025. – 22 окт. – URL: … (дата
/// обращения: 03.12.2026).» A figure's quote follows, in quotation marks.
pub fn gost(cited: &Cited, accessed: NaiveDate) -> String {
    let source = cited.source;
    let mut elements = vec![source.title.clone()];
    elements.push(match (&source.publisher, &source.url) {
        (Some(publisher), Some(_)) => format!("Текст : электронный // {publisher} : [сайт]"),
        (Some(publisher), None) => format!("Текст : электронный // {publisher}"),
        (None, _) => "Текст : электронный".to_string(),
    });
    match (source.published_on, source.published_in) {
        (Some(day), _) => {
            elements.push(day.year().to_string());
            elements.push(format!("{} {}", day.day(), GOST_MONTHS[day.month0() as usize]));
        }
        (None, Some(period)) => elements.push(period.year().to_string()),
        (None, None) => {}
    }
    if let Some(url) = &source.url {
        elements.push(format!("URL: {url} (дата обращения: {})", accessed.format("%d.%m.%Y")));
    }
    let mut text = elements.iter().map(|e| closed(e)).collect::<Vec<_>>().join(" – ");
    if let Some(quote) = cited.quote {
        // Quotation marks inside «…» become „…“, as Russian typography nests them.
        let inner = quote.trim().replace('«', "„").replace('»', "“");
        text.push_str(&format!(" Цитата: «{inner}»."));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tass() -> Source {
        Source {
            key: "tass-2025-10-22".into(),
            title: "На Урале участниками форума \"Города России\" станут представители более 250 городов".into(),
            publisher: Some("ТАСС".into()),
            url: Some("https://tass.ru/obschestvo/25423331".into()),
            published_on: NaiveDate::from_ymd_opt(2025, 10, 22),
            published_in: None,
            language: "ru".into(),
            notes: None,
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
    }

    #[test]
    fn csl_names_what_a_reference_manager_reads() {
        let source = tass();
        let item = csl(&Cited::source(&source), today());
        assert_eq!(item["type"], "webpage");
        assert_eq!(item["container-title"], "ТАСС");
        assert_eq!(item["issued"]["date-parts"], json!([[2025, 10, 22]]));
        assert_eq!(item["accessed"]["date-parts"], json!([[2026, 12, 3]]));
        assert_eq!(item["URL"], "https://tass.ru/obschestvo/25423331");
        let undated = Source { published_on: None, published_in: Some(Period::Month(2025, 10)), url: None, ..tass() };
        let item = csl(&Cited::source(&undated), today());
        assert_eq!((item["type"].as_str(), item["publisher"].as_str()), (Some("document"), Some("ТАСС")));
        assert_eq!(item["issued"]["date-parts"], json!([[2025, 10]]));
    }

    #[test]
    fn bibtex_escapes_what_it_must() {
        let source = Source { title: "50% {всех} & #1 — a_b".into(), ..tass() };
        let entry = bibtex(&Cited::source(&source), today());
        assert!(entry.starts_with("@misc{tass-2025-10-22,\n"), "{entry}");
        assert!(entry.contains(r"title = {{50\% \{всех\} \& \#1 — a\_b}}"), "{entry}");
        assert!(entry.contains("month = oct") && entry.contains("urldate = {2026-12-03}"), "{entry}");
        assert!(entry.trim_end().ends_with('}'));
    }

    #[test]
    fn gost_reads_as_a_russian_bibliography() {
        let source = tass();
        let quote = "ожидается «свыше» 7 000 участников";
        let cited = Cited { id: "1".into(), source: &source, quote: Some(quote) };
        assert_eq!(
            gost(&cited, today()),
            "На Урале участниками форума \"Города России\" станут представители более 250 городов. – Текст : \
             электронный // ТАСС : [сайт]. – 2025. – 22 окт. – URL: https://tass.ru/obschestvo/25423331 \
             (дата обращения: 03.12.2026). Цитата: «ожидается „свыше“ 7 000 участников»."
        );
        let bare = Source {
            publisher: None, url: None, published_on: None, title: "Форум прошёл?".into(), ..tass()
        };
        assert_eq!(gost(&Cited::source(&bare), today()), "Форум прошёл? – Текст : электронный.");
    }
}

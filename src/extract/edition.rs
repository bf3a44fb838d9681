//! Which edition a figure belongs to: what the text says («VIII форум», «восьмой», «в пятый
//! раз», «в 2024 году», «в прошлом году», «прошлогодний»), else the publication date.
//!
//! The date's rule: the edition held in the year of publication, whether the text came before
//! it (an announcement) or after (a report); in a year without one, the latest edition that
//! had ended by then. Without a date, the first edition the text names.

use chrono::{Datelike, NaiveDate};

use super::EditionDates;
use super::text::{Kind, Token};

/// Something in the text that names an edition: its tokens `at..end`, and the edition's year
/// if the list of editions has it.
#[derive(Debug, Clone)]
pub(crate) struct Mark {
    pub at: usize,
    pub end: usize,
    pub year: Option<i32>,
    pub how: String,
}

const ORDINAL_STEMS: &[(&str, i32)] = &[
    ("перв", 1),
    ("втор", 2),
    ("трет", 3),
    ("четверт", 4),
    ("пят", 5),
    ("шест", 6),
    ("седьм", 7),
    ("восьм", 8),
    ("девят", 9),
    ("десят", 10),
    ("одиннадцат", 11),
    ("двенадцат", 12),
    ("тринадцат", 13),
    ("четырнадцат", 14),
    ("пятнадцат", 15),
];

const ORDINAL_ENDINGS: &[&str] = &[
    "ый", "ой", "ий", "ого", "ому", "ым", "ом", "ая", "ую", "ое", "ые", "ых", "ыми", "ей", "ья", "ье", "ьи", "ьего",
    "ьему", "ьим", "ьем", "ьей", "ью", "ьих",
];

/// An ordinal in words, in any case and gender: «восьмой», «девятом», «третьего».
fn ordinal(word: &str) -> Option<i32> {
    ORDINAL_STEMS.iter().find_map(|(stem, n)| {
        let ending = word.strip_prefix(stem)?;
        ORDINAL_ENDINGS.contains(&ending).then_some(*n)
    })
}

/// Years relative to the publication («в прошлом году»): the words and the offset.
const RELATIVE: &[(&[&str], i32)] = &[
    (&["позапрошлом", "году"], -2),
    (&["позапрошлого", "года"], -2),
    (&["прошлом", "году"], -1),
    (&["прошлого", "года"], -1),
    (&["прошлый", "год"], -1),
    (&["минувшем", "году"], -1),
    (&["минувшего", "года"], -1),
    (&["этом", "году"], 0),
    (&["этого", "года"], 0),
    (&["текущем", "году"], 0),
    (&["текущего", "года"], 0),
    (&["нынешнем", "году"], 0),
    (&["нынешнего", "года"], 0),
    (&["следующем", "году"], 1),
    (&["следующего", "года"], 1),
    (&["будущем", "году"], 1),
];

/// Words before a year that make it a bound, not the time of the figure («с 2016 года»,
/// «до 2030 года»).
const BOUNDS: &[&str] = &["с", "со", "до", "к", "после", "по", "начиная", "перед"];

/// Whether the forum is what the ordinal at `k` numbers: «форум» right after it, or after
/// adjectives only («IX Общероссийском форуме», not «второй день форума»), or just before it.
fn forum_near(tokens: &[Token], k: usize) -> bool {
    let forum = |t: &Token| t.word().is_some_and(|w| w.starts_with("форум"));
    let after = tokens[k + 1..]
        .iter()
        .take(3)
        .take_while(|t| {
            // Adjectives, with the prepositional «-ом»/«-ем» too («Общероссийском»).
            let adjective = |w: &str| super::terms::adjective_like(w) || w.ends_with("ом") || w.ends_with("ем");
            t.word().is_some_and(|w| forum(t) || adjective(w))
        })
        .any(forum);
    after || k.checked_sub(1).is_some_and(|b| forum(&tokens[b]))
}

pub(crate) struct Editions<'a> {
    pub list: &'a [EditionDates],
    pub published: Option<NaiveDate>,
}

impl Editions<'_> {
    fn by_year(&self, year: i32) -> Option<i32> {
        (self.list.is_empty() || self.list.iter().any(|e| e.year == year)).then_some(year)
    }

    fn by_number(&self, number: i32) -> Option<i32> {
        self.list.iter().find(|e| e.number == number).map(|e| e.year)
    }

    pub fn get(&self, year: i32) -> Option<&EditionDates> {
        self.list.iter().find(|e| e.year == year)
    }

    /// The edition the publication date points to (see the module's rule), and why.
    pub fn by_date(&self) -> Option<(i32, String)> {
        let published = self.published?;
        if let Some(year) = self.by_year(published.year()) {
            return Some((year, format!("none in the text; published {published}: the edition of its year")));
        }
        self.list
            .iter()
            .filter(|e| e.ends_on.or(e.starts_on).is_some_and(|d| d <= published) || e.year < published.year())
            .max_by_key(|e| e.year)
            .map(|e| {
                let why = format!(
                    "none in the text; published {published}, in a year without an edition: the last one before"
                );
                (e.year, why)
            })
    }

    /// Every mark in the text, in order.
    pub fn marks(&self, tokens: &[Token]) -> Vec<Mark> {
        let mut marks = Vec::new();
        for (k, t) in tokens.iter().enumerate() {
            if let Some(mark) = self.mark_at(tokens, k) {
                marks.push(mark);
            } else if t.word().is_some_and(|w| w.starts_with("прошлогодн")) {
                let year = self.published.map(|p| p.year() - 1);
                if let Some(year) = year {
                    marks.push(Mark {
                        at: k,
                        end: k + 1,
                        year: self.by_year(year),
                        how: format!("last year's, published in {}", year + 1),
                    });
                }
            }
        }
        marks
    }

    fn mark_at(&self, tokens: &[Token], k: usize) -> Option<Mark> {
        let t = &tokens[k];
        let mark = |at: usize, end: usize, year: Option<i32>, how: String| Some(Mark { at, end, year, how });
        // «в 2024-м», «2024-го»: a year whatever follows.
        let suffixed =
            matches!(&t.kind, Kind::Number { suffix: Some(s), .. } if matches!(s.as_str(), "м" | "го" | "й"));
        if let Kind::Number { value, plain, .. } = t.kind
            && (plain || suffixed)
        {
            let before = k.checked_sub(1).map(|b| &tokens[b]);
            let number = |i: usize| tokens.get(i).is_some_and(|t| matches!(t.kind, Kind::Number { .. }));
            let ranged = (before.is_some_and(|b| b.is_mark('-')) && k >= 2 && number(k - 2))
                || (tokens.get(k + 1).is_some_and(|n| n.is_mark('-')) && number(k + 2));
            let bound = before.and_then(Token::word).is_some_and(|w| BOUNDS.contains(&w));
            // A year is a time only with «году», «года», «г.» after it; a bare one is part of
            // a name («Города России 2030: вызовы и действия», «Иннопром-2024»).
            let dated =
                suffixed || tokens.get(k + 1).and_then(Token::word).is_some_and(|w| w.starts_with("год") || w == "г");
            if (1900.0..=2100.0).contains(&value) && value.fract() == 0.0 && dated && !ranged && !bound {
                let year = value as i32;
                return mark(k, k + 1, self.by_year(year), format!("the year {year}"));
            }
            return None;
        }
        if !t.is_word() {
            return None;
        }
        if let Some(n) = t.roman().filter(|_| forum_near(tokens, k)) {
            return mark(k, k + 1, self.by_number(n), format!("edition {n}"));
        }
        let word = t.word()?;
        if let Some(n) = ordinal(word) {
            let times = tokens.get(k + 1).and_then(Token::word) == Some("раз")
                && k.checked_sub(1).and_then(|b| tokens[b].word()) == Some("в")
                && n >= 2;
            if times || forum_near(tokens, k) {
                let (at, end) = if times { (k - 1, k + 2) } else { (k, k + 1) };
                return mark(at, end, self.by_number(n), format!("edition {n}"));
            }
        }
        let published = self.published?;
        RELATIVE.iter().find_map(|(phrase, offset)| {
            let fits = phrase.iter().enumerate().all(|(n, w)| tokens.get(k + n).and_then(Token::word) == Some(w));
            let year = published.year() + offset;
            fits.then(|| Mark {
                at: k,
                end: k + phrase.len(),
                year: self.by_year(year),
                how: format!("{year}, relative to the publication in {}", published.year()),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::text::tokenize;

    fn editions() -> Vec<EditionDates> {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        vec![
            EditionDates { year: 2023, number: 7, starts_on: None, ends_on: None },
            EditionDates { year: 2024, number: 8, starts_on: day(2024, 11, 14), ends_on: day(2024, 11, 15) },
            EditionDates { year: 2025, number: 9, starts_on: day(2025, 11, 27), ends_on: day(2025, 11, 28) },
        ]
    }

    fn years(text: &str, published: Option<NaiveDate>) -> Vec<Option<i32>> {
        let list = editions();
        let e = Editions { list: &list, published };
        let chars: Vec<char> = text.chars().collect();
        e.marks(&tokenize(&chars)).into_iter().map(|m| m.year).collect()
    }

    #[test]
    fn marks_in_the_text() {
        let published = NaiveDate::from_ymd_opt(2025, 10, 22);
        assert_eq!(years("VIII Форум собрал", None), [Some(2024)]);
        assert_eq!(years("IX Общероссийском форуме", None), [Some(2025)]);
        assert_eq!(years("восьмого форума", None), [Some(2024)]);
        assert_eq!(years("проводится в девятый раз", None), [Some(2025)]);
        assert_eq!(years("в 2024 году", None), [Some(2024)]);
        assert_eq!(years("в 2021 году", None), [None]);
        assert_eq!(years("с 2016 года, до 2030 года, 2024-2025 годы", None), []);
        assert_eq!(years("«Города России 2030: вызовы и действия», «Иннопром-2024»", None), []);
        assert_eq!(years("форума 2025 г. и 2023 года", None), [Some(2025), Some(2023)]);
        assert_eq!(years("в прошлом году", published), [Some(2024)]);
        assert_eq!(years("прошлогодний форум", published), [Some(2024)]);
        assert_eq!(years("в этом году", published), [Some(2025)]);
        assert_eq!(years("в прошлом году", None), []);
        assert_eq!(years("первый стенд, IX века, во второй день форума", None), []);
        assert_eq!(years("в 2024-м", None), [Some(2024)]);
    }

    #[test]
    fn the_date_rule() {
        let list = editions();
        let at = |y, m, d| Editions { list: &list, published: NaiveDate::from_ymd_opt(y, m, d) };
        assert_eq!(at(2025, 10, 22).by_date().unwrap().0, 2025);
        assert_eq!(at(2025, 12, 20).by_date().unwrap().0, 2025);
        assert_eq!(at(2026, 2, 1).by_date().unwrap().0, 2025);
        assert!(at(2022, 2, 1).by_date().is_none());
        assert!(Editions { list: &list, published: None }.by_date().is_none());
    }
}

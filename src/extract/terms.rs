//! The words each metric is known by, and finding them after a number. Terms are compared by
//! their Russian Snowball stems, so one form of a noun stands for all its cases.
//!
//! A term is one or more words («участников», «муниципальных образований»); a `#` among
//! them stands for the number, when words before it belong to the count too («глав # городов»
//! reads «главы двухсот городов» as heads of cities, not cities). It may be followed by `@` and a comma-separated list of words the sentence must hold for the term to
//! count («городов @ выставка, достижения»); a word there written with `!` in front must not
//! be in the sentence («человек @ !численность»). Such words match any word whose stem starts
//! with theirs. When terms of two metrics fit the same words, the longer wins, then the one
//! with conditions, then the one nearer the top of its metric's list: put a metric's own word
//! first.

use std::collections::HashMap;

use rust_stemmers::{Algorithm, Stemmer};

use super::text::Token;

/// A sensible list of terms for each metric code the service knows, and for `experts`, the
/// metric the lead means to split off `speakers` (today the curators store experts who speak
/// as speakers, so «экспертов» is also the last of the speakers' terms; once `experts` exists
/// its own first term wins). An unknown code has none.
pub fn default_terms(code: &str) -> Vec<String> {
    let terms: &[&str] = match code {
        "participants" => &[
            "участников",
            "гостей",
            "посетителей",
            "делегатов",
            "специалистов",
            "человек @ !численность, !население, !жителей, !проживает, !проживают",
        ],
        "registrations" => &[
            "зарегистрированных участников",
            "заявок на участие",
            "участников @ зарегистрированы, зарегистрировались, зарегистрировано, регистрацию, регистрации",
            "человек @ зарегистрированы, зарегистрировались, зарегистрировано, регистрацию, регистрации",
        ],
        "registrations_out_of_town" => &[
            "иногородних участников",
            "иногородних гостей",
            "участников из других городов",
            "участников из других регионов",
        ],
        "heads_of_cities" => &[
            "глав",
            "глав городов",
            "глав # городов",
            "глав # муниципалитетов",
            "глав # муниципальных образований",
            "мэров # городов",
            "руководителей # городов",
            "глав муниципалитетов",
            "глав муниципальных образований",
            "мэров",
            "градоначальников",
            "руководителей городов",
            "руководителей муниципалитетов",
            "руководителей муниципальных образований",
        ],
        "regions" => &["регионов", "субъектов", "субъектов РФ", "субъектов Федерации", "регионов России"],
        "municipalities" => &[
            "муниципальных образований",
            "муниципалитетов",
            "муниципальных округов",
            "муниципальных районов",
            "городских округов",
        ],
        "cities" => &["городов", "городов-участников"],
        "events" => &[
            "мероприятий",
            "деловых мероприятий",
            "событий",
            "сессий",
            "дискуссий",
            "панельных дискуссий",
            "круглых столов",
        ],
        "speakers" => &["спикеров", "докладчиков", "выступающих", "лекторов", "экспертов"],
        "experts" => &["экспертов"],
        "tracks" => &["треков", "тематических треков"],
        "agreements_signed" => &["соглашений", "соглашений о сотрудничестве", "договоров", "меморандумов"],
        "agreements_announced" => &["подписаний"],
        "exhibition_stands" => &["стендов", "выставочных стендов"],
        "exhibition_cities" => &["городов @ выставка, экспозиция, стенды, достижения"],
        "parliamentary_committees" => {
            &["комитетов", "комитетов Государственной Думы", "парламентских комитетов", "профильных комитетов"]
        }
        _ => &[],
    };
    terms.iter().map(|t| t.to_string()).collect()
}

pub(crate) struct Term {
    pub metric: usize,
    pub rank: usize,
    pub text: String,
    /// The stems before the number, for a term with `#`.
    before: Vec<String>,
    words: Vec<String>,
    needs: Vec<String>,
    unless: Vec<String>,
}

/// A metric's terms, compiled: indexed by the stem of their first word.
pub(crate) struct Lexicon {
    stemmer: Stemmer,
    by_first: HashMap<String, Vec<Term>>,
}

/// What matched: the term and the tokens `start..end` its words after the number cover
/// (`before` is where its words before the number start, for a term with `#`); `elided`
/// when the words stand with another number and were left out at this one.
#[derive(Clone)]
pub(crate) struct Match<'a> {
    pub elided: bool,
    pub term: &'a Term,
    pub before: Option<usize>,
    pub start: usize,
    pub end: usize,
    /// The token of the condition word found in the sentence, if the term has any.
    pub because: Option<usize>,
}

impl Lexicon {
    pub fn new<'a>(metrics: impl IntoIterator<Item = &'a [String]>) -> Lexicon {
        let stemmer = Stemmer::create(Algorithm::Russian);
        let mut by_first: HashMap<String, Vec<Term>> = HashMap::new();
        for (metric, terms) in metrics.into_iter().enumerate() {
            for (rank, text) in terms.iter().enumerate() {
                let (words, conditions) = text.split_once('@').unwrap_or((text, ""));
                let (before, words) = words.split_once('#').unwrap_or(("", words));
                let stems =
                    |part: &str| -> Vec<String> { part.split_whitespace().map(|w| stem(&stemmer, w)).collect() };
                let (before, words) = (stems(before), stems(words));
                let Some(first) = words.first().cloned() else { continue };
                let (mut needs, mut unless) = (Vec::new(), Vec::new());
                for condition in conditions.split(',').map(str::trim).filter(|c| !c.is_empty()) {
                    match condition.strip_prefix('!') {
                        Some(not) => unless.push(stem(&stemmer, not.trim())),
                        None => needs.push(stem(&stemmer, condition)),
                    }
                }
                by_first.entry(first).or_default().push(Term {
                    metric,
                    rank,
                    text: text.trim().to_string(),
                    before,
                    words,
                    needs,
                    unless,
                });
            }
        }
        Lexicon { stemmer, by_first }
    }

    pub fn stem(&self, word: &str) -> String {
        stem(&self.stemmer, word)
    }

    /// The best term whose words start at token `at`; `stems` are the tokens' stems,
    /// `sentence` the sentence's words (token, stem), for the terms' conditions, and `number`
    /// where the number's words start, for terms with words before it (`None`: no number).
    pub fn at<'a>(
        &'a self,
        tokens: &[Token],
        stems: &[String],
        at: usize,
        sentence: &[(usize, &str)],
        number: Option<usize>,
    ) -> Option<Match<'a>> {
        let first = stems.get(at).filter(|s| !s.is_empty())?;
        let mut best: Option<Match> = None;
        for term in self.by_first.get(first)? {
            let end = at + term.words.len();
            let fits =
                end <= tokens.len() && term.words[1..].iter().zip(&stems[at + 1..end]).all(|(want, have)| want == have);
            let before = match (term.before.len(), number) {
                (0, _) => None,
                (n, Some(number)) if number >= n && stems[number - n..number] == term.before[..] => Some(number - n),
                _ => continue,
            };
            if !fits {
                continue;
            }
            let found =
                |condition: &String| sentence.iter().find(|(_, s)| s.starts_with(condition.as_str())).map(|(k, _)| *k);
            if term.unless.iter().any(|c| found(c).is_some()) {
                continue;
            }
            let because = match term.needs.iter().find_map(found) {
                Some(k) => Some(k),
                None if !term.needs.is_empty() => continue,
                None => None,
            };
            let key = |m: &Match| {
                let length = m.term.before.len() + m.term.words.len();
                (length, m.because.is_some(), std::cmp::Reverse(m.term.rank))
            };
            let candidate = Match { elided: false, term, before, start: at, end, because };
            if best.as_ref().is_none_or(|b| key(&candidate) > key(b)) {
                best = Some(candidate);
            }
        }
        best
    }
}

fn stem(stemmer: &Stemmer, word: &str) -> String {
    let folded = word.to_lowercase().replace('ё', "е");
    stemmer.stem(&folded).into_owned()
}

/// Whether a word reads as an adjective or participle («деловых», «российских»), which may
/// stand between a number and its noun.
pub(crate) fn adjective_like(word: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "ых", "их", "ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие", "ым", "им", "ыми", "ими", "ую", "юю", "ого",
        "его", "ому", "ему",
    ];
    word.chars().count() > 4 && ENDINGS.iter().any(|e| word.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::text::tokenize;

    fn metric_after(lexicon: &Lexicon, text: &str) -> Option<(usize, String)> {
        let chars: Vec<char> = text.chars().collect();
        let tokens = tokenize(&chars);
        let stems: Vec<String> =
            tokens.iter().map(|t| if t.is_word() { lexicon.stem(&t.text) } else { String::new() }).collect();
        let sentence: Vec<(usize, &str)> = stems.iter().map(String::as_str).enumerate().collect();
        let number = tokens.iter().position(|t| !t.is_word());
        let at = number.map_or(0, |n| n + 1);
        lexicon.at(&tokens, &stems, at, &sentence, number).map(|m| (m.term.metric, m.term.text.clone()))
    }

    #[test]
    fn every_seeded_metric_has_terms() {
        let seeds: serde_json::Value =
            serde_json::from_str(include_str!("../../seeds/01-metrics.json")).expect("metrics seed");
        for metric in seeds["metrics"].as_array().unwrap() {
            let code = metric["code"].as_str().unwrap();
            assert!(!default_terms(code).is_empty(), "{code}");
        }
        assert!(default_terms("ladders").is_empty());
    }

    #[test]
    fn nouns_match_in_any_case_and_the_longer_term_wins() {
        let codes = ["participants", "municipalities", "heads_of_cities", "cities"];
        let terms: Vec<Vec<String>> = codes.iter().map(|c| default_terms(c)).collect();
        let lexicon = Lexicon::new(terms.iter().map(Vec::as_slice));
        assert_eq!(metric_after(&lexicon, "участниками форума").unwrap().0, 0);
        assert_eq!(metric_after(&lexicon, "Участника").unwrap().0, 0);
        assert_eq!(metric_after(&lexicon, "муниципальных образований").unwrap().0, 1);
        assert_eq!(metric_after(&lexicon, "глав городов").unwrap().0, 2);
        assert_eq!(metric_after(&lexicon, "городах").unwrap().0, 3);
        assert_eq!(metric_after(&lexicon, "муниципальных"), None);
        assert_eq!(metric_after(&lexicon, "главы 200 городов").unwrap().0, 2);
        assert_eq!(metric_after(&lexicon, "жители 200 городов").unwrap().0, 3);
    }

    #[test]
    fn conditions_and_exclusions_read_the_sentence() {
        let terms = [default_terms("participants"), default_terms("cities"), default_terms("exhibition_cities")];
        let lexicon = Lexicon::new(terms.iter().map(Vec::as_slice));
        assert_eq!(metric_after(&lexicon, "человек посетили форум").unwrap().0, 0);
        assert_eq!(metric_after(&lexicon, "человек, численность выросла"), None);
        assert_eq!(metric_after(&lexicon, "городов представят свои достижения").unwrap().0, 2);
        assert_eq!(metric_after(&lexicon, "городов приедут").unwrap().0, 1);
    }

    #[test]
    fn a_metric_whose_first_term_it_is_wins_a_tie() {
        let terms = [default_terms("speakers"), default_terms("experts")];
        let lexicon = Lexicon::new(terms.iter().map(Vec::as_slice));
        assert_eq!(metric_after(&lexicon, "экспертов").unwrap().0, 1);
        let speakers_only = [default_terms("speakers")];
        let lexicon = Lexicon::new(speakers_only.iter().map(Vec::as_slice));
        assert_eq!(metric_after(&lexicon, "экспертов").unwrap().0, 0);
    }

    #[test]
    fn adjectives_between_number_and_noun() {
        assert!(adjective_like("деловых"));
        assert!(adjective_like("российских"));
        assert!(!adjective_like("глав"));
        assert!(!adjective_like("человек"));
    }
}

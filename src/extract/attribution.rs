//! Who a figure comes from, where the text says: «по словам …», «сообщил …», a quotation
//! closed by «— сказал …», «Организаторы ожидают …», or an «Об этом сообщили …» that covers its
//! paragraph (and, in the first paragraphs, the whole text).

use super::text::{Sentence, Token};

/// Verbs of saying, by prefix.
const SAYING: &[&str] = &[
    "сообщил",
    "сообщает",
    "сообщают",
    "рассказал",
    "рассказыва",
    "сказал",
    "заявил",
    "заявля",
    "отметил",
    "отмеча",
    "подчеркнул",
    "подчеркива",
    "добавил",
    "уточнил",
    "пояснил",
    "писал",
    "написал",
    "приводит",
    "приводят",
    "цитирует",
    "передает",
    "говорится",
];

/// Phrases that introduce a source.
const ACCORDING: &[&[&str]] = &[
    &["по", "словам"],
    &["по", "данным"],
    &["по", "информации"],
    &["по", "сообщению"],
    &["по", "оценке"],
    &["по", "оценкам"],
    &["по", "подсчетам"],
];

/// Words that start a subject who forecasts («Организаторы ожидают …»), by prefix.
const REPORTERS: &[&str] = &[
    "организатор",
    "оргкомитет",
    "пресс-служб",
    "администрац",
    "мэри",
    "губернатор",
    "глава",
    "министр",
    "министерств",
    "департамент",
    "правительств",
    "представител",
];

/// Verbs a reporting subject forecasts or announces with.
const FORECASTING: &[&str] = &["ожида", "прогнозир", "планиру", "рассчитыва", "сообщ", "обеща"];

/// Words that end a «who» after the verb: prepositions and conjunctions.
const STOP: &[&str] = &["в", "во", "на", "с", "со", "для", "при", "о", "об", "и", "что", "как", "по", "из", "к"];

fn saying(word: &str) -> bool {
    SAYING.iter().any(|p| word.starts_with(p))
}

/// The who after token `k` (a verb or a phrase): words up to a stop word or a mark, skipping
/// a leading «в»/«об этом»; the span of tokens.
fn who_after(tokens: &[Token], k: usize, end: usize) -> Option<(usize, usize)> {
    let mut start = k;
    while start < end && matches!(tokens[start].word(), Some("в" | "во" | "об" | "этом" | "также")) {
        start += 1;
    }
    // «приводят организаторы слова Главы …»: the words are the latter's.
    if let Some(words) = (start..end.min(start + 4)).find(|&n| tokens[n].word() == Some("слова")) {
        start = words + 1;
    }
    let mut stop = start;
    while stop < end && tokens[stop].is_word() && (stop == start || !STOP.contains(&tokens[stop].text.as_str())) {
        stop += 1;
    }
    (stop > start && tokens[start].word() != Some("что")).then_some((start, stop))
}

/// The who a sentence names for its own figures: the span of tokens, if any.
fn in_sentence(tokens: &[Token], s: &Sentence) -> Option<(usize, usize)> {
    for k in s.start..s.end {
        for phrase in ACCORDING {
            let fits = phrase.iter().enumerate().all(|(n, w)| k + n < s.end && tokens[k + n].word() == Some(w));
            if fits {
                return who_after(tokens, k + phrase.len(), s.end);
            }
        }
    }
    for &(start, end) in &s.clauses {
        let words: Vec<usize> = (start..end).filter(|&k| tokens[k].is_word()).collect();
        let Some(first) = words.first() else { continue };
        if REPORTERS.iter().any(|r| tokens[*first].text.starts_with(r)) {
            let verb = words.iter().take(5).find(|&&k| FORECASTING.iter().any(|f| tokens[k].text.starts_with(f)));
            if let Some(&verb) = verb {
                return Some((*first, verb));
            }
        }
    }
    let verb = (s.start..s.end).find(|&k| tokens[k].word().is_some_and(saying))?;
    if tokens[verb].text == "говорится" {
        return None;
    }
    match who_after(tokens, verb + 1, s.end) {
        Some(span) => Some(span),
        // «Глава Екатеринбурга Алексей Орлов подчеркивает, что …»: the subject before.
        None => {
            let start = (s.start..verb).find(|&k| tokens[k].is_word())?;
            (verb > start && tokens[start].capital).then_some((start, verb))
        }
    }
}

/// Whether a sentence says where its paragraph's news came from: «Об этом сообщили …», «об
/// этом сообщает …», «Как сообщает …».
fn covers_paragraph(tokens: &[Token], s: &Sentence) -> bool {
    let words: Vec<&str> = (s.start..s.end).filter_map(|k| tokens[k].word()).collect();
    let about_this = (0..words.len().saturating_sub(1))
        .filter(|&n| words[n] == "об" && words[n + 1] == "этом")
        .any(|n| words[n + 2..].iter().take(3).any(|w| saying(w)));
    let as_said = words.len() > 1 && words[0] == "как" && saying(words[1]);
    about_this || as_said
}

/// Reads who each sentence's figures come from.
pub(crate) struct Attribution {
    /// Per sentence: the span of the who, if the text names one for it.
    by_sentence: Vec<Option<(usize, usize)>>,
    document: Option<(usize, usize)>,
}

impl Attribution {
    pub fn new(tokens: &[Token], sentences: &[Sentence]) -> Attribution {
        let mut by_sentence: Vec<Option<(usize, usize)>> = sentences.iter().map(|s| in_sentence(tokens, s)).collect();
        // «— рассказал он»: the one the sentence before named.
        for n in 1..by_sentence.len() {
            let pronoun = by_sentence[n]
                .is_some_and(|(a, b)| b == a + 1 && matches!(tokens[a].text.as_str(), "он" | "она" | "они"));
            if pronoun && by_sentence[n - 1].is_some() {
                by_sentence[n] = by_sentence[n - 1];
            }
        }
        let mut document = None;
        for (n, s) in sentences.iter().enumerate() {
            let Some(who) = by_sentence[n] else { continue };
            if !covers_paragraph(tokens, s) {
                continue;
            }
            // Back to the paragraph's start or to a sentence with a source of its own.
            for (m, other) in sentences.iter().enumerate().take(n).rev() {
                if other.paragraph != s.paragraph || by_sentence[m].is_some() {
                    break;
                }
                by_sentence[m] = Some(who);
            }
            // In the first half of the text, it is the text's source too (a lead paragraph
            // may come after a headline, a subtitle and a byline).
            if document.is_none() && s.start * 2 <= tokens.len() {
                document = Some(who);
            }
        }
        // A quotation closed by «— сказал …» is the speaker's, every sentence of it.
        for (n, s) in sentences.iter().enumerate() {
            let Some(who) = by_sentence[n] else { continue };
            let opens = |s: &Sentence| tokens[s.start].is_mark('"');
            let closes_quote = (s.start..s.end).any(|k| {
                tokens[k].is_mark('"') && tokens.get(k + 1).is_some_and(|t| t.is_mark(','))
                    || tokens[k].is_mark('"') && tokens.get(k + 1).is_some_and(|t| t.is_mark('-'))
            });
            if !closes_quote {
                continue;
            }
            for m in (0..n).rev() {
                if sentences[m].paragraph != s.paragraph || by_sentence[m].is_some() {
                    break;
                }
                by_sentence[m] = Some(who);
                if opens(&sentences[m]) {
                    break;
                }
            }
        }
        Attribution { by_sentence, document }
    }

    /// The who of the sentence `n` as a token span: its own, else the text's.
    pub fn of(&self, n: usize) -> Option<(usize, usize)> {
        self.by_sentence[n].or(self.document)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::text::{sentences, tokenize};

    fn who(text: &str) -> Vec<Option<String>> {
        let chars: Vec<char> = text.chars().collect();
        let tokens = tokenize(&chars);
        let s = sentences(&tokens, |_| false);
        let a = Attribution::new(&tokens, &s);
        (0..s.len())
            .map(|n| a.of(n).map(|(start, end)| chars[tokens[start].start..tokens[end - 1].end].iter().collect()))
            .collect()
    }

    #[test]
    fn reporting_verbs_and_phrases() {
        assert_eq!(
            who("Форум соберет 7 тыс. участников, сообщил оргкомитет форума.")[0].as_deref(),
            Some("оргкомитет форума")
        );
        assert_eq!(
            who("По словам Алексея Орлова, форум соберет 7 тыс. участников.")[0].as_deref(),
            Some("Алексея Орлова")
        );
        assert_eq!(who("Организаторы ожидают более шести тысяч участников.")[0].as_deref(), Some("Организаторы"));
        assert_eq!(who("Форум соберет 7 тыс. участников.")[0], None);
    }

    #[test]
    fn a_note_on_the_source_covers_its_paragraph_and_the_lead_the_text() {
        let text = "Форум соберет 7 тыс. участников. Об этом сообщили организаторы форума.\n\nВ 2024 году было 6 тыс.";
        let w = who(text);
        assert_eq!(w[0].as_deref(), Some("организаторы форума"));
        assert_eq!(w[2].as_deref(), Some("организаторы форума"));
    }

    #[test]
    fn a_pronoun_is_whom_the_sentence_before_named() {
        let text = "По словам министра Ивана Петрова, форум важен. «Придут 80 тысяч», — сказал он.";
        assert_eq!(who(text)[1].as_deref(), Some("министра Ивана Петрова"));
    }

    #[test]
    fn a_quotation_is_its_speakers() {
        let text = "«Мы ждем гостей. Программа включает 80 мероприятий», — сказал министр Иван Петров.";
        let w = who(text);
        assert_eq!(w[0].as_deref(), Some("министр Иван Петров"));
    }
}

//! The text as the extractor reads it: tokens (words, numbers, marks) with their offsets in
//! characters, and the paragraphs, sentences and clauses they make.

use super::quote::fold_char;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    Word,
    /// Digits: the value written («7 000», «5,1»), the letters after a hyphen («30-ти»), and
    /// whether it is bare digits (no group space, decimal or suffix), as a year is written.
    Number {
        value: f64,
        suffix: Option<String>,
        plain: bool,
    },
    /// A date or a time in digits («28.11.2025», «2025-11-20», «10:00»): never a count.
    Date,
    /// Punctuation, folded: every dash is `-`, every quote mark `"`.
    Mark(char),
}

#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    /// A word in lower case with `ё` as `е`; anything else as written.
    pub text: String,
    /// The first character as written (a mark's, to tell « from »).
    pub raw: char,
    pub capital: bool,
    pub all_caps: bool,
    pub space_before: bool,
    pub newline_before: bool,
}

impl Token {
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }

    pub fn word(&self) -> Option<&str> {
        self.is_word().then_some(self.text.as_str())
    }

    pub fn is_mark(&self, c: char) -> bool {
        self.kind == Kind::Mark(c)
    }

    /// A Roman numeral, as editions are numbered («VIII», «IX»).
    pub fn roman(&self) -> Option<i32> {
        if !self.all_caps || !self.text.chars().all(|c| "ivxlc".contains(c)) {
            return None;
        }
        let digit = |c| match c {
            'i' => 1,
            'v' => 5,
            'x' => 10,
            'l' => 50,
            _ => 100,
        };
        let digits: Vec<i32> = self.text.chars().map(digit).collect();
        let mut total = 0;
        for (i, d) in digits.iter().enumerate() {
            if digits.get(i + 1).is_some_and(|next| next > d) {
                total -= d;
            } else {
                total += d;
            }
        }
        (total > 0 && crate::ru::roman(total).to_lowercase() == self.text).then_some(total)
    }
}

fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{2007}')
}

fn digits_end(chars: &[char], from: usize) -> usize {
    chars[from..].iter().position(|c| !c.is_ascii_digit()).map_or(chars.len(), |n| from + n)
}

/// A date or time starting at `i`: `d.m.y`, `d/m/y`, `y-m-d`, `h:mm`; its end.
fn date_at(chars: &[char], i: usize) -> Option<usize> {
    let first = digits_end(chars, i);
    let sep = *chars.get(first)?;
    let second_start = first + 1;
    if !chars.get(second_start).is_some_and(char::is_ascii_digit) {
        return None;
    }
    let second = digits_end(chars, second_start);
    let (len1, len2) = (first - i, second - second_start);
    match sep {
        ':' if len1 <= 2 && len2 == 2 => Some(second),
        '.' | '/' | '-' if chars.get(second) == Some(&sep) => {
            let third_start = second + 1;
            if !chars.get(third_start).is_some_and(char::is_ascii_digit) {
                return None;
            }
            let third = digits_end(chars, third_start);
            let len3 = third - third_start;
            let day_first = sep != '-' && len1 <= 2 && len2 <= 2 && (len3 == 2 || len3 == 4);
            let iso = sep == '-' && len1 == 4 && len2 == 2 && len3 == 2;
            (day_first || iso).then_some(third)
        }
        _ => None,
    }
}

/// Digits from `i`: thousands groups («7 000»), a decimal comma, a hyphenated ending.
fn number(chars: &[char], i: usize) -> (Kind, usize) {
    if let Some(end) = date_at(chars, i) {
        return (Kind::Date, end);
    }
    let mut j = digits_end(chars, i);
    let mut digits: String = chars[i..j].iter().collect();
    let mut plain = true;
    if j - i <= 3 {
        while j + 4 <= chars.len()
            && is_group_space(chars[j])
            && chars[j + 1..j + 4].iter().all(char::is_ascii_digit)
            && !chars.get(j + 4).is_some_and(char::is_ascii_digit)
        {
            digits.extend(&chars[j + 1..j + 4]);
            j += 4;
            plain = false;
        }
    }
    if matches!(chars.get(j), Some(',' | '.')) && chars.get(j + 1).is_some_and(char::is_ascii_digit) {
        let end = digits_end(chars, j + 1);
        digits.push('.');
        digits.extend(&chars[j + 1..end]);
        j = end;
        plain = false;
    }
    let mut suffix = None;
    if matches!(chars.get(j), Some('-' | '\u{2011}')) && chars.get(j + 1).is_some_and(|c| c.is_alphabetic()) {
        let end = chars[j + 1..].iter().position(|c| !c.is_alphabetic()).map_or(chars.len(), |n| j + 1 + n);
        suffix = Some(fold_word(&chars[j + 1..end]));
        j = end;
        plain = false;
    }
    let value = digits.parse().unwrap_or(f64::NAN);
    (Kind::Number { value, suffix, plain }, j)
}

fn invisible(c: char) -> bool {
    fold_char(c).is_none()
}

/// A word: letters and digits, with hyphens between letters («пресс-служба») and invisible
/// characters inside skipped.
fn word_end(chars: &[char], i: usize) -> usize {
    let mut j = i;
    while j < chars.len() {
        let c = chars[j];
        if c.is_alphanumeric() || invisible(c) {
            j += 1;
        } else if matches!(c, '-' | '\u{2011}') && chars.get(j + 1).is_some_and(|n| n.is_alphabetic()) {
            j += 2;
        } else {
            break;
        }
    }
    j
}

pub(crate) fn fold_word(chars: &[char]) -> String {
    chars
        .iter()
        .filter(|c| !invisible(**c))
        .flat_map(|c| c.to_lowercase())
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect()
}

pub(crate) fn tokenize(chars: &[char]) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(chars.len() / 5);
    let (mut space, mut newline) = (false, false);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            space = true;
            newline |= c == '\n';
            i += 1;
            continue;
        }
        if invisible(c) {
            i += 1;
            continue;
        }
        let start = i;
        let kind;
        let mut text = String::new();
        if c.is_ascii_digit() {
            (kind, i) = number(chars, i);
            text.extend(&chars[start..i]);
        } else if c.is_alphabetic() {
            i = word_end(chars, i);
            kind = Kind::Word;
            text = fold_word(&chars[start..i]);
        } else {
            i += 1;
            let folded = fold_char(c).unwrap_or(c);
            kind = Kind::Mark(folded);
            text.push(folded);
        }
        let letters = || chars[start..i].iter().filter(|c| c.is_alphabetic());
        tokens.push(Token {
            raw: c,
            capital: c.is_uppercase(),
            all_caps: kind == Kind::Word && letters().all(|c| c.is_uppercase()) && letters().count() > 1,
            kind,
            start,
            end: i,
            text,
            space_before: space,
            newline_before: newline,
        });
        (space, newline) = (false, false);
    }
    tokens
}

/// A sentence: its tokens `start..end`, its paragraph, and its clauses (token ranges).
#[derive(Debug, Clone)]
pub(crate) struct Sentence {
    pub start: usize,
    pub end: usize,
    pub paragraph: usize,
    pub clauses: Vec<(usize, usize)>,
}

/// Words after a comma that open a clause of their own.
const CLAUSE_OPENERS: &[&str] = &[
    "а",
    "но",
    "однако",
    "где",
    "когда",
    "поскольку",
    "потому",
    "чтобы",
    "если",
    "хотя",
    "причем",
    "притом",
    "тогда",
    "зато",
    "было",
    "были",
];

/// Phrases after a comma that open a clause of their own.
const CLAUSE_OPENING_PHRASES: &[&[&str]] = &[&["в", "то", "время"], &["при", "этом"]];

/// A line break that only wraps a line: the next line goes on in lower case.
fn wraps(token: &Token) -> bool {
    token.newline_before && token.is_word() && !token.capital
}

/// Whether the mark at `k` ends its sentence: a full stop, «!», «?» or «…» followed (after
/// any closing quotes) by a capital, a digit, a mark or the end, after a space.
fn ends_sentence(tokens: &[Token], k: usize) -> Option<usize> {
    if !matches!(tokens[k].kind, Kind::Mark('.' | '!' | '?' | '…')) {
        return None;
    }
    // An initial («А. Султанова»): one capital letter before the full stop.
    if tokens[k].is_mark('.')
        && k > 0
        && tokens[k - 1].is_word()
        && tokens[k - 1].capital
        && tokens[k - 1].text.chars().count() == 1
    {
        return None;
    }
    let mut m = k + 1;
    while m < tokens.len() && !tokens[m].space_before && matches!(tokens[m].kind, Kind::Mark('"' | ')' | '.')) {
        m += 1;
    }
    match tokens.get(m) {
        None => Some(m),
        Some(next) if next.newline_before => Some(m),
        // After a space, anything but a word in lower case («6 тыс. участников»).
        Some(next) if next.space_before && (next.capital || !next.is_word()) => Some(m),
        _ => None,
    }
}

/// Splits the tokens into sentences, each into clauses. A line break ends a paragraph (and
/// a sentence) unless the next line goes on in lower case.
pub(crate) fn sentences(tokens: &[Token], opens_clause: impl Fn(&str) -> bool) -> Vec<Sentence> {
    let mut out = Vec::new();
    let (mut start, mut paragraph) = (0, 0);
    let mut k = 0;
    while k < tokens.len() {
        if k > 0 && tokens[k].newline_before && !wraps(&tokens[k]) {
            if k > start {
                out.push(sentence(tokens, start, k, paragraph, &opens_clause));
                start = k;
            }
            paragraph += 1;
        }
        if let Some(end) = ends_sentence(tokens, k) {
            out.push(sentence(tokens, start, end, paragraph, &opens_clause));
            start = end;
            k = end;
            continue;
        }
        k += 1;
    }
    if start < tokens.len() {
        out.push(sentence(tokens, start, tokens.len(), paragraph, &opens_clause));
    }
    out
}

/// The longest quoted stretch, in tokens, that is read as a name («Города России: Технологии
/// лидерства») rather than as quoted speech, which may hold clauses of its own.
const NAME_TOKENS: usize = 12;

/// Tokens inside quoted names, where marks do not split clauses.
fn in_names(tokens: &[Token], start: usize, end: usize) -> Vec<bool> {
    let mut inside = vec![false; end - start];
    let mut open: Vec<(usize, char)> = Vec::new();
    for k in start..end {
        let t = &tokens[k];
        if !t.is_mark('"') {
            continue;
        }
        let next_tight = tokens.get(k + 1).is_some_and(|n| !n.space_before);
        let closes = match t.raw {
            '«' | '„' => false,
            '»' | '”' => true,
            '“' => open.last().is_some_and(|(_, c)| *c == '„'),
            // A straight quote opens after a space and before a word, else closes.
            _ => !open.is_empty() && (!t.space_before || !next_tight),
        };
        if !closes {
            open.push((k, t.raw));
        } else if let Some((from, _)) = open.pop().filter(|(from, _)| k - from <= NAME_TOKENS) {
            inside[from - start..k - start].iter_mut().for_each(|i| *i = true);
        }
    }
    inside
}

fn sentence(tokens: &[Token], start: usize, end: usize, paragraph: usize, opens: impl Fn(&str) -> bool) -> Sentence {
    let mut clauses = Vec::new();
    let mut from = start;
    let names = in_names(tokens, start, end);
    for k in start..end {
        if names[k - start] {
            continue;
        }
        let t = &tokens[k];
        let next = tokens.get(k + 1).filter(|_| k + 1 < end);
        let split = match t.kind {
            Kind::Mark(';' | ':') => true,
            Kind::Mark('-') => t.space_before && next.is_some_and(|n| n.space_before),
            Kind::Mark(',') => {
                let phrase = |p: &&[&str]| {
                    p.iter().enumerate().all(|(n, w)| tokens.get(k + 1 + n).and_then(Token::word) == Some(w))
                };
                next.and_then(Token::word).is_some_and(|w| CLAUSE_OPENERS.contains(&w) || opens(w))
                    || CLAUSE_OPENING_PHRASES.iter().any(phrase)
            }
            _ => false,
        };
        if split {
            if k > from {
                clauses.push((from, k));
            }
            from = k + 1;
        }
    }
    if end > from {
        clauses.push((from, end));
    }
    Sentence { start, end, paragraph, clauses }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, String)> {
        let chars: Vec<char> = text.chars().collect();
        tokenize(&chars).into_iter().map(|t| (t.kind, t.text)).collect()
    }

    fn number(value: f64, suffix: Option<&str>, plain: bool) -> Kind {
        Kind::Number { value, suffix: suffix.map(str::to_string), plain }
    }

    #[test]
    fn numbers_as_the_press_writes_them() {
        let t = kinds("7 000 и 7\u{a0}000, 5,1 тыс., 30-ти, 2024 150, 1 000 000");
        assert_eq!(t[0].0, number(7000.0, None, false));
        assert_eq!(t[2].0, number(7000.0, None, false));
        assert_eq!(t[4].0, number(5.1, None, false));
        assert_eq!(t[8].0, number(30.0, Some("ти"), false));
        assert_eq!(t[10].0, number(2024.0, None, true));
        assert_eq!(t[11].0, number(150.0, None, true));
        assert_eq!(t[13].0, number(1_000_000.0, None, false));
    }

    #[test]
    fn dates_and_times_are_not_numbers() {
        let t = kinds("28.11.2025 и 2025-11-20 в 10:00, 27-28 ноября");
        assert_eq!(t[0].0, Kind::Date);
        assert_eq!(t[2].0, Kind::Date);
        assert_eq!(t[4].0, Kind::Date);
        assert_eq!(t[6].0, number(27.0, None, true));
        assert_eq!(t[7].0, Kind::Mark('-'));
    }

    #[test]
    fn words_fold_and_keep_hyphens() {
        let t = kinds("Пресс-служба ещё со\u{ad}брала");
        assert_eq!(t[0].1, "пресс-служба");
        assert_eq!(t[1].1, "еще");
        assert_eq!(t[2].1, "собрала");
    }

    #[test]
    fn roman_numerals() {
        let chars: Vec<char> = "VIII IX форум Х5 XIIII".chars().collect();
        let t = tokenize(&chars);
        assert_eq!(t[0].roman(), Some(8));
        assert_eq!(t[1].roman(), Some(9));
        assert_eq!(t[3].roman(), None);
        assert_eq!(t[4].roman(), None);
    }

    #[test]
    fn sentences_end_at_stops_and_lines_but_not_at_abbreviations() {
        let text = "Форум собрал 6 тыс. участников. Фото: А. Султанова\nНовая строка «цитата.» Конец";
        let chars: Vec<char> = text.chars().collect();
        let tokens = tokenize(&chars);
        let s = sentences(&tokens, |_| false);
        let texts: Vec<String> =
            s.iter().map(|s| chars[tokens[s.start].start..tokens[s.end - 1].end].iter().collect()).collect();
        assert_eq!(texts, ["Форум собрал 6 тыс. участников.", "Фото: А. Султанова", "Новая строка «цитата.»", "Конец"]);
        assert_eq!(s[1].clauses.len(), 2);
        assert_eq!(s.iter().map(|s| s.paragraph).collect::<Vec<_>>(), [0, 0, 1, 1]);
    }

    #[test]
    fn names_in_quotes_are_not_split_but_quoted_speech_is() {
        let clauses = |text: &str| {
            let chars: Vec<char> = text.chars().collect();
            let tokens = tokenize(&chars);
            sentences(&tokens, |_| false)[0].clauses.len()
        };
        assert_eq!(clauses("в форуме «Города России: Технологии лидерства» и выставке „Города России — 2025“."), 1);
        assert_eq!(clauses("в форуме \"Города России: технологии лидерства\"."), 1);
        let speech = "«Задача одна: мы ждем гостей со всей страны и будем рады каждому из них, и всем им покажем город», — сказал он.";
        assert_eq!(clauses(speech), 3);
    }
}

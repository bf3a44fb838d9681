//! Amounts as the Russian press writes them: digits («7 000», «5,1 тыс.», «30-ти»), words in
//! any case («более шести тысяч», «двухсот»), ranges («5-6 тысяч», «от 5 до 6 тысяч»), and the
//! hedge word before them.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::text::{Kind, Token};
use crate::domain::Qualifier;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    Unit,
    Ten,
    Hundred,
    Multiplier,
}

/// Every case form of the cardinals, `ё` written `е`.
const NUMERALS: &[(f64, Class, &[&str])] = &[
    (1.0, Class::Unit, &["один", "одна", "одно", "одного", "одной", "одному", "одним", "одном", "одну"]),
    (1.5, Class::Unit, &["полтора", "полторы", "полутора"]),
    (2.0, Class::Unit, &["два", "две", "двух", "двум", "двумя"]),
    (3.0, Class::Unit, &["три", "трех", "трем", "тремя"]),
    (4.0, Class::Unit, &["четыре", "четырех", "четырем", "четырьмя"]),
    (5.0, Class::Unit, &["пять", "пяти", "пятью"]),
    (6.0, Class::Unit, &["шесть", "шести", "шестью"]),
    (7.0, Class::Unit, &["семь", "семи", "семью"]),
    (8.0, Class::Unit, &["восемь", "восьми", "восемью", "восьмью"]),
    (9.0, Class::Unit, &["девять", "девяти", "девятью"]),
    (10.0, Class::Unit, &["десять", "десяти", "десятью"]),
    (11.0, Class::Unit, &["одиннадцать", "одиннадцати", "одиннадцатью"]),
    (12.0, Class::Unit, &["двенадцать", "двенадцати", "двенадцатью"]),
    (13.0, Class::Unit, &["тринадцать", "тринадцати", "тринадцатью"]),
    (14.0, Class::Unit, &["четырнадцать", "четырнадцати", "четырнадцатью"]),
    (15.0, Class::Unit, &["пятнадцать", "пятнадцати", "пятнадцатью"]),
    (16.0, Class::Unit, &["шестнадцать", "шестнадцати", "шестнадцатью"]),
    (17.0, Class::Unit, &["семнадцать", "семнадцати", "семнадцатью"]),
    (18.0, Class::Unit, &["восемнадцать", "восемнадцати", "восемнадцатью"]),
    (19.0, Class::Unit, &["девятнадцать", "девятнадцати", "девятнадцатью"]),
    (20.0, Class::Ten, &["двадцать", "двадцати", "двадцатью"]),
    (30.0, Class::Ten, &["тридцать", "тридцати", "тридцатью"]),
    (40.0, Class::Ten, &["сорок", "сорока"]),
    (50.0, Class::Ten, &["пятьдесят", "пятидесяти", "пятьюдесятью"]),
    (60.0, Class::Ten, &["шестьдесят", "шестидесяти", "шестьюдесятью"]),
    (70.0, Class::Ten, &["семьдесят", "семидесяти", "семьюдесятью"]),
    (80.0, Class::Ten, &["восемьдесят", "восьмидесяти", "восемьюдесятью", "восьмьюдесятью"]),
    (90.0, Class::Ten, &["девяносто", "девяноста"]),
    (100.0, Class::Hundred, &["сто", "ста"]),
    (200.0, Class::Hundred, &["двести", "двухсот", "двумстам", "двумястами", "двухстах"]),
    (300.0, Class::Hundred, &["триста", "трехсот", "тремстам", "тремястами", "трехстах"]),
    (400.0, Class::Hundred, &["четыреста", "четырехсот", "четыремстам", "четырьмястами", "четырехстах"]),
    (500.0, Class::Hundred, &["пятьсот", "пятисот", "пятистам", "пятьюстами", "пятистах"]),
    (600.0, Class::Hundred, &["шестьсот", "шестисот", "шестистам", "шестьюстами", "шестистах"]),
    (700.0, Class::Hundred, &["семьсот", "семисот", "семистам", "семьюстами", "семистах"]),
    (800.0, Class::Hundred, &["восемьсот", "восьмисот", "восьмистам", "восьмьюстами", "восемьюстами", "восьмистах"]),
    (900.0, Class::Hundred, &["девятьсот", "девятисот", "девятистам", "девятьюстами", "девятистах"]),
    (
        1e3,
        Class::Multiplier,
        &[
            "тысяча",
            "тысячи",
            "тысяче",
            "тысячу",
            "тысячей",
            "тысячею",
            "тысяч",
            "тысячам",
            "тысячами",
            "тысячах",
            "тыс",
        ],
    ),
    (
        1e6,
        Class::Multiplier,
        &[
            "миллион",
            "миллиона",
            "миллиону",
            "миллионом",
            "миллионе",
            "миллионы",
            "миллионов",
            "миллионам",
            "миллионами",
            "миллионах",
            "млн",
        ],
    ),
    (
        1e9,
        Class::Multiplier,
        &[
            "миллиард",
            "миллиарда",
            "миллиарду",
            "миллиардом",
            "миллиарде",
            "миллиарды",
            "миллиардов",
            "миллиардам",
            "миллиардами",
            "миллиардах",
            "млрд",
        ],
    ),
];

static BY_FORM: LazyLock<HashMap<&'static str, (f64, Class)>> = LazyLock::new(|| {
    NUMERALS.iter().flat_map(|(value, class, forms)| forms.iter().map(move |form| (*form, (*value, *class)))).collect()
});

fn numeral(word: &str) -> Option<(f64, Class)> {
    BY_FORM.get(word).copied()
}

/// Endings after a hyphen that keep a number a count («30-ти», «2-х», «5-ю»); any other
/// («5-й», «10-летие») makes it an ordinal or part of a word.
const CARDINAL_SUFFIXES: &[&str] = &["ти", "и", "х", "ух", "ех", "ох", "ми", "ью", "ю", "мя"];

/// Words before a lone «тысячи» or «миллиона» that make it a number («около тысячи»), not
/// «thousands of».
const BEFORE_A_LONE_MULTIPLIER: &[&str] =
    &["около", "более", "свыше", "почти", "до", "порядка", "примерно", "менее", "больше", "чем", "минимум", "максимум"];

/// An amount: `value` (a range's upper bound), `from` (its lower bound), its tokens
/// `start..end`; `change` marks «с 108 до 109,5», a change rather than one figure.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Amount {
    pub value: f64,
    pub from: Option<f64>,
    pub start: usize,
    pub end: usize,
    /// Where the hedge word or «от» of a range starts, if before `start`.
    pub phrase_start: usize,
    pub change: bool,
    /// Four bare digits from 1900 to 2100: a year, unless a counted noun follows.
    pub year_like: bool,
    pub qualifier: Qualifier,
    /// The tokens that decided the qualifier.
    pub hedge: Option<(usize, usize)>,
}

/// The multiplier word at `j` («тыс.», «тысяч», «млн»): its factor and the token after it
/// (after the full stop of an abbreviation).
fn multiplier_at(tokens: &[Token], j: usize) -> Option<(f64, usize)> {
    let word = tokens.get(j)?.word()?;
    let (factor, Class::Multiplier) = numeral(word)? else {
        return None;
    };
    let dot = tokens.get(j + 1).is_some_and(|t| t.is_mark('.') && !t.space_before);
    let abbreviated = matches!(word, "тыс" | "млн" | "млрд");
    Some((factor, if dot && abbreviated { j + 2 } else { j + 1 }))
}

/// One number, without a range: its value, the multiplier applied (1 if none), its end.
fn single(tokens: &[Token], i: usize) -> Option<(f64, f64, usize)> {
    let t = tokens.get(i)?;
    let (value, factor, end) = match &t.kind {
        Kind::Number { value, suffix, .. } => {
            if suffix.as_deref().is_some_and(|s| !CARDINAL_SUFFIXES.contains(&s)) || !value.is_finite() {
                return None;
            }
            (*value, 1.0, i + 1)
        }
        Kind::Word => words(tokens, i)?,
        _ => return None,
    };
    match multiplier_at(tokens, end) {
        Some((m, after)) if factor == 1.0 => Some((value * m, m, after)),
        _ => Some((value, factor, end)),
    }
}

/// A number in words from `i` («двести пятьдесят три», «шести тысяч»): its value, the
/// multiplier in it (1 if none), its end.
fn words(tokens: &[Token], i: usize) -> Option<(f64, f64, usize)> {
    let (mut total, mut group, mut factor) = (0.0, 0.0, 1.0_f64);
    let mut last: Option<Class> = None;
    let mut j = i;
    while let Some((value, class)) = tokens.get(j).and_then(Token::word).and_then(numeral) {
        if class == Class::Multiplier {
            if j == i {
                let before = i.checked_sub(1).and_then(|b| tokens[b].word());
                let alone = matches!(tokens[i].text.as_str(), "тысяча" | "тысячу" | "миллион");
                if !alone && !before.is_some_and(|w| BEFORE_A_LONE_MULTIPLIER.contains(&w)) {
                    return None;
                }
            } else if factor != 1.0 && last.is_none() {
                break;
            }
            let (_, after) = multiplier_at(tokens, j)?;
            total += if group == 0.0 { 1.0 } else { group } * value;
            (group, last, factor) = (0.0, None, factor.max(value));
            j = after;
            continue;
        }
        if last.is_some_and(|l| class >= l) {
            break;
        }
        group += value;
        last = Some(class);
        j += 1;
    }
    (j > i).then_some((total + group, factor, j))
}

/// «пять-шесть»: a range written as one hyphenated word.
fn hyphenated_range(token: &Token) -> Option<(f64, f64)> {
    let (a, b) = token.word()?.split_once('-')?;
    match (numeral(a)?, numeral(b)?) {
        ((a, Class::Unit | Class::Ten | Class::Hundred), (b, Class::Unit | Class::Ten | Class::Hundred)) if a < b => {
            Some((a, b))
        }
        _ => None,
    }
}

/// Hedge words before a number, longest first, and the qualifier each means. «почти» and
/// «порядка» are approximations (`about`); «не более», «максимум» and «менее» state a ceiling
/// (`up_to`); a lone «от» a floor (`at_least`); «превысило» says more than.
const HEDGES: &[(&[&str], Qualifier)] = &[
    (&["по", "меньшей", "мере"], Qualifier::AtLeast),
    (&["по", "крайней", "мере"], Qualifier::AtLeast),
    (&["более", "чем"], Qualifier::MoreThan),
    (&["больше", "чем"], Qualifier::MoreThan),
    (&["не", "менее"], Qualifier::AtLeast),
    (&["не", "меньше"], Qualifier::AtLeast),
    (&["как", "минимум"], Qualifier::AtLeast),
    (&["не", "более"], Qualifier::UpTo),
    (&["не", "больше"], Qualifier::UpTo),
    (&["не", "свыше"], Qualifier::UpTo),
    (&["вплоть", "до"], Qualifier::UpTo),
    (&["более"], Qualifier::MoreThan),
    (&["свыше"], Qualifier::MoreThan),
    (&["больше"], Qualifier::MoreThan),
    (&["около"], Qualifier::About),
    (&["порядка"], Qualifier::About),
    (&["примерно"], Qualifier::About),
    (&["приблизительно"], Qualifier::About),
    (&["ориентировочно"], Qualifier::About),
    (&["почти"], Qualifier::About),
    (&["минимум"], Qualifier::AtLeast),
    (&["максимум"], Qualifier::UpTo),
    (&["до"], Qualifier::UpTo),
    (&["менее"], Qualifier::UpTo),
    (&["меньше"], Qualifier::UpTo),
    (&["от"], Qualifier::AtLeast),
    (&["превысило"], Qualifier::MoreThan),
    (&["превысил"], Qualifier::MoreThan),
    (&["превысила"], Qualifier::MoreThan),
    (&["превысили"], Qualifier::MoreThan),
    (&["превышает"], Qualifier::MoreThan),
    (&["превышают"], Qualifier::MoreThan),
    (&["превысит"], Qualifier::MoreThan),
    (&["превысят"], Qualifier::MoreThan),
];

/// The hedge phrase that ends just before token `i`: its qualifier and first token.
fn hedge_before(tokens: &[Token], i: usize) -> Option<(Qualifier, usize)> {
    HEDGES.iter().find_map(|(phrase, qualifier)| {
        let start = i.checked_sub(phrase.len())?;
        let matches = phrase.iter().enumerate().all(|(n, word)| tokens[start + n].word() == Some(word));
        matches.then_some((*qualifier, start))
    })
}

/// The amount that starts at token `i`, if one does.
pub(crate) fn amount_at(tokens: &[Token], i: usize) -> Option<Amount> {
    let before = i.checked_sub(1).and_then(|b| tokens[b].word());
    let (mut from, mut value, factor, mut end) = match hyphenated_range(&tokens[i]) {
        Some((a, b)) => match multiplier_at(tokens, i + 1) {
            Some((m, after)) => (Some(a * m), b * m, m, after),
            None => (Some(a), b, 1.0, i + 1),
        },
        None => {
            let (value, factor, end) = single(tokens, i)?;
            (None, value, factor, end)
        }
    };
    let year_like = end == i + 1
        && matches!(tokens[i].kind, Kind::Number { plain: true, value, .. } if (1900.0..=2100.0).contains(&value));
    // A second bound: «5-6», «5 – 6 тыс.», «от 5 до 6»; «с 108 до 109,5» is a change.
    let mut change = false;
    let link = tokens.get(end).filter(|_| from.is_none());
    let dash = link.is_some_and(|t| t.is_mark('-'));
    let to = matches!(link.and_then(Token::word), Some("до" | "по"));
    let since = matches!(before, Some("с" | "со"));
    let second = (dash || (to && (since || before == Some("от")))).then(|| single(tokens, end + 1)).flatten();
    if let Some((second, second_factor, second_end)) = second {
        let first = if factor == 1.0 { value * second_factor } else { value };
        if since && to {
            change = true;
        } else if first < second && !year_like {
            from = Some(first);
        }
        if change || from.is_some() {
            value = second;
            end = second_end;
        }
    }
    let (qualifier, hedge, phrase_start) = if from.is_some() {
        let start = if before == Some("от") { i - 1 } else { i };
        (Qualifier::Range, Some((start, end)), start)
    } else if let Some((qualifier, start)) = hedge_before(tokens, i) {
        (qualifier, Some((start, i)), start)
    } else {
        let after: Vec<&str> = tokens[end..].iter().take(2).filter_map(Token::word).collect();
        match after.as_slice() {
            ["и", "более" | "больше"] => (Qualifier::AtLeast, Some((end, end + 2)), i),
            ["с", "лишним"] => (Qualifier::MoreThan, Some((end, end + 2)), i),
            _ => (Qualifier::Exact, None, i),
        }
    };
    Some(Amount { value, from, start: i, end, phrase_start, change, year_like, qualifier, hedge })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::text::tokenize;

    fn first(text: &str) -> Amount {
        let chars: Vec<char> = text.chars().collect();
        let tokens = tokenize(&chars);
        (0..tokens.len()).find_map(|i| amount_at(&tokens, i)).unwrap_or_else(|| panic!("no amount in {text}"))
    }

    fn reads(text: &str, value: f64, from: Option<f64>, qualifier: Qualifier) {
        let a = first(text);
        assert_eq!((a.value, a.from, a.qualifier), (value, from, qualifier), "{text}");
    }

    #[test]
    fn digits_with_multipliers() {
        reads("собрал 6 тыс. участников", 6000.0, None, Qualifier::Exact);
        reads("5,1 тыс. гостей", 5100.0, None, Qualifier::Exact);
        reads("свыше 7\u{a0}000 участников", 7000.0, None, Qualifier::MoreThan);
        reads("1,5 млрд рублей", 1.5e9, None, Qualifier::Exact);
        reads("порядка 30-ти мероприятий", 30.0, None, Qualifier::About);
    }

    #[test]
    fn words_in_any_case() {
        reads("более шести тысяч участников", 6000.0, None, Qualifier::MoreThan);
        reads("шесть тыс. участников", 6000.0, None, Qualifier::Exact);
        reads("из тридцати регионов", 30.0, None, Qualifier::Exact);
        reads("около ста спикеров", 100.0, None, Qualifier::About);
        reads("до двухсот пятидесяти трех глав", 253.0, None, Qualifier::UpTo);
        reads("две тысячи пятьсот человек", 2500.0, None, Qualifier::Exact);
        reads("полутора тысяч гостей", 1500.0, None, Qualifier::Exact);
        reads("около тысячи человек", 1000.0, None, Qualifier::About);
        reads("не менее десяти соглашений", 10.0, None, Qualifier::AtLeast);
    }

    #[test]
    fn ranges_and_changes() {
        reads("5-6 тысяч гостей", 6000.0, Some(5000.0), Qualifier::Range);
        reads("5–6 тыс. гостей", 6000.0, Some(5000.0), Qualifier::Range);
        reads("от 5 до 6 тысяч гостей", 6000.0, Some(5000.0), Qualifier::Range);
        reads("пять-шесть тысяч гостей", 6000.0, Some(5000.0), Qualifier::Range);
        reads("от 500 участников", 500.0, None, Qualifier::AtLeast);
        let change = first("выросла с 108 до 109,5 млн человек");
        assert!(change.change);
        assert_eq!(change.value, 109.5e6);
    }

    #[test]
    fn ordinals_and_lone_thousands_are_not_amounts() {
        let chars: Vec<char> = "в 5-й раз, 10-летие, тысячи гостей".chars().collect();
        let tokens = tokenize(&chars);
        assert!((0..tokens.len()).all(|i| amount_at(&tokens, i).is_none()));
    }

    #[test]
    fn hedges_after_the_number() {
        reads("6 тысяч и более участников", 6000.0, None, Qualifier::AtLeast);
        reads("почти 7 тыс. человек", 7000.0, None, Qualifier::About);
        reads("не более 300 человек", 300.0, None, Qualifier::UpTo);
        reads("более чем 250 городов", 250.0, None, Qualifier::MoreThan);
        reads("число участников превысило 6 тысяч", 6000.0, None, Qualifier::MoreThan);
    }

    #[test]
    fn years_are_marked() {
        assert!(first("в 2024 году").year_like);
        assert!(!first("7 000 участников").year_like);
        assert!(first("2024-2025 годах").from.is_none());
    }
}

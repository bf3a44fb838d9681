//! Whether a figure was announced (`expected`) or reported (`actual`): by the words around it
//! («ожидается», «соберет» against «собрал», «приняли участие»), else by the publication date
//! against the edition's dates.

use chrono::{Datelike, NaiveDate};

use super::EditionDates;
use super::text::Token;
use crate::domain::FigureStatus;

/// Words that announce: future, plans, forecasts, confirmations and registrations before the
/// event. A `*` ends a prefix; other words are whole forms.
const EXPECTED: &[&str] = &[
    "ожида*",
    "пройдет",
    "пройдут",
    "соберет",
    "соберут",
    "соберется",
    "соберутся",
    "запланир*",
    "планир*",
    "станет",
    "станут",
    "примут",
    "примет",
    "приедут",
    "прибудут",
    "посетят",
    "представят",
    "обсудят",
    "выступят",
    "подпишут",
    "заключат",
    "будет",
    "будут",
    "прогноз*",
    "предполага*",
    "намерен*",
    "зарегистрир*",
    "подтвердил*",
    "откроется",
    "откроют",
    "развернется",
    "состоится",
    "состоятся",
    "рассчитыва*",
    "ждут",
    "ждем",
    "анонсир*",
    "смогут",
    "сможет",
    "объединит",
    "войдут",
    "составит",
    "превысит",
    "достигнет",
];

/// Words that report what happened. Nouns that share a verb's stem («проведение»,
/// «подписание») are why most of these are whole forms.
const ACTUAL: &[&str] = &[
    "собрал*",
    "прошел",
    "прошла",
    "прошло",
    "прошли",
    "посетил*",
    "принял",
    "приняла",
    "приняло",
    "приняли",
    "подписал",
    "подписала",
    "подписали",
    "подписано",
    "подписаны",
    "подписан",
    "подписана",
    "заключено",
    "заключены",
    "заключен",
    "заключена",
    "заключили",
    "состоял*",
    "выступил*",
    "выступали",
    "провел",
    "провела",
    "провели",
    "провело",
    "проведено",
    "проведены",
    "проведен",
    "проведена",
    "стал",
    "стала",
    "стало",
    "стали",
    "участвовал*",
    "побывал*",
    "прибыл",
    "прибыла",
    "прибыло",
    "приехал*",
    "насчитывал*",
    "зафиксирова*",
    "составил",
    "составила",
    "составило",
    "составили",
    "превысил*",
    "достиг",
    "достигла",
    "достигло",
    "завершил*",
];

/// Words before a reporting verb that turn it into a plan («будет подписано»).
const MODALS: &[&str] = &[
    "будет",
    "будут",
    "может",
    "могут",
    "должно",
    "должны",
    "должен",
    "должна",
    "планируется",
    "планируют",
    "ожидается",
    "ожидаются",
    "смогут",
    "сможет",
];

fn fits(pattern: &str, word: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => word.starts_with(prefix),
        None => word == pattern,
    }
}

fn of_word(word: &str) -> Option<FigureStatus> {
    if EXPECTED.iter().any(|p| fits(p, word)) {
        Some(FigureStatus::Expected)
    } else if ACTUAL.iter().any(|p| fits(p, word)) {
        Some(FigureStatus::Actual)
    } else {
        None
    }
}

/// Whether a word marks a status: such a word after a comma opens a clause of its own.
pub(crate) fn is_marker(word: &str) -> bool {
    of_word(word).is_some()
}

/// The status the word at `k` marks, and whether a modal before it made it a plan.
fn at(tokens: &[Token], k: usize) -> Option<(FigureStatus, bool)> {
    let status = of_word(tokens[k].word()?)?;
    let modal = k.checked_sub(1).and_then(|b| tokens[b].word()).is_some_and(|w| MODALS.contains(&w));
    Some(if modal { (FigureStatus::Expected, true) } else { (status, false) })
}

/// A marker: the status and its tokens `start..end` (with the modal before it).
pub(crate) struct Marker {
    pub status: FigureStatus,
    pub start: usize,
    pub end: usize,
}

/// How far from a number a marker is looked for, in tokens: well past any clause, and it
/// keeps a text of one endless sentence linear.
const REACH: usize = 40;

/// The marker nearest to the tokens `start..end` within `within`.
pub(crate) fn nearest(tokens: &[Token], (start, end): (usize, usize), within: (usize, usize)) -> Option<Marker> {
    (within.0.max(start.saturating_sub(REACH))..within.1.min(end + REACH))
        .filter(|k| !(start..end).contains(k))
        .filter_map(|k| {
            let (status, modal) = at(tokens, k)?;
            let distance = if k < start { start - k } else { k + 1 - end };
            let from = if modal { k - 1 } else { k };
            Some((distance, Marker { status, start: from, end: k + 1 }))
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, marker)| marker)
}

/// The status when no word tells: announced if published before the edition started,
/// reported if during or after. Without a date an edition is compared by year; without a
/// publication date a figure is taken as announced (press texts that give counts without a
/// tense are announcements far more often than reports).
pub(crate) fn by_date(published: Option<NaiveDate>, edition: Option<&EditionDates>) -> (FigureStatus, String) {
    let Some(published) = published else {
        return (FigureStatus::Expected, "no tense marker and no publication date: taken as announced".to_string());
    };
    let Some(edition) = edition else {
        return (
            FigureStatus::Expected,
            format!("no tense marker; published {published}, edition unknown: taken as announced"),
        );
    };
    let (status, when) = match edition.starts_on {
        Some(starts) if published < starts => (FigureStatus::Expected, format!("before it opened on {starts}")),
        Some(starts) => (FigureStatus::Actual, format!("on or after its opening on {starts}")),
        None if published.year() < edition.year => (FigureStatus::Expected, "in an earlier year".to_string()),
        None if published.year() > edition.year => (FigureStatus::Actual, "in a later year".to_string()),
        None => (FigureStatus::Expected, "in its year, its dates unknown".to_string()),
    };
    let why = format!("no tense marker; published {published}, {when} (edition {})", edition.year);
    (status, why)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::text::tokenize;

    fn status(text: &str) -> Option<(FigureStatus, String)> {
        let chars: Vec<char> = text.chars().collect();
        let tokens = tokenize(&chars);
        let number = tokens.iter().position(|t| matches!(t.kind, crate::extract::text::Kind::Number { .. })).unwrap();
        nearest(&tokens, (number, number + 1), (0, tokens.len())).map(|m| {
            let words: Vec<&str> = tokens[m.start..m.end].iter().map(|t| t.text.as_str()).collect();
            (m.status, words.join(" "))
        })
    }

    #[test]
    fn tense_and_markers() {
        use FigureStatus::*;
        assert_eq!(status("ожидается свыше 7 000 участников").unwrap().0, Expected);
        assert_eq!(status("форум собрал 6 тыс. участников").unwrap().0, Actual);
        assert_eq!(status("более 75 глав подтвердили участие").unwrap().0, Expected);
        assert_eq!(status("приняли участие 6 тыс. человек").unwrap().0, Actual);
        assert_eq!(status("было подписано 10 соглашений").unwrap().0, Actual);
        assert_eq!(status("будет подписано 10 соглашений").unwrap(), (Expected, "будет подписано".into()));
        assert_eq!(status("в программу вошло 70 мероприятий"), None);
        assert_eq!(status("проведение 3 сессий"), None);
    }

    #[test]
    fn the_nearest_marker_decides() {
        let s = status("форум собрал 6 тыс. участников, ожидается 7 тыс.");
        assert_eq!(s.unwrap().0, FigureStatus::Actual);
    }

    #[test]
    fn without_markers_the_date_decides() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        let edition = EditionDates { year: 2025, number: 9, starts_on: day(2025, 11, 27), ends_on: day(2025, 11, 28) };
        assert_eq!(by_date(day(2025, 10, 22), Some(&edition)).0, FigureStatus::Expected);
        assert_eq!(by_date(day(2025, 11, 27), Some(&edition)).0, FigureStatus::Actual);
        assert_eq!(by_date(None, Some(&edition)).0, FigureStatus::Expected);
        let undated = EditionDates { starts_on: None, ends_on: None, ..edition };
        assert_eq!(by_date(day(2026, 1, 5), Some(&undated)).0, FigureStatus::Actual);
    }
}

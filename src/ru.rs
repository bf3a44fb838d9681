//! How Russian readers write numbers, dates and the service's enumerations: `7 000`, «14 ноября
//! 2024», «27–28 ноября 2025», «более», «ожидаемое». Every word a page or a chart shows for a
//! stored value comes from here.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc};

use crate::domain::headline::DecidedBy;
use crate::domain::period::Period;
use crate::domain::{
    AgreementKind, AgreementStatus, EditionFormat, FigureStatus, OrganizationKind, ParticipantRole, Qualifier,
    SessionFormat, number,
};

/// Between groups of thousands: a no-break space, so that «7 000» never breaks across lines.
const THOUSANDS: char = '\u{a0}';

/// `7000` → «7 000», `4.5` → «4,5», `-1234.25` → «−1 234,25».
pub fn number(value: f64) -> String {
    let text = if number::is_integral(value) {
        format!("{}", value.abs() as i64)
    } else {
        // The shortest form that reads back as the same value, as the API writes it.
        format!("{}", value.abs())
    };
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (text.as_str(), None),
    };
    let mut out = String::with_capacity(text.len() + 4);
    if value < 0.0 {
        out.push('−');
    }
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push(THOUSANDS);
        }
        out.push(digit);
    }
    if let Some(fraction) = fraction {
        out.push(',');
        out.push_str(fraction);
    }
    out
}

/// A difference with its sign: «+1 000», «−500», «0».
pub fn signed(value: f64) -> String {
    if value > 0.0 { format!("+{}", number(value)) } else { number(value) }
}

const MONTHS: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

fn month(date: NaiveDate) -> &'static str {
    MONTHS[date.month0() as usize]
}

/// «14 ноября 2024».
pub fn date(date: NaiveDate) -> String {
    format!("{} {} {}", date.day(), month(date), date.year())
}

/// Months standing alone, as in «октябрь 2025».
const MONTHS_NOMINATIVE: [&str; 12] = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];

/// A month or year without a day: «октябрь 2025», «2024 год».
pub fn period(period: Period) -> String {
    match period {
        Period::Month(year, month) => format!("{} {year}", MONTHS_NOMINATIVE[(month - 1) as usize]),
        Period::Year(year) => format!("{year} год"),
    }
}

/// An edition's days: «27–28 ноября 2025», «30 ноября – 1 декабря 2025», «27 ноября 2025».
pub fn date_range(starts: Option<NaiveDate>, ends: Option<NaiveDate>) -> Option<String> {
    match (starts, ends) {
        (Some(s), Some(e)) if s == e => Some(date(s)),
        (Some(s), Some(e)) if s.year() == e.year() && s.month() == e.month() => {
            Some(format!("{}–{} {} {}", s.day(), e.day(), month(e), e.year()))
        }
        (Some(s), Some(e)) if s.year() == e.year() => {
            Some(format!("{} {} – {} {} {}", s.day(), month(s), e.day(), month(e), e.year()))
        }
        (Some(s), Some(e)) => Some(format!("{} – {}", date(s), date(e))),
        (Some(d), None) | (None, Some(d)) => Some(date(d)),
        (None, None) => None,
    }
}

/// Yekaterinburg's offset from UTC (no daylight saving since 2014): every edition was held
/// there, so a session's time is shown as its audience read it.
fn yekaterinburg() -> FixedOffset {
    FixedOffset::east_opt(5 * 3600).expect("a valid offset")
}

/// «27 ноября 2025, 10:00» in Yekaterinburg time.
pub fn instant(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&yekaterinburg());
    format!("{}, {}", date(local.date_naive()), local.format("%H:%M"))
}

/// A session's time: the day and the hours, «27 ноября 2025, 10:00–11:30».
pub fn session_time(
    day: Option<NaiveDate>,
    starts: Option<DateTime<Utc>>,
    ends: Option<DateTime<Utc>>,
) -> Option<String> {
    let zone = yekaterinburg();
    match (starts, ends) {
        (Some(s), Some(e)) if s.with_timezone(&zone).date_naive() == e.with_timezone(&zone).date_naive() => {
            Some(format!("{}–{}", instant(s), e.with_timezone(&zone).format("%H:%M")))
        }
        (Some(s), Some(e)) => Some(format!("{} – {}", instant(s), instant(e))),
        (Some(s), None) => Some(instant(s)),
        _ => day.map(date),
    }
}

/// The hedge word before a value; nothing for an exact one.
pub fn qualifier(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Exact => "",
        Qualifier::About => "около",
        Qualifier::MoreThan => "более",
        Qualifier::AtLeast => "не менее",
        Qualifier::UpTo => "до",
        // A range is written by its bounds (`hedged`).
        Qualifier::Range => "",
    }
}

/// The qualifier as a label of its own, where an empty word would leave a hole (a table cell).
pub fn qualifier_label(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Exact => "точно",
        Qualifier::Range => "диапазон",
        other => qualifier(other),
    }
}

/// A value as a source said it: «более 7 000», or a range «5 000–6 000».
pub fn hedged(q: Qualifier, value: f64, value_from: Option<f64>) -> String {
    match (q, value_from, qualifier(q)) {
        (Qualifier::Range, Some(from), _) => format!("{}–{}", number(from), number(value)),
        (_, _, "") => number(value),
        (_, _, word) => format!("{word} {}", number(value)),
    }
}

pub fn status(s: FigureStatus) -> &'static str {
    match s {
        FigureStatus::Expected => "ожидаемое",
        FigureStatus::Actual => "фактическое",
    }
}

pub fn edition_format(f: EditionFormat) -> &'static str {
    match f {
        EditionFormat::InPerson => "очно",
        EditionFormat::Online => "онлайн",
        EditionFormat::Hybrid => "гибридный",
    }
}

pub fn session_format(f: SessionFormat) -> &'static str {
    match f {
        SessionFormat::Plenary => "пленарное заседание",
        SessionFormat::Panel => "панельная дискуссия",
        SessionFormat::OpenMicrophone => "открытый микрофон",
        SessionFormat::Dialogue => "диалог",
        SessionFormat::Workshop => "мастер-класс",
        SessionFormat::RoundTable => "круглый стол",
        SessionFormat::Lecture => "лекция",
        SessionFormat::Exhibition => "выставка",
        SessionFormat::Other => "другое",
    }
}

pub fn role(r: ParticipantRole) -> &'static str {
    match r {
        ParticipantRole::Moderator => "модератор",
        ParticipantRole::Speaker => "спикер",
        ParticipantRole::Participant => "участник",
    }
}

pub fn agreement_status(s: AgreementStatus) -> &'static str {
    match s {
        AgreementStatus::Planned => "запланировано",
        AgreementStatus::Signed => "подписано",
    }
}

pub fn agreement_kind(k: AgreementKind) -> &'static str {
    match k {
        AgreementKind::Cooperation => "о сотрудничестве",
        AgreementKind::Friendship => "о дружественных отношениях",
        AgreementKind::IntentProtocol => "протокол о намерениях",
        AgreementKind::Other => "другое",
    }
}

pub fn organization_kind(k: OrganizationKind) -> &'static str {
    match k {
        OrganizationKind::Company => "компания",
        OrganizationKind::Ministry => "министерство",
        OrganizationKind::Government => "орган власти",
        OrganizationKind::Municipality => "муниципалитет",
        OrganizationKind::Association => "объединение",
        OrganizationKind::Media => "СМИ",
        OrganizationKind::Education => "образование",
        OrganizationKind::Other => "другое",
    }
}

/// The step of the headline rule that decided, in words.
pub fn decided_by(d: DecidedBy) -> &'static str {
    match d {
        DecidedBy::OnlyFigure => "единственная цифра",
        DecidedBy::Status => "фактическое прежде ожидаемого",
        DecidedBy::ReportedOn => "самое позднее сообщение",
        DecidedBy::Qualifier => "точная цифра прежде приблизительной",
        DecidedBy::Value => "большее значение",
        DecidedBy::Tie => "равные цифры",
        DecidedBy::NoChoice => "без выбора",
    }
}

/// A metric's unit in Russian (as after a number: «7 000 человек»), where the service knows
/// the word; units are free text, so others are shown as stored.
pub fn unit(unit: &str) -> Option<&'static str> {
    Some(match unit {
        "people" => "человек",
        "regions" => "регионов",
        "municipalities" => "муниципальных образований",
        "cities" => "городов",
        "events" => "мероприятий",
        "tracks" => "треков",
        "agreements" => "соглашений",
        "stands" => "стендов",
        "committees" => "комитетов",
        _ => return None,
    })
}

/// An edition's ordinal as the forum writes it: `9` → «IX».
pub fn roman(mut n: i32) -> String {
    if !(1..4000).contains(&n) {
        return n.to_string();
    }
    const DIGITS: [(i32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, digits) in DIGITS {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// «1 источник», «2 источника», «5 источников»: the noun that goes with a count.
pub fn plural<'a>(n: usize, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    let (tens, units) = (n % 100, n % 10);
    if (11..=14).contains(&tens) {
        many
    } else if units == 1 {
        one
    } else if (2..=4).contains(&units) {
        few
    } else {
        many
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn numbers_group_thousands_with_a_no_break_space_and_use_a_decimal_comma() {
        assert_eq!(number(7000.0), "7\u{a0}000");
        assert_eq!(number(999.0), "999");
        assert_eq!(number(1234567.0), "1\u{a0}234\u{a0}567");
        assert_eq!(number(4.5), "4,5");
        assert_eq!(number(12345.25), "12\u{a0}345,25");
        assert_eq!(number(-1500.0), "−1\u{a0}500");
        assert_eq!(number(0.0), "0");
        assert_eq!(signed(1000.0), "+1\u{a0}000");
        assert_eq!(signed(-5.0), "−5");
    }

    #[test]
    fn dates_use_genitive_month_names() {
        assert_eq!(date(day(2024, 11, 14)), "14 ноября 2024");
        assert_eq!(date(day(2025, 3, 1)), "1 марта 2025");
        assert_eq!(date_range(Some(day(2025, 11, 27)), Some(day(2025, 11, 28))).unwrap(), "27–28 ноября 2025");
        assert_eq!(date_range(Some(day(2025, 11, 30)), Some(day(2025, 12, 1))).unwrap(), "30 ноября – 1 декабря 2025");
        assert_eq!(
            date_range(Some(day(2025, 12, 31)), Some(day(2026, 1, 1))).unwrap(),
            "31 декабря 2025 – 1 января 2026"
        );
        assert_eq!(date_range(Some(day(2025, 11, 27)), Some(day(2025, 11, 27))).unwrap(), "27 ноября 2025");
        assert_eq!(date_range(None, None), None);
    }

    #[test]
    fn session_times_are_yekaterinburg_time() {
        let at = |h, m| day(2025, 11, 27).and_hms_opt(h, m, 0).unwrap().and_utc();
        assert_eq!(instant(at(5, 0)), "27 ноября 2025, 10:00");
        assert_eq!(session_time(None, Some(at(5, 0)), Some(at(6, 30))).unwrap(), "27 ноября 2025, 10:00–11:30");
        assert_eq!(session_time(Some(day(2025, 11, 28)), None, None).unwrap(), "28 ноября 2025");
        assert_eq!(session_time(None, None, None), None);
    }

    #[test]
    fn qualifiers_and_statuses_in_words() {
        assert_eq!(qualifier(Qualifier::Exact), "");
        assert_eq!(qualifier_label(Qualifier::Exact), "точно");
        assert_eq!(qualifier(Qualifier::About), "около");
        assert_eq!(qualifier(Qualifier::MoreThan), "более");
        assert_eq!(qualifier(Qualifier::AtLeast), "не менее");
        assert_eq!(qualifier(Qualifier::UpTo), "до");
        assert_eq!(hedged(Qualifier::MoreThan, 7000.0, None), "более 7\u{a0}000");
        assert_eq!(hedged(Qualifier::Exact, 39.0, None), "39");
        assert_eq!(hedged(Qualifier::Range, 6000.0, Some(5000.0)), "5\u{a0}000–6\u{a0}000");
        assert_eq!(period(Period::Month(2025, 10)), "октябрь 2025");
        assert_eq!(period(Period::Year(2024)), "2024 год");
        assert_eq!(status(FigureStatus::Expected), "ожидаемое");
        assert_eq!(status(FigureStatus::Actual), "фактическое");
    }

    #[test]
    fn every_enumeration_has_russian_words() {
        assert_eq!(edition_format(EditionFormat::InPerson), "очно");
        assert_eq!(edition_format(EditionFormat::Online), "онлайн");
        assert_eq!(edition_format(EditionFormat::Hybrid), "гибридный");
        assert_eq!(role(ParticipantRole::Moderator), "модератор");
        assert_eq!(role(ParticipantRole::Speaker), "спикер");
        assert_eq!(role(ParticipantRole::Participant), "участник");
        assert_eq!(agreement_status(AgreementStatus::Planned), "запланировано");
        assert_eq!(agreement_status(AgreementStatus::Signed), "подписано");
        let words = SessionFormat::ALL.iter().map(|f| session_format(*f));
        let words = words.chain(AgreementKind::ALL.iter().map(|k| agreement_kind(*k)));
        let words = words.chain(OrganizationKind::ALL.iter().map(|k| organization_kind(*k)));
        let words = words.chain(DecidedBy::ALL.iter().map(|d| decided_by(*d)));
        for word in words {
            assert!(word.chars().any(|c| ('а'..='я').contains(&c) || c == 'С'), "{word}");
        }
    }

    #[test]
    fn ordinals_and_plurals() {
        assert_eq!(roman(9), "IX");
        assert_eq!(roman(2024 - 2016 + 1), "IX");
        assert_eq!(roman(14), "XIV");
        assert_eq!(roman(0), "0");
        assert_eq!(plural(1, "источник", "источника", "источников"), "источник");
        assert_eq!(plural(3, "источник", "источника", "источников"), "источника");
        assert_eq!(plural(11, "источник", "источника", "источников"), "источников");
        assert_eq!(plural(21, "источник", "источника", "источников"), "источник");
        assert_eq!(plural(25, "источник", "источника", "источников"), "источников");
        assert_eq!(unit("people"), Some("человек"));
        assert_eq!(unit("ladders"), None);
    }
}

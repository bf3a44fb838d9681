//! Phrases as the press writes them, one at a time, through `extract`.

use chrono::NaiveDate;

use super::corpus::{archived_cases, own_cases};
use super::{metric_codes, seed_editions};
use crate::domain::{FigureStatus, Qualifier};
use crate::extract::{Candidate, Context, MetricTerms, extract, locate};

fn day(text: &str) -> Option<NaiveDate> {
    Some(text.parse().unwrap())
}

fn read(text: &str, published: &str) -> Vec<Candidate> {
    let ctx = Context::with_default_terms(metric_codes(), seed_editions());
    extract(text, day(published), &ctx)
}

fn only(text: &str, published: &str) -> Candidate {
    let mut all = read(text, published);
    assert_eq!(all.len(), 1, "{text}: {all:#?}");
    all.remove(0)
}

fn reads(text: &str, metric: &str, value: f64, qualifier: Qualifier) {
    let c = only(text, "2025-10-01");
    assert_eq!((c.metric.as_str(), c.value, c.qualifier), (metric, value, qualifier), "{text}");
}

#[test]
fn counts_with_their_nouns_and_hedges() {
    use Qualifier::*;
    reads("Организаторы ждут более шести тысяч гостей.", "participants", 6000.0, MoreThan);
    reads("Форум соберет 5,1 тыс. участников.", "participants", 5100.0, Exact);
    reads("Ожидается порядка 30-ти мероприятий.", "events", 30.0, About);
    reads("Выступят свыше 100 спикеров из 15 стран.", "speakers", 100.0, MoreThan);
    reads("Приедут почти 90 мэров.", "heads_of_cities", 90.0, About);
    reads("Делегации пришлют не менее 20 субъектов РФ.", "regions", 20.0, AtLeast);
    reads("Будут представлены 500 муниципальных образований.", "municipalities", 500.0, Exact);
    reads("Зал вместит не более 300 делегатов.", "participants", 300.0, UpTo);
    reads("Подписано минимум 38 соглашений.", "agreements_signed", 38.0, AtLeast);
    reads("Ожидается до 7 тыс. человек.", "participants", 7000.0, UpTo);
    reads("Примут участие главы двухсот городов.", "heads_of_cities", 200.0, Exact);
    reads("Более чем 250 городов пришлют делегации.", "cities", 250.0, MoreThan);
    reads("Программа включает семь треков.", "tracks", 7.0, Exact);
    reads("Работали 20 выставочных стендов.", "exhibition_stands", 20.0, Exact);
}

#[test]
fn ranges() {
    for text in [
        "Ожидается от 5 до 6 тысяч гостей.",
        "Ожидается 5-6 тысяч гостей.",
        "Ожидается 5–6 тыс. гостей.",
        "Ожидается пять-шесть тысяч гостей.",
    ] {
        let c = only(text, "2025-10-01");
        assert_eq!((c.value, c.value_from, c.qualifier), (6000.0, Some(5000.0), Qualifier::Range), "{text}");
    }
}

#[test]
fn numbers_that_count_nothing_measured_are_not_proposed() {
    for text in [
        "Число участников выросло на 15%.",
        "Сумма соглашений превысила 1,5 млрд рублей.",
        "Форум пройдет 27-28 ноября 2025 года в Екатеринбурге.",
        "Форум проводится в пятый раз, IX форум откроется в 10:00.",
        "В 2026 году форум отметит 10-летие, до 2030 года осталось 5 лет.",
        "Численность городов выросла с 108 до 109,5 млн человек.",
        "Крупные города, численность которых более 100 тыс. человек, растут.",
        "Тысячи гостей и сотни экспертов.",
        "Одной из тем станет туризм, другой — 5-й национальный проект.",
    ] {
        let found = read(text, "2025-10-01");
        assert!(found.is_empty(), "{text}: {found:#?}");
    }
}

#[test]
fn status_by_tense_and_by_date() {
    let published = "2025-10-01";
    assert_eq!(only("Форум соберет 7 тыс. участников.", published).status, FigureStatus::Expected);
    assert_eq!(only("Форум собрал 7 тыс. участников.", published).status, FigureStatus::Actual);
    assert_eq!(only("Было подписано 10 соглашений.", published).status, FigureStatus::Actual);
    assert_eq!(only("Будет подписано 10 соглашений.", published).status, FigureStatus::Expected);
    // No marker: before the opening (27 November 2025) it is a forecast, from it a report.
    assert_eq!(only("Программа насчитывает 80 событий.", published).status, FigureStatus::Expected);
    assert_eq!(only("Программа насчитывает 80 событий.", "2025-11-27").status, FigureStatus::Actual);
}

#[test]
fn edition_by_the_text_else_by_the_date() {
    let at = |text: &str, published: &str| only(text, published).edition;
    assert_eq!(at("В прошлом году форум посетили 6 тыс. человек.", "2025-10-01"), Some(2024));
    assert_eq!(at("Прошлогодний форум собрал 6 тыс. участников.", "2025-10-01"), Some(2024));
    assert_eq!(at("VIII форум собрал 6 тыс. участников.", "2025-10-01"), Some(2024));
    assert_eq!(at("Восьмой форум собрал 6 тыс. участников.", "2025-10-01"), Some(2024));
    assert_eq!(at("В 2022 году форум собрал 3 тыс. участников.", "2025-10-01"), Some(2022));
    assert_eq!(at("В этом году форум соберет 7 тыс. участников.", "2025-10-01"), Some(2025));
    assert_eq!(at("Форум соберет 7 тыс. участников.", "2025-10-01"), Some(2025));
    assert_eq!(at("Форум собрал 7 тыс. участников.", "2025-12-10"), Some(2025));
    // A year with no edition (there was none in 2021) is said as such, not replaced by a guess.
    assert_eq!(at("В 2021 году форум собрал 3 тыс. участников.", "2025-10-01"), None);
}

#[test]
fn who_said_it() {
    let who = |text: &str| only(text, "2025-10-01").attributed_to;
    assert_eq!(who("Форум соберет 7 тыс. участников, сообщили организаторы.").as_deref(), Some("организаторы"));
    assert_eq!(who("По словам Алексея Орлова, форум соберет 7 тыс. участников.").as_deref(), Some("Алексея Орлова"));
    assert_eq!(
        who("Форум соберет 7 тыс. участников. Об этом сообщила пресс-служба администрации Екатеринбурга.").as_deref(),
        Some("пресс-служба администрации Екатеринбурга")
    );
    assert_eq!(who("Как рассказал глава города, форум соберет 7 тыс. участников.").as_deref(), Some("глава города"));
    assert_eq!(who("Форум соберет 7 тыс. участников."), None);
}

#[test]
fn a_metric_added_with_its_own_terms_takes_its_words() {
    let mut metrics: Vec<MetricTerms> = ["speakers", "experts"]
        .iter()
        .map(|c| MetricTerms { code: c.to_string(), terms: crate::extract::default_terms(c) })
        .collect();
    let ctx = Context::new(metrics.clone(), seed_editions());
    let found = extract("Выступят более 450 экспертов и 30 спикеров.", day("2025-10-01"), &ctx);
    let codes: Vec<&str> = found.iter().map(|c| c.metric.as_str()).collect();
    assert_eq!(codes, ["experts", "speakers"]);
    // An editor's term: «лекторов» removed, «модераторов» added.
    metrics[0].terms = vec!["модераторов".into()];
    let ctx = Context::new(metrics, seed_editions());
    let found = extract("Будет 12 модераторов и 5 лекторов.", day("2025-10-01"), &ctx);
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].metric.as_str(), found[0].value), ("speakers", 12.0));
}

#[test]
fn every_quote_is_the_text_at_its_offsets() {
    for case in archived_cases().into_iter().chain(own_cases()) {
        let ctx = Context::with_default_terms(metric_codes(), case.editions.clone());
        for c in extract(&case.text, case.published, &ctx) {
            let at: String = case.text.chars().skip(c.start).take(c.end - c.start).collect();
            assert_eq!(at, c.quote, "{}", case.name);
            let span = locate(&case.text, &c.quote).expect("its own quote is found");
            assert!(span.start <= c.start, "{}", case.name);
        }
    }
}

#[test]
fn empty_and_odd_texts() {
    let ctx = Context::with_default_terms(metric_codes(), Vec::new());
    assert!(extract("", None, &ctx).is_empty());
    assert!(extract("\u{ad}\u{200b} \n\n", None, &ctx).is_empty());
    assert!(extract("9999999999999999999999 участников", None, &ctx).len() <= 1);
    let without_editions = extract("В 2023 году форум собрал 5 тыс. участников.", None, &ctx);
    assert_eq!(without_editions[0].edition, Some(2023));
}

//! Which of several reported figures for one (edition, metric) is the headline, and why.
//!
//! The contract's rule: figures with status `actual` if there are any, else `expected`; among
//! those the latest `reported_on` (unknown dates last); then `exact` before any other
//! qualifier; then the larger value. `resolve=` picks another rule.

use std::cmp::Ordering;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{FigureStatus, Qualifier, text_enum};

text_enum! {
    /// How one figure is chosen among several: `headline` (the contract's rule), `latest`
    /// (the most recently reported), `max`, `min`, or `all` (every figure, no choice).
    #[derive(Default)]
    Resolve { #[default] Headline => "headline", Latest => "latest", Max => "max", Min => "min", All => "all" }
}

text_enum! {
    /// The step of the rule that set the chosen figure apart from the others.
    DecidedBy {
        OnlyFigure => "only_figure", Status => "status", ReportedOn => "reported_on",
        Qualifier => "qualifier", Value => "value", Tie => "tie", NoChoice => "no_choice",
    }
}

/// What the rule needs to know of a figure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FigureFacts {
    pub id: i64,
    /// A range's upper bound: the rule's "larger value" compares these.
    pub value: f64,
    /// A range's lower bound: it counts toward `min`, and a range is a value of its own in
    /// deciding whether the figures disagree.
    pub value_from: Option<f64>,
    pub qualifier: Qualifier,
    pub status: FigureStatus,
    pub reported_on: Option<NaiveDate>,
}

/// The outcome for one (edition, metric).
#[derive(Debug, Clone, PartialEq)]
pub struct Resolution {
    /// The chosen figure's id (none for `all`, or when there are no figures).
    pub winner: Option<i64>,
    pub decided_by: DecidedBy,
    /// A sentence a person can check against the figures.
    pub reason: String,
    pub figure_count: usize,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Two or more distinct values among the figures of the status the headline rule uses.
    pub disputed: bool,
    /// The best actual and the best expected figure by the headline rule, to set side by side.
    pub best_actual: Option<i64>,
    pub best_expected: Option<i64>,
}

/// Newer first; an unknown date after every known one.
fn later_first(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => b.cmp(&a),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

fn exact_first(a: Qualifier, b: Qualifier) -> Ordering {
    (a != Qualifier::Exact).cmp(&(b != Qualifier::Exact))
}

fn actual_first(a: FigureStatus, b: FigureStatus) -> Ordering {
    (a != FigureStatus::Actual).cmp(&(b != FigureStatus::Actual))
}

fn larger_first(a: f64, b: f64) -> Ordering {
    b.partial_cmp(&a).unwrap_or(Ordering::Equal)
}

/// The headline order within one status: latest, exact, larger.
fn headline_order(a: &FigureFacts, b: &FigureFacts) -> Ordering {
    later_first(a.reported_on, b.reported_on)
        .then(exact_first(a.qualifier, b.qualifier))
        .then(larger_first(a.value, b.value))
        .then(a.id.cmp(&b.id))
}

/// The status the headline rule draws from: actual if there is any, else expected.
fn headline_status(figures: &[FigureFacts]) -> Option<FigureStatus> {
    if figures.is_empty() {
        None
    } else if figures.iter().any(|f| f.status == FigureStatus::Actual) {
        Some(FigureStatus::Actual)
    } else {
        Some(FigureStatus::Expected)
    }
}

fn best_of(figures: &[FigureFacts], status: FigureStatus) -> Option<FigureFacts> {
    figures.iter().filter(|f| f.status == status).min_by(|a, b| headline_order(a, b)).copied()
}

/// Figure ids best first: the status the headline draws from, then the headline order.
pub fn ranked(figures: &[FigureFacts]) -> Vec<i64> {
    let status = headline_status(figures);
    let mut sorted: Vec<&FigureFacts> = figures.iter().collect();
    sorted.sort_by(|a, b| (Some(a.status) != status).cmp(&(Some(b.status) != status)).then(headline_order(a, b)));
    sorted.into_iter().map(|f| f.id).collect()
}

fn format_value(value: f64) -> String {
    super::number::to_text(value)
}

pub fn resolve(figures: &[FigureFacts], rule: Resolve) -> Resolution {
    let min = figures.iter().map(|f| f.value_from.unwrap_or(f.value)).reduce(f64::min);
    let max = figures.iter().map(|f| f.value).reduce(f64::max);
    let status = headline_status(figures);
    let disputed = status.is_some_and(|status| {
        let mut distinct: Vec<(f64, f64)> =
            figures.iter().filter(|f| f.status == status).map(|f| (f.value_from.unwrap_or(f.value), f.value)).collect();
        distinct.sort_by(|a, b| a.partial_cmp(b).unwrap_or(Ordering::Equal));
        distinct.dedup();
        distinct.len() >= 2
    });
    let best_actual = best_of(figures, FigureStatus::Actual).map(|f| f.id);
    let best_expected = best_of(figures, FigureStatus::Expected).map(|f| f.id);
    let base = Resolution {
        winner: None,
        decided_by: DecidedBy::NoChoice,
        reason: String::new(),
        figure_count: figures.len(),
        min,
        max,
        disputed,
        best_actual,
        best_expected,
    };
    if figures.is_empty() {
        return Resolution { reason: "no figure has been reported for this metric".into(), ..base };
    }
    let (winner, decided_by, reason) = match rule {
        Resolve::All => {
            return Resolution {
                reason: format!("resolve=all: every figure ({}), no choice made", figures.len()),
                ..base
            };
        }
        Resolve::Headline => explain_headline(figures),
        Resolve::Latest => {
            pick(figures, "resolve=latest: the most recently reported figure", DecidedBy::ReportedOn, |a, b| {
                later_first(a.reported_on, b.reported_on)
                    .then(actual_first(a.status, b.status))
                    .then(exact_first(a.qualifier, b.qualifier))
                    .then(larger_first(a.value, b.value))
            })
        }
        Resolve::Max => pick(figures, "resolve=max: the largest value", DecidedBy::Value, |a, b| {
            larger_first(a.value, b.value)
                .then(actual_first(a.status, b.status))
                .then(later_first(a.reported_on, b.reported_on))
                .then(exact_first(a.qualifier, b.qualifier))
        }),
        Resolve::Min => pick(figures, "resolve=min: the smallest value", DecidedBy::Value, |a, b| {
            larger_first(b.value, a.value)
                .then(actual_first(a.status, b.status))
                .then(later_first(a.reported_on, b.reported_on))
                .then(exact_first(a.qualifier, b.qualifier))
        }),
    };
    Resolution { winner: Some(winner), decided_by, reason, ..base }
}

/// Picks by an order and says whether the order itself or the id broke the tie.
fn pick(
    figures: &[FigureFacts],
    intro: &str,
    decided_by: DecidedBy,
    order: impl Fn(&FigureFacts, &FigureFacts) -> Ordering,
) -> (i64, DecidedBy, String) {
    let mut sorted: Vec<&FigureFacts> = figures.iter().collect();
    sorted.sort_by(|a, b| order(a, b).then(a.id.cmp(&b.id)));
    let first = sorted[0];
    let tied = sorted.iter().filter(|f| order(f, first) == Ordering::Equal).count();
    if figures.len() == 1 {
        (first.id, DecidedBy::OnlyFigure, format!("{intro}; it is the only figure"))
    } else if tied > 1 {
        (
            first.id,
            DecidedBy::Tie,
            format!("{intro}; {tied} figures are equal by this rule, the first recorded (id {}) is shown", first.id),
        )
    } else {
        (first.id, decided_by, format!("{intro} ({})", format_value(first.value)))
    }
}

/// The contract's rule, step by step, narrating each step that narrowed the field.
fn explain_headline(figures: &[FigureFacts]) -> (i64, DecidedBy, String) {
    let mut steps = Vec::new();
    let mut decided_by = None;
    let status = headline_status(figures).expect("figures is not empty");
    let mut pool: Vec<FigureFacts> = figures.iter().filter(|f| f.status == status).copied().collect();
    if figures.len() == 1 {
        return (
            figures[0].id,
            DecidedBy::OnlyFigure,
            format!("the only figure ({} {})", figures[0].status, format_value(figures[0].value)),
        );
    }
    let set_aside = figures.len() - pool.len();
    match status {
        FigureStatus::Actual if set_aside > 0 => {
            steps.push(format!("{} actual figure(s) take precedence over {set_aside} expected", pool.len()));
            if pool.len() == 1 {
                decided_by = Some(DecidedBy::Status);
            }
        }
        FigureStatus::Actual => steps.push(format!("{} figures, all actual", pool.len())),
        FigureStatus::Expected => steps.push(format!("no actual figure yet; {} expected figure(s)", pool.len())),
    }

    let narrow = |pool: &mut Vec<FigureFacts>, keep: &dyn Fn(&FigureFacts) -> bool| {
        let before = pool.len();
        pool.retain(|f| keep(f));
        before != pool.len()
    };

    if pool.len() > 1 {
        let latest = pool.iter().map(|f| f.reported_on).min_by(|a, b| later_first(*a, *b)).flatten();
        let narrowed = narrow(&mut pool, &|f| f.reported_on == latest);
        if narrowed {
            steps.push(match latest {
                Some(date) => format!("the latest reported on {date} ({} figure(s))", pool.len()),
                None => unreachable!("a known date always sorts before an unknown one"),
            });
            if pool.len() == 1 {
                decided_by.get_or_insert(DecidedBy::ReportedOn);
            }
        } else if latest.is_none() {
            steps.push("no reporting date is known".into());
        } else {
            steps.push(format!("all reported on {}", latest.expect("checked")));
        }
    }
    if pool.len() > 1 {
        let has_exact = pool.iter().any(|f| f.qualifier == Qualifier::Exact);
        if has_exact && narrow(&mut pool, &|f| f.qualifier == Qualifier::Exact) {
            steps.push(format!("an exact figure before hedged ones ({} left)", pool.len()));
            if pool.len() == 1 {
                decided_by.get_or_insert(DecidedBy::Qualifier);
            }
        }
    }
    if pool.len() > 1 {
        let largest = pool.iter().map(|f| f.value).fold(f64::MIN, f64::max);
        if narrow(&mut pool, &|f| f.value == largest) {
            steps.push(format!("the larger value, {}", format_value(largest)));
            if pool.len() == 1 {
                decided_by.get_or_insert(DecidedBy::Value);
            }
        }
    }
    pool.sort_by_key(|f| f.id);
    if pool.len() > 1 {
        steps.push(format!(
            "{} figures agree on every step (the same value {}); the first recorded (id {}) is shown",
            pool.len(),
            format_value(pool[0].value),
            pool[0].id
        ));
        decided_by.get_or_insert(DecidedBy::Tie);
    }
    (pool[0].id, decided_by.unwrap_or(DecidedBy::Tie), steps.join("; "))
}

/// Actual against expected: the gap between what was announced and what was reported.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Delta {
    /// `to − from`.
    #[serde(serialize_with = "super::number::serialize")]
    pub difference: f64,
    /// `to / from`; null when `from` is zero.
    pub ratio: Option<f64>,
}

impl Delta {
    pub fn between(from: f64, to: f64) -> Delta {
        let ratio = if from == 0.0 { None } else { Some(((to / from) * 10_000.0).round() / 10_000.0) };
        Delta { difference: to - from, ratio }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fig(
        id: i64,
        value: f64,
        qualifier: Qualifier,
        status: FigureStatus,
        date: Option<(i32, u32, u32)>,
    ) -> FigureFacts {
        FigureFacts {
            id,
            value,
            value_from: None,
            qualifier,
            status,
            reported_on: date.map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap()),
        }
    }
    use FigureStatus::{Actual, Expected};
    use Qualifier::{About, Exact, MoreThan};

    #[test]
    fn actual_beats_a_later_expected() {
        let figures = [
            fig(1, 7000.0, MoreThan, Expected, Some((2025, 11, 27))),
            fig(2, 6000.0, Exact, Actual, Some((2025, 10, 22))),
        ];
        let r = resolve(&figures, Resolve::Headline);
        assert_eq!(r.winner, Some(2));
        assert_eq!(r.decided_by, DecidedBy::Status);
        assert!(!r.disputed, "one actual value only");
        assert_eq!(r.best_expected, Some(1));
        assert_eq!((r.min, r.max), (Some(6000.0), Some(7000.0)));
    }

    #[test]
    fn latest_date_then_unknown_dates_last() {
        let figures = [
            fig(1, 6000.0, MoreThan, Expected, None),
            fig(2, 7000.0, MoreThan, Expected, Some((2025, 10, 22))),
            fig(3, 6000.0, MoreThan, Expected, Some((2025, 11, 20))),
        ];
        let r = resolve(&figures, Resolve::Headline);
        assert_eq!(r.winner, Some(3));
        assert_eq!(r.decided_by, DecidedBy::ReportedOn);
        assert!(r.disputed);
        assert!(r.reason.contains("2025-11-20"), "{}", r.reason);
    }

    #[test]
    fn exact_then_larger_on_the_same_day() {
        let day = Some((2024, 11, 19));
        let exact = [fig(1, 6000.0, About, Actual, day), fig(2, 5000.0, Exact, Actual, day)];
        assert_eq!(resolve(&exact, Resolve::Headline).decided_by, DecidedBy::Qualifier);
        assert_eq!(resolve(&exact, Resolve::Headline).winner, Some(2));
        let larger = [fig(1, 6000.0, About, Actual, day), fig(2, 6500.0, MoreThan, Actual, day)];
        assert_eq!(resolve(&larger, Resolve::Headline).winner, Some(2));
        assert_eq!(resolve(&larger, Resolve::Headline).decided_by, DecidedBy::Value);
    }

    #[test]
    fn identical_reports_tie_to_the_first_recorded() {
        let figures = [fig(5, 6000.0, Exact, Actual, None), fig(3, 6000.0, Exact, Actual, None)];
        let r = resolve(&figures, Resolve::Headline);
        assert_eq!((r.winner, r.decided_by), (Some(3), DecidedBy::Tie));
        assert!(!r.disputed);
    }

    #[test]
    fn other_rules() {
        let figures = [
            fig(1, 70.0, About, Expected, Some((2025, 7, 22))),
            fig(2, 80.0, MoreThan, Expected, Some((2025, 10, 22))),
            fig(3, 75.0, Exact, Actual, None),
        ];
        assert_eq!(resolve(&figures, Resolve::Max).winner, Some(2));
        assert_eq!(resolve(&figures, Resolve::Min).winner, Some(1));
        assert_eq!(resolve(&figures, Resolve::Latest).winner, Some(2));
        assert_eq!(resolve(&figures, Resolve::Headline).winner, Some(3));
        let all = resolve(&figures, Resolve::All);
        assert_eq!((all.winner, all.figure_count), (None, 3));
    }

    #[test]
    fn a_range_counts_its_lower_bound_and_is_hedged() {
        let day = Some((2024, 11, 19));
        let range = FigureFacts { value_from: Some(5000.0), ..fig(1, 6000.0, Qualifier::Range, Actual, day) };
        let figures = [range, fig(2, 6000.0, Exact, Actual, day)];
        let r = resolve(&figures, Resolve::Headline);
        assert_eq!((r.winner, r.decided_by), (Some(2), DecidedBy::Qualifier), "exact before a range");
        assert_eq!((r.min, r.max), (Some(5000.0), Some(6000.0)));
        assert!(r.disputed, "5000–6000 and 6000 are not the same reading");
        let alone = resolve(&[range], Resolve::Headline);
        assert_eq!((alone.min, alone.max, alone.disputed), (Some(5000.0), Some(6000.0), false));
    }

    #[test]
    fn nothing_to_choose_from() {
        let r = resolve(&[], Resolve::Headline);
        assert_eq!((r.winner, r.figure_count, r.min, r.disputed), (None, 0, None, false));
    }

    #[test]
    fn delta_and_ratio() {
        assert_eq!(Delta::between(7000.0, 6000.0), Delta { difference: -1000.0, ratio: Some(0.8571) });
        assert_eq!(Delta::between(0.0, 5.0).ratio, None);
    }
}

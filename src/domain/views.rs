//! Answers computed across resources: series, comparisons and an edition's summary.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::headline::{Delta, Resolve};
use super::models::Metric;
use super::period::Period;
use super::{FigureStatus, Qualifier, number};

/// A view of figures as of a date: only figures reported on or before it count (one reported
/// only to the month or year counts from that period's last day); the rest are left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct AsOf {
    /// The date asked for (`as_of`).
    #[schema(example = "2025-11-01")]
    pub date: NaiveDate,
    /// Figures left out in all: `undated` plus `reported_later`.
    #[schema(example = 9)]
    pub left_out: usize,
    /// Left out because no date at all is known for them, so no date can place them.
    #[schema(example = 2)]
    pub undated: usize,
    /// Left out because they were reported after the date.
    #[schema(example = 7)]
    pub reported_later: usize,
}

impl AsOf {
    pub fn new(date: NaiveDate) -> Self {
        AsOf { date, left_out: 0, undated: 0, reported_later: 0 }
    }

    /// Whether a figure counting from `counted_from` counts, noting it if not.
    pub fn admits(&mut self, counted_from: Option<NaiveDate>) -> bool {
        match counted_from {
            Some(day) if day <= self.date => return true,
            Some(_) => self.reported_later += 1,
            None => self.undated += 1,
        }
        self.left_out += 1;
        false
    }
}

/// One edition's value of a metric; `value` is null when no figure exists, so charts show the gap.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct SeriesPoint {
    #[schema(example = 2024)]
    pub edition: i32,
    /// The value the `resolve` rule picks.
    #[serde(serialize_with = "number::serialize_option")]
    #[schema(value_type = Option<f64>, example = 6000)]
    pub value: Option<f64>,
    /// A range's lower bound, when the value is a range.
    #[serde(serialize_with = "number::serialize_option")]
    #[schema(value_type = Option<f64>, example = json!(null))]
    pub value_from: Option<f64>,
    pub qualifier: Option<Qualifier>,
    pub status: Option<FigureStatus>,
    pub figure_id: Option<i64>,
    /// Key of the winning figure's source.
    #[schema(example = "tass-2025-10-22")]
    pub source: Option<String>,
    #[schema(example = "ТАСС")]
    pub source_publisher: Option<String>,
    pub source_url: Option<String>,
    pub reported_on: Option<NaiveDate>,
    /// The month or year it was reported in, when no day is known.
    #[schema(value_type = Option<Period>, example = json!(null))]
    pub reported_in: Option<Period>,
    pub disputed: bool,
    /// The smallest and largest values among the figures the value was chosen from, when
    /// they disagree (a range counts both bounds).
    #[serde(serialize_with = "number::serialize_option")]
    #[schema(value_type = Option<f64>)]
    pub min: Option<f64>,
    #[serde(serialize_with = "number::serialize_option")]
    #[schema(value_type = Option<f64>)]
    pub max: Option<f64>,
    pub figure_count: usize,
    /// The best actual value (headline rule among actual figures).
    #[serde(serialize_with = "number::serialize_option")]
    #[schema(value_type = Option<f64>)]
    pub actual: Option<f64>,
    /// The latest expected value (headline rule among expected figures).
    #[serde(serialize_with = "number::serialize_option")]
    #[schema(value_type = Option<f64>)]
    pub expected: Option<f64>,
    /// `actual − expected`, when both exist.
    #[serde(serialize_with = "number::serialize_option")]
    #[schema(value_type = Option<f64>)]
    pub difference: Option<f64>,
    /// `actual / expected`, when both exist and expected is not zero.
    pub ratio: Option<f64>,
}

/// A metric's values across editions.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Series {
    pub metric: Metric,
    pub resolve: Resolve,
    /// Only figures of this status counted, when asked (`status=`).
    pub status: Option<FigureStatus>,
    /// With `as_of`: the date, and how many figures it left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<AsOf>,
    pub items: Vec<SeriesPoint>,
}

/// One edition's headline in a comparison.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ComparedValue {
    #[schema(example = 2025)]
    pub edition: i32,
    #[serde(serialize_with = "number::serialize_option")]
    #[schema(value_type = Option<f64>, example = 7000)]
    pub value: Option<f64>,
    /// A range's lower bound, when the value is a range.
    #[serde(serialize_with = "number::serialize_option")]
    #[schema(value_type = Option<f64>, example = json!(null))]
    pub value_from: Option<f64>,
    pub qualifier: Option<Qualifier>,
    pub status: Option<FigureStatus>,
    pub disputed: bool,
    pub figure_count: usize,
}

/// The change from one edition to the next one compared.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ComparedChange {
    #[schema(example = 2024)]
    pub from: i32,
    #[schema(example = 2025)]
    pub to: i32,
    /// Null unless both editions have a value.
    pub change: Option<Delta>,
}

/// One metric side by side across the compared editions.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ComparisonRow {
    pub metric: Metric,
    /// One per compared edition, in the order asked.
    pub values: Vec<ComparedValue>,
    /// Between consecutive editions in the order asked.
    pub changes: Vec<ComparedChange>,
}

/// Every metric side by side across editions.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Comparison {
    /// The editions compared, in the order asked (a year named twice counts once).
    pub editions: Vec<i32>,
    pub resolve: Resolve,
    /// With `as_of`: the date, and how many figures it left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<AsOf>,
    /// One row per metric with a figure at any of the editions, by metric code (with `as_of`,
    /// also those whose figures all came later: their values are null).
    pub items: Vec<ComparisonRow>,
}

/// How much an edition holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct EditionCounts {
    pub sessions: i64,
    pub agreements: i64,
    pub agreements_signed: i64,
    pub tracks: i64,
    /// People in its sessions or appearing at it.
    pub people: i64,
    /// Organisations organising, partnering, represented in sessions or appearances, or party to agreements.
    pub organizations: i64,
    pub figures: i64,
    pub sources: i64,
}

/// A headline in brief, for dashboards.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct HeadlineBrief {
    #[schema(example = "participants")]
    pub metric: String,
    #[schema(example = "Участники")]
    pub label_ru: String,
    #[schema(example = "Participants")]
    pub label_en: String,
    #[schema(example = "people")]
    pub unit: String,
    #[serde(serialize_with = "number::serialize")]
    #[schema(example = 7000)]
    pub value: f64,
    /// A range's lower bound, when the value is a range.
    #[serde(serialize_with = "number::serialize_option")]
    #[schema(value_type = Option<f64>, example = json!(null))]
    pub value_from: Option<f64>,
    pub qualifier: Qualifier,
    pub status: FigureStatus,
    pub disputed: bool,
    pub figure_count: usize,
    pub source: String,
    /// The latest expected value beside an actual headline.
    #[serde(serialize_with = "number::serialize_option")]
    #[schema(value_type = Option<f64>)]
    pub expected: Option<f64>,
    pub expected_vs_actual: Option<Delta>,
}

/// A metric's headline now and at the previous edition.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct MetricChange {
    pub metric: String,
    #[serde(serialize_with = "number::serialize_option")]
    #[schema(value_type = Option<f64>)]
    pub previous: Option<f64>,
    #[serde(serialize_with = "number::serialize_option")]
    #[schema(value_type = Option<f64>)]
    pub current: Option<f64>,
    /// Null unless both editions have a value.
    pub change: Option<Delta>,
}

/// The edition in brief.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct EditionBrief {
    #[schema(example = 2025)]
    pub year: i32,
    pub number: Option<i32>,
    pub title: String,
    pub theme: Option<String>,
    pub city: String,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
}

/// What a dashboard shows for one edition.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct EditionSummary {
    pub edition: EditionBrief,
    /// With `as_of`: the date, and how many of the edition's figures it left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<AsOf>,
    pub headlines: Vec<HeadlineBrief>,
    pub counts: EditionCounts,
    /// The edition held before this one, if any.
    pub previous_edition: Option<i32>,
    pub counts_previous: Option<EditionCounts>,
    /// Each metric's headline against the previous edition's.
    pub changes: Vec<MetricChange>,
}

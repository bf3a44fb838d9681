//! Figures, and the headline an edition's figures of one metric give.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::*;
use crate::domain::headline::{DecidedBy, Delta, Resolve};
use crate::domain::period::Period;
use crate::domain::{FigureStatus, Qualifier, number, whole};

/// One reported value, as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FigureInput {
    /// Optional natural key; without it a figure is known by (edition, metric, source, status, value).
    #[schema(
        example = "2025-participants-tass-2025-10-22",
        pattern = "^[a-z0-9][a-z0-9_.-]*$",
        min_length = 1,
        max_length = 200
    )]
    pub key: Option<String>,
    #[serde(deserialize_with = "whole::i32")]
    #[schema(example = 2025, minimum = 2000, maximum = 2100)]
    pub edition: i32,
    #[schema(example = "participants", pattern = "^[a-z0-9][a-z0-9_]*$", min_length = 1, max_length = 200)]
    pub metric: String,
    // Written as an integer when it is one (the change log), like every value the API shows.
    /// The number; with qualifier `range`, the range's upper bound.
    #[serde(serialize_with = "number::serialize")]
    #[schema(example = 7000, minimum = 0)]
    pub value: f64,
    /// With qualifier `range` (and only then): the range's lower bound, below `value`.
    #[serde(default, serialize_with = "number::serialize_option")]
    #[schema(value_type = Option<f64>, minimum = 0, example = json!(null))]
    pub value_from: Option<f64>,
    pub qualifier: Qualifier,
    pub status: FigureStatus,
    #[schema(example = "tass-2025-10-22", pattern = "^[a-z0-9][a-z0-9_.-]*$", min_length = 1, max_length = 200)]
    pub source: String,
    /// When the source reported it; null when unknown.
    #[schema(example = "2025-10-22")]
    pub reported_on: Option<NaiveDate>,
    /// The month (`YYYY-MM`) or year (`YYYY`) it was reported in, when the source gives no day;
    /// views `as_of` a date count it from the period's last day.
    #[serde(default)]
    #[schema(value_type = Option<Period>, example = json!(null))]
    pub reported_in: Option<Period>,
    /// The source's own words.
    #[schema(example = "ожидается свыше 7 000 участников", min_length = 1, max_length = 20000, pattern = "\\S")]
    pub quote: Option<String>,
    /// Who said it, when the source quotes someone.
    #[schema(min_length = 1, max_length = 1000, pattern = "\\S")]
    pub attributed_to: Option<String>,
    #[schema(min_length = 1, max_length = 20000, pattern = "\\S")]
    pub notes: Option<String>,
}

/// One reported value with its source.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Figure {
    #[schema(example = 41)]
    pub id: i64,
    #[schema(example = "2025-participants-tass-2025-10-22")]
    pub key: Option<String>,
    #[schema(example = 2025)]
    pub edition: i32,
    #[schema(example = "participants")]
    pub metric: String,
    /// The number; with qualifier `range`, the range's upper bound.
    #[serde(serialize_with = "number::serialize")]
    #[schema(example = 7000)]
    pub value: f64,
    /// With qualifier `range`: the range's lower bound.
    #[serde(serialize_with = "number::serialize_option")]
    #[schema(value_type = Option<f64>, example = json!(null))]
    pub value_from: Option<f64>,
    pub qualifier: Qualifier,
    pub status: FigureStatus,
    pub source: SourceRef,
    #[schema(example = "2025-10-22")]
    pub reported_on: Option<NaiveDate>,
    /// The month or year it was reported in, when the source gives no day.
    #[schema(value_type = Option<Period>, example = json!(null))]
    pub reported_in: Option<Period>,
    #[schema(example = "ожидается свыше 7 000 участников")]
    pub quote: Option<String>,
    pub attributed_to: Option<String>,
    pub notes: Option<String>,
}

/// A figure's value in brief, to set beside another.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ValueRef {
    pub figure_id: i64,
    #[serde(serialize_with = "number::serialize")]
    #[schema(example = 7000)]
    pub value: f64,
    /// A range's lower bound.
    #[serde(serialize_with = "number::serialize_option")]
    #[schema(value_type = Option<f64>, example = json!(null))]
    pub value_from: Option<f64>,
    pub qualifier: Qualifier,
    pub status: FigureStatus,
    pub reported_on: Option<NaiveDate>,
    pub source: String,
}

/// The headline of one metric at one edition: which figure won and why, and every figure
/// behind it with its source.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct MetricHeadline {
    #[schema(example = 2025)]
    pub edition: i32,
    pub metric: Metric,
    pub resolve: Resolve,
    /// The chosen figure; null with `resolve=all`.
    pub headline: Option<Figure>,
    pub decided_by: DecidedBy,
    /// The rule's steps, in words.
    #[schema(example = "no actual figure yet; 7 expected figure(s); the latest reported on 2025-11-27 (1 figure(s))")]
    pub reason: String,
    pub figure_count: usize,
    #[serde(serialize_with = "number::serialize_option")]
    #[schema(value_type = Option<f64>)]
    pub min: Option<f64>,
    #[serde(serialize_with = "number::serialize_option")]
    #[schema(value_type = Option<f64>)]
    pub max: Option<f64>,
    /// Two or more distinct values among the figures of the status the headline draws from.
    pub disputed: bool,
    /// The best actual figure by the headline rule.
    pub actual: Option<ValueRef>,
    /// The latest expected figure (by the headline rule among expected figures).
    pub expected: Option<ValueRef>,
    /// `actual − expected` and `actual / expected`, when both exist.
    pub expected_vs_actual: Option<Delta>,
    /// Every figure, best first by the headline rule's order.
    pub figures: Vec<Figure>,
}

//! Sources figures come from, what is counted, and who takes part.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::*;
use crate::domain::OrganizationKind;
use crate::domain::period::Period;

/// A document figures and facts come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Natural key, a slug.
    #[schema(example = "tass-2025-10-22", pattern = "^[a-z0-9][a-z0-9_.-]*$", min_length = 1, max_length = 200)]
    pub key: String,
    #[schema(
        example = "На Урале участниками форума \"Города России\" станут представители более 250 городов",
        min_length = 1,
        max_length = 1000,
        pattern = "\\S"
    )]
    pub title: String,
    /// Null when the document does not say who published it.
    #[schema(example = "ТАСС", min_length = 1, max_length = 1000, pattern = "\\S")]
    pub publisher: Option<String>,
    #[schema(example = "https://tass.ru/obschestvo/25423331", max_length = 1000, pattern = "^https?://[^\\s]+$")]
    pub url: Option<String>,
    /// Null when the day is unknown; never an invented day.
    #[schema(example = "2025-10-22")]
    pub published_on: Option<NaiveDate>,
    /// The month (`YYYY-MM`) or year (`YYYY`) of publication when the source gives no day;
    /// null when `published_on` is set or nothing is known.
    #[serde(default)]
    #[schema(value_type = Option<Period>, example = json!(null))]
    pub published_in: Option<Period>,
    /// Language of the document (ISO 639-1).
    #[serde(default = "default_language")]
    #[schema(example = "ru", pattern = "^[a-z-]{2,8}$")]
    pub language: String,
    #[schema(min_length = 1, max_length = 20000, pattern = "\\S")]
    pub notes: Option<String>,
}

/// What is counted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    #[schema(example = "participants", pattern = "^[a-z0-9][a-z0-9_]*$", min_length = 1, max_length = 200)]
    pub code: String,
    #[schema(example = "Участники", min_length = 1, max_length = 1000, pattern = "\\S")]
    pub label_ru: String,
    #[schema(example = "Participants", min_length = 1, max_length = 1000, pattern = "\\S")]
    pub label_en: String,
    #[schema(example = "people", min_length = 1, max_length = 1000, pattern = "\\S")]
    pub unit: String,
    /// What counts as one.
    #[schema(
        example = "People attending the forum (participants, guests, visitors) as reported.",
        min_length = 1,
        max_length = 20000,
        pattern = "\\S"
    )]
    pub description: String,
}

/// A company, ministry, municipality, association…
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    #[schema(example = "esg-alliance", pattern = "^[a-z0-9][a-z0-9_.-]*$", min_length = 1, max_length = 200)]
    pub key: String,
    #[schema(example = "ESG Альянс", min_length = 1, max_length = 1000, pattern = "\\S")]
    pub name: String,
    pub kind: OrganizationKind,
    #[schema(example = "Москва", min_length = 1, max_length = 1000, pattern = "\\S")]
    pub city: Option<String>,
    #[schema(min_length = 1, max_length = 1000, pattern = "\\S")]
    pub region: Option<String>,
    #[schema(min_length = 1, max_length = 20000, pattern = "\\S")]
    pub notes: Option<String>,
}

//! Editions and their tracks.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::*;
use crate::domain::{EditionFormat, whole};

/// One forum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EditionInput {
    #[serde(deserialize_with = "whole::i32")]
    #[schema(example = 2025, minimum = 2000, maximum = 2100)]
    pub year: i32,
    /// The edition's ordinal (IX → 9).
    #[serde(default, deserialize_with = "whole::opt_i32")]
    #[schema(example = 9, minimum = 1, maximum = 1000)]
    pub number: Option<i32>,
    #[schema(example = "Города России: технологии лидерства", min_length = 1, max_length = 1000, pattern = "\\S")]
    pub title: String,
    #[schema(example = "Технологии лидерства", min_length = 1, max_length = 1000, pattern = "\\S")]
    pub theme: Option<String>,
    #[schema(example = "Екатеринбург", min_length = 1, max_length = 1000, pattern = "\\S")]
    pub city: String,
    #[schema(example = "МВЦ «Екатеринбург-Экспо»", min_length = 1, max_length = 1000, pattern = "\\S")]
    pub venue: Option<String>,
    #[schema(example = "2025-11-27")]
    pub starts_on: Option<NaiveDate>,
    /// Not before `starts_on`.
    #[schema(example = "2025-11-28")]
    pub ends_on: Option<NaiveDate>,
    pub format: Option<EditionFormat>,
    /// Keys of the organising organisations.
    #[serde(default)]
    #[schema(inline, value_type = Vec<KeyType>)]
    pub organizers: Vec<String>,
    /// Keys of the partner cities (organisations of kind `municipality`).
    #[serde(default)]
    #[schema(inline, value_type = Vec<KeyType>)]
    pub partner_cities: Vec<String>,
    #[schema(min_length = 1, max_length = 20000, pattern = "\\S")]
    pub notes: Option<String>,
    /// Keys of the sources that state the edition's facts.
    #[serde(default)]
    #[schema(inline, value_type = Vec<KeyType>)]
    pub sources: Vec<String>,
}

/// One forum, with its tracks and sessions when asked for (`expand=tracks,sessions`).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Edition {
    #[schema(example = 2025)]
    pub year: i32,
    #[schema(example = 9)]
    pub number: Option<i32>,
    #[schema(example = "Города России: технологии лидерства")]
    pub title: String,
    #[schema(example = "Технологии лидерства")]
    pub theme: Option<String>,
    #[schema(example = "Екатеринбург")]
    pub city: String,
    pub venue: Option<String>,
    #[schema(example = "2025-11-27")]
    pub starts_on: Option<NaiveDate>,
    #[schema(example = "2025-11-28")]
    pub ends_on: Option<NaiveDate>,
    pub format: Option<EditionFormat>,
    pub organizers: Vec<String>,
    pub partner_cities: Vec<String>,
    pub notes: Option<String>,
    pub sources: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracks: Option<Vec<Track>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sessions: Option<Vec<Session>>,
}

/// A thematic track of one edition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Track {
    #[serde(deserialize_with = "whole::i32")]
    #[schema(example = 2025, minimum = 2000, maximum = 2100)]
    pub edition: i32,
    #[schema(example = "human-capital", pattern = "^[a-z0-9][a-z0-9_.-]*$", min_length = 1, max_length = 200)]
    pub key: String,
    #[schema(example = "человеческий капитал", min_length = 1, max_length = 1000, pattern = "\\S")]
    pub title: String,
    #[schema(min_length = 1, max_length = 20000, pattern = "\\S")]
    pub description: Option<String>,
    #[serde(default)]
    #[schema(inline, value_type = Vec<KeyType>)]
    pub sources: Vec<String>,
}

//! Agreements signed (or planned) at the forum.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::*;
use crate::domain::{AgreementKind, AgreementStatus, whole};

/// An agreement as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgreementInput {
    #[serde(deserialize_with = "whole::i32")]
    #[schema(example = 2025, minimum = 2000, maximum = 2100)]
    pub edition: i32,
    #[schema(
        example = "ekaterinburg-dalian-friendship",
        pattern = "^[a-z0-9][a-z0-9_.-]*$",
        min_length = 1,
        max_length = 200
    )]
    pub key: String,
    #[schema(
        example = "Соглашение об установлении дружественных отношений между Екатеринбургом и Далянем",
        min_length = 1,
        max_length = 1000,
        pattern = "\\S"
    )]
    pub title: String,
    pub kind: AgreementKind,
    pub status: AgreementStatus,
    /// Only for `signed` agreements.
    pub signed_on: Option<NaiveDate>,
    /// Keys of the organisations that are parties to it.
    #[serde(default)]
    #[schema(inline, value_type = Vec<KeyType>)]
    pub parties: Vec<String>,
    /// Key of the source that reports it.
    #[schema(example = "kommersant-8232746", pattern = "^[a-z0-9][a-z0-9_.-]*$", min_length = 1, max_length = 200)]
    pub source: String,
    #[schema(min_length = 1, max_length = 20000, pattern = "\\S")]
    pub notes: Option<String>,
}

/// An agreement signed (or announced) at a forum.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Agreement {
    #[schema(example = 3)]
    pub id: i64,
    #[schema(example = 2025)]
    pub edition: i32,
    pub key: String,
    pub title: String,
    pub kind: AgreementKind,
    pub status: AgreementStatus,
    pub signed_on: Option<NaiveDate>,
    pub parties: Vec<OrganizationRef>,
    pub source: String,
    pub notes: Option<String>,
}

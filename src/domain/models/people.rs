//! People and where they appear.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::*;
use crate::domain::{ParticipantRole, whole};

/// A person at one edition outside a named session (quoted, hosting, supporting…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AppearanceInput {
    #[serde(deserialize_with = "whole::i32")]
    #[schema(example = 2025, minimum = 2000, maximum = 2100)]
    pub edition: i32,
    /// The position they held then.
    #[schema(example = "губернатор Свердловской области", min_length = 1, max_length = 1000, pattern = "\\S")]
    pub position: Option<String>,
    /// Key of the organisation they represented then.
    #[schema(pattern = "^[a-z0-9][a-z0-9_.-]*$", min_length = 1, max_length = 200)]
    pub organization: Option<String>,
    #[schema(min_length = 1, max_length = 20000, pattern = "\\S")]
    pub notes: Option<String>,
    /// Keys of the sources that mention them (at least one).
    #[schema(min_items = 1, inline, value_type = Vec<KeyType>)]
    pub sources: Vec<String>,
}

/// A person as written: name, and appearances outside sessions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonInput {
    #[schema(example = "andrey-sharonov", pattern = "^[a-z0-9][a-z0-9_.-]*$", min_length = 1, max_length = 200)]
    pub key: String,
    #[schema(example = "Андрей Шаронов", min_length = 1, max_length = 1000, pattern = "\\S")]
    pub name: String,
    #[schema(min_length = 1, max_length = 20000, pattern = "\\S")]
    pub notes: Option<String>,
    /// At most one per edition.
    #[serde(default)]
    pub appearances: Vec<AppearanceInput>,
}

/// A person in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PersonSummary {
    #[schema(example = "andrey-sharonov")]
    pub key: String,
    #[schema(example = "Андрей Шаронов")]
    pub name: String,
    pub notes: Option<String>,
}

/// A session a person took part in.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct SessionRole {
    pub id: i64,
    pub key: String,
    pub title: String,
    pub role: ParticipantRole,
}

/// Where a person was at one edition: the position and organisation they held then, the
/// sessions they took part in, and the sources that say so.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Appearance {
    #[schema(example = 2025)]
    pub edition: i32,
    #[schema(example = "генеральный директор")]
    pub position: Option<String>,
    pub organization: Option<OrganizationRef>,
    pub notes: Option<String>,
    pub sessions: Vec<SessionRole>,
    pub sources: Vec<String>,
}

/// A person with every appearance, across editions, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PersonDetail {
    #[schema(example = "andrey-sharonov")]
    pub key: String,
    #[schema(example = "Андрей Шаронов")]
    pub name: String,
    pub notes: Option<String>,
    pub appearances: Vec<Appearance>,
}

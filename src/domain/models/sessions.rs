//! The programme: sessions and who is in them.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::*;
use crate::domain::{ParticipantRole, SessionFormat, whole};

/// A person in a session, as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipantInput {
    #[schema(example = "andrey-sharonov", pattern = "^[a-z0-9][a-z0-9_.-]*$", min_length = 1, max_length = 200)]
    pub person: String,
    pub role: ParticipantRole,
    /// The position they held then, as the source gives it.
    #[schema(example = "генеральный директор", min_length = 1, max_length = 1000, pattern = "\\S")]
    pub position: Option<String>,
    #[schema(pattern = "^[a-z0-9][a-z0-9_.-]*$", min_length = 1, max_length = 200)]
    pub organization: Option<String>,
}

/// A programme session as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionInput {
    #[serde(deserialize_with = "whole::i32")]
    #[schema(example = 2025, minimum = 2000, maximum = 2100)]
    pub edition: i32,
    #[schema(
        example = "esg-quality-of-life-index",
        pattern = "^[a-z0-9][a-z0-9_.-]*$",
        min_length = 1,
        max_length = 200
    )]
    pub key: String,
    #[schema(
        example = "Индекс качества жизни в городах ESG Альянса: технологии оценки и новые горизонты для развития территорий",
        min_length = 1,
        max_length = 1000,
        pattern = "\\S"
    )]
    pub title: String,
    /// Key of a track of the same edition.
    #[schema(pattern = "^[a-z0-9][a-z0-9_.-]*$", min_length = 1, max_length = 200)]
    pub track: Option<String>,
    pub format: Option<SessionFormat>,
    /// The day it took place, when only the day is known.
    pub date: Option<NaiveDate>,
    /// RFC 3339 with an offset.
    pub starts_at: Option<DateTime<FixedOffset>>,
    /// RFC 3339 with an offset; not before `starts_at`.
    pub ends_at: Option<DateTime<FixedOffset>>,
    #[schema(min_length = 1, max_length = 1000, pattern = "\\S")]
    pub venue: Option<String>,
    #[schema(min_length = 1, max_length = 20000, pattern = "\\S")]
    pub description: Option<String>,
    #[schema(min_length = 1, max_length = 20000, pattern = "\\S")]
    pub notes: Option<String>,
    /// Each person at most once.
    #[serde(default)]
    pub participants: Vec<ParticipantInput>,
    /// Keys of the sources that report the session (at least one).
    #[schema(min_items = 1, inline, value_type = Vec<KeyType>)]
    pub sources: Vec<String>,
}

macro_rules! expandable {
    ($(#[$meta:meta])* $name:ident => $object:ty) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
        #[serde(untagged)]
        pub enum $name {
            /// The natural key (the default).
            Key(String),
            /// The whole object (with `expand=`).
            Object($object),
        }
    };
}

expandable!(
    /// A person's key, or the person with `expand=participants`.
    PersonRef => PersonSummary
);
expandable!(
    /// An organisation's key, or the organisation with `expand=`.
    OrganizationRef => Organization
);
expandable!(
    /// A source's key, or the source with `expand=source`.
    SourceRef => Source
);

/// A person in a session.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Participant {
    pub person: PersonRef,
    pub role: ParticipantRole,
    pub position: Option<String>,
    pub organization: Option<OrganizationRef>,
}

/// A programme session.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Session {
    #[schema(example = 12)]
    pub id: i64,
    #[schema(example = 2025)]
    pub edition: i32,
    #[schema(example = "esg-quality-of-life-index")]
    pub key: String,
    pub title: String,
    pub track: Option<String>,
    pub format: Option<SessionFormat>,
    pub date: Option<NaiveDate>,
    /// RFC 3339, UTC.
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    pub venue: Option<String>,
    pub description: Option<String>,
    pub notes: Option<String>,
    pub participants: Vec<Participant>,
    pub sources: Vec<String>,
}

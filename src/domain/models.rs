//! The resources as the API shows them and takes them. A resource's input form is also its
//! form in an import bundle; objects refer to each other by natural key.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::headline::{DecidedBy, Delta, Resolve};
use super::period::Period;
use super::{
    AgreementKind, AgreementStatus, ChangeAction, EditionFormat, FigureStatus, OrganizationKind, ParticipantRole,
    Qualifier, SessionFormat, number, whole,
};

/// A natural key as other resources cite it (documentation type).
#[derive(ToSchema)]
#[schema(value_type = String, pattern = "^[a-z0-9][a-z0-9_.-]*$", min_length = 1, max_length = 200)]
#[allow(dead_code)]
struct KeyType(String);

fn default_language() -> String {
    "ru".into()
}

/// A document figures and facts come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Natural key, a slug.
    #[schema(
        example = "tass-2025-10-22",
        pattern = "^[a-z0-9][a-z0-9_.-]*$",
        min_length = 1,
        max_length = 200
    )]
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
    #[schema(
        example = "https://tass.ru/obschestvo/25423331",
        max_length = 1000,
        pattern = "^https?://[^\\s]+$"
    )]
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
    #[schema(
        example = "participants",
        pattern = "^[a-z0-9][a-z0-9_]*$",
        min_length = 1,
        max_length = 200
    )]
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
    #[schema(
        example = "esg-alliance",
        pattern = "^[a-z0-9][a-z0-9_.-]*$",
        min_length = 1,
        max_length = 200
    )]
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

/// A person at one edition outside a named session (quoted, hosting, supporting…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AppearanceInput {
    #[serde(deserialize_with = "whole::i32")]
    #[schema(example = 2025, minimum = 2000, maximum = 2100)]
    pub edition: i32,
    /// The position they held then.
    #[schema(
        example = "губернатор Свердловской области",
        min_length = 1,
        max_length = 1000,
        pattern = "\\S"
    )]
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
    #[schema(
        example = "andrey-sharonov",
        pattern = "^[a-z0-9][a-z0-9_.-]*$",
        min_length = 1,
        max_length = 200
    )]
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
    #[schema(
        example = "Города России: технологии лидерства",
        min_length = 1,
        max_length = 1000,
        pattern = "\\S"
    )]
    pub title: String,
    #[schema(example = "Технологии лидерства", min_length = 1, max_length = 1000, pattern = "\\S")]
    pub theme: Option<String>,
    #[schema(example = "Екатеринбург", min_length = 1, max_length = 1000, pattern = "\\S")]
    pub city: String,
    #[schema(
        example = "МВЦ «Екатеринбург-Экспо»",
        min_length = 1,
        max_length = 1000,
        pattern = "\\S"
    )]
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
    #[schema(
        example = "human-capital",
        pattern = "^[a-z0-9][a-z0-9_.-]*$",
        min_length = 1,
        max_length = 200
    )]
    pub key: String,
    #[schema(example = "человеческий капитал", min_length = 1, max_length = 1000, pattern = "\\S")]
    pub title: String,
    #[schema(min_length = 1, max_length = 20000, pattern = "\\S")]
    pub description: Option<String>,
    #[serde(default)]
    #[schema(inline, value_type = Vec<KeyType>)]
    pub sources: Vec<String>,
}

/// A person in a session, as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipantInput {
    #[schema(
        example = "andrey-sharonov",
        pattern = "^[a-z0-9][a-z0-9_.-]*$",
        min_length = 1,
        max_length = 200
    )]
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
    #[schema(
        example = "kommersant-8232746",
        pattern = "^[a-z0-9][a-z0-9_.-]*$",
        min_length = 1,
        max_length = 200
    )]
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
    #[schema(
        example = "participants",
        pattern = "^[a-z0-9][a-z0-9_]*$",
        min_length = 1,
        max_length = 200
    )]
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
    #[schema(
        example = "tass-2025-10-22",
        pattern = "^[a-z0-9][a-z0-9_.-]*$",
        min_length = 1,
        max_length = 200
    )]
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
    #[schema(
        example = "ожидается свыше 7 000 участников",
        min_length = 1,
        max_length = 20000,
        pattern = "\\S"
    )]
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

/// One recorded write.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Change {
    pub id: i64,
    /// RFC 3339, UTC.
    pub at: DateTime<Utc>,
    /// The name of the token that wrote it; null for the command line.
    pub token: Option<String>,
    pub action: ChangeAction,
    #[schema(example = "figures")]
    pub resource: String,
    #[schema(example = "2025-participants-tass-2025-10-22")]
    pub key: String,
    /// The resource before the write, as written (null on create).
    #[schema(value_type = Option<Object>)]
    pub before: Option<serde_json::Value>,
    /// The resource after the write, as written (null on delete).
    #[schema(value_type = Option<Object>)]
    pub after: Option<serde_json::Value>,
}

/// A token as listed: never the secret.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct TokenInfo {
    #[schema(example = "editor-anna")]
    pub name: String,
    pub scope: super::TokenScope,
    pub created_at: DateTime<Utc>,
    /// When a write last used it, to the minute; null if never.
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A new token: the secret is shown here once and never again.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct NewToken {
    #[schema(example = "editor-anna")]
    pub name: String,
    pub scope: super::TokenScope,
    pub created_at: DateTime<Utc>,
    /// The bearer token. Store it now: only its hash is kept.
    #[schema(example = "fm_3f9a…")]
    pub token: String,
}

/// What a new token is for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    #[schema(
        example = "editor-anna",
        pattern = "^[A-Za-z0-9][A-Za-z0-9_.-]*$",
        min_length = 1,
        max_length = 100
    )]
    pub name: String,
    pub scope: super::TokenScope,
}

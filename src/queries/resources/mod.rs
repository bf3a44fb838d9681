//! Every kind of resource, defined once: its keys, the rules its schema cannot state, what it
//! refers to, and how it is written and deleted (with the change log), in a module of its own.
//! The API's write flow, the import and the pages all go through these definitions.

mod agreements;
mod editions;
mod figures;
mod metrics;
mod organizations;
mod people;
mod sessions;
mod sources;
mod tracks;

pub use agreements::Agreements;
pub use editions::Editions;
pub use figures::{FigureValues, Figures};
pub use metrics::Metrics;
pub use organizations::Organizations;
pub use people::People;
pub use sessions::Sessions;
pub use sources::Sources;
pub use tracks::Tracks;

use std::collections::{BTreeSet, HashSet};
use std::fmt::Display;

use chrono::Utc;
use diesel::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::db::DbConnection;
use crate::db::schema::{
    changes, editions as editions_t, metrics as metrics_t, organizations as organizations_t, people as people_t,
    tracks as tracks_t,
};
use crate::domain::ChangeAction;
use crate::domain::validate::Errors;
use crate::error::{ApiError, ApiResult, FieldError};

/// What a bundle holds: a kind of object, known by a natural key, written by upsert.
pub trait Kind: 'static {
    /// The object as written, which is also its form in a bundle.
    type Input: Serialize + DeserializeOwned + utoipa::ToSchema + Clone + PartialEq + Send + 'static;
    /// `"figure"`, for messages.
    const NAME: &'static str;
    /// `"figures"`: its member in a bundle, and its name in the change log.
    const PLURAL: &'static str;

    /// The natural key, which tells two objects of a bundle apart.
    fn natural_key(input: &Self::Input) -> String;
    /// The rules its schema cannot state: between fields, or within a list.
    fn rules(_input: &Self::Input, _errors: &mut Errors) {}
    /// The keys of other resources it refers to.
    fn wants(_input: &Self::Input, _keys: &mut KeySet) {}
    /// Each reference that `known` does not hold.
    fn check(_input: &Self::Input, _known: &KeySet, _errors: &mut Errors) {}
    /// Writes it by its natural key.
    fn write(conn: &mut DbConnection, actor: &Actor, input: &Self::Input) -> ApiResult<Outcome>;
}

/// A kind the API addresses one by one: by natural key (a year, a code, a key) or by id.
pub trait Resource: Kind {
    type Key: Clone + Send + PartialEq + Display + 'static;
    /// The resource as read.
    type Output: Serialize + Send + 'static;
    /// The collection's path, `/api/v1/figures`.
    const COLLECTION: &'static str;
    /// The input field holding the key, for resources addressed by natural key.
    const KEY_FIELD: Option<&'static str>;

    /// The key the input names, when the API addresses it by natural key.
    fn key_of(input: &Self::Input) -> Option<Self::Key>;
    /// The key of the stored resource with the same natural key as `input`, if any.
    fn existing(conn: &mut DbConnection, input: &Self::Input) -> ApiResult<Option<Self::Key>>;
    fn find_input(conn: &mut DbConnection, key: &Self::Key) -> ApiResult<Option<Self::Input>>;
    /// Writes the resource at `key` (or, without one, by its natural key).
    fn upsert(
        conn: &mut DbConnection,
        actor: &Actor,
        key: Option<&Self::Key>,
        input: &Self::Input,
    ) -> ApiResult<(Self::Key, Outcome)>;
    fn get(conn: &mut DbConnection, key: &Self::Key) -> ApiResult<Self::Output>;
    fn delete(conn: &mut DbConnection, actor: &Actor, key: &Self::Key) -> ApiResult<()>;

    fn path(key: &Self::Key) -> String {
        format!("{}/{key}", Self::COLLECTION)
    }

    fn not_found(key: &Self::Key) -> ApiError {
        ApiError::NotFound(format!("{} {key} does not exist", Self::NAME))
    }
}

/// Every problem of one input that needs the database or its rules: the rules, then what it
/// refers to that does not exist (a reference on a field already wrong is not reported twice).
pub fn problems<K: Kind>(
    conn: &mut DbConnection,
    input: &K::Input,
    mut errors: Vec<FieldError>,
) -> ApiResult<Vec<FieldError>> {
    K::rules(input, &mut Errors::new("", &mut errors));
    let mut wanted = KeySet::default();
    K::wants(input, &mut wanted);
    let known = KeySet::existing(conn, &wanted)?;
    let mut broken = Vec::new();
    K::check(input, &known, &mut Errors::new("", &mut broken));
    Ok(with_broken(errors, broken))
}

/// Who is writing: a token's name, or nobody for the command line.
#[derive(Debug, Clone, Default)]
pub struct Actor {
    pub token: Option<String>,
}

impl Actor {
    pub fn token(name: &str) -> Self {
        Actor { token: Some(name.to_string()) }
    }
    pub fn cli() -> Self {
        Actor { token: None }
    }
}

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
}

/// Records one write in the change log.
pub(crate) fn record<T: Serialize>(
    conn: &mut DbConnection,
    actor: &Actor,
    action: ChangeAction,
    resource: &str,
    key: &str,
    before: Option<&T>,
    after: Option<&T>,
) -> ApiResult<()> {
    let json = |v: Option<&T>| v.map(|v| serde_json::to_string(v).map_err(ApiError::internal)).transpose();
    diesel::insert_into(changes::table)
        .values((
            changes::at.eq(Utc::now().naive_utc()),
            changes::token.eq(actor.token.clone()),
            changes::action.eq(action.as_str()),
            changes::resource.eq(resource),
            changes::resource_key.eq(key),
            changes::before.eq(json(before)?),
            changes::after.eq(json(after)?),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records the outcome of an upsert and says what it was.
fn log_upsert<T: Serialize + PartialEq>(
    conn: &mut DbConnection,
    actor: &Actor,
    resource: &str,
    key: &str,
    before: Option<&T>,
    after: &T,
) -> ApiResult<Outcome> {
    match before {
        None => {
            record(conn, actor, ChangeAction::Create, resource, key, None, Some(after))?;
            Ok(Outcome::Created)
        }
        Some(b) if b == after => Ok(Outcome::Unchanged),
        Some(b) => {
            record(conn, actor, ChangeAction::Update, resource, key, Some(b), Some(after))?;
            Ok(Outcome::Updated)
        }
    }
}

/// The distinct values of `items` that occur more than once.
pub fn duplicates<T: Ord + Clone + std::hash::Hash>(items: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut seen = HashSet::new();
    let mut twice = BTreeSet::new();
    for item in items {
        if !seen.insert(item.clone()) {
            twice.insert(item);
        }
    }
    twice.into_iter().collect()
}

pub(super) fn sorted(mut keys: Vec<String>) -> Vec<String> {
    keys.sort();
    keys
}

/// What an id-addressed write (session, agreement, figure) aims at.
enum Target<T> {
    New,
    Same(i64),
    Changed(i64, T),
}

/// The stored resource with `id` if given, else the one with the input's natural key
/// (`find_id`), compared with the input in its input form (`form`).
fn target<T: PartialEq>(
    conn: &mut DbConnection,
    id: Option<i64>,
    input: &T,
    find_id: impl FnOnce(&mut DbConnection) -> ApiResult<Option<i64>>,
    form: impl FnOnce(&mut DbConnection, i64) -> ApiResult<Option<T>>,
) -> ApiResult<Target<T>> {
    let Some(id) = (match id {
        Some(id) => Some(id),
        None => find_id(conn)?,
    }) else {
        return Ok(Target::New);
    };
    Ok(match form(conn, id)? {
        Some(before) if before == *input => Target::Same(id),
        Some(before) => Target::Changed(id, before),
        None => Target::New,
    })
}

/// What still refers to a resource, in words, e.g. "3 figures (2025-participants-…, …)".
struct Referrers(Vec<String>);

impl Referrers {
    fn new() -> Self {
        Referrers(Vec::new())
    }

    fn add(&mut self, what: &str, count: i64, examples: Vec<String>) {
        if count > 0 {
            let shown = examples.into_iter().take(3).collect::<Vec<_>>().join(", ");
            let more = if count > 3 { ", …" } else { "" };
            self.0.push(format!("{count} {what} ({shown}{more})"));
        }
    }

    fn refuse(self, subject: &str) -> ApiResult<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Conflict(format!(
                "{subject} is still referred to by {}; delete or change those first",
                self.0.join("; ")
            )))
        }
    }
}

fn figure_names(rows: Vec<(i64, Option<String>)>) -> Vec<String> {
    rows.into_iter().map(|(id, key)| key.unwrap_or_else(|| format!("id {id}"))).collect()
}

/// Keys that inputs refer to, by kind.
#[derive(Debug, Default, Clone)]
pub struct KeySet {
    pub editions: BTreeSet<i32>,
    pub metrics: BTreeSet<String>,
    pub sources: BTreeSet<String>,
    pub organizations: BTreeSet<String>,
    pub people: BTreeSet<String>,
    pub tracks: BTreeSet<(i32, String)>,
}

impl KeySet {
    /// Which of `wanted` exist in the database.
    pub fn existing(conn: &mut DbConnection, wanted: &KeySet) -> ApiResult<KeySet> {
        let editions: Vec<i32> = editions_t::table
            .filter(editions_t::year.eq_any(wanted.editions.iter().copied().collect::<Vec<_>>()))
            .select(editions_t::year)
            .load(conn)?;
        let list = |set: &BTreeSet<String>| set.iter().cloned().collect::<Vec<_>>();
        let metrics: Vec<String> = metrics_t::table
            .filter(metrics_t::code.eq_any(list(&wanted.metrics)))
            .select(metrics_t::code)
            .load(conn)?;
        let sources: Vec<String> = crate::db::schema::sources::table
            .filter(crate::db::schema::sources::key.eq_any(list(&wanted.sources)))
            .select(crate::db::schema::sources::key)
            .load(conn)?;
        let organizations: Vec<String> = organizations_t::table
            .filter(organizations_t::key.eq_any(list(&wanted.organizations)))
            .select(organizations_t::key)
            .load(conn)?;
        let people: Vec<String> =
            people_t::table.filter(people_t::key.eq_any(list(&wanted.people))).select(people_t::key).load(conn)?;
        let track_editions: Vec<i32> =
            wanted.tracks.iter().map(|(e, _)| *e).collect::<BTreeSet<_>>().into_iter().collect();
        let tracks: Vec<(i32, String)> = if wanted.tracks.is_empty() {
            Vec::new()
        } else {
            tracks_t::table
                .filter(tracks_t::edition.eq_any(track_editions))
                .select((tracks_t::edition, tracks_t::key))
                .load(conn)?
        };
        Ok(KeySet {
            editions: editions.into_iter().collect(),
            metrics: metrics.into_iter().collect(),
            sources: sources.into_iter().collect(),
            organizations: organizations.into_iter().collect(),
            people: people.into_iter().collect(),
            tracks: tracks.into_iter().filter(|t| wanted.tracks.contains(t)).collect(),
        })
    }

    pub fn extend(&mut self, other: KeySet) {
        self.editions.extend(other.editions);
        self.metrics.extend(other.metrics);
        self.sources.extend(other.sources);
        self.organizations.extend(other.organizations);
        self.people.extend(other.people);
        self.tracks.extend(other.tracks);
    }
}

fn check_sources(known: &KeySet, sources: &[String], field: &str, errors: &mut Errors) {
    for (i, key) in sources.iter().enumerate() {
        if !known.sources.contains(key) {
            errors.add(&format!("{field}[{i}]"), format!("source `{key}` does not exist"));
        }
    }
}

fn check_source(known: &KeySet, key: &str, field: &str, errors: &mut Errors) {
    if !known.sources.contains(key) {
        errors.add(field, format!("source `{key}` does not exist"));
    }
}

fn check_edition(known: &KeySet, year: i32, field: &str, errors: &mut Errors) {
    if !known.editions.contains(&year) {
        errors.add(field, format!("edition {year} does not exist"));
    }
}

fn check_org(known: &KeySet, key: &str, field: &str, errors: &mut Errors) {
    if !known.organizations.contains(key) {
        errors.add(field, format!("organization `{key}` does not exist"));
    }
}

/// Every problem at once: the field errors, then the broken references, except those on a
/// field already reported (a malformed key is not also "unknown").
pub fn with_broken(mut errors: Vec<FieldError>, broken: Vec<FieldError>) -> Vec<FieldError> {
    let broken: Vec<FieldError> = broken.into_iter().filter(|b| !errors.iter().any(|e| e.field == b.field)).collect();
    errors.extend(broken);
    errors
}

//! Writes: upserts by natural key, deletes that refuse to break references, and the change
//! log, all inside the caller's transaction. HTTP writes and bundle imports share these.

use std::collections::{BTreeSet, HashSet};

use chrono::{NaiveDate, NaiveDateTime, Utc};
use diesel::dsl::count_star;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::DbConnection;
use crate::db::schema::{
    agreement_parties, agreements, appearance_sources, appearances, changes, edition_organizations, edition_sources,
    editions, figures, metrics, organizations, people, session_participants, session_sources, sessions, track_sources,
    tracks,
};
use crate::domain::models::{
    AgreementInput, EditionInput, FigureInput, Metric, Organization, PersonInput, SessionInput, Source, Track,
};
use crate::domain::{ChangeAction, search_text};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::queries::{self as q};

/// Who is writing: a token's name, or nobody for the command line.
#[derive(Debug, Clone, Default)]
pub struct Actor {
    pub token: Option<String>,
}

impl Actor {
    pub fn token(name: &str) -> Self {
        Actor {
            token: Some(name.to_string()),
        }
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
fn record<T: Serialize>(
    conn: &mut DbConnection,
    actor: &Actor,
    action: ChangeAction,
    resource: &str,
    key: &str,
    before: Option<&T>,
    after: Option<&T>,
) -> ApiResult<()> {
    let json = |v: Option<&T>| {
        v.map(|v| serde_json::to_string(v).map_err(ApiError::internal))
            .transpose()
    };
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

// ---------------------------------------------------------------------------------------
// References

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
        let editions: Vec<i32> = editions::table
            .filter(editions::year.eq_any(wanted.editions.iter().copied().collect::<Vec<_>>()))
            .select(editions::year)
            .load(conn)?;
        let list = |set: &BTreeSet<String>| set.iter().cloned().collect::<Vec<_>>();
        let metrics: Vec<String> = metrics::table
            .filter(metrics::code.eq_any(list(&wanted.metrics)))
            .select(metrics::code)
            .load(conn)?;
        let sources: Vec<String> = crate::db::schema::sources::table
            .filter(crate::db::schema::sources::key.eq_any(list(&wanted.sources)))
            .select(crate::db::schema::sources::key)
            .load(conn)?;
        let organizations: Vec<String> = organizations::table
            .filter(organizations::key.eq_any(list(&wanted.organizations)))
            .select(organizations::key)
            .load(conn)?;
        let people: Vec<String> = people::table
            .filter(people::key.eq_any(list(&wanted.people)))
            .select(people::key)
            .load(conn)?;
        let track_editions: Vec<i32> = wanted
            .tracks
            .iter()
            .map(|(e, _)| *e)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let tracks: Vec<(i32, String)> = if wanted.tracks.is_empty() {
            Vec::new()
        } else {
            tracks::table
                .filter(tracks::edition.eq_any(track_editions))
                .select((tracks::edition, tracks::key))
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

/// An input that refers to other resources by key.
pub trait References {
    /// Adds the keys this input refers to.
    fn wants(&self, keys: &mut KeySet);
    /// Reports each reference `known` does not hold, under `prefix`.
    fn check(&self, known: &KeySet, prefix: &str, errors: &mut Vec<FieldError>);
}

fn missing(errors: &mut Vec<FieldError>, prefix: &str, field: &str, message: String) {
    errors.push(FieldError::new(format!("{prefix}{field}"), message));
}

fn check_sources(known: &KeySet, sources: &[String], prefix: &str, field: &str, errors: &mut Vec<FieldError>) {
    for (i, key) in sources.iter().enumerate() {
        if !known.sources.contains(key) {
            missing(
                errors,
                prefix,
                &format!("{field}[{i}]"),
                format!("source `{key}` does not exist"),
            );
        }
    }
}

fn check_edition(known: &KeySet, year: i32, prefix: &str, field: &str, errors: &mut Vec<FieldError>) {
    if !known.editions.contains(&year) {
        missing(errors, prefix, field, format!("edition {year} does not exist"));
    }
}

fn check_org(known: &KeySet, key: &str, prefix: &str, field: &str, errors: &mut Vec<FieldError>) {
    if !known.organizations.contains(key) {
        missing(errors, prefix, field, format!("organization `{key}` does not exist"));
    }
}

impl References for Source {
    fn wants(&self, _: &mut KeySet) {}
    fn check(&self, _: &KeySet, _: &str, _: &mut Vec<FieldError>) {}
}

impl References for Metric {
    fn wants(&self, _: &mut KeySet) {}
    fn check(&self, _: &KeySet, _: &str, _: &mut Vec<FieldError>) {}
}

impl References for Organization {
    fn wants(&self, _: &mut KeySet) {}
    fn check(&self, _: &KeySet, _: &str, _: &mut Vec<FieldError>) {}
}

impl References for PersonInput {
    fn wants(&self, keys: &mut KeySet) {
        for a in &self.appearances {
            keys.editions.insert(a.edition);
            keys.organizations.extend(a.organization.clone());
            keys.sources.extend(a.sources.iter().cloned());
        }
    }
    fn check(&self, known: &KeySet, prefix: &str, errors: &mut Vec<FieldError>) {
        for (i, a) in self.appearances.iter().enumerate() {
            check_edition(known, a.edition, prefix, &format!("appearances[{i}].edition"), errors);
            if let Some(org) = &a.organization {
                check_org(known, org, prefix, &format!("appearances[{i}].organization"), errors);
            }
            check_sources(known, &a.sources, prefix, &format!("appearances[{i}].sources"), errors);
        }
    }
}

impl References for EditionInput {
    fn wants(&self, keys: &mut KeySet) {
        keys.organizations.extend(self.organizers.iter().cloned());
        keys.organizations.extend(self.partner_cities.iter().cloned());
        keys.sources.extend(self.sources.iter().cloned());
    }
    fn check(&self, known: &KeySet, prefix: &str, errors: &mut Vec<FieldError>) {
        for (i, key) in self.organizers.iter().enumerate() {
            check_org(known, key, prefix, &format!("organizers[{i}]"), errors);
        }
        for (i, key) in self.partner_cities.iter().enumerate() {
            check_org(known, key, prefix, &format!("partner_cities[{i}]"), errors);
        }
        check_sources(known, &self.sources, prefix, "sources", errors);
    }
}

impl References for Track {
    fn wants(&self, keys: &mut KeySet) {
        keys.editions.insert(self.edition);
        keys.sources.extend(self.sources.iter().cloned());
    }
    fn check(&self, known: &KeySet, prefix: &str, errors: &mut Vec<FieldError>) {
        check_edition(known, self.edition, prefix, "edition", errors);
        check_sources(known, &self.sources, prefix, "sources", errors);
    }
}

impl References for SessionInput {
    fn wants(&self, keys: &mut KeySet) {
        keys.editions.insert(self.edition);
        if let Some(track) = &self.track {
            keys.tracks.insert((self.edition, track.clone()));
        }
        for p in &self.participants {
            keys.people.insert(p.person.clone());
            keys.organizations.extend(p.organization.clone());
        }
        keys.sources.extend(self.sources.iter().cloned());
    }
    fn check(&self, known: &KeySet, prefix: &str, errors: &mut Vec<FieldError>) {
        check_edition(known, self.edition, prefix, "edition", errors);
        if let Some(track) = &self.track
            && !known.tracks.contains(&(self.edition, track.clone()))
        {
            missing(
                errors,
                prefix,
                "track",
                format!("edition {} has no track `{track}`", self.edition),
            );
        }
        for (i, p) in self.participants.iter().enumerate() {
            if !known.people.contains(&p.person) {
                missing(
                    errors,
                    prefix,
                    &format!("participants[{i}].person"),
                    format!("person `{}` does not exist", p.person),
                );
            }
            if let Some(org) = &p.organization {
                check_org(known, org, prefix, &format!("participants[{i}].organization"), errors);
            }
        }
        check_sources(known, &self.sources, prefix, "sources", errors);
    }
}

impl References for AgreementInput {
    fn wants(&self, keys: &mut KeySet) {
        keys.editions.insert(self.edition);
        keys.organizations.extend(self.parties.iter().cloned());
        keys.sources.insert(self.source.clone());
    }
    fn check(&self, known: &KeySet, prefix: &str, errors: &mut Vec<FieldError>) {
        check_edition(known, self.edition, prefix, "edition", errors);
        for (i, key) in self.parties.iter().enumerate() {
            check_org(known, key, prefix, &format!("parties[{i}]"), errors);
        }
        if !known.sources.contains(&self.source) {
            missing(
                errors,
                prefix,
                "source",
                format!("source `{}` does not exist", self.source),
            );
        }
    }
}

impl References for FigureInput {
    fn wants(&self, keys: &mut KeySet) {
        keys.editions.insert(self.edition);
        keys.metrics.insert(self.metric.clone());
        keys.sources.insert(self.source.clone());
    }
    fn check(&self, known: &KeySet, prefix: &str, errors: &mut Vec<FieldError>) {
        check_edition(known, self.edition, prefix, "edition", errors);
        if !known.metrics.contains(&self.metric) {
            missing(
                errors,
                prefix,
                "metric",
                format!("metric `{}` does not exist", self.metric),
            );
        }
        if !known.sources.contains(&self.source) {
            missing(
                errors,
                prefix,
                "source",
                format!("source `{}` does not exist", self.source),
            );
        }
    }
}

/// Checks one input's references against the database.
pub fn check_references<T: References>(conn: &mut DbConnection, input: &T) -> ApiResult<Vec<FieldError>> {
    let mut wanted = KeySet::default();
    input.wants(&mut wanted);
    let known = KeySet::existing(conn, &wanted)?;
    let mut errors = Vec::new();
    input.check(&known, "", &mut errors);
    Ok(errors)
}

/// Every problem at once: the field errors, then the broken references, except those on a
/// field already reported (a malformed key is not also "unknown").
pub fn with_broken(mut errors: Vec<FieldError>, broken: Vec<FieldError>) -> Vec<FieldError> {
    let broken: Vec<FieldError> = broken
        .into_iter()
        .filter(|b| !errors.iter().any(|e| e.field == b.field))
        .collect();
    errors.extend(broken);
    errors
}

// ---------------------------------------------------------------------------------------
// Normal forms: lists that are sets are sorted, so that equal content compares equal.

fn sorted(mut keys: Vec<String>) -> Vec<String> {
    keys.sort();
    keys
}

pub fn normalize_person(mut p: PersonInput) -> PersonInput {
    for a in &mut p.appearances {
        a.sources = sorted(std::mem::take(&mut a.sources));
    }
    p.appearances.sort_by_key(|a| a.edition);
    p
}

pub fn normalize_edition(mut e: EditionInput) -> EditionInput {
    e.sources = sorted(e.sources);
    e
}

pub fn normalize_track(mut t: Track) -> Track {
    t.sources = sorted(t.sources);
    t
}

pub fn normalize_session(mut s: SessionInput) -> SessionInput {
    s.sources = sorted(s.sources);
    // Stored as UTC; compare as stored.
    s.starts_at = s.starts_at.map(|t| t.with_timezone(&Utc).fixed_offset());
    s.ends_at = s.ends_at.map(|t| t.with_timezone(&Utc).fixed_offset());
    s
}

// ---------------------------------------------------------------------------------------
// Upserts

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = crate::db::schema::sources, treat_none_as_null = true)]
struct SourceValues<'a> {
    key: &'a str,
    title: &'a str,
    publisher: Option<&'a str>,
    url: Option<&'a str>,
    published_on: Option<NaiveDate>,
    language: &'a str,
    notes: Option<&'a str>,
    search: String,
}

pub fn upsert_source(conn: &mut DbConnection, actor: &Actor, input: &Source) -> ApiResult<Outcome> {
    use crate::db::schema::sources::dsl;
    let before = q::sources::find(conn, &input.key)?;
    if before.as_ref() == Some(input) {
        return Ok(Outcome::Unchanged);
    }
    let values = SourceValues {
        key: &input.key,
        title: &input.title,
        publisher: input.publisher.as_deref(),
        url: input.url.as_deref(),
        published_on: input.published_on,
        language: &input.language,
        notes: input.notes.as_deref(),
        search: search_text([
            Some(input.title.as_str()),
            input.publisher.as_deref(),
            Some(input.key.as_str()),
        ]),
    };
    if before.is_some() {
        diesel::update(dsl::sources.filter(dsl::key.eq(&input.key)))
            .set(&values)
            .execute(conn)?;
    } else {
        diesel::insert_into(dsl::sources).values(&values).execute(conn)?;
    }
    log_upsert(conn, actor, "sources", &input.key, before.as_ref(), input)
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = metrics, treat_none_as_null = true)]
struct MetricValues<'a> {
    code: &'a str,
    label_ru: &'a str,
    label_en: &'a str,
    unit: &'a str,
    description: &'a str,
    search: String,
}

pub fn upsert_metric(conn: &mut DbConnection, actor: &Actor, input: &Metric) -> ApiResult<Outcome> {
    let before = q::metrics::find(conn, &input.code)?;
    if before.as_ref() == Some(input) {
        return Ok(Outcome::Unchanged);
    }
    let values = MetricValues {
        code: &input.code,
        label_ru: &input.label_ru,
        label_en: &input.label_en,
        unit: &input.unit,
        description: &input.description,
        search: search_text([
            Some(input.code.as_str()),
            Some(input.label_ru.as_str()),
            Some(input.label_en.as_str()),
        ]),
    };
    if before.is_some() {
        diesel::update(metrics::table.filter(metrics::code.eq(&input.code)))
            .set(&values)
            .execute(conn)?;
    } else {
        diesel::insert_into(metrics::table).values(&values).execute(conn)?;
    }
    log_upsert(conn, actor, "metrics", &input.code, before.as_ref(), input)
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = organizations, treat_none_as_null = true)]
struct OrganizationValues<'a> {
    key: &'a str,
    name: &'a str,
    kind: &'a str,
    city: Option<&'a str>,
    region: Option<&'a str>,
    notes: Option<&'a str>,
    search: String,
}

pub fn upsert_organization(conn: &mut DbConnection, actor: &Actor, input: &Organization) -> ApiResult<Outcome> {
    let before = q::organizations::find(conn, &input.key)?;
    if before.as_ref() == Some(input) {
        return Ok(Outcome::Unchanged);
    }
    let values = OrganizationValues {
        key: &input.key,
        name: &input.name,
        kind: input.kind.as_str(),
        city: input.city.as_deref(),
        region: input.region.as_deref(),
        notes: input.notes.as_deref(),
        search: search_text([
            Some(input.name.as_str()),
            input.city.as_deref(),
            Some(input.key.as_str()),
        ]),
    };
    if before.is_some() {
        diesel::update(organizations::table.filter(organizations::key.eq(&input.key)))
            .set(&values)
            .execute(conn)?;
    } else {
        diesel::insert_into(organizations::table)
            .values(&values)
            .execute(conn)?;
    }
    log_upsert(conn, actor, "organizations", &input.key, before.as_ref(), input)
}

pub fn upsert_person(conn: &mut DbConnection, actor: &Actor, input: &PersonInput) -> ApiResult<Outcome> {
    let input = normalize_person(input.clone());
    let before = q::people::input_form(conn, &input.key)?;
    if before.as_ref() == Some(&input) {
        return Ok(Outcome::Unchanged);
    }
    let search = search_text([Some(input.name.as_str())]);
    if before.is_some() {
        diesel::update(people::table.filter(people::key.eq(&input.key)))
            .set((
                people::name.eq(&input.name),
                people::notes.eq(&input.notes),
                people::search.eq(search),
            ))
            .execute(conn)?;
        diesel::delete(appearances::table.filter(appearances::person.eq(&input.key))).execute(conn)?;
    } else {
        diesel::insert_into(people::table)
            .values((
                people::key.eq(&input.key),
                people::name.eq(&input.name),
                people::notes.eq(&input.notes),
                people::search.eq(search),
            ))
            .execute(conn)?;
    }
    for a in &input.appearances {
        let id: i64 = diesel::insert_into(appearances::table)
            .values((
                appearances::person.eq(&input.key),
                appearances::edition.eq(a.edition),
                appearances::position.eq(&a.position),
                appearances::organization.eq(&a.organization),
                appearances::notes.eq(&a.notes),
            ))
            .returning(appearances::id)
            .get_result(conn)?;
        for source in &a.sources {
            diesel::insert_into(appearance_sources::table)
                .values((
                    appearance_sources::appearance_id.eq(id),
                    appearance_sources::source.eq(source),
                ))
                .execute(conn)?;
        }
    }
    log_upsert(conn, actor, "people", &input.key, before.as_ref(), &input)
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = editions, treat_none_as_null = true)]
struct EditionValues<'a> {
    year: i32,
    number: Option<i32>,
    title: &'a str,
    theme: Option<&'a str>,
    city: &'a str,
    venue: Option<&'a str>,
    starts_on: Option<NaiveDate>,
    ends_on: Option<NaiveDate>,
    format: Option<&'a str>,
    notes: Option<&'a str>,
    search: String,
}

pub fn upsert_edition(conn: &mut DbConnection, actor: &Actor, input: &EditionInput) -> ApiResult<Outcome> {
    let input = normalize_edition(input.clone());
    let before = q::editions::input_form(conn, input.year)?;
    if before.as_ref() == Some(&input) {
        return Ok(Outcome::Unchanged);
    }
    let values = EditionValues {
        year: input.year,
        number: input.number,
        title: &input.title,
        theme: input.theme.as_deref(),
        city: &input.city,
        venue: input.venue.as_deref(),
        starts_on: input.starts_on,
        ends_on: input.ends_on,
        format: input.format.map(|f| f.as_str()),
        notes: input.notes.as_deref(),
        search: search_text([
            Some(input.title.as_str()),
            input.theme.as_deref(),
            Some(input.city.as_str()),
        ]),
    };
    if before.is_some() {
        diesel::update(editions::table.filter(editions::year.eq(input.year)))
            .set(&values)
            .execute(conn)?;
        diesel::delete(edition_organizations::table.filter(edition_organizations::edition.eq(input.year)))
            .execute(conn)?;
        diesel::delete(edition_sources::table.filter(edition_sources::edition.eq(input.year))).execute(conn)?;
    } else {
        diesel::insert_into(editions::table).values(&values).execute(conn)?;
    }
    let roles = [
        ("organizer", &input.organizers),
        ("partner_city", &input.partner_cities),
    ];
    for (role, keys) in roles {
        for (ordinal, key) in keys.iter().enumerate() {
            diesel::insert_into(edition_organizations::table)
                .values((
                    edition_organizations::edition.eq(input.year),
                    edition_organizations::organization.eq(key),
                    edition_organizations::role.eq(role),
                    edition_organizations::ordinal.eq(ordinal as i32),
                ))
                .execute(conn)?;
        }
    }
    for source in &input.sources {
        diesel::insert_into(edition_sources::table)
            .values((
                edition_sources::edition.eq(input.year),
                edition_sources::source.eq(source),
            ))
            .execute(conn)?;
    }
    log_upsert(
        conn,
        actor,
        "editions",
        &input.year.to_string(),
        before.as_ref(),
        &input,
    )
}

fn track_form(conn: &mut DbConnection, edition: i32, key: &str) -> ApiResult<Option<(i64, Track)>> {
    let row: Option<(i64, String, Option<String>)> = tracks::table
        .filter(tracks::edition.eq(edition).and(tracks::key.eq(key)))
        .select((tracks::id, tracks::title, tracks::description))
        .get_result(conn)
        .optional()?;
    let Some((id, title, description)) = row else {
        return Ok(None);
    };
    let sources: Vec<String> = track_sources::table
        .filter(track_sources::track_id.eq(id))
        .order(track_sources::source)
        .select(track_sources::source)
        .load(conn)?;
    Ok(Some((
        id,
        Track {
            edition,
            key: key.to_string(),
            title,
            description,
            sources,
        },
    )))
}

pub fn upsert_track(conn: &mut DbConnection, actor: &Actor, input: &Track) -> ApiResult<Outcome> {
    let input = normalize_track(input.clone());
    let before = track_form(conn, input.edition, &input.key)?;
    if before.as_ref().map(|(_, t)| t) == Some(&input) {
        return Ok(Outcome::Unchanged);
    }
    let id = match &before {
        Some((id, _)) => {
            diesel::update(tracks::table.find(*id))
                .set((
                    tracks::title.eq(&input.title),
                    tracks::description.eq(&input.description),
                ))
                .execute(conn)?;
            diesel::delete(track_sources::table.filter(track_sources::track_id.eq(*id))).execute(conn)?;
            *id
        }
        None => diesel::insert_into(tracks::table)
            .values((
                tracks::edition.eq(input.edition),
                tracks::key.eq(&input.key),
                tracks::title.eq(&input.title),
                tracks::description.eq(&input.description),
            ))
            .returning(tracks::id)
            .get_result(conn)?,
    };
    for source in &input.sources {
        diesel::insert_into(track_sources::table)
            .values((track_sources::track_id.eq(id), track_sources::source.eq(source)))
            .execute(conn)?;
    }
    let key = format!("{}/{}", input.edition, input.key);
    log_upsert(conn, actor, "tracks", &key, before.as_ref().map(|(_, t)| t), &input)
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

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = sessions, treat_none_as_null = true)]
struct SessionValues<'a> {
    edition: i32,
    key: &'a str,
    title: &'a str,
    track: Option<&'a str>,
    format: Option<&'a str>,
    date: Option<NaiveDate>,
    starts_at: Option<NaiveDateTime>,
    ends_at: Option<NaiveDateTime>,
    venue: Option<&'a str>,
    description: Option<&'a str>,
    notes: Option<&'a str>,
    search: String,
}

/// Writes a session: the one with `id` if given, else the one with its natural key.
pub fn upsert_session(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Option<i64>,
    input: &SessionInput,
) -> ApiResult<(i64, Outcome)> {
    let input = normalize_session(input.clone());
    let (id, before) = match target(
        conn,
        id,
        &input,
        |c| q::sessions::id_of(c, input.edition, &input.key),
        |c, id| Ok(q::sessions::input_form(c, id)?.map(normalize_session)),
    )? {
        Target::Same(id) => return Ok((id, Outcome::Unchanged)),
        Target::Changed(id, before) => (Some(id), Some(before)),
        Target::New => (None, None),
    };
    let values = SessionValues {
        edition: input.edition,
        key: &input.key,
        title: &input.title,
        track: input.track.as_deref(),
        format: input.format.map(|f| f.as_str()),
        date: input.date,
        starts_at: input.starts_at.map(|t| t.naive_utc()),
        ends_at: input.ends_at.map(|t| t.naive_utc()),
        venue: input.venue.as_deref(),
        description: input.description.as_deref(),
        notes: input.notes.as_deref(),
        search: search_text([
            Some(input.title.as_str()),
            input.description.as_deref(),
            input.venue.as_deref(),
        ]),
    };
    let id = match id {
        Some(id) => {
            diesel::update(sessions::table.find(id)).set(&values).execute(conn)?;
            diesel::delete(session_participants::table.filter(session_participants::session_id.eq(id)))
                .execute(conn)?;
            diesel::delete(session_sources::table.filter(session_sources::session_id.eq(id))).execute(conn)?;
            id
        }
        None => diesel::insert_into(sessions::table)
            .values(&values)
            .returning(sessions::id)
            .get_result(conn)?,
    };
    for (ordinal, p) in input.participants.iter().enumerate() {
        diesel::insert_into(session_participants::table)
            .values((
                session_participants::session_id.eq(id),
                session_participants::person.eq(&p.person),
                session_participants::role.eq(p.role.as_str()),
                session_participants::position.eq(&p.position),
                session_participants::organization.eq(&p.organization),
                session_participants::ordinal.eq(ordinal as i32),
            ))
            .execute(conn)?;
    }
    for source in &input.sources {
        diesel::insert_into(session_sources::table)
            .values((session_sources::session_id.eq(id), session_sources::source.eq(source)))
            .execute(conn)?;
    }
    let key = format!("{}/{}", input.edition, input.key);
    Ok((id, log_upsert(conn, actor, "sessions", &key, before.as_ref(), &input)?))
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = agreements, treat_none_as_null = true)]
struct AgreementValues<'a> {
    edition: i32,
    key: &'a str,
    title: &'a str,
    kind: &'a str,
    status: &'a str,
    signed_on: Option<NaiveDate>,
    source: &'a str,
    notes: Option<&'a str>,
    search: String,
}

/// Writes an agreement: the one with `id` if given, else the one with its natural key.
pub fn upsert_agreement(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Option<i64>,
    input: &AgreementInput,
) -> ApiResult<(i64, Outcome)> {
    let (id, before) = match target(
        conn,
        id,
        input,
        |c| q::agreements::id_of(c, input.edition, &input.key),
        q::agreements::input_form,
    )? {
        Target::Same(id) => return Ok((id, Outcome::Unchanged)),
        Target::Changed(id, before) => (Some(id), Some(before)),
        Target::New => (None, None),
    };
    let values = AgreementValues {
        edition: input.edition,
        key: &input.key,
        title: &input.title,
        kind: input.kind.as_str(),
        status: input.status.as_str(),
        signed_on: input.signed_on,
        source: &input.source,
        notes: input.notes.as_deref(),
        search: search_text([Some(input.title.as_str())]),
    };
    let id = match id {
        Some(id) => {
            diesel::update(agreements::table.find(id)).set(&values).execute(conn)?;
            diesel::delete(agreement_parties::table.filter(agreement_parties::agreement_id.eq(id))).execute(conn)?;
            id
        }
        None => diesel::insert_into(agreements::table)
            .values(&values)
            .returning(agreements::id)
            .get_result(conn)?,
    };
    for (ordinal, party) in input.parties.iter().enumerate() {
        diesel::insert_into(agreement_parties::table)
            .values((
                agreement_parties::agreement_id.eq(id),
                agreement_parties::organization.eq(party),
                agreement_parties::ordinal.eq(ordinal as i32),
            ))
            .execute(conn)?;
    }
    let key = format!("{}/{}", input.edition, input.key);
    Ok((id, log_upsert(conn, actor, "agreements", &key, before.as_ref(), input)?))
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = figures, treat_none_as_null = true)]
pub struct FigureValues<'a> {
    pub key: Option<&'a str>,
    pub edition: i32,
    pub metric: &'a str,
    pub source: &'a str,
    pub value: f64,
    pub qualifier: &'a str,
    pub status: &'a str,
    pub reported_on: Option<NaiveDate>,
    pub quote: Option<&'a str>,
    pub attributed_to: Option<&'a str>,
    pub notes: Option<&'a str>,
}

impl<'a> From<&'a FigureInput> for FigureValues<'a> {
    fn from(input: &'a FigureInput) -> Self {
        FigureValues {
            key: input.key.as_deref(),
            edition: input.edition,
            metric: &input.metric,
            source: &input.source,
            value: input.value,
            qualifier: input.qualifier.as_str(),
            status: input.status.as_str(),
            reported_on: input.reported_on,
            quote: input.quote.as_deref(),
            attributed_to: input.attributed_to.as_deref(),
            notes: input.notes.as_deref(),
        }
    }
}

/// How a figure is named in the change log: its key, else its id.
fn figure_label(id: i64, input: &FigureInput) -> String {
    input.key.clone().unwrap_or_else(|| id.to_string())
}

/// Writes a figure: the one with `id` if given, else the one with its natural key.
pub fn upsert_figure(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Option<i64>,
    input: &FigureInput,
) -> ApiResult<(i64, Outcome)> {
    let (id, before) = match target(conn, id, input, |c| q::figures::id_of(c, input), q::figures::input_form)? {
        Target::Same(id) => return Ok((id, Outcome::Unchanged)),
        Target::Changed(id, before) => (Some(id), Some(before)),
        Target::New => (None, None),
    };
    let values = FigureValues::from(input);
    let id = match id {
        Some(id) => {
            diesel::update(figures::table.find(id)).set(&values).execute(conn)?;
            id
        }
        None => diesel::insert_into(figures::table)
            .values(&values)
            .returning(figures::id)
            .get_result(conn)?,
    };
    Ok((
        id,
        log_upsert(conn, actor, "figures", &figure_label(id, input), before.as_ref(), input)?,
    ))
}

// ---------------------------------------------------------------------------------------
// Deletes

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
    rows.into_iter()
        .map(|(id, key)| key.unwrap_or_else(|| format!("id {id}")))
        .collect()
}

pub fn delete_source(conn: &mut DbConnection, actor: &Actor, key: &str) -> ApiResult<()> {
    let before = q::sources::get(conn, key)?;
    let mut refs = Referrers::new();
    let n: i64 = figures::table
        .filter(figures::source.eq(key))
        .select(count_star())
        .get_result(conn)?;
    let ex = figures::table
        .filter(figures::source.eq(key))
        .order(figures::id)
        .select((figures::id, figures::key))
        .limit(3)
        .load(conn)?;
    refs.add("figures", n, figure_names(ex));
    let ex: Vec<i32> = edition_sources::table
        .filter(edition_sources::source.eq(key))
        .select(edition_sources::edition)
        .load(conn)?;
    refs.add("editions", ex.len() as i64, ex.iter().map(|y| y.to_string()).collect());
    let ex: Vec<i64> = session_sources::table
        .filter(session_sources::source.eq(key))
        .select(session_sources::session_id)
        .load(conn)?;
    refs.add(
        "sessions",
        ex.len() as i64,
        ex.iter().map(|id| format!("id {id}")).collect(),
    );
    let ex: Vec<(i32, String)> = agreements::table
        .filter(agreements::source.eq(key))
        .select((agreements::edition, agreements::key))
        .load(conn)?;
    refs.add(
        "agreements",
        ex.len() as i64,
        ex.iter().map(|(e, k)| format!("{e}/{k}")).collect(),
    );
    let ex: Vec<String> = appearance_sources::table
        .inner_join(appearances::table.on(appearances::id.eq(appearance_sources::appearance_id)))
        .filter(appearance_sources::source.eq(key))
        .select(appearances::person)
        .load(conn)?;
    refs.add("appearances of people", ex.len() as i64, ex);
    let ex: Vec<(i32, String)> = track_sources::table
        .inner_join(tracks::table.on(tracks::id.eq(track_sources::track_id)))
        .filter(track_sources::source.eq(key))
        .select((tracks::edition, tracks::key))
        .load(conn)?;
    refs.add(
        "tracks",
        ex.len() as i64,
        ex.iter().map(|(e, k)| format!("{e}/{k}")).collect(),
    );
    refs.refuse(&format!("source `{key}`"))?;
    diesel::delete(crate::db::schema::sources::table.filter(crate::db::schema::sources::key.eq(key))).execute(conn)?;
    record(conn, actor, ChangeAction::Delete, "sources", key, Some(&before), None)
}

pub fn delete_metric(conn: &mut DbConnection, actor: &Actor, code: &str) -> ApiResult<()> {
    let before = q::metrics::get(conn, code)?;
    let mut refs = Referrers::new();
    let n: i64 = figures::table
        .filter(figures::metric.eq(code))
        .select(count_star())
        .get_result(conn)?;
    let ex = figures::table
        .filter(figures::metric.eq(code))
        .order(figures::id)
        .select((figures::id, figures::key))
        .limit(3)
        .load(conn)?;
    refs.add("figures", n, figure_names(ex));
    refs.refuse(&format!("metric `{code}`"))?;
    diesel::delete(metrics::table.filter(metrics::code.eq(code))).execute(conn)?;
    record(conn, actor, ChangeAction::Delete, "metrics", code, Some(&before), None)
}

pub fn delete_organization(conn: &mut DbConnection, actor: &Actor, key: &str) -> ApiResult<()> {
    let before = q::organizations::get(conn, key)?;
    let mut refs = Referrers::new();
    let ex: Vec<i32> = edition_organizations::table
        .filter(edition_organizations::organization.eq(key))
        .select(edition_organizations::edition)
        .load(conn)?;
    refs.add("editions", ex.len() as i64, ex.iter().map(|y| y.to_string()).collect());
    let ex: Vec<i64> = session_participants::table
        .filter(session_participants::organization.eq(key))
        .select(session_participants::session_id)
        .load(conn)?;
    refs.add(
        "session participations",
        ex.len() as i64,
        ex.iter().map(|id| format!("session {id}")).collect(),
    );
    let ex: Vec<String> = appearances::table
        .filter(appearances::organization.eq(key))
        .select(appearances::person)
        .load(conn)?;
    refs.add("appearances of people", ex.len() as i64, ex);
    let ex: Vec<i64> = agreement_parties::table
        .filter(agreement_parties::organization.eq(key))
        .select(agreement_parties::agreement_id)
        .load(conn)?;
    refs.add(
        "agreements",
        ex.len() as i64,
        ex.iter().map(|id| format!("id {id}")).collect(),
    );
    refs.refuse(&format!("organization `{key}`"))?;
    diesel::delete(organizations::table.filter(organizations::key.eq(key))).execute(conn)?;
    record(
        conn,
        actor,
        ChangeAction::Delete,
        "organizations",
        key,
        Some(&before),
        None,
    )
}

pub fn delete_person(conn: &mut DbConnection, actor: &Actor, key: &str) -> ApiResult<()> {
    let before = q::people::input_form(conn, key)?.ok_or_else(|| q::people::not_found(key))?;
    let mut refs = Referrers::new();
    let ex: Vec<i64> = session_participants::table
        .filter(session_participants::person.eq(key))
        .select(session_participants::session_id)
        .load(conn)?;
    refs.add(
        "sessions",
        ex.len() as i64,
        ex.iter().map(|id| format!("id {id}")).collect(),
    );
    refs.refuse(&format!("person `{key}`"))?;
    // Appearances belong to the person and go with them.
    diesel::delete(people::table.filter(people::key.eq(key))).execute(conn)?;
    record(conn, actor, ChangeAction::Delete, "people", key, Some(&before), None)
}

pub fn delete_edition(conn: &mut DbConnection, actor: &Actor, year: i32) -> ApiResult<()> {
    let before = q::editions::input_form(conn, year)?.ok_or_else(|| q::editions::not_found(year))?;
    let mut refs = Referrers::new();
    let n: i64 = figures::table
        .filter(figures::edition.eq(year))
        .select(count_star())
        .get_result(conn)?;
    let ex = figures::table
        .filter(figures::edition.eq(year))
        .order(figures::id)
        .select((figures::id, figures::key))
        .limit(3)
        .load(conn)?;
    refs.add("figures", n, figure_names(ex));
    let n: i64 = sessions::table
        .filter(sessions::edition.eq(year))
        .select(count_star())
        .get_result(conn)?;
    let ex: Vec<String> = sessions::table
        .filter(sessions::edition.eq(year))
        .order(sessions::id)
        .select(sessions::key)
        .limit(3)
        .load(conn)?;
    refs.add("sessions", n, ex);
    let n: i64 = agreements::table
        .filter(agreements::edition.eq(year))
        .select(count_star())
        .get_result(conn)?;
    let ex: Vec<String> = agreements::table
        .filter(agreements::edition.eq(year))
        .order(agreements::id)
        .select(agreements::key)
        .limit(3)
        .load(conn)?;
    refs.add("agreements", n, ex);
    let ex: Vec<String> = tracks::table
        .filter(tracks::edition.eq(year))
        .order(tracks::id)
        .select(tracks::key)
        .load(conn)?;
    refs.add("tracks", ex.len() as i64, ex);
    let ex: Vec<String> = appearances::table
        .filter(appearances::edition.eq(year))
        .select(appearances::person)
        .load(conn)?;
    refs.add("appearances of people", ex.len() as i64, ex);
    refs.refuse(&format!("edition {year}"))?;
    // Its organiser and source links belong to it and go with it.
    diesel::delete(editions::table.filter(editions::year.eq(year))).execute(conn)?;
    record(
        conn,
        actor,
        ChangeAction::Delete,
        "editions",
        &year.to_string(),
        Some(&before),
        None,
    )
}

pub fn delete_session(conn: &mut DbConnection, actor: &Actor, id: i64) -> ApiResult<()> {
    let before =
        q::sessions::input_form(conn, id)?.ok_or_else(|| ApiError::NotFound(format!("session {id} does not exist")))?;
    diesel::delete(sessions::table.find(id)).execute(conn)?;
    let key = format!("{}/{}", before.edition, before.key);
    record(conn, actor, ChangeAction::Delete, "sessions", &key, Some(&before), None)
}

pub fn delete_agreement(conn: &mut DbConnection, actor: &Actor, id: i64) -> ApiResult<()> {
    let before = q::agreements::input_form(conn, id)?
        .ok_or_else(|| ApiError::NotFound(format!("agreement {id} does not exist")))?;
    diesel::delete(agreements::table.find(id)).execute(conn)?;
    let key = format!("{}/{}", before.edition, before.key);
    record(
        conn,
        actor,
        ChangeAction::Delete,
        "agreements",
        &key,
        Some(&before),
        None,
    )
}

pub fn delete_figure(conn: &mut DbConnection, actor: &Actor, id: i64) -> ApiResult<()> {
    let before =
        q::figures::input_form(conn, id)?.ok_or_else(|| ApiError::NotFound(format!("figure {id} does not exist")))?;
    diesel::delete(figures::table.find(id)).execute(conn)?;
    record(
        conn,
        actor,
        ChangeAction::Delete,
        "figures",
        &figure_label(id, &before),
        Some(&before),
        None,
    )
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

//! Writes of the catalogue every edition draws on: sources, metrics, organisations, people.

use chrono::NaiveDate;
use diesel::dsl::count_star;
use diesel::prelude::*;

use super::{Actor, Outcome, Referrers, figure_names, log_upsert, record, sorted};
use crate::db::DbConnection;
use crate::db::schema::{
    agreement_parties, agreements, appearance_sources, appearances, edition_organizations, edition_sources, figures,
    metrics, organizations, people, session_participants, session_sources, track_sources, tracks,
};
use crate::domain::models::{Metric, Organization, PersonInput, Source};
use crate::domain::{ChangeAction, search_text};
use crate::error::ApiResult;
use crate::queries::{self as q};

pub fn normalize_person(mut p: PersonInput) -> PersonInput {
    for a in &mut p.appearances {
        a.sources = sorted(std::mem::take(&mut a.sources));
    }
    p.appearances.sort_by_key(|a| a.edition);
    p
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = crate::db::schema::sources, treat_none_as_null = true)]
struct SourceValues<'a> {
    key: &'a str,
    title: &'a str,
    publisher: Option<&'a str>,
    url: Option<&'a str>,
    published_on: Option<NaiveDate>,
    published_in: Option<String>,
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
        published_in: input.published_in.map(|p| p.to_string()),
        language: &input.language,
        notes: input.notes.as_deref(),
        search: search_text([Some(input.title.as_str()), input.publisher.as_deref(), Some(input.key.as_str())]),
    };
    if before.is_some() {
        diesel::update(dsl::sources.filter(dsl::key.eq(&input.key))).set(&values).execute(conn)?;
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
        search: search_text([Some(input.code.as_str()), Some(input.label_ru.as_str()), Some(input.label_en.as_str())]),
    };
    if before.is_some() {
        diesel::update(metrics::table.filter(metrics::code.eq(&input.code))).set(&values).execute(conn)?;
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
        search: search_text([Some(input.name.as_str()), input.city.as_deref(), Some(input.key.as_str())]),
    };
    if before.is_some() {
        diesel::update(organizations::table.filter(organizations::key.eq(&input.key))).set(&values).execute(conn)?;
    } else {
        diesel::insert_into(organizations::table).values(&values).execute(conn)?;
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
            .set((people::name.eq(&input.name), people::notes.eq(&input.notes), people::search.eq(search)))
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
                .values((appearance_sources::appearance_id.eq(id), appearance_sources::source.eq(source)))
                .execute(conn)?;
        }
    }
    log_upsert(conn, actor, "people", &input.key, before.as_ref(), &input)
}

pub fn delete_source(conn: &mut DbConnection, actor: &Actor, key: &str) -> ApiResult<()> {
    let before = q::sources::get(conn, key)?;
    let mut refs = Referrers::new();
    let n: i64 = figures::table.filter(figures::source.eq(key)).select(count_star()).get_result(conn)?;
    let ex = figures::table
        .filter(figures::source.eq(key))
        .order(figures::id)
        .select((figures::id, figures::key))
        .limit(3)
        .load(conn)?;
    refs.add("figures", n, figure_names(ex));
    let ex: Vec<i32> =
        edition_sources::table.filter(edition_sources::source.eq(key)).select(edition_sources::edition).load(conn)?;
    refs.add("editions", ex.len() as i64, ex.iter().map(|y| y.to_string()).collect());
    let ex: Vec<i64> = session_sources::table
        .filter(session_sources::source.eq(key))
        .select(session_sources::session_id)
        .load(conn)?;
    refs.add("sessions", ex.len() as i64, ex.iter().map(|id| format!("id {id}")).collect());
    let ex: Vec<(i32, String)> = agreements::table
        .filter(agreements::source.eq(key))
        .select((agreements::edition, agreements::key))
        .load(conn)?;
    refs.add("agreements", ex.len() as i64, ex.iter().map(|(e, k)| format!("{e}/{k}")).collect());
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
    refs.add("tracks", ex.len() as i64, ex.iter().map(|(e, k)| format!("{e}/{k}")).collect());
    refs.refuse(&format!("source `{key}`"))?;
    diesel::delete(crate::db::schema::sources::table.filter(crate::db::schema::sources::key.eq(key))).execute(conn)?;
    record(conn, actor, ChangeAction::Delete, "sources", key, Some(&before), None)
}

pub fn delete_metric(conn: &mut DbConnection, actor: &Actor, code: &str) -> ApiResult<()> {
    let before = q::metrics::get(conn, code)?;
    let mut refs = Referrers::new();
    let n: i64 = figures::table.filter(figures::metric.eq(code)).select(count_star()).get_result(conn)?;
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
    refs.add("session participations", ex.len() as i64, ex.iter().map(|id| format!("session {id}")).collect());
    let ex: Vec<String> =
        appearances::table.filter(appearances::organization.eq(key)).select(appearances::person).load(conn)?;
    refs.add("appearances of people", ex.len() as i64, ex);
    let ex: Vec<i64> = agreement_parties::table
        .filter(agreement_parties::organization.eq(key))
        .select(agreement_parties::agreement_id)
        .load(conn)?;
    refs.add("agreements", ex.len() as i64, ex.iter().map(|id| format!("id {id}")).collect());
    refs.refuse(&format!("organization `{key}`"))?;
    diesel::delete(organizations::table.filter(organizations::key.eq(key))).execute(conn)?;
    record(conn, actor, ChangeAction::Delete, "organizations", key, Some(&before), None)
}

pub fn delete_person(conn: &mut DbConnection, actor: &Actor, key: &str) -> ApiResult<()> {
    let before = q::people::input_form(conn, key)?.ok_or_else(|| q::people::not_found(key))?;
    let mut refs = Referrers::new();
    let ex: Vec<i64> = session_participants::table
        .filter(session_participants::person.eq(key))
        .select(session_participants::session_id)
        .load(conn)?;
    refs.add("sessions", ex.len() as i64, ex.iter().map(|id| format!("id {id}")).collect());
    refs.refuse(&format!("person `{key}`"))?;
    // Appearances belong to the person and go with them.
    diesel::delete(people::table.filter(people::key.eq(key))).execute(conn)?;
    record(conn, actor, ChangeAction::Delete, "people", key, Some(&before), None)
}

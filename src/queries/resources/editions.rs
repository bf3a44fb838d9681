//! Editions: one forum a year, known by its year.

use chrono::NaiveDate;
use diesel::dsl::count_star;
use diesel::prelude::*;

use super::{
    Actor, KeySet, Kind, Outcome, Referrers, Resource, check_org, check_sources, figure_names, log_upsert, record,
    sorted,
};
use crate::db::DbConnection;
use crate::db::schema::{
    agreements, appearances, edition_organizations, edition_sources, editions, figures, sessions, tracks,
};
use crate::domain::models::{Edition, EditionInput};
use crate::domain::validate::Errors;
use crate::domain::{ChangeAction, search_text};
use crate::error::ApiResult;
use crate::queries::editions::EditionExpand;
use crate::queries::{self as q};

pub struct Editions;

impl Kind for Editions {
    type Input = EditionInput;
    const NAME: &'static str = "edition";
    const PLURAL: &'static str = "editions";

    fn natural_key(input: &EditionInput) -> String {
        input.year.to_string()
    }

    fn rules(input: &EditionInput, errors: &mut Errors) {
        errors.not_before("ends_on", input.ends_on, input.starts_on, "starts_on");
        errors.distinct("organizers", input.organizers.iter().map(String::as_str));
        errors.distinct("partner_cities", input.partner_cities.iter().map(String::as_str));
        errors.distinct("sources", input.sources.iter().map(String::as_str));
    }

    fn wants(input: &EditionInput, keys: &mut KeySet) {
        keys.organizations.extend(input.organizers.iter().cloned());
        keys.organizations.extend(input.partner_cities.iter().cloned());
        keys.sources.extend(input.sources.iter().cloned());
    }

    fn check(input: &EditionInput, known: &KeySet, errors: &mut Errors) {
        for (i, key) in input.organizers.iter().enumerate() {
            check_org(known, key, &format!("organizers[{i}]"), errors);
        }
        for (i, key) in input.partner_cities.iter().enumerate() {
            check_org(known, key, &format!("partner_cities[{i}]"), errors);
        }
        check_sources(known, &input.sources, "sources", errors);
    }

    fn write(conn: &mut DbConnection, actor: &Actor, input: &EditionInput) -> ApiResult<Outcome> {
        upsert(conn, actor, input)
    }
}

impl Resource for Editions {
    type Key = i32;
    type Output = Edition;
    const COLLECTION: &'static str = "/api/v1/editions";
    const KEY_FIELD: Option<&'static str> = Some("year");

    fn key_of(input: &EditionInput) -> Option<i32> {
        Some(input.year)
    }
    fn existing(conn: &mut DbConnection, input: &EditionInput) -> ApiResult<Option<i32>> {
        Ok(q::editions::exists(conn, input.year)?.then_some(input.year))
    }
    fn find_input(conn: &mut DbConnection, key: &i32) -> ApiResult<Option<EditionInput>> {
        q::editions::input_form(conn, *key)
    }
    fn upsert(
        conn: &mut DbConnection,
        actor: &Actor,
        _: Option<&i32>,
        input: &EditionInput,
    ) -> ApiResult<(i32, Outcome)> {
        Ok((input.year, upsert(conn, actor, input)?))
    }
    fn get(conn: &mut DbConnection, key: &i32) -> ApiResult<Edition> {
        q::editions::get(conn, *key, EditionExpand::default())
    }
    fn delete(conn: &mut DbConnection, actor: &Actor, key: &i32) -> ApiResult<()> {
        delete(conn, actor, *key)
    }
}

fn normalize(mut e: EditionInput) -> EditionInput {
    e.sources = sorted(e.sources);
    e
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

fn upsert(conn: &mut DbConnection, actor: &Actor, input: &EditionInput) -> ApiResult<Outcome> {
    let input = normalize(input.clone());
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
        search: search_text([Some(input.title.as_str()), input.theme.as_deref(), Some(input.city.as_str())]),
    };
    if before.is_some() {
        diesel::update(editions::table.filter(editions::year.eq(input.year))).set(&values).execute(conn)?;
        diesel::delete(edition_organizations::table.filter(edition_organizations::edition.eq(input.year)))
            .execute(conn)?;
        diesel::delete(edition_sources::table.filter(edition_sources::edition.eq(input.year))).execute(conn)?;
    } else {
        diesel::insert_into(editions::table).values(&values).execute(conn)?;
    }
    let roles = [("organizer", &input.organizers), ("partner_city", &input.partner_cities)];
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
            .values((edition_sources::edition.eq(input.year), edition_sources::source.eq(source)))
            .execute(conn)?;
    }
    log_upsert(conn, actor, "editions", &input.year.to_string(), before.as_ref(), &input)
}

fn delete(conn: &mut DbConnection, actor: &Actor, year: i32) -> ApiResult<()> {
    let before = q::editions::input_form(conn, year)?.ok_or_else(|| q::editions::not_found(year))?;
    let mut refs = Referrers::new();
    let n: i64 = figures::table.filter(figures::edition.eq(year)).select(count_star()).get_result(conn)?;
    let ex = figures::table
        .filter(figures::edition.eq(year))
        .order(figures::id)
        .select((figures::id, figures::key))
        .limit(3)
        .load(conn)?;
    refs.add("figures", n, figure_names(ex));
    let n: i64 = sessions::table.filter(sessions::edition.eq(year)).select(count_star()).get_result(conn)?;
    let ex: Vec<String> = sessions::table
        .filter(sessions::edition.eq(year))
        .order(sessions::id)
        .select(sessions::key)
        .limit(3)
        .load(conn)?;
    refs.add("sessions", n, ex);
    let n: i64 = agreements::table.filter(agreements::edition.eq(year)).select(count_star()).get_result(conn)?;
    let ex: Vec<String> = agreements::table
        .filter(agreements::edition.eq(year))
        .order(agreements::id)
        .select(agreements::key)
        .limit(3)
        .load(conn)?;
    refs.add("agreements", n, ex);
    let ex: Vec<String> =
        tracks::table.filter(tracks::edition.eq(year)).order(tracks::id).select(tracks::key).load(conn)?;
    refs.add("tracks", ex.len() as i64, ex);
    let ex: Vec<String> =
        appearances::table.filter(appearances::edition.eq(year)).select(appearances::person).load(conn)?;
    refs.add("appearances of people", ex.len() as i64, ex);
    refs.refuse(&format!("edition {year}"))?;
    // Its organiser and source links belong to it and go with it.
    diesel::delete(editions::table.filter(editions::year.eq(year))).execute(conn)?;
    record(conn, actor, ChangeAction::Delete, "editions", &year.to_string(), Some(&before), None)
}

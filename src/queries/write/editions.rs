//! Writes of editions and their tracks.

use chrono::NaiveDate;
use diesel::dsl::count_star;
use diesel::prelude::*;

use super::{Actor, Outcome, Referrers, figure_names, log_upsert, record, sorted};
use crate::db::DbConnection;
use crate::db::schema::{
    agreements, appearances, edition_organizations, edition_sources, editions, figures, sessions, track_sources, tracks,
};
use crate::domain::models::{EditionInput, Track};
use crate::domain::{ChangeAction, search_text};
use crate::error::ApiResult;
use crate::queries::{self as q};

pub fn normalize_edition(mut e: EditionInput) -> EditionInput {
    e.sources = sorted(e.sources);
    e
}

pub fn normalize_track(mut t: Track) -> Track {
    t.sources = sorted(t.sources);
    t
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
    Ok(Some((id, Track { edition, key: key.to_string(), title, description, sources })))
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
                .set((tracks::title.eq(&input.title), tracks::description.eq(&input.description)))
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

pub fn delete_edition(conn: &mut DbConnection, actor: &Actor, year: i32) -> ApiResult<()> {
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

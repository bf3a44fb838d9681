//! Sources: the documents figures, sessions and agreements cite, known by their key.

use chrono::NaiveDate;
use diesel::dsl::count_star;
use diesel::prelude::*;

use super::{Actor, Kind, Outcome, Referrers, Resource, figure_names, log_upsert, record};
use crate::db::DbConnection;
use crate::db::schema::{
    agreements, appearance_sources, appearances, edition_sources, figures, session_sources, track_sources, tracks,
};
use crate::domain::models::Source;
use crate::domain::validate::Errors;
use crate::domain::{ChangeAction, search_text};
use crate::error::ApiResult;
use crate::queries::{self as q};

pub struct Sources;

impl Kind for Sources {
    type Input = Source;
    const NAME: &'static str = "source";
    const PLURAL: &'static str = "sources";

    fn natural_key(input: &Source) -> String {
        input.key.clone()
    }

    fn rules(input: &Source, errors: &mut Errors) {
        errors.day_or_period(
            "published_in",
            input.published_on.is_some(),
            input.published_in.is_some(),
            "published_on",
        );
    }

    fn write(conn: &mut DbConnection, actor: &Actor, input: &Source) -> ApiResult<Outcome> {
        upsert(conn, actor, input)
    }
}

impl Resource for Sources {
    type Key = String;
    type Output = Source;
    const COLLECTION: &'static str = "/api/v1/sources";
    const KEY_FIELD: Option<&'static str> = Some("key");

    fn key_of(input: &Source) -> Option<String> {
        Some(input.key.clone())
    }
    fn existing(conn: &mut DbConnection, input: &Source) -> ApiResult<Option<String>> {
        Ok(q::sources::find(conn, &input.key)?.map(|s| s.key))
    }
    fn find_input(conn: &mut DbConnection, key: &String) -> ApiResult<Option<Source>> {
        q::sources::find(conn, key)
    }
    fn upsert(
        conn: &mut DbConnection,
        actor: &Actor,
        _: Option<&String>,
        input: &Source,
    ) -> ApiResult<(String, Outcome)> {
        Ok((input.key.clone(), upsert(conn, actor, input)?))
    }
    fn get(conn: &mut DbConnection, key: &String) -> ApiResult<Source> {
        q::sources::get(conn, key)
    }
    fn delete(conn: &mut DbConnection, actor: &Actor, key: &String) -> ApiResult<()> {
        delete(conn, actor, key)
    }
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

fn upsert(conn: &mut DbConnection, actor: &Actor, input: &Source) -> ApiResult<Outcome> {
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

fn delete(conn: &mut DbConnection, actor: &Actor, key: &str) -> ApiResult<()> {
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

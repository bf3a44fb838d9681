//! People, with their appearances at editions outside sessions, known by their key.

use diesel::prelude::*;

use super::{
    Actor, KeySet, Kind, Outcome, Referrers, Resource, check_edition, check_org, check_sources, log_upsert, record,
    sorted,
};
use crate::db::DbConnection;
use crate::db::schema::{appearance_sources, appearances, people, session_participants};
use crate::domain::models::{PersonDetail, PersonInput};
use crate::domain::validate::Errors;
use crate::domain::{ChangeAction, search_text};
use crate::error::ApiResult;
use crate::queries::{self as q};

pub struct People;

impl Kind for People {
    type Input = PersonInput;
    const NAME: &'static str = "person";
    const PLURAL: &'static str = "people";

    fn natural_key(input: &PersonInput) -> String {
        input.key.clone()
    }

    fn rules(input: &PersonInput, errors: &mut Errors) {
        let mut editions = std::collections::HashSet::new();
        for (i, a) in input.appearances.iter().enumerate() {
            if !editions.insert(a.edition) {
                let message = format!("a person appears at most once per edition; {} is listed twice", a.edition);
                errors.add(&format!("appearances[{i}].edition"), message);
            }
            errors.distinct(&format!("appearances[{i}].sources"), a.sources.iter().map(String::as_str));
        }
    }

    fn wants(input: &PersonInput, keys: &mut KeySet) {
        for a in &input.appearances {
            keys.editions.insert(a.edition);
            keys.organizations.extend(a.organization.clone());
            keys.sources.extend(a.sources.iter().cloned());
        }
    }

    fn check(input: &PersonInput, known: &KeySet, errors: &mut Errors) {
        for (i, a) in input.appearances.iter().enumerate() {
            check_edition(known, a.edition, &format!("appearances[{i}].edition"), errors);
            if let Some(org) = &a.organization {
                check_org(known, org, &format!("appearances[{i}].organization"), errors);
            }
            check_sources(known, &a.sources, &format!("appearances[{i}].sources"), errors);
        }
    }

    fn write(conn: &mut DbConnection, actor: &Actor, input: &PersonInput) -> ApiResult<Outcome> {
        upsert(conn, actor, input)
    }
}

impl Resource for People {
    type Key = String;
    type Output = PersonDetail;
    const COLLECTION: &'static str = "/api/v1/people";
    const KEY_FIELD: Option<&'static str> = Some("key");

    fn key_of(input: &PersonInput) -> Option<String> {
        Some(input.key.clone())
    }
    fn existing(conn: &mut DbConnection, input: &PersonInput) -> ApiResult<Option<String>> {
        Ok(q::people::exists(conn, &input.key)?.then(|| input.key.clone()))
    }
    fn find_input(conn: &mut DbConnection, key: &String) -> ApiResult<Option<PersonInput>> {
        q::people::input_form(conn, key)
    }
    fn upsert(
        conn: &mut DbConnection,
        actor: &Actor,
        _: Option<&String>,
        input: &PersonInput,
    ) -> ApiResult<(String, Outcome)> {
        Ok((input.key.clone(), upsert(conn, actor, input)?))
    }
    fn get(conn: &mut DbConnection, key: &String) -> ApiResult<PersonDetail> {
        q::people::get(conn, key)
    }
    fn delete(conn: &mut DbConnection, actor: &Actor, key: &String) -> ApiResult<()> {
        delete(conn, actor, key)
    }
}

fn normalize(mut p: PersonInput) -> PersonInput {
    for a in &mut p.appearances {
        a.sources = sorted(std::mem::take(&mut a.sources));
    }
    p.appearances.sort_by_key(|a| a.edition);
    p
}

fn upsert(conn: &mut DbConnection, actor: &Actor, input: &PersonInput) -> ApiResult<Outcome> {
    let input = normalize(input.clone());
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

fn delete(conn: &mut DbConnection, actor: &Actor, key: &str) -> ApiResult<()> {
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

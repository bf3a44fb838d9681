//! Organisations: companies, ministries, municipalities, associations, known by their key.

use diesel::prelude::*;

use super::{Actor, Kind, Outcome, Referrers, Resource, log_upsert, record};
use crate::db::DbConnection;
use crate::db::schema::{agreement_parties, appearances, edition_organizations, organizations, session_participants};
use crate::domain::models::Organization;
use crate::domain::{ChangeAction, search_text};
use crate::error::ApiResult;
use crate::queries::{self as q};

pub struct Organizations;

impl Kind for Organizations {
    type Input = Organization;
    const NAME: &'static str = "organization";
    const PLURAL: &'static str = "organizations";

    fn natural_key(input: &Organization) -> String {
        input.key.clone()
    }

    fn write(conn: &mut DbConnection, actor: &Actor, input: &Organization) -> ApiResult<Outcome> {
        upsert(conn, actor, input)
    }
}

impl Resource for Organizations {
    type Key = String;
    type Output = Organization;
    const COLLECTION: &'static str = "/api/v1/organizations";
    const KEY_FIELD: Option<&'static str> = Some("key");

    fn key_of(input: &Organization) -> Option<String> {
        Some(input.key.clone())
    }
    fn existing(conn: &mut DbConnection, input: &Organization) -> ApiResult<Option<String>> {
        Ok(q::organizations::find(conn, &input.key)?.map(|o| o.key))
    }
    fn find_input(conn: &mut DbConnection, key: &String) -> ApiResult<Option<Organization>> {
        q::organizations::find(conn, key)
    }
    fn upsert(
        conn: &mut DbConnection,
        actor: &Actor,
        _: Option<&String>,
        input: &Organization,
    ) -> ApiResult<(String, Outcome)> {
        Ok((input.key.clone(), upsert(conn, actor, input)?))
    }
    fn get(conn: &mut DbConnection, key: &String) -> ApiResult<Organization> {
        q::organizations::get(conn, key)
    }
    fn delete(conn: &mut DbConnection, actor: &Actor, key: &String) -> ApiResult<()> {
        delete(conn, actor, key)
    }
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

fn upsert(conn: &mut DbConnection, actor: &Actor, input: &Organization) -> ApiResult<Outcome> {
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

fn delete(conn: &mut DbConnection, actor: &Actor, key: &str) -> ApiResult<()> {
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

//! Writes of the programme: sessions with their participants, and agreements with their parties.

use chrono::{NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::{Actor, Outcome, Target, log_upsert, record, sorted, target};
use crate::db::DbConnection;
use crate::db::schema::{agreement_parties, agreements, session_participants, session_sources, sessions};
use crate::domain::models::{AgreementInput, SessionInput};
use crate::domain::{ChangeAction, search_text};
use crate::error::{ApiError, ApiResult};
use crate::queries::{self as q};

pub fn normalize_session(mut s: SessionInput) -> SessionInput {
    s.sources = sorted(s.sources);
    // Stored as UTC; compare as stored.
    s.starts_at = s.starts_at.map(|t| t.with_timezone(&Utc).fixed_offset());
    s.ends_at = s.ends_at.map(|t| t.with_timezone(&Utc).fixed_offset());
    s
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
        search: search_text([Some(input.title.as_str()), input.description.as_deref(), input.venue.as_deref()]),
    };
    let id = match id {
        Some(id) => {
            diesel::update(sessions::table.find(id)).set(&values).execute(conn)?;
            diesel::delete(session_participants::table.filter(session_participants::session_id.eq(id)))
                .execute(conn)?;
            diesel::delete(session_sources::table.filter(session_sources::session_id.eq(id))).execute(conn)?;
            id
        }
        None => diesel::insert_into(sessions::table).values(&values).returning(sessions::id).get_result(conn)?,
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
        None => diesel::insert_into(agreements::table).values(&values).returning(agreements::id).get_result(conn)?,
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
    record(conn, actor, ChangeAction::Delete, "agreements", &key, Some(&before), None)
}

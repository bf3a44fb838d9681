//! Sessions of the programme, with their participants: known by edition and key, addressed by id.

use chrono::{NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::{
    Actor, KeySet, Kind, Outcome, Resource, Target, check_edition, check_org, check_sources, log_upsert, record,
    sorted, target,
};
use crate::db::DbConnection;
use crate::db::schema::{session_participants, session_sources, sessions};
use crate::domain::models::{Session, SessionInput};
use crate::domain::validate::Errors;
use crate::domain::{ChangeAction, search_text};
use crate::error::{ApiError, ApiResult};
use crate::queries::sessions::SessionExpand;
use crate::queries::{self as q};

pub struct Sessions;

impl Kind for Sessions {
    type Input = SessionInput;
    const NAME: &'static str = "session";
    const PLURAL: &'static str = "sessions";

    fn natural_key(input: &SessionInput) -> String {
        format!("{}/{}", input.edition, input.key)
    }

    fn rules(input: &SessionInput, errors: &mut Errors) {
        errors.not_before("ends_at", input.ends_at, input.starts_at, "starts_at");
        errors.distinct("participants", input.participants.iter().map(|p| p.person.as_str()));
        errors.distinct("sources", input.sources.iter().map(String::as_str));
    }

    fn wants(input: &SessionInput, keys: &mut KeySet) {
        keys.editions.insert(input.edition);
        if let Some(track) = &input.track {
            keys.tracks.insert((input.edition, track.clone()));
        }
        for p in &input.participants {
            keys.people.insert(p.person.clone());
            keys.organizations.extend(p.organization.clone());
        }
        keys.sources.extend(input.sources.iter().cloned());
    }

    fn check(input: &SessionInput, known: &KeySet, errors: &mut Errors) {
        check_edition(known, input.edition, "edition", errors);
        if let Some(track) = &input.track
            && !known.tracks.contains(&(input.edition, track.clone()))
        {
            errors.add("track", format!("edition {} has no track `{track}`", input.edition));
        }
        for (i, p) in input.participants.iter().enumerate() {
            if !known.people.contains(&p.person) {
                errors.add(&format!("participants[{i}].person"), format!("person `{}` does not exist", p.person));
            }
            if let Some(org) = &p.organization {
                check_org(known, org, &format!("participants[{i}].organization"), errors);
            }
        }
        check_sources(known, &input.sources, "sources", errors);
    }

    fn write(conn: &mut DbConnection, actor: &Actor, input: &SessionInput) -> ApiResult<Outcome> {
        Ok(upsert(conn, actor, None, input)?.1)
    }
}

impl Resource for Sessions {
    type Key = i64;
    type Output = Session;
    const COLLECTION: &'static str = "/api/v1/sessions";
    const KEY_FIELD: Option<&'static str> = None;

    fn key_of(_: &SessionInput) -> Option<i64> {
        None
    }
    fn existing(conn: &mut DbConnection, input: &SessionInput) -> ApiResult<Option<i64>> {
        q::sessions::id_of(conn, input.edition, &input.key)
    }
    fn find_input(conn: &mut DbConnection, key: &i64) -> ApiResult<Option<SessionInput>> {
        q::sessions::input_form(conn, *key)
    }
    fn upsert(
        conn: &mut DbConnection,
        actor: &Actor,
        key: Option<&i64>,
        input: &SessionInput,
    ) -> ApiResult<(i64, Outcome)> {
        upsert(conn, actor, key.copied(), input)
    }
    fn get(conn: &mut DbConnection, key: &i64) -> ApiResult<Session> {
        q::sessions::get(conn, *key, SessionExpand::default())
    }
    fn delete(conn: &mut DbConnection, actor: &Actor, key: &i64) -> ApiResult<()> {
        delete(conn, actor, *key)
    }
}

fn normalize(mut s: SessionInput) -> SessionInput {
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
fn upsert(conn: &mut DbConnection, actor: &Actor, id: Option<i64>, input: &SessionInput) -> ApiResult<(i64, Outcome)> {
    let input = normalize(input.clone());
    let (id, before) = match target(
        conn,
        id,
        &input,
        |c| q::sessions::id_of(c, input.edition, &input.key),
        |c, id| Ok(q::sessions::input_form(c, id)?.map(normalize)),
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

fn delete(conn: &mut DbConnection, actor: &Actor, id: i64) -> ApiResult<()> {
    let before =
        q::sessions::input_form(conn, id)?.ok_or_else(|| ApiError::NotFound(format!("session {id} does not exist")))?;
    diesel::delete(sessions::table.find(id)).execute(conn)?;
    let key = format!("{}/{}", before.edition, before.key);
    record(conn, actor, ChangeAction::Delete, "sessions", &key, Some(&before), None)
}

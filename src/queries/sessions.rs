//! Sessions: the programme, with participants and their roles.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{people, session_participants, session_sources, sessions};
use crate::db::{Backend, DbConnection, MultiBackend};
use crate::domain::SessionFormat;
use crate::domain::models::{
    OrganizationRef, Participant, ParticipantInput, PersonRef, PersonSummary, Session, SessionInput,
};
use crate::error::{ApiError, ApiResult};
use crate::queries::paging::Condition;
use crate::queries::search::{Search, Searchable};
use crate::queries::{Page, PageRequest, group_by, organizations as orgs, stored, stored_opt};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub id: i64,
    pub edition: i32,
    pub key: String,
    pub title: String,
    pub track: Option<String>,
    pub format: Option<String>,
    pub date: Option<NaiveDate>,
    pub starts_at: Option<NaiveDateTime>,
    pub ends_at: Option<NaiveDateTime>,
    pub venue: Option<String>,
    pub description: Option<String>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = session_participants)]
pub struct ParticipantRow {
    pub session_id: i64,
    pub person: String,
    pub role: String,
    pub position: Option<String>,
    pub organization: Option<String>,
}

crate::sortable! {
    /// Fields `/sessions` sorts by.
    pub enum SessionSort on sessions for SessionRow {
        Id = "id" => sessions::id: bigint, |r| r.id;
        Edition = "edition" => sessions::edition: int, |r| r.edition;
        Title = "title" => sessions::title: text, |r| &r.title;
        Date = "date" => sessions::date: opt_date, |r| r.date;
        StartsAt = "starts_at" => sessions::starts_at: opt_timestamp, |r| r.starts_at;
        Key = "key" => sessions::key: text, |r| &r.key;
    }
}

#[derive(Debug, Clone, Default)]
pub struct SessionFilter {
    pub editions: Option<Vec<i32>>,
    pub track: Option<String>,
    pub format: Option<SessionFormat>,
    pub person: Option<String>,
    pub organization: Option<String>,
    pub q: Option<String>,
}

/// What a session embeds in full rather than by key.
#[derive(Debug, Clone, Copy, Default)]
pub struct SessionExpand {
    pub participants: bool,
}

/// The fields `/sessions` counts by (`facet=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionFacet {
    Edition,
    Track,
    Format,
}

/// The filters as one condition, usable by paged and grouped queries alike.
fn condition(filter: &SessionFilter, backend: Backend) -> Condition<sessions::table> {
    let mut conditions: Vec<Condition<sessions::table>> = Vec::new();
    if let Some(editions) = &filter.editions {
        conditions.push(Box::new(sessions::edition.eq_any(editions.clone())));
    }
    if let Some(track) = &filter.track {
        conditions.push(Box::new(sessions::track.assume_not_null().eq(track.clone())));
    }
    if let Some(format) = filter.format {
        conditions.push(Box::new(sessions::format.assume_not_null().eq(format.as_str())));
    }
    if let Some(person) = &filter.person {
        let with_person = session_participants::table
            .filter(session_participants::person.eq(person.clone()))
            .select(session_participants::session_id);
        conditions.push(Box::new(sessions::id.eq_any(with_person)));
    }
    if let Some(organization) = &filter.organization {
        let with_organization = session_participants::table
            .filter(session_participants::organization.eq(organization.clone()))
            .select(session_participants::session_id);
        conditions.push(Box::new(sessions::id.eq_any(with_organization)));
    }
    if let Some(q) = &filter.q {
        // A session is found by its own text or by the names of the people and
        // organisations in it (`q=шаронов` finds the sessions Шаронов moderated).
        conditions.push(Search::new(q).matches_or_linked(
            backend,
            Searchable::Sessions,
            &[
                ("session_participants", "session_id", "person", Searchable::People),
                ("session_participants", "session_id", "organization", Searchable::Organizations),
            ],
        ));
    }
    conditions
        .into_iter()
        .reduce(|all, next| Box::new(all.and(next)))
        .unwrap_or_else(|| Box::new(diesel::dsl::sql::<diesel::sql_types::Bool>("1 = 1")))
}

fn filtered(filter: &SessionFilter, backend: Backend) -> sessions::BoxedQuery<'static, MultiBackend> {
    sessions::table.filter(condition(filter, backend)).into_boxed()
}

pub fn count(conn: &mut DbConnection, filter: &SessionFilter) -> ApiResult<i64> {
    Ok(filtered(filter, conn.backend()).count().get_result(conn)?)
}

pub fn list(
    conn: &mut DbConnection,
    filter: &SessionFilter,
    request: &PageRequest<SessionSort>,
    expand: SessionExpand,
) -> ApiResult<Page<Session>> {
    let page = crate::fetch_page!(conn, filtered(filter, conn.backend()), SessionRow, request, SessionSort::Id);
    Ok(Page { rows: assemble(conn, page.rows, expand)?, next: page.next })
}

/// Every matching session, by edition then id (for embedding in editions).
pub fn all(conn: &mut DbConnection, filter: &SessionFilter, expand: SessionExpand) -> ApiResult<Vec<Session>> {
    let rows: Vec<SessionRow> = filtered(filter, conn.backend())
        .order((sessions::edition, sessions::id))
        .select(SessionRow::as_select())
        .load(conn)?;
    assemble(conn, rows, expand)
}

/// How many matching sessions fall under each value of a field.
pub fn facet(
    conn: &mut DbConnection,
    filter: &SessionFilter,
    facet: SessionFacet,
) -> ApiResult<Vec<(serde_json::Value, i64)>> {
    use diesel::dsl::count_star;
    Ok(match facet {
        SessionFacet::Edition => {
            let counts: Vec<(i32, i64)> = sessions::table
                .filter(condition(filter, conn.backend()))
                .group_by(sessions::edition)
                .select((sessions::edition, count_star()))
                .order(sessions::edition)
                .load(conn)?;
            counts.into_iter().map(|(v, n)| (v.into(), n)).collect()
        }
        SessionFacet::Track => {
            let counts: Vec<(Option<String>, i64)> = sessions::table
                .filter(condition(filter, conn.backend()))
                .group_by(sessions::track)
                .select((sessions::track, count_star()))
                // Sessions without a track last, on both backends (their default null order differs).
                .order((sessions::track.is_null(), sessions::track))
                .load(conn)?;
            counts.into_iter().map(|(v, n)| (v.into(), n)).collect()
        }
        SessionFacet::Format => {
            let counts: Vec<(Option<String>, i64)> = sessions::table
                .filter(condition(filter, conn.backend()))
                .group_by(sessions::format)
                .select((sessions::format, count_star()))
                .order((sessions::format.is_null(), sessions::format))
                .load(conn)?;
            counts.into_iter().map(|(v, n)| (v.into(), n)).collect()
        }
    })
}

pub fn find(conn: &mut DbConnection, id: i64, expand: SessionExpand) -> ApiResult<Option<Session>> {
    let row: Option<SessionRow> =
        sessions::table.find(id).select(SessionRow::as_select()).get_result(conn).optional()?;
    Ok(match row {
        Some(row) => assemble(conn, vec![row], expand)?.pop(),
        None => None,
    })
}

pub fn get(conn: &mut DbConnection, id: i64, expand: SessionExpand) -> ApiResult<Session> {
    find(conn, id, expand)?.ok_or_else(|| ApiError::NotFound(format!("session {id} does not exist")))
}

/// The id of the session with this natural key.
pub fn id_of(conn: &mut DbConnection, edition: i32, key: &str) -> ApiResult<Option<i64>> {
    Ok(sessions::table
        .filter(sessions::edition.eq(edition).and(sessions::key.eq(key)))
        .select(sessions::id)
        .get_result(conn)
        .optional()?)
}

/// The session as written (the form PUT takes and the change log records).
pub fn input_form(conn: &mut DbConnection, id: i64) -> ApiResult<Option<SessionInput>> {
    Ok(find(conn, id, SessionExpand::default())?.map(|s| SessionInput {
        edition: s.edition,
        key: s.key,
        title: s.title,
        track: s.track,
        format: s.format,
        date: s.date,
        starts_at: s.starts_at.map(|t| t.fixed_offset()),
        ends_at: s.ends_at.map(|t| t.fixed_offset()),
        venue: s.venue,
        description: s.description,
        notes: s.notes,
        participants: s
            .participants
            .into_iter()
            .map(|p| ParticipantInput {
                person: match p.person {
                    PersonRef::Key(k) => k,
                    PersonRef::Object(o) => o.key,
                },
                role: p.role,
                position: p.position,
                organization: p.organization.map(|o| match o {
                    OrganizationRef::Key(k) => k,
                    OrganizationRef::Object(o) => o.key,
                }),
            })
            .collect(),
        sources: s.sources,
    }))
}

fn assemble(conn: &mut DbConnection, rows: Vec<SessionRow>, expand: SessionExpand) -> ApiResult<Vec<Session>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let participant_rows: Vec<ParticipantRow> = session_participants::table
        .filter(session_participants::session_id.eq_any(&ids))
        .order((session_participants::session_id, session_participants::ordinal))
        .select(ParticipantRow::as_select())
        .load(conn)?;
    let (people_by_key, orgs_by_key) = if expand.participants {
        let mut person_keys: Vec<String> = participant_rows.iter().map(|p| p.person.clone()).collect();
        person_keys.sort();
        person_keys.dedup();
        let mut org_keys: Vec<String> = participant_rows.iter().filter_map(|p| p.organization.clone()).collect();
        org_keys.sort();
        org_keys.dedup();
        let people_rows: Vec<(String, String, Option<String>)> = people::table
            .filter(people::key.eq_any(&person_keys))
            .select((people::key, people::name, people::notes))
            .load(conn)?;
        let people_by_key: HashMap<String, PersonSummary> = people_rows
            .into_iter()
            .map(|(key, name, notes)| (key.clone(), PersonSummary { key, name, notes }))
            .collect();
        (people_by_key, orgs::by_keys(conn, &org_keys)?)
    } else {
        (HashMap::new(), HashMap::new())
    };
    let mut participants: HashMap<i64, Vec<Participant>> = HashMap::new();
    for p in participant_rows {
        let person = match people_by_key.get(&p.person) {
            Some(found) => PersonRef::Object(found.clone()),
            None => PersonRef::Key(p.person),
        };
        let organization = p.organization.map(|key| match orgs_by_key.get(&key) {
            Some(found) => OrganizationRef::Object(found.clone()),
            None => OrganizationRef::Key(key),
        });
        participants.entry(p.session_id).or_default().push(Participant {
            person,
            role: stored(&p.role)?,
            position: p.position,
            organization,
        });
    }
    let links: Vec<(i64, String)> = session_sources::table
        .filter(session_sources::session_id.eq_any(&ids))
        .order((session_sources::session_id, session_sources::source))
        .select((session_sources::session_id, session_sources::source))
        .load(conn)?;
    let mut sources = group_by(links);
    rows.into_iter()
        .map(|r| {
            Ok(Session {
                participants: participants.remove(&r.id).unwrap_or_default(),
                sources: sources.remove(&r.id).unwrap_or_default(),
                format: stored_opt(r.format.as_deref())?,
                starts_at: r.starts_at.map(|t| t.and_utc()),
                ends_at: r.ends_at.map(|t| t.and_utc()),
                id: r.id,
                edition: r.edition,
                key: r.key,
                title: r.title,
                track: r.track,
                date: r.date,
                venue: r.venue,
                description: r.description,
                notes: r.notes,
            })
        })
        .collect()
}

/// A page of sessions, with what they embed, and counts per value of the fields in `facets`.
#[derive(Debug, Clone)]
pub struct SessionListing {
    pub filter: SessionFilter,
    pub expand: SessionExpand,
    pub facets: Vec<(SessionFacet, &'static str)>,
}

impl crate::queries::listing::Listing for SessionListing {
    type Sort = SessionSort;
    type Row = Session;
    const DEFAULT_SORT: &'static [crate::queries::SortKey<SessionSort>] =
        &[crate::queries::SortKey { field: SessionSort::Id, descending: false }];

    fn count(&self, conn: &mut DbConnection) -> ApiResult<i64> {
        count(conn, &self.filter)
    }
    fn page(&self, conn: &mut DbConnection, request: &PageRequest<SessionSort>) -> ApiResult<Page<Session>> {
        list(conn, &self.filter, request, self.expand)
    }
    fn extras(&self, conn: &mut DbConnection) -> ApiResult<crate::queries::listing::Extras> {
        use crate::queries::listing::{Extras, Facet, FacetValue};
        if self.facets.is_empty() {
            return Ok(Extras::default());
        }
        let mut out = Vec::with_capacity(self.facets.len());
        for (field, name) in &self.facets {
            let counts = facet(conn, &self.filter, *field)?;
            let values = counts.into_iter().map(|(value, count)| FacetValue { value, count }).collect();
            out.push(Facet { field: name.to_string(), values });
        }
        Ok(Extras { facets: Some(out), as_of: None })
    }
}

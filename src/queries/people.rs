//! People, and where each appeared: in sessions and outside them, edition by edition.

use std::collections::BTreeMap;

use diesel::prelude::*;

use crate::db::schema::{appearance_sources, appearances, people, session_participants, session_sources, sessions};
use crate::db::{Backend, DbConnection, MultiBackend};
use crate::domain::models::{
    Appearance, AppearanceInput, OrganizationRef, PersonDetail, PersonInput, PersonSummary, SessionRole,
};
use crate::error::{ApiError, ApiResult};
use crate::queries::search::{Search, Searchable};
use crate::queries::{Page, PageRequest, group_by, organizations as orgs, stored};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = people)]
pub struct PersonRow {
    pub id: i64,
    pub key: String,
    pub name: String,
    pub notes: Option<String>,
}

impl From<PersonRow> for PersonSummary {
    fn from(row: PersonRow) -> Self {
        PersonSummary { key: row.key, name: row.name, notes: row.notes }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = appearances)]
struct AppearanceRow {
    id: i64,
    edition: i32,
    position: Option<String>,
    organization: Option<String>,
    notes: Option<String>,
}

crate::sortable! {
    /// Fields `/people` sorts by.
    pub enum PersonSort on people for PersonRow {
        Key = "key" => people::key: text, |r| &r.key;
        Name = "name" => people::name: text, |r| &r.name;
        Id = "id" => people::id: bigint, |r| r.id;
    }
}

#[derive(Debug, Clone, Default)]
pub struct PersonFilter {
    pub q: Option<String>,
    /// People who appeared at this edition, in a session or outside one.
    pub edition: Option<i32>,
    /// People who represented this organisation, in a session or outside one.
    pub organization: Option<String>,
}

fn filtered(filter: &PersonFilter, backend: Backend) -> people::BoxedQuery<'static, MultiBackend> {
    let mut query = people::table.into_boxed();
    if let Some(q) = &filter.q {
        query = query.filter(Search::new(q).matches::<people::table>(backend, Searchable::People));
    }
    if let Some(edition) = filter.edition {
        let appeared = appearances::table.filter(appearances::edition.eq(edition)).select(appearances::person);
        let took_part = session_participants::table
            .inner_join(sessions::table.on(sessions::id.eq(session_participants::session_id)))
            .filter(sessions::edition.eq(edition))
            .select(session_participants::person);
        query = query.filter(people::key.eq_any(appeared).or(people::key.eq_any(took_part)));
    }
    if let Some(organization) = &filter.organization {
        let appeared =
            appearances::table.filter(appearances::organization.eq(organization.clone())).select(appearances::person);
        let took_part = session_participants::table
            .filter(session_participants::organization.eq(organization.clone()))
            .select(session_participants::person);
        query = query.filter(people::key.eq_any(appeared).or(people::key.eq_any(took_part)));
    }
    query
}

pub fn count(conn: &mut DbConnection, filter: &PersonFilter) -> ApiResult<i64> {
    Ok(filtered(filter, conn.backend()).count().get_result(conn)?)
}

pub fn list(
    conn: &mut DbConnection,
    filter: &PersonFilter,
    request: &PageRequest<PersonSort>,
) -> ApiResult<Page<PersonSummary>> {
    let page = crate::fetch_page!(conn, filtered(filter, conn.backend()), PersonRow, request, PersonSort::Id);
    Ok(Page { rows: page.rows.into_iter().map(PersonSummary::from).collect(), next: page.next })
}

fn row(conn: &mut DbConnection, key: &str) -> ApiResult<Option<PersonRow>> {
    Ok(people::table.filter(people::key.eq(key)).select(PersonRow::as_select()).get_result(conn).optional()?)
}

pub fn exists(conn: &mut DbConnection, key: &str) -> ApiResult<bool> {
    Ok(diesel::select(diesel::dsl::exists(people::table.filter(people::key.eq(key)))).get_result(conn)?)
}

pub fn not_found(key: &str) -> ApiError {
    ApiError::NotFound(format!("person `{key}` does not exist"))
}

fn standalone_appearances(conn: &mut DbConnection, key: &str) -> ApiResult<Vec<(AppearanceRow, Vec<String>)>> {
    let rows: Vec<AppearanceRow> = appearances::table
        .filter(appearances::person.eq(key))
        .order(appearances::edition)
        .select(AppearanceRow::as_select())
        .load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let links: Vec<(i64, String)> = appearance_sources::table
        .filter(appearance_sources::appearance_id.eq_any(&ids))
        .order((appearance_sources::appearance_id, appearance_sources::source))
        .select((appearance_sources::appearance_id, appearance_sources::source))
        .load(conn)?;
    let mut sources = group_by(links);
    Ok(rows
        .into_iter()
        .map(|r| {
            let s = sources.remove(&r.id).unwrap_or_default();
            (r, s)
        })
        .collect())
}

/// The person as written: name, notes and appearances outside sessions.
pub fn input_form(conn: &mut DbConnection, key: &str) -> ApiResult<Option<PersonInput>> {
    let Some(person) = row(conn, key)? else { return Ok(None) };
    let appearances = standalone_appearances(conn, key)?
        .into_iter()
        .map(|(a, sources)| AppearanceInput {
            edition: a.edition,
            position: a.position,
            organization: a.organization,
            notes: a.notes,
            sources,
        })
        .collect();
    Ok(Some(PersonInput { key: person.key, name: person.name, notes: person.notes, appearances }))
}

/// Every appearance of the person, one per edition, oldest first: the position and
/// organisation they held then (from the appearance, else from a session), their sessions
/// and the sources.
pub fn get(conn: &mut DbConnection, key: &str) -> ApiResult<PersonDetail> {
    let person = row(conn, key)?.ok_or_else(|| not_found(key))?;
    let standalone = standalone_appearances(conn, key)?;
    #[allow(clippy::type_complexity)]
    let participations: Vec<(i64, i32, String, String, String, Option<String>, Option<String>)> =
        session_participants::table
            .inner_join(sessions::table.on(sessions::id.eq(session_participants::session_id)))
            .filter(session_participants::person.eq(key))
            .order((sessions::edition, sessions::id))
            .select((
                sessions::id,
                sessions::edition,
                sessions::key,
                sessions::title,
                session_participants::role,
                session_participants::position,
                session_participants::organization,
            ))
            .load(conn)?;
    let session_ids: Vec<i64> = participations.iter().map(|p| p.0).collect();
    let session_links: Vec<(i64, String)> = session_sources::table
        .filter(session_sources::session_id.eq_any(&session_ids))
        .select((session_sources::session_id, session_sources::source))
        .load(conn)?;
    let session_sources_by_id = group_by(session_links);

    let mut by_edition: BTreeMap<i32, Appearance> = BTreeMap::new();
    for (a, sources) in standalone {
        by_edition.insert(
            a.edition,
            Appearance {
                edition: a.edition,
                position: a.position,
                organization: a.organization.map(OrganizationRef::Key),
                notes: a.notes,
                sessions: Vec::new(),
                sources,
            },
        );
    }
    for (id, edition, session_key, title, role, position, organization) in participations {
        let entry = by_edition.entry(edition).or_insert_with(|| Appearance {
            edition,
            position: None,
            organization: None,
            notes: None,
            sessions: Vec::new(),
            sources: Vec::new(),
        });
        if entry.position.is_none() {
            entry.position = position;
        }
        if entry.organization.is_none() {
            entry.organization = organization.map(OrganizationRef::Key);
        }
        entry.sessions.push(SessionRole { id, key: session_key, title, role: stored(&role)? });
        for source in session_sources_by_id.get(&id).into_iter().flatten() {
            if !entry.sources.contains(source) {
                entry.sources.push(source.clone());
            }
        }
    }
    // Organisations in full: a person's page is read on its own.
    let mut org_keys: Vec<String> = by_edition
        .values()
        .filter_map(|a| match &a.organization {
            Some(OrganizationRef::Key(k)) => Some(k.clone()),
            _ => None,
        })
        .collect();
    org_keys.sort();
    org_keys.dedup();
    let found = orgs::by_keys(conn, &org_keys)?;
    let mut appearances: Vec<Appearance> = by_edition.into_values().collect();
    for appearance in &mut appearances {
        appearance.sources.sort();
        if let Some(OrganizationRef::Key(k)) = &appearance.organization
            && let Some(org) = found.get(k)
        {
            appearance.organization = Some(OrganizationRef::Object(org.clone()));
        }
    }
    Ok(PersonDetail { key: person.key, name: person.name, notes: person.notes, appearances })
}

impl crate::queries::listing::Listing for PersonFilter {
    type Sort = PersonSort;
    type Row = PersonSummary;
    const DEFAULT_SORT: &'static [crate::queries::SortKey<PersonSort>] =
        &[crate::queries::SortKey { field: PersonSort::Key, descending: false }];

    fn count(&self, conn: &mut DbConnection) -> ApiResult<i64> {
        count(conn, self)
    }
    fn page(&self, conn: &mut DbConnection, request: &PageRequest<PersonSort>) -> ApiResult<Page<PersonSummary>> {
        list(conn, self, request)
    }
}

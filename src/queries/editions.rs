//! Editions: one forum each, known by its year.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::schema::{edition_organizations, edition_sources, editions};
use crate::db::{Backend, DbConnection, MultiBackend};
use crate::domain::EditionFormat;
use crate::domain::models::{Edition, EditionInput};
use crate::error::{ApiError, ApiResult};
use crate::queries::search::{Search, Searchable};
use crate::queries::sessions::{self, SessionExpand, SessionFilter};
use crate::queries::{Page, PageRequest, group_by, stored_opt, tracks};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = editions)]
pub struct EditionRow {
    pub id: i64,
    pub year: i32,
    pub number: Option<i32>,
    pub title: String,
    pub theme: Option<String>,
    pub city: String,
    pub venue: Option<String>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub format: Option<String>,
    pub notes: Option<String>,
}

crate::sortable! {
    /// Fields `/editions` sorts by.
    pub enum EditionSort on editions for EditionRow {
        Year = "year" => editions::year: int, |r| r.year;
        Number = "number" => editions::number: opt_int, |r| r.number;
        Title = "title" => editions::title: text, |r| &r.title;
        StartsOn = "starts_on" => editions::starts_on: opt_date, |r| r.starts_on;
        Id = "id" => editions::id: bigint, |r| r.id;
    }
}

#[derive(Debug, Clone, Default)]
pub struct EditionFilter {
    pub q: Option<String>,
    pub format: Option<EditionFormat>,
    pub from: Option<i32>,
    pub to: Option<i32>,
}

/// What an edition embeds besides its own fields.
#[derive(Debug, Clone, Copy, Default)]
pub struct EditionExpand {
    pub tracks: bool,
    pub sessions: bool,
}

fn filtered(filter: &EditionFilter, backend: Backend) -> editions::BoxedQuery<'static, MultiBackend> {
    let mut query = editions::table.into_boxed();
    if let Some(q) = &filter.q {
        query = query.filter(Search::new(q).matches::<editions::table>(backend, Searchable::Editions));
    }
    if let Some(format) = filter.format {
        query = query.filter(editions::format.eq(format.as_str()));
    }
    if let Some(from) = filter.from {
        query = query.filter(editions::year.ge(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(editions::year.le(to));
    }
    query
}

pub fn count(conn: &mut DbConnection, filter: &EditionFilter) -> ApiResult<i64> {
    Ok(filtered(filter, conn.backend()).count().get_result(conn)?)
}

pub fn list(
    conn: &mut DbConnection,
    filter: &EditionFilter,
    request: &PageRequest<EditionSort>,
    expand: EditionExpand,
) -> ApiResult<Page<Edition>> {
    let page = crate::fetch_page!(conn, filtered(filter, conn.backend()), EditionRow, request, EditionSort::Id);
    Ok(Page { rows: assemble(conn, page.rows, expand)?, next: page.next })
}

pub fn find(conn: &mut DbConnection, year: i32, expand: EditionExpand) -> ApiResult<Option<Edition>> {
    let row: Option<EditionRow> =
        editions::table.filter(editions::year.eq(year)).select(EditionRow::as_select()).get_result(conn).optional()?;
    Ok(match row {
        Some(row) => assemble(conn, vec![row], expand)?.pop(),
        None => None,
    })
}

pub fn get(conn: &mut DbConnection, year: i32, expand: EditionExpand) -> ApiResult<Edition> {
    find(conn, year, expand)?.ok_or_else(|| not_found(year))
}

pub fn not_found(year: i32) -> ApiError {
    ApiError::NotFound(format!("edition {year} does not exist"))
}

pub fn exists(conn: &mut DbConnection, year: i32) -> ApiResult<bool> {
    Ok(diesel::select(diesel::dsl::exists(editions::table.filter(editions::year.eq(year)))).get_result(conn)?)
}

/// The years of every edition, oldest first.
pub fn years(conn: &mut DbConnection, from: Option<i32>, to: Option<i32>) -> ApiResult<Vec<i32>> {
    let filter = EditionFilter { from, to, ..Default::default() };
    Ok(filtered(&filter, conn.backend()).order(editions::year).select(editions::year).load(conn)?)
}

/// The edition held before `year`, if any.
pub fn previous_year(conn: &mut DbConnection, year: i32) -> ApiResult<Option<i32>> {
    Ok(editions::table.filter(editions::year.lt(year)).select(diesel::dsl::max(editions::year)).get_result(conn)?)
}

/// The edition as written (the form PUT takes and the change log records).
pub fn input_form(conn: &mut DbConnection, year: i32) -> ApiResult<Option<EditionInput>> {
    Ok(find(conn, year, EditionExpand::default())?.map(|e| EditionInput {
        year: e.year,
        number: e.number,
        title: e.title,
        theme: e.theme,
        city: e.city,
        venue: e.venue,
        starts_on: e.starts_on,
        ends_on: e.ends_on,
        format: e.format,
        organizers: e.organizers,
        partner_cities: e.partner_cities,
        notes: e.notes,
        sources: e.sources,
    }))
}

fn assemble(conn: &mut DbConnection, rows: Vec<EditionRow>, expand: EditionExpand) -> ApiResult<Vec<Edition>> {
    let years: Vec<i32> = rows.iter().map(|r| r.year).collect();
    let organisations: Vec<(i32, String, String)> = edition_organizations::table
        .filter(edition_organizations::edition.eq_any(&years))
        .order((edition_organizations::edition, edition_organizations::ordinal))
        .select((edition_organizations::edition, edition_organizations::role, edition_organizations::organization))
        .load(conn)?;
    let mut organizers =
        group_by(organisations.iter().filter(|(_, role, _)| role == "organizer").map(|(y, _, k)| (*y, k.clone())));
    let mut partners =
        group_by(organisations.iter().filter(|(_, role, _)| role == "partner_city").map(|(y, _, k)| (*y, k.clone())));
    let links: Vec<(i32, String)> = edition_sources::table
        .filter(edition_sources::edition.eq_any(&years))
        .order((edition_sources::edition, edition_sources::source))
        .select((edition_sources::edition, edition_sources::source))
        .load(conn)?;
    let mut sources = group_by(links);
    let mut tracks = if expand.tracks {
        Some(group_by(tracks::of_editions(conn, &years)?.into_iter().map(|t| (t.edition, t))))
    } else {
        None
    };
    let mut sessions = if expand.sessions {
        let filter = SessionFilter { editions: Some(years.clone()), ..Default::default() };
        let all = sessions::all(conn, &filter, SessionExpand::default())?;
        Some(group_by(all.into_iter().map(|s| (s.edition, s))))
    } else {
        None
    };
    rows.into_iter()
        .map(|r| {
            Ok(Edition {
                format: stored_opt(r.format.as_deref())?,
                organizers: organizers.remove(&r.year).unwrap_or_default(),
                partner_cities: partners.remove(&r.year).unwrap_or_default(),
                sources: sources.remove(&r.year).unwrap_or_default(),
                tracks: tracks.as_mut().map(|t| t.remove(&r.year).unwrap_or_default()),
                sessions: sessions.as_mut().map(|s| s.remove(&r.year).unwrap_or_default()),
                year: r.year,
                number: r.number,
                title: r.title,
                theme: r.theme,
                city: r.city,
                venue: r.venue,
                starts_on: r.starts_on,
                ends_on: r.ends_on,
                notes: r.notes,
            })
        })
        .collect()
}

/// A page of editions, with what they embed.
#[derive(Debug, Clone)]
pub struct EditionListing {
    pub filter: EditionFilter,
    pub expand: EditionExpand,
}

impl crate::queries::listing::Listing for EditionListing {
    type Sort = EditionSort;
    type Row = Edition;
    const DEFAULT_SORT: &'static [crate::queries::SortKey<EditionSort>] =
        &[crate::queries::SortKey { field: EditionSort::Year, descending: false }];

    fn count(&self, conn: &mut DbConnection) -> ApiResult<i64> {
        count(conn, &self.filter)
    }
    fn page(&self, conn: &mut DbConnection, request: &PageRequest<EditionSort>) -> ApiResult<Page<Edition>> {
        list(conn, &self.filter, request, self.expand)
    }
}

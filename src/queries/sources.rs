//! Sources: the documents figures come from.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::schema::sources;
use crate::db::{Backend, DbConnection, MultiBackend};
use crate::domain::models::Source;
use crate::error::{ApiError, ApiResult};
use crate::queries::search::{Search, Searchable};
use crate::queries::{Page, PageRequest};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sources)]
pub struct SourceRow {
    pub id: i64,
    pub key: String,
    pub title: String,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub published_on: Option<NaiveDate>,
    pub language: String,
    pub notes: Option<String>,
    pub published_in: Option<String>,
}

impl From<SourceRow> for Source {
    fn from(row: SourceRow) -> Self {
        Source {
            key: row.key,
            title: row.title,
            publisher: row.publisher,
            url: row.url,
            published_on: row.published_on,
            // Written only through `Period`, so what is stored parses.
            published_in: row.published_in.and_then(|p| p.parse().ok()),
            language: row.language,
            notes: row.notes,
        }
    }
}

crate::sortable! {
    /// Fields `/sources` sorts by.
    pub enum SourceSort on sources for SourceRow {
        Key = "key" => sources::key: text, |r| &r.key;
        Title = "title" => sources::title: text, |r| &r.title;
        Publisher = "publisher" => sources::publisher: opt_text, |r| r.publisher.as_ref();
        PublishedOn = "published_on" => sources::published_on: opt_date, |r| r.published_on;
        Id = "id" => sources::id: bigint, |r| r.id;
    }
}

#[derive(Debug, Clone, Default)]
pub struct SourceFilter {
    pub q: Option<String>,
    pub publisher: Option<String>,
    pub language: Option<String>,
}

fn filtered(filter: &SourceFilter, backend: Backend) -> sources::BoxedQuery<'static, MultiBackend> {
    let mut query = sources::table.into_boxed();
    if let Some(q) = &filter.q {
        query = query.filter(Search::new(q).matches::<sources::table>(backend, Searchable::Sources));
    }
    if let Some(publisher) = &filter.publisher {
        query = query.filter(sources::publisher.eq(publisher.clone()));
    }
    if let Some(language) = &filter.language {
        query = query.filter(sources::language.eq(language.clone()));
    }
    query
}

pub fn count(conn: &mut DbConnection, filter: &SourceFilter) -> ApiResult<i64> {
    Ok(filtered(filter, conn.backend()).count().get_result(conn)?)
}

pub fn list(
    conn: &mut DbConnection,
    filter: &SourceFilter,
    request: &PageRequest<SourceSort>,
) -> ApiResult<Page<Source>> {
    let page = crate::fetch_page!(conn, filtered(filter, conn.backend()), SourceRow, request, SourceSort::Id);
    Ok(Page { rows: page.rows.into_iter().map(Source::from).collect(), next: page.next })
}

pub fn find(conn: &mut DbConnection, key: &str) -> ApiResult<Option<Source>> {
    Ok(sources::table
        .filter(sources::key.eq(key))
        .select(SourceRow::as_select())
        .get_result(conn)
        .optional()?
        .map(Source::from))
}

pub fn get(conn: &mut DbConnection, key: &str) -> ApiResult<Source> {
    find(conn, key)?.ok_or_else(|| ApiError::NotFound(format!("source `{key}` does not exist")))
}

/// The sources with these keys, by key.
pub fn by_keys(conn: &mut DbConnection, keys: &[String]) -> ApiResult<std::collections::HashMap<String, Source>> {
    if keys.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<SourceRow> =
        sources::table.filter(sources::key.eq_any(keys)).select(SourceRow::as_select()).load(conn)?;
    Ok(rows.into_iter().map(|r| (r.key.clone(), Source::from(r))).collect())
}

impl crate::queries::listing::Listing for SourceFilter {
    type Sort = SourceSort;
    type Row = Source;
    const DEFAULT_SORT: &'static [crate::queries::SortKey<SourceSort>] =
        &[crate::queries::SortKey { field: SourceSort::Key, descending: false }];

    fn count(&self, conn: &mut DbConnection) -> ApiResult<i64> {
        count(conn, self)
    }
    fn page(&self, conn: &mut DbConnection, request: &PageRequest<SourceSort>) -> ApiResult<Page<Source>> {
        list(conn, self, request)
    }
}

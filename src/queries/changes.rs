//! The change log: every create, update and delete, by whom and when.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::changes;
use crate::db::{DbConnection, MultiBackend};
use crate::domain::ChangeAction;
use crate::domain::models::Change;
use crate::error::{ApiError, ApiResult};
use crate::queries::{Page, PageRequest, stored};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = changes)]
pub struct ChangeRow {
    pub id: i64,
    pub at: NaiveDateTime,
    pub token: Option<String>,
    pub action: String,
    pub resource: String,
    pub resource_key: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl TryFrom<ChangeRow> for Change {
    type Error = ApiError;
    fn try_from(row: ChangeRow) -> ApiResult<Self> {
        let parse = |text: Option<String>| -> ApiResult<Option<serde_json::Value>> {
            text.map(|t| serde_json::from_str(&t).map_err(ApiError::internal)).transpose()
        };
        Ok(Change {
            id: row.id,
            at: row.at.and_utc(),
            token: row.token,
            action: stored(&row.action)?,
            resource: row.resource,
            key: row.resource_key,
            before: parse(row.before)?,
            after: parse(row.after)?,
        })
    }
}

crate::sortable! {
    /// Fields `/changes` sorts by (oldest first by default).
    pub enum ChangeSort on changes for ChangeRow {
        Id = "id" => changes::id: bigint, |r| r.id;
        At = "at" => changes::at: timestamp, |r| r.at;
    }
}

#[derive(Debug, Clone, Default)]
pub struct ChangeFilter {
    /// Changes at or after this instant (UTC).
    pub since: Option<NaiveDateTime>,
    pub resource: Option<String>,
    pub token: Option<String>,
    pub action: Option<ChangeAction>,
}

fn filtered(filter: &ChangeFilter) -> changes::BoxedQuery<'static, MultiBackend> {
    let mut query = changes::table.into_boxed();
    if let Some(since) = filter.since {
        query = query.filter(changes::at.ge(since));
    }
    if let Some(resource) = &filter.resource {
        query = query.filter(changes::resource.eq(resource.clone()));
    }
    if let Some(token) = &filter.token {
        query = query.filter(changes::token.eq(token.clone()));
    }
    if let Some(action) = filter.action {
        query = query.filter(changes::action.eq(action.as_str()));
    }
    query
}

pub fn count(conn: &mut DbConnection, filter: &ChangeFilter) -> ApiResult<i64> {
    Ok(filtered(filter).count().get_result(conn)?)
}

pub fn list(
    conn: &mut DbConnection,
    filter: &ChangeFilter,
    request: &PageRequest<ChangeSort>,
) -> ApiResult<Page<Change>> {
    let page = crate::fetch_page!(conn, filtered(filter), ChangeRow, request, ChangeSort::Id);
    Ok(Page { rows: page.rows.into_iter().map(Change::try_from).collect::<ApiResult<_>>()?, next: page.next })
}

impl crate::queries::listing::Listing for ChangeFilter {
    type Sort = ChangeSort;
    type Row = Change;
    const DEFAULT_SORT: &'static [crate::queries::SortKey<ChangeSort>] =
        &[crate::queries::SortKey { field: ChangeSort::Id, descending: false }];

    fn count(&self, conn: &mut DbConnection) -> ApiResult<i64> {
        count(conn, self)
    }
    fn page(&self, conn: &mut DbConnection, request: &PageRequest<ChangeSort>) -> ApiResult<Page<Change>> {
        list(conn, self, request)
    }
}

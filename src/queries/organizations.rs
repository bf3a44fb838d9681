//! Organisations: companies, ministries, municipalities, associations…

use diesel::prelude::*;

use crate::db::schema::organizations;
use crate::db::{Backend, DbConnection, MultiBackend};
use crate::domain::OrganizationKind;
use crate::domain::models::Organization;
use crate::error::{ApiError, ApiResult};
use crate::queries::search::{Search, Searchable};
use crate::queries::{Page, PageRequest, stored};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = organizations)]
pub struct OrganizationRow {
    pub id: i64,
    pub key: String,
    pub name: String,
    pub kind: String,
    pub city: Option<String>,
    pub region: Option<String>,
    pub notes: Option<String>,
}

impl TryFrom<OrganizationRow> for Organization {
    type Error = ApiError;
    fn try_from(row: OrganizationRow) -> ApiResult<Self> {
        Ok(Organization {
            key: row.key,
            name: row.name,
            kind: stored(&row.kind)?,
            city: row.city,
            region: row.region,
            notes: row.notes,
        })
    }
}

crate::sortable! {
    /// Fields `/organizations` sorts by.
    pub enum OrganizationSort on organizations for OrganizationRow {
        Key = "key" => organizations::key: text, |r| &r.key;
        Name = "name" => organizations::name: text, |r| &r.name;
        Kind = "kind" => organizations::kind: text, |r| &r.kind;
        City = "city" => organizations::city: opt_text, |r| r.city.as_ref();
        Id = "id" => organizations::id: bigint, |r| r.id;
    }
}

#[derive(Debug, Clone, Default)]
pub struct OrganizationFilter {
    pub q: Option<String>,
    pub kind: Option<OrganizationKind>,
    pub city: Option<String>,
}

fn filtered(filter: &OrganizationFilter, backend: Backend) -> organizations::BoxedQuery<'static, MultiBackend> {
    let mut query = organizations::table.into_boxed();
    if let Some(q) = &filter.q {
        query = query.filter(Search::new(q).matches::<organizations::table>(backend, Searchable::Organizations));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(organizations::kind.eq(kind.as_str()));
    }
    if let Some(city) = &filter.city {
        query = query.filter(organizations::city.eq(city.clone()));
    }
    query
}

pub fn count(conn: &mut DbConnection, filter: &OrganizationFilter) -> ApiResult<i64> {
    Ok(filtered(filter, conn.backend()).count().get_result(conn)?)
}

pub fn list(
    conn: &mut DbConnection,
    filter: &OrganizationFilter,
    request: &PageRequest<OrganizationSort>,
) -> ApiResult<Page<Organization>> {
    let page =
        crate::fetch_page!(conn, filtered(filter, conn.backend()), OrganizationRow, request, OrganizationSort::Id);
    Ok(Page { rows: page.rows.into_iter().map(Organization::try_from).collect::<ApiResult<_>>()?, next: page.next })
}

pub fn find(conn: &mut DbConnection, key: &str) -> ApiResult<Option<Organization>> {
    organizations::table
        .filter(organizations::key.eq(key))
        .select(OrganizationRow::as_select())
        .get_result(conn)
        .optional()?
        .map(Organization::try_from)
        .transpose()
}

pub fn get(conn: &mut DbConnection, key: &str) -> ApiResult<Organization> {
    find(conn, key)?.ok_or_else(|| ApiError::NotFound(format!("organization `{key}` does not exist")))
}

/// The organisations with these keys, by key.
pub fn by_keys(conn: &mut DbConnection, keys: &[String]) -> ApiResult<std::collections::HashMap<String, Organization>> {
    if keys.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<OrganizationRow> =
        organizations::table.filter(organizations::key.eq_any(keys)).select(OrganizationRow::as_select()).load(conn)?;
    rows.into_iter().map(|r| Ok((r.key.clone(), Organization::try_from(r)?))).collect()
}

impl crate::queries::listing::Listing for OrganizationFilter {
    type Sort = OrganizationSort;
    type Row = Organization;
    const DEFAULT_SORT: &'static [crate::queries::SortKey<OrganizationSort>] =
        &[crate::queries::SortKey { field: OrganizationSort::Key, descending: false }];

    fn count(&self, conn: &mut DbConnection) -> ApiResult<i64> {
        count(conn, self)
    }
    fn page(&self, conn: &mut DbConnection, request: &PageRequest<OrganizationSort>) -> ApiResult<Page<Organization>> {
        list(conn, self, request)
    }
}

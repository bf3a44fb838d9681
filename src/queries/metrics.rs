//! Metrics: what is counted.

use diesel::prelude::*;

use crate::db::schema::metrics;
use crate::db::{Backend, DbConnection, MultiBackend};
use crate::domain::models::Metric;
use crate::error::{ApiError, ApiResult};
use crate::queries::search::{Search, Searchable};
use crate::queries::{Page, PageRequest};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = metrics)]
pub struct MetricRow {
    pub id: i64,
    pub code: String,
    pub label_ru: String,
    pub label_en: String,
    pub unit: String,
    pub description: String,
}

impl From<MetricRow> for Metric {
    fn from(row: MetricRow) -> Self {
        Metric {
            code: row.code,
            label_ru: row.label_ru,
            label_en: row.label_en,
            unit: row.unit,
            description: row.description,
        }
    }
}

crate::sortable! {
    /// Fields `/metrics` sorts by.
    pub enum MetricSort on metrics for MetricRow {
        Code = "code" => metrics::code: text, |r| &r.code;
        LabelEn = "label_en" => metrics::label_en: text, |r| &r.label_en;
        LabelRu = "label_ru" => metrics::label_ru: text, |r| &r.label_ru;
        Id = "id" => metrics::id: bigint, |r| r.id;
    }
}

#[derive(Debug, Clone, Default)]
pub struct MetricFilter {
    pub q: Option<String>,
    pub unit: Option<String>,
}

fn filtered(filter: &MetricFilter, backend: Backend) -> metrics::BoxedQuery<'static, MultiBackend> {
    let mut query = metrics::table.into_boxed();
    if let Some(q) = &filter.q {
        query = query.filter(Search::new(q).matches::<metrics::table>(backend, Searchable::Metrics));
    }
    if let Some(unit) = &filter.unit {
        query = query.filter(metrics::unit.eq(unit.clone()));
    }
    query
}

pub fn count(conn: &mut DbConnection, filter: &MetricFilter) -> ApiResult<i64> {
    Ok(filtered(filter, conn.backend()).count().get_result(conn)?)
}

pub fn list(
    conn: &mut DbConnection,
    filter: &MetricFilter,
    request: &PageRequest<MetricSort>,
) -> ApiResult<Page<Metric>> {
    let page = crate::fetch_page!(conn, filtered(filter, conn.backend()), MetricRow, request, MetricSort::Id);
    Ok(Page { rows: page.rows.into_iter().map(Metric::from).collect(), next: page.next })
}

pub fn find(conn: &mut DbConnection, code: &str) -> ApiResult<Option<Metric>> {
    Ok(metrics::table
        .filter(metrics::code.eq(code))
        .select(MetricRow::as_select())
        .get_result(conn)
        .optional()?
        .map(Metric::from))
}

pub fn get(conn: &mut DbConnection, code: &str) -> ApiResult<Metric> {
    find(conn, code)?.ok_or_else(|| ApiError::NotFound(format!("metric `{code}` does not exist")))
}

/// The metrics with these codes, by code.
pub fn by_codes(conn: &mut DbConnection, codes: &[String]) -> ApiResult<std::collections::HashMap<String, Metric>> {
    if codes.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<MetricRow> =
        metrics::table.filter(metrics::code.eq_any(codes)).select(MetricRow::as_select()).load(conn)?;
    Ok(rows.into_iter().map(|r| (r.code.clone(), Metric::from(r))).collect())
}

impl crate::queries::listing::Listing for MetricFilter {
    type Sort = MetricSort;
    type Row = Metric;
    const DEFAULT_SORT: &'static [crate::queries::SortKey<MetricSort>] =
        &[crate::queries::SortKey { field: MetricSort::Code, descending: false }];

    fn count(&self, conn: &mut DbConnection) -> ApiResult<i64> {
        count(conn, self)
    }
    fn page(&self, conn: &mut DbConnection, request: &PageRequest<MetricSort>) -> ApiResult<Page<Metric>> {
        list(conn, self, request)
    }
}

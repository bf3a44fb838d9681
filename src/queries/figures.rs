//! Figures: every reported value with its source, and the headlines chosen among them.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::schema::figures;
use crate::db::{DbConnection, MultiBackend};
use crate::domain::headline::{self, Delta, FigureFacts, Resolution, Resolve};
use crate::domain::models::{Figure, FigureInput, Metric, MetricHeadline, Source, SourceRef, ValueRef};
use crate::domain::views::AsOf;
use crate::domain::{FigureStatus, Qualifier};
use crate::error::{ApiError, ApiResult};
use crate::queries::{Limit, Page, PageRequest, metrics, sources, stored, stored_opt};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = figures)]
pub struct FigureRow {
    pub id: i64,
    pub key: Option<String>,
    pub edition: i32,
    pub metric: String,
    pub source: String,
    pub value: f64,
    pub qualifier: String,
    pub status: String,
    pub reported_on: Option<NaiveDate>,
    pub quote: Option<String>,
    pub attributed_to: Option<String>,
    pub notes: Option<String>,
    pub value_from: Option<f64>,
    pub reported_in: Option<String>,
    pub counted_from: Option<NaiveDate>,
}

impl FigureRow {
    pub(super) fn facts(&self) -> ApiResult<FigureFacts> {
        Ok(FigureFacts {
            id: self.id,
            value: self.value,
            value_from: self.value_from,
            qualifier: stored(&self.qualifier)?,
            status: stored(&self.status)?,
            reported_on: self.reported_on,
        })
    }

    fn into_figure(self, source: Option<&Source>) -> ApiResult<Figure> {
        Ok(Figure {
            qualifier: stored(&self.qualifier)?,
            status: stored(&self.status)?,
            source: match source {
                Some(s) => SourceRef::Object(s.clone()),
                None => SourceRef::Key(self.source),
            },
            reported_in: stored_opt(self.reported_in.as_deref())?,
            id: self.id,
            key: self.key,
            edition: self.edition,
            metric: self.metric,
            value: self.value,
            value_from: self.value_from,
            reported_on: self.reported_on,
            quote: self.quote,
            attributed_to: self.attributed_to,
            notes: self.notes,
        })
    }

    fn value_ref(&self) -> ApiResult<ValueRef> {
        Ok(ValueRef {
            figure_id: self.id,
            value: self.value,
            value_from: self.value_from,
            qualifier: stored(&self.qualifier)?,
            status: stored(&self.status)?,
            reported_on: self.reported_on,
            source: self.source.clone(),
        })
    }
}

crate::sortable! {
    /// Fields `/figures` sorts by.
    pub enum FigureSort on figures for FigureRow {
        Id = "id" => figures::id: bigint, |r| r.id;
        Edition = "edition" => figures::edition: int, |r| r.edition;
        Metric = "metric" => figures::metric: text, |r| &r.metric;
        Value = "value" => figures::value: float, |r| r.value;
        ReportedOn = "reported_on" => figures::reported_on: opt_date, |r| r.reported_on;
        Source = "source" => figures::source: text, |r| &r.source;
    }
}

#[derive(Debug, Clone, Default)]
pub struct FigureFilter {
    pub edition: Option<i32>,
    pub metric: Option<String>,
    pub status: Option<FigureStatus>,
    pub source: Option<String>,
    pub qualifier: Option<Qualifier>,
    /// Only figures reported on or before this date.
    pub as_of: Option<NaiveDate>,
}

/// The filter's figures, leaving `as_of` aside.
fn scoped(filter: &FigureFilter) -> figures::BoxedQuery<'static, MultiBackend> {
    let mut query = figures::table.into_boxed();
    if let Some(edition) = filter.edition {
        query = query.filter(figures::edition.eq(edition));
    }
    if let Some(metric) = &filter.metric {
        query = query.filter(figures::metric.eq(metric.clone()));
    }
    if let Some(status) = filter.status {
        query = query.filter(figures::status.eq(status.as_str()));
    }
    if let Some(source) = &filter.source {
        query = query.filter(figures::source.eq(source.clone()));
    }
    if let Some(qualifier) = filter.qualifier {
        query = query.filter(figures::qualifier.eq(qualifier.as_str()));
    }
    query
}

fn filtered(filter: &FigureFilter) -> figures::BoxedQuery<'static, MultiBackend> {
    match filter.as_of {
        Some(date) => scoped(filter).filter(figures::counted_from.le(date)),
        None => scoped(filter),
    }
}

/// With `as_of`: how many of the filter's figures the date leaves out, and why.
pub fn left_out(conn: &mut DbConnection, filter: &FigureFilter) -> ApiResult<Option<AsOf>> {
    let Some(date) = filter.as_of else { return Ok(None) };
    let undated: i64 = scoped(filter).filter(figures::counted_from.is_null()).count().get_result(conn)?;
    let later: i64 = scoped(filter).filter(figures::counted_from.gt(date)).count().get_result(conn)?;
    let (undated, reported_later) = (undated as usize, later as usize);
    Ok(Some(AsOf { date, left_out: undated + reported_later, undated, reported_later }))
}

pub fn count(conn: &mut DbConnection, filter: &FigureFilter) -> ApiResult<i64> {
    Ok(filtered(filter).count().get_result(conn)?)
}

/// A page of figures; with `expand_source` each carries its source object.
pub fn list(
    conn: &mut DbConnection,
    filter: &FigureFilter,
    request: &PageRequest<FigureSort>,
    expand_source: bool,
) -> ApiResult<Page<Figure>> {
    let page = crate::fetch_page!(conn, filtered(filter), FigureRow, request, FigureSort::Id);
    Ok(Page { rows: with_sources(conn, page.rows, expand_source)?, next: page.next })
}

fn with_sources(conn: &mut DbConnection, rows: Vec<FigureRow>, expand: bool) -> ApiResult<Vec<Figure>> {
    let by_key =
        if expand { sources::by_keys(conn, &distinct(rows.iter().map(|r| r.source.clone())))? } else { HashMap::new() };
    rows.into_iter()
        .map(|r| {
            let source = by_key.get(&r.source).cloned();
            r.into_figure(source.as_ref())
        })
        .collect()
}

pub(super) fn distinct(keys: impl Iterator<Item = String>) -> Vec<String> {
    let mut keys: Vec<String> = keys.collect();
    keys.sort();
    keys.dedup();
    keys
}

pub fn find(conn: &mut DbConnection, id: i64, expand_source: bool) -> ApiResult<Option<Figure>> {
    let row: Option<FigureRow> = figures::table.find(id).select(FigureRow::as_select()).get_result(conn).optional()?;
    Ok(match row {
        Some(row) => with_sources(conn, vec![row], expand_source)?.pop(),
        None => None,
    })
}

pub fn get(conn: &mut DbConnection, id: i64, expand_source: bool) -> ApiResult<Figure> {
    find(conn, id, expand_source)?.ok_or_else(|| ApiError::NotFound(format!("figure {id} does not exist")))
}

/// The id of the figure with this natural key: its `key` if it has one, else its
/// (edition, metric, source, status, value).
pub fn id_of(conn: &mut DbConnection, input: &FigureInput) -> ApiResult<Option<i64>> {
    let query = figures::table.select(figures::id).into_boxed();
    let query = match &input.key {
        Some(key) => query.filter(figures::key.eq(key.clone())),
        None => query
            .filter(figures::edition.eq(input.edition))
            .filter(figures::metric.eq(input.metric.clone()))
            .filter(figures::source.eq(input.source.clone()))
            .filter(figures::status.eq(input.status.as_str()))
            .filter(figures::value.eq(input.value)),
    };
    Ok(query.get_result(conn).optional()?)
}

/// The figure as written (the form PUT takes and the change log records).
pub fn input_form(conn: &mut DbConnection, id: i64) -> ApiResult<Option<FigureInput>> {
    let row: Option<FigureRow> = figures::table.find(id).select(FigureRow::as_select()).get_result(conn).optional()?;
    row.map(|r| {
        Ok(FigureInput {
            qualifier: stored(&r.qualifier)?,
            status: stored(&r.status)?,
            reported_in: stored_opt(r.reported_in.as_deref())?,
            key: r.key,
            edition: r.edition,
            metric: r.metric,
            value: r.value,
            value_from: r.value_from,
            source: r.source,
            reported_on: r.reported_on,
            quote: r.quote,
            attributed_to: r.attributed_to,
            notes: r.notes,
        })
    })
    .transpose()
}

/// What `/editions/{year}/figures` asks for.
#[derive(Debug, Clone)]
pub struct HeadlineRequest {
    pub edition: i32,
    pub metric: Option<String>,
    pub status: Option<FigureStatus>,
    pub resolve: Resolve,
    /// Only figures reported on or before this date count.
    pub as_of: Option<NaiveDate>,
    /// Start after this metric code (the page cursor).
    pub after_metric: Option<String>,
    pub limit: Limit,
}

/// A page of headlines: `next` is the metric code to continue after; `as_of` tallies what the
/// date left out among the figures of this page's metrics.
pub struct Headlines {
    pub rows: Vec<MetricHeadline>,
    pub next: Option<String>,
    pub as_of: Option<AsOf>,
}

/// The rows that count as of a date (all, without one), the rest tallied in `as_of`.
pub(super) fn counted(rows: Vec<FigureRow>, as_of: &mut Option<AsOf>) -> Vec<FigureRow> {
    match as_of {
        Some(tally) => rows.into_iter().filter(|r| tally.admits(r.counted_from)).collect(),
        None => rows,
    }
}

/// The rule's outcome for one (edition, metric); with nothing counted as of a date, the
/// reason says so rather than that nothing was ever reported.
pub(super) fn resolved(
    facts: &[FigureFacts],
    resolve: Resolve,
    as_of: Option<NaiveDate>,
    left_out: usize,
) -> Resolution {
    let mut resolution = headline::resolve(facts, resolve);
    if let (true, Some(date)) = (facts.is_empty(), as_of) {
        resolution.reason = format!("no figure had been reported by {date}; {left_out} came later or have no date");
    }
    resolution
}

fn metric_codes_query(
    edition: i32,
    status: Option<FigureStatus>,
    metric: Option<&str>,
) -> figures::BoxedQuery<'static, MultiBackend> {
    let mut query = figures::table.filter(figures::edition.eq(edition)).into_boxed();
    if let Some(status) = status {
        query = query.filter(figures::status.eq(status.as_str()));
    }
    if let Some(metric) = metric {
        query = query.filter(figures::metric.eq(metric.to_string()));
    }
    query
}

/// How many metrics have figures at the edition.
pub fn headline_count(conn: &mut DbConnection, request: &HeadlineRequest) -> ApiResult<i64> {
    let codes: Vec<String> = metric_codes_query(request.edition, request.status, request.metric.as_deref())
        .select(figures::metric)
        .distinct()
        .load(conn)?;
    Ok(codes.len() as i64)
}

/// One headline per metric with figures at the edition, by metric code, paged by code. As of a
/// date, the metrics are still those with figures at the edition: one whose figures all came
/// later has no headline.
pub fn headlines(conn: &mut DbConnection, request: &HeadlineRequest) -> ApiResult<Headlines> {
    let mut codes_query = metric_codes_query(request.edition, request.status, request.metric.as_deref())
        .select(figures::metric)
        .distinct()
        .order(figures::metric);
    if let Some(after) = &request.after_metric {
        codes_query = codes_query.filter(figures::metric.gt(after.clone()));
    }
    if let Limit::Rows(n) = request.limit {
        codes_query = codes_query.limit(n + 1);
    }
    let mut codes: Vec<String> = codes_query.load(conn)?;
    let mut next = None;
    if let Limit::Rows(n) = request.limit
        && codes.len() as i64 > n
    {
        codes.truncate(n as usize);
        next = codes.last().cloned();
    }
    let mut rows_query = figures::table
        .filter(figures::edition.eq(request.edition))
        .filter(figures::metric.eq_any(codes.clone()))
        .into_boxed();
    if let Some(status) = request.status {
        rows_query = rows_query.filter(figures::status.eq(status.as_str()));
    }
    let rows: Vec<FigureRow> = rows_query.order(figures::id).select(FigureRow::as_select()).load(conn)?;
    let metrics_by_code = metrics::by_codes(conn, &codes)?;
    let sources_by_key = sources::by_keys(conn, &distinct(rows.iter().map(|r| r.source.clone())))?;
    let mut by_metric: BTreeMap<String, Vec<FigureRow>> = codes.iter().map(|c| (c.clone(), Vec::new())).collect();
    for row in rows {
        by_metric.entry(row.metric.clone()).or_default().push(row);
    }
    let mut as_of = request.as_of.map(AsOf::new);
    let mut items = Vec::with_capacity(by_metric.len());
    for (code, rows) in by_metric {
        let metric =
            metrics_by_code.get(&code).cloned().ok_or_else(|| ApiError::internal(format!("metric {code} vanished")))?;
        let before = as_of.map_or(0, |a| a.left_out);
        let rows = counted(rows, &mut as_of);
        let left_out = as_of.map_or(0, |a| a.left_out) - before;
        items.push(headline_of(request, metric, rows, left_out, &sources_by_key)?);
    }
    Ok(Headlines { rows: items, next, as_of })
}

fn headline_of(
    request: &HeadlineRequest,
    metric: Metric,
    rows: Vec<FigureRow>,
    left_out: usize,
    sources_by_key: &HashMap<String, Source>,
) -> ApiResult<MetricHeadline> {
    let facts: Vec<FigureFacts> = rows.iter().map(FigureRow::facts).collect::<ApiResult<_>>()?;
    let resolution = resolved(&facts, request.resolve, request.as_of, left_out);
    let by_id: HashMap<i64, &FigureRow> = rows.iter().map(|r| (r.id, r)).collect();
    let value_ref = |id: Option<i64>| id.and_then(|id| by_id.get(&id)).map(|r| r.value_ref()).transpose();
    let actual = value_ref(resolution.best_actual)?;
    let expected = value_ref(resolution.best_expected)?;
    let expected_vs_actual = match (&expected, &actual) {
        (Some(e), Some(a)) => Some(Delta::between(e.value, a.value)),
        _ => None,
    };
    let order = headline::ranked(&facts);
    let mut by_id: HashMap<i64, FigureRow> = rows.into_iter().map(|r| (r.id, r)).collect();
    let mut figures = Vec::with_capacity(order.len());
    let mut winner = None;
    for id in order {
        let row = by_id.remove(&id).expect("ranked ids come from the rows");
        let source = sources_by_key.get(&row.source);
        let figure = row.into_figure(source)?;
        if resolution.winner == Some(id) {
            winner = Some(figure.clone());
        }
        figures.push(figure);
    }
    let Resolution { decided_by, reason, figure_count, min, max, disputed, .. } = resolution;
    Ok(MetricHeadline {
        edition: request.edition,
        metric,
        resolve: request.resolve,
        headline: winner,
        decided_by,
        reason,
        figure_count,
        min,
        max,
        disputed,
        actual,
        expected,
        expected_vs_actual,
        figures,
    })
}

/// The figures of one metric at these editions, grouped by edition.
pub(super) fn rows_by_edition(
    conn: &mut DbConnection,
    metric: &str,
    years: &[i32],
    status: Option<FigureStatus>,
) -> ApiResult<HashMap<i32, Vec<FigureRow>>> {
    let mut query = figures::table
        .filter(figures::metric.eq(metric.to_string()))
        .filter(figures::edition.eq_any(years.to_vec()))
        .into_boxed();
    if let Some(status) = status {
        query = query.filter(figures::status.eq(status.as_str()));
    }
    let rows: Vec<FigureRow> = query.order(figures::id).select(FigureRow::as_select()).load(conn)?;
    let mut grouped: HashMap<i32, Vec<FigureRow>> = HashMap::new();
    for row in rows {
        grouped.entry(row.edition).or_default().push(row);
    }
    Ok(grouped)
}

/// A page of figures, each with its source's object when `expand_source`.
#[derive(Debug, Clone)]
pub struct FigureListing {
    pub filter: FigureFilter,
    pub expand_source: bool,
}

impl crate::queries::listing::Listing for FigureListing {
    type Sort = FigureSort;
    type Row = Figure;
    const DEFAULT_SORT: &'static [crate::queries::SortKey<FigureSort>] =
        &[crate::queries::SortKey { field: FigureSort::Id, descending: false }];

    fn count(&self, conn: &mut DbConnection) -> ApiResult<i64> {
        count(conn, &self.filter)
    }
    fn page(&self, conn: &mut DbConnection, request: &PageRequest<FigureSort>) -> ApiResult<Page<Figure>> {
        list(conn, &self.filter, request, self.expand_source)
    }
    fn extras(&self, conn: &mut DbConnection) -> ApiResult<crate::queries::listing::Extras> {
        Ok(crate::queries::listing::Extras { facets: None, as_of: left_out(conn, &self.filter)? })
    }
}

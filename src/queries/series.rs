//! Series and comparisons: one metric's headline across editions, and several editions'
//! headlines side by side, from the figures and the headline rule.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::figures;
use crate::domain::FigureStatus;
use crate::domain::headline::{self, Delta, FigureFacts, Resolve};
use crate::domain::views::{AsOf, ComparedChange, ComparedValue, ComparisonRow, Series, SeriesPoint};
use crate::error::{ApiError, ApiResult};
use crate::queries::figures::{FigureRow, counted, distinct, resolved, rows_by_edition};
use crate::queries::{editions, metrics, sources, stored, stored_opt};

/// What `/series/{metric}` asks for.
#[derive(Debug, Clone)]
pub struct SeriesRequest {
    pub metric: String,
    pub from: Option<i32>,
    pub to: Option<i32>,
    pub resolve: Resolve,
    pub status: Option<FigureStatus>,
    /// Only figures reported on or before this date count.
    pub as_of: Option<NaiveDate>,
}

impl SeriesRequest {
    /// Every edition's headline of a metric.
    pub fn headlines(metric: &str) -> Self {
        SeriesRequest {
            metric: metric.to_string(),
            from: None,
            to: None,
            resolve: Resolve::Headline,
            status: None,
            as_of: None,
        }
    }
}

/// One point per edition in `from..=to`, oldest first.
pub fn series(conn: &mut DbConnection, request: &SeriesRequest) -> ApiResult<Series> {
    let metric = metrics::get(conn, &request.metric)?;
    let years = editions::years(conn, request.from, request.to)?;
    let mut grouped = rows_by_edition(conn, &metric.code, &years, request.status)?;
    let mut as_of = request.as_of.map(AsOf::new);
    let mut points = Vec::with_capacity(years.len());
    let mut winners: Vec<(usize, FigureRow)> = Vec::new();
    for year in years {
        let before = as_of.map_or(0, |a| a.left_out);
        let rows = counted(grouped.remove(&year).unwrap_or_default(), &mut as_of);
        let left_out = as_of.map_or(0, |a| a.left_out) - before;
        let facts: Vec<FigureFacts> = rows.iter().map(FigureRow::facts).collect::<ApiResult<_>>()?;
        let resolution = resolved(&facts, request.resolve, request.as_of, left_out);
        let value_of = |id: Option<i64>| id.and_then(|id| rows.iter().find(|r| r.id == id)).map(|r| r.value);
        let (actual, expected) = (value_of(resolution.best_actual), value_of(resolution.best_expected));
        let delta = match (expected, actual) {
            (Some(e), Some(a)) => Some(Delta::between(e, a)),
            _ => None,
        };
        let winner = resolution.winner.and_then(|id| rows.iter().find(|r| r.id == id)).cloned();
        points.push(SeriesPoint {
            edition: year,
            value: winner.as_ref().map(|w| w.value),
            value_from: winner.as_ref().and_then(|w| w.value_from),
            qualifier: winner.as_ref().map(|w| stored(&w.qualifier)).transpose()?,
            status: winner.as_ref().map(|w| stored(&w.status)).transpose()?,
            figure_id: winner.as_ref().map(|w| w.id),
            source: winner.as_ref().map(|w| w.source.clone()),
            source_publisher: None,
            source_url: None,
            reported_on: winner.as_ref().and_then(|w| w.reported_on),
            reported_in: winner.as_ref().map(|w| stored_opt(w.reported_in.as_deref())).transpose()?.flatten(),
            disputed: resolution.disputed,
            min: resolution.min.filter(|_| resolution.disputed),
            max: resolution.max.filter(|_| resolution.disputed),
            figure_count: resolution.figure_count,
            actual,
            expected,
            difference: delta.map(|d| d.difference),
            ratio: delta.and_then(|d| d.ratio),
        });
        if let Some(w) = winner {
            winners.push((points.len() - 1, w));
        }
    }
    let by_key = sources::by_keys(conn, &distinct(winners.iter().map(|(_, w)| w.source.clone())))?;
    for (index, winner) in winners {
        if let Some(source) = by_key.get(&winner.source) {
            points[index].source_publisher = source.publisher.clone();
            points[index].source_url = source.url.clone();
        }
    }
    Ok(Series { metric, resolve: request.resolve, status: request.status, as_of, items: points })
}

/// Every metric with a figure at any of these editions, side by side (by metric code); as of a
/// date, a metric whose figures all came later is still a row, with no values.
pub fn compare(
    conn: &mut DbConnection,
    years: &[i32],
    resolve: Resolve,
    as_of: Option<NaiveDate>,
) -> ApiResult<(Vec<ComparisonRow>, Option<AsOf>)> {
    for year in years {
        if !editions::exists(conn, *year)? {
            return Err(editions::not_found(*year));
        }
    }
    let rows: Vec<FigureRow> = figures::table
        .filter(figures::edition.eq_any(years.to_vec()))
        .order(figures::id)
        .select(FigureRow::as_select())
        .load(conn)?;
    let mut grouped: BTreeMap<String, HashMap<i32, Vec<FigureRow>>> = BTreeMap::new();
    for row in rows {
        grouped.entry(row.metric.clone()).or_default().entry(row.edition).or_default().push(row);
    }
    let codes: Vec<String> = grouped.keys().cloned().collect();
    let metrics_by_code = metrics::by_codes(conn, &codes)?;
    let mut tally = as_of.map(AsOf::new);
    let mut result = Vec::with_capacity(grouped.len());
    for (code, mut per_edition) in grouped {
        let metric =
            metrics_by_code.get(&code).cloned().ok_or_else(|| ApiError::internal(format!("metric {code} vanished")))?;
        let mut values = Vec::with_capacity(years.len());
        for year in years {
            let rows = counted(per_edition.remove(year).unwrap_or_default(), &mut tally);
            let facts: Vec<FigureFacts> = rows.iter().map(FigureRow::facts).collect::<ApiResult<_>>()?;
            let resolution = headline::resolve(&facts, resolve);
            let winner = resolution.winner.and_then(|id| rows.iter().find(|r| r.id == id));
            values.push(ComparedValue {
                edition: *year,
                value: winner.map(|w| w.value),
                value_from: winner.and_then(|w| w.value_from),
                qualifier: winner.map(|w| stored(&w.qualifier)).transpose()?,
                status: winner.map(|w| stored(&w.status)).transpose()?,
                disputed: resolution.disputed,
                figure_count: resolution.figure_count,
            });
        }
        let changes = values
            .windows(2)
            .map(|pair| ComparedChange {
                from: pair[0].edition,
                to: pair[1].edition,
                change: match (pair[0].value, pair[1].value) {
                    (Some(a), Some(b)) => Some(Delta::between(a, b)),
                    _ => None,
                },
            })
            .collect();
        result.push(ComparisonRow { metric, values, changes });
    }
    Ok((result, tally))
}

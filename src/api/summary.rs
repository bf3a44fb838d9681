//! `/editions/{year}/summary`: what a dashboard shows of one edition, beside the one before it.

use actix_web::{HttpResponse, get, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::api::docs::ReadOneErrors;
use crate::db::DbConnection;
use crate::domain::FigureStatus;
use crate::domain::headline::Resolve;
use crate::domain::models::MetricHeadline;
use crate::domain::views::{AsOf, EditionBrief, EditionCounts, EditionSummary, HeadlineBrief, MetricChange};
use crate::error::{ApiError, ApiResult};
use crate::queries::editions::{self, EditionExpand};
use crate::queries::figures::{self as figure_queries, HeadlineRequest};
use crate::queries::{Limit, stats};
use crate::serving::State;
use crate::web::params::Query;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SummaryParams {
    /// How headlines are chosen: `headline` (default), `latest`, `max`, `min`.
    #[param(value_type = Option<crate::api::series::SingleResolve>, inline)]
    pub resolve: Option<Resolve>,
    /// Only figures reported on or before this day count (`YYYY-MM-DD`).
    #[param(value_type = Option<String>, format = Date, example = "2025-11-01")]
    #[serde(default, deserialize_with = "crate::web::params::day")]
    pub as_of: Option<NaiveDate>,
}

/// What a dashboard shows: the headline figures, the counts of sessions, agreements, tracks,
/// people and organisations, and the change against the previous edition.
#[utoipa::path(
    tag = "editions",
    params(("year" = i32, Path, example = 2025), SummaryParams),
    responses((status = 200, description = "The edition's summary", body = EditionSummary, headers(("ETag" = String))), ReadOneErrors)
)]
#[get("/editions/{year}/summary")]
pub async fn edition_summary(
    state: State,
    year: web::Path<i32>,
    Query(params): Query<SummaryParams>,
) -> ApiResult<HttpResponse> {
    let year = year.into_inner();
    let resolve = match params.resolve.unwrap_or_default() {
        Resolve::All => {
            return Err(ApiError::invalid_parameter(
                "a summary has one headline per metric: resolve must be headline, latest, max or min",
            ));
        }
        other => other,
    };
    let as_of = params.as_of;
    let summary = state.db.read(move |conn| build_summary(conn, year, resolve, as_of)).await?;
    Ok(HttpResponse::Ok().json(summary))
}

fn headlines_of(
    conn: &mut DbConnection,
    year: i32,
    resolve: Resolve,
    as_of: Option<NaiveDate>,
) -> ApiResult<figure_queries::Headlines> {
    let request = HeadlineRequest {
        edition: year,
        metric: None,
        status: None,
        resolve,
        as_of,
        after_metric: None,
        limit: Limit::All,
    };
    figure_queries::headlines(conn, &request)
}

/// As of a date, the previous edition's headlines are taken as of the same date too: the
/// change is what was known then.
fn build_summary(
    conn: &mut DbConnection,
    year: i32,
    resolve: Resolve,
    as_of: Option<NaiveDate>,
) -> ApiResult<EditionSummary> {
    let edition = editions::get(conn, year, EditionExpand::default())?;
    let figure_queries::Headlines { rows: headlines, as_of: tally, .. } = headlines_of(conn, year, resolve, as_of)?;
    // As of a date, the figures counted are those reported by then.
    let counted = |mut counts: EditionCounts, tally: Option<&AsOf>| {
        counts.figures -= tally.map_or(0, |t| t.left_out as i64);
        counts
    };
    let counts = counted(stats::edition_counts(conn, year)?, tally.as_ref());
    let previous = editions::previous_year(conn, year)?;
    let (previous_headlines, counts_previous) = match previous {
        Some(p) => {
            let before = headlines_of(conn, p, resolve, as_of)?;
            let counts = counted(stats::edition_counts(conn, p)?, before.as_of.as_ref());
            (before.rows, Some(counts))
        }
        None => (Vec::new(), None),
    };
    let value_of = |list: &[MetricHeadline], code: &str| {
        list.iter().find(|h| h.metric.code == code).and_then(|h| h.headline.as_ref()).map(|f| f.value)
    };
    let mut codes: Vec<String> =
        headlines.iter().chain(previous_headlines.iter()).map(|h| h.metric.code.clone()).collect();
    codes.sort();
    codes.dedup();
    let changes = if previous.is_some() {
        codes
            .iter()
            .map(|code| {
                let (before, now) = (value_of(&previous_headlines, code), value_of(&headlines, code));
                MetricChange {
                    metric: code.clone(),
                    previous: before,
                    current: now,
                    change: match (before, now) {
                        (Some(b), Some(n)) => Some(crate::domain::headline::Delta::between(b, n)),
                        _ => None,
                    },
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let briefs = headlines
        .into_iter()
        .filter_map(|h| {
            let figure = h.headline?;
            let source = match figure.source {
                crate::domain::models::SourceRef::Object(s) => s.key,
                crate::domain::models::SourceRef::Key(k) => k,
            };
            Some(HeadlineBrief {
                metric: h.metric.code,
                label_ru: h.metric.label_ru,
                label_en: h.metric.label_en,
                unit: h.metric.unit,
                value: figure.value,
                value_from: figure.value_from,
                qualifier: figure.qualifier,
                status: figure.status,
                disputed: h.disputed,
                figure_count: h.figure_count,
                source,
                expected: if figure.status == FigureStatus::Actual {
                    h.expected.as_ref().map(|e| e.value)
                } else {
                    None
                },
                expected_vs_actual: h.expected_vs_actual,
            })
        })
        .collect();
    Ok(EditionSummary {
        edition: EditionBrief {
            year: edition.year,
            number: edition.number,
            title: edition.title,
            theme: edition.theme,
            city: edition.city,
            starts_on: edition.starts_on,
            ends_on: edition.ends_on,
        },
        as_of: tally,
        headlines: briefs,
        counts,
        previous_edition: previous,
        counts_previous,
        changes,
    })
}

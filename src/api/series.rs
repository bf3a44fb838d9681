//! `/series/{metric}` and `/compare`: the analyst's questions across editions.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::api::collection::{self, CSV, NDJSON};
use crate::api::docs::ReadOneErrors;
use crate::domain::headline::Resolve;
use crate::domain::views::{Comparison, ComparisonRow, Series, SeriesPoint};
use crate::domain::{FigureStatus, number};
use crate::error::{ApiError, ApiResult};
use crate::queries::listing::{Tabular, cell};
use crate::queries::series::{self as series_q, SeriesRequest};
use crate::serving::State;
use crate::web::params::{Query, Representation, SeriesFormat, TABULAR, TableFormat, parse_years};

pub const SVG: &str = "image/svg+xml; charset=utf-8";

/// What `/series/{metric}` offers.
const SERIES: &[Representation] =
    &[Representation::Json, Representation::Csv, Representation::Ndjson, Representation::Svg];

/// How one value per edition is chosen (`all` makes no choice, so it has no place here).
#[derive(ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum SingleResolve {
    Headline,
    Latest,
    Max,
    Min,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SeriesParams {
    /// The first edition (year) in the series.
    #[param(example = 2016)]
    pub from: Option<i32>,
    /// The last edition (year) in the series.
    #[param(example = 2025)]
    pub to: Option<i32>,
    /// How each edition's value is chosen: `headline` (default), `latest`, `max`, `min`.
    #[param(value_type = Option<SingleResolve>, inline)]
    pub resolve: Option<Resolve>,
    /// Only figures of this status count (e.g. `actual`).
    pub status: Option<FigureStatus>,
    /// Only figures reported on or before this day count (`YYYY-MM-DD`); one reported only
    /// to the month or year counts from the period's last day; undated ones are left out.
    #[param(value_type = Option<String>, format = Date, example = "2025-11-01")]
    #[serde(default, deserialize_with = "crate::web::params::day")]
    pub as_of: Option<NaiveDate>,
    /// `json`, `csv`, `ndjson`, or `svg` for the chart, instead of the Accept header.
    pub format: Option<SeriesFormat>,
    /// With CSV: begin with a UTF-8 byte order mark.
    pub bom: Option<bool>,
    /// The chart's width in pixels (SVG only; default 720).
    #[param(minimum = 200, maximum = 2000, example = 720)]
    pub width: Option<u32>,
    /// The chart's height in pixels (SVG only; default 360).
    #[param(minimum = 120, maximum = 1200, example = 360)]
    pub height: Option<u32>,
}

/// The chart's size: only for SVG, and within what the renderer draws.
fn chart_size(params: &SeriesParams, representation: Representation) -> ApiResult<(u32, u32)> {
    if representation != Representation::Svg && (params.width.is_some() || params.height.is_some()) {
        return Err(ApiError::invalid_parameter(
            "width and height size the chart: use them with format=svg or Accept: image/svg+xml",
        ));
    }
    let (width, height) = (params.width.unwrap_or(720), params.height.unwrap_or(360));
    let (w, h) = (crate::charts::WIDTH_RANGE, crate::charts::HEIGHT_RANGE);
    if !(w.0..=w.1).contains(&width) || !(h.0..=h.1).contains(&height) {
        return Err(ApiError::invalid_parameter(format!(
            "the chart is {}–{} pixels wide and {}–{} high, not {width}×{height}",
            w.0, w.1, h.0, h.1
        )));
    }
    Ok((width, height))
}

impl Tabular for SeriesPoint {
    fn columns() -> Vec<&'static str> {
        vec![
            "edition",
            "value",
            "value_from",
            "qualifier",
            "status",
            "figure_id",
            "source",
            "source_publisher",
            "source_url",
            "reported_on",
            "reported_in",
            "disputed",
            "min",
            "max",
            "figure_count",
            "actual",
            "expected",
            "difference",
            "ratio",
        ]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.edition.to_string(),
            self.value.map(number::to_text).unwrap_or_default(),
            self.value_from.map(number::to_text).unwrap_or_default(),
            cell(&self.qualifier),
            cell(&self.status),
            cell(&self.figure_id),
            cell(&self.source),
            cell(&self.source_publisher),
            cell(&self.source_url),
            cell(&self.reported_on),
            cell(&self.reported_in),
            self.disputed.to_string(),
            self.min.map(number::to_text).unwrap_or_default(),
            self.max.map(number::to_text).unwrap_or_default(),
            self.figure_count.to_string(),
            self.actual.map(number::to_text).unwrap_or_default(),
            self.expected.map(number::to_text).unwrap_or_default(),
            self.difference.map(number::to_text).unwrap_or_default(),
            cell(&self.ratio),
        ]
    }
}

/// One value per edition for a metric, oldest first; an edition without a figure is a row
/// with `value: null`, so charts show the gap. Each row has the best actual and latest
/// expected values side by side. As SVG, the chart of it: gaps left as gaps, expected and
/// actual values marked differently, the spread of disagreeing sources as a bar.
#[utoipa::path(
    tag = "analysis",
    params(("metric" = String, Path, description = "The metric's code", example = "participants"), SeriesParams),
    responses(
        (status = 200, description = "The series",
            headers(("ETag" = String), ("X-As-Of" = String, description = "With `as_of`: the date"), ("X-Left-Out" = i64, description = "With `as_of`: figures left out")),
            content((Series = "application/json"), (String = "text/csv"), (String = "application/x-ndjson"), (String = "image/svg+xml"))),
        ReadOneErrors,
    )
)]
#[get("/series/{metric}")]
pub async fn metric_series(
    state: State,
    req: HttpRequest,
    metric: web::Path<String>,
    Query(params): Query<SeriesParams>,
) -> ApiResult<HttpResponse> {
    let representation = Representation::negotiate(&req, params.format, SERIES);
    let size = chart_size(&params, representation)?;
    let resolve = match params.resolve.unwrap_or_default() {
        Resolve::All => {
            return Err(ApiError::invalid_parameter(
                "a series has one value per edition: resolve must be headline, latest, max or min",
            ));
        }
        other => other,
    };
    if let (Some(from), Some(to)) = (params.from, params.to)
        && from > to
    {
        return Err(ApiError::invalid_parameter(format!("from ({from}) is after to ({to})")));
    }
    let request = SeriesRequest {
        metric: metric.into_inner(),
        from: params.from,
        to: params.to,
        resolve,
        status: params.status,
        as_of: params.as_of,
    };
    let series = state.db.read(move |conn| series_q::series(conn, &request)).await?;
    let mut response = HttpResponse::Ok();
    collection::as_of_headers(&mut response, series.as_of.as_ref());
    Ok(match representation {
        Representation::Csv => {
            response.content_type(CSV).body(collection::csv_bytes(&series.items, true, params.bom.unwrap_or(false))?)
        }
        Representation::Ndjson => response.content_type(NDJSON).body(collection::ndjson_bytes(&series.items)?),
        Representation::Svg => {
            response.content_type(SVG).body(crate::charts::render(&crate::charts::of_series(&series, size.0, size.1)))
        }
        _ => response.json(series),
    })
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CompareParams {
    /// Edition years, comma-separated, in the order to compare (a year named again adds nothing).
    #[param(pattern = "^(20[0-9][0-9]|2100)(,(20[0-9][0-9]|2100))*$", example = "2024,2025")]
    pub editions: String,
    /// How each edition's value is chosen: `headline` (default), `latest`, `max`, `min`.
    #[param(value_type = Option<SingleResolve>, inline)]
    pub resolve: Option<Resolve>,
    /// Only figures reported on or before this day count (`YYYY-MM-DD`).
    #[param(value_type = Option<String>, format = Date, example = "2025-11-01")]
    #[serde(default, deserialize_with = "crate::web::params::day")]
    pub as_of: Option<NaiveDate>,
    /// `json`, `csv` or `ndjson`, instead of the Accept header.
    pub format: Option<TableFormat>,
    /// With CSV: begin with a UTF-8 byte order mark.
    pub bom: Option<bool>,
}

/// The comparison as a table: one row per metric, a value column per edition and a change
/// pair per step.
fn comparison_csv(years: &[i32], rows: &[ComparisonRow], bom: bool) -> ApiResult<Vec<u8>> {
    let mut header = vec!["metric".to_string(), "label_ru".into(), "label_en".into(), "unit".into()];
    for year in years {
        header.push(format!("value_{year}"));
        header.push(format!("value_from_{year}"));
        header.push(format!("status_{year}"));
    }
    for pair in years.windows(2) {
        header.push(format!("difference_{}_{}", pair[0], pair[1]));
        header.push(format!("ratio_{}_{}", pair[0], pair[1]));
    }
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(b"\xEF\xBB\xBF");
    }
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
    writer.write_record(&header).map_err(ApiError::internal)?;
    for row in rows {
        let mut cells = vec![
            row.metric.code.clone(),
            row.metric.label_ru.clone(),
            row.metric.label_en.clone(),
            row.metric.unit.clone(),
        ];
        for value in &row.values {
            cells.push(value.value.map(number::to_text).unwrap_or_default());
            cells.push(value.value_from.map(number::to_text).unwrap_or_default());
            cells.push(cell(&value.status));
        }
        for change in &row.changes {
            cells.push(change.change.map(|c| number::to_text(c.difference)).unwrap_or_default());
            cells.push(cell(&change.change.and_then(|c| c.ratio)));
        }
        writer.write_record(&cells).map_err(ApiError::internal)?;
    }
    writer.into_inner().map_err(ApiError::internal)
}

/// Every metric side by side across editions, with the absolute and relative change between
/// consecutive editions in the order given.
#[utoipa::path(
    tag = "analysis",
    params(CompareParams),
    responses(
        (status = 200, description = "One row per metric with a figure at any of the editions",
            headers(("ETag" = String)),
            content((Comparison = "application/json"), (String = "text/csv"), (String = "application/x-ndjson"))),
        ReadOneErrors,
    )
)]
#[get("/compare")]
pub async fn compare_editions(
    state: State,
    req: HttpRequest,
    Query(params): Query<CompareParams>,
) -> ApiResult<HttpResponse> {
    let years = parse_years(&params.editions, "editions")?;
    let representation = Representation::negotiate(&req, params.format, TABULAR);
    let resolve = match params.resolve.unwrap_or_default() {
        Resolve::All => {
            return Err(ApiError::invalid_parameter(
                "a comparison has one value per edition: resolve must be headline, latest, max or min",
            ));
        }
        other => other,
    };
    let (query_years, as_of) = (years.clone(), params.as_of);
    let (rows, as_of) = state.db.read(move |conn| series_q::compare(conn, &query_years, resolve, as_of)).await?;
    let mut response = HttpResponse::Ok();
    collection::as_of_headers(&mut response, as_of.as_ref());
    Ok(match representation {
        Representation::Csv => response.insert_header((header::CONTENT_TYPE, CSV)).body(comparison_csv(
            &years,
            &rows,
            params.bom.unwrap_or(false),
        )?),
        Representation::Ndjson => response.content_type(NDJSON).body(collection::ndjson_bytes(&rows)?),
        _ => response.json(Comparison { editions: years, resolve, as_of, items: rows }),
    })
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(metric_series).service(compare_editions);
}

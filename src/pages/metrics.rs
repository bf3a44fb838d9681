//! `/metrics/{code}`: one metric across every edition, as a chart and as a table, with links to
//! the same series as CSV and JSON.

use actix_web::web;
use askama::Template;

use crate::pages::render::{self, PageResult};
use crate::pages::views::{Crumb, Layout, Value};
use crate::pages::{AsOfParams, AsOfView};
use crate::queries::series::{self, SeriesRequest};
use crate::ru;
use crate::serving::State;
use crate::web::params::Query;

struct SeriesRow {
    year: i32,
    value: Option<Value>,
    disputed: bool,
    count: usize,
    /// The winning figure's source: its key, and its publisher when the source names one.
    source: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "metrics/show.html")]
struct MetricPage {
    layout: Layout,
    code: String,
    label_ru: String,
    label_en: String,
    unit: String,
    unit_ru: Option<&'static str>,
    description: String,
    /// The chart, as `/api/v1/series/{code}?format=svg` draws it (its text escaped there).
    chart_svg: String,
    as_of: AsOfView,
    rows: Vec<SeriesRow>,
    first: Option<i32>,
    last: Option<i32>,
}

pub async fn show(state: State, code: web::Path<String>, Query(params): Query<AsOfParams>) -> PageResult {
    let request = SeriesRequest { as_of: params.as_of, ..SeriesRequest::headlines(&code.into_inner()) };
    let series = state.db.read(move |conn| series::series(conn, &request)).await?;
    let chart_svg = crate::charts::render(&crate::charts::of_series(&series, 720, 360));
    let as_of = AsOfView::new(params.as_of, series.as_of.as_ref());
    let metric = series.metric;
    let (first, last) = (series.items.first().map(|p| p.edition), series.items.last().map(|p| p.edition));
    let rows = series
        .items
        .into_iter()
        .map(|p| SeriesRow {
            year: p.edition,
            value: match (p.value, p.qualifier, p.status) {
                (Some(v), Some(q), Some(s)) => Some(Value::new(v, p.value_from, q, s)),
                _ => None,
            },
            disputed: p.disputed,
            count: p.figure_count,
            source: p.source.map(|key| {
                let name = p.source_publisher.unwrap_or_else(|| key.clone());
                (key, name)
            }),
        })
        .collect();
    let page = MetricPage {
        layout: Layout::new(
            metric.label_ru.clone(),
            vec![Crumb::home(), Crumb::here(metric.label_ru.clone())],
            Some(format!("/api/v1/series/{}{}", metric.code, as_of.query)),
        ),
        unit_ru: ru::unit(&metric.unit),
        code: metric.code,
        label_ru: metric.label_ru,
        label_en: metric.label_en,
        unit: metric.unit,
        description: metric.description,
        chart_svg,
        as_of,
        rows,
        first,
        last,
    };
    render::page(&page)
}

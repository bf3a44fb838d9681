//! `/metrics/{code}`: one metric across every edition, as a chart and as a table, with links to
//! the same series as CSV and JSON.

use actix_web::web;
use askama::Template;

use crate::domain::headline::Resolve;
use crate::http::State;
use crate::http::params::Query;
use crate::pages::chart::{self, ChartPoint};
use crate::pages::render::{self, PageResult};
use crate::pages::views::{Crumb, Layout, Value};
use crate::pages::{NoParams, format};
use crate::queries::figures;

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
    /// The chart slot: SVG markup drawn by `chart` (its labels escaped there).
    chart_svg: String,
    rows: Vec<SeriesRow>,
    first: Option<i32>,
    last: Option<i32>,
}

pub async fn show(state: State, code: web::Path<String>, Query(_): Query<NoParams>) -> PageResult {
    let code = code.into_inner();
    let series = state
        .db
        .read(move |conn| figures::series(conn, &code, None, None, Resolve::Headline, None))
        .await?;
    let metric = series.metric;
    let points: Vec<ChartPoint> = series
        .items
        .iter()
        .map(|p| ChartPoint {
            label: p.edition.to_string(),
            value: p.value,
            text: match (p.value, p.qualifier, p.status) {
                (Some(v), Some(q), Some(s)) => format!("{} ({})", format::hedged(q, v), format::status(s)),
                _ => "источники цифры не приводят".into(),
            },
            status: p.status,
        })
        .collect();
    let (first, last) = (
        series.items.first().map(|p| p.edition),
        series.items.last().map(|p| p.edition),
    );
    let description = match (first, last) {
        (Some(first), Some(last)) => format!(
            "Заголовочная цифра показателя «{}» на форумах {first}–{last}: тёмные столбцы — \
             фактические цифры, светлые — ожидаемые; где столбца нет, источники цифры не приводят.",
            metric.label_ru
        ),
        _ => "Форумов в данных нет.".to_string(),
    };
    let chart_svg = chart::bars(
        &format!("chart-{}", metric.code),
        &format!("{} по форумам", metric.label_ru),
        &description,
        &points,
    )?;
    let rows = series
        .items
        .into_iter()
        .map(|p| SeriesRow {
            year: p.edition,
            value: match (p.value, p.qualifier, p.status) {
                (Some(v), Some(q), Some(s)) => Some(Value::new(v, q, s)),
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
            Some(format!("/api/v1/series/{}", metric.code)),
        ),
        unit_ru: format::unit(&metric.unit),
        code: metric.code,
        label_ru: metric.label_ru,
        label_en: metric.label_en,
        unit: metric.unit,
        description: metric.description,
        chart_svg,
        rows,
        first,
        last,
    };
    render::page(&page)
}

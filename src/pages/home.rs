//! `/`: what the service is, every edition with its headline attendance, every metric.

use std::collections::HashMap;

use askama::Template;

use crate::domain::models::Metric;
use crate::pages::render::{self, PageResult};
use crate::pages::views::{Crumb, Layout, Value};
use crate::pages::{NoParams, whole};
use crate::queries::editions::{self, EditionExpand, EditionFilter, EditionSort};
use crate::queries::metrics::{self, MetricFilter, MetricSort};
use crate::queries::series::{self, SeriesRequest};
use crate::ru;
use crate::serving::State;
use crate::web::params::Query;

/// The metric the home page shows for each edition.
const PARTICIPANTS: &str = "participants";

struct EditionRow {
    year: i32,
    number: Option<String>,
    title: String,
    dates: Option<String>,
    city: String,
    format: Option<&'static str>,
    participants: Option<Value>,
    disputed: bool,
}

struct MetricLink {
    code: String,
    label_ru: String,
    label_en: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    editions: Vec<EditionRow>,
    metrics: Vec<MetricLink>,
    has_participants: bool,
}

pub async fn show(state: State, Query(_): Query<NoParams>) -> PageResult {
    let (editions, metrics, series) = state
        .db
        .read(|conn| {
            let editions = editions::list(
                conn,
                &EditionFilter::default(),
                &whole(EditionSort::Year, true),
                EditionExpand::default(),
            )?
            .rows;
            let metrics: Vec<Metric> =
                metrics::list(conn, &MetricFilter::default(), &whole(MetricSort::Id, false))?.rows;
            // One query for every edition's attendance, not one per edition.
            let series = match metrics.iter().any(|m| m.code == PARTICIPANTS) {
                true => Some(series::series(conn, &SeriesRequest::headlines(PARTICIPANTS))?),
                false => None,
            };
            Ok((editions, metrics, series))
        })
        .await?;
    let by_year: HashMap<i32, _> =
        series.iter().flat_map(|s| s.items.iter()).map(|point| (point.edition, point)).collect();
    let editions = editions
        .into_iter()
        .map(|e| {
            let point = by_year.get(&e.year);
            EditionRow {
                year: e.year,
                number: e.number.map(ru::roman),
                dates: ru::date_range(e.starts_on, e.ends_on),
                format: e.format.map(ru::edition_format),
                participants: point.and_then(|p| match (p.value, p.qualifier, p.status) {
                    (Some(v), Some(q), Some(s)) => Some(Value::new(v, p.value_from, q, s)),
                    _ => None,
                }),
                disputed: point.is_some_and(|p| p.disputed),
                title: e.title,
                city: e.city,
            }
        })
        .collect();
    let page = HomePage {
        layout: Layout::new("Все форумы", vec![Crumb::here("Главная")], None),
        editions,
        has_participants: series.is_some(),
        metrics: metrics
            .into_iter()
            .map(|m| MetricLink { code: m.code, label_ru: m.label_ru, label_en: m.label_en })
            .collect(),
    };
    render::page(&page)
}

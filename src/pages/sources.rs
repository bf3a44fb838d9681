//! `/sources/{key}`: one document and everything taken from it: every figure it reported, with
//! its quote, and the agreements and editions it is cited for.

use actix_web::web;
use askama::Template;

use crate::domain::models::Metric;
use crate::pages::render::{self, PageResult};
use crate::pages::views::{self, AgreementView, Crumb, Layout, Link, Reading, SourceView};
use crate::pages::{NoParams, first, whole};
use crate::queries::agreements::{self, AgreementExpand, AgreementFilter, AgreementSort};
use crate::queries::editions::{self, EditionExpand, EditionFilter, EditionSort};
use crate::queries::figures::{self, FigureFilter, FigureSort};
use crate::queries::{metrics, sources};
use crate::serving::State;
use crate::web::params::Query;

/// How many figures or agreements the page lists; it says when there are more.
const SHOWN: i64 = 500;

struct FigureRow {
    year: i32,
    metric: Link,
    reading: Reading,
}

#[derive(Template)]
#[template(path = "sources/show.html")]
struct SourcePage {
    layout: Layout,
    source: SourceView,
    publisher: Option<String>,
    language: String,
    notes: Option<String>,
    figures: Vec<FigureRow>,
    more_figures: bool,
    agreements: Vec<AgreementView>,
    more_agreements: bool,
    editions: Vec<Link>,
}

pub async fn show(state: State, key: web::Path<String>, Query(_): Query<NoParams>) -> PageResult {
    let key = key.into_inner();
    let (source, figures, metrics, agreements, editions) = state
        .db
        .read(move |conn| {
            let source = sources::get(conn, &key)?;
            let filter = FigureFilter { source: Some(key.clone()), ..FigureFilter::default() };
            let figures = figures::list(conn, &filter, &first(SHOWN, FigureSort::Edition, true), true)?;
            let metrics = metrics::by_codes(conn, &views::keys(figures.rows.iter().map(|f| &f.metric)))?;
            let filter = AgreementFilter { source: Some(key.clone()), ..AgreementFilter::default() };
            let agreements = agreements::list(
                conn,
                &filter,
                &first(SHOWN, AgreementSort::Edition, true),
                AgreementExpand { parties: true },
            )?;
            let editions: Vec<Link> = editions::list(
                conn,
                &EditionFilter::default(),
                &whole(EditionSort::Year, true),
                EditionExpand::default(),
            )?
            .rows
            .into_iter()
            .filter(|e| e.sources.contains(&key))
            .map(|e| Link { label: format!("{}: {}", e.year, e.title), href: format!("/editions/{}", e.year) })
            .collect();
            Ok((source, figures, metrics, agreements, editions))
        })
        .await?;
    let metric_link = |code: &str| {
        let label = metrics.get(code).map_or(code, |m: &Metric| m.label_ru.as_str());
        Link { label: label.to_string(), href: format!("/metrics/{code}") }
    };
    let page = SourcePage {
        layout: Layout::new(
            source.title.clone(),
            vec![Crumb::home(), Crumb::here("Источник")],
            Some(format!("/api/v1/sources/{}", source.key)),
        ),
        more_figures: figures.next.is_some(),
        figures: figures
            .rows
            .iter()
            .map(|f| FigureRow { year: f.edition, metric: metric_link(&f.metric), reading: Reading::new(f, false) })
            .collect(),
        more_agreements: agreements.next.is_some(),
        agreements: agreements.rows.iter().map(|a| AgreementView::new(a, Some(&source))).collect(),
        editions,
        source: SourceView::new(&source),
        publisher: source.publisher,
        language: source.language,
        notes: source.notes,
    };
    render::page(&page)
}

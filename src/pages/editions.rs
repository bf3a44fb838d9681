//! `/editions/{year}`: one forum: every metric's headline, why it won, and every reading behind
//! it side by side; the agreements; the tracks and sessions with the people in them.

use std::collections::HashMap;

use actix_web::web;
use askama::Template;

use crate::domain::FigureStatus;
use crate::domain::headline::Resolve;
use crate::domain::models::{MetricHeadline, Organization, Source, ValueRef};
use crate::pages::render::{self, PageResult};
use crate::pages::views::{self, AgreementView, Crumb, Layout, Link, Reading, SessionView, SourceView, Value};
use crate::pages::{AsOfParams, AsOfView, whole};
use crate::queries::agreements::{self, AgreementExpand, AgreementFilter, AgreementSort};
use crate::queries::editions::{self, EditionExpand};
use crate::queries::figures::{self, HeadlineRequest};
use crate::queries::metrics::{self, MetricFilter, MetricSort};
use crate::queries::sessions::{self, SessionExpand, SessionFilter};
use crate::queries::{Limit, organizations, sources};
use crate::ru;
use crate::serving::State;
use crate::web::params::Query;

/// One metric at the edition: the headline and every reading.
struct MetricBlock {
    code: String,
    label_ru: String,
    label_en: String,
    /// The unit in Russian, when the service knows the word.
    unit: Option<&'static str>,
    headline: Option<Value>,
    disputed: bool,
    /// «6 000 – 7 000», when the readings disagree.
    range: Option<String>,
    reason: String,
    decided_by: &'static str,
    /// «7 цифр».
    count: String,
    /// The latest expected value beside an actual headline: «более 7 000, 22 октября 2025».
    expected: Option<String>,
    readings: Vec<Reading>,
}

fn expected_beside(h: &MetricHeadline) -> Option<String> {
    let headline = h.headline.as_ref()?;
    let expected: &ValueRef = h.expected.as_ref()?;
    if headline.status != FigureStatus::Actual {
        return None;
    }
    let mut text = ru::hedged(expected.qualifier, expected.value, expected.value_from);
    if let Some(day) = expected.reported_on {
        text.push_str(&format!(", {}", ru::date(day)));
    }
    Some(text)
}

impl MetricBlock {
    fn new(h: &MetricHeadline) -> MetricBlock {
        let winner = h.headline.as_ref().map(|f| f.id);
        MetricBlock {
            code: h.metric.code.clone(),
            label_ru: h.metric.label_ru.clone(),
            label_en: h.metric.label_en.clone(),
            unit: ru::unit(&h.metric.unit),
            headline: h.headline.as_ref().map(|f| Value::new(f.value, f.value_from, f.qualifier, f.status)),
            disputed: h.disputed,
            range: match (h.disputed, h.min, h.max) {
                (true, Some(min), Some(max)) => Some(format!("{} – {}", ru::number(min), ru::number(max))),
                _ => None,
            },
            reason: h.reason.clone(),
            decided_by: ru::decided_by(h.decided_by),
            count: format!("{} {}", h.figure_count, ru::plural(h.figure_count, "цифра", "цифры", "цифр")),
            expected: expected_beside(h),
            readings: h.figures.iter().map(|f| Reading::new(f, Some(f.id) == winner)).collect(),
        }
    }
}

struct TrackView {
    title: String,
    description: Option<String>,
    sessions: Vec<SessionView>,
}

#[derive(Template)]
#[template(path = "editions/show.html")]
struct EditionPage {
    layout: Layout,
    year: i32,
    number: Option<String>,
    title: String,
    theme: Option<String>,
    dates: Option<String>,
    city: String,
    venue: Option<String>,
    format: Option<&'static str>,
    organizers: Vec<Link>,
    partner_cities: Vec<Link>,
    sources: Vec<SourceView>,
    notes: Option<String>,
    metrics: Vec<MetricBlock>,
    as_of: AsOfView,
    agreements: Vec<AgreementView>,
    tracks: Vec<TrackView>,
    /// Sessions in no track (all of them when the edition has no tracks).
    sessions: Vec<SessionView>,
    /// Whether any session is in a track.
    tracked: bool,
}

fn organization_links(keys: &[String], found: &HashMap<String, Organization>) -> Vec<Link> {
    keys.iter()
        .map(|key| Link {
            label: found.get(key).map_or_else(|| key.clone(), |o| o.name.clone()),
            href: format!("/organizations/{key}"),
        })
        .collect()
}

pub async fn show(state: State, year: web::Path<i32>, Query(params): Query<AsOfParams>) -> PageResult {
    let year = year.into_inner();
    let asked = params.as_of;
    let (edition, mut headlines, order, sessions, agreements, organizations, sources) = state
        .db
        .read(move |conn| {
            let edition = editions::get(conn, year, EditionExpand { tracks: true, sessions: false })?;
            let request = HeadlineRequest {
                edition: year,
                metric: None,
                status: None,
                resolve: Resolve::Headline,
                as_of: asked,
                after_metric: None,
                limit: Limit::All,
            };
            let headlines = figures::headlines(conn, &request)?;
            // Metrics in their own order (attendance first), not by code.
            let order: Vec<String> = metrics::list(conn, &MetricFilter::default(), &whole(MetricSort::Id, false))?
                .rows
                .into_iter()
                .map(|m| m.code)
                .collect();
            let filter = SessionFilter { editions: Some(vec![year]), ..SessionFilter::default() };
            let sessions = sessions::all(conn, &filter, SessionExpand { participants: true })?;
            let filter = AgreementFilter { edition: Some(year), ..AgreementFilter::default() };
            let agreements =
                agreements::list(conn, &filter, &whole(AgreementSort::Id, false), AgreementExpand { parties: true })?
                    .rows;
            let organizations =
                organizations::by_keys(conn, &views::keys(edition.organizers.iter().chain(&edition.partner_cities)))?;
            let sources = sources::by_keys(
                conn,
                &views::keys(edition.sources.iter().chain(agreements.iter().map(|a| &a.source))),
            )?;
            Ok((edition, headlines, order, sessions, agreements, organizations, sources))
        })
        .await?;
    let as_of = AsOfView::new(asked, headlines.as_of.as_ref());
    headlines.rows.sort_by_key(|h| order.iter().position(|code| *code == h.metric.code));
    let tracks_of_edition = edition.tracks.clone().unwrap_or_default();
    let mut sessions: Vec<(Option<String>, SessionView)> =
        sessions.iter().map(|s| (s.track.clone(), SessionView::new(s, &tracks_of_edition))).collect();
    let tracks: Vec<TrackView> = tracks_of_edition
        .iter()
        .map(|track| TrackView {
            title: track.title.clone(),
            description: track.description.clone(),
            sessions: sessions
                .extract_if(.., |(key, _)| key.as_deref() == Some(track.key.as_str()))
                .map(|(_, s)| s)
                .collect(),
        })
        .collect();
    let source_views = |keys: &[String], found: &HashMap<String, Source>| -> Vec<SourceView> {
        keys.iter().map(|k| found.get(k).map_or_else(|| SourceView::key_only(k), SourceView::new)).collect()
    };
    let page = EditionPage {
        layout: Layout::new(
            format!("{} ({year})", edition.title),
            vec![Crumb::home(), Crumb::here(format!("Форум {year}"))],
            Some(format!("/api/v1/editions/{year}/figures{}", as_of.query)),
        ),
        year,
        number: edition.number.map(ru::roman),
        dates: ru::date_range(edition.starts_on, edition.ends_on),
        format: edition.format.map(ru::edition_format),
        organizers: organization_links(&edition.organizers, &organizations),
        partner_cities: organization_links(&edition.partner_cities, &organizations),
        sources: source_views(&edition.sources, &sources),
        metrics: headlines.rows.iter().map(MetricBlock::new).collect(),
        as_of,
        agreements: agreements.iter().map(|a| AgreementView::new(a, sources.get(&a.source))).collect(),
        tracked: tracks.iter().any(|t| !t.sessions.is_empty()),
        tracks,
        sessions: sessions.into_iter().map(|(_, s)| s).collect(),
        title: edition.title,
        theme: edition.theme,
        city: edition.city,
        venue: edition.venue,
        notes: edition.notes,
    };
    render::page(&page)
}

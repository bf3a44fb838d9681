//! `/search?q=`: sessions, people, organisations, agreements and sources whose text holds the
//! query, found by the search the API's `q=` uses (any case, Russian or English, ё = е).
//! Without a query the page is the form alone.

use askama::Template;
use serde::Deserialize;

use crate::error::ApiError;
use crate::pages::first;
use crate::pages::render::{self, PageResult};
use crate::pages::views::{Crumb, Layout};
use crate::queries::agreements::{self, AgreementExpand, AgreementFilter, AgreementSort};
use crate::queries::organizations::{self, OrganizationFilter, OrganizationSort};
use crate::queries::people::{self, PersonFilter, PersonSort};
use crate::queries::sessions::{self, SessionExpand, SessionFilter, SessionSort};
use crate::queries::sources::{self, SourceFilter, SourceSort};
use crate::ru;
use crate::serving::State;
use crate::web::params::Query;

/// Results shown per kind; the page gives the total when there are more.
const SHOWN: i64 = 50;

/// Longer queries are refused: no name or title the service holds is near this long.
const LONGEST_QUERY: usize = 200;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchParams {
    pub q: Option<String>,
}

struct Hit {
    href: String,
    label: String,
    meta: Option<String>,
}

struct Group {
    id: &'static str,
    title: &'static str,
    hits: Vec<Hit>,
    /// Every match, when there are more than are shown.
    total: Option<i64>,
}

#[derive(Template)]
#[template(path = "search/show.html")]
struct SearchPage {
    layout: Layout,
    q: String,
    groups: Vec<Group>,
}

impl SearchPage {
    fn found(&self) -> bool {
        self.groups.iter().any(|g| !g.hits.is_empty())
    }
}

fn group<T>(
    id: &'static str,
    title: &'static str,
    page: crate::queries::Page<T>,
    hit: impl Fn(&T) -> Hit,
    count: impl FnOnce() -> crate::error::ApiResult<i64>,
) -> crate::error::ApiResult<Group> {
    let total = match page.next {
        Some(_) => Some(count()?),
        None => None,
    };
    Ok(Group { id, title, hits: page.rows.iter().map(hit).collect(), total })
}

fn search(conn: &mut crate::db::DbConnection, q: &str) -> crate::error::ApiResult<Vec<Group>> {
    let q = Some(q.to_string());
    let filter = SessionFilter { q: q.clone(), ..SessionFilter::default() };
    let page = sessions::list(conn, &filter, &first(SHOWN, SessionSort::Edition, true), SessionExpand::default())?;
    let sessions = group(
        "sessions",
        "Сессии",
        page,
        |s| Hit {
            href: format!("/sessions/{}", s.id),
            label: s.title.clone(),
            meta: Some(match s.format {
                Some(f) => format!("{} · {}", s.edition, ru::session_format(f)),
                None => s.edition.to_string(),
            }),
        },
        || sessions::count(conn, &filter),
    )?;
    let filter = PersonFilter { q: q.clone(), ..PersonFilter::default() };
    let page = people::list(conn, &filter, &first(SHOWN, PersonSort::Name, false))?;
    let people = group(
        "people",
        "Люди",
        page,
        |p| Hit { href: format!("/people/{}", p.key), label: p.name.clone(), meta: None },
        || people::count(conn, &filter),
    )?;
    let filter = OrganizationFilter { q: q.clone(), ..OrganizationFilter::default() };
    let page = organizations::list(conn, &filter, &first(SHOWN, OrganizationSort::Name, false))?;
    let organizations = group(
        "organizations",
        "Организации",
        page,
        |o| Hit {
            href: format!("/organizations/{}", o.key),
            label: o.name.clone(),
            meta: Some(match &o.city {
                Some(city) => format!("{}, {city}", ru::organization_kind(o.kind)),
                None => ru::organization_kind(o.kind).to_string(),
            }),
        },
        || organizations::count(conn, &filter),
    )?;
    let filter = AgreementFilter { q: q.clone(), ..AgreementFilter::default() };
    let page =
        agreements::list(conn, &filter, &first(SHOWN, AgreementSort::Edition, true), AgreementExpand::default())?;
    let agreements = group(
        "agreements",
        "Соглашения",
        page,
        |a| Hit {
            href: format!("/agreements/{}", a.id),
            label: a.title.clone(),
            meta: Some(format!("{} · {}", a.edition, ru::agreement_status(a.status))),
        },
        || agreements::count(conn, &filter),
    )?;
    let filter = SourceFilter { q, ..SourceFilter::default() };
    let page = sources::list(conn, &filter, &first(SHOWN, SourceSort::PublishedOn, true))?;
    let sources = group(
        "sources",
        "Источники",
        page,
        |s| Hit {
            href: format!("/sources/{}", s.key),
            label: s.title.clone(),
            meta: match (&s.publisher, s.published_on) {
                (Some(p), Some(d)) => Some(format!("{p}, {}", ru::date(d))),
                (Some(p), None) => Some(p.clone()),
                (None, Some(d)) => Some(ru::date(d)),
                (None, None) => None,
            },
        },
        || sources::count(conn, &filter),
    )?;
    Ok(vec![sessions, people, organizations, agreements, sources])
}

pub async fn show(state: State, Query(params): Query<SearchParams>) -> PageResult {
    let q = params.q.unwrap_or_default().trim().to_string();
    if q.chars().count() > LONGEST_QUERY {
        return Err(ApiError::invalid_parameter(format!("q is longer than {LONGEST_QUERY} characters")));
    }
    let groups = if q.is_empty() {
        Vec::new()
    } else {
        let query = q.clone();
        state.db.read(move |conn| search(conn, &query)).await?
    };
    let title = match q.is_empty() {
        true => "Поиск".to_string(),
        false => format!("Поиск: {q}"),
    };
    let page =
        SearchPage { layout: Layout::new(title, vec![Crumb::home(), Crumb::here("Поиск")], None), q, groups };
    render::page(&page)
}

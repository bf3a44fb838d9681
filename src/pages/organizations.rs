//! `/organizations/{key}`: an organisation, the forums it organised or partnered, the people
//! who represented it, its sessions and its agreements.

use actix_web::web;
use askama::Template;

use crate::pages::render::{self, PageResult};
use crate::pages::views::{self, AgreementView, Crumb, Layout, Link, SessionView};
use crate::pages::{NoParams, first, whole};
use crate::queries::agreements::{self, AgreementExpand, AgreementFilter, AgreementSort};
use crate::queries::editions::{self, EditionExpand, EditionFilter, EditionSort};
use crate::queries::people::{self, PersonFilter, PersonSort};
use crate::queries::sessions::{self, SessionExpand, SessionFilter, SessionSort};
use crate::queries::{organizations, sources, tracks};
use crate::ru;
use crate::serving::State;
use crate::web::params::Query;

/// How many people, sessions or agreements the page lists; it says when there are more.
const SHOWN: i64 = 200;

#[derive(Template)]
#[template(path = "organizations/show.html")]
struct OrganizationPage {
    layout: Layout,
    name: String,
    kind: &'static str,
    city: Option<String>,
    region: Option<String>,
    notes: Option<String>,
    /// «организатор» of the forums of 2025, 2019…; «город-партнёр» of…
    roles: Vec<(&'static str, Vec<Link>)>,
    people: Vec<Link>,
    more_people: bool,
    sessions: Vec<SessionView>,
    more_sessions: bool,
    agreements: Vec<AgreementView>,
    more_agreements: bool,
}

pub async fn show(state: State, key: web::Path<String>, Query(_): Query<NoParams>) -> PageResult {
    let key = key.into_inner();
    let (organization, editions, people, sessions, tracks, agreements, sources) = state
        .db
        .read(move |conn| {
            let organization = organizations::get(conn, &key)?;
            let editions = editions::list(
                conn,
                &EditionFilter::default(),
                &whole(EditionSort::Year, true),
                EditionExpand::default(),
            )?
            .rows;
            let filter = PersonFilter { organization: Some(key.clone()), ..PersonFilter::default() };
            let people = people::list(conn, &filter, &first(SHOWN, PersonSort::Name, false))?;
            let filter = SessionFilter { organization: Some(key.clone()), ..SessionFilter::default() };
            let sessions = sessions::list(
                conn,
                &filter,
                &first(SHOWN, SessionSort::Edition, true),
                SessionExpand { participants: true },
            )?;
            let years: Vec<i32> = sessions.rows.iter().map(|s| s.edition).collect();
            let tracks = tracks::of_editions(conn, &years)?;
            let filter = AgreementFilter { party: Some(key.clone()), ..AgreementFilter::default() };
            let agreements = agreements::list(
                conn,
                &filter,
                &first(SHOWN, AgreementSort::Edition, true),
                AgreementExpand { parties: true },
            )?;
            let sources = sources::by_keys(conn, &views::keys(agreements.rows.iter().map(|a| &a.source)))?;
            Ok((organization, editions, people, sessions, tracks, agreements, sources))
        })
        .await?;
    let editions_where = |role: fn(&crate::domain::models::Edition) -> &Vec<String>| -> Vec<Link> {
        editions
            .iter()
            .filter(|e| role(e).contains(&organization.key))
            .map(|e| Link { label: e.year.to_string(), href: format!("/editions/{}", e.year) })
            .collect()
    };
    let roles: Vec<(&'static str, Vec<Link>)> =
        [("организатор", editions_where(|e| &e.organizers)), ("город-партнёр", editions_where(|e| &e.partner_cities))]
            .into_iter()
            .filter(|(_, links)| !links.is_empty())
            .collect();
    let page = OrganizationPage {
        layout: Layout::new(
            organization.name.clone(),
            vec![Crumb::home(), Crumb::here(organization.name.clone())],
            Some(format!("/api/v1/organizations/{}", organization.key)),
        ),
        kind: ru::organization_kind(organization.kind),
        roles,
        more_people: people.next.is_some(),
        people: people.rows.into_iter().map(|p| Link { href: format!("/people/{}", p.key), label: p.name }).collect(),
        more_sessions: sessions.next.is_some(),
        sessions: sessions.rows.iter().map(|s| SessionView::new(s, &tracks)).collect(),
        more_agreements: agreements.next.is_some(),
        agreements: agreements.rows.iter().map(|a| AgreementView::new(a, sources.get(&a.source))).collect(),
        name: organization.name,
        city: organization.city,
        region: organization.region,
        notes: organization.notes,
    };
    render::page(&page)
}

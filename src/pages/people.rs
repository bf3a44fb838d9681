//! `/people/{key}`: a person and every forum they appeared at: the position and organisation
//! they held then, their sessions and roles, and the sources that say so.

use std::collections::HashMap;

use actix_web::web;
use askama::Template;

use crate::domain::models::OrganizationRef;
use crate::pages::render::{self, PageResult};
use crate::pages::views::{self, Crumb, Layout, Link, SourceView};
use crate::pages::{NoParams, whole};
use crate::queries::editions::{self, EditionExpand, EditionFilter, EditionSort};
use crate::queries::{people, sources};
use crate::ru;
use crate::serving::State;
use crate::web::params::Query;

struct SessionLink {
    href: String,
    title: String,
    role: &'static str,
}

struct AppearanceView {
    year: i32,
    edition_title: String,
    position: Option<String>,
    organization: Option<Link>,
    notes: Option<String>,
    sessions: Vec<SessionLink>,
    sources: Vec<SourceView>,
}

#[derive(Template)]
#[template(path = "people/show.html")]
struct PersonPage {
    layout: Layout,
    name: String,
    notes: Option<String>,
    appearances: Vec<AppearanceView>,
}

pub async fn show(state: State, key: web::Path<String>, Query(_): Query<NoParams>) -> PageResult {
    let key = key.into_inner();
    let (person, titles, sources) = state
        .db
        .read(move |conn| {
            let person = people::get(conn, &key)?;
            let titles: HashMap<i32, String> = editions::list(
                conn,
                &EditionFilter::default(),
                &whole(EditionSort::Year, false),
                EditionExpand::default(),
            )?
            .rows
            .into_iter()
            .map(|e| (e.year, e.title))
            .collect();
            let sources = sources::by_keys(conn, &views::keys(person.appearances.iter().flat_map(|a| &a.sources)))?;
            Ok((person, titles, sources))
        })
        .await?;
    let appearances = person
        .appearances
        .iter()
        .map(|a| AppearanceView {
            year: a.edition,
            edition_title: titles.get(&a.edition).cloned().unwrap_or_default(),
            position: a.position.clone(),
            organization: a.organization.as_ref().map(|o| {
                let (key, name) = match o {
                    OrganizationRef::Key(key) => (key, key),
                    OrganizationRef::Object(o) => (&o.key, &o.name),
                };
                Link { label: name.clone(), href: format!("/organizations/{key}") }
            }),
            notes: a.notes.clone(),
            sessions: a
                .sessions
                .iter()
                .map(|s| SessionLink {
                    href: format!("/sessions/{}", s.id),
                    title: s.title.clone(),
                    role: ru::role(s.role),
                })
                .collect(),
            sources: a
                .sources
                .iter()
                .map(|k| sources.get(k).map_or_else(|| SourceView::key_only(k), SourceView::new))
                .collect(),
        })
        .collect();
    let page = PersonPage {
        layout: Layout::new(
            person.name.clone(),
            vec![Crumb::home(), Crumb::here(person.name.clone())],
            Some(format!("/api/v1/people/{}", person.key)),
        ),
        name: person.name,
        notes: person.notes,
        appearances,
    };
    render::page(&page)
}

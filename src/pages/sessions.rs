//! `/sessions/{id}`: one programme session: when, where, in which track, who took part in
//! which role, and the sources that report it.

use actix_web::web;
use askama::Template;

use crate::pages::NoParams;
use crate::pages::render::{self, PageResult};
use crate::pages::views::{self, Crumb, Layout, SessionView, SourceView};
use crate::queries::editions::{self, EditionExpand};
use crate::queries::sessions::{self, SessionExpand};
use crate::queries::sources;
use crate::serving::State;
use crate::web::params::Query;

#[derive(Template)]
#[template(path = "sessions/show.html")]
struct SessionPage {
    layout: Layout,
    session: SessionView,
    edition_title: String,
    description: Option<String>,
    notes: Option<String>,
    sources: Vec<SourceView>,
}

pub async fn show(state: State, id: web::Path<i64>, Query(_): Query<NoParams>) -> PageResult {
    let id = id.into_inner();
    let (session, edition, sources) = state
        .db
        .read(move |conn| {
            let session = sessions::get(conn, id, SessionExpand { participants: true })?;
            let edition = editions::get(conn, session.edition, EditionExpand { tracks: true, sessions: false })?;
            let sources = sources::by_keys(conn, &views::keys(&session.sources))?;
            Ok((session, edition, sources))
        })
        .await?;
    let year = session.edition;
    let page = SessionPage {
        layout: Layout::new(
            session.title.clone(),
            vec![Crumb::home(), Crumb::edition(year), Crumb::here("Сессия")],
            Some(format!("/api/v1/sessions/{id}")),
        ),
        session: SessionView::new(&session, edition.tracks.as_deref().unwrap_or_default()),
        edition_title: edition.title,
        sources: session
            .sources
            .iter()
            .map(|k| sources.get(k).map_or_else(|| SourceView::key_only(k), SourceView::new))
            .collect(),
        description: session.description,
        notes: session.notes,
    };
    render::page(&page)
}

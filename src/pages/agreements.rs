//! `/agreements/{id}`: one agreement: its kind and status, the day it was signed, its parties
//! and the source that reports it.

use actix_web::web;
use askama::Template;

use crate::pages::NoParams;
use crate::pages::render::{self, PageResult};
use crate::pages::views::{AgreementView, Crumb, Layout, SourceView};
use crate::queries::agreements::{self, AgreementExpand};
use crate::queries::editions::{self, EditionExpand};
use crate::queries::sources;
use crate::serving::State;
use crate::web::params::Query;

#[derive(Template)]
#[template(path = "agreements/show.html")]
struct AgreementPage {
    layout: Layout,
    agreement: AgreementView,
    edition_title: String,
    source: SourceView,
    notes: Option<String>,
}

pub async fn show(state: State, id: web::Path<i64>, Query(_): Query<NoParams>) -> PageResult {
    let id = id.into_inner();
    let (agreement, edition, source) = state
        .db
        .read(move |conn| {
            let agreement = agreements::get(conn, id, AgreementExpand { parties: true })?;
            let edition = editions::get(conn, agreement.edition, EditionExpand::default())?;
            let source = sources::get(conn, &agreement.source)?;
            Ok((agreement, edition, source))
        })
        .await?;
    let page = AgreementPage {
        layout: Layout::new(
            agreement.title.clone(),
            vec![Crumb::home(), Crumb::edition(agreement.edition), Crumb::here("Соглашение")],
            Some(format!("/api/v1/agreements/{id}")),
        ),
        agreement: AgreementView::new(&agreement, Some(&source)),
        edition_title: edition.title,
        source: SourceView::new(&source),
        notes: agreement.notes,
    };
    render::page(&page)
}

//! Tracks: the thematic strands of one edition's programme.

use diesel::prelude::*;

use crate::db::schema::{track_sources, tracks};
use crate::db::{DbConnection, MultiBackend};
use crate::domain::models::Track;
use crate::error::ApiResult;
use crate::queries::{Page, PageRequest, group_by};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = tracks)]
pub struct TrackRow {
    pub id: i64,
    pub edition: i32,
    pub key: String,
    pub title: String,
    pub description: Option<String>,
}

crate::sortable! {
    /// Fields a track list sorts by; without `sort`, tracks come in the order they were recorded.
    pub enum TrackSort on tracks for TrackRow {
        Key = "key" => tracks::key: text, |r| &r.key;
        Title = "title" => tracks::title: text, |r| &r.title;
        Edition = "edition" => tracks::edition: int, |r| r.edition;
        Id = "id" => tracks::id: bigint, |r| r.id;
    }
}

fn filtered(editions: &[i32]) -> tracks::BoxedQuery<'static, MultiBackend> {
    tracks::table.filter(tracks::edition.eq_any(editions.to_vec())).into_boxed()
}

pub fn count(conn: &mut DbConnection, edition: i32) -> ApiResult<i64> {
    Ok(filtered(&[edition]).count().get_result(conn)?)
}

pub fn list(conn: &mut DbConnection, edition: i32, request: &PageRequest<TrackSort>) -> ApiResult<Page<Track>> {
    let page = crate::fetch_page!(conn, filtered(&[edition]), TrackRow, request, TrackSort::Id);
    Ok(Page { rows: with_sources(conn, page.rows)?, next: page.next })
}

/// Every track of these editions, in recorded order.
pub fn of_editions(conn: &mut DbConnection, editions: &[i32]) -> ApiResult<Vec<Track>> {
    let rows: Vec<TrackRow> = filtered(editions).order(tracks::id).select(TrackRow::as_select()).load(conn)?;
    with_sources(conn, rows)
}

fn with_sources(conn: &mut DbConnection, rows: Vec<TrackRow>) -> ApiResult<Vec<Track>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let links: Vec<(i64, String)> = track_sources::table
        .filter(track_sources::track_id.eq_any(&ids))
        .order((track_sources::track_id, track_sources::source))
        .select((track_sources::track_id, track_sources::source))
        .load(conn)?;
    let mut sources = group_by(links);
    Ok(rows
        .into_iter()
        .map(|r| Track {
            sources: sources.remove(&r.id).unwrap_or_default(),
            edition: r.edition,
            key: r.key,
            title: r.title,
            description: r.description,
        })
        .collect())
}

/// A page of one edition's tracks.
#[derive(Debug, Clone)]
pub struct TrackListing {
    pub edition: i32,
}

impl crate::queries::listing::Listing for TrackListing {
    type Sort = TrackSort;
    type Row = Track;
    const DEFAULT_SORT: &'static [crate::queries::SortKey<TrackSort>] = &[];

    fn count(&self, conn: &mut DbConnection) -> ApiResult<i64> {
        count(conn, self.edition)
    }
    fn page(&self, conn: &mut DbConnection, request: &PageRequest<TrackSort>) -> ApiResult<Page<Track>> {
        list(conn, self.edition, request)
    }
}

//! Counts for an edition's summary.

use diesel::dsl::count_star;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{
    agreement_parties, agreements, appearance_sources, appearances, edition_organizations, edition_sources, figures,
    session_participants, session_sources, sessions, track_sources, tracks,
};
use crate::domain::views::EditionCounts;
use crate::error::ApiResult;

pub fn edition_counts(conn: &mut DbConnection, year: i32) -> ApiResult<EditionCounts> {
    let session_count: i64 =
        sessions::table.filter(sessions::edition.eq(year)).select(count_star()).get_result(conn)?;
    let agreement_count: i64 =
        agreements::table.filter(agreements::edition.eq(year)).select(count_star()).get_result(conn)?;
    let agreements_signed: i64 = agreements::table
        .filter(agreements::edition.eq(year))
        .filter(agreements::status.eq("signed"))
        .select(count_star())
        .get_result(conn)?;
    let track_count: i64 = tracks::table.filter(tracks::edition.eq(year)).select(count_star()).get_result(conn)?;
    let figure_count: i64 = figures::table.filter(figures::edition.eq(year)).select(count_star()).get_result(conn)?;

    let session_ids = sessions::table.filter(sessions::edition.eq(year)).select(sessions::id);
    let mut people: Vec<String> = session_participants::table
        .filter(session_participants::session_id.eq_any(session_ids))
        .select(session_participants::person)
        .load(conn)?;
    people.extend(
        appearances::table.filter(appearances::edition.eq(year)).select(appearances::person).load::<String>(conn)?,
    );
    people.sort();
    people.dedup();

    let mut organisations: Vec<String> = edition_organizations::table
        .filter(edition_organizations::edition.eq(year))
        .select(edition_organizations::organization)
        .load(conn)?;
    let session_ids = sessions::table.filter(sessions::edition.eq(year)).select(sessions::id);
    organisations.extend(
        session_participants::table
            .filter(session_participants::session_id.eq_any(session_ids))
            .select(session_participants::organization)
            .load::<Option<String>>(conn)?
            .into_iter()
            .flatten(),
    );
    organisations.extend(
        appearances::table
            .filter(appearances::edition.eq(year))
            .select(appearances::organization)
            .load::<Option<String>>(conn)?
            .into_iter()
            .flatten(),
    );
    let agreement_ids = agreements::table.filter(agreements::edition.eq(year)).select(agreements::id);
    organisations.extend(
        agreement_parties::table
            .filter(agreement_parties::agreement_id.eq_any(agreement_ids))
            .select(agreement_parties::organization)
            .load::<String>(conn)?,
    );
    organisations.sort();
    organisations.dedup();

    let mut source_keys: Vec<String> =
        figures::table.filter(figures::edition.eq(year)).select(figures::source).load(conn)?;
    source_keys.extend(
        edition_sources::table
            .filter(edition_sources::edition.eq(year))
            .select(edition_sources::source)
            .load::<String>(conn)?,
    );
    let session_ids = sessions::table.filter(sessions::edition.eq(year)).select(sessions::id);
    source_keys.extend(
        session_sources::table
            .filter(session_sources::session_id.eq_any(session_ids))
            .select(session_sources::source)
            .load::<String>(conn)?,
    );
    source_keys.extend(
        agreements::table.filter(agreements::edition.eq(year)).select(agreements::source).load::<String>(conn)?,
    );
    let appearance_ids = appearances::table.filter(appearances::edition.eq(year)).select(appearances::id);
    source_keys.extend(
        appearance_sources::table
            .filter(appearance_sources::appearance_id.eq_any(appearance_ids))
            .select(appearance_sources::source)
            .load::<String>(conn)?,
    );
    let track_ids = tracks::table.filter(tracks::edition.eq(year)).select(tracks::id);
    source_keys.extend(
        track_sources::table
            .filter(track_sources::track_id.eq_any(track_ids))
            .select(track_sources::source)
            .load::<String>(conn)?,
    );
    source_keys.sort();
    source_keys.dedup();

    Ok(EditionCounts {
        sessions: session_count,
        agreements: agreement_count,
        agreements_signed,
        tracks: track_count,
        people: people.len() as i64,
        organizations: organisations.len() as i64,
        figures: figure_count,
        sources: source_keys.len() as i64,
    })
}

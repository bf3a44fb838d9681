//! Tracks: an edition's thematic tracks, known by edition and key. Written only in bundles.

use diesel::prelude::*;

use super::{Actor, KeySet, Kind, Outcome, check_edition, check_sources, log_upsert, sorted};
use crate::db::DbConnection;
use crate::db::schema::{track_sources, tracks};
use crate::domain::models::Track;
use crate::domain::validate::Errors;
use crate::error::ApiResult;

pub struct Tracks;

impl Kind for Tracks {
    type Input = Track;
    const NAME: &'static str = "track";
    const PLURAL: &'static str = "tracks";

    fn natural_key(input: &Track) -> String {
        format!("{}/{}", input.edition, input.key)
    }

    fn rules(input: &Track, errors: &mut Errors) {
        errors.distinct("sources", input.sources.iter().map(String::as_str));
    }

    fn wants(input: &Track, keys: &mut KeySet) {
        keys.editions.insert(input.edition);
        keys.sources.extend(input.sources.iter().cloned());
    }

    fn check(input: &Track, known: &KeySet, errors: &mut Errors) {
        check_edition(known, input.edition, "edition", errors);
        check_sources(known, &input.sources, "sources", errors);
    }

    fn write(conn: &mut DbConnection, actor: &Actor, input: &Track) -> ApiResult<Outcome> {
        let input = Track { sources: sorted(input.sources.clone()), ..input.clone() };
        let before = track_form(conn, input.edition, &input.key)?;
        if before.as_ref().map(|(_, t)| t) == Some(&input) {
            return Ok(Outcome::Unchanged);
        }
        let id = match &before {
            Some((id, _)) => {
                diesel::update(tracks::table.find(*id))
                    .set((tracks::title.eq(&input.title), tracks::description.eq(&input.description)))
                    .execute(conn)?;
                diesel::delete(track_sources::table.filter(track_sources::track_id.eq(*id))).execute(conn)?;
                *id
            }
            None => diesel::insert_into(tracks::table)
                .values((
                    tracks::edition.eq(input.edition),
                    tracks::key.eq(&input.key),
                    tracks::title.eq(&input.title),
                    tracks::description.eq(&input.description),
                ))
                .returning(tracks::id)
                .get_result(conn)?,
        };
        for source in &input.sources {
            diesel::insert_into(track_sources::table)
                .values((track_sources::track_id.eq(id), track_sources::source.eq(source)))
                .execute(conn)?;
        }
        let key = format!("{}/{}", input.edition, input.key);
        log_upsert(conn, actor, "tracks", &key, before.as_ref().map(|(_, t)| t), &input)
    }
}

fn track_form(conn: &mut DbConnection, edition: i32, key: &str) -> ApiResult<Option<(i64, Track)>> {
    let row: Option<(i64, String, Option<String>)> = tracks::table
        .filter(tracks::edition.eq(edition).and(tracks::key.eq(key)))
        .select((tracks::id, tracks::title, tracks::description))
        .get_result(conn)
        .optional()?;
    let Some((id, title, description)) = row else {
        return Ok(None);
    };
    let sources: Vec<String> = track_sources::table
        .filter(track_sources::track_id.eq(id))
        .order(track_sources::source)
        .select(track_sources::source)
        .load(conn)?;
    Ok(Some((id, Track { edition, key: key.to_string(), title, description, sources })))
}

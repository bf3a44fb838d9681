//! Writes: upserts by natural key, deletes that refuse to break references, and the change
//! log, all inside the caller's transaction. HTTP writes and bundle imports share these.
//! One module per group of resources, as `http/` is split; what they share is here.

mod catalogue;
mod editions;
mod figures;
mod programme;
mod references;

pub use catalogue::{
    delete_metric, delete_organization, delete_person, delete_source, normalize_person, upsert_metric,
    upsert_organization, upsert_person, upsert_source,
};
pub use editions::{delete_edition, normalize_edition, normalize_track, upsert_edition, upsert_track};
pub use figures::{FigureValues, delete_figure, upsert_figure};
pub use programme::{delete_agreement, delete_session, normalize_session, upsert_agreement, upsert_session};
pub use references::{KeySet, References, check_references, with_broken};

use std::collections::{BTreeSet, HashSet};

use chrono::Utc;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::DbConnection;
use crate::db::schema::changes;
use crate::domain::ChangeAction;
use crate::error::{ApiError, ApiResult};

/// Who is writing: a token's name, or nobody for the command line.
#[derive(Debug, Clone, Default)]
pub struct Actor {
    pub token: Option<String>,
}

impl Actor {
    pub fn token(name: &str) -> Self {
        Actor { token: Some(name.to_string()) }
    }
    pub fn cli() -> Self {
        Actor { token: None }
    }
}

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
}

/// Records one write in the change log.
fn record<T: Serialize>(
    conn: &mut DbConnection,
    actor: &Actor,
    action: ChangeAction,
    resource: &str,
    key: &str,
    before: Option<&T>,
    after: Option<&T>,
) -> ApiResult<()> {
    let json = |v: Option<&T>| v.map(|v| serde_json::to_string(v).map_err(ApiError::internal)).transpose();
    diesel::insert_into(changes::table)
        .values((
            changes::at.eq(Utc::now().naive_utc()),
            changes::token.eq(actor.token.clone()),
            changes::action.eq(action.as_str()),
            changes::resource.eq(resource),
            changes::resource_key.eq(key),
            changes::before.eq(json(before)?),
            changes::after.eq(json(after)?),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records the outcome of an upsert and says what it was.
fn log_upsert<T: Serialize + PartialEq>(
    conn: &mut DbConnection,
    actor: &Actor,
    resource: &str,
    key: &str,
    before: Option<&T>,
    after: &T,
) -> ApiResult<Outcome> {
    match before {
        None => {
            record(conn, actor, ChangeAction::Create, resource, key, None, Some(after))?;
            Ok(Outcome::Created)
        }
        Some(b) if b == after => Ok(Outcome::Unchanged),
        Some(b) => {
            record(conn, actor, ChangeAction::Update, resource, key, Some(b), Some(after))?;
            Ok(Outcome::Updated)
        }
    }
}

/// The distinct values of `items` that occur more than once.
pub fn duplicates<T: Ord + Clone + std::hash::Hash>(items: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut seen = HashSet::new();
    let mut twice = BTreeSet::new();
    for item in items {
        if !seen.insert(item.clone()) {
            twice.insert(item);
        }
    }
    twice.into_iter().collect()
}

pub(super) fn sorted(mut keys: Vec<String>) -> Vec<String> {
    keys.sort();
    keys
}

/// What an id-addressed write (session, agreement, figure) aims at.
enum Target<T> {
    New,
    Same(i64),
    Changed(i64, T),
}

/// The stored resource with `id` if given, else the one with the input's natural key
/// (`find_id`), compared with the input in its input form (`form`).
fn target<T: PartialEq>(
    conn: &mut DbConnection,
    id: Option<i64>,
    input: &T,
    find_id: impl FnOnce(&mut DbConnection) -> ApiResult<Option<i64>>,
    form: impl FnOnce(&mut DbConnection, i64) -> ApiResult<Option<T>>,
) -> ApiResult<Target<T>> {
    let Some(id) = (match id {
        Some(id) => Some(id),
        None => find_id(conn)?,
    }) else {
        return Ok(Target::New);
    };
    Ok(match form(conn, id)? {
        Some(before) if before == *input => Target::Same(id),
        Some(before) => Target::Changed(id, before),
        None => Target::New,
    })
}

/// What still refers to a resource, in words, e.g. "3 figures (2025-participants-…, …)".
struct Referrers(Vec<String>);

impl Referrers {
    fn new() -> Self {
        Referrers(Vec::new())
    }

    fn add(&mut self, what: &str, count: i64, examples: Vec<String>) {
        if count > 0 {
            let shown = examples.into_iter().take(3).collect::<Vec<_>>().join(", ");
            let more = if count > 3 { ", …" } else { "" };
            self.0.push(format!("{count} {what} ({shown}{more})"));
        }
    }

    fn refuse(self, subject: &str) -> ApiResult<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Conflict(format!(
                "{subject} is still referred to by {}; delete or change those first",
                self.0.join("; ")
            )))
        }
    }
}

fn figure_names(rows: Vec<(i64, Option<String>)>) -> Vec<String> {
    rows.into_iter().map(|(id, key)| key.unwrap_or_else(|| format!("id {id}"))).collect()
}

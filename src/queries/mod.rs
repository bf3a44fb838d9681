//! All SQL lives here: reads and writes per resource, on either backend through one code path.
//!
//! Reads load a page of rows with one query and the rows they embed with one query per kind
//! of relation, never one per row.
//!
//! A lookup by a unique key, or an aggregate, takes `get_result`, not `first`: `first` binds a
//! `LIMIT` parameter, and SQLite (3.47+, with STAT4) re-prepares a statement whenever one is
//! bound, so the statement cache would never be used.

pub mod agreements;
pub mod changes;
pub mod counts;
pub mod editions;
pub mod figures;
pub mod listing;
pub mod metrics;
pub mod organizations;
pub mod paging;
pub mod people;
pub mod resources;
pub mod search;
pub mod series;
pub mod sessions;
pub mod sources;
pub mod stats;
pub mod synthetic;
pub mod tokens;
pub mod tracks;

use std::collections::HashMap;
use std::hash::Hash;
use std::str::FromStr;

use crate::error::{ApiError, ApiResult};

pub use paging::{Cursor, KeyValue, Limit, Page, SortKey};

/// What a list query asks for besides its filters.
#[derive(Debug, Clone)]
pub struct PageRequest<F> {
    pub sort: Vec<SortKey<F>>,
    pub cursor: Option<Cursor>,
    pub limit: Limit,
}

/// Reads an enumeration the database's CHECK constraint already vouches for.
pub(crate) fn stored<T: FromStr<Err = String>>(text: &str) -> ApiResult<T> {
    text.parse().map_err(|e: String| ApiError::internal(format!("unexpected stored value: {e}")))
}

pub(crate) fn stored_opt<T: FromStr<Err = String>>(text: Option<&str>) -> ApiResult<Option<T>> {
    text.map(stored).transpose()
}

/// Groups rows by a key, keeping their order.
pub(crate) fn group_by<K: Eq + Hash, V>(rows: impl IntoIterator<Item = (K, V)>) -> HashMap<K, Vec<V>> {
    let mut groups: HashMap<K, Vec<V>> = HashMap::new();
    for (key, value) in rows {
        groups.entry(key).or_default().push(value);
    }
    groups
}

/// Fetches one page of a table's rows: orders by the sort keys then the id, starts after
/// the cursor, and reads one row more than the limit to know whether a next page exists.
#[macro_export]
macro_rules! fetch_page {
    ($conn:expr, $query:expr, $row:ty, $request:expr, $id:expr) => {{
        use diesel::prelude::*;
        let request = $request;
        let id_field = $id;
        let keys = &request.sort;
        let mut query = $query;
        for key in keys.iter() {
            query = key.field.order(query, key.descending);
        }
        // The id breaks ties in the direction of the last key, so that a descending sort is
        // one backward walk of its index rather than a sort.
        let tie_descending = keys.last().is_some_and(|k| k.descending);
        query = id_field.order(query, tie_descending);
        if let Some(cursor) = &request.cursor {
            let condition = $crate::queries::paging::keyset_condition(
                keys.len(),
                &cursor.values,
                |i, v| {
                    if i < keys.len() {
                        keys[i].field.after(v, keys[i].descending)
                    } else {
                        id_field.after(v, tie_descending)
                    }
                },
                |i, v| {
                    if i < keys.len() { keys[i].field.equal(v) } else { id_field.equal(v) }
                },
            )?;
            query = query.filter(condition);
        }
        if let $crate::queries::Limit::Rows(n) = request.limit {
            query = query.limit(n + 1);
        }
        let mut rows: Vec<$row> = query.select(<$row>::as_select()).load($conn)?;
        let mut next = None;
        if let $crate::queries::Limit::Rows(n) = request.limit {
            if rows.len() as i64 > n {
                rows.truncate(n as usize);
                let last = rows.last().expect("a page over the limit has rows");
                let mut values: Vec<$crate::queries::KeyValue> = keys.iter().map(|k| k.field.key_value(last)).collect();
                values.push(id_field.key_value(last));
                next = Some($crate::queries::Cursor::encode(&$crate::queries::paging::sort_text(keys), values));
            }
        }
        $crate::queries::Page { rows, next }
    }};
}

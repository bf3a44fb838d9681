//! Totals of collections, counted once per data version and filter: counting every matching
//! row is the one part of a page that grows with the table. Keyed by the version stored in the
//! database, a total stays right after any write through any instance.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::db::{self, DbConnection};
use crate::error::ApiResult;

/// Beyond this many filters at one version, start over (a scan of odd filters must not grow
/// memory without bound).
const MAX_ENTRIES: usize = 4096;

#[derive(Default)]
pub struct CountCache {
    entries: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    version: i64,
    counts: HashMap<String, i64>,
}

impl CountCache {
    /// The total for `key` at the current data version, counting only when not known yet.
    pub fn total(
        &self,
        conn: &mut DbConnection,
        key: String,
        count: impl FnOnce(&mut DbConnection) -> ApiResult<i64>,
    ) -> ApiResult<i64> {
        let version = db::data_version(conn)?;
        if let Some(total) = self.lookup(version, &key) {
            return Ok(total);
        }
        let total = count(conn)?;
        let mut entries = self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if entries.version != version || entries.counts.len() >= MAX_ENTRIES {
            if version < entries.version {
                // An older snapshot raced a newer one: answer, but keep the newer entries.
                return Ok(total);
            }
            entries.version = version;
            entries.counts.clear();
        }
        entries.counts.insert(key, total);
        Ok(total)
    }

    fn lookup(&self, version: i64, key: &str) -> Option<i64> {
        let entries = self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        (entries.version == version).then(|| entries.counts.get(key).copied()).flatten()
    }
}

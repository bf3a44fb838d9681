//! The data version for many requests at once. Every GET needs the current version (it keys
//! ETags and the response cache, and must see a write committed by any instance), but one
//! query per request would make the database the bottleneck of every read.
//!
//! So one reading serves the reads of the next `max_age` (`DATA_VERSION_MAX_AGE_MS`, 10 ms by
//! default): a write by another instance or process is seen at most that long after it
//! commits. A write through this instance forgets the reading before it replies, so whoever
//! wrote here reads their write here at once. When a reading is too old, one request asks the
//! database and the others arriving meanwhile wait for its answer; with `max_age` 0 a request
//! takes only an answer whose query started after it arrived.

use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::{DbPool, data_version};
use crate::error::{ApiError, ApiResult};

pub struct VersionReader {
    pool: DbPool,
    max_age: Duration,
    latest: Mutex<Latest>,
    /// One query at a time: who waits here takes the answer of the query before it, if fresh.
    asking: tokio::sync::Mutex<()>,
}

/// The last reading and when its query started, and when a write here last forgot it.
#[derive(Default)]
struct Latest {
    reading: Option<(i64, Instant)>,
    forgotten: Option<Instant>,
}

impl VersionReader {
    pub fn new(pool: DbPool, max_age: Duration) -> Self {
        VersionReader { pool, max_age, latest: Mutex::default(), asking: tokio::sync::Mutex::new(()) }
    }

    fn latest(&self) -> MutexGuard<'_, Latest> {
        self.latest.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A reading whose query started at or after `since`.
    fn reading_since(&self, since: Instant) -> Option<i64> {
        self.latest().reading.and_then(|(version, started)| (started >= since).then_some(version))
    }

    /// Called by every write through this instance once it has committed, before it replies.
    pub fn forget(&self) {
        let mut latest = self.latest();
        latest.reading = None;
        latest.forgotten = Some(Instant::now());
    }

    pub async fn read(&self) -> ApiResult<i64> {
        let arrived = Instant::now();
        let since = arrived.checked_sub(self.max_age).unwrap_or(arrived);
        if let Some(version) = self.reading_since(since) {
            return Ok(version);
        }
        let _turn = self.asking.lock().await;
        // The query before ours may have started after we arrived: its answer is fresh enough.
        if let Some(version) = self.reading_since(if self.max_age.is_zero() { arrived } else { since }) {
            return Ok(version);
        }
        let started = Instant::now();
        let pool = self.pool.clone();
        let version = actix_web::web::block(move || Ok::<_, ApiError>(data_version(&mut *pool.get()?)?)).await??;
        let mut latest = self.latest();
        // A write here since the query started may not be in its answer: don't keep it.
        if latest.forgotten.is_none_or(|at| at < started) {
            latest.reading = Some((version, started));
        }
        Ok(version)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{self, DatabaseUrl, PoolOptions};

    fn reader(max_age: Duration) -> (tempfile::TempDir, DbPool, VersionReader) {
        let dir = tempfile::tempdir().unwrap();
        let url = DatabaseUrl::parse(dir.path().join("version.db").to_str().unwrap()).unwrap();
        let pool = db::connect(&url, &PoolOptions::default()).unwrap();
        db::run_migrations(&mut pool.get().unwrap()).unwrap();
        let reader = VersionReader::new(pool.clone(), max_age);
        (dir, pool, reader)
    }

    #[actix_web::test]
    async fn every_answer_sees_the_writes_committed_before_it_was_asked() {
        let (_dir, pool, reader) = reader(Duration::ZERO);
        assert_eq!(reader.read().await.unwrap(), 0);
        for expected in 1..=3 {
            db::bump_data_version(&mut pool.get().unwrap()).unwrap();
            let answers = futures_util::future::join_all((0..50).map(|_| reader.read())).await;
            assert!(
                answers.iter().all(|answer| *answer.as_ref().unwrap() == expected),
                "after write {expected}: {answers:?}"
            );
        }
    }

    #[actix_web::test]
    async fn an_answer_is_reused_for_max_age_then_asked_again() {
        let (_dir, pool, reader) = reader(Duration::from_millis(200));
        assert_eq!(reader.read().await.unwrap(), 0);
        // Another instance writes: not seen while the answer is young, seen once it is old.
        db::bump_data_version(&mut pool.get().unwrap()).unwrap();
        assert_eq!(reader.read().await.unwrap(), 0);
        std::thread::sleep(Duration::from_millis(250));
        assert_eq!(reader.read().await.unwrap(), 1);
    }

    #[actix_web::test]
    async fn a_write_here_is_seen_at_once_whatever_the_max_age() {
        let (_dir, pool, reader) = reader(Duration::from_secs(3600));
        assert_eq!(reader.read().await.unwrap(), 0);
        db::bump_data_version(&mut pool.get().unwrap()).unwrap();
        reader.forget();
        assert_eq!(reader.read().await.unwrap(), 1);
    }
}

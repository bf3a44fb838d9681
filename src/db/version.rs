//! The data version for many requests at once. Every GET needs the current version (it keys
//! ETags and the response cache, and must see a write committed by any instance), but one
//! query per request would make the database the bottleneck of every read. So requests queue
//! here, and one thread answers all those waiting with a single query.
//!
//! Freshness is kept: a batch is taken from the queue before its query starts, so every request
//! in it arrived before the query, and the query sees every write committed before then.
//! Requests that arrive while a query runs wait for the next one.
//!
//! Even batched, asking costs every request two thread hops, a third of a cached read. So an
//! answer is also reused, for `max_age` after its query started (`DATA_VERSION_MAX_AGE_MS`, 10
//! ms by default; 0 asks for every request): a write committed by another instance or process is
//! seen at most that long after it. A write through this instance forgets the reused answer
//! before it replies, so whoever wrote here reads their write here at once.
//!
//! A read that finds the answer in the last quarter of its age asks for the next one in the
//! background and goes on with it: a busy instance then always has a young answer, and no read
//! waits for the database (on PostgreSQL, under load, every read arriving during that query
//! waited a round trip, every `max_age`).

use std::sync::{Arc, Mutex, MutexGuard, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

use super::{DbPool, data_version};
use crate::error::{ApiError, ApiResult};

type Reply = oneshot::Sender<ApiResult<i64>>;

/// What the thread is asked: the version for a read that waits, or a fresher answer for those
/// to come.
enum Ask {
    Wait(Reply),
    Refresh,
}

pub struct VersionReader {
    requests: mpsc::Sender<Ask>,
    latest: Arc<Mutex<Latest>>,
    max_age: Duration,
}

/// The last answer, and when its query started; when a write here last forgot it; and whether
/// a refresh has been asked and not yet answered.
#[derive(Default)]
struct Latest {
    answer: Option<(i64, Instant)>,
    forgotten: Option<Instant>,
    refreshing: bool,
}

impl Latest {
    /// Keeps an answer unless a newer one is kept, or a write here forgot answers since its
    /// query started (it may not have seen that write).
    fn keep(&mut self, version: i64, started: Instant) {
        let newer_kept = self.answer.is_some_and(|(_, kept)| kept >= started);
        let forgotten_since = self.forgotten.is_some_and(|at| at >= started);
        if !newer_kept && !forgotten_since {
            self.answer = Some((version, started));
        }
    }
}

impl VersionReader {
    /// Starts the thread that answers; it ends when the reader is dropped.
    pub fn start(pool: DbPool, max_age: Duration) -> std::io::Result<Self> {
        let (requests, queue) = mpsc::channel();
        let latest = Arc::new(Mutex::new(Latest::default()));
        let kept = latest.clone();
        thread::Builder::new()
            .name("data-version".into())
            .spawn(move || answer(&pool, &queue, &kept))?;
        Ok(VersionReader {
            requests,
            latest,
            max_age,
        })
    }

    fn latest(&self) -> MutexGuard<'_, Latest> {
        self.latest.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Called by every write through this instance once it has committed, before it replies.
    pub fn forget(&self) {
        let mut latest = self.latest();
        latest.answer = None;
        latest.forgotten = Some(Instant::now());
    }

    pub async fn read(&self) -> ApiResult<i64> {
        if !self.max_age.is_zero() {
            let mut latest = self.latest();
            if let Some((version, started)) = latest.answer {
                let age = started.elapsed();
                if age <= self.max_age {
                    if age >= self.max_age - self.max_age / 4 && !latest.refreshing {
                        latest.refreshing = self.requests.send(Ask::Refresh).is_ok();
                    }
                    return Ok(version);
                }
            }
        }
        let (reply, answer) = oneshot::channel();
        self.requests
            .send(Ask::Wait(reply))
            .map_err(|_| ApiError::internal("the data version reader has stopped"))?;
        answer
            .await
            .map_err(|_| ApiError::internal("the data version reader has stopped"))?
    }
}

fn answer(pool: &DbPool, queue: &mpsc::Receiver<Ask>, latest: &Mutex<Latest>) {
    while let Ok(first) = queue.recv() {
        let batch: Vec<Reply> = std::iter::once(first)
            .chain(queue.try_iter())
            .filter_map(|ask| match ask {
                Ask::Wait(reply) => Some(reply),
                Ask::Refresh => None,
            })
            .collect();
        let started = Instant::now();
        let version = pool
            .get()
            .map_err(ApiError::from)
            .and_then(|mut conn| Ok(data_version(&mut conn)?));
        {
            let mut latest = latest.lock().unwrap_or_else(|p| p.into_inner());
            if let Ok(version) = version {
                latest.keep(version, started);
            }
            latest.refreshing = false;
        }
        for reply in batch {
            // A request that has gone (its client hung up) no longer needs the answer.
            let _ = reply.send(version.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{self, DatabaseUrl, PoolOptions};

    #[test]
    fn every_answer_sees_the_writes_committed_before_it_was_asked() {
        let (_dir, pool, reader) = reader(Duration::ZERO);
        let runtime = runtime();
        assert_eq!(runtime.block_on(reader.read()).unwrap(), 0);
        for expected in 1..=3 {
            db::bump_data_version(&mut pool.get().unwrap()).unwrap();
            let together = futures_util::future::join_all((0..50).map(|_| reader.read()));
            let answers = runtime.block_on(together);
            assert!(
                answers.iter().all(|answer| *answer.as_ref().unwrap() == expected),
                "after write {expected}: {answers:?}"
            );
        }
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap()
    }

    fn reader(max_age: Duration) -> (tempfile::TempDir, DbPool, VersionReader) {
        let dir = tempfile::tempdir().unwrap();
        let url = DatabaseUrl::parse(dir.path().join("version.db").to_str().unwrap()).unwrap();
        let pool = db::connect(&url, &PoolOptions::default()).unwrap();
        db::run_migrations(&mut pool.get().unwrap()).unwrap();
        let reader = VersionReader::start(pool.clone(), max_age).unwrap();
        (dir, pool, reader)
    }

    #[test]
    fn an_answer_is_reused_for_max_age_then_asked_again() {
        let (_dir, pool, reader) = reader(Duration::from_millis(200));
        let runtime = runtime();
        assert_eq!(runtime.block_on(reader.read()).unwrap(), 0);
        // Another instance writes: not seen while the answer is young, seen once it is old.
        db::bump_data_version(&mut pool.get().unwrap()).unwrap();
        assert_eq!(runtime.block_on(reader.read()).unwrap(), 0);
        std::thread::sleep(Duration::from_millis(250));
        assert_eq!(runtime.block_on(reader.read()).unwrap(), 1);
    }

    #[test]
    fn a_read_late_in_the_age_is_answered_at_once_and_brings_the_next_answer() {
        let (_dir, pool, reader) = reader(Duration::from_millis(1000));
        let runtime = runtime();
        assert_eq!(runtime.block_on(reader.read()).unwrap(), 0);
        db::bump_data_version(&mut pool.get().unwrap()).unwrap();
        std::thread::sleep(Duration::from_millis(820));
        // In the last quarter of its age: still this answer, without waiting, and a refresh is
        // asked.
        assert_eq!(runtime.block_on(reader.read()).unwrap(), 0);
        let refreshed = (0..100).any(|_| {
            std::thread::sleep(Duration::from_millis(5));
            !reader.latest().refreshing
        });
        assert!(refreshed, "the refresh was answered");
        // Before the first answer's age is over, the next answer is already there.
        assert_eq!(runtime.block_on(reader.read()).unwrap(), 1);
    }

    #[test]
    fn a_write_here_is_seen_at_once_whatever_the_max_age() {
        let (_dir, pool, reader) = reader(Duration::from_secs(3600));
        let runtime = runtime();
        assert_eq!(runtime.block_on(reader.read()).unwrap(), 0);
        db::bump_data_version(&mut pool.get().unwrap()).unwrap();
        reader.forget();
        assert_eq!(runtime.block_on(reader.read()).unwrap(), 1);
    }

    #[test]
    fn an_answer_whose_query_began_before_a_write_here_is_not_kept() {
        let mut latest = Latest::default();
        let before = Instant::now();
        latest.forgotten = Some(Instant::now());
        latest.keep(4, before);
        assert!(latest.answer.is_none());
        let after = Instant::now();
        latest.keep(5, after);
        assert_eq!(latest.answer.map(|(v, _)| v), Some(5));
        // An older query finishing late does not replace a newer answer.
        latest.keep(4, before);
        assert_eq!(latest.answer.map(|(v, _)| v), Some(5));
    }
}

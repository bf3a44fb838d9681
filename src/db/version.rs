//! The data version for many requests at once. Every GET needs the current version (it keys
//! ETags and the response cache, and must see a write committed by any instance), but one
//! query per request would make the database the bottleneck of every read. So requests queue
//! here, and one thread answers all those waiting with a single query.
//!
//! Freshness is kept: a batch is taken from the queue before its query starts, so every request
//! in it arrived before the query, and the query sees every write committed before then.
//! Requests that arrive while a query runs wait for the next one.

use std::sync::mpsc;
use std::thread;

use tokio::sync::oneshot;

use super::{DbPool, data_version};
use crate::error::{ApiError, ApiResult};

type Reply = oneshot::Sender<ApiResult<i64>>;

pub struct VersionReader {
    requests: mpsc::Sender<Reply>,
}

impl VersionReader {
    /// Starts the thread that answers; it ends when the reader is dropped.
    pub fn start(pool: DbPool) -> std::io::Result<Self> {
        let (requests, queue) = mpsc::channel();
        thread::Builder::new()
            .name("data-version".into())
            .spawn(move || answer(&pool, &queue))?;
        Ok(VersionReader { requests })
    }

    pub async fn read(&self) -> ApiResult<i64> {
        let (reply, answer) = oneshot::channel();
        self.requests
            .send(reply)
            .map_err(|_| ApiError::internal("the data version reader has stopped"))?;
        answer
            .await
            .map_err(|_| ApiError::internal("the data version reader has stopped"))?
    }
}

fn answer(pool: &DbPool, queue: &mpsc::Receiver<Reply>) {
    while let Ok(first) = queue.recv() {
        let batch: Vec<Reply> = std::iter::once(first).chain(queue.try_iter()).collect();
        let version = pool
            .get()
            .map_err(ApiError::from)
            .and_then(|mut conn| Ok(data_version(&mut conn)?));
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
        let dir = tempfile::tempdir().unwrap();
        let url = DatabaseUrl::parse(dir.path().join("version.db").to_str().unwrap()).unwrap();
        let pool = db::connect(&url, &PoolOptions::default()).unwrap();
        db::run_migrations(&mut pool.get().unwrap()).unwrap();
        let reader = VersionReader::start(pool.clone()).unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
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
}

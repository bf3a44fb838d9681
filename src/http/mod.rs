//! The HTTP layer: one module per resource, one route table, and the plumbing they share.

pub mod agreements;
pub mod auth;
pub mod body;
pub mod caching;
pub mod changes;
pub mod citations;
pub mod collection;
pub mod cors;
pub mod counts;
pub mod docs;
pub mod editions;
pub mod encoding;
pub mod fallback;
pub mod figures;
pub mod import;
pub mod metrics;
pub mod observe;
pub mod organizations;
pub mod params;
pub mod people;
pub mod response_cache;
pub mod root;
pub mod series;
pub mod sessions;
pub mod shape;
pub mod sources;
pub mod spec;
pub mod summary;
pub mod system;
pub mod tokens;
pub mod vary;
pub mod write;

use std::sync::Arc;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;

use crate::config::Settings;
use crate::db::{self, DbConnection, DbPool};
use crate::error::{ApiError, ApiResult};

/// Runs database work on the blocking pool, so that request threads never wait on I/O.
#[derive(Clone)]
pub struct Db {
    pool: DbPool,
    /// Writers take turns here, first come first served, before they take a connection. The
    /// database serialises writers anyway (SQLite's file lock; the data version's row lock on
    /// PostgreSQL), but SQLite's busy handler retries by sleeping, which made a crowd of
    /// writers wait hundreds of milliseconds; and a queue of writers holding pooled
    /// connections would leave none for reads.
    writers: Arc<tokio::sync::Mutex<()>>,
    versions: Arc<db::VersionReader>,
}

/// What a write closure returns: its value, and whether it changed anything (if not,
/// the transaction is rolled back and the data version stays, so ETags stay valid).
pub struct Written<T> {
    pub value: T,
    pub changed: bool,
}

enum Rollback<T> {
    Unchanged(T),
    Failed(ApiError),
}

impl<T> From<diesel::result::Error> for Rollback<T> {
    fn from(error: diesel::result::Error) -> Self {
        Rollback::Failed(error.into())
    }
}

impl Db {
    /// `version_max_age`: how long one reading of the data version serves the reads after it.
    pub fn new(pool: DbPool, version_max_age: std::time::Duration) -> std::io::Result<Self> {
        Ok(Db {
            versions: Arc::new(db::VersionReader::start(pool.clone(), version_max_age)?),
            pool,
            writers: Arc::default(),
        })
    }

    /// The data version, which every versioned GET reads first: from the version reader, with
    /// one query for all the requests waiting.
    pub async fn version(&self) -> ApiResult<i64> {
        self.versions.read().await
    }

    pub fn pool(&self) -> &DbPool {
        &self.pool
    }

    /// Runs `f`, which only reads, with a pooled connection.
    pub async fn read<T, F>(&self, f: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> ApiResult<T> + Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await?
    }

    /// Runs `f`, which writes and manages its own transaction (an import, a token), in its
    /// turn among this process's writers.
    pub async fn run_writer<T, F>(&self, f: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> ApiResult<T> + Send + 'static,
    {
        let turn = self.writers.clone().lock_owned().await;
        let pool = self.pool.clone();
        let versions = self.versions.clone();
        web::block(move || {
            // Held until the work is done, even if the client has gone.
            let _turn = turn;
            let mut conn = pool.get()?;
            let outcome = f(&mut conn);
            // Whatever it wrote is committed (or rolled back) by now; reads after this reply
            // must ask the database.
            versions.forget();
            outcome
        })
        .await?
    }

    /// Runs `f` in a write transaction. `f` gets the data version as it was before this
    /// write (for `If-Match`); the transaction holds the write lock from its first statement.
    pub async fn write<T, F>(&self, f: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection, i64) -> ApiResult<Written<T>> + Send + 'static,
    {
        self.run_writer(move |conn| {
            use diesel::Connection;
            let outcome = conn.transaction::<T, Rollback<T>, _>(|conn| {
                let version = db::bump_data_version(conn)?;
                match f(conn, version - 1) {
                    Ok(Written { value, changed: true }) => Ok(value),
                    Ok(Written { value, changed: false }) => Err(Rollback::Unchanged(value)),
                    Err(error) => Err(Rollback::Failed(error)),
                }
            });
            match outcome {
                Ok(value) | Err(Rollback::Unchanged(value)) => Ok(value),
                Err(Rollback::Failed(error)) => Err(error),
            }
        })
        .await
    }
}

/// What every handler can reach.
pub struct AppState {
    pub db: Db,
    pub settings: Settings,
    pub rate_limiter: Option<auth::WriteLimiter>,
    pub docs: docs::Document,
    pub routes: fallback::RouteTable,
    pub metrics: observe::Metrics,
    pub counts: counts::CountCache,
    pub responses: response_cache::ResponseCache,
    pub shapes: std::sync::Arc<shape::Shapes>,
}

pub type State = web::Data<AppState>;

pub fn state(db: Db, settings: Settings, docs: docs::Document, metrics: observe::Metrics) -> AppState {
    let rate_limiter = auth::write_limiter(settings.write_rate_limit);
    let settings_cache_bytes = settings.response_cache_bytes;
    let shapes = std::sync::Arc::new(shape::Shapes::new(
        &serde_json::from_slice(&docs.json).expect("the served document is JSON"),
    ));
    let routes = fallback::RouteTable::from_openapi(&docs.openapi).with_pages(crate::pages::ROUTES);
    AppState {
        db,
        settings,
        rate_limiter,
        docs,
        routes,
        metrics,
        counts: counts::CountCache::default(),
        responses: response_cache::ResponseCache::new(settings_cache_bytes),
        shapes,
    }
}

/// The one layer every request to the API and the pages passes, not three (each layer costs
/// every request a boxed call): its target holds no NUL, a read has a token where reads need
/// one, and a GET is then answered from the response cache or conditionally.
pub async fn gate(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let admitted = match params::refuse_nul(&req) {
        Ok(()) => auth::read_allowed(&req).await,
        refused => refused,
    };
    if let Err(error) = admitted {
        return Ok(req.error_response(error));
    }
    caching::conditional_get(req, next).await
}

/// The API's route table: every resource under `/api/v1`.
pub fn api_routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    root::routes(cfg);
    editions::routes(cfg);
    figures::routes(cfg);
    series::routes(cfg);
    metrics::routes(cfg);
    sources::routes(cfg);
    organizations::routes(cfg);
    people::routes(cfg);
    sessions::routes(cfg);
    agreements::routes(cfg);
    import::routes(cfg);
    changes::routes(cfg);
    tokens::routes(cfg);
    docs::routes(cfg);
}

/// Routes outside `/api/v1`: health, readiness, Prometheus metrics.
pub fn system_routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    system::routes(cfg);
}

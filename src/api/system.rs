//! Outside `/api/v1`: is the process up, does the database answer, and the metrics.

use actix_web::http::header;
use actix_web::{HttpResponse, get};
use serde::Serialize;
use utoipa::ToSchema;

use crate::api::docs::ParameterErrors;
use crate::db;
use crate::error::ApiError;
use crate::serving::State;
use crate::serving::observe::Metrics;
use crate::web::params::{NoParams, Query};
use prometheus::{
    IntGauge, IntGaugeVec, Registry, register_int_gauge_vec_with_registry, register_int_gauge_with_registry,
};

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Readiness {
    #[schema(example = "ready")]
    pub status: String,
    /// `sqlite` or `postgres`.
    #[schema(example = "sqlite")]
    pub database: String,
    /// The current data version (moves with every write).
    pub data_version: i64,
}

/// The process answers.
#[utoipa::path(
    tag = "operations",
    responses((status = 200, description = "The process is up", body = Health), ParameterErrors)
)]
#[get("/healthz")]
pub async fn healthz(_: Query<NoParams>) -> HttpResponse {
    HttpResponse::Ok().insert_header((header::CACHE_CONTROL, "no-store")).json(Health { status: "ok".into() })
}

/// The database answers.
#[utoipa::path(
    tag = "operations",
    responses(
        (status = 200, description = "The database answers", body = Readiness),
        (status = 503, description = "The database does not answer", body = crate::error::Problem, content_type = "application/problem+json"),
        ParameterErrors,
    )
)]
#[get("/readyz")]
pub async fn readyz(state: State, _: Query<NoParams>) -> Result<HttpResponse, ApiError> {
    let backend = state.settings.database.backend;
    let version =
        state.db.read(|conn| db::data_version(conn).map_err(|e| ApiError::Unavailable(e.to_string()))).await.map_err(
            |e| match e {
                ApiError::Internal(cause) => ApiError::Unavailable(cause),
                other => other,
            },
        )?;
    Ok(HttpResponse::Ok().insert_header((header::CACHE_CONTROL, "no-store")).json(Readiness {
        status: "ready".into(),
        database: backend.name().into(),
        data_version: version,
    }))
}

/// Prometheus metrics: requests by route template and status, latency, the pool, database errors.
#[utoipa::path(
    tag = "operations",
    responses((status = 200, description = "Prometheus text format", body = String, content_type = "text/plain; version=0.0.4"), ParameterErrors)
)]
#[get("/metrics")]
pub async fn metrics(
    state: State,
    metrics: actix_web::web::Data<Metrics>,
    pool: actix_web::web::Data<PoolGauges>,
    _: Query<NoParams>,
) -> HttpResponse {
    pool.read(&state);
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(metrics.render())
}

/// The pool's connections, read when the metrics are asked for.
pub struct PoolGauges {
    connections: IntGaugeVec,
    max: IntGauge,
}

impl PoolGauges {
    pub fn register(registry: &Registry) -> prometheus::Result<Self> {
        Ok(PoolGauges {
            connections: register_int_gauge_vec_with_registry!(
                "db_pool_connections",
                "Pooled database connections by state",
                &["state"],
                registry
            )?,
            max: register_int_gauge_with_registry!(
                "db_pool_max_connections",
                "Largest number of pooled connections",
                registry
            )?,
        })
    }

    fn read(&self, state: &State) {
        let pool = state.db.pool();
        let now = pool.state();
        let in_use = now.connections - now.idle_connections;
        self.connections.with_label_values(&["idle"]).set(i64::from(now.idle_connections));
        self.connections.with_label_values(&["in_use"]).set(i64::from(in_use));
        self.max.set(i64::from(pool.max_size()));
    }
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(healthz).service(readyz).service(metrics);
}

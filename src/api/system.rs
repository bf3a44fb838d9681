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
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(Health { status: "ok".into() })
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
    let version = state
        .db
        .read(|conn| db::data_version(conn).map_err(|e| ApiError::Unavailable(e.to_string())))
        .await
        .map_err(|e| match e {
            ApiError::Internal(cause) => ApiError::Unavailable(cause),
            other => other,
        })?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(Readiness {
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
pub async fn metrics(state: State, metrics: actix_web::web::Data<Metrics>, _: Query<NoParams>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(metrics.render(&state))
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(healthz).service(readyz).service(metrics);
}

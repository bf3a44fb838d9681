//! What operators see: a request id on every response, an access log line per request, and
//! Prometheus metrics (requests by route template and status, latency, pool, database errors).

use std::time::Instant;

use actix_web::HttpMessage;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry, TextEncoder,
};

use crate::error::ApiError;
use crate::http::State;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The id of the request being served.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    pool: IntGaugeVec,
    pool_max: IntGauge,
    db_errors: IntCounter,
}

impl Metrics {
    pub fn new() -> Self {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new(
                "http_requests_total",
                "HTTP requests by method, route template and status",
            ),
            &["method", "route", "status"],
        )
        .expect("valid metric");
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "http_request_duration_seconds",
                "Time to answer, by method and route template",
            )
            .buckets(vec![
                0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
            ]),
            &["method", "route"],
        )
        .expect("valid metric");
        let pool = IntGaugeVec::new(
            Opts::new("db_pool_connections", "Pooled database connections by state"),
            &["state"],
        )
        .expect("valid metric");
        let pool_max =
            IntGauge::new("db_pool_max_connections", "Largest number of pooled connections").expect("valid metric");
        let db_errors =
            IntCounter::new("db_errors_total", "Requests that failed because of the database").expect("valid metric");
        for collector in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(latency.clone()),
            Box::new(pool.clone()),
            Box::new(pool_max.clone()),
            Box::new(db_errors.clone()),
        ] {
            registry.register(collector).expect("metric registered once");
        }
        Metrics {
            registry,
            requests,
            latency,
            pool,
            pool_max,
            db_errors,
        }
    }

    /// The Prometheus text exposition, with the pool read now.
    pub fn render(&self, pool: &crate::db::DbPool) -> String {
        let state = pool.state();
        self.pool
            .with_label_values(&["idle"])
            .set(i64::from(state.idle_connections));
        self.pool
            .with_label_values(&["in_use"])
            .set(i64::from(state.connections - state.idle_connections));
        self.pool_max.set(i64::from(pool.max_size()));
        let mut out = Vec::new();
        TextEncoder::new()
            .encode(&self.registry.gather(), &mut out)
            .expect("text encoding cannot fail");
        String::from_utf8(out).unwrap_or_default()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

/// Takes the caller's `X-Request-Id` when it is sane, else makes one.
fn request_id(req: &ServiceRequest) -> String {
    req.headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 128 && v.bytes().all(|b| b.is_ascii_graphic()))
        .map(str::to_string)
        // From the thread's generator: the OS's, as `new_v4` would use, is a syscall per request.
        .unwrap_or_else(|| uuid::Builder::from_random_bytes(rand::random()).into_uuid().to_string())
}

pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let started = Instant::now();
    let id = request_id(&req);
    req.extensions_mut().insert(RequestId(id.clone()));
    let method = req.method().to_string();
    let state = req.app_data::<State>().cloned();
    // Handlers' errors arrive here already rendered as responses.
    let mut response = next.call(req).await?.map_into_boxed_body();
    let route = state
        .as_ref()
        .and_then(|state| state.routes.template(response.request().path()).map(str::to_string))
        .or_else(|| response.request().match_pattern())
        .unwrap_or_else(|| "unmatched".to_string());
    let status = response.status();
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    let elapsed = started.elapsed();
    if let Some(state) = &state {
        state
            .metrics
            .requests
            .with_label_values(&[&method, &route, status.as_str()])
            .inc();
        state
            .metrics
            .latency
            .with_label_values(&[&method, &route])
            .observe(elapsed.as_secs_f64());
        let error = response.response().error().and_then(|e| {
            e.as_error::<ApiError>()
                .or_else(|| e.as_error::<crate::pages::errors::PageError>().map(|p| &p.0))
        });
        if let Some(ApiError::Unavailable(_) | ApiError::Internal(_)) = error {
            state.metrics.db_errors.inc();
        }
    }
    log::info!(
        target: "access",
        "{method} {route} {} {:.2}ms request_id={id}",
        status.as_u16(),
        elapsed.as_secs_f64() * 1000.0
    );
    Ok(response)
}

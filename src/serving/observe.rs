//! What operators see: a request id on every answer, an access log line per request, and
//! Prometheus metrics. Labels are bounded whatever clients send: a method the service does not
//! know is `other`, a route is its template (`/api/v1/editions/{year}`) or `unmatched`.

use std::time::Instant;

use actix_web::HttpRequest;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web::Data;
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, Registry, TextEncoder,
    register_histogram_vec_with_registry, register_int_counter_vec_with_registry, register_int_counter_with_registry,
};

use super::State;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The route template an answer was made by; kept with cached answers, which are never routed.
#[derive(Debug, Clone)]
pub struct Route(pub String);

const METHODS: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/// The request metrics; others (the database's gauges) register in the same `registry`.
pub struct Metrics {
    pub registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    db_errors: IntCounter,
}

impl Metrics {
    pub fn new() -> prometheus::Result<Self> {
        let registry = Registry::new();
        let buckets = vec![0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5];
        let latency = HistogramOpts::new("http_request_duration_seconds", "Time to answer, by method and route");
        Ok(Metrics {
            requests: register_int_counter_vec_with_registry!(
                "http_requests_total",
                "HTTP requests by method, route template and status",
                &["method", "route", "status"],
                registry
            )?,
            latency: register_histogram_vec_with_registry!(latency.buckets(buckets), &["method", "route"], registry)?,
            db_errors: register_int_counter_with_registry!("db_errors_total", "Answers that were 5xx", registry)?,
            registry,
        })
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let mut out = Vec::new();
        // Writing text into a Vec cannot fail.
        let _ = TextEncoder::new().encode(&self.registry.gather(), &mut out);
        String::from_utf8(out).unwrap_or_default()
    }
}

/// The client's address: the peer's, or the one a trusted proxy forwarded.
pub fn client_address(req: &HttpRequest) -> String {
    let peer = req.peer_addr().map(|a| a.ip());
    let trusted =
        req.app_data::<State>().is_some_and(|s| peer.is_some_and(|p| s.settings.trusted_proxies.contains(&p)));
    let forwarded = trusted.then(|| req.connection_info().realip_remote_addr().map(str::to_string));
    match (forwarded.flatten(), peer) {
        (Some(address), _) => address,
        (None, Some(ip)) => ip.to_string(),
        (None, None) => "-".into(),
    }
}

/// Takes the caller's `X-Request-Id` when it is sane, else makes one.
fn request_id(req: &ServiceRequest) -> String {
    req.headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 128 && v.bytes().all(|b| b.is_ascii_graphic()))
        .map(str::to_string)
        .unwrap_or_else(|| uuid::Builder::from_random_bytes(rand::random()).into_uuid().to_string())
}

pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let started = Instant::now();
    let id = request_id(&req);
    let method = METHODS.into_iter().find(|m| *m == req.method().as_str()).unwrap_or("other");
    let client = client_address(req.request());
    let mut response = next.call(req).await?.map_into_boxed_body();
    let kept_route = response.response().extensions().get::<Route>().map(|r| r.0.clone());
    let route = kept_route.or_else(|| response.request().match_pattern()).unwrap_or_else(|| "unmatched".into());
    let status = response.status();
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    let elapsed = started.elapsed();
    if let Some(metrics) = response.request().app_data::<Data<Metrics>>() {
        metrics.requests.with_label_values(&[method, &route, status.as_str()]).inc();
        metrics.latency.with_label_values(&[method, &route]).observe(elapsed.as_secs_f64());
        // Every 5xx is the database's: the service fails on nothing else it does not report.
        if status.is_server_error() {
            metrics.db_errors.inc();
        }
    }
    log::info!(
        target: "access",
        "{method} {route} {} {:.2}ms request_id={id} client={client}",
        status.as_u16(),
        elapsed.as_secs_f64() * 1000.0
    );
    Ok(response)
}

//! Everything between the socket and the handlers, for the API and the pages alike. The layers,
//! outside in (`startup` wraps them in this order):
//!
//! 1. `observe`: a request id, the access log, Prometheus metrics;
//! 2. `compress`: what goes out uncompressed is compressed by `Accept-Encoding`;
//! 3. `errors`: every error answer as problem+json or as a page, by route;
//! 4. `cors`: actix-cors and what it may add;
//! 5. `routes::head_as_get`, then the route table, and in the API's and the pages' scopes
//!    `gate`: a target with a NUL is refused, and a GET is answered by `cache` when it can be.
//!
//! `negotiate` reads what a request asks for; `routes` answers what no route takes.

pub mod cache;
pub mod compress;
pub mod cors;
pub mod errors;
pub mod negotiate;
pub mod observe;
pub mod routes;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;

use crate::config::Settings;
use crate::db::Db;
use crate::error::ApiError;
use crate::queries::counts::CountCache;

/// What every handler can reach.
pub struct AppState {
    pub db: Db,
    pub settings: Settings,
    /// Collections' totals, counted once per data version.
    pub counts: CountCache,
    /// The service's own address, as absolute links begin (`PUBLIC_URL`, else where it listens):
    /// never from the request's headers, which anyone can set.
    pub public_url: String,
}

pub type State = web::Data<AppState>;

/// The layer in the API's and the pages' scopes.
pub async fn gate(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    // No key or value holds a NUL, and PostgreSQL cannot even compare text that does.
    let target = req.uri().path_and_query().map_or("", |t| t.as_str());
    if target.contains("%00") {
        let error = ApiError::invalid_parameter("the path or a query parameter holds a NUL character (%00)");
        return Ok(req.error_response(error));
    }
    cache::conditional_get(req, next).await
}

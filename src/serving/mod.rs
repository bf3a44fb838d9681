//! Everything between the socket and the handlers, for the API and the pages alike. The layers,
//! outside in as `startup` wraps them: `observe` (request ids, access log, metrics), `compress`,
//! `errors` (problem+json or a page, by route), `cors`, `routes::head_as_get`; then in the API's
//! and the pages' scopes `cache::conditional_get`: a GET answered from the cache if it can be.
//! `negotiate` reads what a request asks for; `routes` answers what no route takes.

pub mod cache;
pub mod compress;
pub mod cors;
pub mod errors;
pub mod negotiate;
pub mod observe;
pub mod routes;

use actix_web::web;

use crate::config::Settings;
use crate::db::Db;
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

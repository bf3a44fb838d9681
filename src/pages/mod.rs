//! The explorer: HTML pages for people who read the figures rather than program against them,
//! from the same binary and the same queries as the API (`src/queries/`). One handler module
//! per area; this file is their route table.
//!
//! Pages answer only what the API would: every value comes from the query the API's twin
//! uses, and every page names that twin (`<link rel="alternate" type="application/json">`).
//! They get the API's ETags, 304s and response cache (`http::caching`), and headers of their
//! own: a strict Content-Security-Policy (`security`) and HTML error pages (`errors`).

pub mod agreements;
pub mod assets;
pub mod editions;
pub mod errors;
pub mod home;
pub mod metrics;
pub mod organizations;
pub mod people;
pub mod render;
pub mod search;
pub mod security;
pub mod sessions;
pub mod sources;
pub mod views;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::{Next, from_fn};
use actix_web::web;
use serde::Deserialize;

use crate::web::params;

/// Every page route, as metrics and logs name it. Not API operations, so not in the OpenAPI
/// document.
pub const ROUTES: &[&str] = &[
    "/",
    "/editions/{year}",
    "/metrics/{code}",
    "/sessions/{id}",
    "/people/{key}",
    "/organizations/{key}",
    "/agreements/{id}",
    "/sources/{key}",
    "/search",
    "/static/{file}",
];

pub use crate::web::params::NoParams;

/// The pages of figures (an edition, a metric) take the API's `as_of`, from a date picker: a
/// form sends an empty field when no date is picked, which means no date.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AsOfParams {
    #[serde(default, deserialize_with = "picked_date")]
    pub as_of: Option<chrono::NaiveDate>,
}

fn picked_date<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<chrono::NaiveDate>, D::Error> {
    let text = String::deserialize(deserializer)?;
    match text.as_str() {
        "" => Ok(None),
        day => params::parse_day(day)
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom(format!("`{day}` is not a date written YYYY-MM-DD"))),
    }
}

/// What a page of figures shows of its `as_of`: the picked date, and what it left out.
pub struct AsOfView {
    /// `2025-11-01`, for the date input (empty when none).
    pub value: String,
    /// «1 ноября 2025».
    pub text: Option<String>,
    pub left_out: usize,
    pub undated: usize,
    pub reported_later: usize,
    /// `?as_of=2025-11-01`, to carry the date into the API twin's links (empty when none).
    pub query: String,
}

impl AsOfView {
    pub fn new(asked: Option<chrono::NaiveDate>, tally: Option<&crate::domain::views::AsOf>) -> Self {
        AsOfView {
            value: asked.map(|d| d.to_string()).unwrap_or_default(),
            text: asked.map(crate::ru::date),
            left_out: tally.map_or(0, |t| t.left_out),
            undated: tally.map_or(0, |t| t.undated),
            reported_later: tally.map_or(0, |t| t.reported_later),
            query: asked.map(|d| format!("?as_of={d}")).unwrap_or_default(),
        }
    }
}

/// The pages, mounted last: the scope takes every path the API, the docs and the system
/// routes did not, so paths nothing serves also reach the default service through
/// `finish` (which leaves API paths their problem+json).
pub fn routes(cfg: &mut web::ServiceConfig) {
    // A scope, so that a page's path is told apart from it by its prefix, not by a pattern.
    cfg.service(web::scope("/static").service(web::resource("/{file}").get(assets::serve))).service(
        web::scope("")
            // A path parameter of the wrong kind (`/editions/notayear`) is a 400 page.
            .app_data(web::PathConfig::default().error_handler(|error, _| {
                crate::error::ApiError::invalid_parameter(format!("invalid path: {error}")).into()
            }))
            .wrap(from_fn(crate::serving::cache::conditional_get))
            .wrap(from_fn(crate::web::auth::reads))
            .wrap(from_fn(crate::web::params::refuse_nul))
            .wrap(from_fn(secure))
            // As resources, so that another method is a 405 here rather than a 404 below.
            .service(web::resource("/").get(home::show))
            .service(web::resource("/editions/{year}").get(editions::show))
            .service(web::resource("/metrics/{code}").get(metrics::show))
            .service(web::resource("/sessions/{id}").get(sessions::show))
            .service(web::resource("/people/{key}").get(people::show))
            .service(web::resource("/organizations/{key}").get(organizations::show))
            .service(web::resource("/agreements/{id}").get(agreements::show))
            .service(web::resource("/sources/{key}").get(sources::show))
            .service(web::resource("/search").get(search::show)),
    );
}

/// Every answer on a page route carries the pages' security headers, 304s and cached answers
/// included (error pages get them where they are made, in `errors`).
async fn secure(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let mut response = next.call(req).await?.map_into_boxed_body();
    security::apply(response.headers_mut());
    Ok(response)
}

/// Every row, in one order: for lists a page shows whole.
pub(crate) fn whole<F>(field: F, descending: bool) -> crate::queries::PageRequest<F> {
    crate::queries::PageRequest {
        sort: vec![crate::queries::SortKey { field, descending }],
        cursor: None,
        limit: crate::queries::Limit::All,
    }
}

/// The first `n` rows, in one order: for lists that may be long (search, an organisation's
/// sessions); the page says when there are more.
pub(crate) fn first<F>(n: i64, field: F, descending: bool) -> crate::queries::PageRequest<F> {
    crate::queries::PageRequest { limit: crate::queries::Limit::Rows(n), ..whole(field, descending) }
}

//! CORS: any page may read; writing from a browser needs its origin listed. actix-cors answers
//! preflights and checks origins; `trim` keeps its headers to the answers they mean something to.

use actix_cors::Cors;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderName};
use actix_web::middleware::Next;

use super::negotiate::vary;
use super::observe::REQUEST_ID;
use crate::config::CorsOrigins;

/// The policy for the configured origins, exposing the headers the API sets beside bodies.
/// `Vary` is left to `trim`.
pub fn policy(origins: &CorsOrigins, exposed: &[&'static str]) -> Cors {
    let cors = Cors::default()
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::ACCEPT_LANGUAGE,
            header::IF_MATCH,
            header::IF_NONE_MATCH,
            REQUEST_ID,
        ])
        .expose_headers(
            [header::LINK, header::ETAG, header::LOCATION, header::RETRY_AFTER, REQUEST_ID]
                .into_iter()
                .chain(exposed.iter().map(|name| HeaderName::from_static(name))),
        )
        .disable_vary_header()
        .max_age(3600);
    match origins {
        CorsOrigins::Any => cors.allow_any_origin().allowed_methods(["GET", "HEAD", "OPTIONS"]),
        CorsOrigins::List(list) => list
            .iter()
            .fold(cors, |cors, origin| cors.allowed_origin(origin))
            .allowed_methods(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]),
    }
}

/// actix-cors lists the exposed headers on every answer and names a preflight's request headers
/// in every `Vary`: bytes wasted on curl, servers and same-origin pages, which send no `Origin`
/// and read every header anyway. Here the list goes only to requests that carry `Origin`; every
/// answer varies by `Origin` (a shared cache must not hand an answer without CORS headers to a
/// page of another origin), and preflights by their request headers too.
pub async fn trim(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let cross_origin = req.headers().contains_key(header::ORIGIN);
    let preflight = req.method() == Method::OPTIONS;
    let mut response = next.call(req).await?;
    let headers = response.headers_mut();
    if !cross_origin {
        headers.remove(header::ACCESS_CONTROL_EXPOSE_HEADERS);
    }
    if preflight {
        vary(headers, &["Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers"]);
    } else {
        vary(headers, &["Origin"]);
    }
    Ok(response)
}

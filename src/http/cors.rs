//! CORS: any page may read; writing from a browser needs its origin listed. actix-cors answers
//! preflights and checks origins; `trim` keeps its headers to the answers they mean something to.

use actix_cors::Cors;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderName};
use actix_web::middleware::Next;

use super::{collection, observe, vary};
use crate::config::CorsOrigins;

/// The policy for the configured origins. `Vary` is left to `trim`.
pub fn policy(origins: &CorsOrigins) -> Cors {
    let cors = Cors::default()
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::IF_MATCH,
            header::IF_NONE_MATCH,
            observe::REQUEST_ID,
        ])
        .expose_headers([
            header::LINK,
            header::ETAG,
            header::LOCATION,
            header::RETRY_AFTER,
            HeaderName::from_static(collection::TOTAL_COUNT),
            HeaderName::from_static(collection::AS_OF),
            HeaderName::from_static(collection::LEFT_OUT),
            HeaderName::from_static(collection::LEFT_OUT_UNDATED),
            HeaderName::from_static(collection::LEFT_OUT_LATER),
            observe::REQUEST_ID,
        ])
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

/// Wraps the policy. actix-cors lists the exposed headers on every answer and names the
/// preflight's request headers in every `Vary`: 250 bytes of each answer to curl, a server or a
/// same-origin page, which send no `Origin` and read every header anyway. Here the list goes
/// only to requests that carry `Origin`; `Vary` names `Origin` on every answer (a shared cache
/// must not hand an answer without CORS headers to a page of another origin), and the
/// preflight's headers on answers to `OPTIONS`.
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
        vary::add(
            headers,
            &[
                "Origin",
                "Access-Control-Request-Method",
                "Access-Control-Request-Headers",
            ],
        );
    } else {
        vary::add(headers, &["Origin"]);
    }
    Ok(response)
}

//! Requests no route takes: 404, or 405 with `Allow` when the path exists for other methods.
//! HEAD, which `Allow` lists wherever GET is, is served by the GET route.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse};

use crate::error::ApiError;

/// Paths whose errors are problem+json: the API's and the operators'. Every other path is a
/// page's, whose errors are pages.
pub fn is_api_path(path: &str) -> bool {
    let under = |prefix: &str| path.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
    under("/api") || under("/docs") || ["/healthz", "/readyz", "/metrics"].contains(&path)
}

/// Every route template with the methods it takes.
#[derive(Debug)]
pub struct RouteTable {
    routes: Vec<(Vec<Option<String>>, Vec<String>)>,
}

impl RouteTable {
    /// From `(template, methods)`: the API's from its OpenAPI document, the pages' GET and HEAD.
    pub fn new(routes: impl IntoIterator<Item = (String, Vec<String>)>) -> Self {
        let segments = |template: &str| -> Vec<Option<String>> {
            template.trim_start_matches('/').split('/').map(|s| (!s.starts_with('{')).then(|| s.to_string())).collect()
        };
        RouteTable { routes: routes.into_iter().map(|(template, methods)| (segments(&template), methods)).collect() }
    }

    /// The methods a path takes, if any route matches it; a trailing slash is another path.
    pub fn allowed(&self, path: &str) -> Option<&[String]> {
        let parts: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
        self.routes.iter().find_map(|(segments, methods)| {
            let matches = segments.len() == parts.len()
                && segments.iter().zip(&parts).all(|(s, p)| match s {
                    Some(literal) => literal == p,
                    None => !p.is_empty(),
                });
            matches.then_some(methods.as_slice())
        })
    }
}

/// The app's default service: what no route took.
pub async fn not_routed(req: HttpRequest, table: Data<RouteTable>) -> Result<HttpResponse, ApiError> {
    Err(match table.allowed(req.path()) {
        Some(allow) => ApiError::MethodNotAllowed { method: req.method().to_string(), allow: allow.to_vec() },
        None if is_api_path(req.path()) => {
            ApiError::NotFound(format!("no resource at {}; the API is described at /api/v1/openapi.json", req.path()))
        }
        None => ApiError::NotFound(format!("nothing is served at {}", req.path())),
    })
}

/// Routes a HEAD request as a GET: the handlers are declared for GET only. The connection
/// still knows the request was a HEAD, and sends the headers but no body.
pub async fn head_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    next.call(req).await
}

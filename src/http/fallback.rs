//! Requests no route takes: 404, or 405 with `Allow` when the path exists for other methods;
//! problem+json under the API and the system routes, an HTML page elsewhere (a person typed
//! it). The route table is read from the OpenAPI document, so it cannot drift from the
//! handlers, plus the explorer's page routes for metrics and logs.
//! HEAD, which `Allow` lists wherever GET is, is served by the GET route.

use actix_web::HttpRequest;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;

use crate::error::ApiError;

#[derive(Debug, Clone)]
enum Segment {
    Literal(String),
    Parameter,
}

#[derive(Debug, Clone)]
struct Route {
    template: String,
    segments: Vec<Segment>,
    methods: Vec<String>,
}

impl Route {
    fn matches(&self, parts: &[&str]) -> bool {
        self.segments.len() == parts.len()
            && self.segments.iter().zip(parts).all(|(s, p)| match s {
                Segment::Literal(l) => l == p,
                Segment::Parameter => !p.is_empty(),
            })
    }
}

#[derive(Debug, Clone, Default)]
pub struct RouteTable {
    routes: Vec<Route>,
}

impl RouteTable {
    pub fn from_openapi(openapi: &utoipa::openapi::OpenApi) -> Self {
        let mut routes = Vec::new();
        for (path, item) in &openapi.paths.paths {
            let segments = path
                .trim_matches('/')
                .split('/')
                .map(|s| {
                    if s.starts_with('{') && s.ends_with('}') {
                        Segment::Parameter
                    } else {
                        Segment::Literal(s.to_string())
                    }
                })
                .collect();
            let value = serde_json::to_value(item).unwrap_or_default();
            let mut methods: Vec<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
                .iter()
                .filter(|m| value.get(**m).is_some())
                .map(|m| m.to_uppercase())
                .collect();
            if methods.contains(&"GET".to_string()) && !methods.contains(&"HEAD".to_string()) {
                methods.push("HEAD".into());
            }
            routes.push(Route {
                template: path.clone(),
                segments,
                methods,
            });
        }
        RouteTable { routes }
    }

    /// With routes outside the OpenAPI document (the explorer's pages), GET and HEAD only.
    pub fn with_pages(mut self, templates: &[&str]) -> Self {
        for template in templates {
            let segments = template
                .trim_matches('/')
                .split('/')
                .map(|s| {
                    if s.starts_with('{') && s.ends_with('}') {
                        Segment::Parameter
                    } else {
                        Segment::Literal(s.to_string())
                    }
                })
                .collect();
            self.routes.push(Route {
                template: template.to_string(),
                segments,
                methods: vec!["GET".into(), "HEAD".into()],
            });
        }
        self
    }

    /// The methods a path allows, if any route matches it.
    /// A trailing slash is another path (`/api/v1/editions/` is not the collection).
    pub fn allowed(&self, path: &str) -> Option<Vec<String>> {
        let parts: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
        self.routes
            .iter()
            .find(|route| route.matches(&parts))
            .map(|route| route.methods.clone())
    }

    /// The template of the documented route that `path` is (`/api/v1/editions/{year}`), for
    /// metrics and logs. Cheaper than asking actix's router again, which matches every
    /// pattern by regex; and a cached answer was never routed at all.
    pub fn template(&self, path: &str) -> Option<&str> {
        let parts: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
        self.routes
            .iter()
            .find(|route| route.matches(&parts))
            .map(|route| route.template.as_str())
    }
}

/// Paths whose errors are problem+json: the API's and the system routes'. Every other path is
/// the explorer's, whose errors are pages.
pub fn is_api_path(path: &str) -> bool {
    let under = |prefix: &str| path == prefix || path.starts_with(&format!("{prefix}/"));
    under("/api") || under("/docs") || ["/healthz", "/readyz", "/metrics"].contains(&path)
}

/// The app's default service.
pub async fn not_routed(req: HttpRequest, state: crate::http::State) -> Result<actix_web::HttpResponse, ApiError> {
    if !is_api_path(req.path()) {
        return Ok(crate::pages::errors::not_found(req.path()));
    }
    Err(match state.routes.allowed(req.path()) {
        Some(allow) => ApiError::MethodNotAllowed {
            method: req.method().to_string(),
            allow,
        },
        None => ApiError::NotFound(format!(
            "no resource at {}; the API is described at /api/v1/openapi.json",
            req.path()
        )),
    })
}

/// Routes a HEAD request as a GET: the handlers are declared for GET only, and HTTP's HEAD is
/// the same answer without its body. The connection still knows the request was a HEAD and
/// sends the headers (Content-Length included) but no body.
pub async fn head_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    next.call(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_name_documented_routes_exactly() {
        let table = RouteTable::from_openapi(&crate::http::docs::Document::build().openapi);
        assert_eq!(table.template("/api/v1/editions"), Some("/api/v1/editions"));
        assert_eq!(table.template("/api/v1/editions/2025"), Some("/api/v1/editions/{year}"));
        assert_eq!(
            table.template("/api/v1/editions/2025/figures"),
            Some("/api/v1/editions/{year}/figures")
        );
        assert_eq!(table.template("/api/v1/openapi.json"), Some("/api/v1/openapi.json"));
        assert_eq!(table.template("/healthz"), Some("/healthz"));
        assert_eq!(table.template("/api/v1/editions/"), None, "an empty segment is no year");
        assert_eq!(table.template("/api/v1/nothing"), None);
        assert_eq!(table.template("api/v1/editions"), None);
    }

    #[test]
    fn pages_have_templates_but_are_not_api_paths() {
        let table =
            RouteTable::from_openapi(&crate::http::docs::Document::build().openapi).with_pages(crate::pages::ROUTES);
        assert_eq!(table.template("/"), Some("/"));
        assert_eq!(table.template("/editions/2025"), Some("/editions/{year}"));
        assert_eq!(table.template("/metrics"), Some("/metrics"), "Prometheus keeps its own");
        assert_eq!(table.template("/metrics/participants"), Some("/metrics/{code}"));
        assert_eq!(table.template("/editions/2025/extra"), None);
        for path in ["/api", "/api/v2/editions", "/docs/", "/healthz", "/readyz", "/metrics"] {
            assert!(is_api_path(path), "{path}");
        }
        for path in ["/", "/editions/2025", "/metrics/participants", "/apis", "/favicon.ico"] {
            assert!(!is_api_path(path), "{path}");
        }
    }
}

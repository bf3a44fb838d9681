//! A page's template, rendered into a response.

use actix_web::HttpResponse;
use askama::Template;

use crate::error::ApiError;

pub const HTML: &str = "text/html; charset=utf-8";

/// What a page handler answers: the page, or an error page.
pub type PageResult = Result<HttpResponse, ApiError>;

/// The page as a 200. Caching, ETags and the security headers are added around it.
pub fn page<T: Template>(page: &T) -> PageResult {
    let body = page.render().map_err(|e| ApiError::internal(format!("a page failed to render: {e}")))?;
    Ok(HttpResponse::Ok().content_type(HTML).body(body))
}

//! The one place an error answer is made: problem+json under the API and the operators' paths,
//! an HTML page elsewhere (a person typed it). Handlers and extractors raise `ApiError`; what the
//! framework refuses on its own (CORS, a malformed path) arrives with a status only and is
//! named here. A 5xx says only that something failed; the log has the cause.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse};

use super::routes::is_api_path;
use crate::error::{ApiError, PROBLEM_JSON};

/// How a page route shows an error: a page of the explorer's, given at start-up.
pub struct ErrorPage(pub fn(&ApiError, &HttpRequest) -> HttpResponse);

/// What an answer made without an `ApiError` (by the framework) was.
fn named(status: StatusCode, req: &HttpRequest, cause: Option<String>) -> ApiError {
    let cause = cause.unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_string());
    match status.as_u16() {
        404 => ApiError::NotFound(format!("nothing is served at {}", req.path())),
        405 => {
            ApiError::MethodNotAllowed { method: req.method().to_string(), allow: vec!["GET".into(), "HEAD".into()] }
        }
        _ if status.is_server_error() => ApiError::Internal(cause),
        _ => ApiError::BadRequest(cause),
    }
}

fn is_kind(response: &HttpResponse<BoxBody>, media: &str) -> bool {
    response.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(media.as_bytes()))
}

/// Makes every error answer the kind its route needs.
pub async fn render(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let (request, response) = next.call(req).await?.map_into_boxed_body().into_parts();
    let status = response.status();
    let page = !is_api_path(request.path());
    let done = if page { is_kind(&response, "text/html") } else { is_kind(&response, PROBLEM_JSON) };
    if !(status.is_client_error() || status.is_server_error()) || done {
        return Ok(ServiceResponse::new(request, response));
    }
    let error = match response.error() {
        Some(error) => match error.as_error::<ApiError>() {
            Some(error) => error.clone(),
            None => named(status, &request, Some(error.to_string())),
        },
        None => named(status, &request, None),
    };
    let mut rendered = match (page, request.app_data::<Data<ErrorPage>>()) {
        (true, Some(pages)) => (pages.0)(&error, &request),
        _ => HttpResponse::from_error(error),
    };
    // What the layers inside added (CORS) stays.
    for (name, value) in response.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH && !rendered.headers().contains_key(name) {
            rendered.headers_mut().insert(name.clone(), value.clone());
        }
    }
    Ok(ServiceResponse::new(request, rendered))
}

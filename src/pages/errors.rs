//! Errors on pages are pages: the same status as the API would answer, in HTML, in Russian,
//! with a way back. `PageError` renders an `ApiError` so; `as_page` catches what was
//! raised before a page handler ran (a path or query parameter refused, the database down) and
//! arrived as problem+json. A 5xx says only that something failed; the log has the cause.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::ServiceResponse;
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

use crate::error::ApiError;
use crate::http::fallback;
use crate::pages::render::HTML;
use crate::pages::security;
use crate::pages::views::{Crumb, Layout};

/// An `ApiError` met on a page.
#[derive(Debug, Clone, thiserror::Error)]
#[error(transparent)]
pub struct PageError(pub ApiError);

impl From<ApiError> for PageError {
    fn from(error: ApiError) -> Self {
        PageError(error)
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    layout: Layout,
    status: u16,
    heading: &'static str,
    explanation: &'static str,
    /// What exactly was wrong, as the API says it (English); none for a 5xx.
    detail: Option<String>,
}

fn words(status: StatusCode) -> (&'static str, &'static str) {
    match status.as_u16() {
        400 => (
            "Неверный запрос",
            "В адресе ошибка: параметр, которого страница не знает, или значение не того вида.",
        ),
        401 => (
            "Нужен токен",
            "На этом сервере чтение данных открыто только с токеном доступа.",
        ),
        403 => ("Доступ запрещён", "Токену не хватает прав для этого запроса."),
        404 => (
            "Страница не найдена",
            "Такой страницы нет: возможно, в адресе опечатка или запись удалена.",
        ),
        405 => (
            "Метод не поддерживается",
            "Страницы обозревателя только читаются: запросы GET и HEAD.",
        ),
        429 => ("Слишком много запросов", "Подождите немного и повторите."),
        503 => (
            "Сервис временно недоступен",
            "База данных не отвечает. Попробуйте обновить страницу чуть позже.",
        ),
        _ if status.is_server_error() => (
            "Что-то пошло не так",
            "Ошибка на нашей стороне. Попробуйте обновить страницу чуть позже.",
        ),
        _ => ("Ошибка", "Запрос не выполнен."),
    }
}

impl ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        self.0.status_code()
    }

    fn error_response(&self) -> HttpResponse {
        let error = &self.0;
        match error {
            ApiError::Internal(cause) => log::error!("internal error on a page: {cause}"),
            ApiError::Unavailable(cause) => log::error!("database unavailable on a page: {cause}"),
            _ => {}
        }
        let status = error.status_code();
        let (heading, explanation) = words(status);
        let page = ErrorPage {
            layout: Layout::new(
                format!("{heading} ({})", status.as_u16()),
                vec![Crumb::home(), Crumb::here(format!("Ошибка {}", status.as_u16()))],
                None,
            ),
            status: status.as_u16(),
            heading,
            explanation,
            detail: (!status.is_server_error()).then(|| error.problem().detail),
        };
        let body = page
            .render()
            .unwrap_or_else(|_| format!("{} {heading}", status.as_u16()));
        let mut response = HttpResponse::build(status);
        response
            .content_type(HTML)
            .insert_header((header::CACHE_CONTROL, "no-store"));
        match error {
            ApiError::MethodNotAllowed { allow, .. } => {
                response.insert_header((header::ALLOW, allow.join(", ")));
            }
            ApiError::Unauthorized(_) => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer realm=\"forum-metrics\""));
            }
            ApiError::RateLimited { retry_after } => {
                response.insert_header((header::RETRY_AFTER, retry_after.to_string()));
            }
            _ => {}
        }
        let mut response = response.body(body);
        security::apply(response.headers_mut());
        response
    }
}

/// The 404 page for a path nothing serves.
pub fn not_found(path: &str) -> HttpResponse {
    HttpResponse::from_error(PageError(ApiError::NotFound(format!("nothing is served at {path}"))))
}

/// What an error answered without an `ApiError` (actix's own 404 or 405) would have been.
fn as_api_error(status: StatusCode, method: &str, path: &str, cause: Option<String>) -> ApiError {
    match status {
        StatusCode::NOT_FOUND => ApiError::NotFound(format!("nothing is served at {path}")),
        StatusCode::METHOD_NOT_ALLOWED => ApiError::MethodNotAllowed {
            method: method.to_string(),
            allow: vec!["GET".into(), "HEAD".into()],
        },
        _ if status.is_client_error() => {
            ApiError::invalid_parameter(cause.unwrap_or_else(|| status.canonical_reason().unwrap_or("").into()))
        }
        StatusCode::SERVICE_UNAVAILABLE => ApiError::Unavailable(cause.unwrap_or_default()),
        _ => ApiError::Internal(cause.unwrap_or_default()),
    }
}

fn is_html(response: &ServiceResponse<impl MessageBody>) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"))
}

/// Renders as a page an error answer on a page route that is not one already.
pub fn as_page(response: ServiceResponse<BoxBody>) -> ServiceResponse<BoxBody> {
    let status = response.status();
    let path = response.request().path();
    if !(status.is_client_error() || status.is_server_error()) || is_html(&response) || fallback::is_api_path(path) {
        return response;
    }
    let error = match response.response().error() {
        Some(error) => match error.as_error::<ApiError>() {
            Some(api) => api.clone(),
            None => as_api_error(
                status,
                response.request().method().as_str(),
                path,
                Some(error.to_string()),
            ),
        },
        None => as_api_error(status, response.request().method().as_str(), path, None),
    };
    let (request, _) = response.into_parts();
    ServiceResponse::new(request, HttpResponse::from_error(PageError(error)))
}

//! Errors on pages are pages: the same status as the API would answer, in HTML, in Russian,
//! with a way back. A 5xx says only that something failed; the log has the cause.

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use askama::Template;

use crate::error::ApiError;
use crate::pages::render::HTML;
use crate::pages::security;
use crate::pages::views::{Crumb, Layout};

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
        400 => ("Неверный запрос", "В адресе ошибка: параметр, которого страница не знает, или значение не того вида."),
        401 => ("Нужен токен", "На этом сервере чтение данных открыто только с токеном доступа."),
        403 => ("Доступ запрещён", "Токену не хватает прав для этого запроса."),
        404 => ("Страница не найдена", "Такой страницы нет: возможно, в адресе опечатка или запись удалена."),
        405 => ("Метод не поддерживается", "Страницы обозревателя только читаются: запросы GET и HEAD."),
        429 => ("Слишком много запросов", "Подождите немного и повторите."),
        503 => ("Сервис временно недоступен", "База данных не отвечает. Попробуйте обновить страницу чуть позже."),
        _ if status.is_server_error() => {
            ("Что-то пошло не так", "Ошибка на нашей стороне. Попробуйте обновить страницу чуть позже.")
        }
        _ => ("Ошибка", "Запрос не выполнен."),
    }
}

/// An error as a page, with the same status and headers the API would answer: given to
/// `serving::errors` at start-up, which decides by route which kind an error answer is.
pub fn page(error: &ApiError, _req: &HttpRequest) -> HttpResponse {
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
    let body = page.render().unwrap_or_else(|_| format!("{} {heading}", status.as_u16()));
    let mut response = HttpResponse::build(status);
    response.content_type(HTML).insert_header((header::CACHE_CONTROL, "no-store"));
    for header in error.headers() {
        response.insert_header(header);
    }
    let mut response = response.body(body);
    security::apply(response.headers_mut());
    response
}

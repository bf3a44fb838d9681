//! Every error a client can see, in one place.
//!
//! Policy: a client always gets `application/problem+json` (RFC 9457) with a stable `code`;
//! bad input is a 4xx that names what was wrong; a 5xx says only that something failed on our
//! side, and the details go to the log with the request id. Database constraint violations
//! are mapped to 409 so that a race the application's own checks missed is still a client
//! error, never a 500.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// Every `code` a problem can carry (`bad_request` names what the framework refuses before a
/// handler runs).
pub const CODES: &[&str] = &[
    "not_found",
    "invalid_parameter",
    "invalid_body",
    "unsupported_media_type",
    "validation_failed",
    "conflict",
    "precondition_failed",
    "unauthorized",
    "forbidden",
    "payload_too_large",
    "rate_limited",
    "method_not_allowed",
    "service_unavailable",
    "internal_error",
    "bad_request",
];

/// One problem with one field of the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// Where the problem is: a field name, or a path in a bundle (`figures[3].metric`).
    #[schema(example = "ends_on")]
    pub field: String,
    #[schema(example = "must not be before starts_on (2025-11-27)")]
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

/// The body of every error response (RFC 9457).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A URI reference naming the kind of problem.
    #[serde(rename = "type")]
    #[schema(example = "/problems/not_found")]
    pub problem_type: String,
    #[schema(example = "Not found")]
    pub title: String,
    #[schema(example = 404)]
    pub status: u16,
    #[schema(example = "edition 1999 does not exist")]
    pub detail: String,
    /// A stable code to branch on.
    #[schema(example = "not_found")]
    pub code: String,
    /// Every field that failed validation (with `validation_failed`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<FieldError>>,
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    NotFound(String),
    #[error("{detail}")]
    InvalidParameter { detail: String },
    #[error("{detail}")]
    InvalidBody { detail: String },
    /// What the framework refused before any handler ran, in its words.
    #[error("{0}")]
    BadRequest(String),
    #[error("{detail}")]
    UnsupportedMediaType { detail: String },
    #[error("the request has {} invalid field(s)", .0.len())]
    Validation(Vec<FieldError>),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    PreconditionFailed(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("the body is larger than the limit of {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("too many writes; retry in {retry_after} s")]
    RateLimited { retry_after: u64 },
    #[error("{method} is not allowed here")]
    MethodNotAllowed { method: String, allow: Vec<String> },
    #[error("the database is unavailable")]
    Unavailable(String),
    #[error("internal error")]
    Internal(String),
}

impl ApiError {
    pub fn invalid_parameter(detail: impl Into<String>) -> Self {
        ApiError::InvalidParameter { detail: detail.into() }
    }

    pub fn internal(error: impl std::fmt::Display) -> Self {
        ApiError::Internal(error.to_string())
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::NotFound(_) => "not_found",
            ApiError::InvalidParameter { .. } => "invalid_parameter",
            ApiError::InvalidBody { .. } => "invalid_body",
            ApiError::BadRequest(_) => "bad_request",
            ApiError::UnsupportedMediaType { .. } => "unsupported_media_type",
            ApiError::Validation(_) => "validation_failed",
            ApiError::Conflict(_) => "conflict",
            ApiError::PreconditionFailed(_) => "precondition_failed",
            ApiError::Unauthorized(_) => "unauthorized",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::PayloadTooLarge { .. } => "payload_too_large",
            ApiError::RateLimited { .. } => "rate_limited",
            ApiError::MethodNotAllowed { .. } => "method_not_allowed",
            ApiError::Unavailable(_) => "service_unavailable",
            ApiError::Internal(_) => "internal_error",
        }
    }

    fn title(&self) -> &'static str {
        match self {
            ApiError::NotFound(_) => "Not found",
            ApiError::InvalidParameter { .. } => "Invalid parameter",
            ApiError::InvalidBody { .. } => "Invalid request body",
            ApiError::BadRequest(_) => "Bad request",
            ApiError::UnsupportedMediaType { .. } => "Unsupported media type",
            ApiError::Validation(_) => "Validation failed",
            ApiError::Conflict(_) => "Conflict",
            ApiError::PreconditionFailed(_) => "Precondition failed",
            ApiError::Unauthorized(_) => "Unauthorized",
            ApiError::Forbidden(_) => "Forbidden",
            ApiError::PayloadTooLarge { .. } => "Payload too large",
            ApiError::RateLimited { .. } => "Too many requests",
            ApiError::MethodNotAllowed { .. } => "Method not allowed",
            ApiError::Unavailable(_) => "Service unavailable",
            ApiError::Internal(_) => "Internal server error",
        }
    }

    /// The error in words with every field it names, for the command line and the log.
    pub fn described(&self) -> String {
        match self {
            ApiError::Validation(errors) => {
                let list: Vec<String> = errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
                format!("{self}:\n  {}", list.join("\n  "))
            }
            other => other.to_string(),
        }
    }

    /// The headers that go with the error whatever its form (problem+json or a page).
    pub fn headers(&self) -> Vec<(HeaderName, HeaderValue)> {
        let value = |text: String| HeaderValue::from_str(&text).unwrap_or(HeaderValue::from_static(""));
        match self {
            ApiError::Unauthorized(_) => {
                vec![(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"forum-metrics\""))]
            }
            ApiError::RateLimited { retry_after } => vec![(header::RETRY_AFTER, value(retry_after.to_string()))],
            ApiError::MethodNotAllowed { allow, .. } => vec![(header::ALLOW, value(allow.join(", ")))],
            _ => Vec::new(),
        }
    }

    pub fn problem(&self) -> Problem {
        let detail = match self {
            // Never leak internals; the log has them.
            ApiError::Internal(_) => "something failed on our side; the log has the details".to_string(),
            ApiError::Unavailable(_) => "the database does not answer; try again shortly".to_string(),
            other => other.to_string(),
        };
        Problem {
            problem_type: format!("/problems/{}", self.code()),
            title: self.title().to_string(),
            status: self.status_code().as_u16(),
            detail,
            code: self.code().to_string(),
            errors: match self {
                ApiError::Validation(errors) => Some(errors.clone()),
                _ => None,
            },
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::InvalidParameter { .. } | ApiError::InvalidBody { .. } | ApiError::BadRequest(_) => {
                StatusCode::BAD_REQUEST
            }
            ApiError::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::PreconditionFailed(_) => StatusCode::PRECONDITION_FAILED,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ApiError::Internal(cause) => log::error!("internal error: {cause}"),
            ApiError::Unavailable(cause) => log::error!("database unavailable: {cause}"),
            _ => {}
        }
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)));
        response.insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
        for header in self.headers() {
            response.insert_header(header);
        }
        response.body(serde_json::to_string(&self.problem()).unwrap_or_default())
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(error: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match error {
            Error::NotFound => ApiError::NotFound("the resource does not exist".into()),
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                ApiError::Conflict(format!("a resource with the same key already exists ({})", info.message()))
            }
            Error::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, info) => {
                ApiError::Conflict(format!("the write would break a reference between resources ({})", info.message()))
            }
            Error::DatabaseError(DatabaseErrorKind::CheckViolation | DatabaseErrorKind::NotNullViolation, info) => {
                ApiError::Validation(vec![FieldError::new(
                    info.column_name().unwrap_or("body"),
                    info.message().to_string(),
                )])
            }
            Error::DatabaseError(DatabaseErrorKind::ClosedConnection, info) => {
                ApiError::Unavailable(info.message().to_string())
            }
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<diesel::r2d2::PoolError> for ApiError {
    fn from(error: diesel::r2d2::PoolError) -> Self {
        ApiError::Unavailable(error.to_string())
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        ApiError::Internal(error.to_string())
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_details_stay_in_the_log() {
        let problem = ApiError::internal("disk I/O error at page 7").problem();
        assert_eq!(problem.status, 500);
        assert!(!problem.detail.contains("page 7"));
    }

    #[test]
    fn every_code_is_documented() {
        let errors = [
            ApiError::NotFound(String::new()),
            ApiError::invalid_parameter(""),
            ApiError::InvalidBody { detail: String::new() },
            ApiError::BadRequest(String::new()),
            ApiError::UnsupportedMediaType { detail: String::new() },
            ApiError::Validation(Vec::new()),
            ApiError::Conflict(String::new()),
            ApiError::PreconditionFailed(String::new()),
            ApiError::Unauthorized(String::new()),
            ApiError::Forbidden(String::new()),
            ApiError::PayloadTooLarge { limit: 1 },
            ApiError::RateLimited { retry_after: 1 },
            ApiError::MethodNotAllowed { method: String::new(), allow: Vec::new() },
            ApiError::Unavailable(String::new()),
            ApiError::Internal(String::new()),
        ];
        for error in errors {
            assert!(CODES.contains(&error.code()), "{}", error.code());
        }
    }

    #[test]
    fn validation_lists_every_field() {
        let error = ApiError::Validation(vec![
            FieldError::new("year", "must be 2000–2100"),
            FieldError::new("title", "must not be empty"),
        ]);
        let problem = error.problem();
        assert_eq!((problem.status, problem.code.as_str()), (422, "validation_failed"));
        assert_eq!(problem.errors.unwrap().len(), 2);
    }
}

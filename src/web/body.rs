//! Request bodies: JSON only, within a size limit; malformed JSON is a 400 that says where, and
//! a well-formed body is checked against its schema (`domain::schema`) before it becomes a type.

use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use futures_util::StreamExt;
use std::future::{Ready, ready};
use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use utoipa::ToSchema;

use crate::domain::schema::{Checked, Schemas};
use crate::error::ApiError;
use crate::serving::AppState;

/// Which limit a body is held to.
#[derive(Debug, Clone, Copy)]
pub enum Size {
    /// One resource (`BODY_LIMIT`).
    Resource,
    /// A bundle (`IMPORT_LIMIT`).
    Bundle,
}

/// A JSON body, read when the handler asks for it: after the token has been checked, so that
/// a request without the right token is refused (401/403) whatever its body holds.
pub struct Json<T> {
    req: HttpRequest,
    payload: Payload,
    size: Size,
    _into: PhantomData<T>,
}

impl<T: DeserializeOwned + ToSchema> Json<T> {
    pub async fn read(self) -> Result<Checked<T>, ApiError> {
        read_json(self.req, self.payload, self.size).await
    }
}

fn is_json(req: &HttpRequest) -> Result<(), ApiError> {
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let media = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let json = media == "application/json" || (media.starts_with("application/") && media.ends_with("+json"));
    if json {
        Ok(())
    } else if media.is_empty() {
        Err(ApiError::UnsupportedMediaType {
            detail: "send the body as JSON with Content-Type: application/json".into(),
        })
    } else {
        Err(ApiError::UnsupportedMediaType { detail: format!("`{media}` is not accepted; send application/json") })
    }
}

async fn read_json<T: DeserializeOwned + ToSchema>(
    req: HttpRequest,
    mut payload: Payload,
    size: Size,
) -> Result<Checked<T>, ApiError> {
    let state = req.app_data::<web::Data<AppState>>().ok_or_else(|| ApiError::internal("app state missing"))?;
    let limit = match size {
        Size::Resource => state.settings.body_limit,
        Size::Bundle => state.settings.import_limit,
    };
    is_json(&req)?;
    let declared =
        req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(ApiError::PayloadTooLarge { limit });
    }
    let mut body = web::BytesMut::with_capacity(declared.unwrap_or(0).min(limit));
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| ApiError::InvalidBody { detail: format!("the body could not be read: {e}") })?;
        if body.len() + chunk.len() > limit {
            return Err(ApiError::PayloadTooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    if body.is_empty() {
        return Err(ApiError::InvalidBody { detail: "the body is empty; send a JSON document".into() });
    }
    let document: serde_json::Value = serde_json::from_slice(&body)
        .map_err(|e| ApiError::InvalidBody { detail: format!("the body is not valid JSON: {e}") })?;
    let schemas =
        req.app_data::<web::Data<Schemas>>().ok_or_else(|| ApiError::internal("the body schemas are missing"))?;
    schemas.read(&T::name(), document)
}

impl<T> Json<T> {
    fn take(req: &HttpRequest, payload: &mut Payload, size: Size) -> Self {
        Json { req: req.clone(), payload: payload.take(), size, _into: PhantomData }
    }
}

impl<T: DeserializeOwned + ToSchema> FromRequest for Json<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        ready(Ok(Json::take(req, payload, Size::Resource)))
    }
}

/// A bundle-sized JSON body (`IMPORT_LIMIT`), read when the handler asks.
pub struct LargeJson<T>(Json<T>);

impl<T: DeserializeOwned + ToSchema> LargeJson<T> {
    pub async fn read(self) -> Result<Checked<T>, ApiError> {
        self.0.read().await
    }
}

impl<T: DeserializeOwned + ToSchema> FromRequest for LargeJson<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        ready(Ok(LargeJson(Json::take(req, payload, Size::Bundle))))
    }
}

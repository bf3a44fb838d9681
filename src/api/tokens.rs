//! `/tokens`: token management over HTTP, for `admin` tokens.

use actix_web::http::header;
use actix_web::{HttpResponse, delete, get, post, web};

use crate::api::docs::{DeleteErrors, WriteErrors};
use crate::domain::models::{NewToken, TokenInfo, TokenRequest};
use crate::error::ApiResult;
use crate::queries::tokens as tokens_q;
use crate::serving::State;
use crate::web::auth::Admin;
use crate::web::body::Json;

/// Every token: names, scopes, dates; never a secret.
#[utoipa::path(
    tag = "tokens",
    security(("bearer" = [])),
    responses((status = 200, description = "The tokens", body = Vec<TokenInfo>), WriteErrors)
)]
#[get("/tokens")]
pub async fn list_tokens(state: State, _admin: Admin) -> ApiResult<HttpResponse> {
    let tokens = state.db.read(tokens_q::list).await?;
    Ok(HttpResponse::Ok().insert_header((header::CACHE_CONTROL, "no-store")).json(tokens))
}

/// Make a token. The answer holds the secret, once; only its hash is stored.
#[utoipa::path(
    tag = "tokens",
    request_body = TokenRequest,
    security(("bearer" = [])),
    responses((status = 201, description = "The new token, with its secret", body = NewToken, headers(("Location" = String))), WriteErrors)
)]
#[post("/tokens")]
pub async fn create_token(state: State, _admin: Admin, body: Json<TokenRequest>) -> ApiResult<HttpResponse> {
    let request = body.read().await?.valid()?;
    let token = state.db.run_writer(move |conn| tokens_q::create(conn, &request.name, request.scope)).await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/tokens/{}", token.name)))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(token))
}

/// Revoke a token for good (revoking twice is harmless).
#[utoipa::path(
    tag = "tokens",
    params(("name" = String, Path, example = "editor-anna")),
    security(("bearer" = [])),
    responses((status = 200, description = "The revoked token", body = TokenInfo), DeleteErrors)
)]
#[delete("/tokens/{name}")]
pub async fn revoke_token(state: State, _admin: Admin, name: web::Path<String>) -> ApiResult<HttpResponse> {
    let name = name.into_inner();
    let token = state.db.run_writer(move |conn| tokens_q::revoke(conn, &name)).await?;
    Ok(HttpResponse::Ok().insert_header((header::CACHE_CONTROL, "no-store")).json(token))
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_tokens).service(create_token).service(revoke_token);
}

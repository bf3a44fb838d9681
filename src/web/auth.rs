//! Bearer tokens on writes (and on reads when configured), with a rate limit per token.

use std::num::NonZeroU32;

use chrono::{TimeDelta, Utc};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use governor::clock::{Clock, DefaultClock};
use governor::{Quota, RateLimiter};

use crate::domain::TokenScope;
use crate::domain::models::TokenInfo;
use crate::error::ApiError;
use crate::queries::resources::Actor;
use crate::queries::tokens;
use crate::serving::State;

pub type WriteLimiter = governor::DefaultKeyedRateLimiter<String>;

/// Writes per minute per token; none when the limit is 0.
pub fn write_limiter(per_minute: u32) -> Option<WriteLimiter> {
    NonZeroU32::new(per_minute).map(|n| RateLimiter::keyed(Quota::per_minute(n)))
}

fn state(req: &HttpRequest) -> Result<State, ApiError> {
    req.app_data::<State>().cloned().ok_or_else(|| ApiError::internal("app state missing"))
}

/// The token of a request, checked for scope `needed`.
async fn authorize(req: &HttpRequest, needed: TokenScope) -> Result<TokenInfo, ApiError> {
    let state = state(req)?;
    let header = req.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or("");
    let secret = match header.split_once(' ') {
        Some((scheme, secret)) if scheme.eq_ignore_ascii_case("bearer") && !secret.trim().is_empty() => {
            secret.trim().to_string()
        }
        _ if header.is_empty() => {
            return Err(ApiError::Unauthorized("this needs a token: send Authorization: Bearer <token>".into()));
        }
        _ => {
            return Err(ApiError::Unauthorized("the Authorization header must be `Bearer <token>`".into()));
        }
    };
    let token = state
        .db
        .read(move |conn| tokens::authenticate(conn, &secret))
        .await?
        .ok_or_else(|| ApiError::Unauthorized("the token is unknown or revoked".into()))?;
    if !token.scope.allows(needed) {
        return Err(ApiError::Forbidden(format!(
            "token `{}` has scope `{}`; this needs `{needed}`",
            token.name, token.scope
        )));
    }
    Ok(token)
}

fn rate_limit(req: &HttpRequest, token: &TokenInfo) -> Result<(), ApiError> {
    let Some(Some(limiter)) = req.app_data::<actix_web::web::Data<Option<WriteLimiter>>>().map(|l| l.as_ref()) else {
        return Ok(());
    };
    limiter.check_key(&token.name).map_err(|not_until| {
        let wait = not_until.wait_time_from(DefaultClock::default().now());
        ApiError::RateLimited { retry_after: wait.as_secs() + u64::from(wait.subsec_nanos() > 0) }
    })
}

async fn writer(req: HttpRequest, needed: TokenScope) -> Result<Actor, ApiError> {
    let token = authorize(&req, needed).await?;
    rate_limit(&req, &token)?;
    // To the minute: a write transaction of its own on every request would double the writes.
    let stale = token.last_used_at.is_none_or(|used| Utc::now() - used >= TimeDelta::minutes(1));
    if stale {
        let name = token.name.clone();
        state(&req)?.db.run_writer(move |conn| tokens::touch(conn, &name)).await?;
    }
    Ok(Actor::token(&token.name))
}

/// A request made with a `write` (or `admin`) token, within its rate limit.
pub struct Writer(pub Actor);

/// A request made with an `admin` token.
pub struct Admin(pub Actor);

impl FromRequest for Writer {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { writer(req, TokenScope::Write).await.map(Writer) })
    }
}

impl FromRequest for Admin {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { writer(req, TokenScope::Admin).await.map(Admin) })
    }
}

/// With `READS_REQUIRE_TOKEN`, every read needs a token of any scope: a layer of the API's and
/// the pages' scopes. The OpenAPI document stays public (that exact path, nothing that merely
/// ends like it), so clients can learn how to authenticate.
pub async fn reads(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let exempt = req.method() != Method::GET || req.path() == "/api/v1/openapi.json";
    let required = req.app_data::<State>().is_some_and(|s| s.settings.reads_require_token);
    if required
        && !exempt
        && let Err(error) = authorize(req.request(), TokenScope::Read).await
    {
        return Ok(req.error_response(error));
    }
    next.call(req).await.map(ServiceResponse::map_into_boxed_body)
}

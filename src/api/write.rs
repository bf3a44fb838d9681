//! The write flow every resource shares: POST creates (409 if the natural key is taken),
//! PUT replaces, PATCH applies a JSON merge patch (RFC 7396) to the resource as written,
//! DELETE removes (409 while others refer to it). Each runs in one transaction, honours
//! `If-Match`, validates every field at once (422) and answers with the stored resource.

use actix_web::http::header::{self, EntityTag, Header, IfMatch};
use actix_web::{HttpRequest, HttpResponse};

use actix_web::web::Data;

use crate::db::{DbConnection, Written};
use crate::domain::schema::{Checked, Schemas};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::queries::resources::{self, Actor, Outcome, Resource};
use crate::serving::State;
use crate::serving::cache::{encoded, etag, quoted};
use crate::serving::negotiate::{Encoding, Representation};

/// Every problem of an input at once, in the order its fields are declared: what its schema
/// said of its values, then its rules and its references.
fn validated<R: Resource>(
    conn: &mut DbConnection,
    schemas: &Schemas,
    input: &R::Input,
    problems: Vec<FieldError>,
) -> ApiResult<()> {
    let mut errors = resources::problems::<R>(conn, input, problems)?;
    if errors.is_empty() {
        return Ok(());
    }
    schemas.in_order(&<R::Input as utoipa::ToSchema>::name(), &mut errors);
    Err(ApiError::Validation(errors))
}

/// A key in the body must be the key in the path: keys never change.
fn same_key<R: Resource>(key: &R::Key, input: &R::Input) -> ApiResult<()> {
    match (R::KEY_FIELD, R::key_of(input)) {
        (Some(field), Some(named)) if named != *key => Err(ApiError::Validation(vec![FieldError::new(
            field,
            format!("is {named}, but the path names {key}; a key cannot change (create a new {} instead)", R::NAME),
        )])),
        _ => Ok(()),
    }
}

pub async fn create<R: Resource>(
    state: &State,
    schemas: Data<Schemas>,
    actor: Actor,
    input: Checked<R::Input>,
) -> ApiResult<HttpResponse> {
    let Checked { value: input, problems } = input;
    let (key, output, version) = state
        .db
        .write(move |conn, version| {
            validated::<R>(conn, &schemas, &input, problems)?;
            if let Some(existing) = R::existing(conn, &input)? {
                return Err(ApiError::Conflict(format!(
                    "{} {existing} already exists with this natural key; PUT {} replaces it",
                    R::NAME,
                    R::path(&existing)
                )));
            }
            let (key, _) = R::upsert(conn, &actor, None, &input)?;
            let output = R::get(conn, &key)?;
            Ok(Written { value: (key, output, version + 1), changed: true })
        })
        .await?;
    let path = R::path(&key);
    Ok(HttpResponse::Created()
        .insert_header((header::ETAG, etag(version, &path, "", Some(Representation::Json))))
        .insert_header((header::LOCATION, path))
        .json(output))
}

/// A write's answer with the ETag a GET of the resource now has, ready for the next `If-Match`.
fn stored<T: serde::Serialize>(output: T, version: i64, path: &str) -> HttpResponse {
    HttpResponse::Ok().insert_header((header::ETAG, etag(version, path, "", Some(Representation::Json)))).json(output)
}

/// The request's `If-Match`, read before the work moves to the blocking pool.
fn if_match(req: &HttpRequest) -> Option<Result<IfMatch, ()>> {
    req.headers().contains_key(header::IF_MATCH).then(|| IfMatch::parse(req).map_err(|_| ()))
}

/// Refuses a write whose `If-Match` names another version of the resource at `path`. A tag read
/// compressed names the resource as the uncompressed one does; a weak tag never matches.
fn check_if_match(if_match: &Option<Result<IfMatch, ()>>, version: i64, path: &str) -> ApiResult<()> {
    let current = etag(version, path, "", Some(Representation::Json));
    let codings = [Encoding::Identity, Encoding::Gzip, Encoding::Brotli];
    let matches = |tag: &EntityTag| !tag.weak && codings.iter().any(|c| quoted(tag) == encoded(&current, *c));
    let listed = match if_match {
        None | Some(Ok(IfMatch::Any)) => return Ok(()),
        Some(Ok(IfMatch::Items(tags))) if tags.iter().any(matches) => return Ok(()),
        Some(Ok(IfMatch::Items(tags))) => tags.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(", "),
        Some(Err(())) => "no tag the service gives".into(),
    };
    Err(ApiError::PreconditionFailed(format!(
        "If-Match names {listed}, but {path} is now {current}; read it again and retry"
    )))
}

pub async fn replace<R: Resource>(
    state: &State,
    req: &HttpRequest,
    actor: Actor,
    schemas: Data<Schemas>,
    key: R::Key,
    input: Checked<R::Input>,
) -> ApiResult<HttpResponse> {
    let Checked { value: input, problems } = input;
    same_key::<R>(&key, &input)?;
    let precondition = if_match(req);
    let output = state
        .db
        .write(move |conn, version| {
            check_if_match(&precondition, version, &R::path(&key))?;
            if R::find_input(conn, &key)?.is_none() {
                return Err(R::not_found(&key));
            }
            validated::<R>(conn, &schemas, &input, problems)?;
            let (key, outcome) = R::upsert(conn, &actor, Some(&key), &input)?;
            let changed = outcome != Outcome::Unchanged;
            Ok(Written { value: (R::get(conn, &key)?, R::path(&key), version + i64::from(changed)), changed })
        })
        .await?;
    let (output, path, version) = output;
    Ok(stored(output, version, &path))
}

pub async fn patch<R: Resource>(
    state: &State,
    req: &HttpRequest,
    actor: Actor,
    schemas: Data<Schemas>,
    key: R::Key,
    patch: serde_json::Value,
) -> ApiResult<HttpResponse> {
    if !patch.is_object() {
        return Err(ApiError::InvalidBody {
            detail: "a merge patch is a JSON object of the fields to change (RFC 7396)".into(),
        });
    }
    let precondition = if_match(req);
    let output = state
        .db
        .write(move |conn, version| {
            check_if_match(&precondition, version, &R::path(&key))?;
            let before = R::find_input(conn, &key)?.ok_or_else(|| R::not_found(&key))?;
            let mut document = serde_json::to_value(&before).map_err(ApiError::internal)?;
            if let Some(path) = unknown_member(&document, &patch, "") {
                return Err(ApiError::InvalidBody {
                    detail: format!("`{path}` is not a field of {} {}", R::NAME, R::path(&key)),
                });
            }
            json_patch::merge(&mut document, &patch);
            // The resource as the patch leaves it is held to the schema of a whole one.
            let Checked { value: input, problems } =
                schemas.read::<R::Input>(&<R::Input as utoipa::ToSchema>::name(), document)?;
            same_key::<R>(&key, &input)?;
            validated::<R>(conn, &schemas, &input, problems)?;
            let (key, outcome) = R::upsert(conn, &actor, Some(&key), &input)?;
            let changed = outcome != Outcome::Unchanged;
            Ok(Written { value: (R::get(conn, &key)?, R::path(&key), version + i64::from(changed)), changed })
        })
        .await?;
    let (output, path, version) = output;
    Ok(stored(output, version, &path))
}

/// The first member of `patch` that the resource as written does not have. Deserialising
/// the patched document refuses unknown fields, but a merge patch's `null` removes a member
/// before that, so `{"bogus": null}` would otherwise be accepted as a no-op. Every field of
/// an input is serialised (an absent optional one as `null`), so `written` lists them all.
fn unknown_member(written: &serde_json::Value, patch: &serde_json::Value, at: &str) -> Option<String> {
    let (Some(written), Some(patch)) = (written.as_object(), patch.as_object()) else {
        return None;
    };
    patch.iter().find_map(|(name, value)| {
        let path = if at.is_empty() { name.clone() } else { format!("{at}.{name}") };
        match written.get(name) {
            None => Some(path),
            Some(field) => unknown_member(field, value, &path),
        }
    })
}

pub async fn delete<R: Resource>(
    state: &State,
    req: &HttpRequest,
    actor: Actor,
    key: R::Key,
) -> ApiResult<HttpResponse> {
    let precondition = if_match(req);
    state
        .db
        .write(move |conn, version| {
            check_if_match(&precondition, version, &R::path(&key))?;
            R::delete(conn, &actor, &key)?;
            Ok(Written { value: (), changed: true })
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The four write handlers of a resource, documented: POST on the collection, PUT, PATCH and
/// DELETE on an item. Function names are the operation ids.
#[macro_export]
macro_rules! write_handlers {
    (
        resource: $resource:ty,
        tag: $tag:literal,
        collection: $collection:literal,
        item: $item:literal,
        key: $key_name:literal => $key_ty:ty = $example:literal,
        input: $input:ty,
        output: $output:ty,
        create: $create:ident = $create_doc:literal,
        replace: $replace:ident = $replace_doc:literal,
        update: $update:ident = $update_doc:literal,
        delete: $delete:ident = $delete_doc:literal $(,)?
    ) => {
        use actix_web::{delete, patch, post, put};

        #[doc = $create_doc]
        #[utoipa::path(
            tag = $tag,
            request_body = $input,
            security(("bearer" = [])),
            responses((status = 201, description = "Created; the stored resource", body = $output, headers(("Location" = String), ("ETag" = String, description = "The resource's tag, for the next `If-Match`"))), $crate::api::docs::WriteErrors)
        )]
        #[post($collection)]
        pub async fn $create(
            state: $crate::serving::State,
            schemas: actix_web::web::Data<$crate::domain::schema::Schemas>,
            $crate::web::auth::Writer(actor): $crate::web::auth::Writer,
            body: $crate::web::body::Json<$input>,
        ) -> $crate::error::ApiResult<actix_web::HttpResponse> {
            $crate::api::write::create::<$resource>(&state, schemas, actor, body.read().await?).await
        }

        #[doc = $replace_doc]
        #[utoipa::path(
            tag = $tag,
            params(($key_name = $key_ty, Path, example = $example)),
            request_body = $input,
            security(("bearer" = [])),
            responses((status = 200, description = "The stored resource", body = $output, headers(("ETag" = String, description = "The resource's tag, for the next `If-Match`"))), $crate::api::docs::WriteOneErrors)
        )]
        #[put($item)]
        pub async fn $replace(
            state: $crate::serving::State,
            req: actix_web::HttpRequest,
            $crate::web::auth::Writer(actor): $crate::web::auth::Writer,
            schemas: actix_web::web::Data<$crate::domain::schema::Schemas>,
            key: actix_web::web::Path<$key_ty>,
            body: $crate::web::body::Json<$input>,
        ) -> $crate::error::ApiResult<actix_web::HttpResponse> {
            let body = body.read().await?;
            $crate::api::write::replace::<$resource>(&state, &req, actor, schemas, key.into_inner(), body).await
        }

        #[doc = $update_doc]
        #[utoipa::path(
            tag = $tag,
            params(($key_name = $key_ty, Path, example = $example)),
            request_body(content = Object, content_type = "application/merge-patch+json", description = "The fields to change (RFC 7396); null removes an optional field"),
            security(("bearer" = [])),
            responses((status = 200, description = "The stored resource", body = $output, headers(("ETag" = String, description = "The resource's tag, for the next `If-Match`"))), $crate::api::docs::WriteOneErrors)
        )]
        #[patch($item)]
        pub async fn $update(
            state: $crate::serving::State,
            req: actix_web::HttpRequest,
            $crate::web::auth::Writer(actor): $crate::web::auth::Writer,
            schemas: actix_web::web::Data<$crate::domain::schema::Schemas>,
            key: actix_web::web::Path<$key_ty>,
            body: $crate::web::body::Json<serde_json::Value>,
        ) -> $crate::error::ApiResult<actix_web::HttpResponse> {
            let patch = body.read().await?.value;
            $crate::api::write::patch::<$resource>(&state, &req, actor, schemas, key.into_inner(), patch).await
        }

        #[doc = $delete_doc]
        #[utoipa::path(
            tag = $tag,
            params(($key_name = $key_ty, Path, example = $example)),
            security(("bearer" = [])),
            responses((status = 204, description = "Deleted"), $crate::api::docs::DeleteErrors)
        )]
        #[delete($item)]
        pub async fn $delete(
            state: $crate::serving::State,
            req: actix_web::HttpRequest,
            $crate::web::auth::Writer(actor): $crate::web::auth::Writer,
            key: actix_web::web::Path<$key_ty>,
        ) -> $crate::error::ApiResult<actix_web::HttpResponse> {
            $crate::api::write::delete::<$resource>(&state, &req, actor, key.into_inner()).await
        }
    };
}

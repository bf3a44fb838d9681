//! The OpenAPI document, generated from the handlers at start-up and served as bytes, and the
//! error responses operations share.

use std::collections::BTreeMap;

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{App, HttpResponse, get};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi as Document_, Ref, RefOr, Response, ResponseBuilder};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::{AppExt, scope};

use crate::error::PROBLEM_JSON;
use crate::web::params::{NoParams, Query};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "forum-metrics",
        description = "The figures of the «Города России» forum (Yekaterinburg, yearly since 2016), each with its source, \
date, qualifier and status, and a headline the service can justify.\n\n\
Collections answer `{items, total, limit, next}` with a `Link: <…>; rel=\"next\"` header; paging is by cursor and stable \
under inserts. JSON by default; CSV with `Accept: text/csv` or `format=csv`; NDJSON with `Accept: application/x-ndjson` or \
`format=ndjson` (CSV and NDJSON stream every matching row unless `limit` is given). Unknown parameters are a 400. \
Errors are `application/problem+json` (RFC 9457) with a stable `code`. Every GET has a strong ETag; `If-None-Match` \
answers 304. Writes need `Authorization: Bearer <token>` and honour `If-Match`.",
        license(name = "MIT", identifier = "MIT"),
    ),
    servers((url = "/", description = "This server")),
    tags(
        (name = "editions", description = "Forum editions, their headline figures, tracks and summary"),
        (name = "figures", description = "Every reported figure with its source"),
        (name = "analysis", description = "Series across editions and comparisons"),
        (name = "metrics", description = "What is counted"),
        (name = "sources", description = "The documents figures come from"),
        (name = "organizations", description = "Companies, ministries, municipalities, associations"),
        (name = "people", description = "People and their appearances across editions"),
        (name = "sessions", description = "The programme: sessions with participants"),
        (name = "agreements", description = "Agreements signed or announced at the forum"),
        (name = "import", description = "Bulk upsert of bundles"),
        (name = "changes", description = "The log of every write"),
        (name = "tokens", description = "API tokens (admin)"),
        (name = "operations", description = "Health, readiness, metrics"),
        (name = "documentation", description = "This document"),
    ),
    // Enumerations used only in query parameters are not collected from the handlers.
    components(schemas(
        crate::error::Problem,
        crate::error::FieldError,
        crate::web::params::TableFormat,
        crate::web::params::SeriesFormat,
        crate::web::params::CitationFormat,
        crate::web::params::SourcesFormat,
        crate::domain::period::Period,
        crate::domain::views::AsOf,
        crate::domain::headline::Resolve,
        crate::domain::FigureStatus,
        crate::domain::Qualifier,
        crate::domain::AgreementStatus,
        crate::domain::AgreementKind,
        crate::domain::OrganizationKind,
        crate::domain::ChangeAction,
    )),
    modifiers(&BearerAuth),
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut Document_) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("A token made with `forum-metrics token create` (shown once)."))
                    .build(),
            ),
        );
    }
}

/// The generated document, and its serialised form as served and committed.
pub struct Document {
    pub openapi: Document_,
    pub json: Bytes,
    /// `GET /api/v1`, made from the document.
    pub root: Bytes,
}

impl Document {
    pub fn build() -> Document {
        let openapi = generate();
        let mut json = serde_json::to_string_pretty(&openapi).expect("the document serialises");
        json.push('\n');
        let root =
            crate::api::root::ApiRoot::from_document(&serde_json::to_value(&openapi).expect("the document serialises"))
                .to_bytes();
        Document { openapi, json: Bytes::from(json), root }
    }
}

impl Document {
    /// Every path with the methods it takes (HEAD wherever GET is), for 405's `Allow`: read from
    /// the document, it cannot drift from the handlers.
    pub fn routes(&self) -> Vec<(String, Vec<String>)> {
        let methods = |item: &utoipa::openapi::PathItem| {
            let item = serde_json::to_value(item).unwrap_or_default();
            let mut methods: Vec<String> = ["get", "put", "post", "delete", "patch"]
                .into_iter()
                .filter(|m| item.get(*m).is_some())
                .map(str::to_uppercase)
                .collect();
            if item.get("get").is_some() {
                methods.push("HEAD".into());
            }
            methods
        };
        self.openapi.paths.paths.iter().map(|(path, item)| (path.clone(), methods(item))).collect()
    }
}

/// Collects every path and schema from the route table.
pub fn generate() -> Document_ {
    let (_, openapi) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(scope("/api/v1").configure(crate::api::routes))
        .configure(crate::api::system_routes)
        .split_for_parts();
    let mut document = serde_json::to_value(&openapi).expect("the document serialises");
    add_merge_patch_schemas(&mut document);
    crate::api::spec::tidy(&mut document);
    serde_json::from_value(document).expect("the document still parses")
}

/// Each PATCH takes a JSON merge patch (RFC 7396) of the resource as written: the PUT body's
/// properties, none of them required. utoipa cannot derive such a schema, so it is made here
/// from the PUT body's.
fn add_merge_patch_schemas(document: &mut serde_json::Value) {
    let mut patches = Vec::new();
    if let Some(paths) = document["paths"].as_object_mut() {
        for item in paths.values_mut() {
            let put_schema = item["put"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
                .as_str()
                .map(str::to_string);
            let (Some(reference), Some(patch)) = (put_schema, item.get_mut("patch")) else {
                continue;
            };
            let name = reference.rsplit('/').next().unwrap_or_default().to_string();
            let patch_name = format!("{name}Patch");
            let schema = serde_json::json!({ "$ref": format!("#/components/schemas/{patch_name}") });
            patch["requestBody"]["content"] = serde_json::json!({
                "application/merge-patch+json": { "schema": schema },
                "application/json": { "schema": schema },
            });
            patches.push((name, patch_name));
        }
    }
    let schemas = &mut document["components"]["schemas"];
    for (name, patch_name) in patches {
        let mut schema = schemas[&name].clone();
        if let Some(object) = schema.as_object_mut() {
            let required: Vec<String> =
                object.remove("required").and_then(|r| serde_json::from_value(r).ok()).unwrap_or_default();
            // null removes an optional field (its default applies); a required one cannot go.
            if let Some(properties) = object.get_mut("properties").and_then(|p| p.as_object_mut()) {
                for (field, property) in properties.iter_mut() {
                    if !required.contains(field) && !allows_null(property) {
                        *property = serde_json::json!({ "oneOf": [property.clone(), { "type": "null" }] });
                    }
                }
            }
            object.insert(
                "description".into(),
                serde_json::Value::String(format!(
                    "A JSON merge patch of {name}: the fields to change; null removes an optional field."
                )),
            );
        }
        schemas[&patch_name] = schema;
    }
}

/// This document (identical to `openapi/openapi.json` in the repository).
#[utoipa::path(
    tag = "documentation",
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json", body = Object), ParameterErrors)
)]
#[get("/openapi.json")]
pub async fn openapi_json(document: actix_web::web::Data<Document>, _: Query<NoParams>) -> HttpResponse {
    HttpResponse::Ok().insert_header((header::CONTENT_TYPE, "application/json")).body(document.json.clone())
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(openapi_json);
}

fn allows_null(schema: &serde_json::Value) -> bool {
    match &schema["type"] {
        serde_json::Value::String(t) => t == "null",
        serde_json::Value::Array(types) => types.iter().any(|t| t == "null"),
        _ => schema["oneOf"].as_array().is_some_and(|variants| variants.iter().any(allows_null)),
    }
}

fn problem(description: &str) -> RefOr<Response> {
    ResponseBuilder::new()
        .description(description)
        .content(PROBLEM_JSON, ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build())
        .into()
}

fn responses(list: &[(&str, &str)]) -> BTreeMap<String, RefOr<Response>> {
    list.iter().map(|(status, description)| (status.to_string(), problem(description))).collect()
}

const BAD_PARAMETER: (&str, &str) = ("400", "A parameter is unknown or malformed (`invalid_parameter`)");
const UNAVAILABLE: (&str, &str) = ("503", "The database does not answer (`service_unavailable`)");

/// Errors of what takes no parameters, when given some.
pub struct ParameterErrors;
impl utoipa::IntoResponses for ParameterErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        responses(&[("400", "It takes no parameters (`invalid_parameter`)")])
    }
}

/// Errors of every read.
pub struct ReadErrors;
impl utoipa::IntoResponses for ReadErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        responses(&[BAD_PARAMETER, UNAVAILABLE])
    }
}

/// Errors of a read of one resource.
pub struct ReadOneErrors;
impl utoipa::IntoResponses for ReadOneErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        responses(&[BAD_PARAMETER, ("404", "No such resource (`not_found`)"), UNAVAILABLE])
    }
}

/// Errors of every write.
pub struct WriteErrors;
impl utoipa::IntoResponses for WriteErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        responses(&[
            ("400", "Malformed JSON, wrong types or a bad parameter (`invalid_body`, `invalid_parameter`)"),
            ("401", "No valid token (`unauthorized`)"),
            ("403", "The token's scope does not allow this (`forbidden`)"),
            ("409", "The natural key is taken, or others still refer to it (`conflict`)"),
            ("412", "`If-Match` names another version (`precondition_failed`)"),
            ("413", "The body is over the limit (`payload_too_large`)"),
            ("415", "The body is not JSON (`unsupported_media_type`)"),
            ("422", "Fields failed validation, all listed in `errors` (`validation_failed`)"),
            ("429", "Too many writes for this token; see Retry-After (`rate_limited`)"),
            UNAVAILABLE,
        ])
    }
}

/// Errors of a write to one existing resource.
pub struct WriteOneErrors;
impl utoipa::IntoResponses for WriteOneErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let mut all = WriteErrors::responses();
        all.extend(responses(&[("404", "No such resource (`not_found`)")]));
        all
    }
}

/// Errors of a delete.
pub struct DeleteErrors;
impl utoipa::IntoResponses for DeleteErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        responses(&[
            BAD_PARAMETER,
            ("401", "No valid token (`unauthorized`)"),
            ("403", "The token's scope does not allow this (`forbidden`)"),
            ("404", "No such resource (`not_found`)"),
            ("409", "Others still refer to it; the answer names them (`conflict`)"),
            ("412", "`If-Match` names another version (`precondition_failed`)"),
            ("429", "Too many writes for this token; see Retry-After (`rate_limited`)"),
            UNAVAILABLE,
        ])
    }
}

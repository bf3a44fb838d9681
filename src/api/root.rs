//! `GET /api/v1`: where everything is. Made once at start-up from the OpenAPI document, so
//! that a collection added to the route table is linked here without anyone remembering to.

use std::collections::BTreeMap;

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpResponse, get};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::api::docs::ParameterErrors;
use crate::web::params::{NoParams, Query};

const PREFIX: &str = "/api/v1";
const SPEC: &str = "/api/v1/openapi.json";

/// The API root: a link to every collection, to the resources by key, and to the spec.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiRoot {
    #[schema(example = "forum-metrics")]
    pub name: String,
    /// The service's version (its crate's).
    #[schema(example = "0.1.0")]
    pub version: String,
    pub description: String,
    /// The OpenAPI document (also in the `Link` header, `rel="service-desc"`).
    #[schema(example = "/api/v1/openapi.json")]
    pub openapi: String,
    /// The interactive documentation.
    #[schema(example = "/docs")]
    pub docs: String,
    /// The same data as pages for a person.
    #[schema(example = "/")]
    pub explorer: String,
    /// Every collection by name (the last segment of its path).
    pub collections: BTreeMap<String, RootLink>,
    /// The resources reached by a key, year or id, as URI templates (RFC 6570).
    pub resources: Vec<RootLink>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RootLink {
    #[schema(example = "/api/v1/editions")]
    pub href: String,
    /// What it answers, from the operation's summary.
    #[schema(example = "List editions.")]
    pub title: String,
    /// Whether `href` is a URI template with `{…}` to fill in.
    pub templated: bool,
}

impl ApiRoot {
    /// The root for a generated document: every GET under the prefix but the spec itself.
    pub fn from_document(document: &Value) -> ApiRoot {
        let mut collections = BTreeMap::new();
        let mut resources = Vec::new();
        let paths = document["paths"].as_object().into_iter().flatten();
        for (path, item) in paths {
            let Some(get) = item.get("get") else { continue };
            let Some(rest) = path.strip_prefix(PREFIX).and_then(|rest| rest.strip_prefix('/')) else {
                continue;
            };
            if path == SPEC {
                continue;
            }
            let title = get["summary"].as_str().unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ");
            let templated = path.contains('{');
            let link = RootLink { href: path.clone(), title, templated };
            if templated {
                resources.push(link);
            } else {
                collections.insert(rest.to_string(), link);
            }
        }
        ApiRoot {
            name: env!("CARGO_PKG_NAME").into(),
            version: env!("CARGO_PKG_VERSION").into(),
            description: document["info"]["description"]
                .as_str()
                .and_then(|d| d.split("\n\n").next())
                .unwrap_or_default()
                .to_string(),
            openapi: SPEC.into(),
            docs: "/docs".into(),
            explorer: "/".into(),
            collections,
            resources,
        }
    }

    pub fn to_bytes(&self) -> Bytes {
        Bytes::from(serde_json::to_vec_pretty(self).expect("the root serialises"))
    }
}

/// Links to every collection, every resource template and the OpenAPI document.
#[utoipa::path(
    tag = "documentation",
    responses((status = 200, description = "Where everything is", body = ApiRoot), ParameterErrors)
)]
#[get("")]
pub async fn api_root(document: actix_web::web::Data<crate::api::docs::Document>, _: Query<NoParams>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::LINK, format!("<{SPEC}>; rel=\"service-desc\"; type=\"application/json\"")))
        .content_type("application/json")
        .body(document.root.clone())
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(api_root);
}

//! `/organizations`: companies, ministries, municipalities, associations.

use actix_web::{HttpRequest, HttpResponse, get, web};

use crate::api::collection::{self, Collection};
use crate::api::docs::{ReadErrors, ReadOneErrors};
use crate::domain::OrganizationKind;
use crate::domain::models::Organization;
use crate::error::ApiResult;
use crate::queries::listing::{Tabular, cell};
use crate::queries::organizations::{self as orgs_q, OrganizationFilter};
use crate::serving::State;
use crate::web::params::{Query, Representation, TABULAR};

crate::collection_params! {
    pub struct OrganizationListParams {
    /// Text in the name, city or key; case-insensitive in Russian and English, `ё` = `е`.
    pub q: Option<String>,
    /// Only organisations of this kind.
    pub kind: Option<OrganizationKind>,
    /// Only organisations in this city (exactly as written).
    #[param(example = "Екатеринбург")]
    pub city: Option<String>,
    }
    sort: "Sort by `key`, `name`, `kind`, `city` (comma-separated; `-` for descending). Default `key`.", pattern = "^-?(key|name|kind|city)(,-?(key|name|kind|city))*$", example = "name";
    format: representation
}

impl Tabular for Organization {
    fn columns() -> Vec<&'static str> {
        vec!["key", "name", "kind", "city", "region", "notes"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.key.clone(),
            self.name.clone(),
            self.kind.to_string(),
            cell(&self.city),
            cell(&self.region),
            cell(&self.notes),
        ]
    }
}

/// List organisations.
#[utoipa::path(
    tag = "organizations",
    params(OrganizationListParams),
    responses(
        (status = 200, description = "A page of organisations",
            headers(("ETag" = String), ("Link" = String), ("X-Total-Count" = i64)),
            content((Collection<Organization> = "application/json"), (String = "text/csv"), (String = "application/x-ndjson"))),
        ReadErrors,
    )
)]
#[get("/organizations")]
pub async fn list_organizations(
    state: State,
    req: HttpRequest,
    Query(mut params): Query<OrganizationListParams>,
) -> ApiResult<HttpResponse> {
    let representation = Representation::negotiate(&req, params.format, TABULAR);
    let paging = params.paging();
    let filter = OrganizationFilter { q: params.q, kind: params.kind, city: params.city };
    collection::list(&state, &req, representation, paging, filter).await
}

/// One organisation.
#[utoipa::path(
    tag = "organizations",
    params(("key" = String, Path, example = "esg-alliance")),
    responses((status = 200, description = "The organisation", body = Organization, headers(("ETag" = String))), ReadOneErrors)
)]
#[get("/organizations/{key}")]
pub async fn get_organization(state: State, key: web::Path<String>) -> ApiResult<HttpResponse> {
    let key = key.into_inner();
    Ok(HttpResponse::Ok().json(state.db.read(move |conn| orgs_q::get(conn, &key)).await?))
}

crate::write_handlers! {
    resource: crate::queries::resources::Organizations,
    tag: "organizations",
    collection: "/organizations",
    item: "/organizations/{key}",
    key: "key" => String = "esg-alliance",
    input: Organization,
    output: Organization,
    create: create_organization = "Record an organisation.",
    replace: replace_organization = "Replace an organisation.",
    update: update_organization = "Change some fields of an organisation (JSON merge patch).",
    delete: delete_organization = "Delete an organisation: refused (409) while editions, sessions, appearances or agreements refer to it.",
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_organizations)
        .service(create_organization)
        .service(get_organization)
        .service(replace_organization)
        .service(update_organization)
        .service(delete_organization);
}

//! `/agreements`: agreements signed or announced at the forum, with their parties.

use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::api::collection::{self, Collection};
use crate::api::docs::{ReadErrors, ReadOneErrors};
use crate::domain::models::{Agreement, AgreementInput, OrganizationRef};
use crate::domain::{AgreementKind, AgreementStatus};
use crate::error::{ApiError, ApiResult};
use crate::queries::agreements::{self as agreements_q, AgreementExpand, AgreementFacet, AgreementFilter};
use crate::queries::listing::{Tabular, cell, joined};
use crate::serving::State;
use crate::web::params::{Query, Representation, TABULAR, parse_expand};

crate::collection_params! {
    pub struct AgreementListParams {
    /// Only agreements of this edition (its year).
    #[param(example = 2025)]
    pub edition: Option<i32>,
    /// Only `planned` or only `signed` agreements.
    pub status: Option<AgreementStatus>,
    /// Only agreements of this kind.
    pub kind: Option<AgreementKind>,
    /// Only agreements this organisation is party to (its key).
    #[param(example = "ekaterinburg")]
    pub party: Option<String>,
    /// Only agreements reported by this source (its key).
    pub source: Option<String>,
    /// Text in the title or a party's name; case-insensitive in Russian and English, `ё` = `е`.
    #[param(example = "далянь")]
    pub q: Option<String>,
    /// `parties`: the parties as organisation objects instead of keys.
    #[param(pattern = "^parties$", example = "parties")]
    pub expand: Option<String>,
    /// Counts per value of `edition`, `status` and/or `kind` (comma-separated), beside the page.
    #[param(pattern = "^(edition|status|kind)(,(edition|status|kind))*$", example = "status")]
    pub facet: Option<String>,
    }
    sort: "Sort by `id`, `edition`, `title`, `signed_on`, `key` (comma-separated; `-` for descending). Default `id`.", pattern = "^-?(id|edition|title|signed_on|key)(,-?(id|edition|title|signed_on|key))*$", example = "-signed_on";
    format: representation
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AgreementParams {
    /// `parties`: the parties as organisation objects instead of keys.
    #[param(pattern = "^parties$", example = "parties")]
    pub expand: Option<String>,
}

impl Tabular for Agreement {
    fn columns() -> Vec<&'static str> {
        vec!["id", "edition", "key", "title", "kind", "status", "signed_on", "parties", "source", "notes"]
    }
    fn cells(&self) -> Vec<String> {
        let parties: Vec<&str> = self
            .parties
            .iter()
            .map(|p| match p {
                OrganizationRef::Key(k) => k.as_str(),
                OrganizationRef::Object(o) => o.key.as_str(),
            })
            .collect();
        vec![
            self.id.to_string(),
            self.edition.to_string(),
            self.key.clone(),
            self.title.clone(),
            self.kind.to_string(),
            self.status.to_string(),
            cell(&self.signed_on),
            joined(&parties),
            self.source.clone(),
            cell(&self.notes),
        ]
    }
}

fn expand(raw: Option<&str>) -> ApiResult<AgreementExpand> {
    Ok(AgreementExpand { parties: !parse_expand(raw, &["parties"])?.is_empty() })
}

fn facets(raw: Option<&str>) -> ApiResult<Vec<(AgreementFacet, &'static str)>> {
    Ok(parse_expand(raw, &["edition", "status", "kind"])
        .map_err(|_| ApiError::invalid_parameter("facet takes edition, status and/or kind, comma-separated"))?
        .iter()
        .map(|name| match name.as_str() {
            "edition" => (AgreementFacet::Edition, "edition"),
            "status" => (AgreementFacet::Status, "status"),
            _ => (AgreementFacet::Kind, "kind"),
        })
        .collect())
}

/// List agreements; optionally with facet counts.
#[utoipa::path(
    tag = "agreements",
    params(AgreementListParams),
    responses(
        (status = 200, description = "A page of agreements",
            headers(("ETag" = String), ("Link" = String), ("X-Total-Count" = i64)),
            content((Collection<Agreement> = "application/json"), (String = "text/csv"), (String = "application/x-ndjson"))),
        ReadErrors,
    )
)]
#[get("/agreements")]
pub async fn list_agreements(
    state: State,
    req: HttpRequest,
    Query(mut params): Query<AgreementListParams>,
) -> ApiResult<HttpResponse> {
    let representation = Representation::negotiate(&req, params.format, TABULAR);
    let paging = params.paging();
    let expand = expand(params.expand.as_deref())?;
    let facets = facets(params.facet.as_deref())?;
    let filter = AgreementFilter {
        edition: params.edition,
        status: params.status,
        kind: params.kind,
        party: params.party,
        source: params.source,
        q: params.q,
    };
    collection::list(&state, &req, representation, paging, agreements_q::AgreementListing { filter, expand, facets })
        .await
}

/// One agreement.
#[utoipa::path(
    tag = "agreements",
    params(("id" = i64, Path, example = 1), AgreementParams),
    responses((status = 200, description = "The agreement", body = Agreement, headers(("ETag" = String))), ReadOneErrors)
)]
#[get("/agreements/{id}")]
pub async fn get_agreement(
    state: State,
    id: web::Path<i64>,
    Query(params): Query<AgreementParams>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let expand = expand(params.expand.as_deref())?;
    Ok(HttpResponse::Ok().json(state.db.read(move |conn| agreements_q::get(conn, id, expand)).await?))
}

crate::write_handlers! {
    resource: crate::queries::resources::Agreements,
    tag: "agreements",
    collection: "/agreements",
    item: "/agreements/{id}",
    key: "id" => i64 = 1,
    input: AgreementInput,
    output: Agreement,
    create: create_agreement = "Record an agreement.",
    replace: replace_agreement = "Replace an agreement.",
    update: update_agreement = "Change some fields of an agreement (JSON merge patch).",
    delete: delete_agreement = "Delete an agreement and its list of parties.",
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_agreements)
        .service(create_agreement)
        .service(get_agreement)
        .service(replace_agreement)
        .service(update_agreement)
        .service(delete_agreement);
}

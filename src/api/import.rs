//! `POST /import`: a bundle upserted by natural key in one transaction.

use actix_web::{HttpResponse, post};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::api::docs::WriteErrors;
use crate::error::ApiResult;
use crate::import::{self, Bundle, ImportReport};
use crate::serving::State;
use crate::web::auth::Writer;
use crate::web::body::LargeJson;
use crate::web::params::Query;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// Validate and report what would change, without writing.
    pub dry_run: Option<bool>,
}

/// Import a bundle: every object upserted by natural key, all or nothing. The answer counts,
/// per kind, what was created, updated and unchanged; importing the same bundle twice changes
/// nothing. A bundle with any invalid object or broken reference writes nothing and lists
/// every problem with its path in the bundle.
#[utoipa::path(
    tag = "import",
    params(ImportParams),
    request_body = Bundle,
    security(("bearer" = [])),
    responses((status = 200, description = "What the import did (or would do)", body = ImportReport), WriteErrors)
)]
#[post("/import")]
pub async fn import_bundle(
    state: State,
    Writer(actor): Writer,
    Query(params): Query<ImportParams>,
    body: LargeJson<Bundle>,
) -> ApiResult<HttpResponse> {
    let dry_run = params.dry_run.unwrap_or(false);
    let bundle = body.read().await?;
    // The import runs (and commits or rolls back) its own transaction.
    let report = state.db.run_writer(move |conn| import::import(conn, &actor, &bundle, dry_run)).await?;
    Ok(HttpResponse::Ok().json(report))
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(import_bundle);
}

//! `/metrics`: what is counted.

use actix_web::{HttpRequest, HttpResponse, get, web};

use crate::api::collection::{self, Collection};
use crate::api::docs::{ReadErrors, ReadOneErrors};
use crate::domain::models::Metric;
use crate::error::ApiResult;
use crate::queries::listing::Tabular;
use crate::queries::metrics::{self as metrics_q, MetricFilter};
use crate::serving::State;
use crate::web::params::{Query, Representation, TABULAR};

crate::collection_params! {
    pub struct MetricListParams {
    /// Text in the code or labels; case-insensitive in Russian and English, `ё` = `е`.
    pub q: Option<String>,
    /// Only metrics counted in this unit.
    #[param(example = "people")]
    pub unit: Option<String>,
    }
    sort: "Sort by `code`, `label_en`, `label_ru` (comma-separated; `-` for descending). Default `code`.", pattern = "^-?(code|label_en|label_ru)(,-?(code|label_en|label_ru))*$", example = "label_en";
    format: representation
}

impl Tabular for Metric {
    fn columns() -> Vec<&'static str> {
        vec!["code", "label_ru", "label_en", "unit", "description"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.code.clone(),
            self.label_ru.clone(),
            self.label_en.clone(),
            self.unit.clone(),
            self.description.clone(),
        ]
    }
}

/// List metrics.
#[utoipa::path(
    tag = "metrics",
    params(MetricListParams),
    responses(
        (status = 200, description = "A page of metrics",
            headers(("ETag" = String), ("Link" = String), ("X-Total-Count" = i64)),
            content((Collection<Metric> = "application/json"), (String = "text/csv"), (String = "application/x-ndjson"))),
        ReadErrors,
    )
)]
#[get("/metrics")]
pub async fn list_metrics(
    state: State,
    req: HttpRequest,
    Query(mut params): Query<MetricListParams>,
) -> ApiResult<HttpResponse> {
    let representation = Representation::negotiate(&req, params.format, TABULAR);
    let paging = params.paging();
    let filter = MetricFilter { q: params.q, unit: params.unit };
    collection::list(&state, &req, representation, paging, filter).await
}

/// One metric.
#[utoipa::path(
    tag = "metrics",
    params(("code" = String, Path, example = "participants")),
    responses((status = 200, description = "The metric", body = Metric, headers(("ETag" = String))), ReadOneErrors)
)]
#[get("/metrics/{code}")]
pub async fn get_metric(state: State, code: web::Path<String>) -> ApiResult<HttpResponse> {
    let code = code.into_inner();
    Ok(HttpResponse::Ok().json(state.db.read(move |conn| metrics_q::get(conn, &code)).await?))
}

crate::write_handlers! {
    resource: crate::queries::resources::Metrics,
    tag: "metrics",
    collection: "/metrics",
    item: "/metrics/{code}",
    key: "code" => String = "participants",
    input: Metric,
    output: Metric,
    create: create_metric = "Define a metric.",
    replace: replace_metric = "Replace a metric's definition.",
    update: update_metric = "Change some fields of a metric (JSON merge patch).",
    delete: delete_metric = "Delete a metric: refused (409) while figures count it.",
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_metrics)
        .service(create_metric)
        .service(get_metric)
        .service(replace_metric)
        .service(update_metric)
        .service(delete_metric);
}

//! `/figures`: every reported value with its source.

use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::api::citations::{self, CITABLE, is_citation};
use crate::api::collection::{self, Collection};
use crate::api::docs::{ReadErrors, ReadOneErrors};
use crate::domain::citation::Cited;
use crate::domain::models::{Figure, FigureInput, SourceRef};
use crate::domain::{FigureStatus, Qualifier, number};
use crate::error::ApiResult;
use crate::queries::figures::{self as figures_q, FigureFilter};
use crate::queries::listing::{Tabular, cell};
use crate::serving::State;
use crate::web::params::{CitationFormat, Query, Representation, TABULAR, parse_expand};

crate::collection_params! {
    pub struct FigureListParams {
    /// Only figures of this edition (its year).
    #[param(example = 2025)]
    pub edition: Option<i32>,
    /// Only figures of this metric (its code).
    #[param(example = "participants")]
    pub metric: Option<String>,
    /// Only `expected` or only `actual` figures.
    pub status: Option<FigureStatus>,
    /// Only figures from this source (its key).
    pub source: Option<String>,
    /// Only figures with this qualifier.
    pub qualifier: Option<Qualifier>,
    /// `source`: each figure carries its source object instead of its key (CSV always has the source columns).
    #[param(pattern = "^source$", example = "source")]
    pub expand: Option<String>,
    /// Only figures reported on or before this day (`YYYY-MM-DD`); one reported only to the
    /// month or year counts from the period's last day; undated ones are left out.
    #[param(value_type = Option<String>, format = Date, example = "2025-11-01")]
    #[serde(default, deserialize_with = "crate::web::params::day")]
    pub as_of: Option<chrono::NaiveDate>,
    }
    sort: "Sort by `id`, `edition`, `metric`, `value`, `reported_on`, `source` (comma-separated; `-` for descending). Default `id`.", pattern = "^-?(id|edition|metric|value|reported_on|source)(,-?(id|edition|metric|value|reported_on|source))*$", example = "-reported_on";
    format: representation
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FigureParams {
    /// `source`: the figure carries its source object instead of its key.
    #[param(pattern = "^source$", example = "source")]
    pub expand: Option<String>,
    /// `json`, or the figure cited: its source's citation with the figure's quote as the note
    /// (`csl`, `bibtex`, `citation`).
    pub format: Option<CitationFormat>,
}

impl Tabular for Figure {
    fn columns() -> Vec<&'static str> {
        vec![
            "id",
            "key",
            "edition",
            "metric",
            "value",
            "value_from",
            "qualifier",
            "status",
            "reported_on",
            "reported_in",
            "quote",
            "attributed_to",
            "notes",
            "source",
            "source_title",
            "source_publisher",
            "source_published_on",
            "source_url",
        ]
    }
    fn cells(&self) -> Vec<String> {
        let (key, source) = match &self.source {
            SourceRef::Key(k) => (k.clone(), None),
            SourceRef::Object(s) => (s.key.clone(), Some(s)),
        };
        vec![
            self.id.to_string(),
            cell(&self.key),
            self.edition.to_string(),
            self.metric.clone(),
            number::to_text(self.value),
            self.value_from.map(number::to_text).unwrap_or_default(),
            self.qualifier.to_string(),
            self.status.to_string(),
            cell(&self.reported_on),
            cell(&self.reported_in),
            cell(&self.quote),
            cell(&self.attributed_to),
            cell(&self.notes),
            key,
            source.map(|s| s.title.clone()).unwrap_or_default(),
            source.and_then(|s| s.publisher.clone()).unwrap_or_default(),
            source.and_then(|s| s.published_on).map(|d| d.to_string()).unwrap_or_default(),
            source.and_then(|s| s.url.clone()).unwrap_or_default(),
        ]
    }
}

fn expand_source(raw: Option<&str>) -> ApiResult<bool> {
    Ok(!parse_expand(raw, &["source"])?.is_empty())
}

/// List figures across editions.
#[utoipa::path(
    tag = "figures",
    params(FigureListParams),
    responses(
        (status = 200, description = "A page of figures; CSV rows carry the source's title, publisher, date and URL",
            headers(("ETag" = String), ("Link" = String), ("X-Total-Count" = i64)),
            content((Collection<Figure> = "application/json"), (String = "text/csv"), (String = "application/x-ndjson"))),
        ReadErrors,
    )
)]
#[get("/figures")]
pub async fn list_figures(
    state: State,
    req: HttpRequest,
    Query(mut params): Query<FigureListParams>,
) -> ApiResult<HttpResponse> {
    let representation = Representation::negotiate(&req, params.format, TABULAR);
    // CSV rows carry the source's columns.
    let expand_source = expand_source(params.expand.as_deref())? || representation == Representation::Csv;
    let paging = params.paging();
    let filter = FigureFilter {
        edition: params.edition,
        metric: params.metric,
        status: params.status,
        source: params.source,
        qualifier: params.qualifier,
        as_of: params.as_of,
    };
    collection::list(&state, &req, representation, paging, figures_q::FigureListing { filter, expand_source }).await
}

/// One figure; or its citation (its source's, with the figure's quote as the note) by `Accept`
/// or `format=`.
#[utoipa::path(
    tag = "figures",
    params(("id" = i64, Path, example = 1), FigureParams),
    responses((status = 200, description = "The figure, or its citation", headers(("ETag" = String)),
        content((Figure = "application/json"), (Object = "application/vnd.citationstyles.csl+json"), (String = "application/x-bibtex"), (String = "text/x-bibliography"))),
        ReadOneErrors)
)]
#[get("/figures/{id}")]
pub async fn get_figure(
    state: State,
    req: HttpRequest,
    id: web::Path<i64>,
    Query(params): Query<FigureParams>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let representation = Representation::negotiate(&req, params.format, CITABLE);
    let citing = is_citation(representation);
    let expand = expand_source(params.expand.as_deref())? || citing;
    let figure = state.db.read(move |conn| figures_q::get(conn, id, expand)).await?;
    if let (true, SourceRef::Object(source)) = (citing, &figure.source) {
        let cited = Cited {
            id: figure.key.clone().unwrap_or_else(|| format!("figure-{}", figure.id)),
            source,
            quote: figure.quote.as_deref(),
        };
        return Ok(citations::respond(representation, &[cited], false));
    }
    Ok(HttpResponse::Ok().json(figure))
}

crate::write_handlers! {
    resource: crate::queries::resources::Figures,
    tag: "figures",
    collection: "/figures",
    item: "/figures/{id}",
    key: "id" => i64 = 1,
    input: FigureInput,
    output: Figure,
    create: create_figure = "Record a figure.",
    replace: replace_figure = "Replace a figure.",
    update: update_figure = "Change some fields of a figure (JSON merge patch).",
    delete: delete_figure = "Delete a figure.",
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_figures)
        .service(create_figure)
        .service(get_figure)
        .service(replace_figure)
        .service(update_figure)
        .service(delete_figure);
}

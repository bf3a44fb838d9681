//! `/sources`: the documents figures come from.

use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::api::citations::{self, CITABLE, SOURCES, is_citation};
use crate::api::collection::{self, Collection};
use crate::api::docs::{ReadErrors, ReadOneErrors};
use crate::domain::citation::Cited;
use crate::domain::models::Source;
use crate::error::{ApiError, ApiResult};
use crate::queries::listing::{Tabular, cell};
use crate::queries::sources::{self as sources_q, SourceFilter};
use crate::serving::State;
use crate::web::params::{CitationFormat, Query, Representation, SourcesFormat, page_request};

crate::collection_params! {
    pub struct SourceListParams {
    /// Text in the title, publisher or key; case-insensitive in Russian and English, `ё` = `е`.
    pub q: Option<String>,
    /// Only sources from this publisher (exactly as written).
    #[param(example = "ТАСС")]
    pub publisher: Option<String>,
    /// Only sources in this language.
    #[param(example = "ru")]
    pub language: Option<String>,
    /// `json`, `csv`, `ndjson`, or every matching source cited: `csl` (a CSL-JSON array),
    /// `bibtex` (one `.bib`), `citation` (references after ГОСТ Р 7.0.100-2018, one per line).
    pub format: Option<SourcesFormat>,
    }
    sort: "Sort by `key`, `title`, `publisher`, `published_on` (comma-separated; `-` for descending). Default `key`.", pattern = "^-?(key|title|publisher|published_on)(,-?(key|title|publisher|published_on))*$", example = "-published_on";
    format: own
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SourceParams {
    /// `json`, or the source cited: `csl` (CSL-JSON), `bibtex`, `citation` (ГОСТ Р 7.0.100-2018).
    pub format: Option<CitationFormat>,
}

impl Tabular for Source {
    fn columns() -> Vec<&'static str> {
        vec!["key", "title", "publisher", "url", "published_on", "published_in", "language", "notes"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.key.clone(),
            self.title.clone(),
            cell(&self.publisher),
            cell(&self.url),
            cell(&self.published_on),
            cell(&self.published_in),
            self.language.clone(),
            cell(&self.notes),
        ]
    }
}

/// List sources; or cite every matching one (CSL-JSON, BibTeX, formatted references).
#[utoipa::path(
    tag = "sources",
    params(SourceListParams),
    responses(
        (status = 200, description = "A page of sources, or every matching source cited",
            headers(("ETag" = String), ("Link" = String), ("X-Total-Count" = i64)),
            content((Collection<Source> = "application/json"), (String = "text/csv"), (String = "application/x-ndjson"),
                (Vec<Object> = "application/vnd.citationstyles.csl+json"), (String = "application/x-bibtex"), (String = "text/x-bibliography"))),
        ReadErrors,
    )
)]
#[get("/sources")]
pub async fn list_sources(
    state: State,
    req: HttpRequest,
    Query(mut params): Query<SourceListParams>,
) -> ApiResult<HttpResponse> {
    let representation = Representation::negotiate(&req, params.format, SOURCES);
    let citing = is_citation(representation);
    let paging = params.paging();
    if citing && (paging.limit.is_some() || paging.cursor.is_some()) {
        return Err(ApiError::invalid_parameter(
            "citations list every matching source in one answer: limit and cursor are for pages of JSON, CSV or NDJSON",
        ));
    }
    let request = page_request(
        paging.sort.as_deref(),
        None,
        None,
        // Like CSV, citations take every matching row unless `limit` says otherwise.
        if citing { Representation::Csv } else { representation },
        <SourceFilter as crate::queries::listing::Listing>::DEFAULT_SORT,
    )?;
    let filter = SourceFilter { q: params.q, publisher: params.publisher, language: params.language };
    if citing {
        let page = state.db.read(move |conn| sources_q::list(conn, &filter, &request)).await?;
        let cited: Vec<Cited> = page.rows.iter().map(Cited::source).collect();
        return Ok(citations::respond(representation, &cited, true));
    }
    collection::list(&state, &req, representation, paging, filter).await
}

/// One source; or its citation (CSL-JSON, BibTeX, a formatted reference) by `Accept` or `format=`.
#[utoipa::path(
    tag = "sources",
    params(("key" = String, Path, example = "tass-2025-10-22"), SourceParams),
    responses((status = 200, description = "The source, or its citation", headers(("ETag" = String)),
        content((Source = "application/json"), (Object = "application/vnd.citationstyles.csl+json"), (String = "application/x-bibtex"), (String = "text/x-bibliography"))),
        ReadOneErrors)
)]
#[get("/sources/{key}")]
pub async fn get_source(
    state: State,
    req: HttpRequest,
    key: web::Path<String>,
    Query(params): Query<SourceParams>,
) -> ApiResult<HttpResponse> {
    let key = key.into_inner();
    let representation = Representation::negotiate(&req, params.format, CITABLE);
    let source = state.db.read(move |conn| sources_q::get(conn, &key)).await?;
    Ok(if is_citation(representation) {
        citations::respond(representation, &[Cited::source(&source)], false)
    } else {
        HttpResponse::Ok().json(source)
    })
}

crate::write_handlers! {
    resource: crate::queries::resources::Sources,
    tag: "sources",
    collection: "/sources",
    item: "/sources/{key}",
    key: "key" => String = "tass-2025-10-22",
    input: Source,
    output: Source,
    create: create_source = "Record a source.",
    replace: replace_source = "Replace a source.",
    update: update_source = "Change some fields of a source (JSON merge patch).",
    delete: delete_source = "Delete a source: refused (409) while figures, editions, sessions, tracks, agreements or appearances cite it.",
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_sources)
        .service(create_source)
        .service(get_source)
        .service(replace_source)
        .service(update_source)
        .service(delete_source);
}

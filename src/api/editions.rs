//! `/editions`: the forums, their headline figures and tracks (the summary is `summary`).

use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::api::collection::{self, Collection, Listed};
use crate::api::docs::{ReadErrors, ReadOneErrors};
use crate::domain::EditionFormat;
use crate::domain::headline::Resolve;
use crate::domain::models::{Edition, EditionInput, MetricHeadline, Track};
use crate::domain::{FigureStatus, number};
use crate::error::{ApiError, ApiResult};
use crate::queries::editions::{self, EditionExpand, EditionFilter};
use crate::queries::figures::{self as figure_queries, HeadlineRequest};
use crate::queries::listing::{Extras, Tabular, cell, joined};
use crate::queries::paging::Cursor;
use crate::queries::tracks::{self};
use crate::queries::{Limit, Page};
use crate::serving::State;
use crate::web::params::{Query, Representation, TABULAR, TableFormat, parse_expand, split_format};

/// `format=` on `/editions`: how an edition was held, or the representation.
#[derive(ToSchema)]
#[allow(dead_code)]
#[schema(as = EditionFormatParam)]
#[serde(rename_all = "snake_case")]
pub enum EditionFormatParam {
    InPerson,
    Online,
    Hybrid,
    Json,
    Csv,
    Ndjson,
}

crate::collection_params! {
    pub struct EditionListParams {
    /// Text in the title, theme or city; case-insensitive in Russian and English, `ё` = `е`.
    pub q: Option<String>,
    /// `in_person`, `online` or `hybrid` filters by how the edition was held; `json`, `csv` or
    /// `ndjson` chooses the representation (use Accept to do both).
    #[param(value_type = Option<EditionFormatParam>, inline)]
    pub format: Option<String>,
    /// Editions held in this year or later.
    pub from: Option<i32>,
    /// Editions held in this year or earlier.
    pub to: Option<i32>,
    /// Embed `tracks` and/or `sessions`, comma-separated.
    #[param(pattern = "^(tracks|sessions)(,(tracks|sessions))*$", example = "tracks")]
    pub expand: Option<String>,
    }
    sort: "Sort by `year`, `number`, `title`, `starts_on` (comma-separated; `-` for descending). Default `year`.", pattern = "^-?(year|number|title|starts_on)(,-?(year|number|title|starts_on))*$", example = "-year";
    format: own
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EditionParams {
    /// Embed `tracks` and/or `sessions`, comma-separated.
    #[param(pattern = "^(tracks|sessions)(,(tracks|sessions))*$", example = "tracks,sessions")]
    pub expand: Option<String>,
}

fn expand(raw: Option<&str>) -> ApiResult<EditionExpand> {
    let names = parse_expand(raw, &["tracks", "sessions"])?;
    Ok(EditionExpand { tracks: names.iter().any(|n| n == "tracks"), sessions: names.iter().any(|n| n == "sessions") })
}

impl Tabular for Edition {
    fn columns() -> Vec<&'static str> {
        vec![
            "year",
            "number",
            "title",
            "theme",
            "city",
            "venue",
            "starts_on",
            "ends_on",
            "format",
            "organizers",
            "partner_cities",
            "sources",
            "notes",
        ]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.year.to_string(),
            cell(&self.number),
            self.title.clone(),
            cell(&self.theme),
            self.city.clone(),
            cell(&self.venue),
            cell(&self.starts_on),
            cell(&self.ends_on),
            cell(&self.format),
            joined(&self.organizers),
            joined(&self.partner_cities),
            joined(&self.sources),
            cell(&self.notes),
        ]
    }
}

/// List editions.
#[utoipa::path(
    tag = "editions",
    params(EditionListParams),
    responses(
        (status = 200, description = "A page of editions",
            headers(("ETag" = String), ("Link" = String, description = "`<url>; rel=\"next\"` when there is a next page"), ("X-Total-Count" = i64)),
            content((Collection<Edition> = "application/json"), (String = "text/csv"), (String = "application/x-ndjson"))),
        ReadErrors,
    )
)]
#[get("/editions")]
pub async fn list_editions(
    state: State,
    req: HttpRequest,
    Query(mut params): Query<EditionListParams>,
) -> ApiResult<HttpResponse> {
    let (representation, format) = split_format::<EditionFormat>(params.format.as_deref())?;
    let representation = Representation::negotiate(&req, representation, TABULAR);
    let paging = params.paging();
    let filter = EditionFilter { q: params.q, format, from: params.from, to: params.to };
    let expand = expand(params.expand.as_deref())?;
    collection::list(&state, &req, representation, paging, editions::EditionListing { filter, expand }).await
}

/// One edition.
#[utoipa::path(
    tag = "editions",
    params(("year" = i32, Path, description = "The year the edition was held", example = 2025), EditionParams),
    responses((status = 200, description = "The edition", body = Edition, headers(("ETag" = String))), ReadOneErrors)
)]
#[get("/editions/{year}")]
pub async fn get_edition(
    state: State,
    year: web::Path<i32>,
    Query(params): Query<EditionParams>,
) -> ApiResult<HttpResponse> {
    let year = year.into_inner();
    let expand = expand(params.expand.as_deref())?;
    let edition = state.db.read(move |conn| editions::get(conn, year, expand)).await?;
    Ok(HttpResponse::Ok().json(edition))
}

crate::write_handlers! {
    resource: crate::queries::resources::Editions,
    tag: "editions",
    collection: "/editions",
    item: "/editions/{year}",
    key: "year" => i32 = 2025,
    input: EditionInput,
    output: Edition,
    create: create_edition = "Create an edition.",
    replace: replace_edition = "Replace an edition.",
    update: update_edition = "Change some fields of an edition (JSON merge patch).",
    delete: delete_edition = "Delete an edition: refused (409) while figures, sessions, agreements, tracks or appearances refer to it.",
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct HeadlineParams {
    /// How the headline is chosen: `headline` (the contract's rule, default), `latest`, `max`, `min`, `all` (no choice).
    pub resolve: Option<Resolve>,
    /// Only this metric.
    #[param(example = "participants")]
    pub metric: Option<String>,
    /// Only figures of this status count.
    pub status: Option<FigureStatus>,
    /// Items (metrics) per page, 1–500 (default 50); `all` with CSV or NDJSON (their default).
    #[param(pattern = "^(all|[1-9][0-9]?|[1-4][0-9][0-9]|500)$", example = "50")]
    pub limit: Option<String>,
    /// Where the page starts: taken from the previous page's `next` link.
    pub cursor: Option<String>,
    /// `json`, `csv` or `ndjson`, instead of the Accept header.
    pub format: Option<TableFormat>,
    /// With CSV: begin with a UTF-8 byte order mark.
    pub bom: Option<bool>,
    /// Only figures reported on or before this day count (`YYYY-MM-DD`); one reported only
    /// to the month or year counts from the period's last day; undated ones are left out.
    #[param(value_type = Option<String>, format = Date, example = "2025-11-01")]
    #[serde(default, deserialize_with = "crate::web::params::day")]
    pub as_of: Option<NaiveDate>,
}

impl Tabular for MetricHeadline {
    fn columns() -> Vec<&'static str> {
        vec![
            "edition",
            "metric",
            "label_ru",
            "label_en",
            "unit",
            "resolve",
            "value",
            "value_from",
            "qualifier",
            "status",
            "figure_id",
            "source",
            "source_publisher",
            "source_published_on",
            "source_url",
            "reported_on",
            "quote",
            "decided_by",
            "reason",
            "figure_count",
            "min",
            "max",
            "disputed",
            "actual",
            "expected",
            "difference",
            "ratio",
        ]
    }
    fn cells(&self) -> Vec<String> {
        let h = self.headline.as_ref();
        let source = h.and_then(|f| match &f.source {
            crate::domain::models::SourceRef::Object(s) => Some(s.clone()),
            crate::domain::models::SourceRef::Key(_) => None,
        });
        vec![
            self.edition.to_string(),
            self.metric.code.clone(),
            self.metric.label_ru.clone(),
            self.metric.label_en.clone(),
            self.metric.unit.clone(),
            self.resolve.to_string(),
            h.map(|f| number::to_text(f.value)).unwrap_or_default(),
            h.and_then(|f| f.value_from).map(number::to_text).unwrap_or_default(),
            h.map(|f| f.qualifier.to_string()).unwrap_or_default(),
            h.map(|f| f.status.to_string()).unwrap_or_default(),
            h.map(|f| f.id.to_string()).unwrap_or_default(),
            source.as_ref().map(|s| s.key.clone()).unwrap_or_default(),
            source.as_ref().and_then(|s| s.publisher.clone()).unwrap_or_default(),
            source.as_ref().and_then(|s| s.published_on).map(|d| d.to_string()).unwrap_or_default(),
            source.as_ref().and_then(|s| s.url.clone()).unwrap_or_default(),
            h.and_then(|f| f.reported_on).map(|d| d.to_string()).unwrap_or_default(),
            h.and_then(|f| f.quote.clone()).unwrap_or_default(),
            self.decided_by.to_string(),
            self.reason.clone(),
            self.figure_count.to_string(),
            self.min.map(number::to_text).unwrap_or_default(),
            self.max.map(number::to_text).unwrap_or_default(),
            self.disputed.to_string(),
            self.actual.as_ref().map(|v| number::to_text(v.value)).unwrap_or_default(),
            self.expected.as_ref().map(|v| number::to_text(v.value)).unwrap_or_default(),
            self.expected_vs_actual.map(|d| number::to_text(d.difference)).unwrap_or_default(),
            cell(&self.expected_vs_actual.and_then(|d| d.ratio)),
        ]
    }
}

/// The headline of every metric at an edition: the figure that won and why, how many figures
/// there were, their min and max, whether they disagree, the latest expected value beside the
/// actual one, and every figure with its source.
#[utoipa::path(
    tag = "editions",
    params(("year" = i32, Path, example = 2025), HeadlineParams),
    responses(
        (status = 200, description = "One headline per metric, by metric code",
            headers(("ETag" = String), ("Link" = String), ("X-Total-Count" = i64)),
            content((Collection<MetricHeadline> = "application/json"), (String = "text/csv"), (String = "application/x-ndjson"))),
        ReadOneErrors,
    )
)]
#[get("/editions/{year}/figures")]
pub async fn edition_figures(
    state: State,
    req: HttpRequest,
    year: web::Path<i32>,
    Query(params): Query<HeadlineParams>,
) -> ApiResult<HttpResponse> {
    let representation = Representation::negotiate(&req, params.format, TABULAR);
    let limit = match (params.limit.as_deref(), representation) {
        (None, Representation::Csv | Representation::Ndjson) => Limit::All,
        (Some("all"), Representation::Json) => {
            return Err(ApiError::invalid_parameter("limit=all is for CSV and NDJSON"));
        }
        (raw, _) => Limit::parse(raw)?,
    };
    let after_metric =
        params.cursor.as_deref().map(|raw| Cursor::decode(raw, "metric", 0)).transpose()?.map(|c| match &c.values[0] {
            crate::queries::KeyValue::Text(code) => Ok(code.clone()),
            _ => Err(crate::queries::paging::bad_cursor()),
        });
    let request = HeadlineRequest {
        edition: year.into_inner(),
        metric: params.metric,
        status: params.status,
        resolve: params.resolve.unwrap_or_default(),
        as_of: params.as_of,
        after_metric: after_metric.transpose()?,
        limit,
    };
    let listing = state
        .db
        .read(move |conn| {
            if !editions::exists(conn, request.edition)? {
                return Err(editions::not_found(request.edition));
            }
            let total = figure_queries::headline_count(conn, &request)?;
            let page = figure_queries::headlines(conn, &request)?;
            let next = page.next.map(|code| Cursor::encode("metric", vec![crate::queries::KeyValue::Text(code)]));
            Ok(Listed {
                page: Page { rows: page.rows, next },
                total,
                limit: request.limit,
                extras: Extras { facets: None, as_of: page.as_of },
            })
        })
        .await?;
    collection::respond(&req, representation, params.bom.unwrap_or(false), listing)
}

crate::collection_params! {
    pub struct TrackParams {

    }
    sort: "Sort by `key`, `title` (`-` for descending). Default: the order the tracks were recorded.", pattern = "^-?(key|title)(,-?(key|title))*$", example = "title";
    format: representation
}

impl Tabular for Track {
    fn columns() -> Vec<&'static str> {
        vec!["edition", "key", "title", "description", "sources"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.edition.to_string(),
            self.key.clone(),
            self.title.clone(),
            cell(&self.description),
            joined(&self.sources),
        ]
    }
}

/// The thematic tracks of an edition.
#[utoipa::path(
    tag = "editions",
    params(("year" = i32, Path, example = 2025), TrackParams),
    responses(
        (status = 200, description = "The edition's tracks",
            headers(("ETag" = String), ("Link" = String), ("X-Total-Count" = i64)),
            content((Collection<Track> = "application/json"), (String = "text/csv"), (String = "application/x-ndjson"))),
        ReadOneErrors,
    )
)]
#[get("/editions/{year}/tracks")]
pub async fn edition_tracks(
    state: State,
    req: HttpRequest,
    year: web::Path<i32>,
    Query(mut params): Query<TrackParams>,
) -> ApiResult<HttpResponse> {
    let year = year.into_inner();
    let representation = Representation::negotiate(&req, params.format, TABULAR);
    if !state.db.read(move |conn| editions::exists(conn, year)).await? {
        return Err(editions::not_found(year));
    }
    collection::list(&state, &req, representation, params.paging(), tracks::TrackListing { edition: year }).await
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_editions)
        .service(create_edition)
        .service(edition_figures)
        .service(edition_tracks)
        .service(super::summary::edition_summary)
        .service(get_edition)
        .service(replace_edition)
        .service(update_edition)
        .service(delete_edition);
}

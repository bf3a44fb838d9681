//! `/sessions`: the programme, with participants, roles and facets.

use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::api::collection::{self, Collection};
use crate::api::docs::{ReadErrors, ReadOneErrors};
use crate::domain::SessionFormat;
use crate::domain::models::{OrganizationRef, PersonRef, Session, SessionInput};
use crate::error::{ApiError, ApiResult};
use crate::queries::listing::{Tabular, cell, joined};
use crate::queries::sessions::{self as sessions_q, SessionExpand, SessionFacet, SessionFilter};
use crate::serving::State;
use crate::web::params::{Query, Representation, TABULAR, parse_expand, split_format};

/// `format=` on `/sessions`: a session format to filter by, or the representation.
#[derive(ToSchema)]
#[allow(dead_code)]
#[serde(rename_all = "snake_case")]
pub enum SessionFormatParam {
    Plenary,
    Panel,
    OpenMicrophone,
    Dialogue,
    Workshop,
    RoundTable,
    Lecture,
    Exhibition,
    Other,
    Json,
    Csv,
    Ndjson,
}

crate::collection_params! {
    pub struct SessionListParams {
    /// Only sessions of this edition (its year).
    #[param(example = 2025)]
    pub edition: Option<i32>,
    /// Only sessions of this track (its key).
    #[param(example = "human-capital")]
    pub track: Option<String>,
    /// A session format (`panel`, `plenary`, …) filters; `json`, `csv` or `ndjson` chooses the
    /// representation (use Accept to do both).
    #[param(value_type = Option<SessionFormatParam>, inline)]
    pub format: Option<String>,
    /// Only sessions this person took part in (their key).
    #[param(example = "andrey-sharonov")]
    pub person: Option<String>,
    /// Only sessions with a participant from this organisation (its key).
    #[param(example = "esg-alliance")]
    pub organization: Option<String>,
    /// Text in the title or description, or in a participant's or their organisation's name;
    /// case-insensitive in Russian and English, `ё` = `е`.
    #[param(example = "шаронов")]
    pub q: Option<String>,
    /// `participants`: each participant carries the person and organisation objects.
    #[param(pattern = "^participants$", example = "participants")]
    pub expand: Option<String>,
    /// Counts per value of `edition`, `track` and/or `format` (comma-separated), beside the page.
    #[param(
        pattern = "^(edition|track|format)(,(edition|track|format))*$",
        example = "track,format"
    )]
    pub facet: Option<String>,
    }
    sort: "Sort by `id`, `edition`, `title`, `date`, `starts_at`, `key` (comma-separated; `-` for descending). Default `id`.", pattern = "^-?(id|edition|title|date|starts_at|key)(,-?(id|edition|title|date|starts_at|key))*$", example = "-edition,title";
    format: own
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SessionParams {
    /// `participants`: each participant carries the person and organisation objects.
    #[param(pattern = "^participants$", example = "participants")]
    pub expand: Option<String>,
}

fn key_of_person(p: &PersonRef) -> &str {
    match p {
        PersonRef::Key(k) => k,
        PersonRef::Object(o) => &o.key,
    }
}

impl Tabular for Session {
    fn columns() -> Vec<&'static str> {
        vec![
            "id",
            "edition",
            "key",
            "title",
            "track",
            "format",
            "date",
            "starts_at",
            "ends_at",
            "venue",
            "description",
            "participants",
            "sources",
            "notes",
        ]
    }
    fn cells(&self) -> Vec<String> {
        let participants: Vec<String> = self
            .participants
            .iter()
            .map(|p| {
                let org = match &p.organization {
                    Some(OrganizationRef::Key(k)) => format!(", {k}"),
                    Some(OrganizationRef::Object(o)) => format!(", {}", o.key),
                    None => String::new(),
                };
                format!("{} ({}{org})", key_of_person(&p.person), p.role)
            })
            .collect();
        vec![
            self.id.to_string(),
            self.edition.to_string(),
            self.key.clone(),
            self.title.clone(),
            cell(&self.track),
            cell(&self.format),
            cell(&self.date),
            self.starts_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
            self.ends_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
            cell(&self.venue),
            cell(&self.description),
            joined(&participants),
            joined(&self.sources),
            cell(&self.notes),
        ]
    }
}

fn expand(raw: Option<&str>) -> ApiResult<SessionExpand> {
    Ok(SessionExpand { participants: !parse_expand(raw, &["participants"])?.is_empty() })
}

fn facets(raw: Option<&str>) -> ApiResult<Vec<(SessionFacet, &'static str)>> {
    Ok(parse_expand(raw, &["edition", "track", "format"])
        .map_err(|_| ApiError::invalid_parameter("facet takes edition, track and/or format, comma-separated"))?
        .iter()
        .map(|name| match name.as_str() {
            "edition" => (SessionFacet::Edition, "edition"),
            "track" => (SessionFacet::Track, "track"),
            _ => (SessionFacet::Format, "format"),
        })
        .collect())
}

/// List sessions, each with its participants; optionally with facet counts.
#[utoipa::path(
    tag = "sessions",
    params(SessionListParams),
    responses(
        (status = 200, description = "A page of sessions",
            headers(("ETag" = String), ("Link" = String), ("X-Total-Count" = i64)),
            content((Collection<Session> = "application/json"), (String = "text/csv"), (String = "application/x-ndjson"))),
        ReadErrors,
    )
)]
#[get("/sessions")]
pub async fn list_sessions(
    state: State,
    req: HttpRequest,
    Query(mut params): Query<SessionListParams>,
) -> ApiResult<HttpResponse> {
    let (representation, format) = split_format::<SessionFormat>(params.format.as_deref())?;
    let representation = Representation::negotiate(&req, representation, TABULAR);
    let paging = params.paging();
    let expand = expand(params.expand.as_deref())?;
    let facets = facets(params.facet.as_deref())?;
    let filter = SessionFilter {
        editions: params.edition.map(|e| vec![e]),
        track: params.track,
        format,
        person: params.person,
        organization: params.organization,
        q: params.q,
    };
    collection::list(&state, &req, representation, paging, sessions_q::SessionListing { filter, expand, facets }).await
}

/// One session with its participants.
#[utoipa::path(
    tag = "sessions",
    params(("id" = i64, Path, example = 1), SessionParams),
    responses((status = 200, description = "The session", body = Session, headers(("ETag" = String))), ReadOneErrors)
)]
#[get("/sessions/{id}")]
pub async fn get_session(
    state: State,
    id: web::Path<i64>,
    Query(params): Query<SessionParams>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let expand = expand(params.expand.as_deref())?;
    Ok(HttpResponse::Ok().json(state.db.read(move |conn| sessions_q::get(conn, id, expand)).await?))
}

crate::write_handlers! {
    resource: crate::queries::resources::Sessions,
    tag: "sessions",
    collection: "/sessions",
    item: "/sessions/{id}",
    key: "id" => i64 = 1,
    input: SessionInput,
    output: Session,
    create: create_session = "Record a session with its participants.",
    replace: replace_session = "Replace a session.",
    update: update_session = "Change some fields of a session (JSON merge patch).",
    delete: delete_session = "Delete a session and its participant list.",
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_sessions)
        .service(create_session)
        .service(get_session)
        .service(replace_session)
        .service(update_session)
        .service(delete_session);
}

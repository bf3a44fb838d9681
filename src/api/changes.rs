//! `GET /changes`: who changed what, and when.

use actix_web::{HttpRequest, HttpResponse, get};
use chrono::{DateTime, FixedOffset};

use crate::api::collection::{self, Collection, Tabular, cell};
use crate::api::docs::ReadErrors;
use crate::domain::ChangeAction;
use crate::domain::models::Change;
use crate::error::ApiResult;
use crate::queries::changes::{self as changes_q, ChangeFilter, ChangeSort};
use crate::queries::paging::SortKey;
use crate::serving::State;
use crate::web::params::{Query, Representation, TABULAR, page_request};

crate::collection_params! {
    pub struct ChangeListParams {
    /// Changes at or after this instant (RFC 3339 with an offset).
    #[param(value_type = Option<String>, format = DateTime, example = "2025-11-27T00:00:00+05:00")]
    pub since: Option<DateTime<FixedOffset>>,
    /// Only changes to this kind of resource (`figures`, `editions`, `sources`, …).
    #[param(example = "figures")]
    pub resource: Option<String>,
    /// Only changes made with this token (its name).
    #[param(example = "editor-anna")]
    pub token: Option<String>,
    /// Only creates, updates or deletes.
    pub action: Option<ChangeAction>,
    }
    sort: "Sort by `id`, `at` (`-` for descending). Default `id` (oldest first).", pattern = "^-?(id|at)(,-?(id|at))*$", example = "-id";
    format: representation
}

impl Tabular for Change {
    fn columns() -> Vec<&'static str> {
        vec!["id", "at", "token", "action", "resource", "key", "before", "after"]
    }
    fn cells(&self) -> Vec<String> {
        let json = |v: &Option<serde_json::Value>| v.as_ref().map(|v| v.to_string()).unwrap_or_default();
        vec![
            self.id.to_string(),
            self.at.to_rfc3339(),
            cell(&self.token),
            self.action.to_string(),
            self.resource.clone(),
            self.key.clone(),
            json(&self.before),
            json(&self.after),
        ]
    }
}

const DEFAULT_SORT: &[SortKey<ChangeSort>] = &[SortKey { field: ChangeSort::Id, descending: false }];

/// Every create, update and delete, through the API or an import: when, by which token,
/// which resource, and the resource before and after.
#[utoipa::path(
    tag = "changes",
    params(ChangeListParams),
    responses(
        (status = 200, description = "A page of changes",
            headers(("ETag" = String), ("Link" = String), ("X-Total-Count" = i64)),
            content((Collection<Change> = "application/json"), (String = "text/csv"), (String = "application/x-ndjson"))),
        ReadErrors,
    )
)]
#[get("/changes")]
pub async fn list_changes(
    state: State,
    req: HttpRequest,
    Query(params): Query<ChangeListParams>,
) -> ApiResult<HttpResponse> {
    let representation = Representation::negotiate(&req, params.format, TABULAR);
    let request = page_request(
        params.sort.as_deref(),
        params.limit.as_deref(),
        params.cursor.as_deref(),
        representation,
        DEFAULT_SORT,
    )?;
    let filter = ChangeFilter {
        since: params.since.map(|t| t.naive_utc()),
        resource: params.resource,
        token: params.token,
        action: params.action,
    };
    let count_filter = filter.clone();
    collection::serve_list(
        &state,
        &req,
        representation,
        params.bom.unwrap_or(false),
        request,
        format!("changes_q {count_filter:?}"),
        move |conn| changes_q::count(conn, &count_filter),
        move |conn, request| changes_q::list(conn, &filter, request),
        collection::no_extras,
    )
    .await
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_changes);
}

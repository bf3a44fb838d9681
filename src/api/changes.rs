//! `GET /changes`: who changed what, and when.

use actix_web::{HttpRequest, HttpResponse, get};
use chrono::{DateTime, FixedOffset};

use crate::api::collection::{self, Collection};
use crate::api::docs::ReadErrors;
use crate::domain::ChangeAction;
use crate::domain::models::Change;
use crate::error::ApiResult;
use crate::queries::changes::ChangeFilter;
use crate::queries::listing::{Tabular, cell};
use crate::serving::State;
use crate::web::params::{Query, Representation, TABULAR};

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
    Query(mut params): Query<ChangeListParams>,
) -> ApiResult<HttpResponse> {
    let representation = Representation::negotiate(&req, params.format, TABULAR);
    let paging = params.paging();
    let filter = ChangeFilter {
        since: params.since.map(|t| t.naive_utc()),
        resource: params.resource,
        token: params.token,
        action: params.action,
    };
    collection::list(&state, &req, representation, paging, filter).await
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_changes);
}

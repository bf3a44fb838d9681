//! `/people`: people and every appearance across editions.

use actix_web::{HttpRequest, HttpResponse, get, web};

use crate::api::collection::{self, Collection};
use crate::api::docs::{ReadErrors, ReadOneErrors};
use crate::domain::models::{PersonDetail, PersonInput, PersonSummary};
use crate::error::ApiResult;
use crate::queries::listing::{Tabular, cell};
use crate::queries::people::{self as people_q, PersonFilter};
use crate::serving::State;
use crate::web::params::{Query, Representation, TABULAR};

crate::collection_params! {
    pub struct PersonListParams {
    /// Text in the name; case-insensitive in Russian and English, `ё` = `е` (`q=шаронов` finds «Андрей Шаронов»).
    #[param(example = "шаронов")]
    pub q: Option<String>,
    /// Only people who appeared at this edition (its year), in a session or outside one.
    #[param(example = 2024)]
    pub edition: Option<i32>,
    /// Only people who represented this organisation (its key).
    #[param(example = "esg-alliance")]
    pub organization: Option<String>,
    }
    sort: "Sort by `key`, `name` (comma-separated; `-` for descending). Default `key`.", pattern = "^-?(key|name)(,-?(key|name))*$", example = "name";
    format: representation
}

impl Tabular for PersonSummary {
    fn columns() -> Vec<&'static str> {
        vec!["key", "name", "notes"]
    }
    fn cells(&self) -> Vec<String> {
        vec![self.key.clone(), self.name.clone(), cell(&self.notes)]
    }
}

/// List people.
#[utoipa::path(
    tag = "people",
    params(PersonListParams),
    responses(
        (status = 200, description = "A page of people",
            headers(("ETag" = String), ("Link" = String), ("X-Total-Count" = i64)),
            content((Collection<PersonSummary> = "application/json"), (String = "text/csv"), (String = "application/x-ndjson"))),
        ReadErrors,
    )
)]
#[get("/people")]
pub async fn list_people(
    state: State,
    req: HttpRequest,
    Query(mut params): Query<PersonListParams>,
) -> ApiResult<HttpResponse> {
    let representation = Representation::negotiate(&req, params.format, TABULAR);
    let paging = params.paging();
    let filter = PersonFilter { q: params.q, edition: params.edition, organization: params.organization };
    collection::list(&state, &req, representation, paging, filter).await
}

/// One person with every appearance, across editions: the position and organisation they
/// held then, their sessions and roles, and the sources.
#[utoipa::path(
    tag = "people",
    params(("key" = String, Path, example = "andrey-sharonov")),
    responses((status = 200, description = "The person", body = PersonDetail, headers(("ETag" = String))), ReadOneErrors)
)]
#[get("/people/{key}")]
pub async fn get_person(state: State, key: web::Path<String>) -> ApiResult<HttpResponse> {
    let key = key.into_inner();
    Ok(HttpResponse::Ok().json(state.db.read(move |conn| people_q::get(conn, &key)).await?))
}

crate::write_handlers! {
    resource: crate::queries::resources::People,
    tag: "people",
    collection: "/people",
    item: "/people/{key}",
    key: "key" => String = "andrey-sharonov",
    input: PersonInput,
    output: PersonDetail,
    create: create_person = "Record a person, with appearances outside sessions.",
    replace: replace_person = "Replace a person (name, notes, appearances outside sessions).",
    update: update_person = "Change some fields of a person (JSON merge patch).",
    delete: delete_person = "Delete a person and their appearances: refused (409) while sessions list them.",
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_people)
        .service(create_person)
        .service(get_person)
        .service(replace_person)
        .service(update_person)
        .service(delete_person);
}

//! The API's handlers, one module per area, and its route table. Handlers stay thin: they read
//! their parameters, ask `queries`, and answer through `collection` (lists in JSON, CSV, NDJSON)
//! or `write` (the write flow every resource shares).

pub mod agreements;
pub mod changes;
pub mod citations;
pub mod collection;
pub mod docs;
pub mod editions;
pub mod figures;
pub mod import;
pub mod metrics;
pub mod organizations;
pub mod people;
pub mod root;
pub mod series;
pub mod sessions;
pub mod sources;
pub mod spec;
pub mod summary;
pub mod system;
pub mod tokens;
pub mod write;

/// Every resource under `/api/v1`.
pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    root::routes(cfg);
    editions::routes(cfg);
    figures::routes(cfg);
    series::routes(cfg);
    metrics::routes(cfg);
    sources::routes(cfg);
    organizations::routes(cfg);
    people::routes(cfg);
    sessions::routes(cfg);
    agreements::routes(cfg);
    import::routes(cfg);
    changes::routes(cfg);
    tokens::routes(cfg);
    docs::routes(cfg);
}

/// Outside `/api/v1`: health, readiness, Prometheus metrics.
pub fn system_routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    system::routes(cfg);
}

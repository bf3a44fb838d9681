//! Start-up: connect, migrate, seed an empty database, build the app and serve.

use std::net::TcpListener;
use std::path::Path;

use actix_web::dev::Server;
use actix_web::http::header;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpResponse, HttpServer, web};
use utoipa_actix_web::{AppExt, scope};
use utoipa_swagger_ui::{Config, SwaggerUi};

use crate::api::system::PoolGauges;
use crate::api::{self, docs};
use crate::config::Settings;
use crate::db::{self, DatabaseUrl, Db, DbConnection, DbPool, PoolOptions};
use crate::domain::schema::Schemas;
use crate::error::ApiError;
use crate::import::{self, Bundle};
use crate::pages;
use crate::queries::counts::CountCache;
use crate::queries::resources::Actor;
use crate::serving::cache::{self, ResponseCache};
use crate::serving::errors::{self, ErrorPage};
use crate::serving::observe::{self, Metrics};
use crate::serving::routes::{self, RouteTable};
use crate::serving::{AppState, compress, cors};
use crate::web::{auth, params};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Connect(#[from] db::ConnectError),
    #[error("cannot prepare the database: {0}")]
    Prepare(String),
    #[error("database error while preparing: {0}")]
    Database(#[from] diesel::result::Error),
    #[error("cannot listen on {address}: {source}")]
    Bind { address: String, source: std::io::Error },
}

/// Connects, applies migrations and, on a database that was never written to, loads the
/// seed bundles; instances starting together take turns.
pub fn prepare_database(
    database: &DatabaseUrl,
    options: &PoolOptions,
    seeds: Option<&Path>,
) -> Result<DbPool, StartupError> {
    let pool = db::connect(database, options)?;
    let mut conn = pool.get().map_err(|e| StartupError::Prepare(e.to_string()))?;
    prepare(&mut conn, database, seeds)?;
    Ok(pool)
}

/// Migrations, then seeds on a database never written to, under the start-up lock.
pub fn prepare(conn: &mut DbConnection, database: &DatabaseUrl, seeds: Option<&Path>) -> Result<(), StartupError> {
    db::with_startup_lock(conn, |conn| -> Result<(), StartupError> {
        let applied = db::run_migrations(conn).map_err(|e| StartupError::Prepare(format!("migrations failed: {e}")))?;
        if applied > 0 {
            log::info!("applied {applied} migration(s) to {}", database.redacted());
        }
        let Some(folder) = seeds else { return Ok(()) };
        if !db::is_pristine(conn).map_err(|e| StartupError::Prepare(e.to_string()))? {
            return Ok(());
        }
        if !folder.is_dir() {
            log::warn!("the database is empty and there is no seeds folder at {}; starting empty", folder.display());
            return Ok(());
        }
        let bundle = Bundle::read(folder, &schemas()).map_err(StartupError::Prepare)?;
        let report = import::import(conn, &Actor::cli(), &bundle, false)
            .map_err(|e| StartupError::Prepare(format!("seeding failed: {}", e.described())))?;
        log::info!(
            "loaded {} objects from {} (editions {:?}): {} created",
            bundle.value.len(),
            folder.display(),
            import::years(&bundle.value),
            report.total.created
        );
        Ok(())
    })
}

/// The schemas every input is checked against, from the OpenAPI document.
pub fn schemas() -> Schemas {
    Schemas::new(&serde_json::to_value(docs::generate()).expect("the document serialises"))
}

/// A bound, not yet running, server.
pub struct Application {
    server: Server,
    port: u16,
}

impl Application {
    pub fn build(settings: Settings) -> Result<Application, StartupError> {
        let pool = prepare_database(&settings.database, &settings.pool, settings.seeds_dir.as_deref())?;
        Self::with_pool(settings, pool)
    }

    pub fn with_pool(settings: Settings, pool: DbPool) -> Result<Application, StartupError> {
        let bind_error = |source| StartupError::Bind { address: settings.bind.to_string(), source };
        let listener = TcpListener::bind(settings.bind).map_err(bind_error)?;
        let address = listener.local_addr().map_err(bind_error)?;
        let (workers, shutdown) = (settings.workers, settings.shutdown_timeout);
        let document = docs::Document::build();
        let page_routes = pages::ROUTES.iter().map(|p| (p.to_string(), vec!["GET".into(), "HEAD".into()]));
        let routes = web::Data::new(RouteTable::new(document.routes().into_iter().chain(page_routes)));
        let checked_by =
            web::Data::new(Schemas::new(&serde_json::from_slice(&document.json).expect("the served document is JSON")));
        let cache = web::Data::new(ResponseCache::new(settings.response_cache_bytes));
        let metrics = Metrics::new().expect("metrics register once");
        let pool_gauges = web::Data::new(PoolGauges::register(&metrics.registry).expect("gauges register once"));
        let metrics = web::Data::new(metrics);
        let limiter = web::Data::new(auth::write_limiter(settings.write_rate_limit));
        let document = web::Data::new(document);
        let error_page = web::Data::new(ErrorPage(pages::errors::page));
        let state = web::Data::new(AppState {
            public_url: settings.public_url.clone().unwrap_or_else(|| format!("http://{address}")),
            db: Db::new(pool, settings.data_version_max_age),
            settings,
            counts: CountCache::default(),
        });
        pages::assets::prepare();
        let server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .app_data(routes.clone())
                .app_data(checked_by.clone())
                .app_data(cache.clone())
                .app_data(metrics.clone())
                .app_data(pool_gauges.clone())
                .app_data(limiter.clone())
                .app_data(document.clone())
                .app_data(error_page.clone())
                .app_data(
                    web::PathConfig::default()
                        .error_handler(|error, _| ApiError::invalid_parameter(format!("invalid path: {error}")).into()),
                )
                // Innermost first; `serving` says why in this order.
                .wrap(from_fn(routes::head_as_get))
                .wrap(cors::policy(&state.settings.cors, api::collection::EXPOSED))
                .wrap(from_fn(cors::trim))
                .wrap(from_fn(errors::render))
                .wrap(from_fn(compress::compress_responses))
                .wrap(from_fn(observe::observe))
                .into_utoipa_app()
                .service(
                    scope("/api/v1")
                        .wrap(from_fn(cache::conditional_get))
                        .wrap(from_fn(auth::reads))
                        .wrap(from_fn(params::refuse_nul))
                        .configure(api::routes),
                )
                .configure(api::system_routes)
                .into_app()
                // Before the scope, which would take `/docs` itself.
                .route(
                    "/docs",
                    web::get().to(|| async {
                        HttpResponse::PermanentRedirect().insert_header((header::LOCATION, "/docs/")).finish()
                    }),
                )
                // A scope, so that every path outside it (every page) is told apart by prefix.
                .service(
                    web::scope("/docs")
                        .service(SwaggerUi::new("/{_:.*}").config(Config::new(["/api/v1/openapi.json"]))),
                )
                // Last: the pages' scope takes every path nothing above took.
                .configure(pages::routes)
                .default_service(web::to(routes::not_routed))
        })
        .workers(workers)
        .shutdown_timeout(shutdown.as_secs())
        .listen(listener)
        .map_err(|source| StartupError::Bind { address: address.to_string(), source })?
        .run();
        log::info!("forum-metrics listening on http://{address}; interactive docs at http://{address}/docs");
        Ok(Application { server, port: address.port() })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGTERM or Ctrl-C, then lets in-flight requests finish.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

//! Start-up: connect, migrate, seed an empty database, build the app and serve.

use std::net::TcpListener;
use std::path::Path;

use actix_web::body::EitherBody;
use actix_web::dev::{Server, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{ErrorHandlerResponse, ErrorHandlers, from_fn};
use actix_web::{App, HttpResponse, HttpServer, web};
use utoipa_actix_web::{AppExt, scope};
use utoipa_swagger_ui::{Config, SwaggerUi};

use crate::config::Settings;
use crate::db::{self, DatabaseUrl, DbConnection, DbPool, PoolOptions};
use crate::error::{ApiError, PROBLEM_JSON};
use crate::http::{self, Db, cors, docs, encoding, fallback, observe};
use crate::import::{self, Bundle};
use crate::queries::write::Actor;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Connect(#[from] db::ConnectError),
    #[error("cannot prepare the database: {0}")]
    Prepare(String),
    #[error("database error while preparing: {0}")]
    Database(#[from] diesel::result::Error),
    #[error("cannot start the data version reader: {0}")]
    VersionReader(std::io::Error),
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
            log::warn!(
                "the database is empty and there is no seeds folder at {}; starting empty",
                folder.display()
            );
            return Ok(());
        }
        let bundle = Bundle::read(folder).map_err(StartupError::Prepare)?;
        let report = import::import(conn, &Actor::cli(), &bundle, false)
            .map_err(|e| StartupError::Prepare(format!("seeding failed: {}", describe(&e))))?;
        log::info!(
            "loaded {} objects from {} (editions {:?}): {} created",
            bundle.len(),
            folder.display(),
            import::years(&bundle),
            report.total.created
        );
        Ok(())
    })
}

/// An error with its field list, for the log.
pub fn describe(error: &ApiError) -> String {
    match error {
        ApiError::Validation(errors) => {
            let list: Vec<String> = errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
            format!("{error}:\n  {}", list.join("\n  "))
        }
        other => other.to_string(),
    }
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
        let listener = TcpListener::bind(settings.bind).map_err(|source| StartupError::Bind {
            address: settings.bind.to_string(),
            source,
        })?;
        let address = listener.local_addr().map_err(|source| StartupError::Bind {
            address: settings.bind.to_string(),
            source,
        })?;
        let workers = settings.workers;
        let shutdown = settings.shutdown_timeout;
        let state = web::Data::new(http::state(
            Db::new(pool, settings.data_version_max_age).map_err(StartupError::VersionReader)?,
            settings,
            docs::Document::build(),
            observe::Metrics::new(),
        ));
        crate::pages::assets::prepare();
        let server = HttpServer::new(move || {
            let cors = cors::policy(&state.settings.cors);
            App::new()
                .app_data(state.clone())
                .app_data(
                    web::PathConfig::default()
                        .error_handler(|error, _| ApiError::invalid_parameter(format!("invalid path: {error}")).into()),
                )
                .wrap(from_fn(fallback::head_as_get))
                .wrap(cors)
                .wrap(from_fn(cors::trim))
                // Outside CORS, so that its refusals are problem+json too.
                .wrap(ErrorHandlers::new().default_handler(problem_backstop))
                // Outside everything that makes an answer, errors and streams included.
                .wrap(from_fn(encoding::compress_responses))
                .wrap(from_fn(observe::observe))
                .into_utoipa_app()
                .service(scope("/api/v1").wrap(from_fn(http::gate)).configure(http::api_routes))
                .configure(http::system_routes)
                .into_app()
                // Before the scope, which would take `/docs` itself.
                .route(
                    "/docs",
                    web::get().to(|| async {
                        HttpResponse::PermanentRedirect()
                            .insert_header((header::LOCATION, "/docs/"))
                            .finish()
                    }),
                )
                // In a scope, so that every path outside it (every page) is told apart by its
                // prefix, not by running the UI's pattern.
                .service(
                    web::scope("/docs")
                        .service(SwaggerUi::new("/{_:.*}").config(Config::new(["/api/v1/openapi.json"]))),
                )
                // Last: the pages' scope takes every path nothing above took.
                .configure(crate::pages::routes)
                .default_service(web::to(fallback::not_routed))
        })
        .workers(workers)
        .shutdown_timeout(shutdown.as_secs())
        .listen(listener)
        .map_err(|source| StartupError::Bind {
            address: address.to_string(),
            source,
        })?
        .run();
        log::info!("forum-metrics listening on http://{address}; interactive docs at http://{address}/docs");
        Ok(Application {
            server,
            port: address.port(),
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGTERM or Ctrl-C, then lets in-flight requests finish.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// Errors raised outside our handlers (CORS, the docs service) still answer problem+json;
/// the explorer's error pages are left as they are.
fn problem_backstop<B>(response: ServiceResponse<B>) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let answered = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_JSON.as_bytes()) || v.as_bytes().starts_with(b"text/html"));
    if answered {
        return Ok(ErrorHandlerResponse::Response(response.map_into_left_body()));
    }
    let status = response.status();
    let detail = response
        .response()
        .error()
        .map(|e| e.to_string())
        .unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_string());
    let code = match status.as_u16() {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        413 => "payload_too_large",
        _ if status.is_server_error() => "internal_error",
        _ => "error",
    };
    let body = serde_json::json!({
        "type": format!("/problems/{code}"),
        "title": status.canonical_reason().unwrap_or("Error"),
        "status": status.as_u16(),
        "detail": detail,
        "code": code,
    });
    let (request, old) = response.into_parts();
    let mut replacement = HttpResponse::build(status);
    for (name, value) in old.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            replacement.append_header((name.clone(), value.clone()));
        }
    }
    replacement.insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)));
    let response = ServiceResponse::new(request, replacement.body(body.to_string())).map_into_right_body::<B>();
    Ok(ErrorHandlerResponse::Response(response.map_body(
        |_, body| match body {
            EitherBody::Left { body } => EitherBody::left(body),
            EitherBody::Right { body } => EitherBody::right(body),
        },
    )))
}

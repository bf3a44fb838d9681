//! Configuration: every setting from a flag or its environment variable, checked at start.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use crate::db::{DatabaseUrl, PoolOptions};
use crate::domain::TokenScope;

#[derive(Debug, Parser)]
#[command(
    name = "forum-metrics",
    version,
    about = "The sourced figures of the «Города России» forum as a REST/JSON API"
)]
pub struct Cli {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// What to log: a level (`warn`, `info`, `debug`) or directives per target
    /// (`info,access=warn` silences the access log).
    #[arg(long, env = "RUST_LOG", default_value = "info", global = true, value_parser = log_filter)]
    pub log: String,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Refuses a log filter env_logger would silently ignore.
fn log_filter(filter: &str) -> Result<String, String> {
    env_filter::Builder::new().try_parse(filter).map(|_| filter.to_string()).map_err(|e| format!("RUST_LOG: {e}"))
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Migrate, load seeds/ into an empty database, and serve (the default).
    Serve(ServeArgs),
    /// Apply pending migrations and exit.
    Migrate,
    /// Import a bundle file, or every *.json bundle of a folder, in one transaction.
    Import {
        /// A bundle file or a folder of them.
        path: PathBuf,
        /// Validate and report without writing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Print the OpenAPI document.
    Openapi,
    /// Manage API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Add synthetic editions, figures, sessions and people for benchmarks (deterministic for a seed).
    Generate(GenerateArgs),
}

#[derive(Debug, Clone, Args)]
pub struct GenerateArgs {
    /// Editions (each takes a free year in 2000–2100).
    #[arg(long, default_value_t = 90)]
    pub editions: u32,
    #[arg(long, default_value_t = 1000)]
    pub metrics: u32,
    #[arg(long, default_value_t = 1000)]
    pub sources: u32,
    #[arg(long, default_value_t = 1000)]
    pub organizations: u32,
    #[arg(long, default_value_t = 20_000)]
    pub people: u64,
    #[arg(long, default_value_t = 100_000)]
    pub sessions: u64,
    #[arg(long, default_value_t = 1_000_000)]
    pub figures: u64,
    /// The same seed makes the same data.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
}

impl GenerateArgs {
    pub fn sizes(&self) -> Result<crate::queries::synthetic::Sizes, String> {
        if self.figures > 0 && (self.editions == 0 || self.metrics == 0 || self.sources == 0) {
            return Err("figures need at least one edition, metric and source".into());
        }
        if self.sessions > 0 && self.editions == 0 {
            return Err("sessions need at least one edition".into());
        }
        Ok(crate::queries::synthetic::Sizes {
            editions: self.editions,
            metrics: self.metrics,
            sources: self.sources,
            organizations: self.organizations,
            people: self.people,
            sessions: self.sessions,
            figures: self.figures,
            seed: self.seed,
        })
    }
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Make a token; prints it alone on stdout, once.
    Create {
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        scope: ScopeArg,
    },
    /// List tokens (names, scopes, dates; never the secret).
    List,
    /// Revoke a token by name.
    Revoke { name: String },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ScopeArg {
    Read,
    Write,
    Admin,
}

impl From<ScopeArg> for TokenScope {
    fn from(scope: ScopeArg) -> Self {
        match scope {
            ScopeArg::Read => TokenScope::Read,
            ScopeArg::Write => TokenScope::Write,
            ScopeArg::Admin => TokenScope::Admin,
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// sqlite://PATH, a file path, or postgres://USER@HOST/DB.
    #[arg(long, env = "DATABASE_URL", default_value = "forum-metrics.db", global = true)]
    pub database_url: String,
    /// Largest number of pooled database connections.
    #[arg(long, env = "POOL_SIZE", default_value_t = 16, global = true)]
    pub pool_size: u32,
    /// Seconds to wait for a database connection.
    #[arg(long, env = "DB_CONNECT_TIMEOUT", default_value_t = 5, global = true)]
    pub db_connect_timeout: u64,
}

impl DatabaseArgs {
    pub fn url(&self) -> Result<DatabaseUrl, String> {
        DatabaseUrl::parse(&self.database_url).map_err(|e| format!("DATABASE_URL: {e}"))
    }

    pub fn pool_options(&self) -> Result<PoolOptions, String> {
        if self.pool_size == 0 || self.pool_size > 1000 {
            return Err(format!("POOL_SIZE must be from 1 to 1000, not {}", self.pool_size));
        }
        if self.db_connect_timeout == 0 {
            return Err("DB_CONNECT_TIMEOUT must be at least 1 second".into());
        }
        Ok(PoolOptions {
            max_size: self.pool_size,
            connect_timeout: Duration::from_secs(self.db_connect_timeout),
            ..PoolOptions::default()
        })
    }
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, env = "BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// HTTP worker threads (default: one per CPU).
    #[arg(long, env = "WORKERS")]
    pub workers: Option<usize>,
    /// Origins allowed by CORS, comma-separated, or `*` for any.
    #[arg(long, env = "CORS_ORIGINS", default_value = "*")]
    pub cors_origins: String,
    /// Largest request body for single resources, in bytes.
    #[arg(long, env = "BODY_LIMIT", default_value_t = 256 * 1024)]
    pub body_limit: usize,
    /// Largest bundle POST /api/v1/import accepts, in bytes.
    #[arg(long, env = "IMPORT_LIMIT", default_value_t = 8 * 1024 * 1024)]
    pub import_limit: usize,
    /// Writes per minute allowed to one token (0: no limit).
    #[arg(long, env = "WRITE_RATE_LIMIT", default_value_t = 600)]
    pub write_rate_limit: u32,
    /// Require a token (any scope) for reads too.
    #[arg(long, env = "READS_REQUIRE_TOKEN", default_value_t = false, action = clap::ArgAction::Set)]
    pub reads_require_token: bool,
    /// Folder of bundles loaded into an empty database at start.
    #[arg(long, env = "SEEDS_DIR", default_value = "seeds")]
    pub seeds_dir: PathBuf,
    /// Load seeds into an empty database at start.
    #[arg(long, env = "SEED", default_value_t = true, action = clap::ArgAction::Set)]
    pub seed: bool,
    /// MiB of recent GET answers kept in memory, by data version (0: none).
    #[arg(long, env = "RESPONSE_CACHE_MIB", default_value_t = 32)]
    pub response_cache_mib: usize,
    /// Seconds in-flight requests get to finish on SIGTERM or Ctrl-C.
    #[arg(long, env = "SHUTDOWN_TIMEOUT", default_value_t = 30)]
    pub shutdown_timeout: u64,
    /// Milliseconds one reading of the data version serves the reads after it: how late a
    /// write by another instance or process may be seen (0: every read asks the database).
    /// Under load an instance reads it once per period: 100 queries a second at 10 ms, where
    /// 1 ms made the query a tenth of a busy PostgreSQL's work.
    #[arg(long, env = "DATA_VERSION_MAX_AGE_MS", default_value_t = 10)]
    pub data_version_max_age_ms: u64,
    /// Where clients reach the service (`https://forum.example.org`): absolute links begin
    /// with it. Default: the address it listens on.
    #[arg(long, env = "PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Addresses of proxies whose `Forwarded`/`X-Forwarded-For` name the client, comma-separated.
    #[arg(long, env = "TRUSTED_PROXIES", default_value = "")]
    pub trusted_proxies: String,
}

/// Which origins may call the API from a browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CorsOrigins {
    Any,
    List(Vec<String>),
}

/// The server's settings, checked.
#[derive(Debug, Clone)]
pub struct Settings {
    pub database: DatabaseUrl,
    pub pool: PoolOptions,
    pub bind: SocketAddr,
    pub workers: usize,
    pub cors: CorsOrigins,
    pub body_limit: usize,
    pub import_limit: usize,
    pub write_rate_limit: u32,
    pub reads_require_token: bool,
    pub seeds_dir: Option<PathBuf>,
    pub shutdown_timeout: Duration,
    pub response_cache_bytes: usize,
    pub data_version_max_age: Duration,
    pub public_url: Option<String>,
    pub trusted_proxies: Vec<IpAddr>,
}

impl Settings {
    /// Checks every setting; the error names the setting and what it accepts.
    pub fn from_args(database: &DatabaseArgs, serve: &ServeArgs) -> Result<Settings, String> {
        let bind: SocketAddr = serve
            .bind
            .parse()
            .map_err(|_| format!("BIND must be an address and port such as 127.0.0.1:8080, not `{}`", serve.bind))?;
        let workers = match serve.workers {
            Some(0) => return Err("WORKERS must be at least 1".into()),
            Some(n) if n > 256 => return Err(format!("WORKERS must be at most 256, not {n}")),
            Some(n) => n,
            None => std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        };
        let cors = parse_origins(&serve.cors_origins)?;
        if serve.body_limit < 1024 {
            return Err(format!("BODY_LIMIT must be at least 1024 bytes, not {}", serve.body_limit));
        }
        if serve.import_limit < serve.body_limit {
            return Err(format!(
                "IMPORT_LIMIT ({}) must not be below BODY_LIMIT ({})",
                serve.import_limit, serve.body_limit
            ));
        }
        if serve.response_cache_mib > 4096 {
            return Err(format!("RESPONSE_CACHE_MIB must be at most 4096, not {}", serve.response_cache_mib));
        }
        if serve.shutdown_timeout == 0 {
            return Err("SHUTDOWN_TIMEOUT must be at least 1 second".into());
        }
        if serve.data_version_max_age_ms > 1000 {
            return Err(format!("DATA_VERSION_MAX_AGE_MS must be at most 1000, not {}", serve.data_version_max_age_ms));
        }
        Ok(Settings {
            database: database.url()?,
            pool: database.pool_options()?,
            bind,
            workers,
            cors,
            body_limit: serve.body_limit,
            import_limit: serve.import_limit,
            write_rate_limit: serve.write_rate_limit,
            reads_require_token: serve.reads_require_token,
            seeds_dir: serve.seed.then(|| serve.seeds_dir.clone()),
            shutdown_timeout: Duration::from_secs(serve.shutdown_timeout),
            response_cache_bytes: serve.response_cache_mib * 1024 * 1024,
            data_version_max_age: Duration::from_millis(serve.data_version_max_age_ms),
            public_url: serve.public_url.as_deref().map(parse_public_url).transpose()?,
            trusted_proxies: serve
                .trusted_proxies
                .split(',')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(|a| a.parse().map_err(|_| format!("TRUSTED_PROXIES: `{a}` is not an IP address")))
                .collect::<Result<_, _>>()?,
        })
    }
}

/// `scheme://host[:port]` with no path, query or trailing slash, so that links append paths.
fn parse_public_url(raw: &str) -> Result<String, String> {
    let url = raw.trim().trim_end_matches('/');
    let host = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).unwrap_or("");
    if host.is_empty() || host.contains(['/', '?', '#', ' ']) {
        return Err(format!("PUBLIC_URL must be scheme://host[:port] such as https://forum.example.org, not `{raw}`"));
    }
    Ok(url.to_string())
}

fn parse_origins(raw: &str) -> Result<CorsOrigins, String> {
    let raw = raw.trim();
    if raw == "*" {
        return Ok(CorsOrigins::Any);
    }
    let origins: Vec<String> =
        raw.split(',').map(|o| o.trim().trim_end_matches('/').to_string()).filter(|o| !o.is_empty()).collect();
    if origins.is_empty() {
        return Err(
            "CORS_ORIGINS must be `*` or a comma-separated list of origins such as http://localhost:5173".into()
        );
    }
    for origin in &origins {
        let scheme_ok = origin.starts_with("http://") || origin.starts_with("https://");
        let host = origin.split_once("://").map(|(_, h)| h).unwrap_or("");
        if !scheme_ok || host.is_empty() || host.contains('/') {
            return Err(format!("CORS_ORIGINS: `{origin}` is not an origin (scheme://host[:port])"));
        }
    }
    Ok(CorsOrigins::List(origins))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Parser)]
    struct Serve {
        #[command(flatten)]
        args: ServeArgs,
    }

    fn settings(args: &[&str]) -> Result<Settings, String> {
        let mut all = vec!["serve"];
        all.extend_from_slice(args);
        let serve = Serve::try_parse_from(all).map_err(|e| e.to_string())?.args;
        Settings::from_args(&DatabaseArgs { database_url: "x.db".into(), pool_size: 4, db_connect_timeout: 5 }, &serve)
    }

    #[test]
    fn defaults_are_valid() {
        let s = settings(&[]).unwrap();
        assert_eq!(s.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(s.cors, CorsOrigins::Any);
        assert_eq!((s.body_limit, s.import_limit), (262_144, 8_388_608));
        assert!(s.seeds_dir.is_some());
        assert_eq!(s.data_version_max_age, Duration::from_millis(10));
    }

    #[test]
    fn bad_settings_name_themselves() {
        assert!(settings(&["--bind", "localhost"]).unwrap_err().contains("BIND"));
        assert!(settings(&["--workers", "0"]).unwrap_err().contains("WORKERS"));
        assert!(settings(&["--data-version-max-age-ms", "5000"]).unwrap_err().contains("DATA_VERSION_MAX_AGE_MS"));
        assert_eq!(settings(&["--data-version-max-age-ms", "0"]).unwrap().data_version_max_age, Duration::ZERO);
        assert!(settings(&["--cors-origins", "localhost:5173"]).unwrap_err().contains("CORS_ORIGINS"));
        assert!(settings(&["--body-limit", "10"]).unwrap_err().contains("BODY_LIMIT"));
        assert!(settings(&["--public-url", "forum.example.org"]).unwrap_err().contains("PUBLIC_URL"));
        assert!(settings(&["--trusted-proxies", "proxy"]).unwrap_err().contains("TRUSTED_PROXIES"));
        let s =
            settings(&["--public-url", "https://forum.example.org/", "--trusted-proxies", "10.0.0.1, ::1"]).unwrap();
        assert_eq!(s.public_url.as_deref(), Some("https://forum.example.org"));
        assert_eq!(s.trusted_proxies.len(), 2);
        assert!(settings(&["--import-limit", "2000"]).unwrap_err().contains("IMPORT_LIMIT"));
    }

    #[test]
    fn log_filters_are_checked() {
        let parse = |filter: &str| Cli::try_parse_from(["forum-metrics", "--log", filter, "migrate"]);
        assert_eq!(parse("info,access=warn").unwrap().log, "info,access=warn");
        let error = parse("access=loud").unwrap_err().to_string();
        assert!(error.contains("RUST_LOG"), "{error}");
    }

    #[test]
    fn origin_lists() {
        assert_eq!(
            parse_origins("http://localhost:5173, https://example.org/").unwrap(),
            CorsOrigins::List(vec!["http://localhost:5173".into(), "https://example.org".into()])
        );
    }
}

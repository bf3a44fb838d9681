use std::process::ExitCode;

use clap::Parser;
use forum_metrics::api::docs::Document;
use forum_metrics::config::{Cli, Command, ServeArgs, Settings, TokenCommand};
use forum_metrics::db;
use forum_metrics::import::{self, Bundle};
use forum_metrics::queries::{resources::Actor, tokens};
use forum_metrics::startup::{self, Application};

/// `forum-metrics` with no subcommand serves, configured from the environment.
#[derive(Parser)]
struct ServeOnly {
    #[command(flatten)]
    serve: ServeArgs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    env_logger::Builder::from_env(env_logger::Env::new().write_style("RUST_LOG_STYLE")).parse_filters(&cli.log).init();
    let command = cli.command.unwrap_or_else(|| Command::Serve(ServeOnly::parse_from(["forum-metrics"]).serve));
    match run(&cli.database, command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("forum-metrics: {message}");
            ExitCode::FAILURE
        }
    }
}

/// One connection, migrated, for the commands that are not `serve`.
fn connect(database: &forum_metrics::config::DatabaseArgs) -> Result<db::DbConnection, String> {
    let url = database.url()?;
    let mut conn = db::establish(&url, &database.pool_options()?).map_err(|e| e.to_string())?;
    startup::prepare(&mut conn, &url, None).map_err(|e| e.to_string())?;
    Ok(conn)
}

fn run(database: &forum_metrics::config::DatabaseArgs, command: Command) -> Result<(), String> {
    match command {
        Command::Serve(serve) => {
            let settings = Settings::from_args(database, &serve)?;
            actix_web::rt::System::new().block_on(async move {
                let app = Application::build(settings).map_err(|e| e.to_string())?;
                app.run_until_stopped().await.map_err(|e| e.to_string())
            })?;
            log::info!("stopped");
            Ok(())
        }
        Command::Migrate => {
            connect(database)?;
            eprintln!("the database is up to date");
            Ok(())
        }
        Command::Import { path, dry_run } => {
            let bundle = Bundle::read(&path, &startup::schemas())?;
            let mut conn = connect(database)?;
            let report = import::import(&mut conn, &Actor::cli(), &bundle, dry_run).map_err(|e| e.described())?;
            println!("{}", serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?);
            Ok(())
        }
        Command::Openapi => {
            print!("{}", String::from_utf8_lossy(&Document::build().json));
            Ok(())
        }
        Command::Generate(args) => {
            let sizes = args.sizes()?;
            let mut conn = connect(database)?;
            let started = std::time::Instant::now();
            let made = forum_metrics::queries::synthetic::generate(&mut conn, &sizes).map_err(|e| e.described())?;
            eprintln!("generated in {:.1} s", started.elapsed().as_secs_f64());
            println!("{}", serde_json::to_string_pretty(&made).map_err(|e| e.to_string())?);
            Ok(())
        }
        Command::Token(command) => {
            let mut conn = connect(database)?;
            match command {
                TokenCommand::Create { name, scope } => {
                    let token = tokens::create(&mut conn, &name, scope.into()).map_err(|e| e.described())?;
                    eprintln!(
                        "created token `{}` with scope `{}`; it is shown once, below, and stored only as a hash",
                        token.name, token.scope
                    );
                    println!("{}", token.token);
                }
                TokenCommand::List => {
                    let list = tokens::list(&mut conn).map_err(|e| e.to_string())?;
                    println!("{:<24} {:<6} {:<25} {:<25} {:<25}", "NAME", "SCOPE", "CREATED", "LAST USED", "REVOKED");
                    let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
                        t.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)).unwrap_or_else(|| "-".into())
                    };
                    for t in list {
                        println!(
                            "{:<24} {:<6} {:<25} {:<25} {:<25}",
                            t.name,
                            t.scope.as_str(),
                            when(Some(t.created_at)),
                            when(t.last_used_at),
                            when(t.revoked_at)
                        );
                    }
                }
                TokenCommand::Revoke { name } => {
                    let token = tokens::revoke(&mut conn, &name).map_err(|e| e.to_string())?;
                    eprintln!("token `{}` is revoked", token.name);
                }
            }
            Ok(())
        }
    }
}

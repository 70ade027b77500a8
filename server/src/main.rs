// Leptos view types nest deeply; computing their layout needs more than the default 128.
#![recursion_limit = "256"]

use std::process::ExitCode;

use clap::Parser;
use leptos::prelude::get_configuration;
use tracing_subscriber::EnvFilter;

use server::config::{Cli, Command, Settings};
use server::database::Database;
use server::seed::{self, DEMO_PASSWORD, SeedSummary};
use server::startup::Application;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_sessions=warn")),
        )
        .init();
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            tracing::error!("{message}");
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    let settings = cli.settings;
    let db = Database::open(settings.database_url.as_deref(), &settings.data_dir)
        .await
        .map_err(|e| e.to_string())?;
    let db = match settings.replica_url.as_deref() {
        Some(url) => {
            let db = db.with_read_replica(url).await.map_err(|e| e.to_string())?;
            tracing::info!("search, timeline pages and reports read from the read replica");
            db
        }
        None => db,
    };
    let result = match cli.command.unwrap_or(Command::Serve { seed_demo: false }) {
        Command::Migrate => db.migrate().await.map_err(|e| e.to_string()),
        Command::Seed => match db.migrate().await {
            Ok(()) => seed_and_report(&db).await,
            Err(e) => Err(e.to_string()),
        },
        Command::Serve { seed_demo } => serve(&settings, &db, seed_demo).await,
        Command::National { scale } => match db.migrate().await {
            Ok(()) => server::national::load(&db.pool, &server::national::Scale::scaled(scale))
                .await
                .map(|ran| println!("National load complete ({} phases run).", ran.len()))
                .map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        },
    };
    db.close().await;
    result
}

async fn serve(settings: &Settings, db: &Database, seed_demo: bool) -> Result<(), String> {
    db.migrate().await.map_err(|e| e.to_string())?;
    if let Some(embedded) = &db.embedded {
        tracing::info!(
            socket_port = embedded.port(),
            "using the private PostgreSQL cluster (no DATABASE_URL)"
        );
    }
    if db.embedded.is_some() || seed_demo {
        seed_and_report(db).await?;
    }
    let conf = get_configuration(None).map_err(|e| format!("Leptos configuration: {e}"))?;
    let addr = settings.addr.unwrap_or(conf.leptos_options.site_addr);
    let app = Application::build(
        addr,
        conf.leptos_options,
        app::state::DatabasePools { primary: db.pool.clone(), read_replica: db.read_replica.clone() },
        settings.session_rules(),
        settings.web_options(),
    )
    .await
    .map_err(|e| e.to_string())?;
    println!("Throughcare is listening on http://{}:{}", addr.ip(), app.port());
    app.run_until_stopped(shutdown_signal()).await.map_err(|e| e.to_string())?;
    tracing::info!("stopped serving; closing the database");
    Ok(())
}

async fn seed_and_report(db: &Database) -> Result<(), String> {
    match seed::seed_demo_if_empty(&db.pool).await.map_err(|e| e.to_string())? {
        Some(summary) => print_demo_sign_ins(&summary),
        None => {
            println!(
                "Demo data already present; sign in with the accounts listed in README.md (password: {DEMO_PASSWORD})."
            )
        }
    }
    Ok(())
}

fn print_demo_sign_ins(summary: &SeedSummary) {
    println!(
        "Seeded demo data: {} establishments, {} patients, {} movements.",
        summary.establishments, summary.patients, summary.movements
    );
    println!("Demo sign-ins (password for every account: {DEMO_PASSWORD}):");
    for (username, role, places) in &summary.staff {
        println!("  {username:<18} {role:<22} {places}");
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received");
}

// Leptos view types nest deeply; computing their layout needs more than the default 128.
#![recursion_limit = "256"]

use std::process::ExitCode;

use anyhow::Context;
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
        Err(error) => {
            // `{:#}` prints the chain: "opening the database: …: the underlying cause".
            tracing::error!("{error:#}");
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = cli.settings;
    let db = Database::open(settings.database_url.as_deref(), &settings.data_dir)
        .await
        .context("opening the database")?;
    let db = match settings.replica_url.as_deref() {
        Some(url) => {
            let db = db.with_read_replica(url).await.context("connecting to the read replica")?;
            tracing::info!("search, timeline pages and reports read from the read replica");
            db
        }
        None => db,
    };
    let result = match cli.command.unwrap_or(Command::Serve { seed_demo: false }) {
        Command::Migrate => migrate(&db).await,
        Command::Seed => match migrate(&db).await {
            Ok(()) => seed_and_report(&db).await,
            Err(e) => Err(e),
        },
        Command::Serve { seed_demo } => serve(&settings, &db, seed_demo).await,
        Command::National { scale } => match migrate(&db).await {
            Ok(()) => server::national::load(&db.pool, &server::national::Scale::scaled(scale))
                .await
                .map(|ran| println!("National load complete ({} phases run).", ran.len()))
                .context("loading the national-scale data"),
            Err(e) => Err(e),
        },
    };
    // Closed whatever happened, so the private cluster is stopped cleanly.
    db.close().await;
    result
}

async fn migrate(db: &Database) -> anyhow::Result<()> {
    db.migrate().await.context("applying the database migrations")
}

async fn serve(settings: &Settings, db: &Database, seed_demo: bool) -> anyhow::Result<()> {
    migrate(db).await?;
    if let Some(embedded) = &db.embedded {
        tracing::info!(
            socket_port = embedded.port(),
            "using the private PostgreSQL cluster (no DATABASE_URL)"
        );
    }
    if db.embedded.is_some() || seed_demo {
        seed_and_report(db).await?;
    }
    let conf = get_configuration(None).context("reading the Leptos configuration")?;
    let addr = settings.addr.unwrap_or(conf.leptos_options.site_addr);
    let app = Application::build(
        addr,
        conf.leptos_options,
        app::state::DatabasePools { primary: db.pool.clone(), read_replica: db.read_replica.clone() },
        settings.session_rules(),
        settings.web_options(),
    )
    .await
    .context("starting the web server")?;
    println!("Throughcare is listening on http://{}:{}", addr.ip(), app.port());
    app.run_until_stopped(shutdown_signal()).await.context("serving")?;
    tracing::info!("stopped serving; closing the database");
    Ok(())
}

async fn seed_and_report(db: &Database) -> anyhow::Result<()> {
    match seed::seed_demo_if_empty(&db.pool).await.context("seeding the demo data")? {
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

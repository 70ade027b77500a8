//! Crash-safety drill: no administration a tablet saw acknowledged is ever lost or doubled.
//!
//! Starts its own PostgreSQL cluster (fsync, synchronous_commit and full_page_writes on: the
//! production defaults), seeds the demo data, starts the release server, and drives concurrent
//! dose recording from many tablets. Mid-load it SIGKILLs the app server and every PostgreSQL
//! process, several times, restarting both (PostgreSQL replays its WAL); the tablets retry what
//! was in flight with the same client_entry_id, as the real tablet does. At the end it checks in
//! the database that every acknowledged entry is there exactly once and no dose is doubled, and
//! exits non-zero otherwise.
//!
//! `cargo bench -p server --bench crash_safety -- --server-bin PATH [--tablets 12] [--cycles 5]
//! [--load-secs 6] [--prescriptions 32] [--site-root DIR] [--keep]`; `scripts/crash-safety.sh`
//! builds and runs it. `--synchronous-commit off` is the negative control: PostgreSQL then
//! acknowledges commits before their WAL is flushed, and the drill should report losses.

#![recursion_limit = "256"]

// The drill signs in with retries of its own (tablet.rs); it shares the argument helpers.
#[allow(dead_code)]
#[path = "../common/mod.rs"]
mod common;
mod processes;
mod setup;
mod tablet;
mod verify;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use sqlx::postgres::PgPoolOptions;

use common::{BenchResult, arg};
use processes::{AppServer, Cluster};
use tablet::{Tablet, TabletReport};

struct Options {
    server_bin: PathBuf,
    site_root: PathBuf,
    tablets: usize,
    cycles: usize,
    load: Duration,
    prescriptions: usize,
    synchronous_commit: String,
    keep: bool,
}

fn options() -> BenchResult<Options> {
    let number = |name: &str, default: usize| -> BenchResult<usize> {
        arg(name)
            .map(|v| v.parse().map_err(|_| format!("{name} takes a number")))
            .transpose()
            .map(|v| v.unwrap_or(default))
            .map_err(Into::into)
    };
    let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
    Ok(Options {
        server_bin: arg("--server-bin")
            .map_or_else(|| PathBuf::from(&target).join("release/server"), PathBuf::from),
        site_root: arg("--site-root").map_or_else(|| PathBuf::from("target/site"), PathBuf::from),
        tablets: number("--tablets", 12)?.clamp(1, 99),
        cycles: number("--cycles", 5)?,
        load: Duration::from_secs(number("--load-secs", 6)? as u64),
        prescriptions: number("--prescriptions", 32)?.max(1),
        synchronous_commit: arg("--synchronous-commit").unwrap_or_else(|| "on".into()),
        keep: std::env::args().any(|a| a == "--keep"),
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("crash-safety drill could not run: {e}");
            ExitCode::from(2)
        }
    }
}

async fn run() -> BenchResult<bool> {
    let opts = options()?;
    let started = Instant::now();
    // The postgres user must be able to reach its data directory inside the work directory.
    let work = tempfile::Builder::new().prefix("throughcare-crash-").tempdir_in("/tmp")?;
    std::fs::set_permissions(work.path(), std::os::unix::fs::PermissionsExt::from_mode(0o755))?;
    // Without the built site (WASM, CSS) pages still render on the server, and the drill only
    // calls server functions, so an empty site root will do.
    let site_root = if opts.site_root.is_dir() { opts.site_root.clone() } else { work.path().join("site") };
    std::fs::create_dir_all(&site_root)?;
    println!("Crash-safety drill in {}", work.path().display());

    let mut pg = Cluster::init(work.path(), &opts.synchronous_commit).await?;
    pg.start().await?;
    let url = pg.url("throughcare");
    let mut app = AppServer::new(opts.server_bin.clone(), site_root, url.clone(), work.path())?;
    let outcome = drill(&opts, &mut pg, &mut app, started).await;
    // Whatever happened, leave no server or cluster running.
    app.stop().await;
    pg.stop().await;
    let ok = match outcome {
        Ok(mut summary) => {
            summary.recoveries = verify::crash_recoveries_in_log(pg.log());
            summary.total_time = started.elapsed();
            verify::report(&summary)
        }
        Err(e) => {
            eprintln!("Logs: {}/server.log and postgres.log", work.path().display());
            let _ = work.keep();
            return Err(e);
        }
    };
    if opts.keep {
        println!("Kept {} (logs: server.log, postgres.log).", work.keep().display());
    }
    Ok(ok)
}

async fn drill(
    opts: &Options,
    pg: &mut Cluster,
    app: &mut AppServer,
    started: Instant,
) -> BenchResult<verify::Summary> {
    let admin = PgPoolOptions::new().max_connections(1).connect(&pg.url("postgres")).await?;
    sqlx::query("CREATE DATABASE throughcare").execute(&admin).await?;
    admin.close().await;
    app.seed().await?;

    let url = pg.url("throughcare");
    let pool = PgPoolOptions::new().max_connections(2).connect(&url).await?;
    verify::print_durability_settings(&pool).await?;
    let plan = setup::prepare(&pool, opts.tablets, opts.prescriptions).await?;
    pool.close().await;
    println!(
        "{} tablets, each its own nurse at LEI with {} prescriptions; {} dose slots planned; setup took {:.1} s.",
        plan.len(),
        opts.prescriptions,
        plan.iter().map(|t| t.slots.len()).sum::<usize>(),
        started.elapsed().as_secs_f64()
    );

    app.start().await?;
    let stop_new = Arc::new(AtomicBool::new(false));
    let give_up = Arc::new(AtomicBool::new(false));
    let mut running = Vec::new();
    for t in plan {
        let tablet = Tablet {
            base: app.base(),
            username: t.username,
            password: server::seed::DEMO_PASSWORD.to_owned(),
            slots: t.slots,
            stop_new: stop_new.clone(),
            give_up: give_up.clone(),
        };
        running.push(tokio::spawn(tablet.run()));
    }

    let load_started = Instant::now();
    let mut downtime = Vec::new();
    let mut processes_killed = 0;
    for cycle in 1..=opts.cycles {
        tokio::time::sleep(opts.load).await;
        // Alternate which dies first, so both orders (app mid-request with the database gone,
        // and database mid-commit with the app gone) are exercised.
        if cycle % 2 == 1 {
            app.kill9().await?;
            processes_killed += 1 + pg.kill9().await?;
        } else {
            processes_killed += pg.kill9().await?;
            app.kill9().await?;
            processes_killed += 1;
        }
        let down = Instant::now();
        pg.start().await?;
        app.start().await?;
        downtime.push(down.elapsed());
        println!(
            "kill {cycle}/{}: app and PostgreSQL SIGKILLed, both back in {:.2} s",
            opts.cycles,
            down.elapsed().as_secs_f64()
        );
    }
    tokio::time::sleep(opts.load).await;
    stop_new.store(true, Ordering::Relaxed);
    // Entries in hand get time to finish; anything still unresolved after that is reported.
    let drain = tokio::spawn({
        let give_up = give_up.clone();
        async move {
            tokio::time::sleep(Duration::from_secs(30)).await;
            give_up.store(true, Ordering::Relaxed);
        }
    });
    let mut reports: Vec<TabletReport> = Vec::new();
    for task in running {
        reports.push(task.await??);
    }
    drain.abort();
    let load_time = load_started.elapsed();

    let pool = PgPoolOptions::new().max_connections(2).connect(&url).await?;
    let findings = verify::check(&pool, &reports).await?;
    pool.close().await;
    Ok(verify::Summary {
        reports,
        findings,
        kills: opts.cycles,
        processes_killed,
        recoveries: 0,
        downtime,
        load_time,
        total_time: Duration::ZERO,
    })
}

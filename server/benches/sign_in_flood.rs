//! A flood of sign-ins with made-up usernames against a nurse recording doses: does the round
//! stay responsive, and does memory stay bounded, while every core could be hashing passwords?
//!
//! `cargo bench -p server --bench sign_in_flood -- [--sign-ins 500] [--addresses 50]
//! [--doses 200] [--data-dir DIR]`. Starts the private PostgreSQL in a temporary directory (or
//! uses DATABASE_URL), seeds the demo, and serves the app in this process on loopback behind one
//! trusted proxy hop, so that each flood request can claim one of `--addresses` device addresses.
//! Prints the nurse's dose latencies before and during the flood, how the flood was answered,
//! and this process's peak memory.

#![recursion_limit = "256"]

use std::time::{Duration, Instant};

use leptos::prelude::get_configuration;
use server::client_address::TrustedProxyHops;
use server::database::Database;
use server::startup::{Application, WebOptions};
use uuid::Uuid;

mod common;
// The crash-safety drill's plan of recordable doses (one nurse, her own prescriptions).
#[path = "crash_safety/setup.rs"]
mod setup;
#[allow(dead_code)] // Only the slot type is used here.
#[path = "crash_safety/tablet.rs"]
mod tablet;

use common::{BenchResult, arg};

fn percentile(samples: &mut [Duration], q: f64) -> Duration {
    samples.sort();
    samples.get(((samples.len().max(1) - 1) as f64 * q).round() as usize).copied().unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

/// This process's resident memory now and at its peak, in MiB (Linux).
fn memory_mib() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let read = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|kib| kib.parse::<f64>().ok())
            .map_or(0.0, |kib| kib / 1024.0)
    };
    (read("VmRSS:"), read("VmHWM:"))
}

#[tokio::main]
async fn main() -> BenchResult<()> {
    let sign_ins: usize = arg("--sign-ins").and_then(|v| v.parse().ok()).unwrap_or(500);
    let addresses: usize = arg("--addresses").and_then(|v| v.parse().ok()).unwrap_or(50).max(1);
    let doses: usize = arg("--doses").and_then(|v| v.parse().ok()).unwrap_or(200);
    let work = tempfile::Builder::new().prefix("throughcare-flood-").tempdir_in("/tmp")?;
    std::fs::set_permissions(work.path(), std::os::unix::fs::PermissionsExt::from_mode(0o755))?;
    let data_dir = arg("--data-dir").map(Into::into).unwrap_or_else(|| work.path().join("pg"));
    let db = Database::open(std::env::var("DATABASE_URL").ok().as_deref(), &data_dir).await?;
    db.migrate().await?;
    let pool = db.pool.clone();
    server::seed::seed_demo_if_empty(&pool).await?;
    let plan = setup::prepare(&pool, 1, 4).await?;
    let nurse = plan.into_iter().next().ok_or("no drill nurse")?;
    let conf = get_configuration(None)?;
    let web = WebOptions { trusted_proxy_hops: TrustedProxyHops(1), ..WebOptions::default() };
    let app = Application::build(
        "127.0.0.1:0".parse()?,
        conf.leptos_options,
        pool.into(),
        common::load_session_rules(),
        web,
    )
    .await?;
    let base = format!("http://127.0.0.1:{}", app.port());
    let hashes = common::load_session_rules().password_checks.hashes_at_once;
    tokio::spawn(app.run_until_stopped(std::future::pending()));

    let tablet =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build()?;
    let signed_in = tablet
        .post(format!("{base}/api/sign_in"))
        .form(&[
            ("username", nurse.username.as_str()),
            ("password", server::seed::DEMO_PASSWORD),
            ("next", "/"),
        ])
        .send()
        .await?;
    if !(signed_in.status().is_success() || signed_in.status().is_redirection()) {
        return Err(format!("the nurse could not sign in: {}", signed_in.status()).into());
    }
    let mut slots = nurse.slots.into_iter();
    let (rss_before, _) = memory_mib();

    let mut quiet = record_doses(&tablet, &base, &mut slots, doses / 2).await?;
    let flood = tokio::spawn(flood(base.clone(), sign_ins, addresses));
    let mut during = record_doses(&tablet, &base, &mut slots, doses).await?;
    let flood = flood.await??;
    let (rss_after, peak) = memory_mib();

    println!(
        "Sign-in flood: {sign_ins} sign-ins with made-up usernames from {addresses} addresses at once; {hashes} password hash(es) at a time."
    );
    println!(
        "  answered in {:.1} s: {} wrong username or password, {} too many from the address (429), {} busy (503), {} other",
        flood.took.as_secs_f64(),
        flood.bad_credentials,
        flood.too_many,
        flood.busy,
        flood.other
    );
    for (name, samples) in [("before the flood", &mut quiet), ("during the flood", &mut during)] {
        println!(
            "  nurse recording a dose, {name}: n={} p50 {} ms, p95 {} ms, max {} ms",
            samples.len(),
            ms(percentile(samples, 0.5)),
            ms(percentile(samples, 0.95)),
            ms(percentile(samples, 1.0))
        );
    }
    println!(
        "  memory of this process (app, database clients, load generator): {rss_before:.0} MiB before, {rss_after:.0} MiB after, peak {peak:.0} MiB"
    );
    db.close().await;
    Ok(())
}

/// Records `n` doses one after another, returning each one's latency (all must be saved).
async fn record_doses(
    tablet: &reqwest::Client,
    base: &str,
    slots: &mut impl Iterator<Item = tablet::Slot>,
    n: usize,
) -> BenchResult<Vec<Duration>> {
    let mut latencies = Vec::with_capacity(n);
    for slot in slots.take(n) {
        let entry = slot.given();
        let started = Instant::now();
        let response = tablet
            .post(format!("{base}/api/record_dose"))
            .header(reqwest::header::ORIGIN, base)
            .json(&serde_json::json!({ "entry": entry }))
            .send()
            .await?;
        let status = response.status();
        if !status.is_success() {
            return Err(
                format!("a dose was refused during the bench: {status} {}", response.text().await?).into()
            );
        }
        latencies.push(started.elapsed());
    }
    if latencies.len() < n {
        return Err("the plan ran out of dose slots; ask for fewer --doses".into());
    }
    Ok(latencies)
}

#[derive(Default)]
struct FloodAnswers {
    took: Duration,
    bad_credentials: usize,
    too_many: usize,
    busy: usize,
    other: usize,
}

/// `n` sign-ins at once, each a made-up username from one of `addresses` addresses.
async fn flood(base: String, n: usize, addresses: usize) -> BenchResult<FloodAnswers> {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build()?;
    let started = Instant::now();
    let requests = (0..n).map(|i| {
        let client = client.clone();
        let base = base.clone();
        async move {
            let username = format!("nobody.{}", Uuid::new_v4().simple());
            let address = format!("10.50.{}.{}", (i % addresses) / 250, (i % addresses) % 250 + 1);
            client
                .post(format!("{base}/api/sign_in"))
                .header("Accept", "application/json")
                .header("X-Forwarded-For", address)
                .form(&[("username", username.as_str()), ("password", "guess guess guess"), ("next", "/")])
                .send()
                .await
                .map(|r| r.status().as_u16())
        }
    });
    let statuses = futures::future::join_all(requests).await;
    let mut answers = FloodAnswers { took: started.elapsed(), ..FloodAnswers::default() };
    for status in statuses {
        match status {
            Ok(401) => answers.bad_credentials += 1,
            Ok(429) => answers.too_many += 1,
            Ok(503) => answers.busy += 1,
            _ => answers.other += 1,
        }
    }
    Ok(answers)
}

//! Transfers on the national data set: the handover pack of the 10,000-entry record (server
//! function over HTTP next to the same assembly called directly), and a day of national movement
//! (1,200 transfers) scheduled, confirmed fit, departed and received through the server functions.
//!
//! Load the data first: `server --data-dir /tmp/national/pg national`, then
//! `cargo bench -p server --bench transfers -- --data-dir /tmp/national/pg [--iterations 300]
//! [--transfers 1200] [--workers 8]`. The day of movement really moves those patients.

#![recursion_limit = "256"]

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use leptos::prelude::get_configuration;
use server::database::Database;
use server::national::{BIG_RECORD_PRISON_NUMBER, BIG_WING_ESTABLISHMENT};
use server::startup::Application;
use sqlx::{PgPool, Row};
use tokio::sync::Mutex;
use uuid::Uuid;

mod common;

use common::{BenchResult, arg, signed_in};

fn percentile(samples: &mut [Duration], q: f64) -> Duration {
    samples.sort();
    samples.get(((samples.len().max(1) - 1) as f64 * q).round() as usize).copied().unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() -> BenchResult<()> {
    let data_dir = PathBuf::from(arg("--data-dir").unwrap_or_else(|| "/tmp/national/pg".into()));
    let iterations: usize = arg("--iterations").and_then(|v| v.parse().ok()).unwrap_or(300);
    let transfers: i64 = arg("--transfers").and_then(|v| v.parse().ok()).unwrap_or(1_200);
    let workers: usize = arg("--workers").and_then(|v| v.parse().ok()).unwrap_or(8);
    let db = Database::open(std::env::var("DATABASE_URL").ok().as_deref(), &data_dir).await?;
    db.migrate().await?;
    let pool = db.pool.clone();
    let conf = get_configuration(None)?;
    let app = Application::build(
        "127.0.0.1:0".parse()?,
        conf.leptos_options,
        pool.clone().into(),
        common::load_session_rules(),
        server::startup::WebOptions::default(),
    )
    .await?;
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped(std::future::pending()));

    handover_pack(&pool, &base, iterations).await?;
    day_of_movement(&pool, &base, transfers, workers).await?;
    db.close().await;
    Ok(())
}

async fn nurse_at(pool: &PgPool, establishment_id: Uuid) -> BenchResult<String> {
    Ok(sqlx::query_scalar(
        "SELECT s.username FROM staff s JOIN staff_establishment se ON se.staff_id = s.id
         WHERE se.establishment_id = $1 AND s.role = 'nurse' ORDER BY s.username LIMIT 1",
    )
    .bind(establishment_id)
    .fetch_one(pool)
    .await?)
}

async fn handover_pack(pool: &PgPool, base: &str, iterations: usize) -> BenchResult<()> {
    let big = BIG_RECORD_PRISON_NUMBER();
    let row = sqlx::query(
        "SELECT p.id, w.establishment_id, (SELECT count(*) FROM timeline_entry t WHERE t.patient_id = p.id) AS entries,
                (SELECT count(*) FROM prescription rx WHERE rx.patient_id = p.id AND rx.stopped_at IS NULL) AS prescriptions
         FROM patient p JOIN patient_whereabouts w ON w.patient_id = p.id WHERE p.prison_number = $1",
    )
    .bind(&big)
    .fetch_optional(pool)
    .await?
    .ok_or("no national data set here: run `server --data-dir DIR national` first")?;
    let patient_id: Uuid = row.try_get("id")?;
    let establishment_id: Uuid = row.try_get("establishment_id")?;
    let entries: i64 = row.try_get("entries")?;
    let prescriptions: i64 = row.try_get("prescriptions")?;
    let client = signed_in(base, &nurse_at(pool, establishment_id).await?).await?;
    println!("Handover pack of {big}: {entries} timeline entries, {prescriptions} active prescriptions.");
    println!("{iterations} iterations, sequential, one client.\n");
    let mut http = Vec::with_capacity(iterations);
    let mut raw = Vec::with_capacity(iterations);
    for i in 0..iterations + 20 {
        let started = Instant::now();
        let response = client
            .post(format!("{base}/api/handover_pack"))
            .form(&[("prison_number", big.as_str())])
            .send()
            .await?;
        if !response.status().is_success() {
            return Err(format!("handover pack: {}", response.status()).into());
        }
        response.bytes().await?;
        let took = started.elapsed();
        let started = Instant::now();
        app::transfers::ssr::handover::assemble(pool, patient_id).await.map_err(|e| e.to_string())?;
        // The first few warm the caches and are not counted.
        if i >= 20 {
            http.push(took);
            raw.push(started.elapsed());
        }
    }
    println!("| case | p50 ms | p95 | p99 |");
    println!("|---|---|---|---|");
    for (name, samples) in
        [("handover pack, server fn over HTTP", &mut http), ("handover pack, assembly alone", &mut raw)]
    {
        println!(
            "| {name} | {} | {} | {} |",
            ms(percentile(samples, 0.5)),
            ms(percentile(samples, 0.95)),
            ms(percentile(samples, 0.99))
        );
    }
    Ok(())
}

struct Planned {
    prison_number: String,
    from: Uuid,
    to: Uuid,
    to_code: String,
    cell: Uuid,
}

#[derive(Default)]
struct Timings {
    steps: HashMap<&'static str, Vec<Duration>>,
    errors: Vec<String>,
}

async fn day_of_movement(pool: &PgPool, base: &str, transfers: i64, workers: usize) -> BenchResult<()> {
    // People in an establishment with nothing in the way (no open transfer, no Medical hold), away
    // from the big wing the round benchmarks use, each to the next establishment by code.
    let rows = sqlx::query(
        "WITH est AS (SELECT id, code, lead(id) OVER (ORDER BY code) AS next_id FROM establishment),
              ring AS (SELECT id, code, COALESCE(next_id, (SELECT id FROM est ORDER BY code LIMIT 1)) AS next_id FROM est)
         SELECT p.prison_number, w.establishment_id AS from_id, ring.next_id AS to_id, d.code AS to_code,
                (SELECT l.id FROM location l WHERE l.establishment_id = ring.next_id AND l.kind = 'cell'
                 ORDER BY l.code OFFSET abs(hashtext(p.prison_number)) % 100 LIMIT 1) AS cell
         FROM patient_whereabouts w
         JOIN patient p ON p.id = w.patient_id
         JOIN ring ON ring.id = w.establishment_id
         JOIN establishment d ON d.id = ring.next_id
         WHERE w.status = 'in_establishment' AND ring.code <> $1 AND p.prison_number <> $2
           AND NOT EXISTS (SELECT 1 FROM transfer t WHERE t.patient_id = p.id AND t.status IN ('scheduled', 'departed'))
           AND NOT EXISTS (SELECT 1 FROM alert a WHERE a.patient_id = p.id AND a.alert_type = 'MEDICAL_HOLD' AND a.ends_at IS NULL)
         ORDER BY hashtext(p.prison_number || current_date::text)
         LIMIT $3",
    )
    .bind(BIG_WING_ESTABLISHMENT)
    .bind(BIG_RECORD_PRISON_NUMBER())
    .bind(transfers)
    .fetch_all(pool)
    .await?;
    let mut planned = Vec::with_capacity(rows.len());
    for r in rows {
        planned.push(Planned {
            prison_number: r.try_get("prison_number")?,
            from: r.try_get("from_id")?,
            to: r.try_get("to_id")?,
            to_code: r.try_get("to_code")?,
            cell: r.try_get::<Option<Uuid>, _>("cell")?.ok_or("an establishment without cells")?,
        });
    }
    // One signed-in nurse per establishment involved, as each site's reception and healthcare desk.
    let mut clients: HashMap<Uuid, reqwest::Client> = HashMap::new();
    for p in &planned {
        for establishment in [p.from, p.to] {
            if let std::collections::hash_map::Entry::Vacant(slot) = clients.entry(establishment) {
                slot.insert(signed_in(base, &nurse_at(pool, establishment).await?).await?);
            }
        }
    }
    println!(
        "\nA day of national movement: {} transfers between {} establishments, {workers} at a time.",
        planned.len(),
        clients.len()
    );
    let today = app::domain::round_schedule::london_date(chrono::Utc::now()).to_string();
    let clients = Arc::new(clients);
    let queue = Arc::new(Mutex::new(planned));
    let timings = Arc::new(Mutex::new(Timings::default()));
    let started = Instant::now();
    let mut handles = Vec::new();
    for _ in 0..workers {
        let (clients, queue, timings, base, today) =
            (clients.clone(), queue.clone(), timings.clone(), base.to_owned(), today.clone());
        handles.push(tokio::spawn(async move {
            loop {
                let Some(p) = queue.lock().await.pop() else { break };
                if let Err(e) = one_transfer(&clients, &base, &today, &p, &timings).await {
                    timings.lock().await.errors.push(format!("{}: {e}", p.prison_number));
                }
            }
        }));
    }
    for handle in handles {
        handle.await?;
    }
    let wall = started.elapsed();
    let mut timings = Arc::try_unwrap(timings).map_err(|_| "timings still shared")?.into_inner();
    println!("Wall clock: {:.1} s; errors: {}.\n", wall.as_secs_f64(), timings.errors.len());
    for e in timings.errors.iter().take(5) {
        println!("  error: {e}");
    }
    println!("| step | count | p50 ms | p95 | p99 |");
    println!("|---|---|---|---|---|");
    for step in ["schedule (with handover)", "confirm fit", "depart (with handover)", "receive"] {
        if let Some(samples) = timings.steps.get_mut(step) {
            println!(
                "| {step} | {} | {} | {} | {} |",
                samples.len(),
                ms(percentile(samples, 0.5)),
                ms(percentile(samples, 0.95)),
                ms(percentile(samples, 0.99))
            );
        }
    }
    Ok(())
}

async fn call(
    client: &reqwest::Client,
    url: String,
    form: &[(&str, &str)],
) -> BenchResult<(String, Duration)> {
    let started = Instant::now();
    let response = client.post(url).form(form).send().await?;
    let status = response.status();
    let body = response.text().await?;
    if !status.is_success() {
        return Err(format!("{status}: {body}").into());
    }
    Ok((body, started.elapsed()))
}

async fn one_transfer(
    clients: &HashMap<Uuid, reqwest::Client>,
    base: &str,
    today: &str,
    p: &Planned,
    timings: &Mutex<Timings>,
) -> BenchResult<()> {
    let sending = clients.get(&p.from).ok_or("no sending client")?;
    let receiving = clients.get(&p.to).ok_or("no receiving client")?;
    let pn = p.prison_number.as_str();
    let (body, took) = call(
        sending,
        format!("{base}/api/schedule_transfer"),
        &[
            ("prison_number", pn),
            ("to", &p.to_code),
            ("planned_for", today),
            ("reason", "Population management"),
        ],
    )
    .await?;
    let id: Uuid = serde_json::from_str(&body)?;
    let id = id.to_string();
    timings.lock().await.steps.entry("schedule (with handover)").or_default().push(took);
    let (_, took) = call(
        sending,
        format!("{base}/api/confirm_fit_to_transfer"),
        &[("prison_number", pn), ("transfer_id", &id), ("note", "")],
    )
    .await?;
    timings.lock().await.steps.entry("confirm fit").or_default().push(took);
    let (_, took) =
        call(sending, format!("{base}/api/depart_transfer"), &[("prison_number", pn), ("transfer_id", &id)])
            .await?;
    timings.lock().await.steps.entry("depart (with handover)").or_default().push(took);
    let cell = p.cell.to_string();
    let (_, took) =
        call(receiving, format!("{base}/api/receive_patient"), &[("prison_number", pn), ("cell", &cell)])
            .await?;
    timings.lock().await.steps.entry("receive").or_default().push(took);
    Ok(())
}

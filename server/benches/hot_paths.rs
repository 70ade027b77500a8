//! Hot-path latency on the national data set: each server function over HTTP (session, access
//! decision, audit, JSON) next to the same SQL called directly through sqlx, in one run.
//!
//! Load the data first: `server --data-dir /tmp/national/pg national`, then
//! `cargo bench -p server --bench hot_paths -- --data-dir /tmp/national/pg [--iterations 300]`.

use std::future::Future;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use app::domain::patient_query::PatientQuery;
use app::state::SessionRules;
use app::timeline::{TimelineCursor, TimelineFilter};
use leptos::prelude::get_configuration;
use server::database::Database;
use server::national::BIG_RECORD_PRISON_NUMBER;
use server::startup::Application;
use sqlx::Row;

type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned())
}

struct Stats {
    p50: Duration,
    p95: Duration,
    p99: Duration,
}

fn stats(mut samples: Vec<Duration>) -> Stats {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    Stats { p50: at(0.50), p95: at(0.95), p99: at(0.99) }
}

async fn measure<F, Fut>(iterations: usize, mut f: F) -> BenchResult<Stats>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = BenchResult<()>>,
{
    for _ in 0..iterations / 10 + 5 {
        f().await?;
    }
    let mut samples = Vec::with_capacity(iterations);
    for _ in 0..iterations {
        let started = Instant::now();
        f().await?;
        samples.push(started.elapsed());
    }
    Ok(stats(samples))
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn row(name: &str, server_fn: &Stats, raw: &Stats) {
    println!(
        "| {name} | {} | {} | {} | {} | {} | {} | {:.2} | {:.2} |",
        ms(server_fn.p50),
        ms(server_fn.p95),
        ms(server_fn.p99),
        ms(raw.p50),
        ms(raw.p95),
        ms(raw.p99),
        server_fn.p50.as_secs_f64() / raw.p50.as_secs_f64(),
        server_fn.p95.as_secs_f64() / raw.p95.as_secs_f64(),
    );
}

#[tokio::main]
async fn main() -> BenchResult<()> {
    let data_dir = PathBuf::from(arg("--data-dir").unwrap_or_else(|| "/tmp/national/pg".into()));
    let iterations: usize = arg("--iterations").and_then(|v| v.parse().ok()).unwrap_or(300);
    let db = Database::open(std::env::var("DATABASE_URL").ok().as_deref(), &data_dir).await?;
    db.migrate().await?;
    let pool = db.pool.clone();

    let big = BIG_RECORD_PRISON_NUMBER();
    let found = sqlx::query(
        "SELECT p.id, w.establishment_id, (SELECT count(*) FROM timeline_entry t WHERE t.patient_id = p.id) AS entries,
                (SELECT s.username FROM staff s JOIN staff_establishment se ON se.staff_id = s.id
                 WHERE se.establishment_id = w.establishment_id AND s.role = 'nurse' ORDER BY s.username LIMIT 1) AS nurse,
                (SELECT count(*) FROM patient) AS patients
         FROM patient p JOIN patient_whereabouts w ON w.patient_id = p.id WHERE p.prison_number = $1",
    )
    .bind(&big)
    .fetch_optional(&pool)
    .await?
    .ok_or("no national data set here: run `server --data-dir DIR national` first")?;
    let patient_id: uuid::Uuid = found.try_get("id")?;
    let establishment_id: uuid::Uuid = found.try_get("establishment_id")?;
    let entries: i64 = found.try_get("entries")?;
    let nurse: String = found.try_get("nurse")?;
    let patients: i64 = found.try_get("patients")?;

    let conf = get_configuration(None)?;
    let app = Application::build(
        "127.0.0.1:0".parse()?,
        conf.leptos_options,
        pool.clone(),
        SessionRules::default(),
        false,
    )
    .await?;
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped(std::future::pending()));
    let client =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build()?;
    let signed_in = client
        .post(format!("{base}/api/sign_in"))
        .form(&[("username", nurse.as_str()), ("password", "national-load"), ("next", "/")])
        .send()
        .await?;
    if !(signed_in.status().is_success() || signed_in.status().is_redirection()) {
        return Err(format!("sign-in failed: {}", signed_in.status()).into());
    }

    println!("National data set: {patients} patients; patient {big} has {entries} timeline entries.");
    let sizes = sqlx::query(
        "SELECT relname::text AS name, reltuples::bigint AS estimate FROM pg_class
         WHERE relname IN ('establishment', 'patient', 'custody_episode', 'movement', 'timeline_entry', 'alert', 'allergy', 'staff')
         ORDER BY relname",
    )
    .fetch_all(&pool)
    .await?;
    let sizes: Vec<String> = sizes
        .iter()
        .filter_map(|r| {
            Some(format!(
                "{} {}",
                r.try_get::<String, _>("name").ok()?,
                r.try_get::<i64, _>("estimate").ok()?
            ))
        })
        .collect();
    println!("Table sizes (planner estimates): {}.", sizes.join(", "));
    println!("{iterations} iterations per case, sequential, one client, on this machine.\n");
    println!(
        "| hot path | server fn p50 ms | p95 | p99 | raw SQL p50 ms | p95 | p99 | ratio p50 | ratio p95 |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");

    // Patient search by a misspelt name, within the establishment.
    let typed = "Smiht";
    let query = PatientQuery::parse(typed).map_err(|e| e.to_string())?;
    let http = measure(iterations, || {
        let req = client.post(format!("{base}/api/search_patients")).form(&[("query", typed)]);
        async move { ensure_ok(req.send().await?).await }
    })
    .await?;
    let raw = measure(iterations, || {
        let (pool, query) = (pool.clone(), query.clone());
        async move {
            app::patients::ssr::search(&pool, establishment_id, &query).await.map_err(|e| e.to_string())?;
            Ok(())
        }
    })
    .await?;
    row("patient search (name, typo)", &http, &raw);

    let http = measure(iterations, || {
        let req = client.post(format!("{base}/api/patient_banner")).form(&[("prison_number", big.as_str())]);
        async move { ensure_ok(req.send().await?).await }
    })
    .await?;
    let raw = measure(iterations, || {
        let pool = pool.clone();
        async move {
            app::patients::ssr::banner(&pool, patient_id).await.map_err(|e| e.to_string())?;
            Ok(())
        }
    })
    .await?;
    row("patient banner", &http, &raw);

    let deep = {
        let mut cursor = None;
        for _ in 0..100 {
            let page = app::timeline::ssr::page(&pool, patient_id, &TimelineFilter::default(), cursor)
                .await
                .map_err(|e| e.to_string())?;
            cursor = page.next.or(cursor);
        }
        cursor
    };
    let filtered = TimelineFilter { kinds: vec!["problem".into()], ..Default::default() };
    let cases: [(&str, TimelineFilter, Option<TimelineCursor>); 3] = [
        ("timeline first page (10k-entry record)", TimelineFilter::default(), None),
        ("timeline page 100 (keyset)", TimelineFilter::default(), deep),
        ("timeline filtered (kind = problem)", filtered, None),
    ];
    for (name, filter, after) in cases {
        let body = serde_json::json!({ "prison_number": big, "filter": filter, "after": after });
        let http = measure(iterations, || {
            let req = client.post(format!("{base}/api/timeline_page")).json(&body);
            async move { ensure_ok(req.send().await?).await }
        })
        .await?;
        let raw = measure(iterations, || {
            let (pool, filter) = (pool.clone(), filter.clone());
            async move {
                app::timeline::ssr::page(&pool, patient_id, &filter, after)
                    .await
                    .map_err(|e| e.to_string())?;
                Ok(())
            }
        })
        .await?;
        row(name, &http, &raw);
    }

    // The plan of the timeline's page query (the same text as app::timeline::ssr::page).
    println!("\nEXPLAIN (ANALYZE, BUFFERS) of the timeline's first page:\n```");
    let plan = sqlx::query(
        "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
         SELECT t.id, t.kind, k.title, t.occurred_at, e.code, s.display_name, t.author_role, t.summary, t.body,
                t.custody_episode_id, t.corrects_id, t.entered_in_error_at, eb.display_name, t.entered_in_error_reason
         FROM timeline_entry t
         JOIN timeline_kind k ON k.code = t.kind
         JOIN establishment e ON e.id = t.establishment_id
         LEFT JOIN staff s ON s.id = t.author_id
         LEFT JOIN staff eb ON eb.id = t.entered_in_error_by
         WHERE t.patient_id = $1 AND (t.occurred_at, t.id) < ('9999-12-31'::timestamptz, 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid)
           AND t.entered_in_error_at IS NULL
         ORDER BY t.occurred_at DESC, t.id DESC LIMIT 41",
    )
    .bind(patient_id)
    .fetch_all(&pool)
    .await?;
    for line in plan {
        let text: String = line.try_get(0)?;
        println!("{text}");
    }
    println!("```");
    db.close().await;
    Ok(())
}

async fn ensure_ok(response: reqwest::Response) -> BenchResult<()> {
    let status = response.status();
    let body = response.bytes().await?;
    if status.is_success() {
        Ok(())
    } else {
        Err(format!("{status}: {}", String::from_utf8_lossy(&body)).into())
    }
}

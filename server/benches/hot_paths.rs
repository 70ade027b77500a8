//! Hot-path latency on the national data set: each server function over HTTP (session, access
//! decision, audit, JSON) next to the same SQL called directly through sqlx, in one run.
//!
//! Load the data first: `server --data-dir /tmp/national/pg national`, then
//! `cargo bench -p server --bench hot_paths -- --data-dir /tmp/national/pg [--iterations 300]`.
//!
//! With `--tablets N [--seconds 30]` it instead simulates N tablets recording doses at once
//! against one app instance (each tablet signed in as its own nurse, working through its own
//! patients' due doses) and reports throughput, latency and errors. `--clinicians M` adds M
//! clinicians browsing records at the same time (search, banner, three timeline pages, then
//! `--browse-pause-ms`, 3000 by default, of reading); `--tablets 0 --clinicians M` browses alone.

// Leptos view types of the whole app are checked here too (as in the server crate).
#![recursion_limit = "256"]

use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};
use std::future::Future;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use app::domain::AdministrationOutcome;
use app::domain::patient_query::PatientQuery;
use app::domain::round_schedule::{DUE_WINDOW_MINUTES, current_round, london_date, round_instant};
use app::rounds::DoseEntry;
use app::timeline::{TimelineCursor, TimelineFilter};
use chrono::{NaiveDate, NaiveTime, Utc};
use leptos::prelude::get_configuration;
use server::database::Database;
use server::national::{BIG_RECORD_PRISON_NUMBER, BIG_WING, BIG_WING_ESTABLISHMENT};
use server::startup::Application;
use sqlx::{PgPool, Row};
use uuid::Uuid;

#[path = "load/browsing.rs"]
mod browsing;
mod common;
#[path = "hot_paths/controlled_drug_dose.rs"]
mod controlled_drug_dose;
#[path = "hot_paths/every_statement.rs"]
mod every_statement;

use common::{BenchResult, arg, signed_in, signed_in_with_cookie};
use every_statement::SignedInUser;

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

/// Times the server function, its query alone and every statement it runs, one of each in turn
/// per iteration (after a warm-up), so that drift during the run (a checkpoint, the OS cache, the
/// round moving on) falls on the three alike.
async fn measure_each<A, FA, B, FB, C, FC>(
    iterations: usize,
    mut server_fn: A,
    mut query: B,
    mut every_statement: C,
) -> BenchResult<(Stats, Stats, Stats)>
where
    A: FnMut() -> FA,
    FA: Future<Output = BenchResult<()>>,
    B: FnMut() -> FB,
    FB: Future<Output = BenchResult<()>>,
    C: FnMut() -> FC,
    FC: Future<Output = BenchResult<()>>,
{
    for _ in 0..iterations / 10 + 5 {
        server_fn().await?;
        query().await?;
        every_statement().await?;
    }
    let mut samples = [(); 3].map(|_| Vec::with_capacity(iterations));
    for _ in 0..iterations {
        let started = Instant::now();
        server_fn().await?;
        samples[0].push(started.elapsed());
        let started = Instant::now();
        query().await?;
        samples[1].push(started.elapsed());
        let started = Instant::now();
        every_statement().await?;
        samples[2].push(started.elapsed());
    }
    let [a, b, c] = samples;
    Ok((stats(a), stats(b), stats(c)))
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// One table row: the server function, its own query raw, and every statement it runs raw.
fn row(name: &str, server_fn: &Stats, query: &Stats, every_statement: &Stats) {
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
    println!(
        "| {name} | {} | {} | {} | {} | {} | {} | {:.2} | {:.2} | {} | {} | {} | {:.2} | {:.2} |",
        ms(server_fn.p50),
        ms(server_fn.p95),
        ms(server_fn.p99),
        ms(query.p50),
        ms(query.p95),
        ms(query.p99),
        ratio(server_fn.p50, query.p50),
        ratio(server_fn.p95, query.p95),
        ms(every_statement.p50),
        ms(every_statement.p95),
        ms(every_statement.p99),
        ratio(server_fn.p50, every_statement.p50),
        ratio(server_fn.p95, every_statement.p95),
    );
}

#[tokio::main]
async fn main() -> BenchResult<()> {
    let data_dir = PathBuf::from(arg("--data-dir").unwrap_or_else(|| "/tmp/national/pg".into()));
    let iterations: usize = arg("--iterations").and_then(|v| v.parse().ok()).unwrap_or(300);
    let db = Database::open(std::env::var("DATABASE_URL").ok().as_deref(), &data_dir).await?;
    db.migrate().await?;
    // As in the server: with a standby, search and timeline pages read it (raw as well as through
    // the server functions); access decisions, audit entries and everything else use the primary.
    let db = match std::env::var("THROUGHCARE_REPLICA_URL") {
        Ok(url) => db.with_read_replica(&url).await?,
        Err(_) => db,
    };
    let pool = db.pool.clone();
    let read_pool = db.read_replica.clone().unwrap_or_else(|| pool.clone());

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
        app::state::DatabasePools { primary: pool.clone(), read_replica: db.read_replica.clone() },
        common::load_session_rules(),
        server::startup::WebOptions::default(),
    )
    .await?;
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped(std::future::pending()));
    if let Some(tablets) = arg("--tablets").and_then(|v| v.parse::<usize>().ok()) {
        let seconds: u64 = arg("--seconds").and_then(|v| v.parse().ok()).unwrap_or(30);
        // The time a nurse takes between doses (walking to the next cell, checking identity);
        // 0 sends doses back to back, a stress test rather than a round.
        let pace_ms: u64 = arg("--pace-ms").and_then(|v| v.parse().ok()).unwrap_or(0);
        let clinicians: usize = arg("--clinicians").and_then(|v| v.parse().ok()).unwrap_or(0);
        let browse_pause =
            Duration::from_millis(arg("--browse-pause-ms").and_then(|v| v.parse().ok()).unwrap_or(3000));
        let result = tablets_recording(
            &pool,
            &base,
            Load {
                tablets,
                clinicians,
                duration: Duration::from_secs(seconds),
                pace: Duration::from_millis(pace_ms),
                browse_pause,
            },
        )
        .await;
        db.close().await;
        return result;
    }
    let (client, cookie) = signed_in_with_cookie(&base, &nurse).await?;
    let user = SignedInUser::from_cookie(&pool, &cookie, &nurse, establishment_id).await?;
    let user = &user;

    println!("National data set: {patients} patients; patient {big} has {entries} timeline entries.");
    let sizes = sqlx::query(
        "SELECT relname::text AS name, reltuples::bigint AS estimate FROM pg_class
         WHERE relname IN ('establishment', 'patient', 'custody_episode', 'movement', 'timeline_entry', 'alert', 'allergy', 'staff',
                           'prescription', 'administration')
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
    println!("{iterations} iterations per case, sequential, one client, on this machine.");
    if db.read_replica.is_some() {
        println!("Search and timeline pages read the streaming replica (THROUGHCARE_REPLICA_URL).");
    }
    println!();
    println!(
        "Raw: \"its query\" is the hot path's own query alone; \"every statement\" adds what the server function runs around it (session, account or access row, audit entry).\n"
    );
    println!(
        "| hot path | server fn p50 ms | p95 | p99 | its query p50 ms | p95 | p99 | ratio p50 | ratio p95 | every statement p50 ms | p95 | p99 | ratio p50 | ratio p95 |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");

    // Patient search by a misspelt name, within the establishment.
    let typed = "Smiht";
    let query = PatientQuery::parse(typed).map_err(|e| e.to_string())?;
    let (http, raw, every) = measure_each(
        iterations,
        || {
            let req = client.post(format!("{base}/api/search_patients")).form(&[("query", typed)]);
            async move { ensure_ok(req.send().await?).await }
        },
        || {
            let (read_pool, query) = (read_pool.clone(), query.clone());
            async move {
                app::patients::ssr::search(&read_pool, establishment_id, &query)
                    .await
                    .map_err(|e| e.to_string())?;
                Ok(())
            }
        },
        || {
            let (pool, read_pool, query) = (pool.clone(), read_pool.clone(), query.clone());
            async move {
                user.staff_request(&pool).await?;
                app::patients::ssr::search(&read_pool, establishment_id, &query)
                    .await
                    .map_err(|e| e.to_string())?;
                user.audit(&pool, None, app::audit::AuditAction::PatientSearch, query.kind()).await
            }
        },
    )
    .await?;
    row("patient search (name, typo)", &http, &raw, &every);

    let (http, raw, every) = measure_each(
        iterations,
        || {
            let req =
                client.post(format!("{base}/api/patient_banner")).form(&[("prison_number", big.as_str())]);
            async move { ensure_ok(req.send().await?).await }
        },
        || {
            let pool = pool.clone();
            async move {
                app::record::ssr::banner(&pool, patient_id).await.map_err(|e| e.to_string())?;
                Ok(())
            }
        },
        || {
            let (pool, big) = (pool.clone(), big.clone());
            async move {
                let patient_id =
                    user.patient_request(&pool, &big, app::audit::AuditAction::PatientBannerRead).await?;
                app::record::ssr::banner(&pool, patient_id).await.map_err(|e| e.to_string())?;
                Ok(())
            }
        },
    )
    .await?;
    row("patient banner", &http, &raw, &every);

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
        let (http, raw, every) = measure_each(
            iterations,
            || {
                let req = client.post(format!("{base}/api/timeline_page")).json(&body);
                async move { ensure_ok(req.send().await?).await }
            },
            || {
                let (read_pool, filter) = (read_pool.clone(), filter.clone());
                async move {
                    app::timeline::ssr::page(&read_pool, patient_id, &filter, after)
                        .await
                        .map_err(|e| e.to_string())?;
                    Ok(())
                }
            },
            || {
                let (pool, read_pool, filter, big) =
                    (pool.clone(), read_pool.clone(), filter.clone(), big.clone());
                async move {
                    let patient_id =
                        user.patient_request(&pool, &big, app::audit::AuditAction::TimelineRead).await?;
                    app::timeline::ssr::page(&read_pool, patient_id, &filter, after)
                        .await
                        .map_err(|e| e.to_string())?;
                    Ok(())
                }
            },
        )
        .await?;
        row(name, &http, &raw, &every);
    }

    rounds(&pool, &base, iterations).await?;

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

async fn nurses_at(pool: &PgPool, establishment_id: Uuid) -> BenchResult<Vec<(Uuid, String)>> {
    Ok(sqlx::query_as(
        "SELECT s.id, s.username FROM staff s JOIN staff_establishment se ON se.staff_id = s.id
         WHERE se.establishment_id = $1 AND s.role = 'nurse' ORDER BY s.username",
    )
    .bind(establishment_id)
    .fetch_all(pool)
    .await?)
}

/// One regular dose not yet recorded, of a round whose window is open now.
#[derive(Clone, Debug)]
struct DueDose {
    prescription_id: Uuid,
    patient_id: Uuid,
    establishment_id: Uuid,
    date: NaiveDate,
    time: NaiveTime,
    dose_milli: i64,
    supervised: bool,
    on_big_wing: bool,
}

/// Doses handed out one per iteration to a measured path: each can be recorded only once.
struct DoseQueue(RefCell<VecDeque<DueDose>>);

impl DoseQueue {
    fn new(doses: &[DueDose]) -> Self {
        Self(RefCell::new(doses.iter().cloned().collect()))
    }

    fn next(&self) -> Result<DueDose, &'static str> {
        self.0.borrow_mut().pop_front().ok_or("ran out of doses")
    }
}

impl DueDose {
    /// The tablet's entry for this dose: given (seen swallowed when supervised).
    fn entry(&self) -> DoseEntry {
        self.witnessed_entry("")
    }

    /// [`Self::entry`], witnessed by `witness` (a national nurse, whose password all share).
    fn witnessed_entry(&self, witness: &str) -> DoseEntry {
        let (witness_username, witness_password) = match witness {
            "" => (String::new(), String::new()),
            name => (name.to_owned(), "national-load".to_owned()),
        };
        DoseEntry {
            prescription_id: self.prescription_id,
            round: Some((self.date, self.time)),
            outcome: AdministrationOutcome::Given,
            reason: String::new(),
            swallow_confirmed: self.supervised,
            witness_username,
            witness_password,
            client_entry_id: uuid::Builder::from_random_bytes(rand::random()).into_uuid(),
        }
    }
}

/// The rounds a nurse may record now at this establishment (today's and yesterday's whose window
/// has opened), latest first: the first is `current_round`.
async fn open_rounds(pool: &PgPool, establishment_id: Uuid) -> BenchResult<Vec<(NaiveDate, NaiveTime)>> {
    let times: Vec<NaiveTime> = sqlx::query_scalar(
        "SELECT time_of_day FROM round_time WHERE establishment_id = $1 ORDER BY time_of_day",
    )
    .bind(establishment_id)
    .fetch_all(pool)
    .await?;
    let now = Utc::now();
    let today = london_date(now);
    let mut open: Vec<(NaiveDate, NaiveTime)> = [today.pred_opt().unwrap_or(today), today]
        .into_iter()
        .flat_map(|day| times.iter().map(move |t| (day, *t)))
        .filter(|(day, t)| round_instant(*day, *t) - chrono::Duration::minutes(DUE_WINDOW_MINUTES) <= now)
        .collect();
    open.sort_by_key(|(day, t)| std::cmp::Reverse(round_instant(*day, *t)));
    if let (Some(first), Some(current)) = (open.first(), current_round(&times, now)) {
        assert_eq!(*first, current, "the latest open round is the current one");
    }
    Ok(open)
}

/// Which regular doses a case records.
#[derive(Clone, Copy, PartialEq, Eq)]
enum DoseKind {
    /// Not a Schedule 2/3 controlled drug: the nurse alone.
    Ordinary,
    /// Schedule 2/3 controlled drugs (pregabalin in the national data set): a witness signs with a
    /// password, checked with Argon2 on every dose.
    Controlled,
}

/// Regular doses of `kind` at `establishment_id` not yet recorded on its open rounds, for people in
/// the establishment, leaving out opioid substitution (a missed-dose review may stop it); the
/// current round first, and people on the big wing last (its round list is measured).
async fn due_doses(pool: &PgPool, establishment_id: Uuid, kind: DoseKind) -> BenchResult<Vec<DueDose>> {
    let mut doses = Vec::new();
    for (date, time) in open_rounds(pool, establishment_id).await? {
        let rows = sqlx::query(
            "SELECT rx.id, rx.patient_id, (rx.dose * 1000)::int8 AS dose_milli, rx.supply = 'supervised' AS supervised,
                    coalesce(g.code = $5, false) AS on_big_wing
             FROM prescription rx
             JOIN medicine_product m ON m.code = rx.product_code
             JOIN patient_whereabouts w ON w.patient_id = rx.patient_id
             LEFT JOIN location c ON c.id = w.location_id
             LEFT JOIN location l ON l.id = c.parent_id
             LEFT JOIN location g ON g.id = l.parent_id
             WHERE rx.establishment_id = $1 AND w.establishment_id = $1 AND w.status = 'in_establishment'
               AND rx.kind = 'regular' AND $2::time = ANY (rx.round_times)
               AND rx.stopped_at IS NULL AND rx.entered_in_error_at IS NULL
               AND rx.starts_on <= $3 AND (rx.ends_on IS NULL OR rx.ends_on >= $3)
               AND NOT m.is_ost AND coalesce(m.cd_schedule IN (2, 3), false) = $6
               AND NOT EXISTS (SELECT 1 FROM administration a WHERE a.prescription_id = rx.id
                               AND a.scheduled_for = $4 AND a.entered_in_error_at IS NULL)
             ORDER BY rx.patient_id, rx.id",
        )
        .bind(establishment_id)
        .bind(time)
        .bind(date)
        .bind(round_instant(date, time))
        .bind(BIG_WING)
        .bind(kind == DoseKind::Controlled)
        .fetch_all(pool)
        .await?;
        for r in rows {
            doses.push(DueDose {
                prescription_id: r.try_get("id")?,
                patient_id: r.try_get("patient_id")?,
                establishment_id,
                date,
                time,
                dose_milli: r.try_get("dose_milli")?,
                supervised: r.try_get("supervised")?,
                on_big_wing: r.try_get("on_big_wing")?,
            });
        }
    }
    // Stable: the rounds stay latest first within each group.
    doses.sort_by_key(|d| d.on_big_wing);
    Ok(doses)
}

/// The round list of the 300-patient wing at 08:00 today, and recording doses (ordinary, then
/// controlled drugs with a witness), each through its server function and as the same SQL run raw.
async fn rounds(pool: &PgPool, base: &str, iterations: usize) -> BenchResult<()> {
    let establishment_id: Uuid = sqlx::query_scalar("SELECT id FROM establishment WHERE code = $1")
        .bind(BIG_WING_ESTABLISHMENT)
        .fetch_one(pool)
        .await?;
    let wing: Uuid = sqlx::query_scalar(
        "SELECT id FROM location WHERE establishment_id = $1 AND code = $2 AND kind = 'wing'",
    )
    .bind(establishment_id)
    .bind(BIG_WING)
    .fetch_one(pool)
    .await?;
    let nurses = nurses_at(pool, establishment_id).await?;
    let (nurse_id, nurse) = nurses.last().cloned().ok_or("no nurse at the big wing's establishment")?;
    let (client, cookie) = signed_in_with_cookie(base, &nurse).await?;
    let user = SignedInUser::from_cookie(pool, &cookie, &nurse, establishment_id).await?;
    let now = Utc::now();
    let date = london_date(now);
    let round_time = NaiveTime::from_hms_opt(8, 0, 0).ok_or("08:00")?;

    let listed = round_list_raw(pool, establishment_id, wing, date, round_time).await?;
    let form = [
        ("date", date.to_string()),
        ("round_time", round_time.format("%H:%M:%S").to_string()),
        ("location_id", wing.to_string()),
    ];
    let user_ref = &user;
    let (http, raw, every) = measure_each(
        iterations,
        || {
            let req = client.post(format!("{base}/api/round_list")).form(&form);
            async move { ensure_ok(req.send().await?).await }
        },
        || async move {
            round_list_raw(pool, establishment_id, wing, date, round_time).await?;
            Ok(())
        },
        || async move {
            user_ref.staff_request(pool).await?;
            app::rounds::ssr::round_list(pool, &user_ref.staff, date, round_time, wing)
                .await
                .map_err(|e| e.to_string())?;
            user_ref.audit(pool, None, app::audit::AuditAction::RoundList, &wing.to_string()).await
        },
    )
    .await?;
    row("round list (300-patient wing)", &http, &raw, &every);

    let needed = 3 * (iterations + iterations / 10 + 5);
    // Earlier runs use up the big wing's establishment's open rounds; then another establishment
    // with enough doses left, and one of its nurses, records instead.
    let (recording_at, doses) =
        establishment_with_doses(pool, establishment_id, needed, DoseKind::Ordinary).await?;
    let (nurse_id, client, user) = if recording_at == establishment_id {
        (nurse_id, client, user)
    } else {
        let (id, username) = nurses_at(pool, recording_at)
            .await?
            .last()
            .cloned()
            .ok_or("no nurse at the establishment recording doses")?;
        let (client, cookie) = signed_in_with_cookie(base, &username).await?;
        (id, client, SignedInUser::from_cookie(pool, &cookie, &username, recording_at).await?)
    };
    let user = &user;
    let recording_code: String = sqlx::query_scalar("SELECT code FROM establishment WHERE id = $1")
        .bind(recording_at)
        .fetch_one(pool)
        .await?;
    let mut summary = String::new();
    if doses.len() < needed {
        println!(
            "| record a dose | not measured: {} doses left to record on the open rounds, {needed} needed |",
            doses.len()
        );
    } else {
        let first = (doses[0].date, doses[0].time);
        let (for_http, rest) = doses.split_at(needed / 3);
        let (for_raw, for_every) = rest.split_at(needed / 3);
        let (for_http, for_raw, for_every) =
            (DoseQueue::new(for_http), DoseQueue::new(for_raw), DoseQueue::new(for_every));
        let (http, raw, every) = measure_each(
            iterations,
            || {
                let dose = for_http.next();
                let client = client.clone();
                async move {
                    let dose = dose?;
                    post_dose(&client, base, dose.entry()).await
                }
            },
            || {
                let dose = for_raw.next();
                async move {
                    let dose = dose?;
                    let entry = dose.entry();
                    let inserted: Option<Uuid> = sqlx::query_scalar(
                        "INSERT INTO administration (prescription_id, patient_id, establishment_id, scheduled_for, outcome, reason, dose,
                                                     swallow_confirmed, witnessed_by, recorded_by, client_entry_id)
                         VALUES ($1, $2, $3, $4, $5, $6, $7::int8::numeric / 1000, $8, $9, $10, $11)
                         ON CONFLICT DO NOTHING
                         RETURNING id",
                    )
                    .bind(dose.prescription_id)
                    .bind(dose.patient_id)
                    .bind(dose.establishment_id)
                    .bind(round_instant(dose.date, dose.time))
                    .bind(entry.outcome.as_db())
                    .bind(None::<String>)
                    .bind(dose.dose_milli)
                    .bind(entry.swallow_confirmed)
                    .bind(None::<Uuid>)
                    .bind(nurse_id)
                    .bind(entry.client_entry_id)
                    .fetch_optional(pool)
                    .await?;
                    inserted.map(|_| ()).ok_or_else(|| "the dose was already recorded".into())
                }
            },
            || {
                let dose = for_every.next();
                async move {
                    let dose = dose?;
                    user.staff_request(pool).await?;
                    app::rounds::ssr::record_dose(pool, &user.staff, &dose.entry())
                        .await
                        .map_err(|e| e.to_string())?;
                    Ok(())
                }
            })
            .await?;
        row("record a dose", &http, &raw, &every);
        let current = open_rounds(pool, recording_at).await?.first().copied().unwrap_or(first);
        summary = format!(
            "\nRound list: {} people with {} regular doses ({} recorded before the run) and {} when-required medicines on {BIG_WING_ESTABLISHMENT} {BIG_WING} wing at 08:00 on {date}. \
             Doses recorded on the open rounds of {recording_code} (current round {} {}), latest first, from the {} {} round.",
            listed.0,
            listed.1,
            listed.2,
            listed.3,
            current.0,
            current.1.format("%H:%M"),
            first.0,
            first.1.format("%H:%M")
        );
    }
    controlled_drug_dose::measure_witnessed_doses(pool, base, iterations.min(60)).await?;
    println!("{summary}");
    Ok(())
}

/// `preferred` if it has `needed` doses left on its open rounds, else the first other establishment
/// that has, else `preferred` with what it has.
async fn establishment_with_doses(
    pool: &PgPool,
    preferred: Uuid,
    needed: usize,
    kind: DoseKind,
) -> BenchResult<(Uuid, Vec<DueDose>)> {
    let here = due_doses(pool, preferred, kind).await?;
    if here.len() >= needed {
        return Ok((preferred, here));
    }
    let others: Vec<Uuid> = sqlx::query_scalar("SELECT id FROM establishment WHERE id <> $1 ORDER BY code")
        .bind(preferred)
        .fetch_all(pool)
        .await?;
    for id in others {
        let doses = due_doses(pool, id, kind).await?;
        if doses.len() >= needed {
            return Ok((id, doses));
        }
    }
    Ok((preferred, here))
}

/// The queries of `app::rounds::ssr::round_list`, in the same order, run raw; returns the people
/// listed (with a dose or a when-required medicine), their regular doses, how many of those are
/// recorded already, and their PRN medicines.
async fn round_list_raw(
    pool: &PgPool,
    establishment_id: Uuid,
    location_id: Uuid,
    date: NaiveDate,
    round_time: NaiveTime,
) -> BenchResult<(usize, usize, usize, usize)> {
    let now = Utc::now();
    sqlx::query("SELECT time_of_day, label FROM round_time WHERE establishment_id = $1 ORDER BY time_of_day")
        .bind(establishment_id)
        .fetch_all(pool)
        .await?;
    sqlx::query("SELECT description FROM location WHERE id = $1 AND establishment_id = $2")
        .bind(location_id)
        .bind(establishment_id)
        .fetch_optional(pool)
        .await?
        .ok_or("no such location")?;
    let scheduled_for = round_instant(date, round_time);
    let patients = sqlx::query(
        "SELECT p.id, p.prison_number, p.given_name, p.family_name, p.date_of_birth,
                p.no_known_allergies_at IS NOT NULL AS no_known_allergies, w.status, l.code AS cell
         FROM patient_whereabouts w
         JOIN patient p ON p.id = w.patient_id
         JOIN location l ON l.id = w.location_id
         LEFT JOIN location landing ON landing.id = l.parent_id
         WHERE w.establishment_id = $1 AND w.status IN ('in_establishment', 'at_court', 'temporary_absence')
           AND (l.id = $2 OR l.parent_id = $2 OR landing.parent_id = $2)
         ORDER BY l.code, p.family_name, p.given_name",
    )
    .bind(establishment_id)
    .bind(location_id)
    .fetch_all(pool)
    .await?;
    let ids = patients.iter().map(|r| r.try_get("id")).collect::<Result<Vec<Uuid>, _>>()?;
    let regular = sqlx::query(
        "SELECT rx.id, rx.patient_id, m.name, (rx.dose * 1000)::int8 AS dose_milli, m.dose_unit, rx.route, rx.supply,
                m.cd_schedule, m.is_ost, m.critical_class, rx.starts_on,
                a.outcome, a.reason, a.recorded_at, rs.display_name AS recorded_by, ws.display_name AS witnessed_by,
                CASE WHEN m.is_ost THEN ost_last_given(rx.patient_id) END AS ost_last_given,
                CASE WHEN m.is_ost THEN ost_last_review(rx.patient_id) END AS ost_last_review
         FROM prescription rx
         JOIN medicine_product m ON m.code = rx.product_code
         LEFT JOIN administration a
                ON a.prescription_id = rx.id AND a.scheduled_for = $3 AND a.entered_in_error_at IS NULL
         LEFT JOIN staff rs ON rs.id = a.recorded_by
         LEFT JOIN staff ws ON ws.id = a.witnessed_by
         WHERE rx.patient_id = ANY($1) AND rx.kind = 'regular' AND $2::time = ANY(rx.round_times)
           AND rx.stopped_at IS NULL AND rx.entered_in_error_at IS NULL
           AND rx.starts_on <= $4 AND (rx.ends_on IS NULL OR rx.ends_on >= $4)
         ORDER BY m.critical_class IS NULL, m.name",
    )
    .bind(&ids)
    .bind(round_time)
    .bind(scheduled_for)
    .bind(date)
    .fetch_all(pool)
    .await?;
    let prn = sqlx::query(
        "SELECT rx.id, rx.patient_id, m.name, (rx.dose * 1000)::int8 AS dose_milli, m.dose_unit, rx.route,
                m.cd_schedule, rx.prn_min_interval_minutes, rx.prn_max_per_24h,
                ARRAY(SELECT a.recorded_at FROM administration a
                      WHERE a.prescription_id = rx.id AND a.outcome = 'given' AND a.entered_in_error_at IS NULL
                        AND a.recorded_at > $2::timestamptz - make_interval(days => $3)
                      ORDER BY a.recorded_at) AS recent
         FROM prescription rx
         JOIN medicine_product m ON m.code = rx.product_code
         WHERE rx.patient_id = ANY($1) AND rx.kind = 'prn'
           AND rx.stopped_at IS NULL AND rx.entered_in_error_at IS NULL
           AND rx.starts_on <= $4 AND (rx.ends_on IS NULL OR rx.ends_on >= $4)
         ORDER BY m.name",
    )
    .bind(&ids)
    .bind(now)
    .bind(7_i32)
    .bind(date)
    .fetch_all(pool)
    .await?;
    sqlx::query(
        "SELECT patient_id, substance, reaction, severity FROM allergy
         WHERE patient_id = ANY($1) AND entered_in_error_at IS NULL
         ORDER BY patient_id, array_position(ARRAY['life_threatening', 'severe', 'moderate', 'mild'], severity), substance",
    )
    .bind(&ids)
    .fetch_all(pool)
    .await?;
    sqlx::query(
        "SELECT a.patient_id, t.code, t.name, t.category, a.starts_at
         FROM alert a JOIN alert_type t ON t.code = a.alert_type
         WHERE a.patient_id = ANY($1) AND a.entered_in_error_at IS NULL
           AND a.starts_at <= now() AND (a.ends_at IS NULL OR a.ends_at > now())
         ORDER BY a.patient_id, t.priority, a.starts_at",
    )
    .bind(&ids)
    .fetch_all(pool)
    .await?;
    let mut people = std::collections::HashSet::new();
    for r in regular.iter().chain(&prn) {
        people.insert(r.try_get::<Uuid, _>("patient_id")?);
    }
    let mut recorded = 0;
    for r in &regular {
        recorded += usize::from(r.try_get::<Option<String>, _>("outcome")?.is_some());
    }
    Ok((people.len(), regular.len(), recorded, prn.len()))
}

/// Tablets per establishment in the concurrent run (a wing's worth of nurses on one round).
const TABLETS_PER_ESTABLISHMENT: usize = 5;

/// `tablets` simulated tablets recording the doses due on the open rounds for `duration`, each
/// signed in as its own nurse and working through its own patients (the doses of one
/// establishment shared out by patient between its tablets).
struct Load {
    tablets: usize,
    clinicians: usize,
    duration: Duration,
    pace: Duration,
    browse_pause: Duration,
}

async fn tablets_recording(pool: &PgPool, base: &str, load: Load) -> BenchResult<()> {
    let Load { tablets, clinicians, duration, pace, browse_pause } = load;
    // The establishments (but the big wing's) with the most doses left to record: each run uses
    // some up.
    let establishments: Vec<Uuid> =
        sqlx::query_scalar("SELECT id FROM establishment WHERE code >= 'QAA' AND code <> $1 ORDER BY code")
            .bind(BIG_WING_ESTABLISHMENT)
            .fetch_all(pool)
            .await?;
    let mut candidates = Vec::new();
    for id in establishments {
        let doses = due_doses(pool, id, DoseKind::Ordinary).await?;
        candidates.push((id, doses));
    }
    candidates.sort_by_key(|(_, doses)| std::cmp::Reverse(doses.len()));
    let wanted = tablets.div_ceil(TABLETS_PER_ESTABLISHMENT).min(candidates.len()).max(1);
    let mut queues: Vec<(String, VecDeque<DueDose>)> = Vec::new();
    let mut available = 0;
    for (i, (establishment_id, doses)) in candidates.into_iter().take(wanted).enumerate() {
        let here = tablets / wanted + usize::from(i < tablets % wanted);
        let nurses = nurses_at(pool, establishment_id).await?;
        if nurses.is_empty() || here == 0 {
            continue;
        }
        available += doses.len();
        // Patients are shared out between the tablets in order, so no two tablets give the same
        // person their doses.
        let mut by_patient: BTreeMap<Uuid, Vec<DueDose>> = BTreeMap::new();
        for d in doses {
            by_patient.entry(d.patient_id).or_default().push(d);
        }
        let mut mine: Vec<VecDeque<DueDose>> = vec![VecDeque::new(); here];
        for (n, (_, ds)) in by_patient.into_iter().enumerate() {
            mine[n % here].extend(ds);
        }
        for (t, queue) in mine.into_iter().enumerate() {
            let mut queue: Vec<DueDose> = queue.into();
            // The current round first, as on the ward.
            queue.sort_by_key(|d| std::cmp::Reverse(round_instant(d.date, d.time)));
            queues.push((nurses[t % nurses.len()].1.clone(), queue.into()));
        }
    }
    println!(
        "{} tablets at {} establishments ({TABLETS_PER_ESTABLISHMENT} per establishment, each signed in as its own nurse), \
         {available} doses due on the open rounds, {} s:",
        queues.len(),
        wanted,
        duration.as_secs()
    );
    let mut clients = Vec::new();
    for (nurse, queue) in queues {
        clients.push((signed_in(base, &nurse).await?, queue));
    }
    let started = Instant::now();
    let deadline = started + duration;
    let browsing = browsing::start(pool, base, clinicians, deadline, browse_pause).await?;
    let mut running = Vec::new();
    let count = u32::try_from(clients.len()).unwrap_or(u32::MAX).max(1);
    for (i, (client, mut queue)) in clients.into_iter().enumerate() {
        let base = base.to_owned();
        // Nurses do not all press at the same instant: starts are spread over one pause.
        let offset = pace * u32::try_from(i).unwrap_or(0) / count;
        running.push(tokio::spawn(async move {
            tokio::time::sleep(offset).await;
            let mut samples = Vec::new();
            let mut errors = Vec::new();
            let mut ran_out = true;
            while let Some(dose) = queue.pop_front() {
                if Instant::now() >= deadline {
                    ran_out = false;
                    break;
                }
                let body = serde_json::json!({ "entry": dose.entry() });
                let at = Instant::now();
                let outcome = match client.post(format!("{base}/api/record_dose")).json(&body).send().await {
                    Ok(response) => ensure_ok(response).await.map_err(|e| e.to_string()),
                    Err(e) => Err(e.to_string()),
                };
                samples.push(at.elapsed());
                if let Err(e) = outcome {
                    errors.push(e);
                }
                tokio::time::sleep(pace).await;
            }
            (samples, errors, ran_out)
        }));
    }
    let mut samples = Vec::new();
    let mut errors = Vec::new();
    let mut ran_out = 0;
    for task in running {
        let (s, e, out) = task.await?;
        samples.extend(s);
        errors.extend(e);
        ran_out += usize::from(out);
    }
    let mut browsed = browsing::Browsed::default();
    let browsers = browsing.len();
    for task in browsing {
        browsed.merge(task.await?);
    }
    let elapsed = started.elapsed();
    if samples.is_empty() && tablets > 0 {
        return Err("no doses to record: every open round is already recorded".into());
    }
    if browsers > 0 {
        println!(
            "\n{browsers} clinicians browsing ({} ms reading between records): {} requests in {:.1} s ({:.0}/s), {} errors.",
            browse_pause.as_millis(),
            browsed.requests(),
            elapsed.as_secs_f64(),
            browsed.requests() as f64 / elapsed.as_secs_f64(),
            browsed.errors.len()
        );
        println!("\n| request | count | p50 ms | p95 | p99 |");
        println!("|---|---|---|---|---|");
        for (kind, samples) in std::mem::take(&mut browsed.samples) {
            let count = samples.len();
            let s = stats(samples);
            println!("| {kind} | {count} | {} | {} | {} |", ms(s.p50), ms(s.p95), ms(s.p99));
        }
        for e in browsed.errors.iter().take(5) {
            println!("browsing error: {e}");
        }
        if samples.is_empty() {
            return Ok(());
        }
    }
    let requests = samples.len();
    let s = stats(samples);
    println!("\nPause between one tablet's doses: {} ms.", pace.as_millis());
    println!("\n| tablets | seconds | doses recorded | doses/s | p50 ms | p95 | p99 | errors |");
    println!("|---|---|---|---|---|---|---|---|");
    println!(
        "| {tablets} | {:.1} | {} | {:.0} | {} | {} | {} | {} |",
        elapsed.as_secs_f64(),
        requests - errors.len(),
        (requests - errors.len()) as f64 / elapsed.as_secs_f64(),
        ms(s.p50),
        ms(s.p95),
        ms(s.p99),
        errors.len()
    );
    if ran_out > 0 {
        println!("\n{ran_out} tablets finished their patients' doses before the time was up.");
    }
    for e in errors.iter().take(5) {
        println!("error: {e}");
    }
    Ok(())
}

/// Records one dose through the server function, as a tablet does.
async fn post_dose(client: &reqwest::Client, base: &str, entry: DoseEntry) -> BenchResult<()> {
    let body = serde_json::json!({ "entry": entry });
    ensure_ok(client.post(format!("{base}/api/record_dose")).json(&body).send().await?).await
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

//! Fuzzing every registered server function over HTTP, signed in as a prescriber and as a nurse
//! at Leeds in the demo data set: generated arguments of each declared type (valid, near-valid
//! and hostile), missing and extra fields, wrong JSON shapes and malformed bodies. Every answer
//! must be a success or a well-formed `AppError` other than `Internal`, and the server must keep
//! answering.
//!
//! `THROUGHCARE_FUZZ_CASES` (default 150) sets the cases per function, `THROUGHCARE_FUZZ_SEED`
//! the seed (printed), `THROUGHCARE_FUZZ_ONLY` the endpoints to replay (comma-separated), `THROUGHCARE_FUZZ_JOBS`
//! how many functions run at once (default 4).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::time::{Duration, Instant};

use futures::StreamExt;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde_json::json;

use crate::support::fuzz_inputs::{Known, request};
use crate::support::server_fns::{Call, Outcome, registered_endpoints};
use crate::support::signatures::server_fn_signatures;
use crate::support::{TestServer, fresh_database, spawn_server};
use app::state::SessionRules;
use server::seed::{DEMO_PASSWORD, DEMO_SEED, seed_demo};

/// Functions that start, end or lock a session: fuzzed with a client of their own, so that a
/// generated sign-out or lock does not stop the session every other case relies on.
const SESSION_FUNCTIONS: [&str; 4] = ["sign_in", "sign_out", "choose_establishment", "lock_screen"];

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[derive(Default)]
struct Tally {
    endpoint: String,
    cases: u64,
    succeeded: u64,
    rejected: u64,
    refused: u64,
    not_found: u64,
    sign_in: u64,
    undecodable: u64,
    internal: u64,
    unexpected: u64,
    dropped: u64,
    millis: u128,
    failures: Vec<String>,
}

impl Tally {
    fn bad(&self) -> u64 {
        self.internal + self.unexpected + self.dropped
    }
}

fn describe(call: &Call) -> String {
    let text = match call {
        Call::Form(pairs) => format!("form {pairs:?}"),
        Call::Json(value) => format!("json {value}"),
        Call::Raw { content_type, body } => format!("raw {content_type} {:?}", String::from_utf8_lossy(body)),
    };
    text.chars().take(400).collect()
}

async fn fuzz_one(
    server: &TestServer,
    clients: &[reqwest::Client],
    endpoint: String,
    signature: crate::support::signatures::Signature,
    known: &Known,
    seed: u64,
    cases: u64,
) -> Tally {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    endpoint.hash(&mut hasher);
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ hasher.finish());
    let own_client = SESSION_FUNCTIONS.contains(&endpoint.as_str());
    let started = Instant::now();
    let mut tally = Tally { endpoint: endpoint.clone(), ..Tally::default() };
    for case in 0..cases {
        let call = request(&mut rng, &signature, known);
        let throwaway;
        let client = if own_client {
            throwaway = client_with_timeout();
            &throwaway
        } else {
            &clients[usize::try_from(case % 2).unwrap_or(0)]
        };
        tally.cases += 1;
        let outcome = match server.send(client, &endpoint, &call).await {
            Ok(reply) => Outcome::of(&reply),
            Err(error) => {
                tally.dropped += 1;
                tally
                    .failures
                    .push(format!("{endpoint} case {case}: no answer ({error}) to {}", describe(&call)));
                continue;
            }
        };
        match &outcome {
            Outcome::Succeeded => tally.succeeded += 1,
            Outcome::Rejected(_) => tally.rejected += 1,
            Outcome::Refused(_) => tally.refused += 1,
            Outcome::NotFound => tally.not_found += 1,
            Outcome::SignIn(_) => tally.sign_in += 1,
            Outcome::Undecodable(_) => tally.undecodable += 1,
            Outcome::Internal => tally.internal += 1,
            Outcome::Unexpected(_) => tally.unexpected += 1,
        }
        if matches!(outcome, Outcome::Internal | Outcome::Unexpected(_)) {
            tally.failures.push(format!("{endpoint} case {case}: {outcome:?} for {}", describe(&call)));
        }
    }
    // Still answering, and the session the other cases use still stands.
    let alive = server.send(&clients[0], "current_user", &Call::Form(Vec::new())).await;
    if !matches!(alive.as_ref().map(Outcome::of), Ok(Outcome::Succeeded)) {
        tally.dropped += 1;
        tally.failures.push(format!("{endpoint}: the server stopped answering afterwards: {alive:?}"));
    }
    tally.millis = started.elapsed().as_millis();
    tally
}

fn client_with_timeout() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .expect("http client")
}

async fn known_values(pool: &sqlx::PgPool) -> Known {
    let strings = |sql: &'static str| async move {
        sqlx::query_scalar::<_, String>(sql).fetch_all(pool).await.expect(sql)
    };
    let mut uuids = Vec::new();
    for table in [
        "prescription",
        "appointment",
        "alert",
        "problem",
        "timeline_entry",
        "transfer",
        "location",
        "clinic",
        "never_in_possession",
        "establishment",
        "staff",
    ] {
        let sql = format!("SELECT id::text FROM {table} ORDER BY id LIMIT 15");
        uuids.extend(sqlx::query_scalar::<_, String>(&sql).fetch_all(pool).await.expect("ids"));
    }
    let product_codes = sqlx::query_scalar(
        "SELECT code FROM medicine_product ORDER BY cd_schedule NULLS LAST, code LIMIT 30",
    )
    .fetch_all(pool)
    .await
    .expect("products");
    let mut examples = HashMap::new();
    let today = app::domain::round_schedule::london_date(chrono::Utc::now());
    let uuid = |i: usize| uuids.get(i).cloned().unwrap_or_default();
    examples.insert(
        "PrescriptionRequest".into(),
        json!(app::medicines::PrescriptionRequest {
            product_code: Some(322236009),
            kind: Some(app::domain::prescribing::PrescriptionKind::Regular),
            supply: Some(app::domain::prescribing::Supply::NotInPossession),
            dose: "1".into(),
            round_times: vec![chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default()],
            starts_on: Some(today),
            indication: "Pain".into(),
            ..Default::default()
        }),
    );
    examples.insert("DoseEntry".into(), json!({
        "prescription_id": uuid(0), "round": [today, "08:00:00"], "outcome": "given", "reason": "",
        "swallow_confirmed": true, "witness_username": "", "witness_password": "", "client_entry_id": uuid::Uuid::new_v4(),
    }));
    examples.insert("BookingRequest".into(), json!({
        "clinic_id": uuid(105), "date": today.to_string(), "time": "10:00", "clinician_id": null, "reason": "Review",
        "priority": "routine", "escort_required": false, "security_note": "", "continues_id": null,
    }));
    examples.insert("CdStockEntry".into(), json!({
        "product_code": 99000011000001103i64, "kind": "receipt", "quantity": "100", "adjust_down": false, "note": "",
        "witness_username": "nurse.lei", "witness_password": DEMO_PASSWORD,
    }));
    examples.insert(
        "DischargeRequest".into(),
        json!(app::discharge::DischargeRequest {
            community_prescriber: "Community drug service".into(),
            ..Default::default()
        }),
    );
    examples.insert(
        "ReconcileRequest".into(),
        json!({
            "prescription_id": uuid(1), "decision": "continue", "reason": "", "dose": "", "round_times": [],
        }),
    );
    examples.insert("TimelineFilter".into(), json!(app::timeline::TimelineFilter::default()));
    let patient = strings("SELECT prison_number FROM patient ORDER BY prison_number LIMIT 1").await;
    examples.insert(
        "AuditQuery".into(),
        json!(app::audit_trail::AuditQuery {
            subject: app::audit_trail::AuditSubject::Patient {
                prison_number: patient.first().cloned().unwrap_or_default()
            },
            from: today - chrono::Days::new(7),
            to: today,
        }),
    );
    examples.insert("BreakGlassFilter".into(), json!(app::break_glass::BreakGlassFilter::default()));
    examples.insert("ReviewOutcome".into(), json!(app::break_glass::ReviewOutcome::Appropriate));
    examples.insert("SecondStageAssessment".into(), json!(crate::support::fixtures::complete_second_stage()));
    examples.insert("TimelineCursor".into(), json!({ "occurred_at": chrono::Utc::now(), "id": uuid(60) }));
    Known {
        prison_numbers: strings("SELECT prison_number FROM patient ORDER BY prison_number LIMIT 40").await,
        uuids,
        product_codes,
        establishment_codes: strings("SELECT code FROM establishment").await,
        examples,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_generated_request_crashes_a_server_function_or_gets_an_internal_error() {
    let cases = env_number("THROUGHCARE_FUZZ_CASES", 150);
    let seed = env_number("THROUGHCARE_FUZZ_SEED", 0x7c0_0fee);
    let jobs = usize::try_from(env_number("THROUGHCARE_FUZZ_JOBS", 4)).unwrap_or(4);
    let only: Option<Vec<String>> =
        std::env::var("THROUGHCARE_FUZZ_ONLY").ok().map(|v| v.split(',').map(str::to_owned).collect());
    println!("fuzzing server functions: THROUGHCARE_FUZZ_SEED={seed} THROUGHCARE_FUZZ_CASES={cases}");

    let pool = fresh_database().await;
    seed_demo(&pool, DEMO_SEED, chrono::Utc::now()).await.expect("demo data");
    let known = known_values(&pool).await;
    let server = spawn_server(pool, many_sessions()).await;
    let mut clients = Vec::new();
    for username in ["prescriber.lei", "nurse.lei"] {
        let client = client_with_timeout();
        let response = server.sign_in(&client, username, DEMO_PASSWORD).await;
        assert!(response.status().is_success() || response.status().is_redirection(), "sign in {username}");
        clients.push(client);
    }
    let signatures = server_fn_signatures();
    let endpoints: Vec<String> =
        registered_endpoints().into_iter().filter(|e| only.as_ref().is_none_or(|o| o.contains(e))).collect();
    assert!(!endpoints.is_empty(), "no server function to fuzz");

    let started = Instant::now();
    let tallies: Vec<Tally> = futures::stream::iter(endpoints.into_iter().map(|endpoint| {
        // A function whose source could not be read is still fuzzed, with guessed fields.
        let signature = signatures.get(&endpoint).cloned().unwrap_or_default();
        fuzz_one(&server, &clients, endpoint, signature, &known, seed, cases)
    }))
    .buffer_unordered(jobs.max(1))
    .collect()
    .await;
    report(&tallies, started.elapsed(), seed);
}

fn report(tallies: &[Tally], elapsed: Duration, seed: u64) {
    let mut sorted: Vec<&Tally> = tallies.iter().collect();
    sorted.sort_by(|a, b| a.endpoint.cmp(&b.endpoint));
    println!(
        "{:<28} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>5} {:>5} {:>5} {:>7}",
        "endpoint",
        "cases",
        "ok",
        "invalid",
        "refused",
        "absent",
        "signin",
        "undec",
        "int",
        "unexp",
        "drop",
        "ms"
    );
    for t in &sorted {
        println!(
            "{:<28} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>5} {:>5} {:>5} {:>7}",
            t.endpoint,
            t.cases,
            t.succeeded,
            t.rejected,
            t.refused,
            t.not_found,
            t.sign_in,
            t.undecodable,
            t.internal,
            t.unexpected,
            t.dropped,
            t.millis
        );
    }
    let total: u64 = tallies.iter().map(|t| t.cases).sum();
    let internal: u64 = tallies.iter().map(|t| t.internal).sum();
    let bad: u64 = tallies.iter().map(Tally::bad).sum();
    println!(
        "{} functions, {total} requests, {internal} internal errors, {bad} failures in all, {:.1}s (seed {seed})",
        tallies.len(),
        elapsed.as_secs_f64()
    );
    let failures: Vec<&String> = sorted.iter().flat_map(|t| t.failures.iter().take(5)).collect();
    assert!(
        bad == 0,
        "{bad} requests failed (seed {seed}); first of each function:\n{}",
        failures.iter().map(|f| f.as_str()).collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn every_registered_server_function_has_its_signature_read_from_the_source() {
    let signatures = server_fn_signatures();
    let unread: Vec<String> =
        registered_endpoints().into_iter().filter(|e| !signatures.contains_key(e)).collect();
    assert!(unread.is_empty(), "no signature found for {unread:?}: the fuzzer would only guess their fields");
    let screening = &signatures["record_reception_screening"];
    assert_eq!(screening.args.len(), 12);
    assert_eq!(signatures["record_dose"].args, vec![("entry".to_owned(), "DoseEntry".to_owned())]);
    assert!(signatures["record_dose"].json);
}

/// Found by this fuzzer: PostgreSQL refuses text holding NUL, which surfaced as an internal error
/// from every function storing or looking up text (notes, alerts, prescriptions, sign-in...).
#[tokio::test]
async fn text_with_a_nul_character_is_refused_as_invalid_not_an_internal_error() {
    use crate::support::fixtures;

    let pool = fresh_database().await;
    fixtures::world(&pool).await;
    let server = spawn_server(pool, many_sessions()).await;
    let anonymous = crate::support::client();
    let signed_in = crate::support::client();
    server.sign_in(&signed_in, "nurse.lei", fixtures::PASSWORD).await;

    let sign_in = server.call(&anonymous, "sign_in", &[("username", "\0"), ("password", "x")]).await;
    let note = server.call(&signed_in, "add_note", &[("prison_number", "A1111AA"), ("text", "a\0b")]).await;
    let alert = server
        .call(&signed_in, "raise_alert", &[("prison_number", "A1111AA"), ("alert_type", "\0"), ("note", "")])
        .await;

    for response in [sign_in, note, alert] {
        let error = crate::support::app_error(response).await;
        assert!(matches!(error, app::error::AppError::Invalid { .. }), "{error:?}");
    }
}

/// Each role's user signs in again for many cells; the concurrent-session policy (tested on its
/// own in shared_tablet_sessions.rs) would otherwise end the sessions other cells still use.
fn many_sessions() -> SessionRules {
    SessionRules { max_sessions_per_user: u32::MAX, ..SessionRules::default() }
}

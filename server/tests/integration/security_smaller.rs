//! Issue 21, item 8 ("Smaller"): each weakness the outside review found, closed and proved over
//! HTTP against real PostgreSQL. docs/security/review-2026-12.md, section "Item 8", says why.

use crate::support::{TestServer, app_error, fixtures, fresh_database, spawn_server};
use app::domain::Role;
use app::domain::access::Refusal;
use app::error::AppError;
use app::state::SessionRules;
use serde_json::json;
use uuid::Uuid;

async fn signed_in(server: &TestServer, username: &str) -> reqwest::Client {
    server.signed_in_client(username, fixtures::PASSWORD).await
}

async fn audit_rows(pool: &sqlx::PgPool, staff: Uuid, action: &str) -> Vec<String> {
    sqlx::query_scalar("SELECT outcome FROM audit_event WHERE staff_id = $1 AND action = $2 ORDER BY id")
        .bind(staff)
        .bind(action)
        .fetch_all(pool)
        .await
        .expect("audit rows")
}

/// The Leeds patient, transferred to Moorland two hours ago: Leeds keeps its own entries.
async fn transferred_to_moorland(pool: &sqlx::PgPool, w: &fixtures::World) {
    let episode = fixtures::current_episode(pool, w.patient_at_leeds).await;
    fixtures::movement(pool, w.patient_at_leeds, episode, "TRN", "out", w.leeds, Some(w.moorland), "2 hours")
        .await;
    fixtures::movement(pool, w.patient_at_leeds, episode, "TRN", "in", w.moorland, None, "1 hour").await;
    sqlx::query(
        "INSERT INTO timeline_entry (patient_id, kind, occurred_at, establishment_id, author_id, author_role, summary, body)
         VALUES ($1, 'note', now() - interval '30 minutes', $2, $3, 'nurse', 'Seen at Moorland', 'Seen at Moorland')",
    )
    .bind(w.patient_at_leeds)
    .bind(w.moorland)
    .bind(w.moorland_nurse.staff_id)
    .execute(pool)
    .await
    .expect("a Moorland note");
}

async fn open_break_glass(pool: &sqlx::PgPool, staff: &app::auth::ssr::StaffContext, patient: Uuid) {
    sqlx::query(
        "INSERT INTO break_glass_access (staff_id, establishment_id, patient_id, reason, expires_at)
         VALUES ($1, $2, $3, 'Collapsed at court; paramedic asks', now() + interval '1 hour')",
    )
    .bind(staff.staff_id)
    .bind(staff.establishment_id)
    .bind(patient)
    .execute(pool)
    .await
    .expect("open break-glass");
}

// 8.1 — the timeline's filter facets follow the own-entries read scope.
#[tokio::test]
async fn a_former_establishment_sees_facets_only_for_what_it_may_read() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    transferred_to_moorland(&pool, &w).await;
    let server = spawn_server(pool.clone(), SessionRules::default()).await;
    let leeds = signed_in(&server, "nurse.lei").await;
    let moorland = signed_in(&server, "nurse.mdi").await;

    let former = server.call(&leeds, "timeline_facets", &[("prison_number", "A1111AA")]).await;
    assert!(former.status().is_success(), "{}", former.status());
    let former: serde_json::Value = former.json().await.expect("facets");
    let holding = server.call(&moorland, "timeline_facets", &[("prison_number", "A1111AA")]).await;
    let holding: serde_json::Value = holding.json().await.expect("facets");

    let text = former.to_string();
    assert!(
        !text.contains("MDI") && !text.contains("Moorland"),
        "Leeds learns where the patient went: {text}"
    );
    assert_eq!(former["establishments"], json!([{ "code": "LEI", "name": "HMP Leeds" }]));
    // The establishment holding the patient still sees the whole journey.
    assert!(holding.to_string().contains("HMP Moorland"), "{holding}");
    assert!(holding.to_string().contains("HMP Leeds"), "{holding}");
}

// 8.5 — every refusal of a manager's function is audited; reading controlled-drug lines is too.
#[tokio::test]
async fn managers_functions_refused_to_others_are_audited_and_register_lines_read_are_audited() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    let server = spawn_server(pool.clone(), SessionRules::default()).await;
    let nurse = signed_in(&server, "nurse.lei").await;
    let today = chrono::Utc::now().date_naive();

    let report = server
        .call_json(
            &nurse,
            "break_glass_report",
            &json!({ "filter": { "from": null, "to": null, "user": "", "prison_number": "", "unreviewed_only": false } }),
        )
        .await;
    let trail = server
        .call_json(
            &nurse,
            "audit_trail",
            &json!({ "query": { "subject": { "Staff": { "username": "nurse.lei" } }, "from": today, "to": today } }),
        )
        .await;
    let review = server
        .call_json(
            &nurse,
            "review_break_glass",
            &json!({ "id": Uuid::nil(), "outcome": "Appropriate", "note": "" }),
        )
        .await;
    let entries = server.call(&nurse, "cd_register_entries", &[("product_code", "36092811000001105")]).await;

    for response in [report, trail, review] {
        assert_eq!(app_error(response).await, AppError::Refused(Refusal::NotAHealthcareManager));
    }
    assert!(entries.status().is_success(), "{}", entries.status());
    let nurse_id = w.leeds_nurse.staff_id;
    assert_eq!(audit_rows(&pool, nurse_id, "break_glass.report.read").await, ["refused"]);
    assert_eq!(audit_rows(&pool, nurse_id, "break_glass.review").await, ["refused"]);
    assert_eq!(audit_rows(&pool, nurse_id, "audit.read").await, ["refused"]);
    assert_eq!(audit_rows(&pool, nurse_id, "cd_register.entries.read").await, ["allowed"]);
}

// 8.6 — the break-glass report's name filter matches `%`, `_` and `\` literally.
#[tokio::test]
async fn wildcards_in_the_break_glass_report_name_filter_match_themselves() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    fixtures::staff(&pool, "manager.lei", Role::HealthcareManager, &[w.leeds]).await;
    open_break_glass(&pool, &w.leeds_nurse, w.patient_at_moorland).await;
    let server = spawn_server(pool.clone(), SessionRules::default()).await;
    let manager = signed_in(&server, "manager.lei").await;

    let mut found = Vec::new();
    for user in ["nurse", "%", "_", "n%e", "\\"] {
        let response = server
            .call_json(
                &manager,
                "break_glass_report",
                &json!({ "filter": { "from": null, "to": null, "user": user, "prison_number": "", "unreviewed_only": false } }),
            )
            .await;
        assert!(response.status().is_success(), "{user}: {}", response.status());
        let uses: Vec<serde_json::Value> = response.json().await.expect("uses");
        found.push((user, uses.len()));
    }

    assert_eq!(found, [("nurse", 1), ("%", 0), ("_", 0), ("n%e", 0), ("\\", 0)]);
}

// 8.7 — a prison number nobody has is answered as a patient elsewhere is, and audited.
#[tokio::test]
async fn whether_a_prison_number_exists_elsewhere_is_not_told_to_someone_without_access() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    let server = spawn_server(pool.clone(), SessionRules::default()).await;
    let nurse = signed_in(&server, "nurse.lei").await;

    let mut answers = Vec::new();
    for prison_number in ["B2222BB", "C9999CC"] {
        let banner = server.call(&nurse, "patient_banner", &[("prison_number", prison_number)]).await;
        let short_reason = server
            .call(&nurse, "start_break_glass", &[("prison_number", prison_number), ("reason", "need")])
            .await;
        answers.push((
            banner.status(),
            banner.text().await.expect("body"),
            short_reason.status(),
            short_reason.text().await.expect("body"),
        ));
    }

    assert_eq!(answers[0], answers[1], "the answers tell a number elsewhere from one nobody has");
    let banner: AppError = serde_json::from_str(&answers[0].1).expect("an AppError");
    assert_eq!(banner, AppError::Refused(Refusal::NotAtYourEstablishment));
    assert_eq!(
        audit_rows(&pool, w.leeds_nurse.staff_id, "patient.banner.read").await,
        ["refused", "refused"]
    );
    assert_eq!(audit_rows(&pool, w.leeds_nurse.staff_id, "break_glass.start").await, ["refused", "refused"]);
}

// 8.8 — break-glass reads the record; it does not export it or open its audit trail.
#[tokio::test]
async fn break_glass_neither_exports_the_record_nor_opens_its_audit_trail() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    let manager = fixtures::staff(&pool, "manager.lei", Role::HealthcareManager, &[w.leeds]).await;
    open_break_glass(&pool, &w.leeds_nurse, w.patient_at_moorland).await;
    open_break_glass(&pool, &manager, w.patient_at_moorland).await;
    let server = spawn_server(pool.clone(), SessionRules::default()).await;
    let nurse = signed_in(&server, "nurse.lei").await;
    let manager_browser = signed_in(&server, "manager.lei").await;
    let today = chrono::Utc::now().date_naive();

    let banner = server.call(&nurse, "patient_banner", &[("prison_number", "B2222BB")]).await;
    let export = server.call(&nurse, "export_fhir_bundle", &[("prison_number", "B2222BB")]).await;
    let own_export = server.call(&nurse, "export_fhir_bundle", &[("prison_number", "A1111AA")]).await;
    let trail = server
        .call_json(
            &manager_browser,
            "audit_trail",
            &json!({ "query": { "subject": { "Patient": { "prison_number": "B2222BB" } }, "from": today, "to": today } }),
        )
        .await;

    assert!(banner.status().is_success(), "break-glass still reads the record: {}", banner.status());
    assert!(own_export.status().is_success(), "{}", own_export.status());
    assert_eq!(app_error(export).await, AppError::Refused(Refusal::BreakGlassDoesNotOpenThis));
    assert_eq!(app_error(trail).await, AppError::Refused(Refusal::BreakGlassDoesNotOpenThis));
    assert_eq!(
        audit_rows(&pool, w.leeds_nurse.staff_id, "patient.fhir.export").await,
        ["refused", "allowed"]
    );
    assert_eq!(audit_rows(&pool, manager.staff_id, "audit.patient.read").await, ["refused"]);
}

/// Reads the live-updates stream until the server ends it; `false` if it is still open after `wait`.
async fn stream_ends_within(response: reqwest::Response, wait: std::time::Duration) -> bool {
    let mut response = response;
    tokio::time::timeout(wait, async { while let Ok(Some(_)) = response.chunk().await {} }).await.is_ok()
}

async fn open_live_stream(server: &TestServer, browser: &reqwest::Client) -> reqwest::Response {
    browser
        .get(format!("{}{}", server.base_url, app::live::ROUND_ACTIVITY_PATH))
        .send()
        .await
        .expect("the stream answers")
}

// 8.2 — the live-updates stream ends with the session, and is only for roles that see rounds.
#[tokio::test]
async fn the_live_updates_stream_closes_on_sign_out_and_lock_and_refuses_an_administrator() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    let server = spawn_server(pool.clone(), SessionRules::default()).await;
    let signing_out = signed_in(&server, "nurse.lei").await;
    let locking = signed_in(&server, "nurse.lei").await;
    let admin = signed_in(&server, "admin.lei").await;

    let first = open_live_stream(&server, &signing_out).await;
    let second = open_live_stream(&server, &locking).await;
    let refused = open_live_stream(&server, &admin).await;
    assert_eq!(first.status(), reqwest::StatusCode::OK);
    assert_eq!(second.status(), reqwest::StatusCode::OK);
    assert_eq!(refused.status(), reqwest::StatusCode::FORBIDDEN);
    assert_eq!(audit_rows(&pool, w.leeds_admin.staff_id, "live.round_activity.role").await, ["refused"]);

    let signed_out = server.call(&signing_out, "sign_out", &[]).await;
    assert!(signed_out.status().is_success(), "{}", signed_out.status());
    let locked = server.call(&locking, "lock_screen", &[]).await;
    assert!(locked.status().is_success(), "{}", locked.status());

    let wait = std::time::Duration::from_secs(12);
    let (first, second) = tokio::join!(stream_ends_within(first, wait), stream_ends_within(second, wait));
    assert!(first, "the stream outlived the sign-out");
    assert!(second, "the stream outlived the locked screen");
}

// 8.3 — requests the page makes by itself do not keep a session from locking; use does.
#[tokio::test]
async fn background_requests_do_not_refresh_the_lock_clock_but_use_does() {
    let pool = fresh_database().await;
    fixtures::world(&pool).await;
    // Longer than the 15-second heartbeat, so that a request in between would refresh the clock.
    let rules = SessionRules { lock_after: std::time::Duration::from_secs(20), ..SessionRules::default() };
    let server = spawn_server(pool.clone(), rules).await;
    let left_on_a_round = signed_in(&server, "nurse.lei").await;
    let in_use = signed_in(&server, "nurse.lei").await;

    tokio::time::sleep(std::time::Duration::from_millis(16_500)).await;
    // The round page on its own: conflicts fetched after a sync, the live stream reconnecting.
    let conflicts = server.call(&left_on_a_round, "offline_conflicts", &[]).await;
    assert!(conflicts.status().is_success(), "{}", conflicts.status());
    let stream = open_live_stream(&server, &left_on_a_round).await;
    assert_eq!(stream.status(), reqwest::StatusCode::OK);
    drop(stream);
    // Someone touching the other tablet: the idle watch reports it.
    let used = server.call(&in_use, "keep_alive", &[]).await;
    assert!(used.status().is_success(), "{}", used.status());
    tokio::time::sleep(std::time::Duration::from_millis(5_000)).await;

    let left = server.call(&left_on_a_round, "patient_banner", &[("prison_number", "A1111AA")]).await;
    let used = server.call(&in_use, "patient_banner", &[("prison_number", "A1111AA")]).await;
    assert_eq!(app_error(left).await, AppError::SessionLocked);
    assert!(used.status().is_success(), "{}", used.status());
}

// 8.4 — free text is bounded everywhere by the one rule: oversize is a field error, never a 500.
#[tokio::test]
async fn a_megabyte_of_free_text_is_a_field_error_in_every_form_that_takes_it() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    fixtures::staff(&pool, "manager.lei", Role::HealthcareManager, &[w.leeds]).await;
    let server = spawn_server(pool.clone(), SessionRules::default()).await;
    let nurse = signed_in(&server, "nurse.lei").await;
    let manager = signed_in(&server, "manager.lei").await;
    let big = "x".repeat(1_000_000);
    let nil = Uuid::nil().to_string();

    let answers = [
        (
            "review_note",
            server
                .call_json(&manager, "review_break_glass", &json!({ "id": nil, "outcome": "Appropriate", "note": big }))
                .await,
        ),
        ("reason", server.call(&nurse, "cancel_appointment", &[("appointment_id", &nil), ("reason", &big)]).await),
        (
            "note",
            server
                .call(
                    &nurse,
                    "confirm_fit_to_transfer",
                    &[("prison_number", "A1111AA"), ("transfer_id", &nil), ("note", &big)],
                )
                .await,
        ),
        (
            "correction",
            server
                .call(&nurse, "mark_entered_in_error", &[("entry_id", &nil), ("reason", "Wrong patient"), ("correction", &big)])
                .await,
        ),
        (
            "security_note",
            server
                .call_json(
                    &nurse,
                    "book_appointment",
                    &json!({ "prison_number": "A1111AA", "request": {
                        "clinic_id": null, "date": "", "time": "", "clinician_id": null, "reason": "Review",
                        "priority": "routine", "escort_required": false, "security_note": big, "continues_id": null,
                    }}),
                )
                .await,
        ),
        (
            "community_prescriber",
            server
                .call_json(
                    &nurse,
                    "release_patient",
                    &json!({ "prison_number": "A1111AA", "request": {
                        "supplies": [], "community_prescriber": big, "gp_practice": "", "follow_up": "",
                    }}),
                )
                .await,
        ),
    ];

    for (field, response) in answers {
        assert_eq!(response.status(), reqwest::StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        let error = app_error(response).await;
        assert!(matches!(&error, AppError::Invalid { field: f, .. } if f == field), "{field}: {error:?}");
    }
}

/// Everything the server logs at the production level, from the moment this is first called.
fn captured_logs() -> std::sync::Arc<std::sync::Mutex<Vec<u8>>> {
    static LOGS: std::sync::OnceLock<std::sync::Arc<std::sync::Mutex<Vec<u8>>>> = std::sync::OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = logs.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_sessions=warn"))
            .with_writer(move || LogSink(sink.clone()))
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");
        logs
    })
    .clone()
}

struct LogSink(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for LogSink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().map_err(|_| std::io::Error::other("log buffer poisoned"))?.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

// 8.9 — search terms (a name in the patient search's address) never reach a log we write.
#[tokio::test]
async fn search_terms_in_addresses_and_forms_stay_out_of_the_logs() {
    let logs = captured_logs();
    let pool = fresh_database().await;
    fixtures::world(&pool).await;
    let server = spawn_server(pool.clone(), SessionRules::default()).await;
    let signed_out = crate::support::client();
    let nurse = signed_in(&server, "nurse.lei").await;
    let term = "Zebedeeqxj";

    // Signed out: the page gate sends the address (with the search) on to the sign-in page.
    let page = signed_out.get(format!("{}/patients?q={term}", server.base_url)).send().await.expect("page");
    assert!(page.status().is_redirection(), "{}", page.status());
    let page = nurse.get(format!("{}/patients?q={term}", server.base_url)).send().await.expect("page");
    assert!(page.status().is_success(), "{}", page.status());
    let search = server.call(&nurse, "search_patients", &[("query", term)]).await;
    assert!(search.status().is_success(), "{}", search.status());
    // A search the server refuses is logged too, by its kind, not its text.
    let cross_site = nurse
        .get(format!("{}/patients?q={term}", server.base_url))
        .header("Sec-Fetch-Site", "cross-site")
        .send()
        .await
        .expect("page");
    drop(cross_site);

    let text = String::from_utf8_lossy(&logs.lock().expect("logs")).into_owned();
    assert!(!text.contains(term), "a search term reached the log:\n{text}");
}

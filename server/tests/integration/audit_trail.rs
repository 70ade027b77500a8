//! The audit viewer: a healthcare manager sees who looked at a record and what a member of staff
//! looked at; viewing and exporting are themselves audited; nobody else may.

use crate::support::{TestServer, app_error, fixtures, fresh_database, spawn_server};
use app::domain::Role;
use app::domain::access::Refusal;
use app::error::AppError;
use app::state::SessionRules;

async fn signed_in(server: &TestServer, username: &str) -> reqwest::Client {
    server.signed_in_client(username, fixtures::PASSWORD).await
}

async fn trail(
    server: &TestServer,
    browser: &reqwest::Client,
    endpoint: &str,
    subject: serde_json::Value,
    days: i64,
) -> reqwest::Response {
    let today = chrono::Utc::now().date_naive();
    let from = today - chrono::Duration::days(days);
    let body = serde_json::json!({ "query": { "subject": subject, "from": from, "to": today + chrono::Duration::days(1) } });
    server.call_json(browser, endpoint, &body).await
}

#[tokio::test]
async fn a_manager_sees_who_opened_a_record_and_that_looking_is_audited() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    let manager = fixtures::staff(&pool, "manager.lei", Role::HealthcareManager, &[w.leeds]).await;
    let server = spawn_server(pool.clone(), SessionRules::default()).await;
    let nurse = signed_in(&server, "nurse.lei").await;
    server.call(&nurse, "patient_banner", &[("prison_number", "A1111AA")]).await;
    server.call(&nurse, "patient_banner", &[("prison_number", "B2222BB")]).await;
    let browser = signed_in(&server, "manager.lei").await;

    let patient = serde_json::json!({ "Patient": { "prison_number": "a1111aa" } });
    let response = trail(&server, &browser, "audit_trail", patient.clone(), 1).await;
    assert!(response.status().is_success(), "{}", response.status());
    let body: serde_json::Value = response.json().await.expect("trail");
    let lines = body["lines"].as_array().expect("lines");
    assert!(
        lines.iter().any(|l| l["staff_username"] == "nurse.lei" && l["action"] == "patient.banner.read"),
        "{body}"
    );
    assert_eq!(body["truncated"], false);

    let staff = serde_json::json!({ "Staff": { "username": "nurse.lei" } });
    let body: serde_json::Value =
        trail(&server, &browser, "audit_trail", staff, 1).await.json().await.expect("trail");
    let refused: Vec<&serde_json::Value> =
        body["lines"].as_array().expect("lines").iter().filter(|l| l["outcome"] == "refused").collect();
    assert_eq!(refused.len(), 1, "the nurse's refused look at a Moorland patient shows: {body}");
    assert_eq!(refused[0]["prison_number"], "B2222BB");

    let csv = trail(&server, &browser, "export_audit_trail", patient, 1).await;
    assert!(csv.status().is_success());
    let csv: String = csv.json().await.expect("csv text");
    assert!(csv.starts_with("time_utc,staff_name,staff_username,"), "{csv}");
    assert!(csv.contains(",nurse.lei,LEI,A1111AA,\"LEEDS, "), "{csv}");

    let viewing: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_event WHERE staff_id = $1 AND action LIKE 'audit.%' ORDER BY id",
    )
    .bind(manager.staff_id)
    .fetch_all(&pool)
    .await
    .expect("audit of the audit");
    assert_eq!(viewing, vec!["audit.patient.read", "audit.staff.read", "audit.patient.export"]);
}

#[tokio::test]
async fn only_managers_see_the_trail_and_only_of_their_own_staff_and_patients() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    fixtures::staff(&pool, "manager.lei", Role::HealthcareManager, &[w.leeds]).await;
    let server = spawn_server(pool.clone(), SessionRules::default()).await;
    let nurse = signed_in(&server, "nurse.lei").await;
    let manager = signed_in(&server, "manager.lei").await;

    let patient = serde_json::json!({ "Patient": { "prison_number": "A1111AA" } });
    let by_nurse = trail(&server, &nurse, "audit_trail", patient, 1).await;
    assert_eq!(app_error(by_nurse).await, AppError::Refused(Refusal::NotAHealthcareManager));

    let elsewhere = serde_json::json!({ "Patient": { "prison_number": "B2222BB" } });
    let other_patient = trail(&server, &manager, "audit_trail", elsewhere, 1).await;
    assert_eq!(app_error(other_patient).await, AppError::Refused(Refusal::NotAtYourEstablishment));

    let other_staff = serde_json::json!({ "Staff": { "username": "nurse.mdi" } });
    let other_staff = trail(&server, &manager, "audit_trail", other_staff, 1).await;
    assert!(matches!(app_error(other_staff).await, AppError::Invalid { field, .. } if field == "username"));

    let own_staff = serde_json::json!({ "Staff": { "username": "nurse.lei" } });
    let too_long = trail(&server, &manager, "audit_trail", own_staff, 400).await;
    assert!(matches!(app_error(too_long).await, AppError::Invalid { field, .. } if field == "to"));
}

#[tokio::test]
async fn a_managers_staff_trail_shows_only_what_happened_at_the_managers_establishments() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    fixtures::staff(&pool, "manager.lei", Role::HealthcareManager, &[w.leeds]).await;
    let bank = fixtures::staff(&pool, "nurse.bank", Role::Nurse, &[w.leeds, w.moorland]).await;
    let admin = fixtures::staff(&pool, "admin.all", Role::Administrator, &[w.leeds, w.moorland]).await;
    // A bank nurse's shift at each establishment, and the administrator's work at each.
    for (staff_id, at, patient) in [
        (bank.staff_id, w.leeds, w.patient_at_leeds),
        (bank.staff_id, w.moorland, w.patient_at_moorland),
        (admin.staff_id, w.leeds, w.patient_at_leeds),
        (admin.staff_id, w.moorland, w.patient_at_moorland),
    ] {
        sqlx::query(
            "INSERT INTO audit_event (staff_id, establishment_id, patient_id, action, outcome)
             VALUES ($1, $2, $3, 'patient.banner.read', 'allowed')",
        )
        .bind(staff_id)
        .bind(at)
        .bind(patient)
        .execute(&pool)
        .await
        .expect("audit row");
    }
    let server = spawn_server(pool.clone(), SessionRules::default()).await;
    let manager = signed_in(&server, "manager.lei").await;

    for username in ["nurse.bank", "admin.all"] {
        let subject = serde_json::json!({ "Staff": { "username": username } });
        let body: serde_json::Value =
            trail(&server, &manager, "audit_trail", subject, 1).await.json().await.expect("trail");
        let lines = body["lines"].as_array().expect("lines");
        assert_eq!(lines.len(), 1, "{username}: only the Leeds event: {body}");
        assert_eq!(lines[0]["establishment"], "LEI", "{username}");
        assert_eq!(lines[0]["prison_number"], "A1111AA", "{username}");
        assert!(!body.to_string().contains("B2222BB"), "{username}: nothing from Moorland: {body}");
    }
}

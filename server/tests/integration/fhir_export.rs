//! The FHIR export over HTTP against the demo data set: a nurse where the patient is held gets a
//! Bundle whose every reference resolves; a nurse at another establishment is refused. Both are
//! audited.

use std::collections::HashMap;

use crate::support::{TestServer, app_error, client, fresh_database, spawn_server};
use app::error::AppError;
use app::fhir_export::bundle::dangling_references;
use chrono::Utc;
use serde_json::Value;
use server::seed::{DEMO_PASSWORD, DEMO_SEED, seed_demo};

/// Daniel Whitaker: two custody episodes, a transfer from Wandsworth to Leeds, allergies, open
/// alerts and supervised methadone.
const PRISON_NUMBER: &str = "A1001AA";

async fn seeded_server() -> TestServer {
    let pool = fresh_database().await;
    seed_demo(&pool, DEMO_SEED, Utc::now()).await.expect("seed the demo data");
    // The demo data set records no problems; give Mr Whitaker one, as a nurse at Leeds would.
    sqlx::query(
        "INSERT INTO problem (patient_id, concept_id, establishment_id, recorded_by)
         SELECT p.id, 75544000, e.id, s.id FROM patient p, establishment e, staff s
         WHERE p.prison_number = $1 AND e.code = 'LEI' AND s.username = 'nurse.lei'",
    )
    .bind(PRISON_NUMBER)
    .execute(&pool)
    .await
    .expect("record a problem");
    spawn_server(pool, Default::default()).await
}

async fn audited(server: &TestServer, outcome: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM audit_event WHERE action = 'patient.fhir.export' AND outcome = $1",
    )
    .bind(outcome)
    .fetch_one(&server.pool)
    .await
    .expect("count audit events")
}

#[tokio::test]
async fn a_seeded_patients_record_exports_as_a_bundle_whose_references_all_resolve() {
    let server = seeded_server().await;
    let browser = client();
    server.sign_in(&browser, "nurse.lei", DEMO_PASSWORD).await;

    let response = server.call(&browser, "export_fhir_bundle", &[("prison_number", PRISON_NUMBER)]).await;

    assert!(response.status().is_success(), "{}", response.status());
    let text: String = response.json().await.expect("the Bundle as JSON text");
    let bundle: Value = serde_json::from_str(&text).expect("the text is JSON");
    assert_eq!(bundle["resourceType"], "Bundle");
    assert_eq!(bundle["type"], "collection");
    let entries = bundle["entry"].as_array().expect("entries");
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for e in entries {
        assert!(e["fullUrl"].as_str().is_some_and(|u| u.starts_with("urn:uuid:")), "{e}");
        let kind = e["resource"]["resourceType"].as_str().expect("resourceType");
        *counts.entry(kind).or_default() += 1;
    }
    let count = |kind: &str| counts.get(kind).copied().unwrap_or(0);
    assert_eq!(count("Patient"), 1);
    assert_eq!(count("AllergyIntolerance"), 2, "{counts:?}");
    assert_eq!(count("Condition"), 1, "{counts:?}");
    assert!(count("MedicationRequest") >= 1, "{counts:?}");
    assert_eq!(count("MedicationAdministration"), 1, "the last methadone dose: {counts:?}");
    assert_eq!(count("Flag"), 2, "ACCT and OST are open; the old ACCT is closed: {counts:?}");
    assert_eq!(count("EpisodeOfCare"), 2, "{counts:?}");
    assert_eq!(count("Encounter"), 3, "Wandsworth, Wandsworth again, then Leeds: {counts:?}");
    assert_eq!(count("Organization"), 2, "{counts:?}");

    let patient = &entries[0]["resource"];
    assert_eq!(patient["identifier"][0]["system"], "https://fhir.nhs.uk/Id/nhs-number");
    assert_eq!(patient["identifier"][0]["value"], "9434765919");
    let allergy = entries.iter().find(|e| e["resource"]["resourceType"] == "AllergyIntolerance");
    assert_eq!(allergy.map(|a| &a["resource"]["patient"]["reference"]), Some(&entries[0]["fullUrl"]));
    assert_eq!(dangling_references(&bundle), Vec::<String>::new(), "every reference resolves");
    assert_eq!(audited(&server, "allowed").await, 1);
}

#[tokio::test]
async fn a_nurse_at_another_establishment_is_refused_and_the_refusal_is_audited() {
    let server = seeded_server().await;
    let browser = client();
    server.sign_in(&browser, "nurse.mdi", DEMO_PASSWORD).await;

    let response = server.call(&browser, "export_fhir_bundle", &[("prison_number", PRISON_NUMBER)]).await;

    assert!(matches!(app_error(response).await, AppError::Refused(_)));
    assert_eq!(audited(&server, "refused").await, 1);
}

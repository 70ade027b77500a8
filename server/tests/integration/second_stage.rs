//! The second-stage health assessment: the record it leaves, the worklist it clears, the field
//! errors it gives over HTTP, and the audit of who recorded it.

use crate::support::{client, fixtures, fresh_database, spawn_server};
use app::domain::screening::ReceptionScreening;
use app::error::AppError;
use app::screening::ssr::{record_first_stage, record_second_stage, status, worklist};

fn first_stage() -> ReceptionScreening {
    ReceptionScreening {
        physical_health: "None reported".into(),
        current_medicines: "none".into(),
        alcohol: "none".into(),
        drugs: "some".into(),
        withdrawal_risk: "low".into(),
        mental_health: "Low mood".into(),
        self_harm_risk: "low".into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_second_stage_assessment_clears_the_worklist_and_writes_the_timeline() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    let first =
        record_first_stage(&pool, w.patient_at_leeds, &w.leeds_nurse, &first_stage()).await.expect("first");
    let before = worklist(&pool, w.leeds).await.expect("worklist");
    assert!(before.second_stage_due.iter().any(|i| i.prison_number == "A1111AA"));

    let saved =
        record_second_stage(&pool, w.patient_at_leeds, &w.leeds_nurse, &fixtures::complete_second_stage())
            .await
            .expect("second");

    assert_eq!(
        saved.was_due_at.map(|t| t.timestamp_micros()),
        Some(first.second_stage_due_at.timestamp_micros())
    );
    let after = worklist(&pool, w.leeds).await.expect("worklist");
    assert!(after.second_stage_due.iter().all(|i| i.prison_number != "A1111AA"));
    let (summary, body): (String, String) = sqlx::query_as(
        "SELECT summary, body FROM timeline_entry WHERE kind = 'screening' AND patient_id = $1 AND summary LIKE 'Second-stage%'",
    )
    .bind(w.patient_at_leeds)
    .fetch_one(&pool)
    .await
    .expect("timeline entry");
    assert_eq!(
        summary,
        "Second-stage health assessment: BP 132/84, pulse 76, BMI 22.9; BBV testing offered and accepted; referrals: dental"
    );
    assert!(body.contains("Plan: Dental referral"), "{body}");
    let stage: String = sqlx::query_scalar(
        "SELECT answers->>'dental' FROM screening WHERE patient_id = $1 AND stage = 'second'",
    )
    .bind(w.patient_at_leeds)
    .fetch_one(&pool)
    .await
    .expect("answers kept structured");
    assert_eq!(stage, "urgent");
}

#[tokio::test]
async fn the_record_shows_when_the_second_stage_is_due_and_when_it_was_done() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    let before = status(&pool, w.patient_at_leeds).await.expect("status");
    assert!(before.in_custody);
    assert_eq!(
        (before.first_stage_at, before.second_stage_due_at, before.second_stage_done_at),
        (None, None, None)
    );

    let first =
        record_first_stage(&pool, w.patient_at_leeds, &w.leeds_nurse, &first_stage()).await.expect("first");
    let screened = status(&pool, w.patient_at_leeds).await.expect("status");
    assert!(screened.first_stage_at.is_some(), "the screen since arrival counts");
    assert_eq!(
        screened.second_stage_due_at.map(|t| t.timestamp_micros()),
        Some(first.second_stage_due_at.timestamp_micros())
    );
    assert_eq!(screened.second_stage_done_at, None);

    // A repeat screen does not move the due date.
    record_first_stage(&pool, w.patient_at_leeds, &w.leeds_nurse, &first_stage()).await.expect("repeat");
    let repeated = status(&pool, w.patient_at_leeds).await.expect("status");
    assert_eq!(repeated.second_stage_due_at, screened.second_stage_due_at);

    let saved =
        record_second_stage(&pool, w.patient_at_leeds, &w.leeds_nurse, &fixtures::complete_second_stage())
            .await
            .expect("second");
    let done = status(&pool, w.patient_at_leeds).await.expect("status");
    assert_eq!(
        done.second_stage_done_at.map(|t| t.timestamp_micros()),
        Some(saved.completed_at.timestamp_micros())
    );
}

#[tokio::test]
async fn an_incomplete_assessment_gets_a_field_error_over_http_and_a_complete_one_is_audited() {
    let pool = fresh_database().await;
    fixtures::world(&pool).await;
    let server = spawn_server(pool.clone(), Default::default()).await;
    let browser = client();
    server.sign_in(&browser, "nurse.lei", fixtures::PASSWORD).await;
    let a = fixtures::complete_second_stage();
    let mut fields = vec![
        ("prison_number", "A1111AA".to_owned()),
        ("assessment[blood_pressure]", "13/84".to_owned()),
        ("assessment[pulse]", a.pulse.clone()),
        ("assessment[examination]", a.examination.clone()),
        ("assessment[long_term_conditions]", a.long_term_conditions.clone()),
        ("assessment[substance_misuse]", a.substance_misuse.clone()),
        ("assessment[smoking]", a.smoking.clone()),
        ("assessment[mental_health]", a.mental_health.clone()),
        ("assessment[bbv_testing]", a.bbv_testing.clone()),
        ("assessment[immunisations]", a.immunisations.clone()),
        ("assessment[dental]", a.dental.clone()),
        ("assessment[optical]", a.optical.clone()),
        ("assessment[social_care]", a.social_care.clone()),
        ("assessment[plan]", a.plan.clone()),
    ];
    let pairs = |fields: &[(&'static str, String)]| -> Vec<(&'static str, String)> { fields.to_vec() };
    let send = |fields: Vec<(&'static str, String)>| {
        let (server, browser) = (&server, &browser);
        async move {
            let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            server.call(browser, "record_second_stage_assessment", &form).await
        }
    };
    let refused = send(pairs(&fields)).await;
    assert!(
        matches!(crate::support::app_error(refused).await, AppError::Invalid { field, .. } if field == "blood_pressure")
    );
    fields[1].1 = a.blood_pressure.clone();
    let saved = send(fields).await;

    assert!(saved.status().is_success(), "{}", saved.status());
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_event WHERE action = 'screening.second_stage.record' AND outcome = 'allowed'",
    )
    .fetch_one(&pool)
    .await
    .expect("audit");
    assert_eq!(audited, 1, "only the assessment that got past its checks reached the record");
}

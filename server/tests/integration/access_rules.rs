//! The one access function against real data: who may open which record, and the audit
//! entry it leaves either way.

use crate::support::{fixtures, fresh_database};
use app::access::authorize_patient;
use app::audit::AuditAction::{PatientBannerRead as READ, TimelineNoteWrite as WRITE};
use app::domain::access::{Intent, Refusal};
use app::error::AppError;
use uuid::Uuid;

async fn audit_outcomes(pool: &sqlx::PgPool, patient: Uuid) -> Vec<(String, String, Uuid)> {
    sqlx::query_as("SELECT action, outcome, staff_id FROM audit_event WHERE patient_id = $1 ORDER BY id")
        .bind(patient)
        .fetch_all(pool)
        .await
        .expect("audit rows")
}

#[tokio::test]
async fn a_nurse_may_open_a_patient_at_her_establishment_and_the_read_is_audited() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;

    let result = authorize_patient(&pool, &w.leeds_nurse, w.patient_at_leeds, Intent::Read, READ).await;

    assert_eq!(result, Ok(()));
    assert_eq!(
        audit_outcomes(&pool, w.patient_at_leeds).await,
        vec![("patient.banner.read".into(), "allowed".into(), w.leeds_nurse.staff_id)]
    );
}

#[tokio::test]
async fn a_patient_at_another_establishment_is_refused_and_the_refusal_is_audited() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;

    let result = authorize_patient(&pool, &w.leeds_nurse, w.patient_at_moorland, Intent::Read, READ).await;

    assert_eq!(result, Err(AppError::Refused(Refusal::NotAtYourEstablishment)));
    assert_eq!(
        audit_outcomes(&pool, w.patient_at_moorland).await,
        vec![("patient.banner.read".into(), "refused".into(), w.leeds_nurse.staff_id)]
    );
}

#[tokio::test]
async fn a_patient_in_transit_to_leeds_is_read_at_both_ends_and_written_at_neither() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    let episode = fixtures::current_episode(&pool, w.patient_at_moorland).await;
    fixtures::movement(
        &pool,
        w.patient_at_moorland,
        episode,
        "TRN",
        "out",
        w.moorland,
        Some(w.leeds),
        "5 minutes",
    )
    .await;

    let p = w.patient_at_moorland;
    let leeds_reads = authorize_patient(&pool, &w.leeds_nurse, p, Intent::Read, READ).await;
    let leeds_writes = authorize_patient(&pool, &w.leeds_nurse, p, Intent::Write, WRITE).await;
    let moorland_reads = authorize_patient(&pool, &w.moorland_nurse, p, Intent::Read, READ).await;
    let moorland_writes = authorize_patient(&pool, &w.moorland_nurse, p, Intent::Write, WRITE).await;

    // On the road the record is read at both ends and written at neither, so it cannot fork.
    assert_eq!(leeds_reads, Ok(()));
    assert_eq!(moorland_reads, Ok(()));
    assert_eq!(leeds_writes, Err(AppError::Refused(Refusal::NotYetArrived)));
    assert_eq!(moorland_writes, Err(AppError::Refused(Refusal::PatientHasLeft)));
}

#[tokio::test]
async fn a_patient_at_court_still_belongs_to_their_establishment() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    let episode = fixtures::current_episode(&pool, w.patient_at_leeds).await;
    fixtures::movement(&pool, w.patient_at_leeds, episode, "CRT", "out", w.leeds, None, "10 minutes").await;

    let result = authorize_patient(&pool, &w.leeds_nurse, w.patient_at_leeds, Intent::Write, READ).await;

    assert_eq!(result, Ok(()));
}

#[tokio::test]
async fn a_released_patient_is_closed_to_the_releasing_establishment_but_for_its_own_entries() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    let episode = fixtures::current_episode(&pool, w.patient_at_leeds).await;
    fixtures::movement(&pool, w.patient_at_leeds, episode, "REL", "out", w.leeds, None, "1 minute").await;

    let whole = authorize_patient(&pool, &w.leeds_nurse, w.patient_at_leeds, Intent::Read, READ).await;
    let own = authorize_patient(
        &pool,
        &w.leeds_nurse,
        w.patient_at_leeds,
        Intent::ReadOwnEntries,
        app::audit::AuditAction::TimelineRead,
    )
    .await;
    let moorland = authorize_patient(
        &pool,
        &w.moorland_nurse,
        w.patient_at_leeds,
        Intent::ReadOwnEntries,
        app::audit::AuditAction::TimelineRead,
    )
    .await;

    // Leeds keeps sight of what it recorded, for its governance; nobody else sees anything.
    assert_eq!(whole, Err(AppError::Refused(Refusal::PatientHasLeft)));
    assert_eq!(own, Ok(()));
    assert_eq!(moorland, Err(AppError::Refused(Refusal::NotAtYourEstablishment)));
}

#[tokio::test]
async fn an_administrator_cannot_open_clinical_records() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;

    let result = authorize_patient(&pool, &w.leeds_admin, w.patient_at_leeds, Intent::Read, READ).await;

    assert_eq!(result, Err(AppError::Refused(Refusal::RoleHasNoClinicalAccess)));
    assert_eq!(audit_outcomes(&pool, w.patient_at_leeds).await[0].1, "refused");
}

#[tokio::test]
async fn an_older_movement_recorded_late_does_not_move_the_patient_back() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    let episode = fixtures::current_episode(&pool, w.patient_at_leeds).await;
    // Entered after the admission (stamped an hour ago) but stamped two hours ago: it is history,
    // not the patient's present whereabouts.
    fixtures::movement(&pool, w.patient_at_leeds, episode, "CRT", "out", w.leeds, None, "2 hours").await;

    let status: String = sqlx::query_scalar("SELECT status FROM patient_whereabouts WHERE patient_id = $1")
        .bind(w.patient_at_leeds)
        .fetch_one(&pool)
        .await
        .expect("whereabouts");

    assert_eq!(status, "in_establishment");
}

#[tokio::test]
async fn what_a_role_may_not_do_is_refused_and_the_attempt_is_audited() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    let admin = &w.leeds_admin;

    let request = app::medicines::PrescriptionRequest {
        kind: Some(app::domain::prescribing::PrescriptionKind::Regular),
        ..Default::default()
    };
    let nurse_prescribing =
        app::medicines::ssr::prescribe(&pool, &w.leeds_nurse, w.patient_at_leeds, &request).await;
    assert_eq!(nurse_prescribing, Err(AppError::Refused(Refusal::NotAPrescriber)));
    let admin_on_a_round = app::rounds::ssr::record_dose(
        &pool,
        admin,
        &fixtures::dose_given(
            Uuid::new_v4(),
            Some((chrono::Utc::now().date_naive(), chrono::NaiveTime::MIN)),
        ),
    )
    .await;
    assert_eq!(admin_on_a_round, Err(AppError::Refused(Refusal::MayNotAdminister)));

    let refused: Vec<(String, String, Uuid, String)> = sqlx::query_as(
        "SELECT action, outcome, staff_id, detail FROM audit_event WHERE outcome = 'refused' ORDER BY id",
    )
    .fetch_all(&pool)
    .await
    .expect("audit rows");
    assert_eq!(
        refused,
        vec![
            (
                "prescription.prescribe.role".into(),
                "refused".into(),
                w.leeds_nurse.staff_id,
                "NotAPrescriber".into()
            ),
            ("round.record_dose.role".into(), "refused".into(), admin.staff_id, "MayNotAdminister".into()),
        ]
    );
}

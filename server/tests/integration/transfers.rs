//! Transfers against a real database: the patient is in one place at every step, the record is
//! written by one establishment at a time, and medicines are reconciled before they are given.

use app::audit::AuditAction::{PatientBannerRead as READ, TimelineNoteWrite as WRITE};
use chrono::{NaiveTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::fixtures::dose_given as given;
use crate::support::situations::cell;
use crate::support::{fixtures, fresh_database};
use app::access::authorize_patient;
use app::auth::ssr::StaffContext;
use app::domain::Role;
use app::domain::access::{Intent, Refusal};
use app::domain::round_schedule::london_date;
use app::domain::transfer::ReconciliationDecision;
use app::error::AppError;
use app::medicines::PrescriptionRequest;
use app::medicines::ssr::prescribe;
use app::rounds::ssr::{record_dose, round_list};
use app::transfers::ReconcileRequest;
use app::transfers::ssr::{self as transfers, handover};

const LEVETIRACETAM: &str = "Levetiracetam 500mg tablets";
const OMEPRAZOLE: &str = "Omeprazole 20mg gastro-resistant capsules";

struct Move {
    w: fixtures::World,
    leeds_prescriber: StaffContext,
    moorland_prescriber: StaffContext,
    moorland_landing: Uuid,
    moorland_cell: Uuid,
    round: (chrono::NaiveDate, NaiveTime),
    /// The patient's Leeds prescriptions: levetiracetam (critical), omeprazole.
    critical_rx: Uuid,
    other_rx: Uuid,
}

/// Leeds and Moorland with a round every hour, a cell at Moorland, and a Leeds patient on two
/// regular medicines (one critical) with a dose given this round.
async fn setup(pool: &PgPool) -> Move {
    let w = fixtures::world(pool).await;
    let round = fixtures::hourly_rounds(pool, &[w.leeds, w.moorland]).await;
    let (moorland_landing, moorland_cell) = cell(pool, w.moorland).await;
    let leeds_prescriber = fixtures::staff(pool, "dr.lei", Role::Prescriber, &[w.leeds]).await;
    let moorland_prescriber = fixtures::staff(pool, "dr.mdi", Role::Prescriber, &[w.moorland]).await;
    let critical_rx =
        prescribe(pool, &leeds_prescriber, w.patient_at_leeds, &regular(pool, LEVETIRACETAM, round.1).await)
            .await
            .expect("prescribe levetiracetam");
    let other_rx =
        prescribe(pool, &leeds_prescriber, w.patient_at_leeds, &regular(pool, OMEPRAZOLE, round.1).await)
            .await
            .expect("prescribe omeprazole");
    record_dose(pool, &w.leeds_nurse, &given(critical_rx, Some(round))).await.expect("dose given at Leeds");
    Move {
        w,
        leeds_prescriber,
        moorland_prescriber,
        moorland_landing,
        moorland_cell,
        round,
        critical_rx,
        other_rx,
    }
}

async fn regular(pool: &PgPool, name: &str, at: NaiveTime) -> PrescriptionRequest {
    let code: i64 = sqlx::query_scalar("SELECT code FROM medicine_product WHERE name = $1")
        .bind(name)
        .fetch_one(pool)
        .await
        .expect("product");
    PrescriptionRequest {
        product_code: Some(code),
        kind: Some(app::domain::prescribing::PrescriptionKind::Regular),
        supply: Some(app::domain::prescribing::Supply::NotInPossession),
        dose: "1".into(),
        round_times: vec![at],
        starts_on: Some(london_date(Utc::now())),
        indication: "Test indication".into(),
        ..Default::default()
    }
}

fn today() -> chrono::NaiveDate {
    london_date(Utc::now())
}

async fn scheduled_and_fit(pool: &PgPool, m: &Move) -> Uuid {
    let patient = m.w.patient_at_leeds;
    let id = transfers::schedule(pool, &m.w.leeds_nurse, patient, "MDI", today(), "Re-categorised to C")
        .await
        .expect("schedule");
    transfers::confirm_fit(pool, &m.w.leeds_nurse, patient, id, "Escort briefed").await.expect("fit");
    id
}

async fn status(pool: &PgPool, patient: Uuid) -> (String, Option<Uuid>, Option<Uuid>) {
    sqlx::query_as(
        "SELECT status, establishment_id, to_establishment_id FROM patient_whereabouts WHERE patient_id = $1",
    )
    .bind(patient)
    .fetch_one(pool)
    .await
    .expect("whereabouts")
}

fn refused(result: Result<(), AppError>) -> Refusal {
    match result {
        Err(AppError::Refused(r)) => r,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn a_departed_patient_is_in_transit_off_the_round_and_no_establishment_writes_until_reception() {
    let pool = fresh_database().await;
    let m = setup(&pool).await;
    let patient = m.w.patient_at_leeds;
    let id = scheduled_and_fit(&pool, &m).await;

    transfers::depart(&pool, &m.w.leeds_nurse, patient, id, None).await.expect("depart");

    assert_eq!(status(&pool, patient).await, ("in_transit".into(), Some(m.w.leeds), Some(m.w.moorland)));
    // Both ends read the record on the road; neither writes to it.
    for (staff, refusal) in
        [(&m.w.leeds_nurse, Refusal::PatientHasLeft), (&m.w.moorland_nurse, Refusal::NotYetArrived)]
    {
        authorize_patient(&pool, staff, patient, Intent::Read, READ).await.expect("read on the road");
        assert_eq!(refused(authorize_patient(&pool, staff, patient, Intent::Write, WRITE).await), refusal);
    }
    // The sending nurse can no longer record a dose.
    let err =
        record_dose(&pool, &m.w.leeds_nurse, &given(m.other_rx, Some(m.round))).await.expect_err("refused");
    assert_eq!(err, AppError::Refused(Refusal::PatientHasLeft));
    // The stored handover has the critical medicine first, with the dose given at Leeds.
    let pack = handover::stored_at_departure(&pool, id).await.expect("read").expect("stored at departure");
    assert_eq!(pack.prescriptions[0].id, m.critical_rx);
    assert!(pack.prescriptions[0].last_given_at.is_some());
    assert_eq!(pack.prescriptions.len(), 2);
}

#[tokio::test]
async fn a_medical_hold_blocks_departure_until_a_prescriber_overrides_it_with_a_reason() {
    let pool = fresh_database().await;
    let m = setup(&pool).await;
    let patient = m.w.patient_at_leeds;
    sqlx::query(
        "INSERT INTO alert (patient_id, alert_type, establishment_id, starts_at, raised_by, note)
         VALUES ($1, 'MEDICAL_HOLD', $2, now() - interval '1 day', $3, 'Awaiting cardiology')",
    )
    .bind(patient)
    .bind(m.w.leeds)
    .bind(m.leeds_prescriber.staff_id)
    .execute(&pool)
    .await
    .expect("medical hold");
    let id = scheduled_and_fit(&pool, &m).await;

    let blocked = transfers::depart(&pool, &m.w.leeds_nurse, patient, id, None).await.expect_err("blocked");
    assert!(blocked.to_string().contains("Medical hold"), "{blocked}");
    let nurse_override =
        transfers::depart(&pool, &m.w.leeds_nurse, patient, id, Some("I think it is fine")).await;
    assert_eq!(
        nurse_override.expect_err("a nurse cannot override"),
        AppError::Refused(Refusal::MayNotOverrideMedicalHold)
    );
    assert_eq!(status(&pool, patient).await.0, "in_establishment");
    // The refusal is in the audit trail, under the nurse who tried.
    let refused: Vec<(String, Uuid)> = sqlx::query_as(
        "SELECT action, staff_id FROM audit_event WHERE patient_id = $1 AND outcome = 'refused' ORDER BY id",
    )
    .bind(patient)
    .fetch_all(&pool)
    .await
    .expect("audit");
    assert_eq!(refused, vec![("transfer.depart.override_medical_hold".to_owned(), m.w.leeds_nurse.staff_id)]);

    transfers::depart(
        &pool,
        &m.leeds_prescriber,
        patient,
        id,
        Some("Cardiology agree transfer; follow-up booked"),
    )
    .await
    .expect("override");
    let reason: Option<String> =
        sqlx::query_scalar("SELECT medical_hold_override_reason FROM transfer WHERE id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .expect("transfer");
    assert_eq!(reason.as_deref(), Some("Cardiology agree transfer; follow-up booked"));
}

#[tokio::test]
async fn a_patient_cannot_leave_before_a_nurse_confirms_them_fit() {
    let pool = fresh_database().await;
    let m = setup(&pool).await;
    let patient = m.w.patient_at_leeds;
    let id = transfers::schedule(&pool, &m.w.leeds_nurse, patient, "MDI", today(), "Court production")
        .await
        .expect("schedule");
    let err = transfers::depart(&pool, &m.w.leeds_nurse, patient, id, None).await.expect_err("not fit yet");
    assert!(err.to_string().contains("fit to transfer"), "{err}");
}

#[tokio::test]
async fn one_open_transfer_per_patient_and_a_cancelled_one_makes_way_for_the_next() {
    let pool = fresh_database().await;
    let m = setup(&pool).await;
    let patient = m.w.patient_at_leeds;
    let first =
        transfers::schedule(&pool, &m.w.leeds_nurse, patient, "MDI", today(), "First").await.expect("first");
    let second = transfers::schedule(&pool, &m.w.leeds_nurse, patient, "MDI", today(), "Second").await;
    assert!(matches!(second, Err(AppError::Conflict(_))), "{second:?}");
    transfers::cancel(&pool, &m.w.leeds_nurse, patient, first, "Bed no longer available")
        .await
        .expect("cancel");
    transfers::schedule(&pool, &m.w.leeds_nurse, patient, "MDI", today(), "Second")
        .await
        .expect("rescheduled");
    // Only the establishment holding the patient schedules.
    let from_moorland =
        transfers::schedule(&pool, &m.w.moorland_nurse, m.w.patient_at_moorland, "MDI", today(), "Loop")
            .await;
    assert!(from_moorland.is_err());
}

#[tokio::test]
async fn reception_then_reconciliation_puts_the_medicines_on_the_receiving_round() {
    let pool = fresh_database().await;
    let m = setup(&pool).await;
    let patient = m.w.patient_at_leeds;
    let id = scheduled_and_fit(&pool, &m).await;
    transfers::depart(&pool, &m.w.leeds_nurse, patient, id, None).await.expect("depart");

    transfers::receive(&pool, &m.w.moorland_nurse, patient, m.moorland_cell).await.expect("received");
    assert_eq!(status(&pool, patient).await, ("in_establishment".into(), Some(m.w.moorland), None));
    let again = transfers::receive(&pool, &m.w.moorland_nurse, patient, m.moorland_cell).await;
    assert!(matches!(again, Err(AppError::Conflict(_))), "{again:?}");

    // On the round, with reconciliation due and no Leeds doses offered; Leeds' prescription cannot be given here.
    let list = round_list(&pool, &m.w.moorland_nurse, m.round.0, m.round.1, m.moorland_landing)
        .await
        .expect("round");
    let card = list.patients.iter().find(|p| p.patient_id == patient).expect("on the Moorland round");
    assert_eq!(card.reconciliation_due, 2);
    assert!(card.doses.is_empty());
    let err = record_dose(&pool, &m.w.moorland_nurse, &given(m.other_rx, Some(m.round)))
        .await
        .expect_err("refused");
    assert!(matches!(err, AppError::Conflict(ref msg) if msg.contains("reconcile")), "{err:?}");
    let due = transfers::reconciliation_due(&pool, m.w.moorland).await.expect("worklist");
    assert_eq!((due.len(), due[0].critical_pending), (1, 1));

    // A nurse may not reconcile; a reason is required; then continue and stop.
    let continue_critical = ReconcileRequest {
        prescription_id: m.critical_rx,
        decision: ReconciliationDecision::Continue,
        reason: String::new(),
        dose: String::new(),
        round_times: Vec::new(),
    };
    let nurse = transfers::reconcile(&pool, &m.w.moorland_nurse, patient, &continue_critical).await;
    assert_eq!(nurse, Err(AppError::Refused(Refusal::NotAPrescriber)));
    let no_reason = transfers::reconcile(&pool, &m.moorland_prescriber, patient, &continue_critical).await;
    assert!(
        matches!(no_reason, Err(AppError::Invalid { ref field, .. }) if field == "reason"),
        "{no_reason:?}"
    );
    let with_reason =
        ReconcileRequest { reason: "Seizure-free; confirmed with patient".into(), ..continue_critical };
    transfers::reconcile(&pool, &m.moorland_prescriber, patient, &with_reason).await.expect("continued");
    let twice = transfers::reconcile(&pool, &m.moorland_prescriber, patient, &with_reason).await;
    assert!(matches!(twice, Err(AppError::Conflict(_))), "{twice:?}");
    let stop = ReconcileRequest {
        prescription_id: m.other_rx,
        decision: ReconciliationDecision::Stop,
        reason: "No longer indicated".into(),
        dose: String::new(),
        round_times: Vec::new(),
    };
    transfers::reconcile(&pool, &m.moorland_prescriber, patient, &stop).await.expect("stopped");

    let list = round_list(&pool, &m.w.moorland_nurse, m.round.0, m.round.1, m.moorland_landing)
        .await
        .expect("round");
    let card = list.patients.iter().find(|p| p.patient_id == patient).expect("on the round");
    assert_eq!(card.reconciliation_due, 0);
    assert_eq!(card.doses.len(), 1, "the continued medicine, now Moorland's");
    let continued = card.doses[0].prescription_id;
    let (establishment, replaces): (Uuid, Option<Uuid>) =
        sqlx::query_as("SELECT establishment_id, replaces_id FROM prescription WHERE id = $1")
            .bind(continued)
            .fetch_one(&pool)
            .await
            .expect("new prescription");
    assert_eq!((establishment, replaces), (m.w.moorland, Some(m.critical_rx)));
    assert!(transfers::reconciliation_due(&pool, m.w.moorland).await.expect("worklist").is_empty());
    // Leeds had already given this round's dose: the receiving round must not give it twice.
    assert!(
        card.doses[0].recorded.is_none(),
        "a new prescription starts clean; the handover shows the last dose"
    );
}

#[tokio::test]
async fn after_arrival_the_sending_establishment_reads_only_its_own_entries_for_a_while() {
    let pool = fresh_database().await;
    let m = setup(&pool).await;
    let patient = m.w.patient_at_leeds;
    let id = scheduled_and_fit(&pool, &m).await;
    transfers::depart(&pool, &m.w.leeds_nurse, patient, id, None).await.expect("depart");
    transfers::receive(&pool, &m.w.moorland_nurse, patient, m.moorland_cell).await.expect("received");

    let leeds = &m.w.leeds_nurse;
    assert_eq!(
        refused(authorize_patient(&pool, leeds, patient, Intent::Read, READ).await),
        Refusal::PatientHasLeft
    );
    assert_eq!(
        refused(authorize_patient(&pool, leeds, patient, Intent::Write, READ).await),
        Refusal::PatientHasLeft
    );
    authorize_patient(&pool, leeds, patient, Intent::ReadOwnEntries, READ).await.expect("governance read");
    authorize_patient(&pool, &m.w.moorland_nurse, patient, Intent::Write, READ)
        .await
        .expect("Moorland writes");
    // Every decision is audited, refusals included.
    let refusals: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_event WHERE patient_id = $1 AND staff_id = $2 AND outcome = 'refused'",
    )
    .bind(patient)
    .bind(leeds.staff_id)
    .fetch_one(&pool)
    .await
    .expect("audit");
    assert!(refusals >= 2);

    // Once the period has passed, nothing.
    sqlx::query("UPDATE movement SET occurred_at = now() - interval '400 days' WHERE patient_id = $1 AND kind = 'TRN' AND direction = 'out'")
        .bind(patient)
        .execute(&pool)
        .await
        .expect("age the departure");
    assert_eq!(
        refused(authorize_patient(&pool, leeds, patient, Intent::ReadOwnEntries, READ).await),
        Refusal::NotAtYourEstablishment
    );
}

#[tokio::test]
async fn a_redirected_transfer_is_received_only_at_the_new_destination() {
    let pool = fresh_database().await;
    let m = setup(&pool).await;
    let patient = m.w.patient_at_leeds;
    let wandsworth = fixtures::establishment(&pool, "WWI", "HMP Wandsworth").await;
    let (_, wandsworth_cell) = cell(&pool, wandsworth).await;
    let wandsworth_nurse = fixtures::staff(&pool, "nurse.wwi", Role::Nurse, &[wandsworth]).await;
    let id = scheduled_and_fit(&pool, &m).await;
    transfers::depart(&pool, &m.w.leeds_nurse, patient, id, None).await.expect("depart");

    transfers::redirect(&pool, &m.w.leeds_nurse, patient, id, "WWI", "Moorland roll full")
        .await
        .expect("redirect");

    assert_eq!(status(&pool, patient).await, ("in_transit".into(), Some(m.w.leeds), Some(wandsworth)));
    let at_moorland = transfers::receive(&pool, &m.w.moorland_nurse, patient, m.moorland_cell).await;
    assert!(at_moorland.is_err(), "Moorland is no longer the destination");
    transfers::receive(&pool, &wandsworth_nurse, patient, wandsworth_cell)
        .await
        .expect("received at Wandsworth");
    let transfer: (String, Uuid) =
        sqlx::query_as("SELECT status, to_establishment_id FROM transfer WHERE id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .expect("transfer");
    assert_eq!(transfer, ("arrived".into(), wandsworth));
}

#[tokio::test]
async fn two_departures_of_the_same_patient_at_once_record_one_movement() {
    let pool = fresh_database().await;
    let m = setup(&pool).await;
    let patient = m.w.patient_at_leeds;
    let id = scheduled_and_fit(&pool, &m).await;
    let (a, b) = tokio::join!(
        transfers::depart(&pool, &m.w.leeds_nurse, patient, id, None),
        transfers::depart(&pool, &m.w.leeds_nurse, patient, id, None)
    );
    assert!(a.is_ok() != b.is_ok(), "exactly one departure: {a:?} {b:?}");
    let movements: i64 =
        sqlx::query_scalar("SELECT count(*) FROM movement WHERE patient_id = $1 AND kind = 'TRN'")
            .bind(patient)
            .fetch_one(&pool)
            .await
            .expect("movements");
    assert_eq!(movements, 1);
}

#[tokio::test]
async fn a_patient_remanded_by_the_court_to_another_prison_is_received_there() {
    let pool = fresh_database().await;
    let m = setup(&pool).await;
    let patient = m.w.patient_at_leeds;
    let court_out = app::transfers::CustodyMovement::CourtOut;
    transfers::record_custody_movement(&pool, &m.w.leeds_nurse, patient, court_out, "Leeds Crown Court")
        .await
        .expect("to court");
    assert_eq!(status(&pool, patient).await.0, "at_court");
    // Moorland cannot remand someone Leeds holds.
    let wrong = transfers::remand_elsewhere(&pool, &m.w.moorland_nurse, patient, "MDI", "Remanded").await;
    assert!(wrong.is_err());

    transfers::remand_elsewhere(&pool, &m.w.leeds_nurse, patient, "MDI", "Remanded to Moorland by the court")
        .await
        .expect("remanded");

    assert_eq!(status(&pool, patient).await, ("in_transit".into(), Some(m.w.leeds), Some(m.w.moorland)));
    let lists =
        transfers::lists(&pool, m.w.moorland, &app::state::SessionRules::default()).await.expect("lists");
    assert_eq!(lists.incoming.len(), 1, "on Moorland's incoming list without a transfer record");
    transfers::receive(&pool, &m.w.moorland_nurse, patient, m.moorland_cell).await.expect("received");
    assert_eq!(status(&pool, patient).await.0, "in_establishment");
}

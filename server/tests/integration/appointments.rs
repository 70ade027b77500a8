//! Appointments against a real database: a clinician is never double-booked, outcomes carry
//! reportable reasons, the report counts them, and a transfer carries what is outstanding.

use chrono::{Duration, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::{fixtures, fresh_database};
use app::appointments::BookingRequest;
use app::appointments::ssr::{book, clinic_day, outstanding, record_outcome, report};
use app::domain::Role;
use app::domain::appointment::AppointmentStatus;
use app::domain::round_schedule::{london_date, london_time};
use app::error::AppError;
use app::transfers::ssr as transfers;

async fn clinic(pool: &PgPool, establishment: Uuid, kind: &str, name: &str) -> Uuid {
    sqlx::query_scalar("INSERT INTO clinic (establishment_id, kind, name, slot_minutes, opens, closes) VALUES ($1, $2, $3, 15, '00:00', '23:59') RETURNING id")
        .bind(establishment)
        .bind(kind)
        .bind(name)
        .fetch_one(pool)
        .await
        .expect("clinic")
}

/// A booking `days` ahead at `hh:mm` London time.
fn at(clinic: Uuid, days: i64, time: &str, clinician: Option<Uuid>) -> BookingRequest {
    BookingRequest {
        clinic_id: Some(clinic),
        date: (london_date(Utc::now()) + Duration::days(days)).to_string(),
        time: time.into(),
        clinician_id: clinician,
        reason: "Review".into(),
        priority: "routine".into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_clinician_cannot_be_booked_twice_for_the_same_time() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    let gp = clinic(&pool, w.leeds, "gp", "GP clinic").await;
    let doctor = fixtures::staff(&pool, "dr.lei", Role::Prescriber, &[w.leeds]).await;
    let other = fixtures::admitted_patient(&pool, "A2222BB", "Other", w.leeds).await;

    book(&pool, &w.leeds_nurse, w.patient_at_leeds, &at(gp, 1, "10:00", Some(doctor.staff_id)))
        .await
        .expect("first");
    let clash = book(&pool, &w.leeds_nurse, other, &at(gp, 1, "10:00", Some(doctor.staff_id))).await;
    assert!(matches!(clash, Err(AppError::Conflict(_))), "{clash:?}");
    // Overlapping by part of a slot is a clash too; the next slot is free.
    let overlap = book(&pool, &w.leeds_nurse, other, &at(gp, 1, "10:10", Some(doctor.staff_id))).await;
    assert!(matches!(overlap, Err(AppError::Conflict(_))), "{overlap:?}");
    book(&pool, &w.leeds_nurse, other, &at(gp, 1, "10:15", Some(doctor.staff_id))).await.expect("next slot");
    // Without a named clinician, the clinic may see two at once (two nurses).
    book(&pool, &w.leeds_nurse, other, &at(gp, 1, "10:00", None)).await.expect("no clinician named");

    let day = clinic_day(&pool, &w.leeds_nurse, Some(gp), london_date(Utc::now()) + Duration::days(1))
        .await
        .expect("day");
    assert_eq!(day.rows.len(), 3);
    assert!(!day.free_slots.iter().any(|s| day.rows.iter().any(|r| r.appointment.starts_at == Some(*s))));
}

#[tokio::test]
async fn outcomes_need_their_reasons_and_the_report_counts_them() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    let gp = clinic(&pool, w.leeds, "gp", "GP clinic").await;
    let mut ids = Vec::new();
    for (i, pn) in ["A3001CC", "A3002CC", "A3003CC", "A3004CC"].iter().enumerate() {
        let p = fixtures::admitted_patient(&pool, pn, "Patient", w.leeds).await;
        // Booked for now, so that the outcome may be recorded.
        let now = Utc::now() + Duration::minutes(i64::try_from(i).unwrap_or(0) * 5 + 1);
        let request = BookingRequest {
            date: london_date(now).to_string(),
            time: london_time(now).format("%H:%M").to_string(),
            ..at(gp, 0, "", None)
        };
        ids.push(book(&pool, &w.leeds_nurse, p, &request).await.expect("book"));
    }
    let nurse = &w.leeds_nurse;
    let no_reason =
        record_outcome(&pool, nurse, ids[0], AppointmentStatus::CancelledByEstablishment, None, "").await;
    assert!(matches!(no_reason, Err(AppError::Invalid { .. })), "{no_reason:?}");
    record_outcome(&pool, nurse, ids[0], AppointmentStatus::CancelledByEstablishment, Some("lockdown"), "")
        .await
        .expect("cancelled");
    record_outcome(&pool, nurse, ids[1], AppointmentStatus::DidNotAttend, None, "").await.expect("dna");
    record_outcome(&pool, nurse, ids[2], AppointmentStatus::Attended, None, "").await.expect("attended");
    record_outcome(&pool, nurse, ids[3], AppointmentStatus::Attended, None, "").await.expect("attended");
    let twice = record_outcome(&pool, nurse, ids[3], AppointmentStatus::DidNotAttend, None, "").await;
    assert!(twice.is_err(), "an outcome is recorded once");

    let today = london_date(Utc::now());
    let r =
        report(&pool, w.leeds, today - Duration::days(1), today + Duration::days(1)).await.expect("report");
    let gp_rates = r.clinics.iter().find(|c| c.clinic == "GP clinic").expect("gp row");
    assert_eq!((gp_rates.booked, gp_rates.attended, gp_rates.did_not_attend), (4, 2, 1));
    assert_eq!((gp_rates.did_not_attend_rate, gp_rates.establishment_cancelled_rate), (Some(25), Some(25)));
    assert!(r.reasons.iter().any(|x| x.reason == "lockdown" && x.count == 1));
}

#[tokio::test]
async fn a_transfer_carries_outstanding_appointments_to_rebook_and_drops_nothing() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    let patient = w.patient_at_leeds;
    let hospital = clinic(&pool, w.leeds, "hospital", "Leeds outpatients").await;
    let dentist = clinic(&pool, w.leeds, "dentist", "Leeds dental").await;
    let moorland_dentist = clinic(&pool, w.moorland, "dentist", "Moorland dental").await;
    let (_, cell) = {
        let wing: Uuid = sqlx::query_scalar("INSERT INTO location (establishment_id, kind, code, description) VALUES ($1, 'wing', 'A', 'A') RETURNING id")
            .bind(w.moorland).fetch_one(&pool).await.expect("wing");
        let landing: Uuid = sqlx::query_scalar("INSERT INTO location (establishment_id, parent_id, kind, code, description) VALUES ($1, $2, 'landing', 'A-1', 'A-1') RETURNING id")
            .bind(w.moorland).bind(wing).fetch_one(&pool).await.expect("landing");
        let cell: Uuid = sqlx::query_scalar("INSERT INTO location (establishment_id, parent_id, kind, code, description) VALUES ($1, $2, 'cell', 'A-1-001', 'Cell') RETURNING id")
            .bind(w.moorland).bind(landing).fetch_one(&pool).await.expect("cell");
        (landing, cell)
    };
    book(&pool, &w.leeds_nurse, patient, &at(hospital, 10, "10:00", None)).await.expect("hospital");
    book(
        &pool,
        &w.leeds_nurse,
        patient,
        &BookingRequest { date: String::new(), time: String::new(), ..at(dentist, 0, "", None) },
    )
    .await
    .expect("waiting list");

    let id = transfers::schedule(&pool, &w.leeds_nurse, patient, "MDI", london_date(Utc::now()), "Move")
        .await
        .expect("schedule");
    transfers::confirm_fit(&pool, &w.leeds_nurse, patient, id, "").await.expect("fit");
    transfers::depart(&pool, &w.leeds_nurse, patient, id, None).await.expect("depart");
    let pack = transfers::handover::stored_at_departure(&pool, id).await.expect("read").expect("stored");
    assert_eq!(pack.appointments.len(), 2, "both outstanding appointments travel in the handover");

    transfers::receive(&pool, &w.moorland_nurse, patient, cell).await.expect("received");

    let now_open = outstanding(&pool, patient).await.expect("outstanding");
    assert_eq!(now_open.len(), 2);
    assert!(now_open.iter().all(|a| a.status == AppointmentStatus::ToRebook));
    assert!(now_open.iter().all(|a| a.carried_from.as_deref() == Some("HMP Leeds")));
    let closed: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM appointment WHERE patient_id = $1 AND status = 'transferred'",
    )
    .bind(patient)
    .fetch_one(&pool)
    .await
    .expect("closed at Leeds");
    assert_eq!(closed, 2);
    // Moorland rebooks the dental one into its own clinic.
    let dental = now_open
        .iter()
        .find(|a| a.clinic_kind == app::domain::appointment::ClinicKind::Dentist)
        .expect("dental");
    let rebook = BookingRequest { continues_id: Some(dental.id), ..at(moorland_dentist, 3, "11:00", None) };
    book(&pool, &w.moorland_nurse, patient, &rebook).await.expect("rebooked");
    let after = outstanding(&pool, patient).await.expect("outstanding");
    assert_eq!(after.iter().filter(|a| a.status == AppointmentStatus::Booked).count(), 1);
    assert_eq!(after.iter().filter(|a| a.status == AppointmentStatus::ToRebook).count(), 1);
}

#[tokio::test]
async fn a_hospital_clinic_letter_is_recorded_only_for_an_attended_hospital_appointment() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    let hospital = clinic(&pool, w.leeds, "hospital", "Outpatients").await;
    let soon = Utc::now() + Duration::minutes(2);
    let request = BookingRequest {
        date: london_date(soon).to_string(),
        time: london_time(soon).format("%H:%M").to_string(),
        ..at(hospital, 0, "", None)
    };
    let id = book(&pool, &w.leeds_nurse, w.patient_at_leeds, &request).await.expect("booked");
    let early = app::appointments::ssr::record_letter_received(&pool, &w.leeds_nurse, id).await;
    assert!(matches!(early, Err(AppError::Invalid { .. })), "{early:?}");
    record_outcome(&pool, &w.leeds_nurse, id, AppointmentStatus::Attended, None, "").await.expect("attended");
    app::appointments::ssr::record_letter_received(&pool, &w.leeds_nurse, id).await.expect("letter");
    let open = app::appointments::ssr::appointments(
        &pool,
        app::appointments::ssr::Which { id: Some(id), limit: 1, ..Default::default() },
    )
    .await
    .expect("read");
    assert!(open[0].view.letter_received_at.is_some());
    assert!(open[0].view.escort_required, "hospital appointments always need an escort");
}

#[tokio::test]
async fn a_clinic_list_shows_someone_who_has_left_only_by_identity_and_that_they_left() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    let gp = clinic(&pool, w.leeds, "gp", "GP clinic").await;
    let stays = fixtures::admitted_patient(&pool, "A2222BB", "Stays", w.leeds).await;
    for patient in [w.patient_at_leeds, stays] {
        app::risks::ssr::record_no_known_allergies(&pool, patient, &w.leeds_nurse).await.expect("nka");
    }
    book(&pool, &w.leeds_nurse, w.patient_at_leeds, &at(gp, 1, "10:00", None)).await.expect("leaves");
    book(&pool, &w.leeds_nurse, stays, &at(gp, 1, "10:15", None)).await.expect("stays");
    // Transferred to Moorland and received there (as the prison system records it).
    let episode = fixtures::current_episode(&pool, w.patient_at_leeds).await;
    fixtures::movement(
        &pool,
        w.patient_at_leeds,
        episode,
        "TRN",
        "out",
        w.leeds,
        Some(w.moorland),
        "2 minutes",
    )
    .await;
    fixtures::movement(&pool, w.patient_at_leeds, episode, "TRN", "in", w.moorland, None, "1 minute").await;

    let day = clinic_day(&pool, &w.leeds_nurse, Some(gp), london_date(Utc::now()) + Duration::days(1))
        .await
        .expect("day");
    let left = day.rows.iter().find(|r| r.prison_number == "A1111AA").expect("still listed");
    assert_eq!(left.location, "Transferred", "not their cell at Moorland");
    assert_eq!(left.allergies, None, "nor their allergies");
    assert!(left.alerts.is_empty());
    let here = day.rows.iter().find(|r| r.prison_number == "A2222BB").expect("listed");
    assert!(here.location.starts_with("LEI"), "{}", here.location);
    assert!(here.allergies.is_some(), "someone held here shows their allergies");
}

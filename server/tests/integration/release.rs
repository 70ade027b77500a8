//! Release with a discharge summary: the patient leaves custody with a supply, OST bridged to a
//! named community prescriber, and the releasing establishment keeps the summary it wrote.

use app::domain::prescribing::Supply;
use chrono::{NaiveTime, Utc};

use crate::support::{fixtures, fresh_database};
use app::access::ReadScope;
use app::discharge::ssr::{release, view};
use app::discharge::{DischargeRequest, DischargeView};
use app::domain::Role;
use app::domain::round_schedule::london_date;
use app::error::AppError;
use app::medicines::PrescriptionRequest;
use app::medicines::ssr::prescribe;

async fn product(pool: &sqlx::PgPool, name: &str) -> i64 {
    sqlx::query_scalar("SELECT code FROM medicine_product WHERE name = $1")
        .bind(name)
        .fetch_one(pool)
        .await
        .expect("product")
}

fn regular(code: i64, at: &str, supply: Supply) -> PrescriptionRequest {
    PrescriptionRequest {
        product_code: Some(code),
        kind: Some(app::domain::prescribing::PrescriptionKind::Regular),
        supply: Some(supply),
        dose: "1".into(),
        round_times: vec![NaiveTime::parse_from_str(at, "%H:%M").expect("time")],
        starts_on: Some(london_date(Utc::now())),
        indication: "Test indication".into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn release_writes_the_summary_bridges_ost_and_ends_the_custody_episode() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    sqlx::query(
        "INSERT INTO round_time (establishment_id, time_of_day, label) VALUES ($1, '08:00', 'Morning')",
    )
    .bind(w.leeds)
    .execute(&pool)
    .await
    .expect("round time");
    let prescriber = fixtures::staff(&pool, "dr.lei", Role::Prescriber, &[w.leeds]).await;
    let patient = w.patient_at_leeds;
    let methadone = product(&pool, "Methadone 1mg/ml oral solution sugar free").await;
    let sertraline = product(&pool, "Sertraline 50mg tablets").await;
    let ost_rx = prescribe(&pool, &prescriber, patient, &regular(methadone, "08:00", Supply::Supervised))
        .await
        .expect("ost");
    let rx = prescribe(&pool, &prescriber, patient, &regular(sertraline, "08:00", Supply::NotInPossession))
        .await
        .expect("rx");

    // No community prescriber for someone on OST: refused, nothing changes.
    let bare = DischargeRequest::default();
    let err = release(&pool, &w.leeds_nurse, patient, &bare).await.expect_err("needs a bridge");
    assert!(matches!(err, AppError::Invalid { ref field, .. } if field == "community_prescriber"), "{err:?}");
    let supplied_ost = DischargeRequest {
        supplies: vec![(ost_rx, 7)],
        community_prescriber: "Leeds Recovery Service".into(),
        ..Default::default()
    };
    let err = release(&pool, &w.leeds_nurse, patient, &supplied_ost).await.expect_err("OST is not supplied");
    assert!(err.to_string().contains("bridged"), "{err}");
    let status: String = sqlx::query_scalar("SELECT status FROM patient_whereabouts WHERE patient_id = $1")
        .bind(patient)
        .fetch_one(&pool)
        .await
        .expect("whereabouts");
    assert_eq!(status, "in_establishment");

    let request = DischargeRequest {
        supplies: vec![(ost_rx, 0), (rx, 14)],
        community_prescriber: "Leeds Recovery Service, Dr Ahmed, 0113 000 0000".into(),
        gp_practice: "Park Lane Surgery".into(),
        follow_up: "Sertraline review in 4 weeks".into(),
    };
    release(&pool, &w.leeds_nurse, patient, &request).await.expect("released");

    let (status, ended): (String, bool) = sqlx::query_as(
        "SELECT w.status, c.ended_at IS NOT NULL FROM patient_whereabouts w
         JOIN custody_episode c ON c.patient_id = w.patient_id WHERE w.patient_id = $1",
    )
    .bind(patient)
    .fetch_one(&pool)
    .await
    .expect("released");
    assert_eq!((status.as_str(), ended), ("released", true));
    let active: i64 =
        sqlx::query_scalar("SELECT count(*) FROM prescription WHERE patient_id = $1 AND stopped_at IS NULL")
            .bind(patient)
            .fetch_one(&pool)
            .await
            .expect("prescriptions");
    assert_eq!(active, 0);

    let own = ReadScope::OwnEntries { establishment_code: "LEI".into() };
    let DischargeView::Released(summary) = view(&pool, &w.leeds_nurse, patient, &own).await.expect("summary")
    else {
        panic!("expected the written summary");
    };
    let sertraline_line = summary.medicines.iter().find(|l| l.prescription.id == rx).expect("sertraline");
    assert_eq!(sertraline_line.quantity.map(|q| q.to_string()).as_deref(), Some("14"));
    assert_eq!(summary.community_prescriber, "Leeds Recovery Service, Dr Ahmed, 0113 000 0000");
    // Moorland wrote nothing for this patient.
    let elsewhere = view(&pool, &w.moorland_nurse, patient, &own).await;
    assert!(matches!(elsewhere, Err(AppError::NotFound(_))), "{elsewhere:?}");
}

#[tokio::test]
async fn a_healthcare_assistant_or_pharmacist_cannot_release_and_the_refusal_is_audited() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    let patient = w.patient_at_leeds;
    for (username, role) in [("hca.lei", Role::HealthcareAssistant), ("pharmacist.lei", Role::Pharmacist)] {
        let staff = fixtures::staff(&pool, username, role, &[w.leeds]).await;
        let err = release(&pool, &staff, patient, &DischargeRequest::default()).await.expect_err(username);
        assert_eq!(err, AppError::Refused(app::domain::access::Refusal::MayNotRelease), "{username}");
        let refusals: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM audit_event WHERE staff_id = $1 AND action = 'discharge.release.role' AND outcome = 'refused'",
        )
        .bind(staff.staff_id)
        .fetch_one(&pool)
        .await
        .expect("audit");
        assert_eq!(refusals, 1, "{username}'s refusal is on the audit trail");
    }
    let status: String = sqlx::query_scalar("SELECT status FROM patient_whereabouts WHERE patient_id = $1")
        .bind(patient)
        .fetch_one(&pool)
        .await
        .expect("whereabouts");
    assert_eq!(status, "in_establishment", "nothing was released");
}

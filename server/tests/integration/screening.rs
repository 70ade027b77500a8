//! Reception screening: the record it leaves, the second-stage due date, ACCT, and the worklist.

use crate::support::{fixtures, fresh_database};
use app::domain::screening::ReceptionScreening;
use app::screening::ssr::{record_first_stage, worklist};

fn screen(self_harm_risk: &str) -> ReceptionScreening {
    ReceptionScreening {
        physical_health: "None reported".into(),
        current_medicines: "Methadone 60 mg".into(),
        last_dose: "08:30 today".into(),
        alcohol: "none".into(),
        drugs: "dependent".into(),
        withdrawal_risk: "high".into(),
        mental_health: "Low mood".into(),
        self_harm_risk: self_harm_risk.into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_first_stage_screen_sets_the_second_stage_due_in_seven_days_and_moves_the_worklist() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    let before = worklist(&pool, w.leeds).await.expect("worklist");
    assert!(before.first_stage_due.iter().any(|i| i.prison_number == "A1111AA"));

    let saved =
        record_first_stage(&pool, w.patient_at_leeds, &w.leeds_nurse, &screen("low")).await.expect("save");

    let days = (saved.second_stage_due_at - chrono::Utc::now()).num_hours();
    assert!((167..=168).contains(&days), "{days} hours");
    assert!(!saved.acct_opened);
    let after = worklist(&pool, w.leeds).await.expect("worklist");
    assert!(after.first_stage_due.iter().all(|i| i.prison_number != "A1111AA"));
    assert!(after.second_stage_due.iter().any(|i| i.prison_number == "A1111AA" && !i.overdue));
    let entry: String =
        sqlx::query_scalar("SELECT summary FROM timeline_entry WHERE kind = 'screening' AND patient_id = $1")
            .bind(w.patient_at_leeds)
            .fetch_one(&pool)
            .await
            .expect("timeline");
    assert!(entry.starts_with("First-stage reception screening"), "{entry}");
}

#[tokio::test]
async fn a_high_self_harm_risk_opens_an_acct_once() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;

    let first =
        record_first_stage(&pool, w.patient_at_leeds, &w.leeds_nurse, &screen("high")).await.expect("save");
    let second =
        record_first_stage(&pool, w.patient_at_leeds, &w.leeds_nurse, &screen("high")).await.expect("save");

    assert!(first.acct_opened);
    assert!(!second.acct_opened, "an ACCT already open is not opened twice");
    let open: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM alert WHERE patient_id = $1 AND alert_type = 'ACCT' AND ends_at IS NULL",
    )
    .bind(w.patient_at_leeds)
    .fetch_one(&pool)
    .await
    .expect("count");
    assert_eq!(open, 1);
}

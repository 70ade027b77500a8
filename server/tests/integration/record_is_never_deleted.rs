//! The database itself refuses to delete clinical rows or to alter the audit trail.

use crate::support::{fixtures, fresh_database};

#[tokio::test]
async fn deleting_a_patient_is_refused_by_the_database() {
    let pool = fresh_database().await;
    let world = fixtures::world(&pool).await;

    let result =
        sqlx::query("DELETE FROM patient WHERE id = $1").bind(world.patient_at_leeds).execute(&pool).await;

    let error = result.expect_err("delete must fail");
    assert!(error.to_string().contains("never deleted"), "{error}");
}

#[tokio::test]
async fn every_clinical_table_refuses_delete_and_truncate() {
    let pool = fresh_database().await;
    fixtures::world(&pool).await;
    for table in ["patient", "custody_episode", "movement", "allergy", "alert", "audit_event"] {
        let delete = sqlx::query(&format!("DELETE FROM {table}")).execute(&pool).await;
        let truncate = sqlx::query(&format!("TRUNCATE {table} CASCADE")).execute(&pool).await;
        // An empty table has no row to trigger on; the world has rows in the tables that matter.
        if table != "allergy" && table != "alert" && table != "audit_event" {
            assert!(delete.is_err(), "DELETE on {table} was allowed");
        }
        assert!(truncate.is_err(), "TRUNCATE on {table} was allowed");
    }
}

#[tokio::test]
async fn the_audit_trail_refuses_update_and_delete() {
    let pool = fresh_database().await;
    let world = fixtures::world(&pool).await;
    app::access::authorize_patient(
        &pool,
        &world.leeds_nurse,
        world.patient_at_leeds,
        app::domain::access::Intent::Read,
        app::audit::AuditAction::PatientBannerRead,
    )
    .await
    .expect("allowed");

    let update = sqlx::query("UPDATE audit_event SET outcome = 'refused'").execute(&pool).await;
    let delete = sqlx::query("DELETE FROM audit_event").execute(&pool).await;

    assert!(update.expect_err("update refused").to_string().contains("append-only"));
    assert!(delete.is_err());
}

#[tokio::test]
async fn an_allergy_entered_in_error_keeps_its_row_and_says_who_and_why() {
    let pool = fresh_database().await;
    let world = fixtures::world(&pool).await;
    let allergy: uuid::Uuid = sqlx::query_scalar(
        "INSERT INTO allergy (patient_id, substance, reaction, severity, establishment_id, recorded_by)
         VALUES ($1, 'Penicillin', 'Rash', 'mild', $2, $3) RETURNING id",
    )
    .bind(world.patient_at_leeds)
    .bind(world.leeds)
    .bind(world.leeds_nurse.staff_id)
    .fetch_one(&pool)
    .await
    .expect("insert allergy");

    let without_reason =
        sqlx::query("UPDATE allergy SET entered_in_error_at = now(), entered_in_error_by = $2 WHERE id = $1")
            .bind(allergy)
            .bind(world.leeds_nurse.staff_id)
            .execute(&pool)
            .await;
    assert!(without_reason.is_err(), "entered in error without a reason must be refused");

    sqlx::query(
        "UPDATE allergy SET entered_in_error_at = now(), entered_in_error_by = $2, entered_in_error_reason = 'Wrong patient' WHERE id = $1",
    )
    .bind(allergy)
    .bind(world.leeds_nurse.staff_id)
    .execute(&pool)
    .await
    .expect("correction with a reason");
    let still_there: i64 = sqlx::query_scalar("SELECT count(*) FROM allergy WHERE id = $1")
        .bind(allergy)
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(still_there, 1);
}

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::{AlertType, OpenAlert};
use crate::access::authorize_patient;
use crate::audit::AuditAction;
use crate::auth::ssr::StaffContext;
use crate::domain::access::Intent;
use crate::error::AppError;

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, patient_id = %patient_id))]
pub async fn record_allergy(
    pool: &PgPool,
    patient_id: Uuid,
    staff: &StaffContext,
    substance: &str,
    reaction: &str,
    severity: &str,
    certainty: &str,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "INSERT INTO allergy (patient_id, substance, reaction, severity, certainty, establishment_id, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        patient_id,
        substance,
        reaction,
        severity,
        certainty,
        staff.establishment_id,
        staff.staff_id
    )
    .execute(&mut *tx)
    .await?;
    // An allergy on record supersedes an earlier "no known allergies".
    sqlx::query!(
        "UPDATE patient SET no_known_allergies_at = NULL, no_known_allergies_by = NULL
         WHERE id = $1 AND no_known_allergies_at IS NOT NULL",
        patient_id
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, patient_id = %patient_id))]
pub async fn record_no_known_allergies(
    pool: &PgPool,
    patient_id: Uuid,
    staff: &StaffContext,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let active = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM allergy WHERE patient_id = $1 AND entered_in_error_at IS NULL"#,
        patient_id
    )
    .fetch_one(&mut *tx)
    .await?;
    if active > 0 {
        return Err(AppError::invalid(
            "allergies",
            "Allergies are on record for this patient; mark them entered in error first if they are wrong.",
        ));
    }
    sqlx::query!(
        "UPDATE patient SET no_known_allergies_at = now(), no_known_allergies_by = $2 WHERE id = $1",
        patient_id,
        staff.staff_id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO timeline_entry (patient_id, kind, occurred_at, establishment_id, custody_episode_id, author_id, author_role, summary)
         VALUES ($1, 'allergy', now(), $2, custody_episode_at($1, now()), $3, $4, 'No known allergies recorded')",
        patient_id,
        staff.establishment_id,
        staff.staff_id,
        staff.role as _
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn alert_types(pool: &PgPool) -> Result<Vec<AlertType>, AppError> {
    Ok(sqlx::query_as!(AlertType, "SELECT code, name FROM alert_type ORDER BY priority")
        .fetch_all(pool)
        .await?)
}

pub async fn open_alerts(pool: &PgPool, patient_id: Uuid) -> Result<Vec<OpenAlert>, AppError> {
    Ok(sqlx::query_as!(
        OpenAlert,
        r#"SELECT a.id, t.name, a.starts_at AS "since: DateTime<Utc>", a.note
           FROM alert a JOIN alert_type t ON t.code = a.alert_type
           WHERE a.patient_id = $1 AND a.ends_at IS NULL AND a.entered_in_error_at IS NULL
           ORDER BY t.priority"#,
        patient_id
    )
    .fetch_all(pool)
    .await?)
}

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, patient_id = %patient_id))]
pub async fn raise_alert(
    pool: &PgPool,
    patient_id: Uuid,
    staff: &StaffContext,
    alert_type: &str,
    note: &str,
) -> Result<(), AppError> {
    let known = sqlx::query_scalar!("SELECT name FROM alert_type WHERE code = $1", alert_type)
        .fetch_optional(pool)
        .await?;
    let Some(name) = known else {
        return Err(AppError::invalid("alert_type", "That alert type does not exist."));
    };
    let inserted = sqlx::query!(
        "INSERT INTO alert (patient_id, alert_type, starts_at, note, establishment_id, raised_by)
         VALUES ($1, $2, now(), $3, $4, $5)
         ON CONFLICT (patient_id, alert_type) WHERE ends_at IS NULL AND entered_in_error_at IS NULL DO NOTHING",
        patient_id,
        alert_type,
        note,
        staff.establishment_id,
        staff.staff_id
    )
    .execute(pool)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(AppError::invalid("alert_type", format!("'{name}' is already open for this patient.")));
    }
    Ok(())
}

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, alert_id = %alert_id))]
pub async fn close_alert(
    pool: &PgPool,
    staff: &StaffContext,
    alert_id: Uuid,
    reason: &str,
) -> Result<(), AppError> {
    let patient_id = sqlx::query_scalar!("SELECT patient_id FROM alert WHERE id = $1", alert_id)
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| AppError::NotFound("That alert does not exist.".to_owned()))?;
    authorize_patient(pool, staff, patient_id, Intent::Write, AuditAction::AlertClose).await?;
    let closed = sqlx::query!(
        "UPDATE alert SET ends_at = now(), closed_by = $2, closed_reason = $3
         WHERE id = $1 AND ends_at IS NULL AND entered_in_error_at IS NULL",
        alert_id,
        staff.staff_id,
        reason
    )
    .execute(pool)
    .await?;
    if closed.rows_affected() == 0 {
        return Err(AppError::invalid("reason", "This alert is already closed."));
    }
    Ok(())
}

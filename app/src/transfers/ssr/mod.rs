//! The transfer steps on the server. Every step locks the patient's whereabouts row first, so two
//! users moving the same patient at once are serialised and the second sees the first's result.

mod custody;
mod details;
pub mod handover;
mod lists;
mod movement;
mod reception;

pub use custody::*;
pub use details::*;
pub use lists::*;
pub use movement::*;
pub use reception::*;

use chrono::{NaiveDate, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::{HandoverStage, MovementPanelData};
use crate::audit::AuditAction;
use crate::auth::ssr::StaffContext;
use crate::domain::Capability;
use crate::domain::movement::MovementAction;
use crate::domain::transfer::{DepartureBlock, TransferStatus, check_departure};
use crate::error::AppError;

fn required(field: &str, value: &str, message: &str) -> Result<String, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::invalid(field, message));
    }
    if value.chars().count() > 1_000 {
        return Err(AppError::invalid(field, "Keep this under 1,000 characters."));
    }
    Ok(value.to_owned())
}

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, patient_id = %patient_id))]
pub async fn panel(
    pool: &PgPool,
    staff: &StaffContext,
    patient_id: Uuid,
) -> Result<MovementPanelData, AppError> {
    let banner = crate::record::ssr::banner(pool, patient_id).await?;
    let situation = sqlx::query!(
        "SELECT establishment_id, to_establishment_id FROM patient_whereabouts WHERE patient_id = $1",
        patient_id
    )
    .fetch_optional(pool)
    .await?;
    let (held_by, going_to) =
        situation.map(|s| (s.establishment_id, s.to_establishment_id)).unwrap_or_default();
    let transfer = open_transfer(pool, patient_id).await?;
    Ok(MovementPanelData {
        status: banner.status,
        whereabouts: banner.whereabouts,
        transfer,
        at_sending_establishment: held_by == Some(staff.establishment_id),
        incoming_here: going_to == Some(staff.establishment_id),
        medical_hold: banner.alerts.iter().any(|a| a.code == "MEDICAL_HOLD"),
        destinations: destinations(pool, staff.establishment_id).await?,
        may_confirm_fit: staff.role.may(Capability::ConfirmFitToTransfer),
        may_override_hold: staff.role.may(Capability::OverrideMedicalHold),
    })
}

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, patient_id = %patient_id))]
pub async fn schedule(
    pool: &PgPool,
    staff: &StaffContext,
    patient_id: Uuid,
    to_code: &str,
    planned_for: NaiveDate,
    reason: &str,
) -> Result<Uuid, AppError> {
    let reason = required("reason", reason, "Say why the patient is being transferred.")?;
    if planned_for < crate::domain::round_schedule::london_date(Utc::now()) {
        return Err(AppError::invalid("planned_for", "The planned date cannot be in the past."));
    }
    let mut tx = pool.begin().await?;
    let position = lock_position(&mut tx, patient_id).await?;
    let to = establishment_id(&mut *tx, to_code).await?;
    // Checked now so the user hears at once that the destination makes no sense.
    crate::domain::movement::apply(position.position, MovementAction::Depart { to })
        .map_err(|refusal| AppError::invalid("to", refusal.to_string()))?;
    if position.position.responsible_establishment() != Some(staff.establishment_id) {
        return Err(AppError::invalid(
            "to",
            "Only the establishment holding the patient can schedule their transfer.",
        ));
    }
    let existing = sqlx::query_scalar!(
        "SELECT count(*) AS \"n!\" FROM transfer WHERE patient_id = $1 AND status IN ('scheduled', 'departed')",
        patient_id
    )
    .fetch_one(&mut *tx)
    .await?;
    if existing > 0 {
        return Err(AppError::Conflict(
            "This patient already has a transfer scheduled. Cancel it before scheduling another.".to_owned(),
        ));
    }
    let episode = position
        .custody_episode_id
        .ok_or_else(|| AppError::invalid("to", "The patient is not in a custody episode."))?;
    let id = sqlx::query_scalar!(
        "INSERT INTO transfer (patient_id, custody_episode_id, from_establishment_id, to_establishment_id, planned_for, reason, scheduled_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        patient_id,
        episode,
        staff.establishment_id,
        to,
        planned_for as _,
        reason,
        staff.staff_id
    )
    .fetch_one(&mut *tx)
    .await?;
    handover::store(&mut tx, pool, staff, patient_id, id, HandoverStage::Scheduled).await?;
    tx.commit().await?;
    tracing::info!(transfer_id = %id, %patient_id, "transfer scheduled");
    Ok(id)
}

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, patient_id = %patient_id, transfer_id = %transfer_id))]
pub async fn confirm_fit(
    pool: &PgPool,
    staff: &StaffContext,
    patient_id: Uuid,
    transfer_id: Uuid,
    note: &str,
) -> Result<(), AppError> {
    // A role that may not do this is refused, like every other role rule, not told its note is wrong.
    crate::access::require_capability(
        pool,
        staff,
        Capability::ConfirmFitToTransfer,
        AuditAction::TransferConfirmFitRole,
    )
    .await?;
    let note = note.trim();
    let mut tx = pool.begin().await?;
    let transfer = lock_transfer(&mut tx, transfer_id, patient_id).await?;
    transfer.expect_sending(staff, TransferStatus::Scheduled)?;
    sqlx::query!(
        "UPDATE transfer SET fit_confirmed_by = $2, fit_confirmed_at = now(), fit_note = NULLIF($3, '') WHERE id = $1",
        transfer_id,
        staff.staff_id,
        note
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, patient_id = %patient_id, transfer_id = %transfer_id))]
pub async fn depart(
    pool: &PgPool,
    staff: &StaffContext,
    patient_id: Uuid,
    transfer_id: Uuid,
    hold_override_reason: Option<&str>,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let transfer = lock_transfer(&mut tx, transfer_id, patient_id).await?;
    transfer.expect_sending(staff, TransferStatus::Scheduled)?;
    let position = lock_position(&mut tx, transfer.patient_id).await?;
    let hold = sqlx::query_scalar!(r#"SELECT medical_hold_active($1) AS "held!""#, transfer.patient_id)
        .fetch_one(&mut *tx)
        .await?;
    let override_reason = hold_override_reason.map(str::trim).filter(|r| !r.is_empty());
    if let Err(block) = check_departure(
        transfer.fit_confirmed,
        hold,
        override_reason,
        staff.role.may(Capability::OverrideMedicalHold),
    ) {
        return Err(match block {
            // A refusal of the user's role, not a mistake in the form: kept in the audit trail.
            DepartureBlock::MayNotOverrideHold => {
                tx.rollback().await?;
                crate::audit::record(
                    pool,
                    crate::audit::AuditEntry::by_staff(
                        staff,
                        Some(transfer.patient_id),
                        AuditAction::TransferDepartOverrideMedicalHold,
                        crate::audit::Outcome::Refused,
                        "role may not override a Medical hold",
                    ),
                )
                .await?;
                AppError::Refused(crate::domain::access::Refusal::MayNotOverrideMedicalHold)
            }
            other => AppError::invalid("hold_override_reason", other.to_string()),
        });
    }
    let movement = record_movement(
        &mut tx,
        staff,
        transfer.patient_id,
        &position,
        MovementAction::Depart { to: transfer.to_establishment_id },
        None,
        Some(&transfer.reason),
    )
    .await?;
    sqlx::query!(
        "UPDATE transfer SET status = 'departed', departed_by = $2, departed_at = now(), departure_movement_id = $3,
                medical_hold_override_by = CASE WHEN $4::text IS NULL THEN NULL ELSE $2::uuid END,
                medical_hold_override_reason = $4
         WHERE id = $1",
        transfer_id,
        staff.staff_id,
        movement,
        if hold { override_reason } else { None }
    )
    .execute(&mut *tx)
    .await?;
    handover::store(&mut tx, pool, staff, transfer.patient_id, transfer_id, HandoverStage::Departed).await?;
    tx.commit().await?;
    tracing::info!(%transfer_id, hold_overridden = hold, "patient departed");
    Ok(())
}

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, patient_id = %patient_id, transfer_id = %transfer_id))]
pub async fn cancel(
    pool: &PgPool,
    staff: &StaffContext,
    patient_id: Uuid,
    transfer_id: Uuid,
    reason: &str,
) -> Result<(), AppError> {
    let reason = required("reason", reason, "Say why the transfer is cancelled.")?;
    let mut tx = pool.begin().await?;
    let transfer = lock_transfer(&mut tx, transfer_id, patient_id).await?;
    transfer.expect_sending(staff, TransferStatus::Scheduled)?;
    sqlx::query!(
        "UPDATE transfer SET status = 'cancelled', cancelled_by = $2, cancelled_at = now(), cancelled_reason = $3 WHERE id = $1",
        transfer_id,
        staff.staff_id,
        reason
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sends a patient already on the road somewhere else (including back to the sender).
#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, patient_id = %patient_id, transfer_id = %transfer_id))]
pub async fn redirect(
    pool: &PgPool,
    staff: &StaffContext,
    patient_id: Uuid,
    transfer_id: Uuid,
    to_code: &str,
    reason: &str,
) -> Result<(), AppError> {
    let reason = required("reason", reason, "Say why the transfer is redirected.")?;
    let mut tx = pool.begin().await?;
    let transfer = lock_transfer(&mut tx, transfer_id, patient_id).await?;
    if transfer.status != TransferStatus::Departed {
        return Err(AppError::invalid(
            "to",
            "Only a patient in transit can be redirected; change a scheduled transfer by cancelling it.",
        ));
    }
    if staff.establishment_id != transfer.from_establishment_id
        && staff.establishment_id != transfer.to_establishment_id
    {
        return Err(AppError::invalid(
            "to",
            "Only the sending or receiving establishment can redirect this transfer.",
        ));
    }
    let to = establishment_id(&mut *tx, to_code).await?;
    let position = lock_position(&mut tx, transfer.patient_id).await?;
    let movement = record_movement(
        &mut tx,
        staff,
        transfer.patient_id,
        &position,
        MovementAction::Redirect { to },
        None,
        Some(&reason),
    )
    .await?;
    sqlx::query!(
        "INSERT INTO transfer_redirect (transfer_id, from_destination_id, to_destination_id, reason, movement_id, redirected_by)
         VALUES ($1, $2, $3, $4, $5, $6)",
        transfer_id,
        transfer.to_establishment_id,
        to,
        reason,
        movement,
        staff.staff_id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!("UPDATE transfer SET to_establishment_id = $2 WHERE id = $1", transfer_id, to)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

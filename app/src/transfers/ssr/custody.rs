//! Movements that are not transfers: court, hospital escort and other temporary absence.

use sqlx::PgPool;
use uuid::Uuid;

use super::movement::{lock_position, record_movement};
use crate::auth::ssr::StaffContext;
use crate::domain::movement::MovementAction;
use crate::error::AppError;
use crate::transfers::CustodyMovement;

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, patient_id = %patient_id))]
pub async fn record_custody_movement(
    pool: &PgPool,
    staff: &StaffContext,
    patient_id: Uuid,
    movement: CustodyMovement,
    reason: &str,
) -> Result<(), AppError> {
    let reason = reason.trim();
    if reason.chars().count() > 1_000 {
        return Err(AppError::invalid("reason", "Keep this under 1,000 characters."));
    }
    let mut tx = pool.begin().await?;
    let position = lock_position(&mut tx, patient_id).await?;
    if position.position.responsible_establishment() != Some(staff.establishment_id) {
        return Err(AppError::invalid(
            "movement",
            "Only the establishment holding the patient records this movement.",
        ));
    }
    let action = match movement {
        CustodyMovement::CourtOut => MovementAction::CourtOut,
        CustodyMovement::CourtReturn => MovementAction::CourtReturn,
        CustodyMovement::TemporaryAbsenceOut => MovementAction::TemporaryAbsenceOut,
        CustodyMovement::TemporaryAbsenceReturn => MovementAction::TemporaryAbsenceReturn,
    };
    let reason = (!reason.is_empty()).then_some(reason);
    record_movement(&mut tx, staff, patient_id, &position, action, None, reason).await?;
    tx.commit().await?;
    Ok(())
}

/// The court sends the patient to another prison instead of back: they are in transit there, and
/// the receiving establishment receives them as from any transfer.
#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, patient_id = %patient_id))]
pub async fn remand_elsewhere(
    pool: &PgPool,
    staff: &StaffContext,
    patient_id: Uuid,
    to_code: &str,
    reason: &str,
) -> Result<(), AppError> {
    let reason = super::required("reason", reason, "Say which court and why they go elsewhere.")?;
    let mut tx = pool.begin().await?;
    let to = super::establishment_id(&mut *tx, to_code).await?;
    let position = lock_position(&mut tx, patient_id).await?;
    if position.position.responsible_establishment() != Some(staff.establishment_id) {
        return Err(AppError::invalid(
            "movement",
            "Only the establishment holding the patient records this movement.",
        ));
    }
    record_movement(
        &mut tx,
        staff,
        patient_id,
        &position,
        MovementAction::RemandedElsewhere { to },
        None,
        Some(&reason),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

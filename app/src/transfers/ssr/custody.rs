//! Movements that are not transfers: court, hospital escort and other temporary absence, release.

use sqlx::PgPool;
use uuid::Uuid;

use super::movement::{lock_position, record_movement};
use crate::auth::ssr::StaffContext;
use crate::domain::movement::MovementAction;
use crate::error::AppError;
use crate::transfers::CustodyMovement;

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
        CustodyMovement::Release => MovementAction::Release,
    };
    let reason = (!reason.is_empty()).then_some(reason);
    record_movement(&mut tx, staff, patient_id, &position, action, None, reason).await?;
    if movement == CustodyMovement::Release {
        // The episode ends, and a transfer planned for someone now free is moot.
        sqlx::query!(
            "UPDATE custody_episode SET ended_at = now() WHERE id = $1 AND ended_at IS NULL",
            position.custody_episode_id
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query!(
            "UPDATE transfer SET status = 'cancelled', cancelled_by = $2, cancelled_at = now(), cancelled_reason = 'Patient released'
             WHERE patient_id = $1 AND status = 'scheduled'",
            patient_id,
            staff.staff_id
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

//! Appointments follow the patient: on reception elsewhere each outstanding one is closed at the
//! sending establishment and opened at the receiving one as "to rebook"; nothing is dropped.

use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use crate::auth::ssr::StaffContext;
use crate::error::AppError;

/// Called in the transaction that receives the patient at `staff`'s establishment.
#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, patient_id = %patient_id))]
pub async fn carry_over(
    tx: &mut Transaction<'_, Postgres>,
    staff: &StaffContext,
    patient_id: Uuid,
) -> Result<u64, AppError> {
    let carried = sqlx::query!(
        "WITH closed AS (
             UPDATE appointment SET status = 'transferred', outcome_by = $3, outcome_at = now(),
                    outcome_note = 'Patient transferred; carried to the receiving establishment'
             WHERE patient_id = $1 AND establishment_id <> $2 AND status IN ('waiting', 'booked', 'to_rebook')
             RETURNING id, clinic_kind, reason, priority, escort_required, security_note, requested_at)
         INSERT INTO appointment (patient_id, establishment_id, clinic_kind, clinic_id, reason, priority, status,
                                  escort_required, security_note, requested_at, booked_by, continues_id)
         SELECT $1, $2, c.clinic_kind,
                (SELECT k.id FROM clinic k WHERE k.establishment_id = $2 AND k.kind = c.clinic_kind ORDER BY k.name LIMIT 1),
                c.reason, c.priority, 'to_rebook', c.escort_required, c.security_note, c.requested_at, $3, c.id
         FROM closed c",
        patient_id,
        staff.establishment_id,
        staff.staff_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(carried.rows_affected())
}

/// On release nothing more is booked in custody; outstanding appointments close as released.
#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, patient_id = %patient_id))]
pub async fn close_on_release(
    tx: &mut Transaction<'_, Postgres>,
    staff: &StaffContext,
    patient_id: Uuid,
) -> Result<(), AppError> {
    sqlx::query!(
        "UPDATE appointment SET status = 'released', outcome_by = $2, outcome_at = now(), outcome_note = 'Patient released'
         WHERE patient_id = $1 AND status IN ('waiting', 'booked', 'to_rebook')",
        patient_id,
        staff.staff_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

use sqlx::PgExecutor;
use uuid::Uuid;

use super::AuditAction;
use crate::error::AppError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Allowed,
    Refused,
    Failed,
}

impl Outcome {
    fn as_db(self) -> &'static str {
        match self {
            Outcome::Allowed => "allowed",
            Outcome::Refused => "refused",
            Outcome::Failed => "failed",
        }
    }
}

/// One audit entry; its action is stored as its dotted code (`patient.banner.read`).
#[derive(Clone, Copy, Debug)]
pub struct AuditEntry<'a> {
    pub staff_id: Option<Uuid>,
    pub establishment_id: Option<Uuid>,
    pub patient_id: Option<Uuid>,
    pub action: AuditAction,
    pub outcome: Outcome,
    /// Why, in words that hold no clinical content (e.g. the refusal reason).
    pub detail: &'a str,
}

impl<'a> AuditEntry<'a> {
    /// An entry for what a signed-in member of staff did, at the establishment they work at.
    pub fn by_staff(
        staff: &crate::auth::ssr::StaffContext,
        patient_id: Option<Uuid>,
        action: AuditAction,
        outcome: Outcome,
        detail: &'a str,
    ) -> Self {
        Self {
            staff_id: Some(staff.staff_id),
            establishment_id: Some(staff.establishment_id),
            patient_id,
            action,
            outcome,
            detail,
        }
    }
}

pub async fn record(db: impl PgExecutor<'_>, entry: AuditEntry<'_>) -> Result<(), AppError> {
    sqlx::query!(
        "INSERT INTO audit_event (staff_id, establishment_id, patient_id, action, outcome, detail)
         VALUES ($1, $2, $3, $4, $5, $6)",
        entry.staff_id,
        entry.establishment_id,
        entry.patient_id,
        entry.action.code(),
        entry.outcome.as_db(),
        entry.detail,
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Audits something a member of staff did that concerns no single patient (a search, a list).
pub async fn record_staff_action(
    db: impl PgExecutor<'_>,
    staff: &crate::auth::ssr::StaffContext,
    action: AuditAction,
    detail: &str,
) -> Result<(), AppError> {
    record(db, AuditEntry::by_staff(staff, None, action, Outcome::Allowed, detail)).await
}

/// Audits something a member of staff was allowed to do to one patient's record.
pub async fn record_patient_action(
    db: impl PgExecutor<'_>,
    staff: &crate::auth::ssr::StaffContext,
    patient_id: Uuid,
    action: AuditAction,
    detail: &str,
) -> Result<(), AppError> {
    record(db, AuditEntry::by_staff(staff, Some(patient_id), action, Outcome::Allowed, detail)).await
}

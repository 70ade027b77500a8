use sqlx::PgPool;
use uuid::Uuid;

use crate::audit::{self, AuditEntry, Outcome};
use crate::auth::ssr::StaffContext;
use crate::domain::access::{Intent, PatientSituation, decide, relationship};
use crate::domain::{PrisonNumber, WhereaboutsStatus};
use crate::error::AppError;

/// Where the patient is now. A patient never admitted anywhere has no situation and is
/// treated as being elsewhere.
pub async fn patient_situation(
    pool: &PgPool,
    patient_id: Uuid,
) -> Result<Option<PatientSituation>, AppError> {
    let row = sqlx::query!(
        "SELECT status, establishment_id, to_establishment_id FROM patient_whereabouts WHERE patient_id = $1",
        patient_id
    )
    .fetch_optional(pool)
    .await?;
    row.map(|r| {
        let status = WhereaboutsStatus::from_db(&r.status).ok_or_else(|| {
            tracing::error!(%patient_id, "unknown whereabouts status");
            AppError::Internal
        })?;
        Ok(PatientSituation {
            status,
            establishment_id: r.establishment_id,
            destination_id: r.to_establishment_id,
        })
    })
    .transpose()
}

/// Decides whether `staff` may do `action` (e.g. `patient.banner.read`) with `intent` on the
/// patient's record, and writes the audit entry either way.
pub async fn authorize_patient(
    pool: &PgPool,
    staff: &StaffContext,
    patient_id: Uuid,
    intent: Intent,
    action: &str,
) -> Result<(), AppError> {
    let situation = patient_situation(pool, patient_id).await?;
    decide_and_audit(pool, staff, patient_id, situation, intent, action).await
}

async fn decide_and_audit(
    pool: &PgPool,
    staff: &StaffContext,
    patient_id: Uuid,
    situation: Option<PatientSituation>,
    intent: Intent,
    action: &str,
) -> Result<(), AppError> {
    let rel = match &situation {
        Some(s) => relationship(s, staff.establishment_id),
        None => crate::domain::access::Relationship::Elsewhere,
    };
    let decision = decide(staff.role, rel, intent);
    let (outcome, detail) = match &decision {
        Ok(()) => (Outcome::Allowed, String::new()),
        Err(refusal) => (Outcome::Refused, format!("{refusal:?}")),
    };
    audit::record(
        pool,
        AuditEntry {
            staff_id: Some(staff.staff_id),
            establishment_id: Some(staff.establishment_id),
            patient_id: Some(patient_id),
            action,
            outcome,
            detail: &detail,
        },
    )
    .await?;
    if let Err(refusal) = decision {
        tracing::info!(staff_id = %staff.staff_id, %patient_id, action, ?refusal, "patient access refused");
    }
    decision.map_err(AppError::from)
}

/// The usual start of a patient server function: a signed-in user, the patient named by prison
/// number, and an audited access decision. The staff member, the patient and where the patient is
/// are read in one round trip, because every patient screen pays for this on every request.
pub async fn authorize_prison_number(
    state: &crate::state::AppState,
    prison_number: &str,
    intent: Intent,
    action: &str,
) -> Result<(Uuid, StaffContext), AppError> {
    use crate::auth::ssr::{staff_from_row, working_session};

    let prison_number =
        PrisonNumber::parse(prison_number).map_err(|e| AppError::invalid("prison_number", e.to_string()))?;
    let (session, auth, establishment_id) = working_session(&state.session_rules).await?;
    let row = sqlx::query!(
        r#"SELECT s.display_name, s.role, p.id AS "patient_id?", w.status AS "status?",
                  w.establishment_id AS "held_at?", w.to_establishment_id AS "going_to?"
           FROM staff s
           JOIN staff_establishment se ON se.staff_id = s.id AND se.establishment_id = $2
           LEFT JOIN patient p ON p.prison_number = $3
           LEFT JOIN patient_whereabouts w ON w.patient_id = p.id
           WHERE s.id = $1 AND s.active"#,
        auth.staff_id,
        establishment_id,
        prison_number.as_str(),
    )
    .fetch_optional(&state.pool)
    .await?;
    let staff = staff_from_row(
        &session,
        &auth,
        establishment_id,
        row.as_ref().map(|r| (r.display_name.clone(), r.role.clone())),
    )
    .await?;
    // Present: staff_from_row has already refused a missing row.
    let Some(row) = row else { return Err(AppError::NotSignedIn) };
    let patient_id = row
        .patient_id
        .ok_or_else(|| AppError::NotFound(format!("No patient has prison number {prison_number}.")))?;
    let situation = match row.status.as_deref() {
        Some(status) => Some(PatientSituation {
            status: WhereaboutsStatus::from_db(status).ok_or(AppError::Internal)?,
            establishment_id: row.held_at,
            destination_id: row.going_to,
        }),
        None => None,
    };
    decide_and_audit(&state.pool, &staff, patient_id, situation, intent, action).await?;
    Ok((patient_id, staff))
}

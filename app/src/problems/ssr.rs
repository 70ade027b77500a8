use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::{ActiveProblem, ProblemConcept};
use crate::access::authorize_patient;
use crate::audit::AuditAction;
use crate::auth::ssr::StaffContext;
use crate::domain::access::Intent;
use crate::error::AppError;

pub async fn search_concepts(pool: &PgPool, query: &str) -> Result<Vec<ProblemConcept>, AppError> {
    Ok(sqlx::query_as!(
        ProblemConcept,
        r#"SELECT snomed_id, term FROM problem_concept
           WHERE word_similarity($1, term) >= 0.3 OR term ILIKE '%' || $2 || '%'
           ORDER BY word_similarity($1, term) DESC, length(term), term
           LIMIT 10"#,
        query,
        crate::search_text::like_escape(query),
    )
    .fetch_all(pool)
    .await?)
}

pub async fn active_problems(pool: &PgPool, patient_id: Uuid) -> Result<Vec<ActiveProblem>, AppError> {
    Ok(sqlx::query_as!(
        ActiveProblem,
        r#"SELECT p.id, c.snomed_id, c.term, p.recorded_at AS "since: DateTime<Utc>"
           FROM problem p JOIN problem_concept c ON c.snomed_id = p.concept_id
           WHERE p.patient_id = $1 AND p.status = 'active' AND p.entered_in_error_at IS NULL
           ORDER BY p.recorded_at DESC"#,
        patient_id
    )
    .fetch_all(pool)
    .await?)
}

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, patient_id = %patient_id))]
pub async fn record_problem(
    pool: &PgPool,
    patient_id: Uuid,
    staff: &StaffContext,
    concept_id: i64,
    note: &str,
) -> Result<(), AppError> {
    let term = sqlx::query_scalar!("SELECT term FROM problem_concept WHERE snomed_id = $1", concept_id)
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| {
            AppError::invalid("concept_id", "That SNOMED CT concept is not in the problem list.")
        })?;
    let inserted = sqlx::query!(
        "INSERT INTO problem (patient_id, concept_id, note, establishment_id, recorded_by)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (patient_id, concept_id) WHERE status = 'active' AND entered_in_error_at IS NULL DO NOTHING",
        patient_id,
        concept_id,
        note,
        staff.establishment_id,
        staff.staff_id
    )
    .execute(pool)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(AppError::invalid("concept_id", format!("'{term}' is already an active problem.")));
    }
    Ok(())
}

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, problem_id = %problem_id))]
pub async fn resolve_problem(pool: &PgPool, staff: &StaffContext, problem_id: Uuid) -> Result<(), AppError> {
    let patient_id = sqlx::query_scalar!("SELECT patient_id FROM problem WHERE id = $1", problem_id)
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| AppError::NotFound("That problem does not exist.".to_owned()))?;
    authorize_patient(pool, staff, patient_id, Intent::Write, AuditAction::ProblemResolve).await?;
    let resolved = sqlx::query!(
        "UPDATE problem SET status = 'resolved', resolved_at = now(), resolved_by = $2
         WHERE id = $1 AND status = 'active' AND entered_in_error_at IS NULL",
        problem_id,
        staff.staff_id
    )
    .execute(pool)
    .await?;
    if resolved.rows_affected() == 0 {
        return Err(AppError::invalid("problem_id", "This problem is already resolved."));
    }
    Ok(())
}

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::{BreakGlassFilter, BreakGlassUse, Review, ReviewOutcome};
use crate::audit::{self, AuditEntry, Outcome};
use crate::auth::ssr::StaffContext;
use crate::domain::Role;
use crate::domain::access::Refusal;
use crate::domain::break_glass::{BreakGlassRefusal, may_break_glass, reason as checked_reason};
use crate::error::AppError;
use crate::state::AppState;

/// The report lists at most this many uses; a narrower period or filter shows the rest.
const REPORT_LIMIT: i64 = 500;

pub async fn start(state: &AppState, prison_number: &str, reason: &str) -> Result<DateTime<Utc>, AppError> {
    // The reason is checked before the prison number is looked up: otherwise "reason too short"
    // for a patient elsewhere, against a refusal for a number nobody has, would tell anyone
    // whether a prison number exists nationally. Audited either way.
    if let Err(refusal) = checked_reason(reason) {
        let staff = crate::auth::ssr::staff_context(&state.pool, &state.session_rules).await?;
        // The trail names the patient when there is one; the answer is the same either way.
        let patient_id = match crate::domain::PrisonNumber::parse(prison_number) {
            Ok(number) => {
                sqlx::query_scalar!("SELECT id FROM patient WHERE prison_number = $1", number.as_str())
                    .fetch_optional(&state.pool)
                    .await?
            }
            Err(_) => None,
        };
        let detail = format!("{refusal:?}");
        audit::record(
            &state.pool,
            AuditEntry::by_staff(&staff, patient_id, "break_glass.start", Outcome::Refused, &detail),
        )
        .await?;
        return Err(AppError::invalid("reason", refusal.to_string()));
    }
    let (patient_id, staff, relationship) = crate::access::relationship_to(state, prison_number).await?;
    let checked = may_break_glass(staff.role, relationship).and_then(|()| checked_reason(reason));
    let reason = match checked {
        Ok(reason) => reason,
        Err(refusal) => {
            audit_start(&state.pool, &staff, patient_id, Outcome::Refused, &format!("{refusal:?}")).await?;
            return Err(match refusal {
                BreakGlassRefusal::ReasonTooShort | BreakGlassRefusal::ReasonTooLong => {
                    AppError::invalid("reason", refusal.to_string())
                }
                BreakGlassRefusal::NotClinical => AppError::Refused(Refusal::RoleHasNoClinicalAccess),
                BreakGlassRefusal::AlreadyHasAccess => AppError::Conflict(refusal.to_string()),
            });
        }
    };
    let minutes =
        i32::try_from(state.session_rules.break_glass_duration.as_secs() / 60).unwrap_or(i32::MAX).max(1);
    let mut tx = state.pool.begin().await?;
    let until = sqlx::query_scalar!(
        r#"INSERT INTO break_glass_access (staff_id, establishment_id, patient_id, patient_establishment_id, reason, expires_at)
           SELECT $1, $2, $3,
                  (SELECT w.establishment_id FROM patient_whereabouts w WHERE w.patient_id = $3 AND w.status <> 'in_transit'),
                  $4, now() + make_interval(mins => $5)
           RETURNING expires_at AS "expires_at: DateTime<Utc>""#,
        staff.staff_id,
        staff.establishment_id,
        patient_id,
        reason,
        minutes,
    )
    .fetch_one(&mut *tx)
    .await?;
    audit_start(&mut *tx, &staff, patient_id, Outcome::Allowed, "").await?;
    tx.commit().await?;
    tracing::info!(staff_id = %staff.staff_id, %patient_id, "break-glass access started");
    Ok(until)
}

async fn audit_start(
    db: impl sqlx::PgExecutor<'_>,
    staff: &StaffContext,
    patient_id: Uuid,
    outcome: Outcome,
    detail: &str,
) -> Result<(), AppError> {
    audit::record(
        db,
        AuditEntry {
            staff_id: Some(staff.staff_id),
            establishment_id: Some(staff.establishment_id),
            patient_id: Some(patient_id),
            action: "break_glass.start",
            outcome,
            detail,
        },
    )
    .await
}

/// A healthcare manager's function: a refusal is audited, as every refusal is.
async fn require_manager(pool: &PgPool, staff: &StaffContext, action: &str) -> Result<(), AppError> {
    let manager = staff.role == Role::HealthcareManager;
    crate::access::require_role(pool, staff, manager, Refusal::NotAHealthcareManager, action).await
}

/// Uses by the manager's staff, or of patients held at the manager's establishment at the time.
pub async fn report(
    pool: &PgPool,
    staff: &StaffContext,
    filter: &BreakGlassFilter,
) -> Result<Vec<BreakGlassUse>, AppError> {
    require_manager(pool, staff, "break_glass.report.read").await?;
    // Typed `%`, `_` and `\` match themselves, not any text.
    let user = crate::search_text::like_escape(&filter.user.trim().to_lowercase());
    let prison_number = filter.prison_number.trim().to_uppercase();
    let rows = sqlx::query!(
        r#"SELECT b.id, b.started_at AS "started_at: DateTime<Utc>", b.expires_at AS "expires_at: DateTime<Utc>",
                  s.display_name, s.username, s.role, fe.code AS from_code,
                  p.prison_number, p.given_name, p.family_name, pe.code AS "patient_at?",
                  b.reason, r.display_name AS "reviewer?", b.reviewed_at AS "reviewed_at: DateTime<Utc>",
                  b.review_outcome, b.review_note
           FROM break_glass_access b
           JOIN staff s ON s.id = b.staff_id
           JOIN establishment fe ON fe.id = b.establishment_id
           JOIN patient p ON p.id = b.patient_id
           LEFT JOIN establishment pe ON pe.id = b.patient_establishment_id
           LEFT JOIN staff r ON r.id = b.reviewed_by
           WHERE (b.establishment_id = $1 OR b.patient_establishment_id = $1)
             AND ($2::date IS NULL OR b.started_at >= ($2::date AT TIME ZONE 'Europe/London'))
             AND ($3::date IS NULL OR b.started_at < (($3::date + 1) AT TIME ZONE 'Europe/London'))
             AND ($4 = '' OR s.username LIKE '%' || $4 || '%' OR lower(s.display_name) LIKE '%' || $4 || '%')
             AND ($5 = '' OR p.prison_number = $5)
             AND (NOT $6 OR b.reviewed_at IS NULL)
           ORDER BY b.started_at DESC
           LIMIT $7"#,
        staff.establishment_id,
        filter.from as _,
        filter.to as _,
        user,
        prison_number,
        filter.unreviewed_only,
        REPORT_LIMIT,
    )
    .fetch_all(pool)
    .await?;
    audit::record_staff_action(pool, staff, "break_glass.report.read", "").await?;
    rows.into_iter()
        .map(|r| {
            let review = match (
                r.reviewer,
                r.reviewed_at,
                r.review_outcome.as_deref().and_then(ReviewOutcome::from_db),
            ) {
                (Some(by), Some(at), Some(outcome)) => Some(Review { by, at, outcome, note: r.review_note }),
                _ => None,
            };
            let role = Role::from_db(&r.role).map(|role| role.title().to_owned()).unwrap_or(r.role);
            Ok(BreakGlassUse {
                id: r.id,
                started_at: r.started_at,
                expires_at: r.expires_at,
                staff_name: r.display_name,
                staff_username: r.username,
                staff_role: role,
                from_establishment: r.from_code,
                prison_number: r.prison_number,
                patient_name: format!("{}, {}", r.family_name.to_uppercase(), r.given_name),
                patient_at: r.patient_at,
                reason: r.reason,
                review,
            })
        })
        .collect()
}

pub async fn review(
    pool: &PgPool,
    staff: &StaffContext,
    id: Uuid,
    outcome: ReviewOutcome,
    note: &str,
) -> Result<(), AppError> {
    require_manager(pool, staff, "break_glass.review").await?;
    let note = note.trim();
    if outcome == ReviewOutcome::Inappropriate && note.is_empty() {
        return Err(AppError::invalid("review_note", "Say what follows from an inappropriate access."));
    }
    let mut tx = pool.begin().await?;
    let row = sqlx::query!(
        r#"SELECT patient_id, reviewed_at AS "reviewed_at: DateTime<Utc>" FROM break_glass_access
           WHERE id = $1 AND (establishment_id = $2 OR patient_establishment_id = $2) FOR UPDATE"#,
        id,
        staff.establishment_id,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| {
        AppError::NotFound("That break-glass access is not on your establishment's report.".to_owned())
    })?;
    if row.reviewed_at.is_some() {
        return Err(AppError::Conflict("This break-glass access has already been reviewed.".to_owned()));
    }
    sqlx::query!(
        "UPDATE break_glass_access SET reviewed_by = $2, reviewed_at = now(), review_outcome = $3, review_note = $4 WHERE id = $1",
        id,
        staff.staff_id,
        outcome.as_db(),
        note,
    )
    .execute(&mut *tx)
    .await?;
    audit::record_patient_action(&mut *tx, staff, row.patient_id, "break_glass.review", outcome.as_db())
        .await?;
    tx.commit().await?;
    Ok(())
}

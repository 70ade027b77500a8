use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::{BreakGlassFilter, BreakGlassUse, Review, ReviewOutcome};
use crate::audit::AuditAction;
use crate::audit::{self, AuditEntry, Outcome};
use crate::auth::ssr::StaffContext;
use crate::domain::access::Refusal;
use crate::domain::break_glass::{BreakGlassRefusal, may_break_glass, reason as checked_reason};
use crate::domain::{Capability, Role};
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
            AuditEntry::by_staff(&staff, patient_id, AuditAction::BreakGlassStart, Outcome::Refused, &detail),
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
            action: AuditAction::BreakGlassStart,
            outcome,
            detail,
        },
    )
    .await
}

/// Uses by the manager's staff, or of patients held at the manager's establishment at the time.
/// Read from `reads` (the replica when there is one); the access check and its audit row are
/// written to the primary, which a replica refuses.
#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id))]
pub async fn report(
    state: &AppState,
    staff: &StaffContext,
    filter: &BreakGlassFilter,
) -> Result<Vec<BreakGlassUse>, AppError> {
    let pool = &state.pool;
    let reads = state.read_pool();
    crate::access::require_capability(pool, staff, Capability::Govern, AuditAction::BreakGlassReportRead)
        .await?;
    // Typed `%`, `_` and `\` match themselves, not any text.
    let user = crate::search_text::like_escape(&filter.user.trim().to_lowercase());
    let prison_number = filter.prison_number.trim().to_uppercase();
    let rows = sqlx::query!(
        r#"SELECT b.id, b.started_at AS "started_at: DateTime<Utc>", b.expires_at AS "expires_at: DateTime<Utc>",
                  b.staff_id, s.display_name, s.username, s.role AS "role: Role", fe.code AS from_code,
                  p.prison_number, p.given_name, p.family_name, pe.code AS "patient_at?", b.reason,
                  EXISTS (SELECT 1 FROM break_glass_review r
                          WHERE r.break_glass_id = b.id AND r.establishment_id = $1) AS "reviewed_here!"
           FROM break_glass_access b
           JOIN staff s ON s.id = b.staff_id
           JOIN establishment fe ON fe.id = b.establishment_id
           JOIN patient p ON p.id = b.patient_id
           LEFT JOIN establishment pe ON pe.id = b.patient_establishment_id
           WHERE (b.establishment_id = $1 OR b.patient_establishment_id = $1)
             AND ($2::date IS NULL OR b.started_at >= ($2::date AT TIME ZONE 'Europe/London'))
             AND ($3::date IS NULL OR b.started_at < (($3::date + 1) AT TIME ZONE 'Europe/London'))
             AND ($4 = '' OR s.username LIKE '%' || $4 || '%' OR lower(s.display_name) LIKE '%' || $4 || '%')
             AND ($5 = '' OR p.prison_number = $5)
             AND (NOT $6 OR NOT EXISTS (SELECT 1 FROM break_glass_review r
                                        WHERE r.break_glass_id = b.id AND r.establishment_id = $1))
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
    .fetch_all(reads)
    .await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut reviews = reviews_of(reads, &ids).await?;
    audit::record_staff_action(pool, staff, AuditAction::BreakGlassReportRead, "").await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let role = r.role.title().to_owned();
            let own_use = r.staff_id == staff.staff_id;
            BreakGlassUse {
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
                reviews: reviews.remove(&r.id).unwrap_or_default(),
                review_due_here: !r.reviewed_here,
                own_use,
            }
        })
        .collect())
}

/// Every end's review of the listed uses, oldest first.
async fn reviews_of(
    pool: &PgPool,
    ids: &[Uuid],
) -> Result<std::collections::HashMap<Uuid, Vec<Review>>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT r.break_glass_id, e.code, s.display_name, r.reviewed_at AS "reviewed_at: DateTime<Utc>",
                  r.outcome, r.note
           FROM break_glass_review r
           JOIN establishment e ON e.id = r.establishment_id
           JOIN staff s ON s.id = r.reviewed_by
           WHERE r.break_glass_id = ANY($1)
           ORDER BY r.reviewed_at, r.id"#,
        ids,
    )
    .fetch_all(pool)
    .await?;
    let mut by_use: std::collections::HashMap<Uuid, Vec<Review>> = std::collections::HashMap::new();
    for r in rows {
        let outcome = ReviewOutcome::from_db(&r.outcome).ok_or_else(|| {
            tracing::error!(break_glass_id = %r.break_glass_id, "unknown break-glass review outcome");
            AppError::Internal
        })?;
        by_use.entry(r.break_glass_id).or_default().push(Review {
            establishment: r.code,
            by: r.display_name,
            at: r.reviewed_at,
            outcome,
            note: r.note,
        });
    }
    Ok(by_use)
}

/// The manager's review for their establishment's end of the use: once per end, never of their
/// own use (the database holds both rules too).
#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id))]
pub async fn review(
    pool: &PgPool,
    staff: &StaffContext,
    id: Uuid,
    outcome: ReviewOutcome,
    note: &str,
) -> Result<(), AppError> {
    crate::access::require_capability(pool, staff, Capability::Govern, AuditAction::BreakGlassReview).await?;
    let note = note.trim();
    if outcome == ReviewOutcome::Inappropriate && note.is_empty() {
        return Err(AppError::invalid("review_note", "Say what follows from an inappropriate access."));
    }
    if note.chars().count() > 2_000 {
        return Err(AppError::invalid("review_note", "Keep the review note under 2,000 characters."));
    }
    let mut tx = pool.begin().await?;
    let row = sqlx::query!(
        r#"SELECT patient_id, staff_id FROM break_glass_access
           WHERE id = $1 AND (establishment_id = $2 OR patient_establishment_id = $2) FOR UPDATE"#,
        id,
        staff.establishment_id,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| {
        AppError::NotFound("That break-glass access is not on your establishment's report.".to_owned())
    })?;
    drop(tx);
    let own_use = row.staff_id == staff.staff_id;
    let decision = if own_use { Err(Refusal::MayNotReviewOwnBreakGlass) } else { Ok(()) };
    crate::access::refuse_unless(pool, staff, decision, AuditAction::BreakGlassReviewOwn).await?;
    let mut tx = pool.begin().await?;
    let inserted = sqlx::query_scalar!(
        "INSERT INTO break_glass_review (break_glass_id, used_by, establishment_id, reviewed_by, outcome, note)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (break_glass_id, establishment_id) DO NOTHING
         RETURNING id",
        id,
        row.staff_id,
        staff.establishment_id,
        staff.staff_id,
        outcome.as_db(),
        note,
    )
    .fetch_optional(&mut *tx)
    .await?;
    if inserted.is_none() {
        return Err(AppError::Conflict(
            "Your establishment has already reviewed this break-glass access.".to_owned(),
        ));
    }
    audit::record_patient_action(
        &mut *tx,
        staff,
        row.patient_id,
        AuditAction::BreakGlassReview,
        outcome.as_db(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{AuditLine, AuditQuery, AuditSubject, AuditTrail, MAX_PERIOD_DAYS};
use crate::access::ReadScope;
use crate::audit::AuditAction;
use crate::auth::ssr::{StaffContext, staff_context};
use crate::domain::Capability;
use crate::error::AppError;
use crate::state::AppState;

pub const SHOWN_LINES: i64 = 1_000;
pub const EXPORTED_LINES: i64 = 100_000;

fn check_period(query: &AuditQuery) -> Result<(), AppError> {
    if query.to < query.from {
        return Err(AppError::invalid("to", "The end of the period is before its start."));
    }
    if (query.to - query.from).num_days() > MAX_PERIOD_DAYS {
        return Err(AppError::invalid("to", format!("Choose a period of at most {MAX_PERIOD_DAYS} days.")));
    }
    Ok(())
}

/// `verb` is `read` or `export`: what the audit of this viewing says.
pub async fn trail(
    state: &AppState,
    query: &AuditQuery,
    limit: i64,
    verb: &str,
) -> Result<AuditTrail, AppError> {
    check_period(query)?;
    let staff = staff_context(&state.pool, &state.session_rules).await?;
    let action = if verb == "export" { AuditAction::AuditExport } else { AuditAction::AuditRead };
    crate::access::require_capability(&state.pool, &staff, Capability::Govern, action).await?;
    let mut lines = match &query.subject {
        AuditSubject::Patient { prison_number } => {
            let action = if verb == "export" {
                AuditAction::AuditPatientExport
            } else {
                AuditAction::AuditPatientRead
            };
            // Not opened by break-glass: the trail is the manager's governance of their own
            // establishment, not emergency reading (docs/security/review-2026-12.md, item 8).
            let (patient_id, _, scope) =
                crate::access::authorize_governance_scope(state, prison_number, action).await?;
            // An establishment the patient has left sees only what happened there.
            let only_at = match scope {
                ReadScope::OwnEntries { .. } => Some(staff.establishment_id),
                ReadScope::WholeRecord | ReadScope::BreakGlass { .. } => None,
            };
            patient_lines(state, patient_id, only_at, query, limit + 1).await?
        }
        AuditSubject::Staff { username } => {
            let subject = staff_at_establishment(state, &staff, username).await?;
            let action =
                if verb == "export" { AuditAction::AuditStaffExport } else { AuditAction::AuditStaffRead };
            crate::audit::record_staff_action(&state.pool, &staff, action, &subject.to_string()).await?;
            staff_lines(state, &staff, subject, query, limit + 1).await?
        }
    };
    let truncated = i64::try_from(lines.len()).unwrap_or(i64::MAX) > limit;
    lines.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok(AuditTrail { lines, truncated })
}

async fn staff_at_establishment(
    state: &AppState,
    manager: &StaffContext,
    username: &str,
) -> Result<Uuid, AppError> {
    let username = username.trim().to_lowercase();
    sqlx::query_scalar!(
        "SELECT s.id FROM staff s JOIN staff_establishment se ON se.staff_id = s.id AND se.establishment_id = $2
         WHERE s.username = $1",
        username,
        manager.establishment_id,
    )
    .fetch_optional(&state.pool)
    .await?
    .ok_or_else(|| AppError::invalid("username", "Nobody with that username works at your establishment."))
}

async fn patient_lines(
    state: &AppState,
    patient_id: Uuid,
    only_at: Option<Uuid>,
    query: &AuditQuery,
    limit: i64,
) -> Result<Vec<AuditLine>, AppError> {
    let rows = sqlx::query_as!(
        AuditRow,
        r#"SELECT a.occurred_at AS "at: DateTime<Utc>", s.display_name AS "staff_name?", s.username AS "staff_username?",
                  e.code AS "establishment?", p.prison_number AS "prison_number?", p.given_name AS "given_name?",
                  p.family_name AS "family_name?", a.action, a.outcome, a.detail
           FROM audit_event a
           LEFT JOIN staff s ON s.id = a.staff_id
           LEFT JOIN establishment e ON e.id = a.establishment_id
           LEFT JOIN patient p ON p.id = a.patient_id
           WHERE a.patient_id = $1
             AND a.occurred_at >= ($2::date AT TIME ZONE 'Europe/London')
             AND a.occurred_at < (($3::date + 1) AT TIME ZONE 'Europe/London')
             AND ($4::uuid IS NULL OR a.establishment_id = $4)
           ORDER BY a.occurred_at DESC, a.id DESC
           LIMIT $5"#,
        patient_id,
        query.from as _,
        query.to as _,
        only_at,
        limit,
    )
    .fetch_all(state.read_pool())
    .await?;
    Ok(rows.into_iter().map(AuditLine::from).collect())
}

/// What `staff_id` did at the establishments the manager works at: a bank nurse's shifts
/// elsewhere, and an administrator's national work, are for those establishments' managers.
async fn staff_lines(
    state: &AppState,
    manager: &StaffContext,
    staff_id: Uuid,
    query: &AuditQuery,
    limit: i64,
) -> Result<Vec<AuditLine>, AppError> {
    let rows = sqlx::query_as!(
        AuditRow,
        r#"SELECT a.occurred_at AS "at: DateTime<Utc>", s.display_name AS "staff_name?", s.username AS "staff_username?",
                  e.code AS "establishment?", p.prison_number AS "prison_number?", p.given_name AS "given_name?",
                  p.family_name AS "family_name?", a.action, a.outcome, a.detail
           FROM audit_event a
           LEFT JOIN staff s ON s.id = a.staff_id
           LEFT JOIN establishment e ON e.id = a.establishment_id
           LEFT JOIN patient p ON p.id = a.patient_id
           WHERE a.staff_id = $1
             AND a.occurred_at >= ($2::date AT TIME ZONE 'Europe/London')
             AND a.occurred_at < (($3::date + 1) AT TIME ZONE 'Europe/London')
             AND a.establishment_id IN (SELECT se.establishment_id FROM staff_establishment se WHERE se.staff_id = $5)
           ORDER BY a.occurred_at DESC, a.id DESC
           LIMIT $4"#,
        staff_id,
        query.from as _,
        query.to as _,
        limit,
        manager.staff_id,
    )
    .fetch_all(state.read_pool())
    .await?;
    Ok(rows.into_iter().map(AuditLine::from).collect())
}

struct AuditRow {
    at: DateTime<Utc>,
    staff_name: Option<String>,
    staff_username: Option<String>,
    establishment: Option<String>,
    prison_number: Option<String>,
    given_name: Option<String>,
    family_name: Option<String>,
    action: String,
    outcome: String,
    detail: String,
}

impl From<AuditRow> for AuditLine {
    fn from(r: AuditRow) -> Self {
        let patient_name = match (r.family_name, r.given_name) {
            (Some(f), Some(g)) => Some(format!("{}, {g}", f.to_uppercase())),
            _ => None,
        };
        AuditLine {
            at: r.at,
            staff_name: r.staff_name,
            staff_username: r.staff_username,
            establishment: r.establishment,
            prison_number: r.prison_number,
            patient_name,
            action: r.action,
            outcome: r.outcome,
            detail: r.detail,
        }
    }
}

use sqlx::PgPool;
use uuid::Uuid;

use crate::audit::{self, AuditEntry, Outcome};
use crate::auth::ssr::StaffContext;
use chrono::{DateTime, Utc};

use crate::audit::AuditAction;
use crate::domain::access::{
    Intent, PatientSituation, Refusal, Relationship, decide, decide_without_break_glass, relationship,
    with_break_glass,
};
use crate::domain::{Capability, PrisonNumber, Role, WhereaboutsStatus};
use crate::error::AppError;
use crate::state::SessionRules;

/// How the patient stands to `staff`: where they are now, whether they left the staff's
/// establishment recently enough for it to keep reading what it recorded, and break-glass.
pub async fn patient_relationship(
    pool: &PgPool,
    patient_id: Uuid,
    staff: &StaffContext,
    rules: &SessionRules,
) -> Result<Relationship, AppError> {
    let row = sqlx::query!(
        r#"SELECT w.status AS "status: WhereaboutsStatus", w.establishment_id, w.to_establishment_id,
                  (SELECT max(m.occurred_at) FROM movement m
                   WHERE m.patient_id = w.patient_id AND m.establishment_id = $2 AND m.direction = 'out'
                     AND m.kind IN ('TRN', 'REL')) AS "left_at: DateTime<Utc>",
                  EXISTS (SELECT 1 FROM break_glass_access b
                          WHERE b.staff_id = $3 AND b.patient_id = w.patient_id AND b.expires_at > now()) AS "break_glass!"
           FROM patient_whereabouts w WHERE w.patient_id = $1"#,
        patient_id,
        staff.establishment_id,
        staff.staff_id,
    )
    .fetch_optional(pool)
    .await?;
    let Some(r) = row else { return Ok(Relationship::Elsewhere) };
    let situation = PatientSituation {
        status: r.status,
        establishment_id: r.establishment_id,
        destination_id: r.to_establishment_id,
    };
    let rel = relationship(&situation, staff.establishment_id, left_recently(r.left_at, rules));
    Ok(with_break_glass(rel, r.break_glass))
}

fn left_recently(left_at: Option<DateTime<Utc>>, rules: &SessionRules) -> bool {
    let period = chrono::Duration::from_std(rules.former_establishment_read).unwrap_or(chrono::Duration::MAX);
    left_at.is_some_and(|at| Utc::now() - at <= period)
}

/// The session rules of the request being served; outside a request (tests, the seed) the defaults.
pub fn request_session_rules() -> SessionRules {
    leptos::prelude::use_context::<crate::state::AppState>().map(|s| s.session_rules).unwrap_or_default()
}

/// Decides whether `staff` may do `action` (e.g. `patient.banner.read`) with `intent` on the
/// patient's record, and writes the audit entry either way.
pub async fn authorize_patient(
    pool: &PgPool,
    staff: &StaffContext,
    patient_id: Uuid,
    intent: Intent,
    action: crate::audit::AuditAction,
) -> Result<(), AppError> {
    let rules = request_session_rules();
    let rel = patient_relationship(pool, patient_id, staff, &rules).await?;
    decide_and_audit(pool, staff, patient_id, rel, intent, action).await
}

fn relationship_of(
    situation: Option<&PatientSituation>,
    working_at: Uuid,
    left_recently: bool,
) -> Relationship {
    match situation {
        Some(s) => relationship(s, working_at, left_recently),
        None => Relationship::Elsewhere,
    }
}

/// The access decision for a relationship already loaded, audited either way.
pub async fn decide_and_audit(
    pool: &PgPool,
    staff: &StaffContext,
    patient_id: Uuid,
    rel: Relationship,
    intent: Intent,
    action: crate::audit::AuditAction,
) -> Result<(), AppError> {
    audit_decision(pool, staff, Some(patient_id), decide(staff.role, rel, intent), action).await
}

/// Audits an access decision, allowed or refused, and turns a refusal into the error.
async fn audit_decision(
    pool: &PgPool,
    staff: &StaffContext,
    patient_id: Option<Uuid>,
    decision: Result<(), Refusal>,
    action: crate::audit::AuditAction,
) -> Result<(), AppError> {
    let (outcome, detail) = match &decision {
        Ok(()) => (Outcome::Allowed, String::new()),
        Err(refusal) => (Outcome::Refused, format!("{refusal:?}")),
    };
    audit::record(pool, AuditEntry::by_staff(staff, patient_id, action, outcome, &detail)).await?;
    if let Err(refusal) = decision {
        tracing::info!(staff_id = %staff.staff_id, ?patient_id, action = action.code(), ?refusal, "patient access refused");
    }
    decision.map_err(AppError::from)
}

/// Who is asking, and may they: the one guard at the top of a server function that is not about
/// one patient's record. Loads the signed-in member of staff and checks their role has
/// `capability`; a refusal is audited under `action` before it is answered, so the trail shows
/// attempts at what a role may not do, not only at records it may not open.
pub async fn require(
    capability: Capability,
    action: crate::audit::AuditAction,
) -> Result<(crate::state::AppState, StaffContext), AppError> {
    let (state, staff) = signed_in().await?;
    require_capability(&state.pool, &staff, capability, action).await?;
    Ok((state, staff))
}

/// The signed-in member of staff, for a server function whose decision comes after it has read
/// what it decides on (a patient's access decision, a break-glass reason): no capability asked.
pub async fn signed_in() -> Result<(crate::state::AppState, StaffContext), AppError> {
    let state = crate::state::app_state()?;
    let staff = crate::auth::ssr::staff_context(&state.pool, &state.session_rules).await?;
    Ok((state, staff))
}

/// [`require`] for a staff context already loaded: the check inside an SQL-layer function that is
/// also called without a request (the tests, the importers).
pub async fn require_capability(
    pool: &PgPool,
    staff: &StaffContext,
    capability: Capability,
    action: crate::audit::AuditAction,
) -> Result<(), AppError> {
    refuse_unless(pool, staff, capability.check(staff.role), action).await
}

/// A rule that is not a role's capability (a manager may not review their own break-glass use),
/// refused and audited the same way.
pub async fn refuse_unless(
    pool: &PgPool,
    staff: &StaffContext,
    decision: Result<(), Refusal>,
    action: crate::audit::AuditAction,
) -> Result<(), AppError> {
    let Err(refusal) = decision else { return Ok(()) };
    let detail = format!("{refusal:?}");
    audit::record(pool, AuditEntry::by_staff(staff, None, action, Outcome::Refused, &detail)).await?;
    tracing::info!(staff_id = %staff.staff_id, action = action.code(), ?refusal, "refused by role");
    Err(refusal.into())
}

/// How much of a record a reader sees: all of it, or (for an establishment the patient has left)
/// only the entries it recorded itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadScope {
    WholeRecord,
    OwnEntries {
        establishment_code: String,
    },
    /// The whole record, read through break-glass access that lasts until then.
    BreakGlass {
        until: DateTime<Utc>,
    },
}

/// Like [`authorize_prison_number`] for reading, but lets an establishment the patient has
/// recently left read what it recorded: one decision, one audit entry.
pub async fn authorize_read_scope(
    state: &crate::state::AppState,
    prison_number: &str,
    action: crate::audit::AuditAction,
) -> Result<(Uuid, StaffContext, ReadScope), AppError> {
    read_scope(state, prison_number, action, BreakGlass::Opens).await
}

/// As [`authorize_read_scope`], for what break-glass does not open: the audit trail of a record is
/// a manager's governance of their own establishment, not emergency reading of a patient, so it
/// is decided on the relationship without break-glass (docs/security/review-2026-12.md, item 8).
pub async fn authorize_governance_scope(
    state: &crate::state::AppState,
    prison_number: &str,
    action: crate::audit::AuditAction,
) -> Result<(Uuid, StaffContext, ReadScope), AppError> {
    read_scope(state, prison_number, action, BreakGlass::DoesNotOpen).await
}

/// Whether open break-glass access counts for a decision.
#[derive(Clone, Copy, PartialEq, Eq)]
enum BreakGlass {
    Opens,
    DoesNotOpen,
}

async fn read_scope(
    state: &crate::state::AppState,
    prison_number: &str,
    action: crate::audit::AuditAction,
    break_glass: BreakGlass,
) -> Result<(Uuid, StaffContext, ReadScope), AppError> {
    let opened = open_patient(state, prison_number, action).await?;
    let own_entries = opened.own_relationship == Relationship::RecentlyLeftMyEstablishment;
    let intent = if own_entries { Intent::ReadOwnEntries } else { Intent::Read };
    decide_opened(&state.pool, &opened, intent, action, break_glass).await?;
    let scope = match (opened.relationship, opened.break_glass_until, break_glass) {
        (Relationship::BreakGlass, Some(until), BreakGlass::Opens) => ReadScope::BreakGlass { until },
        _ if own_entries => ReadScope::OwnEntries { establishment_code: opened.establishment_code },
        _ => ReadScope::WholeRecord,
    };
    Ok((opened.patient_id, opened.staff, scope))
}

/// The one decision (and audit entry) for an opened patient; without break-glass when it does not
/// open what is asked.
async fn decide_opened(
    pool: &PgPool,
    opened: &OpenedPatient,
    intent: Intent,
    action: crate::audit::AuditAction,
    break_glass: BreakGlass,
) -> Result<(), AppError> {
    let decision = match break_glass {
        BreakGlass::Opens => decide(opened.staff.role, opened.relationship, intent),
        BreakGlass::DoesNotOpen => decide_without_break_glass(
            opened.staff.role,
            opened.own_relationship,
            opened.break_glass_until.is_some(),
            intent,
        ),
    };
    audit_decision(pool, &opened.staff, Some(opened.patient_id), decision, action).await
}

/// As [`authorize_prison_number`], for what break-glass does not open: a FHIR export is a bulk
/// copy of the whole record, not emergency reading (docs/security/review-2026-12.md, item 8).
pub async fn authorize_prison_number_without_break_glass(
    state: &crate::state::AppState,
    prison_number: &str,
    intent: Intent,
    action: crate::audit::AuditAction,
) -> Result<(Uuid, StaffContext), AppError> {
    authorize(state, prison_number, intent, action, BreakGlass::DoesNotOpen).await
}

/// The usual start of a patient server function: a signed-in user, the patient named by prison
/// number, and an audited access decision.
pub async fn authorize_prison_number(
    state: &crate::state::AppState,
    prison_number: &str,
    intent: Intent,
    action: crate::audit::AuditAction,
) -> Result<(Uuid, StaffContext), AppError> {
    authorize(state, prison_number, intent, action, BreakGlass::Opens).await
}

async fn authorize(
    state: &crate::state::AppState,
    prison_number: &str,
    intent: Intent,
    action: crate::audit::AuditAction,
    break_glass: BreakGlass,
) -> Result<(Uuid, StaffContext), AppError> {
    let opened = open_patient(state, prison_number, action).await?;
    decide_opened(&state.pool, &opened, intent, action, break_glass).await?;
    Ok((opened.patient_id, opened.staff))
}

struct OpenedPatient {
    patient_id: Uuid,
    staff: StaffContext,
    /// With break-glass, when open.
    relationship: Relationship,
    /// Without break-glass: what the establishment itself may see.
    own_relationship: Relationship,
    establishment_code: String,
    break_glass_until: Option<DateTime<Utc>>,
}

/// The staff member, the patient and where the patient is, read in one round trip, because every
/// patient screen pays for this on every request. A prison number nobody has is refused (and
/// audited under `action`) exactly as a patient at another establishment is, so that the answer
/// does not tell anyone without access whether the number exists nationally.
async fn open_patient(
    state: &crate::state::AppState,
    prison_number: &str,
    action: crate::audit::AuditAction,
) -> Result<OpenedPatient, AppError> {
    use crate::auth::ssr::{staff_from_row, working_session};

    let prison_number =
        PrisonNumber::parse(prison_number).map_err(|e| AppError::invalid("prison_number", e.to_string()))?;
    let (session, auth, establishment_id) = working_session(&state.session_rules).await?;
    let row = patient_access_row(&state.pool, auth.staff_id, establishment_id, &prison_number).await?;
    let staff = staff_from_row(
        &session,
        &auth,
        establishment_id,
        row.as_ref().map(|r| (r.display_name.clone(), r.role)),
    )
    .await?;
    // Present: staff_from_row has already refused a missing row.
    let Some(row) = row else { return Err(AppError::NotSignedIn) };
    let Some(patient_id) = row.patient_id else {
        let decision = decide(staff.role, Relationship::Elsewhere, Intent::Read);
        audit_decision(&state.pool, &staff, None, decision, action).await?;
        // Reached only if a role opened every record, which none does: still no record to open.
        return Err(Refusal::NotAtYourEstablishment.into());
    };
    let situation = row.status.map(|status| PatientSituation {
        status,
        establishment_id: row.held_at,
        destination_id: row.going_to,
    });
    let left = left_recently(row.left_at, &state.session_rules);
    let own_relationship = relationship_of(situation.as_ref(), establishment_id, left);
    let relationship = with_break_glass(own_relationship, row.break_glass_until.is_some());
    Ok(OpenedPatient {
        patient_id,
        staff,
        relationship,
        own_relationship,
        establishment_code: row.establishment_code,
        break_glass_until: row.break_glass_until,
    })
}

/// The patient and how they stand to the signed-in user, without deciding anything: break-glass
/// starts from a record the user may not otherwise open.
pub async fn relationship_to(
    state: &crate::state::AppState,
    prison_number: &str,
) -> Result<(Uuid, StaffContext, Relationship), AppError> {
    let opened = open_patient(state, prison_number, AuditAction::BreakGlassStart).await?;
    Ok((opened.patient_id, opened.staff, opened.relationship))
}

/// What every patient server function reads first, in one round trip: the signed-in member of
/// staff (if still active at the establishment), the patient by prison number, where the patient
/// is, when they last left this establishment and any break-glass access. Public so the benchmarks
/// can run it raw.
pub struct PatientAccessRow {
    pub display_name: String,
    pub role: Role,
    pub establishment_code: String,
    pub patient_id: Option<Uuid>,
    pub status: Option<WhereaboutsStatus>,
    pub held_at: Option<Uuid>,
    pub going_to: Option<Uuid>,
    pub left_at: Option<DateTime<Utc>>,
    pub break_glass_until: Option<DateTime<Utc>>,
}

/// Reads the [`PatientAccessRow`]; `None` when the staff member no longer works there.
pub async fn patient_access_row(
    pool: &PgPool,
    staff_id: Uuid,
    establishment_id: Uuid,
    prison_number: &PrisonNumber,
) -> Result<Option<PatientAccessRow>, AppError> {
    Ok(sqlx::query_as!(
        PatientAccessRow,
        r#"SELECT s.display_name, s.role AS "role: Role", e.code AS establishment_code, p.id AS "patient_id?",
                  w.status AS "status?: WhereaboutsStatus",
                  w.establishment_id AS "held_at?", w.to_establishment_id AS "going_to?",
                  (SELECT max(m.occurred_at) FROM movement m
                   WHERE m.patient_id = p.id AND m.establishment_id = $2 AND m.direction = 'out'
                     AND m.kind IN ('TRN', 'REL')) AS "left_at: DateTime<Utc>",
                  (SELECT max(b.expires_at) FROM break_glass_access b
                   WHERE b.staff_id = s.id AND b.patient_id = p.id AND b.expires_at > now()) AS "break_glass_until: DateTime<Utc>"
           FROM staff s
           JOIN staff_establishment se ON se.staff_id = s.id AND se.establishment_id = $2
           JOIN establishment e ON e.id = $2
           LEFT JOIN patient p ON p.prison_number = $3
           LEFT JOIN patient_whereabouts w ON w.patient_id = p.id
           WHERE s.id = $1 AND s.active"#,
        staff_id,
        establishment_id,
        prison_number.as_str(),
    )
    .fetch_optional(pool)
    .await?)
}

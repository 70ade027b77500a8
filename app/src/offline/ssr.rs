//! The server side of offline rounds: the per-user queue key, applying a queued entry with the
//! round rules judged at the tablet's time, and keeping what no longer fits as a conflict.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use chrono::{DateTime, Duration, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::{ConflictResolution, OfflineConflict, OfflineEntry, OfflineKeys, SyncOutcome};
use crate::audit;
use crate::audit::AuditAction;
use crate::auth::ssr::StaffContext;
use crate::domain::access::{Intent, Refusal, Relationship, decide};
use crate::domain::round_schedule::round_instant;
use crate::domain::{AdministrationOutcome, Capability};
use crate::error::AppError;
use crate::rounds::ssr::{EntryTime, record_dose_at};

/// Entries older than this (a shift, and the longest a session lasts) are not applied by
/// themselves: too much may have happened since. They become conflicts for the nurse.
const OLDEST_APPLIED_HOURS: i64 = 12;

/// Every generation of this user's queue key, making the first if they have none.
#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id))]
pub async fn queue_keys(pool: &PgPool, staff: &StaffContext) -> Result<OfflineKeys, AppError> {
    // The first key made for a user stays theirs until their password changes, so a queue
    // written before a sign-out can be read again after the same user signs back in.
    sqlx::query!(
        "INSERT INTO tablet_queue_key (staff_id, generation, key) VALUES ($1, 1, $2)
         ON CONFLICT (staff_id, generation) DO NOTHING",
        staff.staff_id,
        &fresh_key()[..]
    )
    .execute(pool)
    .await?;
    let rows = sqlx::query!(
        "SELECT generation, key FROM tablet_queue_key WHERE staff_id = $1 ORDER BY generation",
        staff.staff_id
    )
    .fetch_all(pool)
    .await?;
    let keys: Vec<(i32, String)> = rows
        .into_iter()
        .map(|r| (r.generation, r.key.iter().map(|b| format!("{b:02x}")).collect()))
        .collect();
    let current = keys.last().map_or(1, |(generation, _)| *generation);
    Ok(OfflineKeys { owner: staff.staff_id, current, keys })
}

fn fresh_key() -> [u8; 32] {
    let mut fresh = [0u8; 32];
    OsRng.fill_bytes(&mut fresh);
    fresh
}

/// A new generation of the user's queue key, in the transaction that changes their password:
/// whoever learnt the old key from a tablet cannot read what is queued from now on. Nothing to
/// rotate for a user who has never had one.
pub async fn rotate_queue_key(conn: &mut sqlx::PgConnection, staff_id: Uuid) -> Result<(), AppError> {
    sqlx::query!(
        "INSERT INTO tablet_queue_key (staff_id, generation, key)
         SELECT $1, max(generation) + 1, $2 FROM tablet_queue_key WHERE staff_id = $1
         HAVING count(*) > 0
         ON CONFLICT (staff_id, generation) DO NOTHING",
        staff_id,
        &fresh_key()[..]
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether an error from recording the entry means "the record moved on" (kept as a conflict for
/// the nurse) rather than "try again later" (the entry stays queued on the tablet). Access has
/// already been decided before this is asked (see [`sync`]); a refusal met now is the patient
/// moving between that check and the write, which is a conflict only for a prescription of the
/// user's own establishment.
fn is_conflict(error: &AppError, prescribed_here: bool) -> bool {
    match error {
        AppError::Conflict(_) | AppError::Invalid { .. } => true,
        AppError::Refused(refusal) => prescribed_here && !matches!(refusal, Refusal::MayNotAdminister),
        _ => false,
    }
}

/// How far the tablet's clock may run ahead of the server's, or an entry precede the sign-in of the
/// session that made it, before the entry is refused rather than believed.
const CLOCK_TOLERANCE_MINUTES: i64 = 10;

/// An offline entry is dated by the tablet. It must fall inside a session of this user (a sign-in
/// at most one session lifetime before it, allowing for clock drift) and not in the future, so a
/// made-up date can neither backdate the record nor jump ahead of it.
async fn check_entry_time(
    pool: &PgPool,
    staff: &StaffContext,
    recorded_at: DateTime<Utc>,
    received: DateTime<Utc>,
) -> Result<(), AppError> {
    let tolerance = Duration::minutes(CLOCK_TOLERANCE_MINUTES);
    if recorded_at > received + tolerance {
        return Err(AppError::invalid(
            "recorded_at",
            "This tablet's clock is ahead of the server's: check its date and time, then sync again.",
        ));
    }
    let rules = crate::access::request_session_rules();
    let lifetime = Duration::from_std(rules.absolute_lifetime).unwrap_or(Duration::hours(12));
    let signed_in_then = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM audit_event
                          WHERE staff_id = $1 AND action = 'auth.sign_in' AND outcome = 'allowed'
                            AND occurred_at <= $2 AND occurred_at > $3) AS "exists!""#,
        staff.staff_id,
        (recorded_at + tolerance) as _,
        (recorded_at - lifetime - tolerance) as _,
    )
    .fetch_one(pool)
    .await?;
    if !signed_in_then {
        return Err(AppError::invalid(
            "recorded_at",
            "This entry is dated when you were not signed in (check the tablet's date and time); it stays on the tablet.",
        ));
    }
    Ok(())
}

/// The access an offline entry needs: to write to the record; or, for a patient on this
/// establishment's round who has moved since (court, transfer, release), to read what the
/// establishment recorded, so that the nurse decides what happened as a conflict. Break-glass
/// never stands in for either. Anyone else is refused, and the refusal stands.
fn offline_intent(staff: &StaffContext, relationship: Relationship, prescribed_here: bool) -> Intent {
    let moved_since = prescribed_here
        && relationship != Relationship::BreakGlass
        && decide(staff.role, relationship, Intent::Write).is_err()
        && decide(staff.role, relationship, Intent::ReadOwnEntries).is_ok();
    if moved_since { Intent::ReadOwnEntries } else { Intent::Write }
}

/// Applies one queued entry, or keeps it as a conflict. Access comes before every other rule and
/// before anything about the entry is looked up or answered: a made-up entry must not make the
/// server name a patient or medicine the user may not see.
#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id))]
pub async fn sync(pool: &PgPool, staff: &StaffContext, item: &OfflineEntry) -> Result<SyncOutcome, AppError> {
    crate::access::require_capability(pool, staff, Capability::Administer, AuditAction::OfflineSyncRole)
        .await?;
    let rx = sqlx::query!(
        "SELECT patient_id, establishment_id = $2 AS \"here!\" FROM prescription WHERE id = $1",
        item.entry.prescription_id,
        staff.establishment_id
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| AppError::NotFound("That prescription does not exist.".to_owned()))?;
    let prescribed_here = rx.here;
    let rules = crate::access::request_session_rules();
    let relationship = crate::access::patient_relationship(pool, rx.patient_id, staff, &rules).await?;
    let intent = offline_intent(staff, relationship, prescribed_here);
    crate::access::decide_and_audit(
        pool,
        staff,
        rx.patient_id,
        relationship,
        intent,
        AuditAction::OfflineSync,
    )
    .await?;
    let received = Utc::now();
    check_entry_time(pool, staff, item.recorded_at, received).await?;
    // Before an earlier answer is looked up or a conflict kept: a broken entry is the tablet's
    // field error, never a conflict for a nurse.
    item.entry.check_shape(item.recorded_at).map_err(AppError::from_problem)?;
    if let Some(existing) = conflict_of_entry(pool, staff, item.entry.client_entry_id).await? {
        return Ok(SyncOutcome::Conflict(existing));
    }
    // Writing was refused only where the patient moved since (otherwise the decision above ended
    // this): that refusal is what the nurse's conflict says.
    let result = if let Err(refusal) = decide(staff.role, relationship, Intent::Write) {
        Err(AppError::Refused(refusal))
    } else if received - item.recorded_at > Duration::hours(OLDEST_APPLIED_HOURS) {
        Err(AppError::Conflict(format!(
            "Entered offline more than {OLDEST_APPLIED_HOURS} hours before it reached the server; not applied automatically."
        )))
    } else {
        record_dose_at(pool, staff, &item.entry, EntryTime::Offline(item.recorded_at)).await
    };
    match result {
        Ok(recorded) => Ok(SyncOutcome::Recorded(recorded)),
        Err(error) if is_conflict(&error, prescribed_here) => {
            let conflict = store_conflict(pool, staff, item, &error.to_string()).await?;
            Ok(SyncOutcome::Conflict(conflict))
        }
        Err(error) => Err(error),
    }
}

async fn store_conflict(
    pool: &PgPool,
    staff: &StaffContext,
    item: &OfflineEntry,
    problem: &str,
) -> Result<OfflineConflict, AppError> {
    let entry = &item.entry;
    let round_at: Option<DateTime<Utc>> = entry.round.map(|(date, time)| round_instant(date, time));
    let reason = entry.reason.trim();
    let patient_id = sqlx::query_scalar!(
        "INSERT INTO offline_conflict (client_entry_id, patient_id, prescription_id, establishment_id, recorded_by,
                                       recorded_offline_at, outcome, reason, round_at, product_name, problem)
         SELECT $1, rx.patient_id, rx.id, $3, $4, $5, $6, $7, $8, m.name, $9
         FROM prescription rx JOIN medicine_product m ON m.code = rx.product_code
         WHERE rx.id = $2
         ON CONFLICT (client_entry_id) DO NOTHING
         RETURNING patient_id",
        entry.client_entry_id,
        entry.prescription_id,
        staff.establishment_id,
        staff.staff_id,
        item.recorded_at.min(Utc::now()) as _,
        entry.outcome as _,
        (!reason.is_empty()).then_some(reason),
        round_at as _,
        problem,
    )
    .fetch_optional(pool)
    .await?;
    if let Some(patient_id) = patient_id {
        let detail = entry.client_entry_id.to_string();
        audit::record_patient_action(pool, staff, patient_id, AuditAction::OfflineConflict, &detail).await?;
        tracing::info!(%patient_id, client_entry_id = %entry.client_entry_id, "offline entry kept as a conflict");
    }
    // Nothing inserted and nothing of this user's: another user's entry has this id.
    conflict_of_entry(pool, staff, entry.client_entry_id)
        .await?
        .ok_or_else(|| AppError::Conflict("This entry's id is already used by another entry.".to_owned()))
}

struct ConflictRow {
    id: Uuid,
    client_entry_id: Uuid,
    prison_number: String,
    given_name: String,
    family_name: String,
    product_name: String,
    outcome: AdministrationOutcome,
    reason: Option<String>,
    recorded_by: String,
    recorded_offline_at: DateTime<Utc>,
    problem: String,
}

impl From<ConflictRow> for OfflineConflict {
    fn from(r: ConflictRow) -> Self {
        OfflineConflict {
            id: r.id,
            client_entry_id: r.client_entry_id,
            prison_number: r.prison_number,
            patient_name: format!("{}, {}", r.family_name.to_uppercase(), r.given_name),
            product_name: r.product_name,
            outcome: r.outcome,
            reason: r.reason,
            recorded_by: r.recorded_by,
            recorded_offline_at: r.recorded_offline_at,
            problem: r.problem,
        }
    }
}

/// The conflict kept for this user's own entry, if any: another user's entry ids answer nothing.
async fn conflict_of_entry(
    pool: &PgPool,
    staff: &StaffContext,
    client_entry_id: Uuid,
) -> Result<Option<OfflineConflict>, AppError> {
    Ok(sqlx::query_as!(
        ConflictRow,
        r#"SELECT c.id, c.client_entry_id, p.prison_number, p.given_name, p.family_name, c.product_name,
                  c.outcome AS "outcome: AdministrationOutcome",
                  c.reason, s.display_name AS recorded_by, c.recorded_offline_at AS "recorded_offline_at: DateTime<Utc>",
                  c.problem
           FROM offline_conflict c JOIN patient p ON p.id = c.patient_id JOIN staff s ON s.id = c.recorded_by
           WHERE c.client_entry_id = $1 AND c.recorded_by = $2"#,
        client_entry_id,
        staff.staff_id,
    )
    .fetch_optional(pool)
    .await?
    .map(OfflineConflict::from))
}

#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id))]
pub async fn open_conflicts(pool: &PgPool, staff: &StaffContext) -> Result<Vec<OfflineConflict>, AppError> {
    Ok(sqlx::query_as!(
        ConflictRow,
        r#"SELECT c.id, c.client_entry_id, p.prison_number, p.given_name, p.family_name, c.product_name,
                  c.outcome AS "outcome: AdministrationOutcome",
                  c.reason, s.display_name AS recorded_by, c.recorded_offline_at AS "recorded_offline_at: DateTime<Utc>",
                  c.problem
           FROM offline_conflict c JOIN patient p ON p.id = c.patient_id JOIN staff s ON s.id = c.recorded_by
           WHERE c.establishment_id = $1 AND c.resolution IS NULL
           ORDER BY c.received_at, c.id
           LIMIT 500"#,
        staff.establishment_id
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(OfflineConflict::from)
    .collect())
}

/// Records the nurse's decision once, and puts the offline entry, what the record said and the
/// decision on the patient's timeline: both facts stay, as entered.
#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id))]
pub async fn resolve(
    pool: &PgPool,
    staff: &StaffContext,
    id: Uuid,
    resolution: ConflictResolution,
    note: &str,
) -> Result<(), AppError> {
    crate::access::require_capability(pool, staff, Capability::Administer, AuditAction::OfflineResolveRole)
        .await?;
    super::validate_resolution_note(note).map_err(|message| AppError::invalid("note", message))?;
    let note = note.trim();
    let not_waiting = || {
        AppError::Conflict(
            "That offline entry is not waiting for a decision here (already resolved?).".to_owned(),
        )
    };
    let patient_id = sqlx::query_scalar!(
        "SELECT patient_id FROM offline_conflict WHERE id = $1 AND establishment_id = $2 AND resolution IS NULL",
        id,
        staff.establishment_id,
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(not_waiting)?;
    // The decision goes on the patient's timeline: access is decided again now, by the rule the
    // conflict was kept under (this establishment holds the patient, or held them and reads what
    // it recorded).
    let rules = crate::access::request_session_rules();
    let relationship = crate::access::patient_relationship(pool, patient_id, staff, &rules).await?;
    let intent = offline_intent(staff, relationship, true);
    crate::access::decide_and_audit(
        pool,
        staff,
        patient_id,
        relationship,
        intent,
        AuditAction::OfflineConflictResolve,
    )
    .await?;
    let mut tx = pool.begin().await?;
    let row = sqlx::query!(
        r#"UPDATE offline_conflict SET resolution = $3, resolution_note = $4, resolved_by = $5, resolved_at = now()
           WHERE id = $1 AND establishment_id = $2 AND resolution IS NULL
           RETURNING patient_id, product_name, outcome AS "outcome: AdministrationOutcome", reason, problem,
                     recorded_offline_at AS "recorded_offline_at: DateTime<Utc>", received_at AS "received_at: DateTime<Utc>",
                     (SELECT display_name FROM staff WHERE id = recorded_by) AS "recorded_by!""#,
        id,
        staff.establishment_id,
        resolution.as_db(),
        note,
        staff.staff_id,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(not_waiting)?;
    let outcome = row.outcome;
    let decision = match resolution {
        ConflictResolution::Given => "happened as entered",
        ConflictResolution::NotGiven => "did not happen as entered",
    };
    let summary = format!(
        "Offline entry: {} {} at {} ({decision})",
        row.product_name,
        outcome.title().to_lowercase(),
        crate::components::format::time(row.recorded_offline_at)
    );
    let reason = row.reason.map(|r| format!(" Reason given: {r}.")).unwrap_or_default();
    let body = format!(
        "Entered offline by {} at {} and received at {}: {} {}.{reason}\nThe record said: {}\nDecision by {} ({decision}): {note}",
        row.recorded_by,
        crate::components::format::date_time(row.recorded_offline_at),
        crate::components::format::date_time(row.received_at),
        row.product_name,
        outcome.title().to_lowercase(),
        row.problem,
        staff.display_name,
    );
    sqlx::query!(
        "INSERT INTO timeline_entry (patient_id, kind, occurred_at, establishment_id, custody_episode_id,
                                     author_id, author_role, summary, body, source_id)
         VALUES ($1, 'offline_entry', $2, $3, custody_episode_at($1, $2), $4, $5, $6, $7, $8)",
        row.patient_id,
        row.recorded_offline_at as _,
        staff.establishment_id,
        staff.staff_id,
        staff.role as _,
        summary,
        body,
        id,
    )
    .execute(&mut *tx)
    .await?;
    audit::record_patient_action(
        &mut *tx,
        staff,
        row.patient_id,
        AuditAction::OfflineConflictResolve,
        resolution.as_db(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

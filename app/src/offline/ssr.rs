//! The server side of offline rounds: the per-user queue key, applying a queued entry with the
//! round rules judged at the tablet's time, and keeping what no longer fits as a conflict.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use chrono::{DateTime, Duration, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::{ConflictResolution, OfflineConflict, OfflineEntry, SyncOutcome};
use crate::audit;
use crate::auth::ssr::StaffContext;
use crate::domain::access::Refusal;
use crate::domain::round_schedule::round_instant;
use crate::error::AppError;
use crate::medicines::ssr::stored_outcome;
use crate::rounds::ssr::{EntryTime, record_dose_at};

/// Entries older than this (a shift, and the longest a session lasts) are not applied by
/// themselves: too much may have happened since. They become conflicts for the nurse.
const OLDEST_APPLIED_HOURS: i64 = 12;

pub async fn queue_key(pool: &PgPool, staff: &StaffContext) -> Result<String, AppError> {
    let mut fresh = [0u8; 32];
    OsRng.fill_bytes(&mut fresh);
    // The first key made for a user stays theirs, so a queue written before a sign-out can be
    // read again after the same user signs back in.
    let key = sqlx::query_scalar!(
        "INSERT INTO tablet_queue_key (staff_id, key) VALUES ($1, $2)
         ON CONFLICT (staff_id) DO UPDATE SET staff_id = EXCLUDED.staff_id
         RETURNING key",
        staff.staff_id,
        &fresh[..]
    )
    .fetch_one(pool)
    .await?;
    Ok(key.iter().map(|b| format!("{b:02x}")).collect())
}

/// Whether an error from recording the entry means "the record moved on" (kept as a conflict for
/// the nurse) rather than "try again later" (the entry stays queued on the tablet). A refusal of
/// access is a conflict only for a prescription of the user's own establishment: the patient was on
/// their round and has moved since. Anyone else's refusal stands, so that a made-up entry cannot
/// make the server name a patient the user may not see.
fn is_conflict(error: &AppError, prescribed_here: bool) -> bool {
    match error {
        AppError::Conflict(_) | AppError::Invalid { .. } => true,
        AppError::Refused(refusal) => prescribed_here && !matches!(refusal, Refusal::MayNotAdminister),
        _ => false,
    }
}

pub async fn sync(pool: &PgPool, staff: &StaffContext, item: &OfflineEntry) -> Result<SyncOutcome, AppError> {
    crate::access::require_role(
        pool,
        staff,
        staff.role.may_administer(),
        Refusal::MayNotAdminister,
        "offline.sync.role",
    )
    .await?;
    if let Some(existing) = conflict_of_entry(pool, item.entry.client_entry_id).await? {
        return Ok(SyncOutcome::Conflict(existing));
    }
    let prescribed_here = sqlx::query_scalar!(
        "SELECT establishment_id = $2 AS \"here!\" FROM prescription WHERE id = $1",
        item.entry.prescription_id,
        staff.establishment_id
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| AppError::NotFound("That prescription does not exist.".to_owned()))?;
    let received = Utc::now();
    let result = if received - item.recorded_at > Duration::hours(OLDEST_APPLIED_HOURS) {
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
        entry.outcome.as_db(),
        (!reason.is_empty()).then_some(reason),
        round_at as _,
        problem,
    )
    .fetch_optional(pool)
    .await?;
    if let Some(patient_id) = patient_id {
        let detail = entry.client_entry_id.to_string();
        audit::record_patient_action(pool, staff, patient_id, "offline.conflict", &detail).await?;
        tracing::info!(%patient_id, client_entry_id = %entry.client_entry_id, "offline entry kept as a conflict");
    }
    conflict_of_entry(pool, entry.client_entry_id)
        .await?
        .ok_or_else(|| AppError::NotFound("That prescription does not exist.".to_owned()))
}

struct ConflictRow {
    id: Uuid,
    client_entry_id: Uuid,
    prison_number: String,
    given_name: String,
    family_name: String,
    product_name: String,
    outcome: String,
    reason: Option<String>,
    recorded_by: String,
    recorded_offline_at: DateTime<Utc>,
    problem: String,
}

impl TryFrom<ConflictRow> for OfflineConflict {
    type Error = AppError;
    fn try_from(r: ConflictRow) -> Result<Self, AppError> {
        Ok(OfflineConflict {
            id: r.id,
            client_entry_id: r.client_entry_id,
            prison_number: r.prison_number,
            patient_name: format!("{}, {}", r.family_name.to_uppercase(), r.given_name),
            product_name: r.product_name,
            outcome: stored_outcome(&r.outcome)?,
            reason: r.reason,
            recorded_by: r.recorded_by,
            recorded_offline_at: r.recorded_offline_at,
            problem: r.problem,
        })
    }
}

async fn conflict_of_entry(
    pool: &PgPool,
    client_entry_id: Uuid,
) -> Result<Option<OfflineConflict>, AppError> {
    sqlx::query_as!(
        ConflictRow,
        r#"SELECT c.id, c.client_entry_id, p.prison_number, p.given_name, p.family_name, c.product_name, c.outcome,
                  c.reason, s.display_name AS recorded_by, c.recorded_offline_at AS "recorded_offline_at: DateTime<Utc>",
                  c.problem
           FROM offline_conflict c JOIN patient p ON p.id = c.patient_id JOIN staff s ON s.id = c.recorded_by
           WHERE c.client_entry_id = $1"#,
        client_entry_id
    )
    .fetch_optional(pool)
    .await?
    .map(OfflineConflict::try_from)
    .transpose()
}

pub async fn open_conflicts(pool: &PgPool, staff: &StaffContext) -> Result<Vec<OfflineConflict>, AppError> {
    sqlx::query_as!(
        ConflictRow,
        r#"SELECT c.id, c.client_entry_id, p.prison_number, p.given_name, p.family_name, c.product_name, c.outcome,
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
    .map(OfflineConflict::try_from)
    .collect()
}

/// Records the nurse's decision once, and puts the offline entry, what the record said and the
/// decision on the patient's timeline: both facts stay, as entered.
pub async fn resolve(
    pool: &PgPool,
    staff: &StaffContext,
    id: Uuid,
    resolution: ConflictResolution,
    note: &str,
) -> Result<(), AppError> {
    crate::access::require_role(
        pool,
        staff,
        staff.role.may_administer(),
        Refusal::MayNotAdminister,
        "offline.resolve.role",
    )
    .await?;
    super::validate_resolution_note(note).map_err(|message| AppError::invalid("note", message))?;
    let note = note.trim();
    let mut tx = pool.begin().await?;
    let row = sqlx::query!(
        r#"UPDATE offline_conflict SET resolution = $3, resolution_note = $4, resolved_by = $5, resolved_at = now()
           WHERE id = $1 AND establishment_id = $2 AND resolution IS NULL
           RETURNING patient_id, product_name, outcome, reason, problem,
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
    .ok_or_else(|| {
        AppError::Conflict("That offline entry is not waiting for a decision here (already resolved?).".to_owned())
    })?;
    let outcome = stored_outcome(&row.outcome)?;
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
        staff.role.as_db(),
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
        "offline.conflict.resolve",
        resolution.as_db(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

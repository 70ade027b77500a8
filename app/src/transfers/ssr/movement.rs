//! Writing movements: the domain rules decide, the `movement` table records, and its trigger
//! moves the patient's whereabouts.

use sqlx::{PgConnection, PgExecutor, PgPool, Postgres, Transaction};
use uuid::Uuid;

use crate::auth::ssr::StaffContext;
use crate::domain::WhereaboutsStatus;
use crate::domain::movement::{MovementAction, Position, apply};
use crate::error::AppError;
use crate::transfers::EstablishmentChoice;

/// The patient's position, read under a row lock that holds until the transaction ends.
pub struct LockedPosition {
    pub position: Position,
    pub custody_episode_id: Option<Uuid>,
}

pub async fn lock_position(
    tx: &mut Transaction<'_, Postgres>,
    patient_id: Uuid,
) -> Result<LockedPosition, AppError> {
    let row = sqlx::query!(
        r#"SELECT status AS "status: WhereaboutsStatus", establishment_id, to_establishment_id, custody_episode_id
           FROM patient_whereabouts WHERE patient_id = $1 FOR UPDATE"#,
        patient_id
    )
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = row else {
        return Ok(LockedPosition { position: Position::NotInCustody, custody_episode_id: None });
    };
    let status = Some(row.status);
    let position =
        Position::from_stored(status, row.establishment_id, row.to_establishment_id).ok_or_else(|| {
            tracing::error!(%patient_id, "stored whereabouts do not describe one place");
            AppError::Internal
        })?;
    Ok(LockedPosition { position, custody_episode_id: row.custody_episode_id })
}

/// Records `action` as a movement if the rules allow it from where the patient is now.
#[tracing::instrument(skip_all, fields(staff_id = %staff.staff_id, patient_id = %patient_id))]
pub async fn record_movement(
    tx: &mut Transaction<'_, Postgres>,
    staff: &StaffContext,
    patient_id: Uuid,
    from: &LockedPosition,
    action: MovementAction,
    location_id: Option<Uuid>,
    reason: Option<&str>,
) -> Result<Uuid, AppError> {
    let (_, row) =
        apply(from.position, action).map_err(|refusal| AppError::invalid("movement", refusal.to_string()))?;
    let episode = from
        .custody_episode_id
        .ok_or_else(|| AppError::invalid("movement", "The patient is not in a custody episode."))?;
    insert_movement(tx, staff, patient_id, episode, row, location_id, reason).await
}

async fn insert_movement(
    db: &mut PgConnection,
    staff: &StaffContext,
    patient_id: Uuid,
    episode: Uuid,
    row: crate::domain::movement::MovementRow,
    location_id: Option<Uuid>,
    reason: Option<&str>,
) -> Result<Uuid, AppError> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO movement (patient_id, custody_episode_id, kind, direction, establishment_id, to_establishment_id,
                               location_id, occurred_at, reason, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now(), $8, $9) RETURNING id",
        patient_id,
        episode,
        row.kind.code(),
        if row.inward { "in" } else { "out" },
        row.establishment,
        row.to_establishment,
        location_id,
        reason,
        staff.staff_id
    )
    .fetch_one(db)
    .await?)
}

pub async fn establishment_id(db: impl PgExecutor<'_>, code: &str) -> Result<Uuid, AppError> {
    sqlx::query_scalar!("SELECT id FROM establishment WHERE code = $1", code.trim().to_ascii_uppercase())
        .fetch_optional(db)
        .await?
        .ok_or_else(|| AppError::invalid("to", "Choose an establishment from the list."))
}

/// Every establishment but the user's own, by name.
pub async fn destinations(pool: &PgPool, except: Uuid) -> Result<Vec<EstablishmentChoice>, AppError> {
    Ok(sqlx::query_as!(
        EstablishmentChoice,
        "SELECT code, name FROM establishment WHERE id <> $1 ORDER BY name",
        except
    )
    .fetch_all(pool)
    .await?)
}

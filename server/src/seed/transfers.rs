//! Demo transfers: Mr Price on the road from Wandsworth to Leeds with his handover, so that Leeds
//! has someone incoming to receive and reconcile.

use sqlx::PgPool;

use super::SeedError;

pub async fn insert_transfers(pool: &PgPool) -> Result<(), SeedError> {
    let Some(row) = sqlx::query!(
        r#"SELECT p.id AS patient_id, m.id AS movement_id, m.custody_episode_id, m.establishment_id, m.to_establishment_id AS "to!",
                  m.occurred_at AS "occurred_at: chrono::DateTime<chrono::Utc>", nurse.id AS nurse_id
           FROM patient p
           JOIN movement m ON m.patient_id = p.id AND m.kind = 'TRN' AND m.direction = 'out'
           JOIN establishment e ON e.id = m.establishment_id
           JOIN staff nurse ON nurse.username = 'nurse.' || lower(e.code)
           WHERE p.prison_number = 'A1007AA'
           ORDER BY m.occurred_at DESC LIMIT 1"#
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(());
    };
    let transfer_id = sqlx::query_scalar!(
        "INSERT INTO transfer (patient_id, custody_episode_id, from_establishment_id, to_establishment_id, planned_for, reason,
                               status, scheduled_by, scheduled_at, fit_confirmed_by, fit_confirmed_at, fit_note,
                               departed_by, departed_at, departure_movement_id)
         VALUES ($1, $2, $3, $4, ($5::timestamptz AT TIME ZONE 'Europe/London')::date, 'Production for trial at Leeds Crown Court',
                 'departed', $6, $5 - interval '2 days', $6, $5 - interval '1 hour', 'Valproate and olanzapine given last night; ACCT document travels with him',
                 $6, $5, $7)
         RETURNING id",
        row.patient_id,
        row.custody_episode_id,
        row.establishment_id,
        row.to,
        row.occurred_at as _,
        row.nurse_id,
        row.movement_id
    )
    .fetch_one(pool)
    .await?;
    let mut pack = app::transfers::ssr::handover::assemble(pool, row.patient_id)
        .await
        .map_err(|_| SeedError::Handover)?;
    pack.stage = app::transfers::HandoverStage::Departed;
    pack.assembled_at = row.occurred_at;
    let content = serde_json::to_value(&pack).map_err(|_| SeedError::Handover)?;
    sqlx::query!(
        "INSERT INTO handover_pack (transfer_id, stage, assembled_at, assembled_by, content) VALUES ($1, 'departed', $2, $3, $4)",
        transfer_id,
        row.occurred_at as _,
        row.nurse_id,
        content
    )
    .execute(pool)
    .await?;
    Ok(())
}

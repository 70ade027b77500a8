//! The concurrent-session policy: a member of staff may be signed in on a few devices at once (a
//! desktop and a tablet); signing in on one more ends the oldest, so a tablet left signed in on
//! another wing does not stay open indefinitely.

use sqlx::PgPool;
use uuid::Uuid;

use crate::error::AppError;

/// Records the new session and ends the user's oldest open sessions beyond `limit`. Returns how
/// many were ended.
pub async fn admit(pool: &PgPool, staff_id: Uuid, session_id: &str, limit: u32) -> Result<usize, AppError> {
    let mut tx = pool.begin().await?;
    // One sign-in at a time per user, so two devices signing in at once cannot both survive a limit of one.
    sqlx::query!("SELECT id FROM staff WHERE id = $1 FOR UPDATE", staff_id).fetch_optional(&mut *tx).await?;
    sqlx::query!(
        "INSERT INTO staff_session (session_id, staff_id) VALUES ($1, $2) ON CONFLICT (session_id) DO NOTHING",
        session_id,
        staff_id,
    )
    .execute(&mut *tx)
    .await?;
    let ended: Vec<String> = sqlx::query_scalar!(
        r#"UPDATE staff_session SET ended_at = now(), ended_reason = 'signed in elsewhere'
           WHERE session_id IN (
               SELECT session_id FROM staff_session
               WHERE staff_id = $1 AND ended_at IS NULL
               ORDER BY started_at DESC, session_id
               OFFSET $2)
           RETURNING session_id"#,
        staff_id,
        i64::from(limit.max(1)),
    )
    .fetch_all(&mut *tx)
    .await?;
    remove_from_store(&mut tx, &ended).await?;
    tx.commit().await?;
    if !ended.is_empty() {
        tracing::info!(%staff_id, ended = ended.len(), "older sessions ended by a new sign-in");
    }
    Ok(ended.len())
}

/// Ends every other open session of the user (after a password change).
pub async fn end_others(pool: &PgPool, staff_id: Uuid, keep_session_id: &str) -> Result<usize, AppError> {
    let mut tx = pool.begin().await?;
    let ended: Vec<String> = sqlx::query_scalar!(
        r#"UPDATE staff_session SET ended_at = now(), ended_reason = 'password changed'
           WHERE staff_id = $1 AND ended_at IS NULL AND session_id <> $2
           RETURNING session_id"#,
        staff_id,
        keep_session_id,
    )
    .fetch_all(&mut *tx)
    .await?;
    remove_from_store(&mut tx, &ended).await?;
    tx.commit().await?;
    Ok(ended.len())
}

/// Ends sessions where the session layer looks for them: the store's own table, created by the
/// store at start-up (so not checked at compile time).
async fn remove_from_store(tx: &mut sqlx::PgConnection, session_ids: &[String]) -> Result<(), AppError> {
    sqlx::query("DELETE FROM tower_sessions.session WHERE id = ANY($1)")
        .bind(session_ids)
        .execute(tx)
        .await?;
    Ok(())
}

pub async fn signed_out(pool: &PgPool, session_id: &str) -> Result<(), AppError> {
    sqlx::query!(
        "UPDATE staff_session SET ended_at = now(), ended_reason = 'signed out' WHERE session_id = $1 AND ended_at IS NULL",
        session_id,
    )
    .execute(pool)
    .await?;
    Ok(())
}

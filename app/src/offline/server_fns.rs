use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use uuid::Uuid;

use super::{ConflictResolution, OfflineConflict, OfflineEntry, OfflineKeys, SyncOutcome};
use crate::error::AppError;

/// The keys this user's tablet encrypts its offline round data with, and whose queue it is.
#[server(endpoint = "offline_queue_key")]
pub async fn offline_queue_key() -> Result<OfflineKeys, AppError> {
    let (state, staff) = crate::access::require(
        crate::domain::Capability::Administer,
        crate::audit::AuditAction::OfflineQueueKeyRole,
    )
    .await?;
    let keys = super::ssr::queue_keys(&state.pool, &staff).await?;
    crate::audit::record_staff_action(&state.pool, &staff, crate::audit::AuditAction::OfflineKey, "").await?;
    Ok(keys)
}

/// One queued offline entry: recorded, or kept as a conflict. Sending it again answers the same.
#[server(endpoint = "sync_offline_dose", input = Json)]
pub async fn sync_offline_dose(item: OfflineEntry) -> Result<SyncOutcome, AppError> {
    let (state, staff) = crate::access::signed_in().await?;
    super::ssr::sync(&state.pool, &staff, &item).await
}

/// Offline entries at this establishment still waiting for a nurse's decision.
#[server(endpoint = "offline_conflicts")]
pub async fn offline_conflicts() -> Result<Vec<OfflineConflict>, AppError> {
    let (state, staff) = crate::access::require(
        crate::domain::Capability::Administer,
        crate::audit::AuditAction::OfflineConflictsRole,
    )
    .await?;
    let conflicts = super::ssr::open_conflicts(&state.pool, &staff).await?;
    crate::audit::record_staff_action(
        &state.pool,
        &staff,
        crate::audit::AuditAction::OfflineConflictsRead,
        "",
    )
    .await?;
    Ok(conflicts)
}

#[server(endpoint = "resolve_offline_conflict")]
pub async fn resolve_offline_conflict(
    id: Uuid,
    resolution: ConflictResolution,
    note: String,
) -> Result<(), AppError> {
    super::validate_resolution_note(&note).map_err(|message| AppError::invalid("note", message))?;
    let (state, staff) = crate::access::signed_in().await?;
    super::ssr::resolve(&state.pool, &staff, id, resolution, note.trim()).await
}

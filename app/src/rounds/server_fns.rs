use chrono::{NaiveDate, NaiveTime};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use uuid::Uuid;

use super::{DoseEntry, RecordedDose, RoundList, RoundOptions};
use crate::error::AppError;

#[server(endpoint = "round_options")]
pub async fn load_round_options() -> Result<RoundOptions, AppError> {
    let (state, staff) = crate::access::require(
        crate::domain::Capability::ClinicalAccess,
        crate::audit::AuditAction::RoundOptionsRole,
    )
    .await?;
    super::ssr::options(&state.pool, &staff).await
}

#[server(endpoint = "round_list")]
pub async fn load_round(
    date: NaiveDate,
    round_time: NaiveTime,
    location_id: Uuid,
) -> Result<RoundList, AppError> {
    let (state, staff) = crate::access::require(
        crate::domain::Capability::ClinicalAccess,
        crate::audit::AuditAction::RoundListRole,
    )
    .await?;
    let list = super::ssr::round_list(&state.pool, &staff, date, round_time, location_id).await?;
    crate::audit::record_staff_action(
        &state.pool,
        &staff,
        crate::audit::AuditAction::RoundList,
        &location_id.to_string(),
    )
    .await?;
    Ok(list)
}

#[server(endpoint = "record_dose", input = Json)]
pub async fn record_dose(entry: DoseEntry) -> Result<RecordedDose, AppError> {
    let (state, staff) = crate::access::signed_in().await?;
    super::ssr::record_dose(&state.pool, &staff, &entry).await
}

#[server(endpoint = "missed_doses")]
pub async fn load_missed_doses() -> Result<Vec<super::missed::MissedDosesLine>, AppError> {
    let (state, staff) = crate::access::require(
        crate::domain::Capability::ClinicalAccess,
        crate::audit::AuditAction::RoundMissedDosesRole,
    )
    .await?;
    let lines = super::ssr::missed_doses(&state.pool, &staff).await?;
    crate::audit::record_staff_action(&state.pool, &staff, crate::audit::AuditAction::RoundMissedDoses, "")
        .await?;
    Ok(lines)
}

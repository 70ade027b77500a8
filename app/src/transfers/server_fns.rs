use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use uuid::Uuid;

use super::{
    CustodyMovement, HandoverPack, MovementPanelData, ReceptionData, ReconcileRequest, TransferLists,
};
use crate::error::AppError;

#[cfg(feature = "ssr")]
async fn open(
    prison_number: &str,
    intent: crate::domain::access::Intent,
    action: crate::audit::AuditAction,
) -> Result<(crate::state::AppState, uuid::Uuid, crate::auth::ssr::StaffContext), AppError> {
    let state = crate::state::app_state()?;
    let (patient_id, staff) =
        crate::access::authorize_prison_number(&state, prison_number, intent, action).await?;
    Ok((state, patient_id, staff))
}

/// The movement card: where the patient is, their transfer, and what may be done next.
#[server(endpoint = "movement_panel")]
pub async fn load_movement_panel(prison_number: String) -> Result<MovementPanelData, AppError> {
    let (state, patient_id, staff) =
        open(&prison_number, crate::domain::access::Intent::Read, crate::audit::AuditAction::MovementRead)
            .await?;
    super::ssr::panel(&state.pool, &staff, patient_id).await
}

#[server(endpoint = "schedule_transfer")]
pub async fn schedule_transfer(
    prison_number: String,
    to: String,
    planned_for: String,
    reason: String,
) -> Result<Uuid, AppError> {
    crate::domain::free_text::check_free_text("to", crate::domain::free_text::FreeText::Line, &to)
        .map_err(AppError::from_problem)?;
    crate::domain::free_text::check_free_text(
        "planned_for",
        crate::domain::free_text::FreeText::Line,
        &planned_for,
    )
    .map_err(AppError::from_problem)?;
    crate::domain::free_text::check_free_text("reason", crate::domain::free_text::FreeText::Reason, &reason)
        .map_err(AppError::from_problem)?;
    let planned_for = chrono::NaiveDate::parse_from_str(planned_for.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid("planned_for", "Enter the planned date."))?;
    let (state, patient_id, staff) = open(
        &prison_number,
        crate::domain::access::Intent::Write,
        crate::audit::AuditAction::TransferSchedule,
    )
    .await?;
    super::ssr::schedule(&state.pool, &staff, patient_id, &to, planned_for, &reason).await
}

#[server(endpoint = "confirm_fit_to_transfer")]
pub async fn confirm_fit_to_transfer(
    prison_number: String,
    transfer_id: Uuid,
    note: String,
) -> Result<(), AppError> {
    crate::domain::free_text::check_free_text("note", crate::domain::free_text::FreeText::Note, &note)
        .map_err(AppError::from_problem)?;
    let (state, patient_id, staff) = open(
        &prison_number,
        crate::domain::access::Intent::Write,
        crate::audit::AuditAction::TransferFitToTransfer,
    )
    .await?;
    super::ssr::confirm_fit(&state.pool, &staff, patient_id, transfer_id, &note).await
}

/// The patient leaves: in transit, off every round list, the handover stored as it stands.
#[server(endpoint = "depart_transfer")]
pub async fn depart_transfer(
    prison_number: String,
    transfer_id: Uuid,
    hold_override_reason: Option<String>,
) -> Result<(), AppError> {
    crate::domain::free_text::check_free_text(
        "hold_override_reason",
        crate::domain::free_text::FreeText::Reason,
        hold_override_reason.as_deref().unwrap_or_default(),
    )
    .map_err(AppError::from_problem)?;
    let (state, patient_id, staff) =
        open(&prison_number, crate::domain::access::Intent::Write, crate::audit::AuditAction::TransferDepart)
            .await?;
    super::ssr::depart(&state.pool, &staff, patient_id, transfer_id, hold_override_reason.as_deref()).await
}

#[server(endpoint = "cancel_transfer")]
pub async fn cancel_transfer(
    prison_number: String,
    transfer_id: Uuid,
    reason: String,
) -> Result<(), AppError> {
    crate::domain::free_text::check_free_text("reason", crate::domain::free_text::FreeText::Reason, &reason)
        .map_err(AppError::from_problem)?;
    let (state, patient_id, staff) =
        open(&prison_number, crate::domain::access::Intent::Write, crate::audit::AuditAction::TransferCancel)
            .await?;
    super::ssr::cancel(&state.pool, &staff, patient_id, transfer_id, &reason).await
}

#[server(endpoint = "redirect_transfer")]
pub async fn redirect_transfer(
    prison_number: String,
    transfer_id: Uuid,
    to: String,
    reason: String,
) -> Result<(), AppError> {
    crate::domain::free_text::check_free_text("to", crate::domain::free_text::FreeText::Line, &to)
        .map_err(AppError::from_problem)?;
    crate::domain::free_text::check_free_text("reason", crate::domain::free_text::FreeText::Reason, &reason)
        .map_err(AppError::from_problem)?;
    let (state, patient_id, staff) = open(
        &prison_number,
        crate::domain::access::Intent::Move,
        crate::audit::AuditAction::TransferRedirect,
    )
    .await?;
    super::ssr::redirect(&state.pool, &staff, patient_id, transfer_id, &to, &reason).await
}

#[server(endpoint = "record_custody_movement")]
pub async fn record_custody_movement(
    prison_number: String,
    movement: CustodyMovement,
    reason: String,
) -> Result<(), AppError> {
    crate::domain::free_text::check_free_text("reason", crate::domain::free_text::FreeText::Reason, &reason)
        .map_err(AppError::from_problem)?;
    let (state, patient_id, staff) =
        open(&prison_number, crate::domain::access::Intent::Write, crate::audit::AuditAction::MovementRecord)
            .await?;
    super::ssr::record_custody_movement(&state.pool, &staff, patient_id, movement, &reason).await
}

/// The handover: the copy stored when the patient left, or (before departure) the live record.
#[server(endpoint = "handover_pack")]
pub async fn load_handover(prison_number: String) -> Result<HandoverPack, AppError> {
    let (state, patient_id, _) =
        open(&prison_number, crate::domain::access::Intent::Read, crate::audit::AuditAction::HandoverRead)
            .await?;
    let transfer = super::ssr::current_or_latest_transfer(&state.pool, patient_id).await?;
    let stored = match &transfer {
        Some(t) => super::ssr::handover::stored_at_departure(&state.pool, t.id).await?,
        None => None,
    };
    let mut pack = match stored {
        Some(pack) => pack,
        None => super::ssr::handover::assemble(&state.pool, patient_id).await?,
    };
    pack.transfer = transfer;
    Ok(pack)
}

#[server(endpoint = "transfer_lists")]
pub async fn load_transfer_lists() -> Result<TransferLists, AppError> {
    let (state, staff) = crate::access::require(
        crate::domain::Capability::ClinicalAccess,
        crate::audit::AuditAction::TransferListsRole,
    )
    .await?;
    crate::audit::record_staff_action(&state.pool, &staff, crate::audit::AuditAction::TransferListsRead, "")
        .await?;
    super::ssr::lists(&state.pool, staff.establishment_id, &state.session_rules).await
}

#[server(endpoint = "reception")]
pub async fn load_reception(prison_number: String) -> Result<ReceptionData, AppError> {
    let (state, patient_id, staff) =
        open(&prison_number, crate::domain::access::Intent::Read, crate::audit::AuditAction::ReceptionRead)
            .await?;
    super::ssr::reception(&state.pool, &staff, patient_id).await
}

/// Reception at the user's establishment of a patient in transit here.
#[server(endpoint = "receive_patient")]
pub async fn receive_patient(prison_number: String, cell: Uuid) -> Result<(), AppError> {
    let (state, patient_id, staff) =
        open(&prison_number, crate::domain::access::Intent::Move, crate::audit::AuditAction::TransferReceive)
            .await?;
    super::ssr::receive(&state.pool, &staff, patient_id, cell).await
}

#[server(endpoint = "reconcile_medicine", input = Json)]
pub async fn reconcile_medicine(prison_number: String, request: ReconcileRequest) -> Result<(), AppError> {
    let (state, patient_id, staff) = open(
        &prison_number,
        crate::domain::access::Intent::Write,
        crate::audit::AuditAction::MedicinesReconcile,
    )
    .await?;
    super::ssr::reconcile(&state.pool, &staff, patient_id, &request).await
}

/// From court to another prison instead of back here.
#[server(endpoint = "remand_elsewhere")]
pub async fn remand_elsewhere(prison_number: String, to: String, reason: String) -> Result<(), AppError> {
    crate::domain::free_text::check_free_text("to", crate::domain::free_text::FreeText::Line, &to)
        .map_err(AppError::from_problem)?;
    crate::domain::free_text::check_free_text("reason", crate::domain::free_text::FreeText::Reason, &reason)
        .map_err(AppError::from_problem)?;
    let (state, patient_id, staff) = open(
        &prison_number,
        crate::domain::access::Intent::Write,
        crate::audit::AuditAction::MovementRemandElsewhere,
    )
    .await?;
    super::ssr::remand_elsewhere(&state.pool, &staff, patient_id, &to, &reason).await
}

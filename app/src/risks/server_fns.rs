use leptos::prelude::*;
use uuid::Uuid;

use super::{AlertType, OpenAlert};
use crate::error::AppError;

#[cfg(feature = "ssr")]
fn field_error((field, message): (&'static str, String)) -> AppError {
    AppError::invalid(field, message)
}

#[server(endpoint = "record_allergy")]
pub async fn record_allergy(
    prison_number: String,
    substance: String,
    reaction: String,
    severity: String,
    certainty: String,
) -> Result<(), AppError> {
    use crate::domain::access::Intent;

    super::check_allergy(&substance, &reaction, &severity, &certainty).map_err(field_error)?;
    let state = crate::state::app_state()?;
    let (patient_id, staff) = crate::access::authorize_prison_number(
        &state,
        &prison_number,
        Intent::Write,
        crate::audit::AuditAction::AllergyRecord,
    )
    .await?;
    super::ssr::record_allergy(
        &state.pool,
        patient_id,
        &staff,
        substance.trim(),
        reaction.trim(),
        &severity,
        &certainty,
    )
    .await
}

/// "No known allergies" is a clinical statement: only made when no allergy is on record.
#[server(endpoint = "record_no_known_allergies")]
pub async fn record_no_known_allergies(prison_number: String) -> Result<(), AppError> {
    use crate::domain::access::Intent;

    let state = crate::state::app_state()?;
    let (patient_id, staff) = crate::access::authorize_prison_number(
        &state,
        &prison_number,
        Intent::Write,
        crate::audit::AuditAction::AllergyRecordNone,
    )
    .await?;
    super::ssr::record_no_known_allergies(&state.pool, patient_id, &staff).await
}

#[server(endpoint = "alert_types")]
pub async fn load_alert_types() -> Result<Vec<AlertType>, AppError> {
    let (state, _) = crate::access::signed_in().await?;
    super::ssr::alert_types(&state.pool).await
}

#[server(endpoint = "open_alerts")]
pub async fn load_open_alerts(prison_number: String) -> Result<Vec<OpenAlert>, AppError> {
    use crate::domain::access::Intent;

    let state = crate::state::app_state()?;
    let (patient_id, _) = crate::access::authorize_prison_number(
        &state,
        &prison_number,
        Intent::Read,
        crate::audit::AuditAction::AlertList,
    )
    .await?;
    super::ssr::open_alerts(&state.pool, patient_id).await
}

#[server(endpoint = "raise_alert")]
pub async fn raise_alert(prison_number: String, alert_type: String, note: String) -> Result<(), AppError> {
    use crate::domain::access::Intent;
    crate::domain::free_text::check_free_text(
        "alert_type",
        crate::domain::free_text::FreeText::Line,
        &alert_type,
    )
    .map_err(AppError::from_problem)?;

    crate::domain::first_problem(crate::domain::record_checks::alert_problems(&alert_type, &note))
        .map_err(field_error)?;
    let state = crate::state::app_state()?;
    let (patient_id, staff) = crate::access::authorize_prison_number(
        &state,
        &prison_number,
        Intent::Write,
        crate::audit::AuditAction::AlertRaise,
    )
    .await?;
    super::ssr::raise_alert(&state.pool, patient_id, &staff, &alert_type, note.trim()).await
}

#[server(endpoint = "close_alert")]
pub async fn close_alert(alert_id: Uuid, reason: String) -> Result<(), AppError> {
    if let Some((field, message)) =
        crate::domain::record_checks::close_reason_problems(&reason).into_iter().next()
    {
        return Err(AppError::invalid(field, message));
    }
    let reason = reason.trim().to_owned();
    let (state, staff) = crate::access::signed_in().await?;
    super::ssr::close_alert(&state.pool, &staff, alert_id, &reason).await
}

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use uuid::Uuid;

use super::{MedicineProduct, MedicinesSummary, PrescriptionRequest};
use crate::error::AppError;

/// Catalogue products whose name resembles what was typed, best first.
#[server(endpoint = "search_medicines")]
pub async fn search_medicines(query: String) -> Result<Vec<MedicineProduct>, AppError> {
    let (state, staff) = crate::access::signed_in().await?;
    let query = query.trim();
    if query.chars().count() < 2 {
        return Ok(Vec::new());
    }
    if query.chars().count() > 100 {
        return Err(AppError::invalid("medicine_search", "Type fewer words to search for a medicine."));
    }
    super::ssr::search(&state.pool, staff.establishment_id, query).await
}

#[server(endpoint = "medicines_summary")]
pub async fn load_medicines(prison_number: String) -> Result<MedicinesSummary, AppError> {
    use crate::domain::access::Intent;

    let state = crate::state::app_state()?;
    let (patient_id, staff) = crate::access::authorize_prison_number(
        &state,
        &prison_number,
        Intent::Read,
        crate::audit::AuditAction::PrescriptionList,
    )
    .await?;
    super::ssr::summary(&state.pool, &staff, patient_id).await
}

#[server(endpoint = "prescribe", input = Json)]
pub async fn prescribe(prison_number: String, request: PrescriptionRequest) -> Result<Uuid, AppError> {
    use crate::domain::access::Intent;

    let state = crate::state::app_state()?;
    let (patient_id, staff) = crate::access::authorize_prison_number(
        &state,
        &prison_number,
        Intent::Write,
        crate::audit::AuditAction::PrescriptionWrite,
    )
    .await?;
    super::ssr::prescribe(&state.pool, &staff, patient_id, &request).await
}

#[server(endpoint = "stop_prescription")]
pub async fn stop_prescription(prescription_id: Uuid, reason: String) -> Result<(), AppError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::invalid("reason", "Give the reason for stopping."));
    }
    if reason.chars().count() > 500 {
        return Err(AppError::invalid("reason", "Keep the reason under 500 characters."));
    }
    let (state, staff) = crate::access::signed_in().await?;
    super::ssr::stop(&state.pool, &staff, prescription_id, reason).await
}

#[server(endpoint = "supply_in_possession")]
pub async fn supply_in_possession(prescription_id: Uuid, quantity: String) -> Result<(), AppError> {
    crate::domain::free_text::check_free_text(
        "quantity",
        crate::domain::free_text::FreeText::Line,
        &quantity,
    )
    .map_err(AppError::from_problem)?;
    let quantity = crate::domain::Dose::parse(&quantity).map_err(|m| AppError::invalid("quantity", m))?;
    let (state, staff) = crate::access::signed_in().await?;
    super::ssr::supply_in_possession(&state.pool, &staff, prescription_id, quantity).await
}

#[server(endpoint = "record_ost_review")]
pub async fn record_ost_review(
    prescription_id: Uuid,
    decision: String,
    note: String,
) -> Result<(), AppError> {
    crate::domain::free_text::check_free_text(
        "decision",
        crate::domain::free_text::FreeText::Line,
        &decision,
    )
    .map_err(AppError::from_problem)?;
    crate::domain::free_text::check_free_text("note", crate::domain::free_text::FreeText::Note, &note)
        .map_err(AppError::from_problem)?;
    let (state, staff) = crate::access::signed_in().await?;
    super::ssr::record_ost_review(&state.pool, &staff, prescription_id, &decision, &note).await
}

/// The medicines administration record over the last 7 or 28 days.
#[server(endpoint = "mar_chart")]
pub async fn load_mar(prison_number: String, days: u32) -> Result<super::mar::MarChart, AppError> {
    use crate::domain::access::Intent;

    if days != 7 && days != 28 {
        return Err(AppError::invalid("days", "The chart covers 7 or 28 days."));
    }
    let state = crate::state::app_state()?;
    let (patient_id, _) = crate::access::authorize_prison_number(
        &state,
        &prison_number,
        Intent::Read,
        crate::audit::AuditAction::MarRead,
    )
    .await?;
    super::ssr::mar(&state.pool, patient_id, days).await
}

#[server(endpoint = "never_in_possession")]
pub async fn load_never_in_possession() -> Result<super::never_in_possession::NeverInPossessionList, AppError>
{
    let (state, staff) = crate::access::signed_in().await?;
    super::ssr::never_in_possession(&state.pool, &staff).await
}

#[server(endpoint = "add_never_in_possession")]
pub async fn add_never_in_possession(product_code: Option<i64>, reason: String) -> Result<(), AppError> {
    crate::domain::free_text::check_free_text("reason", crate::domain::free_text::FreeText::Reason, &reason)
        .map_err(AppError::from_problem)?;
    let Some(product_code) = product_code else {
        return Err(AppError::invalid(
            "product_code",
            "Search for the medicine and choose one from the list.",
        ));
    };
    let (state, staff) = crate::access::signed_in().await?;
    super::ssr::add_never_in_possession(&state.pool, &staff, product_code, &reason).await
}

#[server(endpoint = "remove_never_in_possession")]
pub async fn remove_never_in_possession(id: Uuid, reason: String) -> Result<(), AppError> {
    crate::domain::free_text::check_free_text("reason", crate::domain::free_text::FreeText::Reason, &reason)
        .map_err(AppError::from_problem)?;
    let (state, staff) = crate::access::signed_in().await?;
    super::ssr::remove_never_in_possession(&state.pool, &staff, id, &reason).await
}

//! Export of a patient's whole record as a FHIR R4 Bundle (UK Core conventions), so that another
//! service can import it: a receiving prison, a community GP, a hospital. Appointments are not in
//! Throughcare yet, so the Bundle has none.

#[cfg(feature = "ssr")]
pub mod bundle;
mod button;
#[cfg(feature = "ssr")]
pub mod fhir;
#[cfg(feature = "ssr")]
pub mod record;
#[cfg(feature = "ssr")]
pub mod ssr;

use leptos::prelude::*;

use crate::error::AppError;
pub use button::FhirExportButton;

/// The patient's record as FHIR R4 JSON text (a `collection` Bundle), ready to save as a file.
#[server(endpoint = "export_fhir_bundle")]
pub async fn export_fhir_bundle(prison_number: String) -> Result<String, AppError> {
    use crate::domain::access::Intent;

    let state = crate::state::app_state()?;
    // Refused under break-glass: a bulk copy of the whole record is not emergency reading
    // (docs/security/review-2026-12.md, item 8).
    let (patient_id, staff) = crate::access::authorize_prison_number_without_break_glass(
        &state,
        &prison_number,
        Intent::Read,
        crate::audit::AuditAction::PatientFhirExport,
    )
    .await?;
    let record = ssr::export_record(&state.pool, patient_id).await?;
    let bundle = bundle::bundle(&record, chrono::Utc::now());
    let text = serde_json::to_string_pretty(&bundle).map_err(|error| {
        tracing::error!(%patient_id, %error, "FHIR Bundle did not serialise");
        AppError::Internal
    })?;
    tracing::info!(staff_id = %staff.staff_id, %patient_id, entries = bundle.entry.len(), "FHIR record exported");
    Ok(text)
}

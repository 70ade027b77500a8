use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use super::{DischargeRequest, DischargeView};
use crate::error::AppError;

/// The discharge page: the record to release from, or (after release) the summary this
/// establishment wrote.
#[server(endpoint = "discharge")]
pub async fn load_discharge(prison_number: String) -> Result<DischargeView, AppError> {
    let state = crate::state::app_state()?;
    let (patient_id, staff, scope) =
        crate::access::authorize_read_scope(&state, &prison_number, crate::audit::AuditAction::DischargeRead)
            .await?;
    super::ssr::view(&state.pool, &staff, patient_id, &scope).await
}

/// Releases the patient and writes the discharge summary, in one step.
#[server(endpoint = "release_patient", input = Json)]
pub async fn release_patient(prison_number: String, request: DischargeRequest) -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    let (patient_id, staff) = crate::access::authorize_prison_number(
        &state,
        &prison_number,
        crate::domain::access::Intent::Write,
        crate::audit::AuditAction::DischargeRelease,
    )
    .await?;
    super::ssr::release(&state.pool, &staff, patient_id, &request).await
}

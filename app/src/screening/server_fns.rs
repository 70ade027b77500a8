// The screening form posts one field per question, and the server function macro generates a
// client function with the same arguments, so the allowance has to cover the whole module.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use super::{ScreeningSaved, ScreeningWorklist};
use crate::error::AppError;

/// Records the first-stage reception screen; sets the second-stage due date and opens an ACCT
/// when the self-harm risk is high.
#[server(endpoint = "record_reception_screening")]
pub async fn record_reception_screening(
    prison_number: String,
    physical_health: String,
    current_medicines: String,
    last_dose: String,
    alcohol: String,
    drugs: String,
    withdrawal_risk: String,
    mental_health: String,
    self_harm_risk: String,
    learning_disability: Option<String>,
    urgent_referral: Option<String>,
    notes: String,
) -> Result<ScreeningSaved, AppError> {
    use crate::domain::access::Intent;
    use crate::domain::screening::ReceptionScreening;

    let screening = ReceptionScreening {
        physical_health,
        current_medicines,
        last_dose,
        alcohol,
        drugs,
        withdrawal_risk,
        mental_health,
        self_harm_risk,
        learning_disability: learning_disability.is_some(),
        urgent_referral: urgent_referral.is_some(),
        notes,
    };
    screening.validate().map_err(|(field, message)| AppError::invalid(field, message))?;
    let state = crate::state::app_state()?;
    let (patient_id, staff) =
        crate::access::authorize_prison_number(&state, &prison_number, Intent::Write, "screening.record")
            .await?;
    super::ssr::record_first_stage(&state.pool, patient_id, &staff, &screening).await
}

#[server(endpoint = "screening_worklist")]
pub async fn load_screening_worklist() -> Result<ScreeningWorklist, AppError> {
    let state = crate::state::app_state()?;
    let staff = crate::auth::ssr::staff_context(&state.pool, &state.session_rules).await?;
    if !staff.role.is_clinical() {
        return Err(crate::domain::access::Refusal::RoleHasNoClinicalAccess.into());
    }
    let list = super::ssr::worklist(&state.pool, staff.establishment_id).await?;
    crate::audit::record_staff_action(&state.pool, &staff, "screening.worklist.read", "").await?;
    Ok(list)
}

// The screening form posts one field per question, and the server function macro generates a
// client function with the same arguments, so the allowance has to cover the whole module.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use super::{ScreeningSaved, ScreeningStatus, ScreeningWorklist, SecondStageSaved};
use crate::domain::screening::ReceptionScreening;
use crate::domain::second_stage::SecondStageAssessment;
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

    let args = RecordReceptionScreening {
        prison_number,
        physical_health,
        current_medicines,
        last_dose,
        alcohol,
        drugs,
        withdrawal_risk,
        mental_health,
        self_harm_risk,
        learning_disability,
        urgent_referral,
        notes,
    };
    let screening = ReceptionScreening::from(&args);
    let prison_number = args.prison_number;
    screening.validate().map_err(|(field, message)| AppError::invalid(field, message))?;
    let state = crate::state::app_state()?;
    let (patient_id, staff) = crate::access::authorize_prison_number(
        &state,
        &prison_number,
        Intent::Write,
        crate::audit::AuditAction::ScreeningRecord,
    )
    .await?;
    super::ssr::record_first_stage(&state.pool, patient_id, &staff, &screening).await
}

/// The answers as the shared rule reads them; the browser checks the form with the same rule.
impl From<&RecordReceptionScreening> for ReceptionScreening {
    fn from(a: &RecordReceptionScreening) -> Self {
        ReceptionScreening {
            physical_health: a.physical_health.clone(),
            current_medicines: a.current_medicines.clone(),
            last_dose: a.last_dose.clone(),
            alcohol: a.alcohol.clone(),
            drugs: a.drugs.clone(),
            withdrawal_risk: a.withdrawal_risk.clone(),
            mental_health: a.mental_health.clone(),
            self_harm_risk: a.self_harm_risk.clone(),
            learning_disability: a.learning_disability.is_some(),
            urgent_referral: a.urgent_referral.is_some(),
            notes: a.notes.clone(),
        }
    }
}

/// Records the second-stage health assessment for the patient's current custody episode, which
/// takes them off the worklist's second-stage list.
#[server(endpoint = "record_second_stage_assessment")]
pub async fn record_second_stage(
    prison_number: String,
    assessment: SecondStageAssessment,
) -> Result<SecondStageSaved, AppError> {
    use crate::domain::access::Intent;

    assessment.validate().map_err(|(field, message)| AppError::invalid(field, message))?;
    let state = crate::state::app_state()?;
    let (patient_id, staff) = crate::access::authorize_prison_number(
        &state,
        &prison_number,
        Intent::Write,
        crate::audit::AuditAction::ScreeningSecondStageRecord,
    )
    .await?;
    super::ssr::record_second_stage(&state.pool, patient_id, &staff, &assessment).await
}

#[server(endpoint = "screening_worklist")]
pub async fn load_screening_worklist() -> Result<ScreeningWorklist, AppError> {
    let (state, staff) = crate::access::require(
        crate::domain::Capability::ClinicalAccess,
        crate::audit::AuditAction::ScreeningWorklistRole,
    )
    .await?;
    let list = super::ssr::worklist(&state.pool, staff.establishment_id).await?;
    crate::audit::record_staff_action(
        &state.pool,
        &staff,
        crate::audit::AuditAction::ScreeningWorklistRead,
        "",
    )
    .await?;
    Ok(list)
}

/// Where the patient's screens stand in their current custody episode, for the record's
/// screening section.
#[server(endpoint = "screening_status")]
pub async fn load_screening_status(prison_number: String) -> Result<ScreeningStatus, AppError> {
    let state = crate::state::app_state()?;
    let (patient_id, _) = crate::access::authorize_prison_number(
        &state,
        &prison_number,
        crate::domain::access::Intent::Read,
        crate::audit::AuditAction::ScreeningStatusRead,
    )
    .await?;
    super::ssr::status(&state.pool, patient_id).await
}

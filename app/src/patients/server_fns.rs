use leptos::prelude::*;

use super::{PatientRecord, PatientSearchRow};
use crate::error::AppError;

/// Patients at (or on their way to) the user's establishment matching a name, prison number
/// or NHS number. Names match despite small typos.
#[server(endpoint = "search_patients")]
pub async fn search_patients(query: String) -> Result<Vec<PatientSearchRow>, AppError> {
    use crate::audit::{self, AuditEntry, Outcome};
    use crate::domain::patient_query::PatientQuery;

    let state = crate::state::app_state()?;
    let staff = crate::auth::ssr::staff_context(&state.pool, &state.session_rules).await?;
    if !staff.role.is_clinical() {
        return Err(crate::domain::access::Refusal::RoleHasNoClinicalAccess.into());
    }
    let parsed = PatientQuery::parse(&query).map_err(|message| AppError::invalid("q", message))?;
    let rows = super::ssr::search(&state.pool, staff.establishment_id, &parsed).await?;
    audit::record(
        &state.pool,
        AuditEntry {
            staff_id: Some(staff.staff_id),
            establishment_id: Some(staff.establishment_id),
            patient_id: None,
            action: "patient.search",
            outcome: Outcome::Allowed,
            detail: parsed.kind(),
        },
    )
    .await?;
    Ok(rows)
}

/// The patient's banner, alert history and custody history.
#[server(endpoint = "patient_record")]
pub async fn load_patient_record(prison_number: String) -> Result<PatientRecord, AppError> {
    use crate::access::{authorize_patient, patient_id_for};
    use crate::domain::{PrisonNumber, access::Intent};

    let state = crate::state::app_state()?;
    let staff = crate::auth::ssr::staff_context(&state.pool, &state.session_rules).await?;
    let prison_number =
        PrisonNumber::parse(&prison_number).map_err(|e| AppError::invalid("prison_number", e.to_string()))?;
    let patient_id = patient_id_for(&state.pool, &prison_number).await?;
    authorize_patient(&state.pool, &staff, patient_id, Intent::Read, "patient.record.read").await?;
    super::ssr::record(&state.pool, patient_id).await
}

use leptos::prelude::*;

use super::PatientSearchRow;
use crate::error::AppError;

/// Patients at (or on their way to) the user's establishment matching a name, prison number
/// or NHS number. Names match despite small typos.
#[server(endpoint = "search_patients")]
pub async fn search_patients(query: String) -> Result<Vec<PatientSearchRow>, AppError> {
    use crate::audit;
    use crate::domain::patient_query::PatientQuery;

    let (state, staff) = crate::access::require(
        crate::domain::Capability::ClinicalAccess,
        crate::audit::AuditAction::PatientSearchRole,
    )
    .await?;
    let parsed = PatientQuery::parse(&query).map_err(|message| AppError::invalid("q", message))?;
    let rows = super::ssr::search(state.read_pool(), staff.establishment_id, &parsed).await?;
    audit::record_staff_action(&state.pool, &staff, crate::audit::AuditAction::PatientSearch, parsed.kind())
        .await?;
    Ok(rows)
}

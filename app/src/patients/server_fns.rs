use leptos::prelude::*;

use super::{PatientBanner, PatientSearchRow};
use crate::error::AppError;

/// Patients at (or on their way to) the user's establishment matching a name, prison number
/// or NHS number. Names match despite small typos.
#[server(endpoint = "search_patients")]
pub async fn search_patients(query: String) -> Result<Vec<PatientSearchRow>, AppError> {
    use crate::audit;
    use crate::domain::patient_query::PatientQuery;

    let (state, staff) =
        crate::access::require(crate::domain::Capability::ClinicalAccess, "patient.search.role").await?;
    let parsed = PatientQuery::parse(&query).map_err(|message| AppError::invalid("q", message))?;
    let rows = super::ssr::search(state.read_pool(), staff.establishment_id, &parsed).await?;
    audit::record_staff_action(&state.pool, &staff, "patient.search", parsed.kind()).await?;
    Ok(rows)
}

/// The patient banner: identity, whereabouts, allergies and active alerts.
#[server(endpoint = "patient_banner")]
pub async fn load_patient_banner(prison_number: String) -> Result<PatientBanner, AppError> {
    let state = crate::state::app_state()?;
    let (patient_id, _, scope) =
        crate::access::authorize_read_scope(&state, &prison_number, "patient.banner.read").await?;
    let banner = super::ssr::banner(&state.pool, patient_id).await?;
    Ok(match scope {
        crate::access::ReadScope::WholeRecord => banner,
        crate::access::ReadScope::BreakGlass { until } => {
            PatientBanner { break_glass_until: Some(until), ..banner }
        }
        crate::access::ReadScope::OwnEntries { establishment_code } => PatientBanner {
            status: None,
            whereabouts: "Transferred away".to_owned(),
            allergies: super::AllergyStatus::NotRecorded,
            alerts: Vec::new(),
            own_entries_only: Some(establishment_code),
            ..banner
        },
    })
}

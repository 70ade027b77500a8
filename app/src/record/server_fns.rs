use leptos::prelude::*;

use super::PatientBanner;
use crate::error::AppError;

/// The patient banner: identity, whereabouts, allergies and active alerts.
#[server(endpoint = "patient_banner")]
pub async fn load_patient_banner(prison_number: String) -> Result<PatientBanner, AppError> {
    let state = crate::state::app_state()?;
    let (patient_id, _, scope) = crate::access::authorize_read_scope(
        &state,
        &prison_number,
        crate::audit::AuditAction::PatientBannerRead,
    )
    .await?;
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

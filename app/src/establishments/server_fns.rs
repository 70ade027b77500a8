use leptos::prelude::*;

use super::EstablishmentOverview;
use crate::error::AppError;

#[server(endpoint = "establishment_overview")]
pub async fn load_establishment_overview() -> Result<EstablishmentOverview, AppError> {
    use crate::audit;

    let (state, staff) = crate::access::require(
        crate::domain::Capability::ClinicalAccess,
        crate::audit::AuditAction::EstablishmentOverviewRole,
    )
    .await?;
    let overview = super::ssr::overview(&state.pool, staff.establishment_id).await?;
    audit::record_staff_action(&state.pool, &staff, crate::audit::AuditAction::EstablishmentOverviewRead, "")
        .await?;
    Ok(overview)
}

use leptos::prelude::*;

use super::EstablishmentOverview;
use crate::error::AppError;

#[server(endpoint = "establishment_overview")]
pub async fn load_establishment_overview() -> Result<EstablishmentOverview, AppError> {
    use crate::audit;

    let state = crate::state::app_state()?;
    let staff = crate::auth::ssr::staff_context(&state.pool, &state.session_rules).await?;
    crate::access::require_role(
        &state.pool,
        &staff,
        staff.role.is_clinical(),
        crate::domain::access::Refusal::RoleHasNoClinicalAccess,
        "establishment.overview.role",
    )
    .await?;
    let overview = super::ssr::overview(&state.pool, staff.establishment_id).await?;
    audit::record_staff_action(&state.pool, &staff, "establishment.overview.read", "").await?;
    Ok(overview)
}

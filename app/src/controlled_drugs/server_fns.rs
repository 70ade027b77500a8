use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use super::{CdRegister, CdRegisterLine, CdStockEntry};
use crate::domain::Dose;
use crate::error::AppError;

#[cfg(feature = "ssr")]
async fn clinical_staff() -> Result<(crate::state::AppState, crate::auth::ssr::StaffContext), AppError> {
    let (state, staff) =
        crate::access::require(crate::domain::Capability::ClinicalAccess, crate::audit::AuditAction::CdRole)
            .await?;
    Ok((state, staff))
}

#[server(endpoint = "cd_register")]
pub async fn load_cd_register() -> Result<CdRegister, AppError> {
    let (state, staff) = clinical_staff().await?;
    let stock = super::ssr::stock(&state.pool, &staff).await?;
    crate::audit::record_staff_action(&state.pool, &staff, crate::audit::AuditAction::CdRegisterRead, "")
        .await?;
    Ok(CdRegister { stock, may_manage: staff.role.may(crate::domain::Capability::ManageMedicinesStock) })
}

#[server(endpoint = "cd_register_entries")]
pub async fn load_cd_entries(product_code: i64) -> Result<Vec<CdRegisterLine>, AppError> {
    let (state, staff) = clinical_staff().await?;
    let entries = super::ssr::entries(&state.pool, &staff, product_code).await?;
    // The register lines name patients (prison numbers): reading them is audited like the register.
    crate::audit::record_staff_action(
        &state.pool,
        &staff,
        crate::audit::AuditAction::CdRegisterEntriesRead,
        &product_code.to_string(),
    )
    .await?;
    Ok(entries)
}

#[server(endpoint = "record_cd_stock_entry", input = Json)]
pub async fn record_cd_stock_entry(entry: CdStockEntry) -> Result<Dose, AppError> {
    let (state, staff) = clinical_staff().await?;
    super::ssr::record_stock_entry(&state.pool, &staff, &entry).await
}

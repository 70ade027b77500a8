use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use super::{AuditQuery, AuditTrail};
use crate::error::AppError;

/// The audit trail of a patient or a member of staff, newest first, for a healthcare manager.
#[server(endpoint = "audit_trail", input = Json)]
pub async fn load_audit_trail(query: AuditQuery) -> Result<AuditTrail, AppError> {
    let state = crate::state::app_state()?;
    super::ssr::trail(&state, &query, super::ssr::SHOWN_LINES, "read").await
}

/// The same trail as CSV, every line of the period.
#[server(endpoint = "export_audit_trail", input = Json)]
pub async fn export_audit_trail(query: AuditQuery) -> Result<String, AppError> {
    let state = crate::state::app_state()?;
    let trail = super::ssr::trail(&state, &query, super::ssr::EXPORTED_LINES, "export").await?;
    Ok(super::csv::render(&trail.lines))
}

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use uuid::Uuid;

use super::{BreakGlassFilter, BreakGlassUse, ReviewOutcome};
use crate::error::AppError;

/// Opens the patient's record read-only until the returned time, for the reason given.
#[server(endpoint = "start_break_glass")]
pub async fn start_break_glass(prison_number: String, reason: String) -> Result<DateTime<Utc>, AppError> {
    let state = crate::state::app_state()?;
    super::ssr::start(&state, &prison_number, &reason).await
}

/// The healthcare manager's list of break-glass uses at or concerning their establishment.
#[server(endpoint = "break_glass_report", input = Json)]
pub async fn load_break_glass_report(filter: BreakGlassFilter) -> Result<Vec<BreakGlassUse>, AppError> {
    use crate::domain::free_text::{FreeText, check_free_text};
    check_free_text("user", FreeText::Line, &filter.user).map_err(AppError::from_problem)?;
    check_free_text("prison_number", FreeText::Line, &filter.prison_number)
        .map_err(AppError::from_problem)?;
    let (state, staff) = crate::access::signed_in().await?;
    super::ssr::report(&state, &staff, &filter).await
}

#[server(endpoint = "review_break_glass", input = Json)]
pub async fn review_break_glass(id: Uuid, outcome: ReviewOutcome, note: String) -> Result<(), AppError> {
    crate::domain::free_text::check_free_text("review_note", crate::domain::free_text::FreeText::Note, &note)
        .map_err(AppError::from_problem)?;
    let (state, staff) = crate::access::signed_in().await?;
    super::ssr::review(&state.pool, &staff, id, outcome, &note).await
}

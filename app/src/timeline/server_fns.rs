use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use uuid::Uuid;

use super::{DayDoses, TimelineCursor, TimelineEntry, TimelineFacets, TimelineFilter, TimelinePage};
use crate::error::AppError;

/// One page of the patient's timeline, newest first, after `after` when given.
#[server(endpoint = "timeline_page", input = Json)]
pub async fn load_timeline_page(
    prison_number: String,
    filter: TimelineFilter,
    after: Option<TimelineCursor>,
) -> Result<TimelinePage, AppError> {
    filter.validate().map_err(|(field, message)| AppError::invalid(field, message))?;
    let state = crate::state::app_state()?;
    let (patient_id, _, scope) =
        crate::access::authorize_read_scope(&state, &prison_number, crate::audit::AuditAction::TimelineRead)
            .await?;
    let mut filter = filter;
    if let crate::access::ReadScope::OwnEntries { establishment_code } = scope {
        // An establishment the patient has left sees only what it recorded, whatever the filter asks.
        filter.establishment = Some(establishment_code);
    }
    super::ssr::page(state.read_pool(), patient_id, &filter, after).await
}

/// The doses behind one day's medicines summary on the timeline.
#[server(endpoint = "timeline_day_doses")]
pub async fn load_day_doses(prison_number: String, entry_id: Uuid) -> Result<DayDoses, AppError> {
    let state = crate::state::app_state()?;
    let (patient_id, _, scope) = crate::access::authorize_read_scope(
        &state,
        &prison_number,
        crate::audit::AuditAction::TimelineDayDosesRead,
    )
    .await?;
    let only = match &scope {
        crate::access::ReadScope::OwnEntries { establishment_code } => Some(establishment_code.as_str()),
        _ => None,
    };
    super::ssr::day_doses(&state.pool, patient_id, entry_id, only).await
}

/// The choices the filter bar offers for this patient, and their custody episodes.
#[server(endpoint = "timeline_facets")]
pub async fn load_timeline_facets(prison_number: String) -> Result<TimelineFacets, AppError> {
    let state = crate::state::app_state()?;
    let (patient_id, _, scope) = crate::access::authorize_read_scope(
        &state,
        &prison_number,
        crate::audit::AuditAction::TimelineFacetsRead,
    )
    .await?;
    let only = match &scope {
        crate::access::ReadScope::OwnEntries { establishment_code } => Some(establishment_code.as_str()),
        _ => None,
    };
    super::ssr::facets(state.read_pool(), patient_id, only).await
}

/// Writes a consultation note; it appears at the top of the timeline.
#[server(endpoint = "add_note")]
pub async fn add_note(prison_number: String, text: String) -> Result<TimelineEntry, AppError> {
    use crate::domain::access::Intent;

    let text = text.trim().to_owned();
    if text.is_empty() {
        return Err(AppError::invalid("text", "Write the note before saving it."));
    }
    crate::domain::free_text::check_free_text("text", crate::domain::free_text::FreeText::Record, &text)
        .map_err(AppError::from_problem)?;
    let state = crate::state::app_state()?;
    let (patient_id, staff) = crate::access::authorize_prison_number(
        &state,
        &prison_number,
        Intent::Write,
        crate::audit::AuditAction::TimelineNoteWrite,
    )
    .await?;
    super::ssr::add_note(&state.pool, patient_id, &staff, &text, None).await
}

/// Marks an entry entered in error, with a reason; a note may be replaced by a correction
/// linked to it. Nothing is deleted.
#[server(endpoint = "mark_entered_in_error")]
pub async fn mark_entered_in_error(
    entry_id: Uuid,
    reason: String,
    correction: Option<String>,
) -> Result<TimelineEntry, AppError> {
    let reason = reason.trim().to_owned();
    if reason.is_empty() {
        return Err(AppError::invalid("reason", "Say why this entry is in error."));
    }
    use crate::domain::free_text::{FreeText, check_free_text};
    check_free_text("reason", FreeText::Reason, &reason).map_err(AppError::from_problem)?;
    let correction = correction.map(|c| c.trim().to_owned()).filter(|c| !c.is_empty());
    // A correction replaces a note, so it is bounded as a note of the record is.
    check_free_text("correction", FreeText::Record, correction.as_deref().unwrap_or_default())
        .map_err(AppError::from_problem)?;
    let (state, staff) = crate::access::signed_in().await?;
    super::ssr::mark_entered_in_error(&state.pool, &staff, entry_id, &reason, correction.as_deref()).await
}

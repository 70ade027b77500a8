use leptos::prelude::*;
use uuid::Uuid;

use super::{ActiveProblem, ProblemConcept};
use crate::error::AppError;

/// Concepts whose term resembles what was typed (typo-tolerant), best first.
#[server(endpoint = "search_problem_concepts")]
pub async fn search_problem_concepts(query: String) -> Result<Vec<ProblemConcept>, AppError> {
    let (state, _) = crate::access::signed_in().await?;
    let query = query.trim();
    if query.chars().count() < 2 {
        return Ok(Vec::new());
    }
    if query.chars().count() > 100 {
        return Err(AppError::invalid("problem_search", "Type fewer words to search for a problem."));
    }
    super::ssr::search_concepts(&state.pool, query).await
}

#[server(endpoint = "active_problems")]
pub async fn load_active_problems(prison_number: String) -> Result<Vec<ActiveProblem>, AppError> {
    use crate::domain::access::Intent;

    let state = crate::state::app_state()?;
    let (patient_id, _) = crate::access::authorize_prison_number(
        &state,
        &prison_number,
        Intent::Read,
        crate::audit::AuditAction::ProblemList,
    )
    .await?;
    super::ssr::active_problems(&state.pool, patient_id).await
}

#[server(endpoint = "record_problem")]
pub async fn record_problem(
    prison_number: String,
    concept_id: Option<i64>,
    note: String,
) -> Result<(), AppError> {
    use crate::domain::access::Intent;

    crate::domain::first_problem(crate::domain::record_checks::problem_entry_problems(concept_id, &note))
        .map_err(|(field, message)| AppError::invalid(field, message))?;
    let Some(concept_id) = concept_id else {
        return Err(AppError::invalid("concept_id", "Search for the problem and choose one from the list."));
    };
    let state = crate::state::app_state()?;
    let (patient_id, staff) = crate::access::authorize_prison_number(
        &state,
        &prison_number,
        Intent::Write,
        crate::audit::AuditAction::ProblemRecord,
    )
    .await?;
    super::ssr::record_problem(&state.pool, patient_id, &staff, concept_id, note.trim()).await
}

#[server(endpoint = "resolve_problem")]
pub async fn resolve_problem(problem_id: Uuid) -> Result<(), AppError> {
    let (state, staff) = crate::access::signed_in().await?;
    super::ssr::resolve_problem(&state.pool, &staff, problem_id).await
}

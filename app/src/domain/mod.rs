//! Clinical and custody rules as plain functions: shared by the WASM client and the server,
//! tested without a browser or a database.

pub mod access;
pub mod administration_outcome;
pub mod age;
pub mod appointment;
pub mod break_glass;
pub mod capability;
pub mod clock;
pub mod controlled_drug;
pub mod discharge;
pub mod dose;
pub mod dose_decision;
pub mod establishment_code;
pub mod free_text;
#[cfg(test)]
mod identifier_fuzz;
pub mod movement;
pub mod nhs_number;
pub mod offline_round;
pub mod ost;
pub mod password_policy;
pub mod patient_query;
pub mod prescribing;
pub mod prescription_decision;
pub mod prison_number;
pub mod prn;
pub mod reconciliation;
pub mod record_checks;
pub mod role;
pub mod round_schedule;
pub mod screening;
pub mod second_stage;
pub mod snomed;
pub mod transfer;
pub mod whereabouts;

pub use administration_outcome::AdministrationOutcome;
pub use capability::Capability;
pub use dose::Dose;
pub use establishment_code::EstablishmentCode;
pub use nhs_number::NhsNumber;
pub use prison_number::PrisonNumber;
pub use role::Role;
pub use whereabouts::WhereaboutsStatus;

/// A form field's name and what is wrong with its answer, as the shared rules report it to the
/// browser (beside the field) and the server (as its field error).
pub type FieldProblem = (&'static str, String);

/// `Ok` when the rules found nothing, else the first problem: the server's one field error.
pub fn first_problem(problems: Vec<FieldProblem>) -> Result<(), FieldProblem> {
    problems.into_iter().next().map_or(Ok(()), Err)
}

/// A free-text answer's problem, if any: missing when `required` says what to write, or longer
/// than `max` characters.
pub fn text_problem(
    field: &'static str,
    value: &str,
    required: Option<&str>,
    max: usize,
) -> Option<FieldProblem> {
    if let Some(message) = required.filter(|_| value.trim().is_empty()) {
        return Some((field, message.to_owned()));
    }
    (value.chars().count() > max).then(|| (field, format!("Keep this under {max} characters.")))
}

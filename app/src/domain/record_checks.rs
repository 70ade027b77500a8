//! The checks on raising and closing an alert and recording a coded problem: run in the browser
//! before the form is sent and again by the server function, so both say the same thing.

use super::FieldProblem;

const MAX_NOTE: usize = 2_000;

fn note_problem(note: &str) -> Option<FieldProblem> {
    (note.chars().count() > MAX_NOTE).then(|| ("note", format!("Keep the note under {MAX_NOTE} characters.")))
}

/// An alert needs its type; its note is optional but bounded.
pub fn alert_problems(alert_type: &str, note: &str) -> Vec<FieldProblem> {
    let mut found = Vec::new();
    if alert_type.trim().is_empty() {
        found.push(("alert_type", "Choose the alert to raise.".to_owned()));
    }
    found.extend(note_problem(note));
    found
}

const MAX_CLOSE_REASON: usize = 1_000;

/// Closing an alert says why: someone reading the record later must see the reasoning.
pub fn close_reason_problems(reason: &str) -> Vec<FieldProblem> {
    let reason = reason.trim();
    if reason.is_empty() {
        vec![("reason", "Say why the alert is being closed.".to_owned())]
    } else if reason.chars().count() > MAX_CLOSE_REASON {
        vec![("reason", "Keep the reason under 1,000 characters.".to_owned())]
    } else {
        Vec::new()
    }
}

/// A problem is a concept chosen from the SNOMED CT list, never free text.
pub fn problem_entry_problems(concept_id: Option<i64>, note: &str) -> Vec<FieldProblem> {
    let mut found = Vec::new();
    if concept_id.is_none() {
        found.push(("concept_id", "Search for the problem and choose one from the list.".to_owned()));
    }
    found.extend(note_problem(note));
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_alert_without_a_type_names_the_type_field() {
        assert_eq!(alert_problems(" ", "").into_iter().map(|p| p.0).collect::<Vec<_>>(), ["alert_type"]);
        assert!(alert_problems("ACCT", "Opened after reception").is_empty());
    }

    #[test]
    fn an_overlong_note_is_refused_on_both_forms() {
        let long = "n".repeat(2_001);
        assert_eq!(alert_problems("ACCT", &long)[0].0, "note");
        assert_eq!(problem_entry_problems(Some(195967001), &long)[0].0, "note");
    }

    #[test]
    fn closing_an_alert_needs_a_reason_of_reasonable_length() {
        assert_eq!(close_reason_problems("  ")[0].0, "reason");
        assert_eq!(close_reason_problems(&"r".repeat(1_001))[0].0, "reason");
        assert!(close_reason_problems(&"r".repeat(1_000)).is_empty());
        assert!(close_reason_problems("Reviewed at the ACCT case review; risk reduced").is_empty());
    }

    #[test]
    fn a_problem_must_be_chosen_from_the_list() {
        assert_eq!(problem_entry_problems(None, "")[0].0, "concept_id");
        assert!(problem_entry_problems(Some(195967001), "").is_empty());
    }
}

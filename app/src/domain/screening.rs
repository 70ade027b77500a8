//! The first-stage reception health screen (NICE NG57): what must be asked before the first night,
//! and when the second-stage assessment falls due.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::{FieldProblem, first_problem, text_problem};

pub const USE_LEVELS: [(&str, &str); 3] =
    [("none", "None"), ("some", "Uses, not dependent"), ("dependent", "Dependent")];
pub const RISK_LEVELS: [(&str, &str); 3] = [("none", "None identified"), ("low", "Low"), ("high", "High")];
const MAX_TEXT: usize = 2_000;

/// The second-stage health assessment is due within 7 days of the first-stage screen.
pub fn second_stage_due(first_stage_at: DateTime<Utc>) -> DateTime<Utc> {
    first_stage_at + Duration::days(7)
}

/// Where the patient's second-stage assessment stands in this custody episode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecondStageState {
    /// No first-stage screen yet in this episode, so nothing is due.
    NotYetDue,
    /// Due by `due_at`, which has not passed.
    Due { due_at: DateTime<Utc> },
    /// Not done, and `due_at` has passed.
    Overdue { due_at: DateTime<Utc> },
    /// Done at `done_at`; `late` when after the due date.
    Done { done_at: DateTime<Utc>, late: bool },
}

/// The state of the second-stage assessment from the episode's due date (set by its first
/// first-stage screen) and the time it was done, if it was.
pub fn second_stage_state(
    due_at: Option<DateTime<Utc>>,
    done_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> SecondStageState {
    match (due_at, done_at) {
        (due, Some(done_at)) => SecondStageState::Done { done_at, late: due.is_some_and(|d| done_at > d) },
        (None, None) => SecondStageState::NotYetDue,
        (Some(due_at), None) if now > due_at => SecondStageState::Overdue { due_at },
        (Some(due_at), None) => SecondStageState::Due { due_at },
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceptionScreening {
    pub physical_health: String,
    pub current_medicines: String,
    pub last_dose: String,
    pub alcohol: String,
    pub drugs: String,
    pub withdrawal_risk: String,
    pub mental_health: String,
    pub self_harm_risk: String,
    pub learning_disability: bool,
    pub urgent_referral: bool,
    pub notes: String,
}

pub(crate) fn one_of(value: &str, allowed: &[(&str, &str)]) -> bool {
    allowed.iter().any(|(code, _)| *code == value)
}

pub(crate) fn title(value: &str, allowed: &[(&str, &str)]) -> String {
    allowed.iter().find(|(code, _)| *code == value).map(|(_, t)| (*t).to_owned()).unwrap_or_default()
}

impl ReceptionScreening {
    /// Every question must be answered (free text may say "none"): each problem found, with the
    /// field it belongs to, in the order the form asks.
    pub fn problems(&self) -> Vec<FieldProblem> {
        let mut found = Vec::new();
        let mut text = |field: &'static str, value: &str, required: Option<&str>| {
            found.extend(text_problem(field, value, required, MAX_TEXT));
        };
        text("physical_health", &self.physical_health, Some("Record physical health, or 'none reported'."));
        text("current_medicines", &self.current_medicines, Some("Record current medicines, or 'none'."));
        let takes_medicines = !self.current_medicines.trim().eq_ignore_ascii_case("none")
            && !self.current_medicines.trim().is_empty();
        text(
            "last_dose",
            &self.last_dose,
            takes_medicines.then_some("Record when the last dose of current medicines was taken."),
        );
        text("mental_health", &self.mental_health, Some("Record mental health, or 'none reported'."));
        text("notes", &self.notes, None);
        for (field, value, allowed, message) in [
            ("alcohol", &self.alcohol, &USE_LEVELS, "Record alcohol use."),
            ("drugs", &self.drugs, &USE_LEVELS, "Record drug use."),
            ("withdrawal_risk", &self.withdrawal_risk, &RISK_LEVELS, "Record the withdrawal risk."),
            ("self_harm_risk", &self.self_harm_risk, &RISK_LEVELS, "Record the self-harm and suicide risk."),
        ] {
            if !one_of(value, allowed) {
                found.push((field, message.to_owned()));
            }
        }
        found
    }

    /// The first problem, for the server's one field error.
    pub fn validate(&self) -> Result<(), FieldProblem> {
        first_problem(self.problems())
    }

    /// A high self-harm or suicide risk opens an ACCT.
    pub fn needs_acct(&self) -> bool {
        self.self_harm_risk == "high"
    }

    pub fn summary(&self, due: DateTime<Utc>) -> String {
        format!(
            "First-stage reception screening: self-harm risk {}, withdrawal risk {}{}; second-stage assessment due {}",
            title(&self.self_harm_risk, &RISK_LEVELS).to_lowercase(),
            title(&self.withdrawal_risk, &RISK_LEVELS).to_lowercase(),
            if self.urgent_referral { "; urgent referral" } else { "" },
            super::clock::date_time(due)
        )
    }

    pub fn body(&self) -> String {
        format!(
            "Physical health: {}\nCurrent medicines: {}\nLast dose: {}\nAlcohol: {}\nDrugs: {}\nWithdrawal risk: {}\nMental health: {}\nSelf-harm and suicide risk: {}\nLearning disability: {}\nUrgent referral: {}\nNotes: {}",
            self.physical_health.trim(),
            self.current_medicines.trim(),
            self.last_dose.trim(),
            title(&self.alcohol, &USE_LEVELS),
            title(&self.drugs, &USE_LEVELS),
            title(&self.withdrawal_risk, &RISK_LEVELS),
            self.mental_health.trim(),
            title(&self.self_harm_risk, &RISK_LEVELS),
            if self.learning_disability { "yes" } else { "no" },
            if self.urgent_referral { "yes" } else { "no" },
            self.notes.trim(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn complete() -> ReceptionScreening {
        ReceptionScreening {
            physical_health: "None reported".into(),
            current_medicines: "Methadone 60 mg daily".into(),
            last_dose: "Today 08:30 at the police station".into(),
            alcohol: "none".into(),
            drugs: "dependent".into(),
            withdrawal_risk: "high".into(),
            mental_health: "None reported".into(),
            self_harm_risk: "low".into(),
            ..Default::default()
        }
    }

    #[test]
    fn the_second_stage_is_due_then_overdue_until_done() {
        let screened = Utc.with_ymd_and_hms(2026, 11, 20, 15, 0, 0).single().expect("a time");
        let due = second_stage_due(screened);
        assert_eq!(second_stage_state(None, None, screened), SecondStageState::NotYetDue);
        assert_eq!(second_stage_state(Some(due), None, screened), SecondStageState::Due { due_at: due });
        assert_eq!(second_stage_state(Some(due), None, due), SecondStageState::Due { due_at: due });
        let after = due + Duration::minutes(1);
        assert_eq!(second_stage_state(Some(due), None, after), SecondStageState::Overdue { due_at: due });
        assert_eq!(
            second_stage_state(Some(due), Some(due - Duration::days(1)), after),
            SecondStageState::Done { done_at: due - Duration::days(1), late: false }
        );
        assert_eq!(
            second_stage_state(Some(due), Some(after), after),
            SecondStageState::Done { done_at: after, late: true }
        );
        // Done without a first-stage screen on record (a screen entered in error): not late.
        assert_eq!(
            second_stage_state(None, Some(after), after),
            SecondStageState::Done { done_at: after, late: false }
        );
    }

    #[test]
    fn a_complete_screen_passes() {
        assert_eq!(complete().validate(), Ok(()));
    }

    #[test]
    fn medicines_without_a_last_dose_time_are_refused() {
        let s = ReceptionScreening { last_dose: String::new(), ..complete() };
        assert_eq!(s.validate().map_err(|e| e.0), Err("last_dose"));
    }

    #[test]
    fn no_medicines_needs_no_last_dose() {
        let s =
            ReceptionScreening { current_medicines: "None".into(), last_dose: String::new(), ..complete() };
        assert_eq!(s.validate(), Ok(()));
    }

    #[test]
    fn every_problem_is_named_with_its_field_in_form_order() {
        let blank = ReceptionScreening { current_medicines: "Sertraline".into(), ..Default::default() };
        let fields: Vec<&str> = blank.problems().into_iter().map(|p| p.0).collect();
        assert_eq!(
            fields,
            [
                "physical_health",
                "last_dose",
                "mental_health",
                "alcohol",
                "drugs",
                "withdrawal_risk",
                "self_harm_risk"
            ]
        );
    }

    #[test]
    fn an_unanswered_risk_is_refused() {
        let s = ReceptionScreening { self_harm_risk: String::new(), ..complete() };
        assert_eq!(s.validate().map_err(|e| e.0), Err("self_harm_risk"));
    }

    #[test]
    fn the_second_stage_is_due_seven_days_after_the_first() {
        let at = Utc.with_ymd_and_hms(2026, 3, 25, 18, 0, 0).single().expect("valid");
        assert_eq!(second_stage_due(at), Utc.with_ymd_and_hms(2026, 4, 1, 18, 0, 0).single().expect("valid"));
    }

    #[test]
    fn high_self_harm_risk_opens_an_acct() {
        assert!(ReceptionScreening { self_harm_risk: "high".into(), ..complete() }.needs_acct());
        assert!(!complete().needs_acct());
    }
}

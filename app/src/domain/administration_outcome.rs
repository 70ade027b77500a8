//! What happened to one scheduled or when-required dose, in the words and codes of a paper MAR
//! chart, so staff moving between paper and screen read the same thing.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The longest reason kept with an administration; longer notes belong in the clinical record.
pub const MAX_REASON_CHARS: usize = 500;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
// Stored as the same snake_case words in a text column (checked there by a constraint).
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum AdministrationOutcome {
    Given,
    Refused,
    DidNotAttend,
    NotAvailable,
    Withheld,
    PatientAway,
    SelfAdministered,
}

impl AdministrationOutcome {
    pub const ALL: [Self; 7] = [
        Self::Given,
        Self::Refused,
        Self::DidNotAttend,
        Self::NotAvailable,
        Self::Withheld,
        Self::PatientAway,
        Self::SelfAdministered,
    ];

    /// The value stored in `administration.outcome`.
    pub fn as_db(self) -> &'static str {
        match self {
            Self::Given => "given",
            Self::Refused => "refused",
            Self::DidNotAttend => "did_not_attend",
            Self::NotAvailable => "not_available",
            Self::Withheld => "withheld",
            Self::PatientAway => "patient_away",
            Self::SelfAdministered => "self_administered",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Given => "Given",
            Self::Refused => "Refused",
            Self::DidNotAttend => "Did not attend",
            Self::NotAvailable => "Not available",
            Self::Withheld => "Withheld",
            Self::PatientAway => "Patient away",
            Self::SelfAdministered => "Self-administered",
        }
    }

    /// The short code written in a MAR chart box, where a full word does not fit.
    pub fn mar_code(self) -> &'static str {
        match self {
            Self::Given => "G",
            Self::Refused => "R",
            Self::DidNotAttend => "DNA",
            Self::NotAvailable => "NA",
            Self::Withheld => "W",
            Self::PatientAway => "A",
            Self::SelfAdministered => "S",
        }
    }

    /// A missed dose must be explained so the next nurse and the prescriber can act on it.
    pub fn needs_reason(self) -> bool {
        !self.is_taken()
    }

    pub fn is_taken(self) -> bool {
        matches!(self, Self::Given | Self::SelfAdministered)
    }
}

impl fmt::Display for AdministrationOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title())
    }
}

/// Checks what a nurse entered for one dose before it is sent or stored.
pub fn check_outcome(
    outcome: AdministrationOutcome,
    reason: &str,
    supervised: bool,
    swallow_confirmed: bool,
    in_possession: bool,
) -> Result<(), (&'static str, String)> {
    if outcome == AdministrationOutcome::SelfAdministered && !in_possession {
        return Err((
            "outcome",
            "Self-administered is only for medicines the patient keeps in possession.".to_owned(),
        ));
    }
    let reason = reason.trim();
    if outcome.needs_reason() && reason.is_empty() {
        return Err((
            "reason",
            format!("Say why the dose was not given ({}).", outcome.title().to_lowercase()),
        ));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(("reason", format!("Keep the reason to {MAX_REASON_CHARS} characters or fewer.")));
    }
    if outcome == AdministrationOutcome::Given && supervised && !swallow_confirmed {
        return Err(("swallow_confirmed", "Confirm you saw the dose swallowed.".to_owned()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use AdministrationOutcome::*;
    use proptest::prelude::*;

    fn field(result: Result<(), (&'static str, String)>) -> Option<&'static str> {
        result.err().map(|(field, _)| field)
    }

    #[test]
    fn serde_uses_the_database_spelling() {
        for outcome in AdministrationOutcome::ALL {
            let json = serde_json::to_string(&outcome).expect("serialises");
            assert_eq!(json, format!("\"{}\"", outcome.as_db()));
        }
    }

    #[test]
    fn titles_and_mar_codes_match_the_paper_chart() {
        let table: Vec<_> = AdministrationOutcome::ALL.iter().map(|o| (o.title(), o.mar_code())).collect();
        assert_eq!(
            table,
            [
                ("Given", "G"),
                ("Refused", "R"),
                ("Did not attend", "DNA"),
                ("Not available", "NA"),
                ("Withheld", "W"),
                ("Patient away", "A"),
                ("Self-administered", "S"),
            ]
        );
    }

    #[test]
    fn only_given_and_self_administered_count_as_taken() {
        let taken: Vec<_> = AdministrationOutcome::ALL.into_iter().filter(|o| o.is_taken()).collect();
        assert_eq!(taken, [Given, SelfAdministered]);
        for outcome in AdministrationOutcome::ALL {
            assert_eq!(outcome.needs_reason(), !outcome.is_taken());
        }
    }

    #[test]
    fn a_missed_dose_without_a_reason_is_refused_naming_the_outcome() {
        assert_eq!(
            check_outcome(Refused, "   ", false, false, false),
            Err(("reason", "Say why the dose was not given (refused).".to_owned()))
        );
        assert_eq!(field(check_outcome(DidNotAttend, "", false, false, false)), Some("reason"));
        assert_eq!(check_outcome(Withheld, "Drowsy; prescriber informed", false, false, false), Ok(()));
    }

    #[test]
    fn an_overlong_reason_is_refused() {
        let long = "x".repeat(MAX_REASON_CHARS + 1);
        assert_eq!(field(check_outcome(Refused, &long, false, false, false)), Some("reason"));
        let limit = "é".repeat(MAX_REASON_CHARS);
        assert_eq!(check_outcome(Refused, &limit, false, false, false), Ok(()));
    }

    #[test]
    fn a_supervised_dose_is_given_only_once_seen_swallowed() {
        assert_eq!(
            check_outcome(Given, "", true, false, false),
            Err(("swallow_confirmed", "Confirm you saw the dose swallowed.".to_owned()))
        );
        assert_eq!(check_outcome(Given, "", true, true, false), Ok(()));
        assert_eq!(check_outcome(Given, "", false, false, false), Ok(()));
    }

    #[test]
    fn a_refused_supervised_dose_needs_no_swallow_confirmation() {
        assert_eq!(check_outcome(Refused, "Declined at hatch", true, false, false), Ok(()));
    }

    #[test]
    fn self_administered_only_for_in_possession_medicines() {
        assert_eq!(field(check_outcome(SelfAdministered, "", false, false, false)), Some("outcome"));
        assert_eq!(field(check_outcome(SelfAdministered, "", true, true, false)), Some("outcome"));
        assert_eq!(check_outcome(SelfAdministered, "", false, false, true), Ok(()));
    }

    proptest! {
        #[test]
        fn any_missed_dose_with_a_short_reason_is_accepted(
            index in 0usize..7, reason in "[a-z]{1,40}", supervised in any::<bool>(),
            swallowed in any::<bool>(), ip in any::<bool>()
        ) {
            let outcome = AdministrationOutcome::ALL[index];
            if outcome.needs_reason() {
                prop_assert_eq!(check_outcome(outcome, &reason, supervised, swallowed, ip), Ok(()));
            }
        }
    }
}

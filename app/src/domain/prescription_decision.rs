//! Whether a new prescription may be written, decided from what the server loaded (the product,
//! the establishment's round times, the patient's recorded allergies): every rule in one pure
//! function, so `medicines::ssr::prescribe` reads as load → decide → write.

use chrono::{NaiveDate, NaiveTime};

use super::FieldProblem;
use super::dose::Dose;
use super::prescribing::{
    PrescriptionDraft, PrescriptionKind, ProductRules, allergy_matches, check_prescription,
};

/// The longest reason a prescriber may give for prescribing despite a recorded allergy.
pub const MAX_ALLERGY_OVERRIDE_CHARS: usize = 500;

/// The medicine chosen, as the catalogue and this establishment's lists describe it.
pub struct Product<'a> {
    pub name: &'a str,
    /// Lower-case ingredient and class terms an allergy may be recorded as.
    pub allergy_terms: &'a [String],
    pub rules: ProductRules,
}

/// An allergy on the patient's record (not entered in error).
pub struct RecordedAllergy<'a> {
    pub substance: &'a str,
    pub reaction: &'a str,
    /// The stored word (`life_threatening`), shown to the prescriber.
    pub severity: &'a str,
}

/// Everything the rules need besides the prescriber's draft.
pub struct PrescribingContext<'a> {
    pub product: Product<'a>,
    /// The establishment's medication round times: a regular dose is given only at one of them.
    pub round_times: &'a [NaiveTime],
    pub allergies: &'a [RecordedAllergy<'a>],
    pub today: NaiveDate,
}

/// What is written when the decision is yes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrescriptionDecision {
    pub dose: Dose,
    /// Kept only when an allergy matched: the prescriber's reason for going ahead.
    pub allergy_override_reason: Option<String>,
    /// When-required limits; `None` for a regular prescription whatever the draft held.
    pub prn_min_interval_minutes: Option<u32>,
    pub prn_max_per_24h: Option<u32>,
}

/// The decision, or the form field at fault and what to do about it.
pub fn decide_prescription(
    draft: &PrescriptionDraft,
    allergy_override_reason: &str,
    context: &PrescribingContext,
) -> Result<PrescriptionDecision, FieldProblem> {
    let dose = check_prescription(draft, context.product.rules, context.today)?;
    if let Some(t) = draft.round_times.iter().find(|t| !context.round_times.contains(t)) {
        return Err((
            "round_times",
            format!(
                "{} is not a medication round here. Choose from this establishment's round times.",
                t.format("%H:%M")
            ),
        ));
    }
    let matching = matching_allergies(context);
    let reason = allergy_override_reason.trim();
    if !matching.is_empty() && reason.is_empty() {
        return Err((
            "allergy_override_reason",
            format!(
                "Recorded allergy: {}. To prescribe {} anyway, give the reason; otherwise choose another medicine.",
                matching.join("; "),
                context.product.name
            ),
        ));
    }
    if reason.chars().count() > MAX_ALLERGY_OVERRIDE_CHARS {
        return Err(("allergy_override_reason", "Keep the reason under 500 characters.".to_owned()));
    }
    let prn = draft.kind == PrescriptionKind::Prn;
    Ok(PrescriptionDecision {
        dose,
        allergy_override_reason: (!matching.is_empty()).then(|| reason.to_owned()),
        prn_min_interval_minutes: draft.prn_min_interval_minutes.filter(|_| prn),
        prn_max_per_24h: draft.prn_max_per_24h.filter(|_| prn),
    })
}

/// The recorded allergies the product matches, worded for the prescriber.
fn matching_allergies(context: &PrescribingContext) -> Vec<String> {
    let product = &context.product;
    context
        .allergies
        .iter()
        .filter(|a| allergy_matches(a.substance, product.name, product.allergy_terms))
        .map(|a| format!("{} ({}, {})", a.substance, a.reaction, a.severity.replace('_', "-")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::prescribing::Supply;
    use proptest::prelude::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("valid test time")
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).expect("valid test date")
    }

    const ROUNDS: [(u32, u32); 4] = [(8, 0), (12, 0), (17, 0), (22, 0)];

    fn rounds() -> Vec<NaiveTime> {
        ROUNDS.iter().map(|&(h, m)| t(h, m)).collect()
    }

    fn draft(kind: PrescriptionKind, round_times: Vec<NaiveTime>) -> PrescriptionDraft {
        let prn = kind == PrescriptionKind::Prn;
        PrescriptionDraft {
            kind,
            supply: Supply::NotInPossession,
            dose: "1".into(),
            round_times: if prn { vec![] } else { round_times },
            prn_min_interval_minutes: prn.then_some(240),
            prn_max_per_24h: prn.then_some(4),
            starts_on: today(),
            ends_on: None,
            review_on: None,
            indication: "Pain".into(),
        }
    }

    fn decide(
        draft: &PrescriptionDraft,
        reason: &str,
        allergies: &[RecordedAllergy],
        offered: &[NaiveTime],
    ) -> Result<PrescriptionDecision, FieldProblem> {
        let terms = vec!["penicillin".to_owned(), "beta-lactam".to_owned()];
        let context = PrescribingContext {
            product: Product {
                name: "Amoxicillin 500mg capsules",
                allergy_terms: &terms,
                rules: ProductRules::default(),
            },
            round_times: offered,
            allergies,
            today: today(),
        };
        decide_prescription(draft, reason, &context)
    }

    fn penicillin() -> RecordedAllergy<'static> {
        RecordedAllergy { substance: "Penicillin", reaction: "Anaphylaxis", severity: "life_threatening" }
    }

    #[test]
    fn a_matching_allergy_needs_a_reason_which_is_then_kept() {
        let regular = draft(PrescriptionKind::Regular, vec![t(8, 0)]);
        let refused = decide(&regular, "  ", &[penicillin()], &rounds()).expect_err("refused");
        assert_eq!(refused.0, "allergy_override_reason");
        assert!(refused.1.contains("Penicillin (Anaphylaxis, life-threatening)"), "{}", refused.1);
        let decided = decide(&regular, " Tolerated before, specialist advice ", &[penicillin()], &rounds())
            .expect("allowed");
        assert_eq!(decided.allergy_override_reason.as_deref(), Some("Tolerated before, specialist advice"));
    }

    #[test]
    fn an_override_reason_without_a_matching_allergy_is_not_stored() {
        let other = RecordedAllergy { substance: "Latex", reaction: "Rash", severity: "mild" };
        let decided =
            decide(&draft(PrescriptionKind::Regular, vec![t(8, 0)]), "just in case", &[other], &rounds())
                .expect("allowed");
        assert_eq!(decided.allergy_override_reason, None);
    }

    #[test]
    fn an_overlong_override_reason_is_refused() {
        let reason = "a".repeat(MAX_ALLERGY_OVERRIDE_CHARS + 1);
        let refused =
            decide(&draft(PrescriptionKind::Regular, vec![t(8, 0)]), &reason, &[penicillin()], &rounds());
        assert_eq!(refused.map_err(|p| p.0), Err("allergy_override_reason"));
    }

    #[test]
    fn the_draft_s_own_rules_come_first() {
        let mut bad_dose = draft(PrescriptionKind::Regular, vec![t(8, 0)]);
        bad_dose.dose = "two".into();
        assert_eq!(decide(&bad_dose, "", &[penicillin()], &rounds()).map_err(|p| p.0), Err("dose"));
    }

    proptest! {
        /// A regular dose is given only at one of the establishment's rounds: any other time is
        /// refused on the round times field, whatever else the draft says.
        #[test]
        fn a_time_that_is_not_a_round_here_is_always_refused(h in 0u32..24, m in 0u32..60) {
            let time = t(h, m);
            let offered = rounds();
            let result = decide(&draft(PrescriptionKind::Regular, vec![time]), "", &[], &offered);
            if offered.contains(&time) {
                prop_assert!(result.is_ok());
            } else {
                prop_assert_eq!(result.map_err(|p| p.0), Err("round_times"));
            }
        }

        /// Limits are kept exactly for when-required prescriptions and never for regular ones.
        #[test]
        fn prn_limits_are_kept_only_for_when_required(prn in any::<bool>(), reason in ".{0,40}") {
            let kind = if prn { PrescriptionKind::Prn } else { PrescriptionKind::Regular };
            let decided = decide(&draft(kind, vec![t(8, 0)]), &reason, &[], &rounds());
            let decided = decided.expect("a valid draft without allergies is allowed");
            prop_assert_eq!(decided.prn_min_interval_minutes.is_some(), prn);
            prop_assert_eq!(decided.prn_max_per_24h.is_some(), prn);
            prop_assert_eq!(decided.allergy_override_reason, None);
        }
    }
}

//! The checks a prescription must pass before it reaches a round: the same rules run in the form,
//! for immediate feedback, and on the server, which is the one that counts.

use super::dose::Dose;
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;

pub const MAX_INDICATION_CHARS: usize = 500;
/// A week: anything longer between when-required doses is really a regular prescription.
pub const MAX_PRN_INTERVAL_MINUTES: u32 = 10_080;
pub const MAX_PRN_PER_24H: u32 = 24;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
// Stored as the same snake_case words in a text column (checked there by a constraint).
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum PrescriptionKind {
    Regular,
    Prn,
}

impl PrescriptionKind {
    pub const ALL: [Self; 2] = [Self::Regular, Self::Prn];

    pub fn title(self) -> &'static str {
        match self {
            Self::Regular => "Regular",
            Self::Prn => "When required (PRN)",
        }
    }
}

impl fmt::Display for PrescriptionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title())
    }
}

/// Who holds the medicine between doses, which decides how each dose is given and recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
// Stored as the same snake_case words in a text column (checked there by a constraint).
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum Supply {
    InPossession,
    NotInPossession,
    Supervised,
}

impl Supply {
    pub const ALL: [Self; 3] = [Self::InPossession, Self::NotInPossession, Self::Supervised];

    /// The value stored in `prescription.supply`.
    pub fn as_db(self) -> &'static str {
        match self {
            Self::InPossession => "in_possession",
            Self::NotInPossession => "not_in_possession",
            Self::Supervised => "supervised",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::InPossession => "In possession",
            Self::NotInPossession => "Not in possession",
            Self::Supervised => "Supervised",
        }
    }
}

impl fmt::Display for Supply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title())
    }
}

/// What the catalogue and this establishment say about the chosen product.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductRules {
    pub is_ost: bool,
    pub cd_schedule: Option<i16>,
    pub never_in_possession_here: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrescriptionDraft {
    pub kind: PrescriptionKind,
    pub supply: Supply,
    pub dose: String,
    pub round_times: Vec<NaiveTime>,
    pub prn_min_interval_minutes: Option<u32>,
    pub prn_max_per_24h: Option<u32>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub review_on: Option<NaiveDate>,
    pub indication: String,
}

fn fault(field: &'static str, message: impl Into<String>) -> Result<Dose, (&'static str, String)> {
    Err((field, message.into()))
}

/// Returns the parsed dose when the draft is acceptable; otherwise the form field at fault and
/// what to do.
pub fn check_prescription(
    draft: &PrescriptionDraft,
    product: ProductRules,
    today: NaiveDate,
) -> Result<Dose, (&'static str, String)> {
    let dose = Dose::parse(&draft.dose).map_err(|message| ("dose", message))?;

    match draft.kind {
        PrescriptionKind::Regular => {
            if draft.round_times.is_empty() {
                return fault("round_times", "Choose at least one round time.");
            }
            let mut seen = HashSet::new();
            if !draft.round_times.iter().all(|time| seen.insert(*time)) {
                return fault("round_times", "Choose each round time only once.");
            }
            if draft.prn_min_interval_minutes.is_some() {
                return fault(
                    "prn_min_interval_minutes",
                    "Only when-required (PRN) prescriptions have a minimum interval.",
                );
            }
            if draft.prn_max_per_24h.is_some() {
                return fault(
                    "prn_max_per_24h",
                    "Only when-required (PRN) prescriptions have a daily maximum.",
                );
            }
        }
        PrescriptionKind::Prn => {
            if !draft.prn_min_interval_minutes.is_some_and(|m| (1..=MAX_PRN_INTERVAL_MINUTES).contains(&m)) {
                return fault(
                    "prn_min_interval_minutes",
                    format!(
                        "Enter the minimum time between doses in minutes, from 1 to {MAX_PRN_INTERVAL_MINUTES} (7 days)."
                    ),
                );
            }
            if !draft.prn_max_per_24h.is_some_and(|n| (1..=MAX_PRN_PER_24H).contains(&n)) {
                return fault(
                    "prn_max_per_24h",
                    format!("Enter the most doses allowed in 24 hours, from 1 to {MAX_PRN_PER_24H}."),
                );
            }
            if !draft.round_times.is_empty() {
                return fault("round_times", "When-required (PRN) prescriptions have no round times.");
            }
        }
    }

    if product.is_ost && draft.supply != Supply::Supervised {
        return fault("supply", "Opioid substitution is always supervised.");
    }
    if draft.supply == Supply::InPossession {
        if product.never_in_possession_here {
            return fault("supply", "This medicine is on this establishment's never-in-possession list.");
        }
        if let Some(schedule @ (2 | 3)) = product.cd_schedule {
            return fault(
                "supply",
                format!("Schedule {schedule} controlled drugs cannot be held in possession."),
            );
        }
    }

    if draft.starts_on < today {
        return fault("starts_on", "The start date cannot be in the past.");
    }
    if draft.ends_on.is_some_and(|ends| ends < draft.starts_on) {
        return fault("ends_on", "The end date cannot be before the start date.");
    }
    if draft.review_on.is_some_and(|review| review < draft.starts_on) {
        return fault("review_on", "The review date cannot be before the start date.");
    }

    let indication = draft.indication.trim();
    if indication.is_empty() {
        return fault("indication", "Say what the medicine is for.");
    }
    if indication.chars().count() > MAX_INDICATION_CHARS {
        return fault(
            "indication",
            format!("Keep the indication to {MAX_INDICATION_CHARS} characters or fewer."),
        );
    }
    Ok(dose)
}

/// Lower-case, trimmed, with runs of whitespace made single spaces, so typing differences do not
/// hide a match.
fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// "penicillins" and "penicillin" name the same allergy.
fn singular(word: &str) -> &str {
    word.strip_suffix('s').unwrap_or(word)
}

/// Whether `needle` occurs in `haystack` bounded by non-alphanumeric characters or the ends.
fn contains_word(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    haystack.match_indices(needle).any(|(start, found)| {
        let before = haystack[..start].chars().next_back();
        let after = haystack[start + found.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Whether an allergy recorded as `substance` applies to a product (by its name and its
/// lower-case allergy terms: ingredients and classes).
///
/// It errs towards a match: a false alert costs a click, a missed one can cost a life.
pub fn allergy_matches(substance: &str, product_name: &str, allergy_terms: &[String]) -> bool {
    let substance = normalise(substance);
    if substance.is_empty() {
        return false;
    }
    let product_name = normalise(product_name);
    if contains_word(&product_name, &substance) || contains_word(&product_name, singular(&substance)) {
        return true;
    }
    allergy_terms.iter().map(|term| normalise(term)).filter(|term| !term.is_empty()).any(|term| {
        term == substance
            || singular(&substance) == term
            || substance == singular(&term)
            || contains_word(&substance, &term)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("valid test time")
    }

    fn today() -> NaiveDate {
        d(2026, 11, 27)
    }

    fn regular() -> PrescriptionDraft {
        PrescriptionDraft {
            kind: PrescriptionKind::Regular,
            supply: Supply::NotInPossession,
            dose: "2".into(),
            round_times: vec![t(8, 0), t(22, 0)],
            prn_min_interval_minutes: None,
            prn_max_per_24h: None,
            starts_on: today(),
            ends_on: None,
            review_on: Some(d(2027, 2, 27)),
            indication: "Epilepsy".into(),
        }
    }

    fn prn() -> PrescriptionDraft {
        PrescriptionDraft {
            kind: PrescriptionKind::Prn,
            round_times: vec![],
            prn_min_interval_minutes: Some(240),
            prn_max_per_24h: Some(4),
            indication: "Pain".into(),
            ..regular()
        }
    }

    fn methadone() -> ProductRules {
        ProductRules { is_ost: true, cd_schedule: Some(2), never_in_possession_here: false }
    }

    fn field(draft: &PrescriptionDraft, product: ProductRules) -> Option<&'static str> {
        check_prescription(draft, product, today()).err().map(|(field, _)| field)
    }

    fn terms(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn kinds_and_supplies_serialise_as_their_stored_words() {
        let kinds: Vec<String> =
            PrescriptionKind::ALL.iter().map(|k| serde_json::to_string(k).expect("serialises")).collect();
        assert_eq!(kinds, ["\"regular\"", "\"prn\""]);
        for supply in Supply::ALL {
            let json = serde_json::to_string(&supply).expect("serialises");
            assert_eq!(json, format!("\"{}\"", supply.as_db()));
        }
    }

    #[test]
    fn titles_read_as_on_the_chart() {
        assert_eq!(PrescriptionKind::Regular.title(), "Regular");
        assert_eq!(PrescriptionKind::Prn.title(), "When required (PRN)");
        assert_eq!(Supply::InPossession.title(), "In possession");
        assert_eq!(Supply::NotInPossession.title(), "Not in possession");
        assert_eq!(Supply::Supervised.title(), "Supervised");
    }

    #[test]
    fn acceptable_drafts_return_the_parsed_dose() {
        assert_eq!(
            check_prescription(&regular(), ProductRules::default(), today()),
            Ok(Dose::from_thousandths(2_000))
        );
        let half = PrescriptionDraft { dose: "0.5".into(), ..prn() };
        assert_eq!(
            check_prescription(&half, ProductRules::default(), today()),
            Ok(Dose::from_thousandths(500))
        );
    }

    #[test]
    fn a_bad_dose_is_reported_against_the_dose_field() {
        let draft = PrescriptionDraft { dose: "two".into(), ..regular() };
        assert_eq!(
            check_prescription(&draft, ProductRules::default(), today()),
            Err(("dose", "Enter the dose as a number, such as 2 or 2.5.".to_owned()))
        );
    }

    #[test]
    fn regular_prescriptions_need_distinct_round_times_and_no_prn_limits() {
        let none = PrescriptionDraft { round_times: vec![], ..regular() };
        assert_eq!(field(&none, ProductRules::default()), Some("round_times"));
        let twice = PrescriptionDraft { round_times: vec![t(8, 0), t(12, 0), t(8, 0)], ..regular() };
        assert_eq!(field(&twice, ProductRules::default()), Some("round_times"));
        let interval = PrescriptionDraft { prn_min_interval_minutes: Some(60), ..regular() };
        assert_eq!(field(&interval, ProductRules::default()), Some("prn_min_interval_minutes"));
        let max = PrescriptionDraft { prn_max_per_24h: Some(4), ..regular() };
        assert_eq!(field(&max, ProductRules::default()), Some("prn_max_per_24h"));
    }

    #[test]
    fn prn_prescriptions_need_limits_in_range_and_no_round_times() {
        for bad in [None, Some(0), Some(10_081)] {
            let draft = PrescriptionDraft { prn_min_interval_minutes: bad, ..prn() };
            assert_eq!(field(&draft, ProductRules::default()), Some("prn_min_interval_minutes"), "{bad:?}");
        }
        for bad in [None, Some(0), Some(25)] {
            let draft = PrescriptionDraft { prn_max_per_24h: bad, ..prn() };
            assert_eq!(field(&draft, ProductRules::default()), Some("prn_max_per_24h"), "{bad:?}");
        }
        for good in [(1, 1), (10_080, 24)] {
            let draft = PrescriptionDraft {
                prn_min_interval_minutes: Some(good.0),
                prn_max_per_24h: Some(good.1),
                ..prn()
            };
            assert!(check_prescription(&draft, ProductRules::default(), today()).is_ok());
        }
        let timed = PrescriptionDraft { round_times: vec![t(8, 0)], ..prn() };
        assert_eq!(field(&timed, ProductRules::default()), Some("round_times"));
    }

    #[test]
    fn opioid_substitution_is_always_supervised() {
        for supply in [Supply::InPossession, Supply::NotInPossession] {
            let draft = PrescriptionDraft { supply, ..regular() };
            assert_eq!(
                check_prescription(&draft, methadone(), today()),
                Err(("supply", "Opioid substitution is always supervised.".to_owned()))
            );
        }
        let supervised = PrescriptionDraft { supply: Supply::Supervised, ..regular() };
        assert!(check_prescription(&supervised, methadone(), today()).is_ok());
    }

    #[test]
    fn the_never_in_possession_list_is_respected() {
        let draft = PrescriptionDraft { supply: Supply::InPossession, ..regular() };
        let listed = ProductRules { never_in_possession_here: true, ..ProductRules::default() };
        assert_eq!(
            check_prescription(&draft, listed, today()),
            Err(("supply", "This medicine is on this establishment's never-in-possession list.".to_owned()))
        );
        let not_ip = PrescriptionDraft { supply: Supply::NotInPossession, ..regular() };
        assert!(check_prescription(&not_ip, listed, today()).is_ok());
    }

    #[test]
    fn schedule_2_and_3_controlled_drugs_are_never_in_possession() {
        let draft = PrescriptionDraft { supply: Supply::InPossession, ..regular() };
        for schedule in [2, 3] {
            let cd = ProductRules { cd_schedule: Some(schedule), ..ProductRules::default() };
            assert_eq!(field(&draft, cd), Some("supply"), "schedule {schedule}");
        }
        for schedule in [None, Some(4), Some(5)] {
            let cd = ProductRules { cd_schedule: schedule, ..ProductRules::default() };
            assert!(check_prescription(&draft, cd, today()).is_ok(), "{schedule:?}");
        }
    }

    #[test]
    fn dates_must_run_forwards_from_today() {
        let past = PrescriptionDraft { starts_on: d(2026, 11, 26), ..regular() };
        assert_eq!(field(&past, ProductRules::default()), Some("starts_on"));
        let future = PrescriptionDraft { starts_on: d(2026, 12, 1), review_on: None, ..regular() };
        assert!(check_prescription(&future, ProductRules::default(), today()).is_ok());
        let ends_early = PrescriptionDraft { ends_on: Some(d(2026, 11, 26)), ..regular() };
        assert_eq!(field(&ends_early, ProductRules::default()), Some("ends_on"));
        let one_day = PrescriptionDraft { ends_on: Some(today()), review_on: Some(today()), ..regular() };
        assert!(check_prescription(&one_day, ProductRules::default(), today()).is_ok());
        let review_early = PrescriptionDraft { review_on: Some(d(2026, 11, 26)), ..regular() };
        assert_eq!(field(&review_early, ProductRules::default()), Some("review_on"));
    }

    #[test]
    fn an_indication_is_required_and_kept_short() {
        let blank = PrescriptionDraft { indication: "  \n ".into(), ..regular() };
        assert_eq!(field(&blank, ProductRules::default()), Some("indication"));
        let long = PrescriptionDraft { indication: "a".repeat(MAX_INDICATION_CHARS + 1), ..regular() };
        assert_eq!(field(&long, ProductRules::default()), Some("indication"));
        let padded = PrescriptionDraft {
            indication: format!("  {}  ", "a".repeat(MAX_INDICATION_CHARS)),
            ..regular()
        };
        assert!(check_prescription(&padded, ProductRules::default(), today()).is_ok());
    }

    #[test]
    fn allergies_match_terms_plurals_and_qualified_names() {
        let amoxicillin = terms(&["amoxicillin", "penicillin", "beta-lactam"]);
        let name = "Amoxicillin 500mg capsules";
        assert!(allergy_matches("Penicillin V", name, &amoxicillin));
        assert!(allergy_matches("penicillins", name, &amoxicillin));
        assert!(allergy_matches("  PENICILLIN ", name, &amoxicillin));
        assert!(allergy_matches("Amoxicillin", name, &[]));
        assert!(allergy_matches("Beta-lactams", name, &amoxicillin));
        assert!(allergy_matches("NSAIDs", "Ibuprofen 400mg tablets", &terms(&["ibuprofen", "nsaid"])));
    }

    #[test]
    fn unrelated_allergies_do_not_match() {
        let paracetamol = terms(&["paracetamol"]);
        assert!(!allergy_matches("Nuts", "Paracetamol 500mg tablets", &paracetamol));
        assert!(!allergy_matches("Penicillin", "Paracetamol 500mg tablets", &paracetamol));
        assert!(!allergy_matches("cillin", "Amoxicillin 500mg capsules", &terms(&["amoxicillin"])));
        assert!(!allergy_matches("", "Amoxicillin 500mg capsules", &terms(&["amoxicillin"])));
        assert!(!allergy_matches("   ", "Amoxicillin 500mg capsules", &terms(&["amoxicillin"])));
    }

    #[test]
    fn whole_words_are_bounded_by_punctuation_or_the_ends() {
        assert!(contains_word("co-amoxiclav 625mg", "co-amoxiclav"));
        assert!(contains_word("aspirin", "aspirin"));
        assert!(contains_word("aspirin (dispersible)", "dispersible"));
        assert!(!contains_word("paracetamol", "para"));
        assert!(!contains_word("anything", ""));
    }

    proptest! {
        #[test]
        fn a_term_always_matches_itself_in_any_case(term in "[a-z]{2,12}( [a-z]{2,12})?") {
            prop_assert!(allergy_matches(&term.to_uppercase(), "Product", std::slice::from_ref(&term)));
            let plural = format!(" {term}s ");
            prop_assert!(allergy_matches(&plural, "Product", std::slice::from_ref(&term)));
        }

        #[test]
        fn arbitrary_text_never_panics(substance in ".{0,20}", name in ".{0,20}", term in ".{0,12}") {
            let _ = allergy_matches(&substance, &name, &[term]);
        }

        #[test]
        fn any_valid_prn_limits_are_accepted(interval in 1u32..=10_080, max in 1u32..=24) {
            let draft = PrescriptionDraft { prn_min_interval_minutes: Some(interval), prn_max_per_24h: Some(max), ..prn() };
            prop_assert!(check_prescription(&draft, ProductRules::default(), today()).is_ok());
        }
    }
}

//! Medicines reconciliation on arrival: what a continued, changed or stopped medicine becomes at
//! the receiving establishment, decided from the prescription the patient arrived with and the
//! receiving rounds. Pure, so `transfers::ssr::reception::reconcile` reads as load → decide → write.

use chrono::NaiveTime;

use super::FieldProblem;
use super::dose::Dose;
use super::prescribing::{PrescriptionKind, Supply};
use super::transfer::{ReconciliationDecision, retime};

/// The prescription the patient arrived with, as the sending establishment left it.
#[derive(Clone, Debug)]
pub struct ArrivedMedicine {
    pub product_name: String,
    pub kind: PrescriptionKind,
    pub supply: Supply,
    pub round_times: Vec<NaiveTime>,
    pub dose: Dose,
    /// The receiving establishment never lets this product be held in possession.
    pub never_in_possession_here: bool,
}

/// The prescriber's choice for one arrived medicine.
#[derive(Clone, Debug)]
pub struct ReconciliationChoice<'a> {
    pub decision: ReconciliationDecision,
    /// For a change: the new dose as typed; empty keeps the dose.
    pub dose: &'a str,
    /// For a change of a regular medicine: the receiving rounds chosen.
    pub round_times: &'a [NaiveTime],
}

/// What is prescribed here (nothing, for a stop, but the old prescription still ends).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reconciled {
    pub dose: Dose,
    /// Sorted, each once; empty for a when-required medicine or a stop.
    pub round_times: Vec<NaiveTime>,
    pub supply: Supply,
}

pub fn decide_reconciliation(
    arrived: &ArrivedMedicine,
    choice: &ReconciliationChoice,
    receiving_rounds: &[NaiveTime],
) -> Result<Reconciled, FieldProblem> {
    let regular = arrived.kind == PrescriptionKind::Regular;
    let (dose, round_times) = match choice.decision {
        ReconciliationDecision::Stop => (arrived.dose, Vec::new()),
        ReconciliationDecision::Continue => {
            let times = if regular {
                retime(&arrived.round_times, receiving_rounds).map_err(|p| ("decision", p.to_string()))?
            } else {
                Vec::new()
            };
            (arrived.dose, times)
        }
        ReconciliationDecision::Change => {
            let dose = if choice.dose.trim().is_empty() {
                arrived.dose
            } else {
                Dose::parse(choice.dose).map_err(|message| ("dose", message))?
            };
            let mut times = choice.round_times.to_vec();
            times.sort();
            times.dedup();
            if regular && times.is_empty() {
                return Err((
                    "round_times",
                    "Choose at least one round for this regular medicine.".to_owned(),
                ));
            }
            if let Some(t) = times.iter().find(|t| !receiving_rounds.contains(t)) {
                return Err((
                    "round_times",
                    format!("{} is not a medication round here.", t.format("%H:%M")),
                ));
            }
            (dose, if regular { times } else { Vec::new() })
        }
    };
    // In possession where this establishment never allows it: continuing as it was is refused,
    // a change (or stop) moves it to the round.
    let supply = if arrived.supply == Supply::InPossession && arrived.never_in_possession_here {
        if choice.decision == ReconciliationDecision::Continue {
            return Err((
                "decision",
                format!(
                    "{} is never given in possession here. Choose Change: it will be given on the round.",
                    arrived.product_name
                ),
            ));
        }
        Supply::NotInPossession
    } else {
        arrived.supply
    };
    Ok(Reconciled { dose, round_times, supply })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("valid test time")
    }

    fn receiving() -> Vec<NaiveTime> {
        vec![t(8, 0), t(12, 30), t(17, 0), t(21, 0)]
    }

    fn arrived() -> ArrivedMedicine {
        ArrivedMedicine {
            product_name: "Sertraline 50mg tablets".into(),
            kind: PrescriptionKind::Regular,
            supply: Supply::NotInPossession,
            round_times: vec![t(8, 0), t(22, 0)],
            dose: Dose::from_thousandths(1_000),
            never_in_possession_here: false,
        }
    }

    fn choose(decision: ReconciliationDecision) -> ReconciliationChoice<'static> {
        ReconciliationChoice { decision, dose: "", round_times: &[] }
    }

    #[test]
    fn a_continued_regular_medicine_moves_to_the_nearest_receiving_rounds() {
        let decided =
            decide_reconciliation(&arrived(), &choose(ReconciliationDecision::Continue), &receiving())
                .expect("ok");
        assert_eq!(decided.dose, Dose::from_thousandths(1_000));
        assert!(decided.round_times.iter().all(|t| receiving().contains(t)), "{:?}", decided.round_times);
        assert!(!decided.round_times.is_empty());
    }

    #[test]
    fn a_change_needs_receiving_rounds_and_may_change_the_dose() {
        let none = choose(ReconciliationDecision::Change);
        assert_eq!(
            decide_reconciliation(&arrived(), &none, &receiving()).map_err(|p| p.0),
            Err("round_times")
        );
        let elsewhere = [t(9, 0)];
        let wrong = ReconciliationChoice { round_times: &elsewhere, ..none.clone() };
        assert_eq!(
            decide_reconciliation(&arrived(), &wrong, &receiving()).map_err(|p| p.0),
            Err("round_times")
        );
        let rounds = [t(17, 0), t(8, 0), t(17, 0)];
        let changed = ReconciliationChoice { dose: "2.5", round_times: &rounds, ..none.clone() };
        let decided = decide_reconciliation(&arrived(), &changed, &receiving()).expect("ok");
        assert_eq!(decided.round_times, vec![t(8, 0), t(17, 0)], "sorted, each once");
        assert_eq!(decided.dose, Dose::from_thousandths(2_500));
        let bad_dose = ReconciliationChoice { dose: "lots", ..changed };
        assert_eq!(decide_reconciliation(&arrived(), &bad_dose, &receiving()).map_err(|p| p.0), Err("dose"));
    }

    #[test]
    fn in_possession_where_never_allowed_cannot_simply_continue() {
        let ip =
            ArrivedMedicine { supply: Supply::InPossession, never_in_possession_here: true, ..arrived() };
        let continued = decide_reconciliation(&ip, &choose(ReconciliationDecision::Continue), &receiving());
        assert_eq!(continued.map_err(|p| p.0), Err("decision"));
        let rounds = [t(8, 0)];
        let change = ReconciliationChoice { round_times: &rounds, ..choose(ReconciliationDecision::Change) };
        let changed = decide_reconciliation(&ip, &change, &receiving()).expect("ok");
        assert_eq!(changed.supply, Supply::NotInPossession);
    }

    proptest! {
        /// Whatever is chosen, a when-required medicine gets no round times, and a regular one
        /// kept here is only ever on this establishment's rounds.
        #[test]
        fn what_is_prescribed_here_is_on_this_establishment_s_rounds(
            prn in any::<bool>(),
            decision in 0usize..3,
            chosen in proptest::collection::vec((0u32..24, prop_oneof![Just(0u32), Just(30)]), 0..5),
        ) {
            let decision = [ReconciliationDecision::Continue, ReconciliationDecision::Change, ReconciliationDecision::Stop][decision];
            let kind = if prn { PrescriptionKind::Prn } else { PrescriptionKind::Regular };
            let medicine = ArrivedMedicine { kind, round_times: if prn { vec![] } else { arrived().round_times }, ..arrived() };
            let chosen: Vec<NaiveTime> = chosen.into_iter().map(|(h, m)| t(h, m)).collect();
            let choice = ReconciliationChoice { decision, dose: "", round_times: &chosen };
            if let Ok(decided) = decide_reconciliation(&medicine, &choice, &receiving()) {
                if prn || decision == ReconciliationDecision::Stop {
                    prop_assert!(decided.round_times.is_empty());
                } else {
                    prop_assert!(!decided.round_times.is_empty());
                    prop_assert!(decided.round_times.iter().all(|t| receiving().contains(t)));
                }
            }
        }
    }
}

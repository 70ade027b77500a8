//! Whether a dose may be recorded, decided from the prescription and the patient's whereabouts
//! as the server loaded them: every rule of the round in one pure function, so
//! `rounds::ssr::record_dose_at` reads as load → decide → write. The PRN interval, which needs the
//! doses given under a row lock, is the one rule checked after (`prn::check_prn`).

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

use super::administration_outcome::check_outcome;
use super::controlled_drug::needs_witness;
use super::prescribing::{PrescriptionKind, Supply};
use super::round_schedule::{DoseTiming, dose_timing, london_date, round_instant};
use super::{AdministrationOutcome, FieldProblem, WhereaboutsStatus, ost};

/// The prescription a dose is being recorded against, as stored now.
#[derive(Clone, Debug)]
pub struct PrescriptionNow {
    pub product_name: String,
    pub kind: PrescriptionKind,
    pub supply: Supply,
    pub round_times: Vec<NaiveTime>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub stopped: bool,
    pub entered_in_error: bool,
    /// Prescribed at the establishment recording the dose (not brought by a transfer).
    pub prescribed_here: bool,
    pub cd_schedule: Option<i16>,
    pub is_ost: bool,
    pub ost_last_given: Option<DateTime<Utc>>,
    pub ost_last_review: Option<DateTime<Utc>>,
    /// Where the patient is; `None` when they have no whereabouts (never received).
    pub patient_status: Option<WhereaboutsStatus>,
}

/// What the nurse entered.
#[derive(Clone, Debug)]
pub struct DoseAsEntered<'a> {
    pub outcome: AdministrationOutcome,
    pub reason: &'a str,
    pub swallow_confirmed: bool,
    /// The round the dose belongs to; `None` for a when-required dose.
    pub round: Option<(NaiveDate, NaiveTime)>,
}

/// Why a dose was not recorded: the list the nurse saw is out of date (a conflict: reload), or an
/// answer on the form is wrong (a field to correct).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DoseRefusal {
    OutOfDate(String),
    Field(FieldProblem),
}

/// What to record when the answer is yes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DoseDecision {
    /// The round's moment; `None` for a when-required dose (whose interval is checked next).
    pub scheduled_for: Option<DateTime<Utc>>,
    /// A schedule 2 or 3 controlled drug given: a second person must witness it.
    pub needs_witness: bool,
}

fn field(name: &'static str, message: impl Into<String>) -> DoseRefusal {
    DoseRefusal::Field((name, message.into()))
}

/// Rounds are worked today, or yesterday's finished late; older ones are history.
pub fn check_round_date(date: NaiveDate, today: NaiveDate) -> Result<(), FieldProblem> {
    if date > today || date < today - Duration::days(1) {
        return Err(("round", "Rounds are recorded for today or yesterday only.".to_owned()));
    }
    Ok(())
}

/// The decision for `entry` against `rx` at `now` (for an offline entry, when it was made).
pub fn decide_dose(
    rx: &PrescriptionNow,
    entry: &DoseAsEntered,
    now: DateTime<Utc>,
) -> Result<DoseDecision, DoseRefusal> {
    if rx.entered_in_error || rx.stopped {
        return Err(DoseRefusal::OutOfDate(format!(
            "{} has been stopped since this list was loaded; nothing was recorded. The list has been refreshed.",
            rx.product_name
        )));
    }
    if !rx.prescribed_here {
        return Err(DoseRefusal::OutOfDate(format!(
            "{} was prescribed at another establishment. A prescriber must reconcile it here before doses are recorded.",
            rx.product_name
        )));
    }
    check_outcome(
        entry.outcome,
        entry.reason,
        rx.supply == Supply::Supervised,
        entry.swallow_confirmed,
        rx.supply == Supply::InPossession,
    )
    .map_err(DoseRefusal::Field)?;
    let scheduled_for = scheduled_for(rx, entry, now)?;
    if entry.outcome.is_taken() && rx.patient_status != Some(WhereaboutsStatus::InEstablishment) {
        return Err(field(
            "outcome",
            "The record shows this patient is not in the establishment (court, hospital or moved). Record 'patient away', or check their whereabouts.",
        ));
    }
    if entry.outcome.is_taken()
        && ost::review_required_at(rx.is_ost, rx.starts_on, rx.ost_last_given, rx.ost_last_review, now)
    {
        return Err(field(
            "outcome",
            "Opioid substitution has been missed for 3 or more days: a prescriber must review before the next dose (risk of overdose after lost tolerance).",
        ));
    }
    Ok(DoseDecision {
        scheduled_for,
        needs_witness: entry.outcome == AdministrationOutcome::Given && needs_witness(rx.cd_schedule),
    })
}

/// A regular dose belongs to one of the prescription's rounds, on a day it runs, and is not
/// recorded before it is due; a when-required dose belongs to no round and is recorded only given.
fn scheduled_for(
    rx: &PrescriptionNow,
    entry: &DoseAsEntered,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, DoseRefusal> {
    match (rx.kind, entry.round) {
        (PrescriptionKind::Regular, Some((date, time))) => {
            if !rx.round_times.contains(&time) {
                return Err(field(
                    "round",
                    format!("{} is not due at {}.", rx.product_name, time.format("%H:%M")),
                ));
            }
            check_round_date(date, london_date(now)).map_err(DoseRefusal::Field)?;
            if date < rx.starts_on || rx.ends_on.is_some_and(|end| date > end) {
                return Err(field("round", format!("{} is not prescribed on that day.", rx.product_name)));
            }
            let scheduled = round_instant(date, time);
            if dose_timing(scheduled, now) == DoseTiming::Upcoming {
                return Err(field("round", format!("This dose is not due until {}.", time.format("%H:%M"))));
            }
            Ok(Some(scheduled))
        }
        (PrescriptionKind::Prn, None) => {
            if entry.outcome != AdministrationOutcome::Given {
                return Err(field("outcome", "A when-required dose is recorded only when it is given."));
            }
            Ok(None)
        }
        (PrescriptionKind::Regular, None) => Err(field("round", "Choose the round this dose belongs to.")),
        (PrescriptionKind::Prn, Some(_)) => {
            Err(field("round", "A when-required dose does not belong to a round."))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("valid test time")
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 3).expect("valid test date")
    }

    /// 08:30 on a winter day (GMT): the 08:00 round is due.
    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 3, 8, 30, 0).single().expect("valid test instant")
    }

    fn regular() -> PrescriptionNow {
        PrescriptionNow {
            product_name: "Levetiracetam 500mg tablets".into(),
            kind: PrescriptionKind::Regular,
            supply: Supply::NotInPossession,
            round_times: vec![t(8, 0), t(22, 0)],
            starts_on: today() - Duration::days(10),
            ends_on: None,
            stopped: false,
            entered_in_error: false,
            prescribed_here: true,
            cd_schedule: None,
            is_ost: false,
            ost_last_given: None,
            ost_last_review: None,
            patient_status: Some(WhereaboutsStatus::InEstablishment),
        }
    }

    fn given_at(round: Option<(NaiveDate, NaiveTime)>) -> DoseAsEntered<'static> {
        DoseAsEntered { outcome: AdministrationOutcome::Given, reason: "", swallow_confirmed: false, round }
    }

    fn refused_field(rx: &PrescriptionNow, entry: &DoseAsEntered) -> Option<&'static str> {
        match decide_dose(rx, entry, now()) {
            Err(DoseRefusal::Field((name, _))) => Some(name),
            _ => None,
        }
    }

    #[test]
    fn a_due_regular_dose_is_recorded_at_its_round() {
        let decided = decide_dose(&regular(), &given_at(Some((today(), t(8, 0)))), now()).expect("allowed");
        assert_eq!(decided.scheduled_for, Some(round_instant(today(), t(8, 0))));
        assert!(!decided.needs_witness);
    }

    #[test]
    fn a_stopped_or_transferred_prescription_is_out_of_date_not_a_field_error() {
        let entry = given_at(Some((today(), t(8, 0))));
        for rx in [
            PrescriptionNow { stopped: true, ..regular() },
            PrescriptionNow { entered_in_error: true, ..regular() },
            PrescriptionNow { prescribed_here: false, ..regular() },
        ] {
            assert!(matches!(decide_dose(&rx, &entry, now()), Err(DoseRefusal::OutOfDate(_))), "{rx:?}");
        }
    }

    #[test]
    fn rounds_must_match_the_prescription_and_the_kind() {
        assert_eq!(refused_field(&regular(), &given_at(Some((today(), t(12, 0))))), Some("round"));
        assert_eq!(refused_field(&regular(), &given_at(None)), Some("round"));
        assert_eq!(
            refused_field(&regular(), &given_at(Some((today(), t(22, 0))))),
            Some("round"),
            "not due yet"
        );
        let prn = PrescriptionNow { kind: PrescriptionKind::Prn, round_times: vec![], ..regular() };
        assert_eq!(refused_field(&prn, &given_at(Some((today(), t(8, 0))))), Some("round"));
        let refused =
            DoseAsEntered { outcome: AdministrationOutcome::Refused, reason: "Declined", ..given_at(None) };
        assert_eq!(refused_field(&prn, &refused), Some("outcome"));
        assert_eq!(decide_dose(&prn, &given_at(None), now()).map(|d| d.scheduled_for), Ok(None));
    }

    #[test]
    fn a_given_schedule_2_or_3_drug_needs_a_witness() {
        let entry = given_at(Some((today(), t(8, 0))));
        for schedule in [2, 3] {
            let rx = PrescriptionNow { cd_schedule: Some(schedule), ..regular() };
            assert!(decide_dose(&rx, &entry, now()).expect("allowed").needs_witness);
        }
        let rx = PrescriptionNow { cd_schedule: Some(2), ..regular() };
        let refused = DoseAsEntered { outcome: AdministrationOutcome::Refused, reason: "Declined", ..entry };
        assert!(!decide_dose(&rx, &refused, now()).expect("allowed").needs_witness);
    }

    #[test]
    fn missed_opioid_substitution_stops_the_dose_until_reviewed() {
        let rx =
            PrescriptionNow { is_ost: true, ost_last_given: Some(now() - Duration::days(4)), ..regular() };
        assert_eq!(refused_field(&rx, &given_at(Some((today(), t(8, 0))))), Some("outcome"));
        let reviewed = PrescriptionNow { ost_last_review: Some(now() - Duration::hours(1)), ..rx };
        assert!(decide_dose(&reviewed, &given_at(Some((today(), t(8, 0)))), now()).is_ok());
    }

    proptest! {
        /// A dose taken (given or self-administered) is never recorded for a patient the record
        /// shows outside the establishment; "patient away" always can be.
        #[test]
        fn a_patient_away_is_never_recorded_as_taking_a_dose(status in 0usize..7) {
            let status = WhereaboutsStatus::ALL.get(status).copied();
            let rx = PrescriptionNow { patient_status: status, ..regular() };
            let round = Some((today(), t(8, 0)));
            let given = decide_dose(&rx, &given_at(round), now());
            prop_assert_eq!(given.is_ok(), status == Some(WhereaboutsStatus::InEstablishment));
            let away = DoseAsEntered { outcome: AdministrationOutcome::PatientAway, reason: "At court", ..given_at(round) };
            prop_assert!(decide_dose(&rx, &away, now()).is_ok());
        }

        /// Only today's and yesterday's rounds are recorded.
        #[test]
        fn only_today_and_yesterday_are_open(days_back in -3i64..5) {
            let date = today() - Duration::days(days_back);
            prop_assert_eq!(check_round_date(date, today()).is_ok(), (0..=1).contains(&days_back));
        }
    }
}

//! Rules of a transfer between establishments: when a patient may leave, and how their
//! medicines are carried into the receiving establishment's rounds.

use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferStatus {
    Scheduled,
    Departed,
    Arrived,
    Cancelled,
}

impl TransferStatus {
    pub fn from_db(value: &str) -> Option<Self> {
        Some(match value {
            "scheduled" => Self::Scheduled,
            "departed" => Self::Departed,
            "arrived" => Self::Arrived,
            "cancelled" => Self::Cancelled,
            _ => return None,
        })
    }

    pub fn describe(self) -> &'static str {
        match self {
            Self::Scheduled => "Scheduled",
            Self::Departed => "In transit",
            Self::Arrived => "Received",
            Self::Cancelled => "Cancelled",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum DepartureBlock {
    #[error("A nurse must confirm the patient is fit to transfer before they leave.")]
    NotConfirmedFit,
    #[error(
        "This patient has an active Medical hold. A clinician must override it with a reason before they leave."
    )]
    MedicalHold,
    #[error("Only a prescriber or healthcare manager may override a Medical hold.")]
    MayNotOverrideHold,
}

/// Whether the patient may leave on this transfer. A Medical hold means "do not transfer without
/// clinical agreement": the agreement is an override with a reason by a clinician who may give it.
pub fn check_departure(
    confirmed_fit: bool,
    medical_hold_active: bool,
    hold_override_reason: Option<&str>,
    may_override_hold: bool,
) -> Result<(), DepartureBlock> {
    if !confirmed_fit {
        return Err(DepartureBlock::NotConfirmedFit);
    }
    if medical_hold_active {
        match hold_override_reason.map(str::trim) {
            Some(reason) if !reason.is_empty() => {
                if !may_override_hold {
                    return Err(DepartureBlock::MayNotOverrideHold);
                }
            }
            _ => return Err(DepartureBlock::MedicalHold),
        }
    }
    Ok(())
}

/// What the receiving establishment decides for each medicine the patient arrives with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReconciliationDecision {
    Continue,
    Change,
    Stop,
}

impl ReconciliationDecision {
    pub const ALL: [Self; 3] = [Self::Continue, Self::Change, Self::Stop];

    pub fn as_db(self) -> &'static str {
        match self {
            Self::Continue => "continued",
            Self::Change => "changed",
            Self::Stop => "stopped",
        }
    }

    pub fn from_db(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_db() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Continue => "Continue",
            Self::Change => "Change",
            Self::Stop => "Stop",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum RetimingProblem {
    #[error("This establishment has no medication rounds set up.")]
    NoRounds,
    #[error(
        "The receiving rounds cannot keep {wanted} separate doses a day (only {available} rounds line up). Choose Change and pick the round times."
    )]
    DosesWouldMerge { wanted: usize, available: usize },
}

/// Moves each regular dose time to the receiving establishment's nearest round, keeping the
/// number of doses a day: continuing a medicine must never quietly drop a dose.
pub fn retime(sending: &[NaiveTime], receiving: &[NaiveTime]) -> Result<Vec<NaiveTime>, RetimingProblem> {
    if receiving.is_empty() {
        return Err(RetimingProblem::NoRounds);
    }
    let mut out: Vec<NaiveTime> = sending
        .iter()
        .filter_map(|time| receiving.iter().copied().min_by_key(|round| (*round - *time).num_minutes().abs()))
        .collect();
    out.sort();
    out.dedup();
    let mut wanted = sending.to_vec();
    wanted.sort();
    wanted.dedup();
    if out.len() < wanted.len() {
        return Err(RetimingProblem::DosesWouldMerge { wanted: wanted.len(), available: out.len() });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default()
    }

    #[test]
    fn a_patient_not_confirmed_fit_cannot_leave() {
        assert_eq!(check_departure(false, false, None, true), Err(DepartureBlock::NotConfirmedFit));
    }

    #[test]
    fn a_medical_hold_blocks_departure_without_an_override_reason() {
        assert_eq!(check_departure(true, true, None, true), Err(DepartureBlock::MedicalHold));
        assert_eq!(check_departure(true, true, Some("   "), true), Err(DepartureBlock::MedicalHold));
    }

    #[test]
    fn a_medical_hold_override_needs_a_clinician_who_may_give_it() {
        assert_eq!(
            check_departure(true, true, Some("Cardiology agree"), false),
            Err(DepartureBlock::MayNotOverrideHold)
        );
        assert_eq!(check_departure(true, true, Some("Cardiology agree"), true), Ok(()));
    }

    #[test]
    fn a_fit_patient_without_a_hold_may_leave() {
        assert_eq!(check_departure(true, false, None, false), Ok(()));
    }

    #[test]
    fn dose_times_move_to_the_nearest_receiving_round() {
        let sending = [t(8, 0), t(12, 0), t(17, 0), t(20, 0)];
        let receiving = [t(7, 30), t(12, 0), t(16, 30), t(19, 30)];
        assert_eq!(retime(&sending, &receiving), Ok(receiving.to_vec()));
    }

    #[test]
    fn continuing_refuses_to_merge_two_doses_into_one_round() {
        let sending = [t(8, 0), t(12, 0), t(17, 0), t(20, 0)];
        let receiving = [t(8, 0), t(13, 0), t(18, 0)];
        assert_eq!(
            retime(&sending, &receiving),
            Err(RetimingProblem::DosesWouldMerge { wanted: 4, available: 3 })
        );
    }

    #[test]
    fn an_establishment_without_rounds_cannot_take_regular_medicines() {
        assert_eq!(retime(&[t(8, 0)], &[]), Err(RetimingProblem::NoRounds));
    }
}

//! Release from custody: the supply of medicines a patient leaves with, and the bridge of opioid
//! substitution to a community prescriber.

use serde::{Deserialize, Serialize};

use super::Dose;

/// The supply periods offered on release (typically 7 to 28 days).
pub const SUPPLY_DAYS: [u32; 5] = [0, 7, 14, 21, 28];

/// One medicine as the release supply needs to know it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReleaseMedicine {
    pub is_ost: bool,
    /// Controlled drugs (Schedule 2 and 3) other than OST are not handed out on release here.
    pub controlled: bool,
    pub dose: Dose,
    /// Regular doses a day; `None` for a when-required medicine.
    pub doses_a_day: Option<u32>,
    /// For a when-required medicine, the most it may be taken in 24 hours.
    pub prn_max_per_24h: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum DischargeProblem {
    #[error("Choose a supply of {0:?} days.")]
    UnknownPeriod(u32),
    #[error(
        "Opioid substitution is not supplied to take out: it is bridged to the community prescriber. Set its supply to none."
    )]
    OstSupplied,
    #[error(
        "Name the community prescriber or drug service taking over the opioid substitution, with their contact."
    )]
    NoCommunityPrescriber,
    #[error(
        "Schedule 2 and 3 controlled drugs are not supplied on release from here; arrange them with the GP."
    )]
    ControlledDrugSupplied,
}

/// Checks the supply for one medicine.
pub fn check_supply(medicine: ReleaseMedicine, days: u32) -> Result<(), DischargeProblem> {
    if !SUPPLY_DAYS.contains(&days) {
        return Err(DischargeProblem::UnknownPeriod(days));
    }
    if days > 0 && medicine.is_ost {
        return Err(DischargeProblem::OstSupplied);
    }
    if days > 0 && medicine.controlled {
        return Err(DischargeProblem::ControlledDrugSupplied);
    }
    Ok(())
}

/// Someone on OST must have a named community prescriber before they leave.
pub fn check_bridge(on_ost: bool, community_prescriber: &str) -> Result<(), DischargeProblem> {
    if on_ost && community_prescriber.trim().chars().count() < 3 {
        return Err(DischargeProblem::NoCommunityPrescriber);
    }
    Ok(())
}

/// The quantity to supply: every regular dose for `days`, or for a when-required medicine the
/// most that may be taken in that time. `None` if it would overflow (a typing error upstream).
pub fn quantity(medicine: ReleaseMedicine, days: u32) -> Option<Dose> {
    let per_day = medicine.doses_a_day.or(medicine.prn_max_per_24h)?;
    let units = i64::from(per_day).checked_mul(i64::from(days))?;
    medicine.dose.thousandths().checked_mul(units).map(Dose::from_thousandths)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tablets(n: i64, a_day: u32) -> ReleaseMedicine {
        ReleaseMedicine {
            is_ost: false,
            controlled: false,
            dose: Dose::from_thousandths(n * 1000),
            doses_a_day: Some(a_day),
            prn_max_per_24h: None,
        }
    }

    #[test]
    fn a_fortnight_of_two_tablets_four_times_a_day_is_112_tablets() {
        assert_eq!(quantity(tablets(2, 4), 14), Some(Dose::from_thousandths(112_000)));
    }

    #[test]
    fn a_when_required_medicine_is_supplied_to_its_daily_maximum() {
        let prn = ReleaseMedicine { doses_a_day: None, prn_max_per_24h: Some(3), ..tablets(1, 1) };
        assert_eq!(quantity(prn, 7), Some(Dose::from_thousandths(21_000)));
    }

    #[test]
    fn opioid_substitution_is_bridged_never_supplied() {
        let ost = ReleaseMedicine { is_ost: true, controlled: true, ..tablets(1, 1) };
        assert_eq!(check_supply(ost, 7), Err(DischargeProblem::OstSupplied));
        assert_eq!(check_supply(ost, 0), Ok(()));
        assert_eq!(check_bridge(true, " "), Err(DischargeProblem::NoCommunityPrescriber));
        assert_eq!(check_bridge(true, "Leeds Recovery Service, 0113 000 0000"), Ok(()));
        assert_eq!(check_bridge(false, ""), Ok(()));
    }

    #[test]
    fn other_controlled_drugs_are_not_supplied_on_release() {
        let cd = ReleaseMedicine { controlled: true, ..tablets(1, 4) };
        assert_eq!(check_supply(cd, 14), Err(DischargeProblem::ControlledDrugSupplied));
    }

    #[test]
    fn only_the_offered_periods_are_accepted() {
        assert_eq!(check_supply(tablets(1, 1), 10), Err(DischargeProblem::UnknownPeriod(10)));
        assert_eq!(check_supply(tablets(1, 1), 28), Ok(()));
    }
}

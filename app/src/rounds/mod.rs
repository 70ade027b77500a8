//! Medication rounds on tablets: the round list for a wing or landing at one round time, one-tap
//! dose recording with the safety rules (double dose, controlled-drug witness, PRN limits,
//! missed opioid substitution), and live updates from every other tablet.

mod dose_card;
mod look_alike;
pub mod missed;
mod page;
mod patient_card;
mod server_fns;
#[cfg(feature = "ssr")]
pub mod ssr;
mod tablet_list;

pub use look_alike::look_alike_names;
pub use missed::MissedDosesPage;
pub use page::RoundPage;
pub use server_fns::*;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::prescribing::Supply;
use crate::domain::prn::{PrnDecision, PrnLimits};
use crate::domain::round_schedule::DoseTiming;
use crate::domain::{AdministrationOutcome, Dose, WhereaboutsStatus};
use crate::medicines::RoundTime;
use crate::record::{ActiveAlert, AllergyStatus};

/// A wing, landing or special location a round can walk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundLocation {
    pub id: Uuid,
    pub code: String,
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundOptions {
    pub round_times: Vec<RoundTime>,
    pub locations: Vec<RoundLocation>,
    /// Rounds of today and yesterday can be worked; today is the London date now.
    pub today: NaiveDate,
    /// The round the nurse most likely means now.
    pub suggested: Option<(NaiveDate, NaiveTime)>,
}

/// An outcome already on the record, and who recorded it when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedDose {
    pub outcome: AdministrationOutcome,
    pub reason: Option<String>,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
    pub witnessed_by: Option<String>,
}

/// A regular dose due at this round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundDose {
    pub prescription_id: Uuid,
    pub product_name: String,
    pub dose: Dose,
    pub dose_unit: String,
    pub route: String,
    pub supply: Supply,
    pub cd_schedule: Option<i16>,
    pub is_ost: bool,
    pub critical_class: Option<String>,
    pub recorded: Option<RecordedDose>,
    /// Opioid substitution missed for days in a row: the card stops until a prescriber reviews.
    pub ost_review_required: bool,
}

impl RoundDose {
    /// Schedule 2 and 3 controlled drugs need a second person to witness and a register entry.
    pub fn needs_witness(&self) -> bool {
        crate::domain::controlled_drug::needs_witness(self.cd_schedule)
    }
}

/// A when-required medicine the patient may ask for on this round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrnOption {
    pub prescription_id: Uuid,
    pub product_name: String,
    pub dose: Dose,
    pub dose_unit: String,
    pub route: String,
    pub cd_schedule: Option<i16>,
    pub limits: PrnLimits,
    pub last_given_at: Option<DateTime<Utc>>,
    pub given_in_24h: u32,
    pub decision: PrnDecision,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundPatient {
    pub patient_id: Uuid,
    pub prison_number: String,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: NaiveDate,
    pub cell: String,
    pub status: WhereaboutsStatus,
    pub allergies: AllergyStatus,
    pub alerts: Vec<ActiveAlert>,
    pub doses: Vec<RoundDose>,
    pub prn: Vec<PrnOption>,
    /// Medicines brought from another establishment and not yet reconciled here.
    pub reconciliation_due: u32,
    /// Another patient on this round shares the surname and first initial.
    pub look_alike: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundList {
    pub round_time: NaiveTime,
    pub label: String,
    pub date: NaiveDate,
    pub timing: DoseTiming,
    pub location: String,
    pub patients: Vec<RoundPatient>,
}

/// One dose as the nurse recorded it on the tablet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoseEntry {
    pub prescription_id: Uuid,
    /// The round the dose belongs to; `None` for a when-required (PRN) dose.
    pub round: Option<(NaiveDate, NaiveTime)>,
    pub outcome: AdministrationOutcome,
    pub reason: String,
    pub swallow_confirmed: bool,
    pub witness_username: String,
    pub witness_password: String,
    /// Made by the tablet; a retry with the same id is recognised and never doubled.
    pub client_entry_id: Uuid,
}

impl DoseEntry {
    /// What no rule of the round can make acceptable: a reason longer than the shared limit, a
    /// witness username or password longer than any can be, or a round more than a day from when
    /// the dose was entered (`entered_at`). Checked before anything is looked up or stored, so a
    /// forged or broken entry is a field error and never a conflict kept for a nurse.
    pub fn check_shape(&self, entered_at: DateTime<Utc>) -> Result<(), crate::domain::FieldProblem> {
        use crate::domain::free_text::{FreeText, check_free_text};
        check_free_text("reason", FreeText::Reason, &self.reason)?;
        if !self.witness_username.is_empty() || !self.witness_password.is_empty() {
            crate::domain::password_policy::check_typed(&self.witness_username, &self.witness_password)
                .map_err(|(field, message)| {
                    (if field == "username" { "witness_username" } else { "witness_password" }, message)
                })?;
        }
        if let Some((date, _)) = self.round {
            let entered_on = crate::domain::round_schedule::london_date(entered_at);
            if (date - entered_on).num_days().abs() > 1 {
                return Err(("round", "A dose belongs to a round of the day it is given.".to_owned()));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn entry(round: Option<(NaiveDate, NaiveTime)>) -> DoseEntry {
        DoseEntry {
            prescription_id: Uuid::nil(),
            round,
            outcome: crate::domain::AdministrationOutcome::Given,
            reason: String::new(),
            swallow_confirmed: false,
            witness_username: String::new(),
            witness_password: String::new(),
            client_entry_id: Uuid::nil(),
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap_or_default()
    }

    #[test]
    fn an_entry_is_judged_on_its_shape_before_anything_is_looked_up() {
        let noon = Utc.with_ymd_and_hms(2026, 12, 3, 12, 0, 0).single().unwrap_or_default();
        let eight = NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default();
        assert_eq!(entry(Some((day(3), eight))).check_shape(noon), Ok(()));
        assert_eq!(entry(Some((day(2), eight))).check_shape(noon), Ok(()), "yesterday's late round");
        assert_eq!(entry(None).check_shape(noon), Ok(()), "a when-required dose has no round");
        let far = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default();
        assert_eq!(entry(Some((far, eight))).check_shape(noon).map_err(|p| p.0), Err("round"));
        let long_reason = DoseEntry { reason: "x".repeat(1_000_000), ..entry(None) };
        assert_eq!(long_reason.check_shape(noon).map_err(|p| p.0), Err("reason"));
        let long_witness = DoseEntry { witness_username: "w".repeat(65), ..entry(None) };
        assert_eq!(long_witness.check_shape(noon).map_err(|p| p.0), Err("witness_username"));
        let long_password = DoseEntry {
            witness_username: "nurse.lei".into(),
            witness_password: "p".repeat(129),
            ..entry(None)
        };
        assert_eq!(long_password.check_shape(noon).map_err(|p| p.0), Err("witness_password"));
    }
}

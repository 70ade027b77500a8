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
use crate::patients::{ActiveAlert, AllergyStatus};

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
        needs_witness(self.cd_schedule)
    }
}

pub fn needs_witness(cd_schedule: Option<i16>) -> bool {
    matches!(cd_schedule, Some(2 | 3))
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

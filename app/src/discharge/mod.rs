//! Release from custody: the discharge summary (medicines supplied, the opioid substitution
//! bridge, problems, alerts relevant to community care, follow-up), written as the patient leaves.

mod page;
mod server_fns;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use page::DischargePage;
pub use server_fns::*;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::Dose;
use crate::medicines::ActivePrescription;
use crate::problems::ActiveProblem;
use crate::record::{ActiveAlert, AllergyStatus};
use crate::transfers::{HandoverPack, HandoverPatient};

/// What the releasing nurse fills in.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DischargeRequest {
    /// Days supplied for each active prescription, by id.
    pub supplies: Vec<(Uuid, u32)>,
    /// Who takes over opioid substitution (name, service, contact); required for patients on OST.
    pub community_prescriber: String,
    pub gp_practice: String,
    pub follow_up: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DischargeLine {
    pub prescription: ActivePrescription,
    pub days: u32,
    pub quantity: Option<Dose>,
}

/// The summary as written at release.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DischargeSummary {
    pub patient: HandoverPatient,
    pub establishment: String,
    pub released_at: DateTime<Utc>,
    pub written_by: String,
    pub medicines: Vec<DischargeLine>,
    /// The last opioid substitution dose given, for the community prescriber.
    pub ost_last_dose: Option<DateTime<Utc>>,
    pub community_prescriber: String,
    pub gp_practice: String,
    pub follow_up: String,
    pub problems: Vec<ActiveProblem>,
    pub alerts: Vec<ActiveAlert>,
    pub allergies: AllergyStatus,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DischargeView {
    /// The patient is here: the record as it stands, to release from.
    Draft {
        record: Box<HandoverPack>,
        may_release: bool,
    },
    Released(Box<DischargeSummary>),
}

/// The supply offered by default: a fortnight of ordinary medicines, none of OST or other
/// controlled drugs.
pub fn default_days(rx: &ActivePrescription) -> u32 {
    if rx.is_ost || matches!(rx.cd_schedule, Some(2 | 3)) { 0 } else { 14 }
}

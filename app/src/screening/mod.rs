//! Reception screening on the record, and the establishment's worklist of screens and
//! assessments due.

mod form;
mod second_stage_form;
mod server_fns;
#[cfg(feature = "ssr")]
pub mod ssr;
mod status;
mod worklist;

pub use form::ScreeningForm;
pub use second_stage_form::SecondStageForm;
pub use server_fns::*;
pub use status::ScreeningStatusLine;
pub use worklist::ScreeningWorklistCard;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreeningSaved {
    pub second_stage_due_at: DateTime<Utc>,
    pub acct_opened: bool,
}

/// The patient's screens in their current custody episode: the latest first-stage screen since
/// they arrived here, and the second-stage assessment's due date and completion.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreeningStatus {
    /// Whether the patient is in custody (a patient released has nothing due).
    pub in_custody: bool,
    pub first_stage_at: Option<DateTime<Utc>>,
    pub second_stage_due_at: Option<DateTime<Utc>>,
    pub second_stage_done_at: Option<DateTime<Utc>>,
}

/// A second-stage assessment saved: when, and whether it was later than the 7 days allow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondStageSaved {
    pub completed_at: DateTime<Utc>,
    /// When the first-stage screen of this custody episode said it was due, if there was one.
    pub was_due_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkItem {
    pub prison_number: String,
    pub name: String,
    pub location: String,
    /// Arrival for a first-stage screen; the due time for a second-stage assessment.
    pub at: DateTime<Utc>,
    pub overdue: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreeningWorklist {
    pub first_stage_due: Vec<WorkItem>,
    pub second_stage_due: Vec<WorkItem>,
}

/// Answers a reception screen can start from, taken from a transfer's handover.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreeningPrefill {
    pub physical_health: String,
    pub current_medicines: String,
    pub last_dose: String,
    pub notes: String,
}

//! The shapes of a patient's record as the browser receives them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::WhereaboutsStatus;

/// One row of patient search results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientSearchRow {
    pub prison_number: String,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: NaiveDate,
    /// Formatted for display (`943 476 5919`).
    pub nhs_number: Option<String>,
    pub whereabouts: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllergySummary {
    pub substance: String,
    pub reaction: String,
    pub severity: String,
}

/// "No known allergies" is something a clinician recorded; "not recorded" means nobody has
/// asked yet. The banner must never show one as the other.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AllergyStatus {
    Allergies(Vec<AllergySummary>),
    NoKnownAllergies,
    NotRecorded,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActiveAlert {
    pub code: String,
    pub name: String,
    pub category: String,
    pub since: DateTime<Utc>,
}

/// What every clinical screen shows at its top, so that the right patient is in front of the user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientBanner {
    pub id: Uuid,
    pub prison_number: String,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: NaiveDate,
    pub sex: String,
    pub nhs_number: Option<String>,
    pub status: Option<WhereaboutsStatus>,
    pub whereabouts: String,
    pub allergies: AllergyStatus,
    pub alerts: Vec<ActiveAlert>,
    /// Set when the patient has left the user's establishment: its code, because the user may
    /// read only what that establishment recorded (no allergies, alerts or whereabouts since).
    pub own_entries_only: Option<String>,
    /// Set when the user reads the record through break-glass access: until when.
    #[serde(default)]
    pub break_glass_until: Option<chrono::DateTime<chrono::Utc>>,
}

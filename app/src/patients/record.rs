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
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovementEntry {
    pub occurred_at: DateTime<Utc>,
    pub kind: String,
    pub direction: String,
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustodyEpisodeEntry {
    pub id: Uuid,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    pub establishments: Vec<String>,
    pub movements: Vec<MovementEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertHistoryEntry {
    pub name: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    pub note: String,
    pub raised_by: String,
    pub establishment: String,
}

/// The record page: banner, alert history and custody history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientRecord {
    pub banner: PatientBanner,
    pub alert_history: Vec<AlertHistoryEntry>,
    pub episodes: Vec<CustodyEpisodeEntry>,
}

pub fn movement_description(
    kind: &str,
    direction: &str,
    establishment: &str,
    destination: Option<&str>,
) -> String {
    match (kind, direction) {
        ("ADM", _) => format!("Admitted to {establishment}"),
        ("TRN", "out") => format!(
            "Transferred out of {establishment} to {}",
            destination.unwrap_or("another establishment")
        ),
        ("TRN", _) => format!("Received on transfer at {establishment}"),
        ("CRT", "out") => format!("Out to court from {establishment}"),
        ("CRT", _) => format!("Back from court to {establishment}"),
        ("TAP", "out") => format!("Temporary absence from {establishment}"),
        ("TAP", _) => format!("Returned from temporary absence to {establishment}"),
        ("REL", _) => format!("Released from {establishment}"),
        ("DEATH", _) => format!("Died in custody at {establishment}"),
        _ => format!("Movement at {establishment}"),
    }
}

//! The patient's record as the export reads it: plain values whose closed lists have already been
//! checked against the schema's, so the FHIR mapping never sees a database type or a stray word.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use uuid::Uuid;

use crate::domain::Dose;
use crate::domain::prescribing::Supply;
use crate::domain::prn::PrnLimits;

/// One of the schema's CHECKed word lists, read from the stored word. An unknown word is a
/// schema the code has not caught up with, so reading it is refused rather than guessed.
macro_rules! stored_words {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub fn from_db(word: &str) -> Option<Self> {
                match word {
                    $($word => Some(Self::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

stored_words!(Sex { Female = "female", Male = "male", Indeterminate = "indeterminate", NotKnown = "not_known" });
stored_words!(AllergySeverity {
    Mild = "mild",
    Moderate = "moderate",
    Severe = "severe",
    LifeThreatening = "life_threatening",
});
stored_words!(Certainty { Suspected = "suspected", Confirmed = "confirmed" });
stored_words!(AlertCategory { Clinical = "clinical", Risk = "risk" });
stored_words!(MovementKind {
    Admission = "ADM",
    Transfer = "TRN",
    Court = "CRT",
    TemporaryAbsence = "TAP",
    Release = "REL",
    Death = "DEATH",
});

/// Everything the export carries for one patient, read in one consistent snapshot.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportRecord {
    pub patient: PatientDetails,
    pub allergies: Vec<Allergy>,
    pub problems: Vec<Problem>,
    pub prescriptions: Vec<Prescription>,
    /// Only alerts in force: closed and entered-in-error alerts are history, not flags.
    pub alerts: Vec<Alert>,
    pub episodes: Vec<CustodyEpisode>,
    /// Oldest first.
    pub movements: Vec<Movement>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PatientDetails {
    pub id: Uuid,
    pub prison_number: String,
    /// Ten digits, as stored.
    pub nhs_number: Option<String>,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: NaiveDate,
    pub sex: Sex,
    /// When a clinician recorded "no known allergies"; `None` means nobody has asked.
    pub no_known_allergies_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Allergy {
    pub id: Uuid,
    pub substance: String,
    pub reaction: String,
    pub severity: AllergySeverity,
    pub certainty: Certainty,
    pub recorded_at: DateTime<Utc>,
    pub entered_in_error: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub id: Uuid,
    pub snomed_id: i64,
    pub term: String,
    pub note: String,
    pub recorded_at: DateTime<Utc>,
    /// Set exactly when the problem is resolved (the schema ties the two together).
    pub resolved_at: Option<DateTime<Utc>>,
    pub entered_in_error: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Prescription {
    pub id: Uuid,
    /// The dm+d product code and name.
    pub product_code: i64,
    pub product_name: String,
    pub dose: Dose,
    pub dose_unit: String,
    pub route: String,
    pub schedule: Schedule,
    pub supply: Supply,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub indication: String,
    pub prescribed_at: DateTime<Utc>,
    /// The prescription this one changed (a change is a stop and a new prescription).
    pub replaces_id: Option<Uuid>,
    pub stopped_at: Option<DateTime<Utc>>,
    pub stopped_reason: Option<String>,
    pub entered_in_error: bool,
    pub last_taken: Option<LastDose>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Schedule {
    /// Given on these round times every day.
    Regular { round_times: Vec<NaiveTime> },
    /// When required (PRN), no closer together and no more often than the limits say.
    WhenRequired(PrnLimits),
}

/// The most recent dose given or self-administered (not refused or missed), not entered in error.
#[derive(Clone, Debug, PartialEq)]
pub struct LastDose {
    pub administration_id: Uuid,
    pub at: DateTime<Utc>,
    pub dose: Dose,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Alert {
    pub id: Uuid,
    /// The alert type's code (e.g. `ACCT`) and name (e.g. `ACCT open`).
    pub code: String,
    pub name: String,
    pub category: AlertCategory,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CustodyEpisode {
    pub id: Uuid,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Movement {
    pub id: Uuid,
    pub episode_id: Uuid,
    pub kind: MovementKind,
    pub inward: bool,
    pub establishment: Establishment,
    pub occurred_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Establishment {
    pub id: Uuid,
    /// The three-letter prison code (e.g. `LEI`).
    pub code: String,
    pub name: String,
}

//! Rounds that survive the wing's Wi-Fi: the tablet keeps the round it loaded and a queue of the
//! doses recorded without a network, both encrypted with a key only a signed-in user can fetch,
//! and sends the queue in order when the network returns. Each entry carries the tablet's id, so
//! a retry never doubles it; what no longer fits the record becomes a conflict the nurse resolves.
//! The offline safety rule is `domain::offline_round`.

mod conflicts;
mod server_fns;
#[cfg(feature = "ssr")]
pub mod ssr;
mod status;
#[cfg(feature = "hydrate")]
mod sync;
#[cfg(feature = "hydrate")]
pub mod tablet_store;
mod watch;

pub use conflicts::OfflineConflicts;
pub use server_fns::*;
pub use status::{Connection, OfflineRound, OfflineStatus};
pub use watch::keep_the_queue_moving;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::AdministrationOutcome;
use crate::rounds::{DoseEntry, RecordedDose};

/// A dose recorded on the tablet while offline, as it is sent when the network returns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfflineEntry {
    /// Never carries a witness password: controlled drugs are not recorded offline.
    pub entry: DoseEntry,
    /// The tablet's clock when the nurse saved it.
    pub recorded_at: DateTime<Utc>,
}

/// A user's offline-round keys as the server hands them to their own signed-in tablet: every
/// generation (the key rotates when the password changes, and entries queued under an older one
/// must still be readable), newest last. The tablet keeps them only wrapped under a key derived
/// from the password, and unwrapped as non-extractable keys while the tab is unlocked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfflineKeys {
    pub owner: Uuid,
    /// The generation new entries are sealed with.
    pub current: i32,
    /// `(generation, key as hex)`.
    pub keys: Vec<(i32, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SyncOutcome {
    /// On the record as entered (or already there from an earlier attempt).
    Recorded(RecordedDose),
    /// The record moved on while the tablet was offline; the nurse must decide.
    Conflict(OfflineConflict),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfflineConflict {
    pub id: Uuid,
    pub client_entry_id: Uuid,
    pub prison_number: String,
    pub patient_name: String,
    pub product_name: String,
    pub outcome: AdministrationOutcome,
    pub reason: Option<String>,
    pub recorded_by: String,
    pub recorded_offline_at: DateTime<Utc>,
    /// What the record said when the entry arrived.
    pub problem: String,
}

/// The nurse's decision on a conflict; either way the entry and the decision stay on the record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConflictResolution {
    /// What the tablet says happened did not (a duplicate, or a mistaken entry).
    NotGiven,
    /// It happened as entered, whatever the record said meanwhile (e.g. a second dose was given).
    Given,
}

impl ConflictResolution {
    pub fn as_db(self) -> &'static str {
        match self {
            Self::NotGiven => "not_given",
            Self::Given => "given",
        }
    }
}

/// A resolution note: why the nurse decided as they did (at least 5 characters).
pub fn validate_resolution_note(note: &str) -> Result<(), String> {
    let note = note.trim();
    if note.chars().count() < 5 {
        return Err("Say what happened (at least 5 characters).".to_owned());
    }
    if note.chars().count() > 1_000 {
        return Err("Keep the note under 1,000 characters.".to_owned());
    }
    if note.contains('\0') {
        return Err("The note contains a character that cannot be stored.".to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::validate_resolution_note;

    #[test]
    fn a_resolution_needs_a_real_note() {
        assert!(validate_resolution_note("  ok ").is_err());
        assert!(validate_resolution_note("Duplicate of the 08:02 entry").is_ok());
        assert!(validate_resolution_note(&"x".repeat(1_001)).is_err());
        assert!(validate_resolution_note("bad\0note").is_err());
    }
}

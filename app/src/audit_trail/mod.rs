//! The audit viewer: for a patient, who looked at the record and what they did; for a member of
//! staff, what they looked at. Viewing and exporting it is itself audited.

pub mod actions;
pub mod csv;
mod page;
mod server_fns;
#[cfg(feature = "ssr")]
mod ssr;

pub use page::AuditTrailPage;
pub use server_fns::*;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuditSubject {
    Patient { prison_number: String },
    Staff { username: String },
}

/// A period in whole days, inclusive, in UK local time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    pub subject: AuditSubject,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    pub at: DateTime<Utc>,
    pub staff_name: Option<String>,
    pub staff_username: Option<String>,
    pub establishment: Option<String>,
    pub prison_number: Option<String>,
    pub patient_name: Option<String>,
    pub action: String,
    pub outcome: String,
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditTrail {
    /// Newest first.
    pub lines: Vec<AuditLine>,
    /// More lines matched than are shown; a shorter period (or the CSV export) shows them all.
    pub truncated: bool,
}

/// The longest period one query may cover, so one request cannot scan years of a busy user.
pub const MAX_PERIOD_DAYS: i64 = 366;

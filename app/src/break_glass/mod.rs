//! Break-glass: opening a record outside one's legitimate relationship, for a stated reason, for
//! a limited time, read-only; and the healthcare manager's report that reviews every use.

mod form;
mod report_page;
mod server_fns;
#[cfg(feature = "ssr")]
mod ssr;

pub use form::BreakGlassForm;
pub use report_page::BreakGlassReportPage;
pub use server_fns::*;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewOutcome {
    /// The access had a legitimate clinical reason.
    Appropriate,
    /// It did not; the note says what follows (e.g. referred to the information governance lead).
    Inappropriate,
}

impl ReviewOutcome {
    pub fn as_db(self) -> &'static str {
        match self {
            Self::Appropriate => "appropriate",
            Self::Inappropriate => "inappropriate",
        }
    }

    pub fn from_db(value: &str) -> Option<Self> {
        match value {
            "appropriate" => Some(Self::Appropriate),
            "inappropriate" => Some(Self::Inappropriate),
            _ => None,
        }
    }
}

/// One end's review of a use: the healthcare manager of the establishment the user worked at,
/// or of the one holding the patient, each reviews it once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// The establishment (code) this review speaks for.
    pub establishment: String,
    pub by: String,
    pub at: DateTime<Utc>,
    pub outcome: ReviewOutcome,
    pub note: String,
}

/// One use of break-glass, as the healthcare manager reviews it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BreakGlassUse {
    pub id: Uuid,
    pub started_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub staff_name: String,
    pub staff_username: String,
    pub staff_role: String,
    /// The establishment the user was working at.
    pub from_establishment: String,
    pub prison_number: String,
    pub patient_name: String,
    /// Where the patient was held at the time, if anywhere.
    pub patient_at: Option<String>,
    pub reason: String,
    /// Every end's review so far (at most two).
    pub reviews: Vec<Review>,
    /// The reader's establishment has yet to review this use.
    pub review_due_here: bool,
    /// The reader broke the glass themselves: another manager reviews it.
    pub own_use: bool,
}

/// What the report lists: a period, optionally one user or one patient, optionally only the
/// uses nobody has reviewed yet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BreakGlassFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Part of a username or name.
    pub user: String,
    pub prison_number: String,
    /// Only the uses the reader's establishment has not reviewed yet.
    pub unreviewed_only: bool,
}

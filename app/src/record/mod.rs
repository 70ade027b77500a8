//! A patient's open record as every feature sees it: the banner's shapes and its SQL, the
//! read-only marker and the version signal that makes every panel fetch again after a write.
//! No components live here (the banner's views are in `crate::components::banner`), so a
//! feature that needs the record never imports another feature's page module.

mod server_fns;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use server_fns::*;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::WhereaboutsStatus;

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

/// Provided where the record is open for reading only (the establishment the patient left, or
/// break-glass): the forms that would add to it are not offered, since the server would refuse.
#[derive(Clone, Copy, Debug)]
pub struct ReadOnlyRecord;

/// Bumped after every write to the open record, so the banner and timeline fetch again at once.
#[derive(Clone, Copy, Debug)]
pub struct RecordVersion(pub leptos::prelude::RwSignal<u32>);

impl RecordVersion {
    /// The open record's version signal; outside a record page, a signal of its own that never
    /// changes, so a panel shown elsewhere simply fetches once.
    pub fn current() -> leptos::prelude::RwSignal<u32> {
        use leptos::prelude::*;
        use_context::<RecordVersion>().map(|v| v.0).unwrap_or_else(|| RwSignal::new(0))
    }
}

/// After each successful write by `action`, everything showing the record fetches again.
/// One effect per action: an effect reading two actions through `||` would stop watching the
/// second once the first had succeeded.
pub fn refresh_record_on_success<A>(action: leptos::prelude::ServerAction<A>)
where
    A: leptos::server_fn::ServerFn<Error = crate::error::AppError> + Clone + Send + Sync + 'static,
    A::Output: Clone + Send + Sync + 'static,
{
    use leptos::prelude::*;
    let version = use_context::<RecordVersion>();
    Effect::new(move |_| {
        if let (Some(Ok(_)), Some(v)) = (action.value().get(), version) {
            v.0.update(|n| *n += 1);
        }
    });
}

//! Live updates: a dose recorded or a prescription changed on one tablet reaches every other
//! tablet at the same establishment within a second. PostgreSQL NOTIFY carries the event
//! between app instances; each instance fans it out to its browsers over server-sent events.

#[cfg(feature = "hydrate")]
mod client;
#[cfg(feature = "ssr")]
pub mod hub;

#[cfg(feature = "hydrate")]
pub use client::subscribe_to_round_activity;
#[cfg(feature = "ssr")]
pub use hub::LiveHub;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Where browsers listen for round activity at their establishment.
pub const ROUND_ACTIVITY_PATH: &str = "/api/live/round-activity";
/// The PostgreSQL channel the database triggers notify on.
pub const ROUND_ACTIVITY_CHANNEL: &str = "round_activity";

/// Something changed on a round: carries ids only, never clinical content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundActivity {
    pub establishment_id: Uuid,
    pub patient_id: Uuid,
    pub source_id: Uuid,
}

/// No-op on the server: subscriptions exist only in the browser.
#[cfg(not(feature = "hydrate"))]
pub fn subscribe_to_round_activity(_on_change: impl Fn() + 'static) {}

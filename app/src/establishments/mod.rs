//! The establishment home page: who is in, who arrived today, who is on the way, what to watch.

mod home_page;
mod server_fns;
#[cfg(feature = "ssr")]
mod ssr;

pub use home_page::HomePage;
pub use server_fns::*;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArrivalEntry {
    pub prison_number: String,
    pub name: String,
    pub arrived_at: DateTime<Utc>,
    pub how: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertCount {
    pub name: String,
    pub count: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EstablishmentOverview {
    pub code: String,
    pub name: String,
    pub patients_in: i64,
    pub away_at_court_or_hospital: i64,
    pub arrivals_today: Vec<ArrivalEntry>,
    pub incoming: i64,
    pub patients_with_alerts: i64,
    pub alert_counts: Vec<AlertCount>,
}

//! Finding a patient within the establishment and opening their record page. What every
//! feature shares about an open record (its types, banner SQL, version signal) is in
//! `crate::record`; the banner's views are in `crate::components`.

mod patient_page;
mod search_page;
mod server_fns;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use patient_page::PatientPage;
pub use search_page::PatientSearchPage;
pub use server_fns::*;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

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

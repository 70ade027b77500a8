//! Problems (diagnoses) coded with SNOMED CT: recorded, resolved, and on the timeline.

mod form;
mod server_fns;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use form::ProblemForm;
pub use server_fns::*;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemConcept {
    pub snomed_id: i64,
    pub term: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActiveProblem {
    pub id: Uuid,
    pub snomed_id: i64,
    pub term: String,
    pub since: DateTime<Utc>,
}

//! Recording allergies and alerts from the patient's record: what the banner shows everywhere.

mod forms;
mod server_fns;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use forms::RecordRisksPanel;
pub use server_fns::*;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub const SEVERITIES: [(&str, &str); 4] = [
    ("mild", "Mild"),
    ("moderate", "Moderate"),
    ("severe", "Severe"),
    ("life_threatening", "Life-threatening"),
];
pub const CERTAINTIES: [(&str, &str); 2] = [("confirmed", "Confirmed"), ("suspected", "Suspected")];
const MAX_TEXT: usize = 200;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertType {
    pub code: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenAlert {
    pub id: Uuid,
    pub name: String,
    pub since: DateTime<Utc>,
    pub note: String,
}

/// The shared rules for an allergy entry, run in the browser before sending and on the server.
pub fn check_allergy(
    substance: &str,
    reaction: &str,
    severity: &str,
    certainty: &str,
) -> Result<(), (&'static str, String)> {
    if substance.trim().is_empty() {
        return Err(("substance", "Enter the substance (drug, food or material).".into()));
    }
    if substance.chars().count() > MAX_TEXT {
        return Err(("substance", format!("Keep the substance under {MAX_TEXT} characters.")));
    }
    if reaction.trim().is_empty() {
        return Err(("reaction", "Describe the reaction.".into()));
    }
    if reaction.chars().count() > MAX_TEXT {
        return Err(("reaction", format!("Keep the reaction under {MAX_TEXT} characters.")));
    }
    if !SEVERITIES.iter().any(|(code, _)| *code == severity) {
        return Err(("severity", "Choose how severe the reaction was.".into()));
    }
    if !CERTAINTIES.iter().any(|(code, _)| *code == certainty) {
        return Err(("certainty", "Choose whether the allergy is confirmed or suspected.".into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_complete_allergy_passes() {
        assert_eq!(check_allergy("Penicillin", "Rash", "moderate", "confirmed"), Ok(()));
    }

    #[test]
    fn each_missing_or_unknown_part_names_its_field() {
        assert_eq!(check_allergy(" ", "Rash", "mild", "confirmed").map_err(|e| e.0), Err("substance"));
        assert_eq!(check_allergy("Latex", "", "mild", "confirmed").map_err(|e| e.0), Err("reaction"));
        assert_eq!(check_allergy("Latex", "Rash", "awful", "confirmed").map_err(|e| e.0), Err("severity"));
        assert_eq!(check_allergy("Latex", "Rash", "mild", "maybe").map_err(|e| e.0), Err("certainty"));
    }

    #[test]
    fn overlong_text_is_refused() {
        let long = "x".repeat(201);
        assert_eq!(check_allergy(&long, "Rash", "mild", "confirmed").map_err(|e| e.0), Err("substance"));
    }
}

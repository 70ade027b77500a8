use serde::{Deserialize, Serialize};
use std::fmt;

/// What a member of healthcare staff is employed as; it limits what they may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
// Stored as the same snake_case words in a text column (checked there by a constraint).
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum Role {
    Nurse,
    HealthcareAssistant,
    Pharmacist,
    Prescriber,
    HealthcareManager,
    Administrator,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Nurse,
        Role::HealthcareAssistant,
        Role::Pharmacist,
        Role::Prescriber,
        Role::HealthcareManager,
        Role::Administrator,
    ];

    /// The value stored in `staff.role`.
    pub fn as_db(self) -> &'static str {
        match self {
            Role::Nurse => "nurse",
            Role::HealthcareAssistant => "healthcare_assistant",
            Role::Pharmacist => "pharmacist",
            Role::Prescriber => "prescriber",
            Role::HealthcareManager => "healthcare_manager",
            Role::Administrator => "administrator",
        }
    }

    pub fn from_db(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_db() == value)
    }

    /// How the role reads to people on screen.
    pub fn title(self) -> &'static str {
        match self {
            Role::Nurse => "Nurse",
            Role::HealthcareAssistant => "Healthcare assistant",
            Role::Pharmacist => "Pharmacist",
            Role::Prescriber => "Prescriber",
            Role::HealthcareManager => "Healthcare manager",
            Role::Administrator => "Administrator",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_stored_value() {
        for role in Role::ALL {
            assert_eq!(Role::from_db(role.as_db()), Some(role));
        }
    }

    #[test]
    fn an_unknown_stored_role_is_not_guessed() {
        assert_eq!(Role::from_db("porter"), None);
    }
}

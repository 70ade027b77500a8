use serde::{Deserialize, Serialize};
use std::fmt;

/// What a member of healthcare staff is employed as; it limits what they may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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

    /// Only prescribers write, change and stop prescriptions, and review missed opioid doses.
    pub fn may_prescribe(self) -> bool {
        matches!(self, Role::Prescriber)
    }

    /// Who records doses on a round. Healthcare assistants support rounds but do not administer.
    pub fn may_administer(self) -> bool {
        matches!(self, Role::Nurse | Role::Pharmacist | Role::Prescriber | Role::HealthcareManager)
    }

    /// Who may witness a controlled drug being given or counted.
    pub fn may_witness_controlled_drugs(self) -> bool {
        self.may_administer()
    }

    /// Pharmacists keep the establishment's never-in-possession list and the CD stock.
    pub fn may_manage_medicines_stock(self) -> bool {
        matches!(self, Role::Pharmacist | Role::HealthcareManager)
    }

    /// A registered clinician confirms a patient is fit to travel.
    pub fn may_confirm_fit_to_transfer(self) -> bool {
        matches!(self, Role::Nurse | Role::Prescriber | Role::HealthcareManager)
    }

    /// Releasing a patient stops every prescription and starts the discharge: a registered
    /// nurse's, a prescriber's or the healthcare manager's decision, not an assistant's.
    pub fn may_release(self) -> bool {
        matches!(self, Role::Nurse | Role::Prescriber | Role::HealthcareManager)
    }

    /// "Do not transfer without clinical agreement": the agreement is a prescriber's or the
    /// healthcare manager's.
    pub fn may_override_medical_hold(self) -> bool {
        matches!(self, Role::Prescriber | Role::HealthcareManager)
    }

    /// Continuing, changing or stopping a medicine on arrival is a prescribing decision.
    pub fn may_reconcile_medicines(self) -> bool {
        self.may_prescribe()
    }

    /// Administrators manage accounts and settings; they have no clinical relationship with patients.
    pub fn is_clinical(self) -> bool {
        !matches!(self, Role::Administrator)
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
    fn only_prescribers_prescribe_and_assistants_do_not_administer() {
        let prescribers: Vec<Role> = Role::ALL.into_iter().filter(|r| r.may_prescribe()).collect();
        assert_eq!(prescribers, vec![Role::Prescriber]);
        assert!(!Role::HealthcareAssistant.may_administer());
        assert!(!Role::Administrator.may_administer());
        assert!(Role::Nurse.may_administer() && Role::Nurse.may_witness_controlled_drugs());
    }

    #[test]
    fn healthcare_assistants_pharmacists_and_administrators_do_not_release() {
        let releasers: Vec<Role> = Role::ALL.into_iter().filter(|r| r.may_release()).collect();
        assert_eq!(releasers, vec![Role::Nurse, Role::Prescriber, Role::HealthcareManager]);
    }

    #[test]
    fn an_unknown_stored_role_is_not_guessed() {
        assert_eq!(Role::from_db("porter"), None);
    }
}

//! What a role lets its holder do, named once. A server function's guard asks for a capability
//! (`crate::access::require`), and a screen asks the same question to show or hide an action, so
//! the button and the rule behind it cannot disagree.

use super::access::Refusal;
use super::role::Role;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Capability {
    /// Seeing patients at all: every role but the administrator's, who manages accounts and
    /// settings and has no clinical relationship with patients.
    ClinicalAccess,
    /// Recording doses on a round, online or offline. Healthcare assistants support rounds but do
    /// not administer.
    Administer,
    /// Witnessing a controlled drug being given or counted.
    WitnessControlledDrugs,
    /// Writing, changing and stopping prescriptions, and reviewing missed opioid doses.
    Prescribe,
    /// Continuing, changing or stopping a medicine on arrival: a prescribing decision.
    ReconcileMedicines,
    /// Keeping the establishment's never-in-possession list and the controlled-drug stock.
    ManageMedicinesStock,
    /// Confirming a patient is fit to travel: a registered clinician's decision.
    ConfirmFitToTransfer,
    /// "Do not transfer without clinical agreement": the agreement is a prescriber's or the
    /// healthcare manager's.
    OverrideMedicalHold,
    /// Releasing stops every prescription and starts the discharge: not an assistant's decision.
    Release,
    /// A healthcare manager's governance: the break-glass report and its review, the audit trail.
    Govern,
}

impl Capability {
    pub const ALL: [Capability; 10] = [
        Capability::ClinicalAccess,
        Capability::Administer,
        Capability::WitnessControlledDrugs,
        Capability::Prescribe,
        Capability::ReconcileMedicines,
        Capability::ManageMedicinesStock,
        Capability::ConfirmFitToTransfer,
        Capability::OverrideMedicalHold,
        Capability::Release,
        Capability::Govern,
    ];

    /// The one table of who may do what.
    pub fn permits(self, role: Role) -> bool {
        use Role::*;
        match self {
            Capability::ClinicalAccess => !matches!(role, Administrator),
            Capability::Administer | Capability::WitnessControlledDrugs => {
                matches!(role, Nurse | Pharmacist | Prescriber | HealthcareManager)
            }
            Capability::Prescribe | Capability::ReconcileMedicines => matches!(role, Prescriber),
            Capability::ManageMedicinesStock => matches!(role, Pharmacist | HealthcareManager),
            Capability::ConfirmFitToTransfer | Capability::Release => {
                matches!(role, Nurse | Prescriber | HealthcareManager)
            }
            Capability::OverrideMedicalHold => matches!(role, Prescriber | HealthcareManager),
            Capability::Govern => matches!(role, HealthcareManager),
        }
    }

    /// What the user is told (and the audit trail records) when their role lacks the capability.
    pub fn refusal(self) -> Refusal {
        match self {
            Capability::ClinicalAccess => Refusal::RoleHasNoClinicalAccess,
            Capability::Administer | Capability::WitnessControlledDrugs => Refusal::MayNotAdminister,
            Capability::Prescribe | Capability::ReconcileMedicines => Refusal::NotAPrescriber,
            Capability::ManageMedicinesStock => Refusal::MayNotManageMedicinesStock,
            Capability::ConfirmFitToTransfer => Refusal::MayNotConfirmFitToTransfer,
            Capability::OverrideMedicalHold => Refusal::MayNotOverrideMedicalHold,
            Capability::Release => Refusal::MayNotRelease,
            Capability::Govern => Refusal::NotAHealthcareManager,
        }
    }

    /// `Ok` when `role` has the capability, else the refusal to give.
    pub fn check(self, role: Role) -> Result<(), Refusal> {
        if self.permits(role) { Ok(()) } else { Err(self.refusal()) }
    }
}

impl Role {
    /// Whether this role has `capability`: the question screens ask to offer an action.
    pub fn may(self, capability: Capability) -> bool {
        capability.permits(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holders(capability: Capability) -> Vec<Role> {
        Role::ALL.into_iter().filter(|r| r.may(capability)).collect()
    }

    #[test]
    fn only_prescribers_prescribe_and_reconcile() {
        assert_eq!(holders(Capability::Prescribe), vec![Role::Prescriber]);
        assert_eq!(holders(Capability::ReconcileMedicines), vec![Role::Prescriber]);
    }

    #[test]
    fn assistants_and_administrators_neither_administer_nor_witness() {
        for capability in [Capability::Administer, Capability::WitnessControlledDrugs] {
            assert_eq!(
                holders(capability),
                vec![Role::Nurse, Role::Pharmacist, Role::Prescriber, Role::HealthcareManager]
            );
        }
    }

    #[test]
    fn registered_clinicians_release_and_confirm_fitness_but_pharmacists_do_not() {
        for capability in [Capability::Release, Capability::ConfirmFitToTransfer] {
            assert_eq!(holders(capability), vec![Role::Nurse, Role::Prescriber, Role::HealthcareManager]);
        }
    }

    #[test]
    fn only_the_healthcare_manager_governs() {
        assert_eq!(holders(Capability::Govern), vec![Role::HealthcareManager]);
        assert_eq!(holders(Capability::OverrideMedicalHold), vec![Role::Prescriber, Role::HealthcareManager]);
        assert_eq!(
            holders(Capability::ManageMedicinesStock),
            vec![Role::Pharmacist, Role::HealthcareManager]
        );
    }

    #[test]
    fn the_administrator_has_no_clinical_capability_at_all() {
        for capability in Capability::ALL {
            assert!(!Role::Administrator.may(capability), "{capability:?}");
        }
    }

    #[test]
    fn every_clinical_capability_implies_clinical_access() {
        for capability in Capability::ALL {
            for role in holders(capability) {
                assert!(role.may(Capability::ClinicalAccess), "{role:?} {capability:?}");
            }
        }
    }

    #[test]
    fn check_refuses_with_the_capability_s_own_refusal() {
        for capability in Capability::ALL {
            for role in Role::ALL {
                let expected = if role.may(capability) { Ok(()) } else { Err(capability.refusal()) };
                assert_eq!(capability.check(role), expected, "{role:?} {capability:?}");
            }
        }
    }
}

//! The one rule that decides whether a member of staff may read or write a patient's record.
//! The server loads the facts, calls [`decide`], and audits the outcome either way.

use super::{Role, WhereaboutsStatus};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Intent {
    Read,
    Write,
}

/// Where the patient is, as the access rule needs to know it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PatientSituation {
    pub status: WhereaboutsStatus,
    /// The establishment holding the patient (for court and temporary absence, the one they return to).
    pub establishment_id: Option<Uuid>,
    /// For a patient in transit, where they are going.
    pub destination_id: Option<Uuid>,
}

/// The patient's relationship to the establishment the user is working at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relationship {
    AtMyEstablishment,
    InTransitToMyEstablishment,
    Elsewhere,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum Refusal {
    #[error("Your role does not give access to patient records.")]
    RoleHasNoClinicalAccess,
    #[error("This patient is not at your establishment, so you cannot open their record.")]
    NotAtYourEstablishment,
    #[error("Only prescribers can write, change or stop prescriptions.")]
    NotAPrescriber,
    #[error("Your role does not record doses. Ask a nurse or pharmacist.")]
    MayNotAdminister,
    #[error("Only pharmacists and healthcare managers keep the medicines lists and controlled-drug stock.")]
    MayNotManageMedicinesStock,
}

pub fn relationship(situation: &PatientSituation, working_at: Uuid) -> Relationship {
    use WhereaboutsStatus::*;
    match situation.status {
        InEstablishment | AtCourt | TemporaryAbsence if situation.establishment_id == Some(working_at) => {
            Relationship::AtMyEstablishment
        }
        InTransit if situation.destination_id == Some(working_at) => Relationship::InTransitToMyEstablishment,
        _ => Relationship::Elsewhere,
    }
}

/// Patients at, or in transit to, the user's establishment are readable and writable by
/// clinical roles; everyone else is refused with a reason the user can act on.
pub fn decide(role: Role, relationship: Relationship, _intent: Intent) -> Result<(), Refusal> {
    if !role.is_clinical() {
        return Err(Refusal::RoleHasNoClinicalAccess);
    }
    match relationship {
        Relationship::AtMyEstablishment | Relationship::InTransitToMyEstablishment => Ok(()),
        Relationship::Elsewhere => Err(Refusal::NotAtYourEstablishment),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> (Uuid, Uuid) {
        (Uuid::from_u128(1), Uuid::from_u128(2))
    }

    fn situation(status: WhereaboutsStatus, est: Option<Uuid>, dest: Option<Uuid>) -> PatientSituation {
        PatientSituation { status, establishment_id: est, destination_id: dest }
    }

    #[test]
    fn a_patient_in_my_establishment_court_or_hospital_escort_is_mine() {
        let (mine, _) = ids();
        for status in [
            WhereaboutsStatus::InEstablishment,
            WhereaboutsStatus::AtCourt,
            WhereaboutsStatus::TemporaryAbsence,
        ] {
            assert_eq!(
                relationship(&situation(status, Some(mine), None), mine),
                Relationship::AtMyEstablishment
            );
        }
    }

    #[test]
    fn a_patient_in_transit_to_me_is_readable_before_arrival() {
        let (mine, other) = ids();
        let s = situation(WhereaboutsStatus::InTransit, Some(other), Some(mine));
        assert_eq!(relationship(&s, mine), Relationship::InTransitToMyEstablishment);
        assert_eq!(decide(Role::Nurse, relationship(&s, mine), Intent::Read), Ok(()));
    }

    #[test]
    fn a_patient_at_another_establishment_is_refused() {
        let (mine, other) = ids();
        let s = situation(WhereaboutsStatus::InEstablishment, Some(other), None);
        assert_eq!(
            decide(Role::Prescriber, relationship(&s, mine), Intent::Read),
            Err(Refusal::NotAtYourEstablishment)
        );
    }

    #[test]
    fn a_patient_transferred_away_from_me_is_refused() {
        let (mine, other) = ids();
        let s = situation(WhereaboutsStatus::InTransit, Some(mine), Some(other));
        assert_eq!(relationship(&s, mine), Relationship::Elsewhere);
    }

    #[test]
    fn a_released_patient_is_refused() {
        let (mine, _) = ids();
        let s = situation(WhereaboutsStatus::Released, None, None);
        assert_eq!(
            decide(Role::Nurse, relationship(&s, mine), Intent::Write),
            Err(Refusal::NotAtYourEstablishment)
        );
    }

    #[test]
    fn administrators_are_refused_even_at_their_own_establishment() {
        assert_eq!(
            decide(Role::Administrator, Relationship::AtMyEstablishment, Intent::Read),
            Err(Refusal::RoleHasNoClinicalAccess)
        );
    }

    #[test]
    fn every_clinical_role_may_read_and_write_patients_at_their_establishment() {
        for role in Role::ALL.into_iter().filter(|r| r.is_clinical()) {
            for intent in [Intent::Read, Intent::Write] {
                assert_eq!(decide(role, Relationship::AtMyEstablishment, intent), Ok(()));
            }
        }
    }
}

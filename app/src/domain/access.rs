//! The one rule that decides whether a member of staff may read or write a patient's record.
//! The server loads the facts, calls [`decide`], and audits the outcome either way.

use super::Capability;
use super::{Role, WhereaboutsStatus};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Intent {
    Read,
    Write,
    /// Record a movement: schedule, depart, redirect or receive.
    Move,
    /// Read only what the user's own establishment recorded (its governance after the patient left).
    ReadOwnEntries,
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
    /// Departed from here and not yet received anywhere.
    InTransitFromMyEstablishment,
    /// Was here, left (transfer or release) within the period the establishment keeps access.
    RecentlyLeftMyEstablishment,
    /// None of the above, but the user broke the glass for this patient and it has not expired.
    BreakGlass,
    Elsewhere,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum Refusal {
    #[error("Your role does not give access to patient records.")]
    RoleHasNoClinicalAccess,
    /// Also the answer for a prison number nobody has: whether a number exists nationally is not
    /// told to someone who may not open the record (so the wording fits both).
    #[error(
        "The patient with this prison number is not at your establishment, so you cannot open their record."
    )]
    NotAtYourEstablishment,
    #[error(
        "This patient has left your establishment. You can read what your establishment recorded, but not add to the record."
    )]
    PatientHasLeft,
    #[error("This patient has not arrived yet. Receive them first, then add to their record.")]
    NotYetArrived,
    #[error(
        "Break-glass access lets you read this record, not add to it: the establishment holding the patient records their care."
    )]
    BreakGlassIsReadOnly,
    #[error(
        "Break-glass access is for reading the record in an emergency. It does not export the record or open its audit trail."
    )]
    BreakGlassDoesNotOpenThis,
    #[error("Only healthcare managers see this report.")]
    NotAHealthcareManager,
    #[error("Only prescribers can write, change or stop prescriptions.")]
    NotAPrescriber,
    #[error("Your role does not record doses. Ask a nurse or pharmacist.")]
    MayNotAdminister,
    #[error("Only pharmacists and healthcare managers keep the medicines lists and controlled-drug stock.")]
    MayNotManageMedicinesStock,
    #[error("A nurse, prescriber or healthcare manager confirms fitness to transfer.")]
    MayNotConfirmFitToTransfer,
    #[error("Only a prescriber or healthcare manager may override a Medical hold.")]
    MayNotOverrideMedicalHold,
    #[error("You cannot review your own break-glass use: another healthcare manager reviews it.")]
    MayNotReviewOwnBreakGlass,
    #[error("A nurse, prescriber or healthcare manager releases a patient.")]
    MayNotRelease,
}

/// How the patient stands to the establishment the user works at. `left_here_recently` is whether
/// their last departure from this establishment falls within its read-after-leaving period.
pub fn relationship(
    situation: &PatientSituation,
    working_at: Uuid,
    left_here_recently: bool,
) -> Relationship {
    use WhereaboutsStatus::*;
    match situation.status {
        InEstablishment | AtCourt | TemporaryAbsence if situation.establishment_id == Some(working_at) => {
            Relationship::AtMyEstablishment
        }
        InTransit if situation.destination_id == Some(working_at) => Relationship::InTransitToMyEstablishment,
        InTransit if situation.establishment_id == Some(working_at) => {
            Relationship::InTransitFromMyEstablishment
        }
        _ if left_here_recently => Relationship::RecentlyLeftMyEstablishment,
        _ => Relationship::Elsewhere,
    }
}

/// A user with open break-glass access to the patient reads what their relationship alone would
/// not let them; a real relationship always takes precedence.
pub fn with_break_glass(relationship: Relationship, break_glass_open: bool) -> Relationship {
    match relationship {
        Relationship::Elsewhere | Relationship::RecentlyLeftMyEstablishment if break_glass_open => {
            Relationship::BreakGlass
        }
        other => other,
    }
}

/// For what break-glass does not open (a bulk copy of the record, its audit trail): decided on
/// the relationship without break-glass (`relationship` as [`relationship`] gives it), and a
/// refusal says that break-glass is why, when it is open.
pub fn decide_without_break_glass(
    role: Role,
    relationship: Relationship,
    break_glass_open: bool,
    intent: Intent,
) -> Result<(), Refusal> {
    match decide(role, relationship, intent) {
        Err(Refusal::NotAtYourEstablishment | Refusal::PatientHasLeft)
            if break_glass_open && role.may(Capability::ClinicalAccess) =>
        {
            Err(Refusal::BreakGlassDoesNotOpenThis)
        }
        other => other,
    }
}

/// Only the establishment holding the patient writes to the record, so it never forks. While they
/// travel both ends read it and either may record the movement; once they have arrived the
/// sending establishment keeps sight of what it recorded itself, for a while, and nothing more.
pub fn decide(role: Role, relationship: Relationship, intent: Intent) -> Result<(), Refusal> {
    use Relationship as R;
    if !role.may(Capability::ClinicalAccess) {
        return Err(Refusal::RoleHasNoClinicalAccess);
    }
    match (relationship, intent) {
        (R::AtMyEstablishment, _) => Ok(()),
        (
            R::InTransitToMyEstablishment | R::InTransitFromMyEstablishment,
            Intent::Read | Intent::ReadOwnEntries | Intent::Move,
        ) => Ok(()),
        (R::InTransitToMyEstablishment, Intent::Write) => Err(Refusal::NotYetArrived),
        (R::InTransitFromMyEstablishment, Intent::Write) => Err(Refusal::PatientHasLeft),
        (R::RecentlyLeftMyEstablishment, Intent::ReadOwnEntries) => Ok(()),
        (R::RecentlyLeftMyEstablishment, _) => Err(Refusal::PatientHasLeft),
        (R::BreakGlass, Intent::Read | Intent::ReadOwnEntries) => Ok(()),
        (R::BreakGlass, Intent::Write | Intent::Move) => Err(Refusal::BreakGlassIsReadOnly),
        (R::Elsewhere, _) => Err(Refusal::NotAtYourEstablishment),
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
                relationship(&situation(status, Some(mine), None), mine, false),
                Relationship::AtMyEstablishment
            );
        }
    }

    #[test]
    fn a_patient_in_transit_to_me_is_readable_before_arrival() {
        let (mine, other) = ids();
        let s = situation(WhereaboutsStatus::InTransit, Some(other), Some(mine));
        assert_eq!(relationship(&s, mine, false), Relationship::InTransitToMyEstablishment);
        assert_eq!(decide(Role::Nurse, relationship(&s, mine, false), Intent::Read), Ok(()));
    }

    #[test]
    fn break_glass_does_not_open_exports_or_the_audit_trail() {
        assert_eq!(
            decide_without_break_glass(Role::Nurse, Relationship::Elsewhere, true, Intent::Read),
            Err(Refusal::BreakGlassDoesNotOpenThis)
        );
        assert_eq!(
            decide_without_break_glass(Role::HealthcareManager, Relationship::Elsewhere, false, Intent::Read),
            Err(Refusal::NotAtYourEstablishment)
        );
        // What the establishment may read anyway stays open, break-glass or not.
        assert_eq!(
            decide_without_break_glass(
                Role::HealthcareManager,
                Relationship::RecentlyLeftMyEstablishment,
                true,
                Intent::ReadOwnEntries
            ),
            Ok(())
        );
    }

    #[test]
    fn a_patient_at_another_establishment_is_refused() {
        let (mine, other) = ids();
        let s = situation(WhereaboutsStatus::InEstablishment, Some(other), None);
        assert_eq!(
            decide(Role::Prescriber, relationship(&s, mine, false), Intent::Read),
            Err(Refusal::NotAtYourEstablishment)
        );
    }

    #[test]
    fn a_patient_received_elsewhere_long_after_leaving_me_is_refused() {
        let (mine, other) = ids();
        let s = situation(WhereaboutsStatus::InEstablishment, Some(other), None);
        assert_eq!(relationship(&s, mine, false), Relationship::Elsewhere);
        assert_eq!(
            decide(Role::Nurse, Relationship::Elsewhere, Intent::Read),
            Err(Refusal::NotAtYourEstablishment)
        );
    }

    #[test]
    fn the_sending_establishment_reads_but_cannot_write_while_the_patient_travels() {
        let (mine, other) = ids();
        let s = situation(WhereaboutsStatus::InTransit, Some(mine), Some(other));
        let rel = relationship(&s, mine, true);
        assert_eq!(rel, Relationship::InTransitFromMyEstablishment);
        assert_eq!(decide(Role::Nurse, rel, Intent::Read), Ok(()));
        assert_eq!(decide(Role::Nurse, rel, Intent::Move), Ok(()));
        assert_eq!(decide(Role::Nurse, rel, Intent::Write), Err(Refusal::PatientHasLeft));
    }

    #[test]
    fn the_receiving_establishment_cannot_write_before_reception() {
        let (mine, other) = ids();
        let s = situation(WhereaboutsStatus::InTransit, Some(other), Some(mine));
        let rel = relationship(&s, mine, false);
        assert_eq!(decide(Role::Nurse, rel, Intent::Write), Err(Refusal::NotYetArrived));
        assert_eq!(decide(Role::Nurse, rel, Intent::Move), Ok(()));
    }

    #[test]
    fn after_a_transfer_the_sending_establishment_reads_only_its_own_entries_for_a_while() {
        let (mine, other) = ids();
        let s = situation(WhereaboutsStatus::InEstablishment, Some(other), None);
        let rel = relationship(&s, mine, true);
        assert_eq!(rel, Relationship::RecentlyLeftMyEstablishment);
        assert_eq!(decide(Role::Nurse, rel, Intent::ReadOwnEntries), Ok(()));
        for intent in [Intent::Read, Intent::Write, Intent::Move] {
            assert_eq!(decide(Role::Nurse, rel, intent), Err(Refusal::PatientHasLeft));
        }
        // Once the period has passed, nothing at all.
        let rel = relationship(&s, mine, false);
        assert_eq!(decide(Role::Nurse, rel, Intent::ReadOwnEntries), Err(Refusal::NotAtYourEstablishment));
    }

    #[test]
    fn break_glass_opens_a_record_elsewhere_for_reading_only() {
        let rel = with_break_glass(Relationship::Elsewhere, true);
        assert_eq!(rel, Relationship::BreakGlass);
        assert_eq!(decide(Role::Nurse, rel, Intent::Read), Ok(()));
        assert_eq!(decide(Role::Nurse, rel, Intent::Write), Err(Refusal::BreakGlassIsReadOnly));
        assert_eq!(decide(Role::Nurse, rel, Intent::Move), Err(Refusal::BreakGlassIsReadOnly));
        assert_eq!(decide(Role::Administrator, rel, Intent::Read), Err(Refusal::RoleHasNoClinicalAccess));
        let left = with_break_glass(Relationship::RecentlyLeftMyEstablishment, true);
        assert_eq!(decide(Role::Prescriber, left, Intent::Read), Ok(()));
    }

    #[test]
    fn break_glass_never_changes_a_real_relationship() {
        for rel in [
            Relationship::AtMyEstablishment,
            Relationship::InTransitToMyEstablishment,
            Relationship::InTransitFromMyEstablishment,
        ] {
            assert_eq!(with_break_glass(rel, true), rel);
        }
        assert_eq!(with_break_glass(Relationship::Elsewhere, false), Relationship::Elsewhere);
    }

    #[test]
    fn a_patient_back_at_my_establishment_is_mine_again_whatever_happened_before() {
        let (mine, _) = ids();
        let s = situation(WhereaboutsStatus::InEstablishment, Some(mine), None);
        assert_eq!(relationship(&s, mine, true), Relationship::AtMyEstablishment);
    }

    #[test]
    fn a_released_patient_is_refused() {
        let (mine, _) = ids();
        let s = situation(WhereaboutsStatus::Released, None, None);
        assert_eq!(
            decide(Role::Nurse, relationship(&s, mine, false), Intent::Write),
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
        for role in Role::ALL.into_iter().filter(|r| r.may(Capability::ClinicalAccess)) {
            for intent in [Intent::Read, Intent::Write, Intent::Move, Intent::ReadOwnEntries] {
                assert_eq!(decide(role, Relationship::AtMyEstablishment, intent), Ok(()));
            }
        }
    }
}

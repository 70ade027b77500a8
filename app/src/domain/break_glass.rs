//! When a member of staff may break the glass on a record, and what counts as a reason.

use super::Capability;
use super::Role;
use super::access::Relationship;

pub const REASON_MIN_CHARS: usize = 10;
pub const REASON_MAX_CHARS: usize = 500;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BreakGlassRefusal {
    #[error("Your role does not give access to patient records, so break-glass is not available to you.")]
    NotClinical,
    #[error("You already have access to this record; break-glass is not needed.")]
    AlreadyHasAccess,
    #[error(
        "Give the reason in at least {REASON_MIN_CHARS} characters: it is shown to your healthcare manager."
    )]
    ReasonTooShort,
    #[error("Keep the reason under {REASON_MAX_CHARS} characters.")]
    ReasonTooLong,
}

/// Break-glass is for records the user cannot otherwise open (or only partly, after the patient
/// left): it must never become a habit for records they can already read.
pub fn may_break_glass(role: Role, relationship: Relationship) -> Result<(), BreakGlassRefusal> {
    if !role.may(Capability::ClinicalAccess) {
        return Err(BreakGlassRefusal::NotClinical);
    }
    match relationship {
        Relationship::Elsewhere | Relationship::RecentlyLeftMyEstablishment => Ok(()),
        Relationship::AtMyEstablishment
        | Relationship::InTransitToMyEstablishment
        | Relationship::InTransitFromMyEstablishment
        | Relationship::BreakGlass => Err(BreakGlassRefusal::AlreadyHasAccess),
    }
}

/// The reason, trimmed, if it says enough to be reviewed.
pub fn reason(text: &str) -> Result<String, BreakGlassRefusal> {
    let trimmed = text.trim();
    let chars = trimmed.chars().count();
    if chars < REASON_MIN_CHARS {
        Err(BreakGlassRefusal::ReasonTooShort)
    } else if chars > REASON_MAX_CHARS {
        Err(BreakGlassRefusal::ReasonTooLong)
    } else {
        Ok(trimmed.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_clinical_staff_without_access_may_break_the_glass() {
        assert_eq!(may_break_glass(Role::Nurse, Relationship::Elsewhere), Ok(()));
        assert_eq!(may_break_glass(Role::Prescriber, Relationship::RecentlyLeftMyEstablishment), Ok(()));
        assert_eq!(
            may_break_glass(Role::Administrator, Relationship::Elsewhere),
            Err(BreakGlassRefusal::NotClinical)
        );
        assert_eq!(
            may_break_glass(Role::Nurse, Relationship::AtMyEstablishment),
            Err(BreakGlassRefusal::AlreadyHasAccess)
        );
        assert_eq!(
            may_break_glass(Role::Nurse, Relationship::BreakGlass),
            Err(BreakGlassRefusal::AlreadyHasAccess)
        );
    }

    #[test]
    fn a_reason_must_say_something_but_not_everything() {
        assert_eq!(reason("   curious  "), Err(BreakGlassRefusal::ReasonTooShort));
        assert_eq!(
            reason("  Collapsed on arrival at court cells  ").as_deref(),
            Ok("Collapsed on arrival at court cells")
        );
        assert_eq!(reason(&"x".repeat(501)), Err(BreakGlassRefusal::ReasonTooLong));
        // Characters, not bytes: a reason in Welsh or with accents is not cut short.
        assert!(reason("ŵŷŵŷŵŷŵŷŵŷ").is_ok());
    }
}

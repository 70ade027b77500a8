//! Where a person in custody is, and the movements that change it. Pure rules: the server asks
//! [`apply`] before it writes a movement, and the database trigger that derives
//! `patient_whereabouts` from movements does the same as [`replay`] (tested against each other).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::WhereaboutsStatus;

/// One place at a time, by construction: every variant names the single establishment that
/// holds the patient, except when nobody does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Position {
    /// Never admitted, or released.
    NotInCustody,
    InEstablishment {
        at: Uuid,
    },
    /// Out to court for the day; the establishment keeps the cell and the responsibility.
    AtCourt {
        held_by: Uuid,
    },
    /// Hospital escort and other temporary absence.
    TemporaryAbsence {
        held_by: Uuid,
    },
    /// On the van: the sending establishment is still responsible until reception.
    InTransit {
        from: Uuid,
        to: Uuid,
    },
    Deceased,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MovementAction {
    Admit {
        at: Uuid,
    },
    Depart {
        to: Uuid,
    },
    Redirect {
        to: Uuid,
    },
    Arrive {
        at: Uuid,
    },
    CourtOut,
    CourtReturn,
    /// The court sends the patient to a different prison instead of back.
    RemandedElsewhere {
        to: Uuid,
    },
    TemporaryAbsenceOut,
    TemporaryAbsenceReturn,
    Release,
    Death,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum MovementRefusal {
    #[error("The patient is already in custody; they cannot be admitted again.")]
    AlreadyInCustody,
    #[error("The patient must be in the establishment for this movement.")]
    NotInEstablishment,
    #[error("The patient is not in transit.")]
    NotInTransit,
    #[error("The patient is not at court.")]
    NotAtCourt,
    #[error("The patient is not on a temporary absence.")]
    NotOnTemporaryAbsence,
    #[error("A transfer must go to a different establishment.")]
    SameEstablishment,
    #[error(
        "The patient is being transferred to another establishment; it must be redirected here before reception."
    )]
    NotTheDestination,
    #[error("The patient is not in custody.")]
    NotInCustody,
}

/// A movement row as the `movement` table stores it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MovementRow {
    pub kind: MovementKind,
    pub inward: bool,
    pub establishment: Uuid,
    pub to_establishment: Option<Uuid>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MovementKind {
    Admission,
    Transfer,
    Court,
    TemporaryAbsence,
    Release,
    Death,
}

impl MovementKind {
    /// The code stored in `movement.kind` (the national movement type codes).
    pub fn code(self) -> &'static str {
        match self {
            Self::Admission => "ADM",
            Self::Transfer => "TRN",
            Self::Court => "CRT",
            Self::TemporaryAbsence => "TAP",
            Self::Release => "REL",
            Self::Death => "DEATH",
        }
    }
}

impl Position {
    /// The establishment responsible for the patient now, if any.
    pub fn responsible_establishment(self) -> Option<Uuid> {
        match self {
            Self::InEstablishment { at } => Some(at),
            Self::AtCourt { held_by } | Self::TemporaryAbsence { held_by } => Some(held_by),
            Self::InTransit { from, .. } => Some(from),
            Self::NotInCustody | Self::Deceased => None,
        }
    }

    /// Whether the patient belongs on `establishment`'s medication rounds (court and hospital
    /// keep their place so the round can record "patient away"; transit does not).
    pub fn on_rounds_of(self, establishment: Uuid) -> bool {
        match self {
            Self::InEstablishment { at } => at == establishment,
            Self::AtCourt { held_by } | Self::TemporaryAbsence { held_by } => held_by == establishment,
            _ => false,
        }
    }

    pub fn status(self) -> WhereaboutsStatus {
        match self {
            Self::InEstablishment { .. } => WhereaboutsStatus::InEstablishment,
            Self::AtCourt { .. } => WhereaboutsStatus::AtCourt,
            Self::TemporaryAbsence { .. } => WhereaboutsStatus::TemporaryAbsence,
            Self::InTransit { .. } => WhereaboutsStatus::InTransit,
            Self::NotInCustody => WhereaboutsStatus::Released,
            Self::Deceased => WhereaboutsStatus::Deceased,
        }
    }

    /// The position as stored in `patient_whereabouts`; `None` for someone never admitted.
    pub fn from_stored(
        status: Option<WhereaboutsStatus>,
        establishment: Option<Uuid>,
        destination: Option<Uuid>,
    ) -> Option<Self> {
        use WhereaboutsStatus::*;
        Some(match (status, establishment, destination) {
            (None, _, _) | (Some(Released), _, _) => Self::NotInCustody,
            (Some(Deceased), _, _) => Self::Deceased,
            (Some(InEstablishment), Some(at), _) => Self::InEstablishment { at },
            (Some(AtCourt), Some(held_by), _) => Self::AtCourt { held_by },
            (Some(TemporaryAbsence), Some(held_by), _) => Self::TemporaryAbsence { held_by },
            (Some(InTransit), Some(from), Some(to)) => Self::InTransit { from, to },
            _ => return None,
        })
    }
}

/// The position after `action`, and the movement row that records it; a refused action
/// changes nothing.
pub fn apply(position: Position, action: MovementAction) -> Result<(Position, MovementRow), MovementRefusal> {
    use MovementAction as A;
    use MovementKind as K;
    use Position as P;
    let row = |kind, inward, establishment, to_establishment| MovementRow {
        kind,
        inward,
        establishment,
        to_establishment,
    };
    match (position, action) {
        (P::Deceased, _) => Err(MovementRefusal::NotInCustody),
        (P::NotInCustody, A::Admit { at }) => {
            Ok((P::InEstablishment { at }, row(K::Admission, true, at, None)))
        }
        (_, A::Admit { .. }) => Err(MovementRefusal::AlreadyInCustody),
        (P::NotInCustody, _) => Err(MovementRefusal::NotInCustody),

        (P::InEstablishment { at }, A::Depart { to }) if at == to => Err(MovementRefusal::SameEstablishment),
        (P::InEstablishment { at }, A::Depart { to }) => {
            Ok((P::InTransit { from: at, to }, row(K::Transfer, false, at, Some(to))))
        }
        (_, A::Depart { .. }) => Err(MovementRefusal::NotInEstablishment),

        // Redirecting back to the sender is how a transfer abandoned on the road returns home.
        (P::InTransit { to: current, .. }, A::Redirect { to }) if current == to => {
            Err(MovementRefusal::SameEstablishment)
        }
        (P::InTransit { from, .. }, A::Redirect { to }) => {
            Ok((P::InTransit { from, to }, row(K::Transfer, false, from, Some(to))))
        }
        (_, A::Redirect { .. }) => Err(MovementRefusal::NotInTransit),

        (P::InTransit { to, .. }, A::Arrive { at }) if to == at => {
            Ok((P::InEstablishment { at }, row(K::Transfer, true, at, None)))
        }
        (P::InTransit { .. }, A::Arrive { .. }) => Err(MovementRefusal::NotTheDestination),
        (_, A::Arrive { .. }) => Err(MovementRefusal::NotInTransit),

        (P::InEstablishment { at }, A::CourtOut) => {
            Ok((P::AtCourt { held_by: at }, row(K::Court, false, at, None)))
        }
        (_, A::CourtOut) => Err(MovementRefusal::NotInEstablishment),
        (P::AtCourt { held_by }, A::CourtReturn) => {
            Ok((P::InEstablishment { at: held_by }, row(K::Court, true, held_by, None)))
        }
        (_, A::CourtReturn) => Err(MovementRefusal::NotAtCourt),
        (P::AtCourt { held_by }, A::RemandedElsewhere { to }) if held_by == to => {
            Err(MovementRefusal::SameEstablishment)
        }
        (P::AtCourt { held_by }, A::RemandedElsewhere { to }) => {
            Ok((P::InTransit { from: held_by, to }, row(K::Transfer, false, held_by, Some(to))))
        }
        (_, A::RemandedElsewhere { .. }) => Err(MovementRefusal::NotAtCourt),

        (P::InEstablishment { at }, A::TemporaryAbsenceOut) => {
            Ok((P::TemporaryAbsence { held_by: at }, row(K::TemporaryAbsence, false, at, None)))
        }
        (_, A::TemporaryAbsenceOut) => Err(MovementRefusal::NotInEstablishment),
        (P::TemporaryAbsence { held_by }, A::TemporaryAbsenceReturn) => {
            Ok((P::InEstablishment { at: held_by }, row(K::TemporaryAbsence, true, held_by, None)))
        }
        (_, A::TemporaryAbsenceReturn) => Err(MovementRefusal::NotOnTemporaryAbsence),

        // Released from the establishment, or directly from court.
        (P::InEstablishment { at } | P::AtCourt { held_by: at }, A::Release) => {
            Ok((P::NotInCustody, row(K::Release, false, at, None)))
        }
        (_, A::Release) => Err(MovementRefusal::NotInEstablishment),

        (position, A::Death) => match position.responsible_establishment() {
            Some(at) => Ok((P::Deceased, row(K::Death, false, at, None))),
            None => Err(MovementRefusal::NotInCustody),
        },
    }
}

/// The position the stored movements lead to: what the `apply_movement` trigger computes.
pub fn replay(rows: &[MovementRow]) -> Position {
    rows.iter().fold(Position::NotInCustody, |_, row| match (row.kind, row.inward) {
        (_, true) => Position::InEstablishment { at: row.establishment },
        (MovementKind::Transfer, false) => match row.to_establishment {
            Some(to) => Position::InTransit { from: row.establishment, to },
            None => Position::NotInCustody,
        },
        (MovementKind::Court, false) => Position::AtCourt { held_by: row.establishment },
        (MovementKind::TemporaryAbsence, false) => Position::TemporaryAbsence { held_by: row.establishment },
        (MovementKind::Death, false) => Position::Deceased,
        (MovementKind::Release | MovementKind::Admission, false) => Position::NotInCustody,
    })
}

#[cfg(test)]
mod tests;

//! What a prison movement event means for the person's place in Throughcare: which movements to
//! record (the same `domain::movement::apply` rules a nurse's entry goes through), or why none.
//! Pure, so every reason code is tested against every place a person can be.
//!
//! Reason codes: `../shared/specs/hmpps-domain-events/FACTS.md` §1–3. Releases with side effects
//! that cannot be undone (stopping rounds, closing the custody episode) wait for the delayed
//! `prison-offender-events` variant: a movement undone within 45 minutes never sends it.

use uuid::Uuid;

use super::event::DomainEvent;
use crate::domain::movement::{MovementAction, Position};
use crate::domain::{EstablishmentCode, PrisonNumber};

pub const RECEIVED: &str = "prisoner-offender-search.prisoner.received";
pub const RELEASED: &str = "prisoner-offender-search.prisoner.released";
pub const CONFIRMED_RECEIVED: &str = "prison-offender-events.prisoner.received";
pub const CONFIRMED_RELEASED: &str = "prison-offender-events.prisoner.released";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReceiveReason {
    NewAdmission,
    Readmission,
    ReadmissionSwitchBooking,
    Transferred,
    ReturnFromCourt,
    TemporaryAbsenceReturn,
    PostMergeAdmission,
    /// The delayed variant's word for a new court order or recall.
    Admission,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReleaseReason {
    TemporaryAbsenceRelease,
    ReleasedToHospital,
    Released,
    SentToCourt,
    Transferred,
    /// Only in the delayed variant.
    Unknown,
}

/// A movement event, checked: a real prison number, a prison code, a known reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CustodyEvent {
    Received { person: PrisonNumber, prison: EstablishmentCode, reason: ReceiveReason, confirmed: bool },
    Released { person: PrisonNumber, prison: EstablishmentCode, reason: ReleaseReason, confirmed: bool },
}

impl CustodyEvent {
    pub fn person(&self) -> &PrisonNumber {
        match self {
            CustodyEvent::Received { person, .. } | CustodyEvent::Released { person, .. } => person,
        }
    }

    pub fn prison(&self) -> &EstablishmentCode {
        match self {
            CustodyEvent::Received { prison, .. } | CustodyEvent::Released { prison, .. } => prison,
        }
    }
}

/// Why an event is not a movement Throughcare can read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CustodyEventProblem {
    #[error("Not a movement event ({0}).")]
    NotAMovement(String),
    #[error("The event has no valid prison number.")]
    NoPrisonNumber,
    #[error("The event has no valid prison code (prisonId).")]
    NoPrison,
    #[error("The reason '{0}' is not one the prison system publishes for this event.")]
    UnknownReason(String),
}

/// The movement an event reports, or why it is not one.
pub fn custody_event(event: &DomainEvent) -> Result<CustodyEvent, CustodyEventProblem> {
    let (received, confirmed) = match event.event_type.as_str() {
        RECEIVED => (true, false),
        RELEASED => (false, false),
        CONFIRMED_RECEIVED => (true, true),
        CONFIRMED_RELEASED => (false, true),
        other => return Err(CustodyEventProblem::NotAMovement(other.to_owned())),
    };
    let person = event
        .noms_number()
        .and_then(|n| PrisonNumber::parse(n).ok())
        .ok_or(CustodyEventProblem::NoPrisonNumber)?;
    let prison = event
        .information("prisonId")
        .and_then(|p| EstablishmentCode::parse(p).ok())
        .ok_or(CustodyEventProblem::NoPrison)?;
    let reason = event.information("reason").unwrap_or_default();
    let unknown = || CustodyEventProblem::UnknownReason(reason.to_owned());
    Ok(if received {
        let reason = match (reason, confirmed) {
            ("NEW_ADMISSION", false) => ReceiveReason::NewAdmission,
            ("READMISSION", false) => ReceiveReason::Readmission,
            ("READMISSION_SWITCH_BOOKING", false) => ReceiveReason::ReadmissionSwitchBooking,
            ("POST_MERGE_ADMISSION", false) => ReceiveReason::PostMergeAdmission,
            ("ADMISSION", true) => ReceiveReason::Admission,
            ("TRANSFERRED", _) => ReceiveReason::Transferred,
            ("RETURN_FROM_COURT", _) => ReceiveReason::ReturnFromCourt,
            ("TEMPORARY_ABSENCE_RETURN", _) => ReceiveReason::TemporaryAbsenceReturn,
            _ => return Err(unknown()),
        };
        CustodyEvent::Received { person, prison, reason, confirmed }
    } else {
        let reason = match (reason, confirmed) {
            ("TEMPORARY_ABSENCE_RELEASE", _) => ReleaseReason::TemporaryAbsenceRelease,
            ("RELEASED_TO_HOSPITAL", _) => ReleaseReason::ReleasedToHospital,
            ("RELEASED", _) => ReleaseReason::Released,
            ("SENT_TO_COURT", _) => ReleaseReason::SentToCourt,
            ("TRANSFERRED", _) => ReleaseReason::Transferred,
            ("UNKNOWN", true) => ReleaseReason::Unknown,
            _ => return Err(unknown()),
        };
        CustodyEvent::Released { person, prison, reason, confirmed }
    })
}

/// What to do with a movement event, given where the record says the person is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CustodyPlan {
    /// Record these movements, in order.
    Record(Vec<MovementAction>),
    /// The record already shows it (a duplicate, or the nurse keyed it first).
    AlreadyRecorded,
    /// A release with effects that cannot be undone waits for the delayed confirmation.
    AwaitConfirmation,
    /// The event and the record disagree in a way a person must look at; nothing is moved.
    Review(&'static str),
}

/// The plan for `event` at `prison` (the establishment its code names) when the person is at
/// `position`. `scheduled_to` is the destination of a transfer booked in Throughcare, if any.
pub fn plan(
    event: &CustodyEvent,
    prison: Uuid,
    position: Position,
    scheduled_to: Option<Uuid>,
) -> CustodyPlan {
    use CustodyPlan::{AlreadyRecorded, AwaitConfirmation, Record, Review};
    use MovementAction as A;
    use Position as P;
    match event {
        CustodyEvent::Received { reason, .. } => match (reason, position) {
            (_, P::Deceased) => Review("The record shows this person as deceased."),
            (_, P::InEstablishment { at }) if at == prison => AlreadyRecorded,
            // Back at the prison that holds them, whatever word the prison system used.
            (_, P::AtCourt { held_by }) if held_by == prison => Record(vec![A::CourtReturn]),
            (_, P::TemporaryAbsence { held_by }) if held_by == prison => {
                Record(vec![A::TemporaryAbsenceReturn])
            }
            // From court to another prison: remanded elsewhere, then received there.
            (_, P::AtCourt { .. }) => {
                Record(vec![A::RemandedElsewhere { to: prison }, A::Arrive { at: prison }])
            }
            (_, P::InTransit { to, .. }) if to == prison => Record(vec![A::Arrive { at: prison }]),
            (_, P::InTransit { .. }) => Record(vec![A::Redirect { to: prison }, A::Arrive { at: prison }]),
            // An unplanned transfer: the departure was never keyed here.
            (_, P::InEstablishment { .. }) => {
                Record(vec![A::Depart { to: prison }, A::Arrive { at: prison }])
            }
            (_, P::NotInCustody) => Record(vec![A::Admit { at: prison }]),
            (_, P::TemporaryAbsence { .. }) => {
                Review("Received at another prison while the record shows a temporary absence.")
            }
        },
        CustodyEvent::Released { reason, confirmed, .. } => {
            let here = position.responsible_establishment() == Some(prison);
            match (reason, position) {
                (_, P::Deceased) => Review("The record shows this person as deceased."),
                (_, P::NotInCustody) => AlreadyRecorded,
                _ if !here => Review("Released from a prison the record does not show holding the person."),
                (ReleaseReason::SentToCourt, P::InEstablishment { .. }) => Record(vec![A::CourtOut]),
                (ReleaseReason::SentToCourt, P::AtCourt { .. }) => AlreadyRecorded,
                (ReleaseReason::TemporaryAbsenceRelease, P::InEstablishment { .. }) => {
                    Record(vec![A::TemporaryAbsenceOut])
                }
                (ReleaseReason::TemporaryAbsenceRelease, P::TemporaryAbsence { .. }) => AlreadyRecorded,
                (ReleaseReason::Transferred, P::InTransit { .. }) => AlreadyRecorded,
                (ReleaseReason::Transferred, P::InEstablishment { .. }) => match scheduled_to {
                    Some(to) if to != prison => Record(vec![A::Depart { to }]),
                    // Where to is told by the receiving prison's event, which records the move.
                    _ => AwaitConfirmation,
                },
                (
                    ReleaseReason::Released | ReleaseReason::ReleasedToHospital,
                    P::InEstablishment { .. } | P::AtCourt { .. },
                ) => {
                    if *confirmed {
                        Record(vec![A::Release])
                    } else {
                        AwaitConfirmation
                    }
                }
                (ReleaseReason::Unknown, _) => Review("The prison system gave no reason for this release."),
                _ => Review("The release does not match where the record shows the person."),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::movement::apply;
    use proptest::prelude::*;

    const RECEIVE: [ReceiveReason; 8] = [
        ReceiveReason::NewAdmission,
        ReceiveReason::Readmission,
        ReceiveReason::ReadmissionSwitchBooking,
        ReceiveReason::Transferred,
        ReceiveReason::ReturnFromCourt,
        ReceiveReason::TemporaryAbsenceReturn,
        ReceiveReason::PostMergeAdmission,
        ReceiveReason::Admission,
    ];
    const RELEASE: [ReleaseReason; 6] = [
        ReleaseReason::TemporaryAbsenceRelease,
        ReleaseReason::ReleasedToHospital,
        ReleaseReason::Released,
        ReleaseReason::SentToCourt,
        ReleaseReason::Transferred,
        ReleaseReason::Unknown,
    ];

    fn ids() -> [Uuid; 3] {
        [Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3)]
    }

    fn positions() -> Vec<Position> {
        let mut all = vec![Position::NotInCustody, Position::Deceased];
        for a in ids() {
            all.extend([
                Position::InEstablishment { at: a },
                Position::AtCourt { held_by: a },
                Position::TemporaryAbsence { held_by: a },
            ]);
            for b in ids().into_iter().filter(|b| *b != a) {
                all.push(Position::InTransit { from: a, to: b });
            }
        }
        all
    }

    fn person() -> PrisonNumber {
        PrisonNumber::parse("G2899UJ").expect("valid")
    }

    fn code() -> EstablishmentCode {
        EstablishmentCode::parse("LEI").expect("valid")
    }

    fn received(reason: ReceiveReason) -> CustodyEvent {
        CustodyEvent::Received { person: person(), prison: code(), reason, confirmed: false }
    }

    fn released(reason: ReleaseReason, confirmed: bool) -> CustodyEvent {
        CustodyEvent::Released { person: person(), prison: code(), reason, confirmed }
    }

    fn all_events() -> Vec<CustodyEvent> {
        let mut events: Vec<CustodyEvent> = RECEIVE.into_iter().map(received).collect();
        for reason in RELEASE {
            events.push(released(reason, false));
            events.push(released(reason, true));
        }
        events
    }

    /// Every plan to record movements is one the movement rules accept from where the person is,
    /// and it leaves them where the event says: received means held at that prison.
    #[test]
    fn every_recorded_plan_is_a_valid_sequence_that_ends_where_the_event_says() {
        let [here, _, elsewhere] = ids();
        for event in all_events() {
            for position in positions() {
                for scheduled in [None, Some(here), Some(elsewhere)] {
                    let CustodyPlan::Record(actions) = plan(&event, here, position, scheduled) else {
                        continue;
                    };
                    let mut at = position;
                    for action in &actions {
                        at = apply(at, *action)
                            .unwrap_or_else(|e| {
                                panic!("{event:?} from {position:?}: {action:?} refused: {e:?}")
                            })
                            .0;
                    }
                    if matches!(event, CustodyEvent::Received { .. }) {
                        assert_eq!(at, Position::InEstablishment { at: here }, "{event:?} from {position:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_release_from_custody_waits_for_the_delayed_confirmation() {
        let here = ids()[0];
        let inside = Position::InEstablishment { at: here };
        for reason in [ReleaseReason::Released, ReleaseReason::ReleasedToHospital] {
            assert_eq!(plan(&released(reason, false), here, inside, None), CustodyPlan::AwaitConfirmation);
            assert_eq!(
                plan(&released(reason, true), here, inside, None),
                CustodyPlan::Record(vec![MovementAction::Release])
            );
        }
    }

    #[test]
    fn a_duplicate_is_already_recorded() {
        let here = ids()[0];
        let inside = Position::InEstablishment { at: here };
        assert_eq!(
            plan(&received(ReceiveReason::NewAdmission), here, inside, None),
            CustodyPlan::AlreadyRecorded
        );
        let court = Position::AtCourt { held_by: here };
        assert_eq!(
            plan(&released(ReleaseReason::SentToCourt, false), here, court, None),
            CustodyPlan::AlreadyRecorded
        );
    }

    #[test]
    fn a_release_from_a_prison_not_holding_the_person_is_reviewed() {
        let [here, other, _] = ids();
        let there = Position::InEstablishment { at: other };
        assert!(matches!(
            plan(&released(ReleaseReason::SentToCourt, false), here, there, None),
            CustodyPlan::Review(_)
        ));
    }

    fn event(event_type: &str, reason: &str, noms: &str, prison: &str) -> DomainEvent {
        serde_json::from_value(serde_json::json!({
            "eventType": event_type, "version": 1, "occurredAt": "2026-12-04T08:00:00Z",
            "additionalInformation": { "nomsNumber": noms, "prisonId": prison, "reason": reason }
        }))
        .expect("event")
    }

    #[test]
    fn movement_events_are_checked_before_they_mean_anything() {
        let ok = custody_event(&event(RECEIVED, "NEW_ADMISSION", "G2899UJ", "LEI")).expect("reads");
        assert_eq!(ok, received(ReceiveReason::NewAdmission));
        assert_eq!(
            custody_event(&event(RECEIVED, "ADMISSION", "G2899UJ", "LEI")),
            Err(CustodyEventProblem::UnknownReason("ADMISSION".into())),
            "ADMISSION is the delayed variant's word only"
        );
        assert_eq!(
            custody_event(&event(RECEIVED, "NEW_ADMISSION", "12345", "LEI")),
            Err(CustodyEventProblem::NoPrisonNumber)
        );
        assert_eq!(
            custody_event(&event(RELEASED, "RELEASED", "G2899UJ", "L")),
            Err(CustodyEventProblem::NoPrison)
        );
        assert!(matches!(
            custody_event(&event("person.alert.created", "", "G2899UJ", "LEI")),
            Err(CustodyEventProblem::NotAMovement(_))
        ));
        let confirmed =
            custody_event(&event(CONFIRMED_RELEASED, "UNKNOWN", "G2899UJ", "LEI")).expect("reads");
        assert_eq!(confirmed, released(ReleaseReason::Unknown, true));
    }

    proptest! {
        /// No reason word, person or place makes the reading or the plan panic.
        #[test]
        fn any_event_is_read_or_refused(reason in "[A-Z_]{0,30}", noms in "[A-Z0-9]{0,8}", prison in "[A-Z]{0,4}", kind in 0usize..5, at in 0usize..20) {
            let types = [RECEIVED, RELEASED, CONFIRMED_RECEIVED, CONFIRMED_RELEASED, "other.event"];
            if let Ok(custody) = custody_event(&event(types[kind], &reason, &noms, &prison)) {
                let all = positions();
                let _ = plan(&custody, ids()[0], all[at % all.len()], None);
            }
        }
    }
}

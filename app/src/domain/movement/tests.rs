use proptest::prelude::*;
use uuid::Uuid;

use super::*;

const ESTABLISHMENTS: u128 = 4;

fn est(n: u128) -> Uuid {
    Uuid::from_u128(n + 1)
}

fn action() -> impl Strategy<Value = MovementAction> {
    let place = || (0..ESTABLISHMENTS).prop_map(est);
    prop_oneof![
        3 => place().prop_map(|at| MovementAction::Admit { at }),
        3 => place().prop_map(|to| MovementAction::Depart { to }),
        2 => place().prop_map(|to| MovementAction::Redirect { to }),
        3 => place().prop_map(|at| MovementAction::Arrive { at }),
        2 => Just(MovementAction::CourtOut),
        2 => Just(MovementAction::CourtReturn),
        1 => place().prop_map(|to| MovementAction::RemandedElsewhere { to }),
        2 => Just(MovementAction::TemporaryAbsenceOut),
        2 => Just(MovementAction::TemporaryAbsenceReturn),
        1 => Just(MovementAction::Release),
        // Least likely, because nothing follows it.
        1 => Just(MovementAction::Death),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn no_sequence_of_movements_leaves_a_patient_in_two_places_or_nowhere(actions in prop::collection::vec(action(), 0..40)) {
        let mut position = Position::NotInCustody;
        let mut rows = Vec::new();
        for action in actions {
            // A refused movement changes nothing; the next one starts from the same place.
            if let Ok((next, row)) = apply(position, action) {
                position = next;
                rows.push(row);
            }
            // In custody means exactly one responsible establishment; out of custody, none.
            let in_custody = !matches!(position, Position::NotInCustody | Position::Deceased);
            prop_assert_eq!(position.responsible_establishment().is_some(), in_custody);
            // At most one establishment has the patient on its rounds, and never while in transit.
            let on_rounds = (0..ESTABLISHMENTS).filter(|&e| position.on_rounds_of(est(e))).count();
            prop_assert!(on_rounds <= 1);
            if let Position::InTransit { .. } = position {
                prop_assert_eq!(on_rounds, 0);
            }
            // What the database derives from the stored movements is where the rules say they are.
            prop_assert_eq!(replay(&rows), position);
        }
    }

    #[test]
    fn a_refused_movement_records_nothing(actions in prop::collection::vec(action(), 1..30)) {
        let mut position = Position::NotInCustody;
        for action in actions {
            let before = position;
            if let Ok((next, _)) = apply(position, action) {
                position = next;
            } else {
                prop_assert_eq!(position, before);
            }
        }
    }
}

#[test]
fn a_transfer_is_in_transit_until_reception_at_the_destination() {
    let (a, b) = (est(0), est(1));
    let (p, _) = apply(Position::NotInCustody, MovementAction::Admit { at: a }).expect("admit");
    let (p, out) = apply(p, MovementAction::Depart { to: b }).expect("depart");
    assert_eq!(p, Position::InTransit { from: a, to: b });
    assert_eq!(out.to_establishment, Some(b));
    assert!(!p.on_rounds_of(a) && !p.on_rounds_of(b));
    assert_eq!(apply(p, MovementAction::Arrive { at: a }), Err(MovementRefusal::NotTheDestination));
    let (p, _) = apply(p, MovementAction::Arrive { at: b }).expect("arrive");
    assert_eq!(p, Position::InEstablishment { at: b });
}

#[test]
fn a_redirected_transfer_is_received_at_the_new_destination() {
    let (a, b, c) = (est(0), est(1), est(2));
    let p = Position::InTransit { from: a, to: b };
    let (p, _) = apply(p, MovementAction::Redirect { to: c }).expect("redirect");
    assert_eq!(apply(p, MovementAction::Arrive { at: b }), Err(MovementRefusal::NotTheDestination));
    assert_eq!(
        apply(p, MovementAction::Arrive { at: c }).map(|r| r.0),
        Ok(Position::InEstablishment { at: c })
    );
}

#[test]
fn a_transfer_to_the_same_establishment_is_refused() {
    let a = est(0);
    assert_eq!(
        apply(Position::InEstablishment { at: a }, MovementAction::Depart { to: a }),
        Err(MovementRefusal::SameEstablishment)
    );
}

#[test]
fn court_keeps_the_patient_on_the_establishments_rounds_and_may_remand_elsewhere() {
    let (a, b) = (est(0), est(1));
    let (p, _) = apply(Position::InEstablishment { at: a }, MovementAction::CourtOut).expect("court");
    assert!(p.on_rounds_of(a));
    let (back, _) = apply(p, MovementAction::CourtReturn).expect("return");
    assert_eq!(back, Position::InEstablishment { at: a });
    let (remanded, _) = apply(p, MovementAction::RemandedElsewhere { to: b }).expect("remand");
    assert_eq!(remanded, Position::InTransit { from: a, to: b });
    let (released, _) = apply(p, MovementAction::Release).expect("released from court");
    assert_eq!(released, Position::NotInCustody);
}

#[test]
fn a_released_patient_must_be_admitted_again_before_any_other_movement() {
    let a = est(0);
    assert_eq!(apply(Position::NotInCustody, MovementAction::CourtOut), Err(MovementRefusal::NotInCustody));
    assert_eq!(
        apply(Position::InEstablishment { at: a }, MovementAction::Admit { at: a }),
        Err(MovementRefusal::AlreadyInCustody)
    );
}

#[test]
fn nothing_follows_a_death() {
    let a = est(0);
    let (p, _) = apply(Position::InEstablishment { at: a }, MovementAction::Death).expect("death");
    assert_eq!(apply(p, MovementAction::Admit { at: a }), Err(MovementRefusal::NotInCustody));
}

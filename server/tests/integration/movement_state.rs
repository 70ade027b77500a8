//! The database derives where a patient is from their movements by trigger; the domain rules say
//! where they should be. Long pseudo-random sequences of movements must agree at every step.

use uuid::Uuid;

use crate::support::{fixtures, fresh_database};
use app::domain::WhereaboutsStatus;
use app::domain::movement::{MovementAction, Position, apply};

/// A small deterministic generator, so a failure replays exactly.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

#[tokio::test]
async fn the_stored_whereabouts_follow_the_movement_rules_through_hundreds_of_movements() {
    let pool = fresh_database().await;
    let places = [
        fixtures::establishment(&pool, "LEI", "HMP Leeds").await,
        fixtures::establishment(&pool, "MDI", "HMP Moorland").await,
        fixtures::establishment(&pool, "WWI", "HMP Wandsworth").await,
    ];
    let patient: Uuid = sqlx::query_scalar(
        "INSERT INTO patient (prison_number, given_name, family_name, date_of_birth, sex)
         VALUES ('Z9999ZZ', 'Test', 'Mover', '1980-01-01', 'male') RETURNING id",
    )
    .fetch_one(&pool)
    .await
    .expect("patient");
    let mut rng = Lcg(7);
    let mut position = Position::NotInCustody;
    let mut episode: Option<Uuid> = None;
    let mut applied = 0;
    for step in 0..3_000i64 {
        let place = places[rng.next(3) as usize];
        let action = match rng.next(10) {
            0 => MovementAction::Admit { at: place },
            1 => MovementAction::Depart { to: place },
            2 => MovementAction::Redirect { to: place },
            3 => MovementAction::Arrive { at: place },
            4 => MovementAction::CourtOut,
            5 => MovementAction::CourtReturn,
            6 => MovementAction::RemandedElsewhere { to: place },
            7 => MovementAction::TemporaryAbsenceOut,
            8 => MovementAction::TemporaryAbsenceReturn,
            _ => MovementAction::Release,
        };
        let Ok((next, row)) = apply(position, action) else { continue };
        if matches!(action, MovementAction::Admit { .. }) {
            episode = Some(
                sqlx::query_scalar(
                    "INSERT INTO custody_episode (patient_id, started_at) VALUES ($1, now() + make_interval(secs => $2)) RETURNING id",
                )
                .bind(patient)
                .bind(step as f64)
                .fetch_one(&pool)
                .await
                .expect("episode"),
            );
        }
        let Some(current_episode) = episode else { panic!("a movement before any admission") };
        sqlx::query(
            "INSERT INTO movement (patient_id, custody_episode_id, kind, direction, establishment_id, to_establishment_id, occurred_at)
             VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7))",
        )
        .bind(patient)
        .bind(current_episode)
        .bind(row.kind.code())
        .bind(if row.inward { "in" } else { "out" })
        .bind(row.establishment)
        .bind(row.to_establishment)
        .bind(step as f64)
        .execute(&pool)
        .await
        .expect("movement");
        if matches!(action, MovementAction::Release) {
            sqlx::query(
                "UPDATE custody_episode SET ended_at = now() + make_interval(secs => $2) WHERE id = $1",
            )
            .bind(current_episode)
            .bind(step as f64)
            .execute(&pool)
            .await
            .expect("end episode");
        }
        position = next;
        applied += 1;

        let (status, held, going): (WhereaboutsStatus, Option<Uuid>, Option<Uuid>) = sqlx::query_as(
            "SELECT status, establishment_id, to_establishment_id FROM patient_whereabouts WHERE patient_id = $1",
        )
        .bind(patient)
        .fetch_one(&pool)
        .await
        .expect("whereabouts");
        let stored = Position::from_stored(Some(status), held, going).expect("one place");
        assert_eq!(stored, position, "after step {step} ({action:?})");
    }
    assert!(applied > 300, "the sequence exercised the rules ({applied} movements)");
}

//! The national generator at a small scale: consistent data, one long record, resumable.

use crate::support::fresh_database;
use server::national::{BIG_RECORD_PRISON_NUMBER, BIG_WING, BIG_WING_ESTABLISHMENT, PHASES, Scale, load};

#[tokio::test]
async fn a_small_national_load_is_consistent_and_a_second_run_adds_nothing() {
    let pool = fresh_database().await;
    let scale = Scale::scaled(0.002);

    let ran = load(&pool, &scale).await.expect("load");

    assert_eq!(ran.len(), PHASES.len());
    let count = |sql: &'static str| {
        let pool = pool.clone();
        async move { sqlx::query_scalar::<_, i64>(sql).fetch_one(&pool).await.expect(sql) }
    };
    assert_eq!(count("SELECT count(*) FROM establishment").await as usize, scale.establishments);
    assert_eq!(
        count("SELECT count(*) FROM patient").await as usize,
        scale.current_patients + scale.released_patients
    );
    assert_eq!(
        count("SELECT count(*) FROM patient_whereabouts WHERE status <> 'released'").await as usize,
        scale.current_patients
    );
    assert_eq!(
        count("SELECT count(*) FROM patient_whereabouts").await,
        count("SELECT count(*) FROM patient").await
    );
    assert_eq!(
        count("SELECT count(*) FROM (SELECT patient_id FROM custody_episode WHERE ended_at IS NULL GROUP BY patient_id HAVING count(*) > 1) t").await,
        0
    );
    assert_eq!(count("SELECT count(*) FROM movement WHERE occurred_at > now()").await, 0);
    assert_eq!(
        count("SELECT count(*) FROM timeline_entry WHERE kind = 'movement'").await,
        count("SELECT count(*) FROM movement").await
    );
    assert!(count("SELECT count(*) FROM timeline_entry WHERE kind = 'note'").await > 0);
    assert!(count("SELECT count(*) FROM alert").await > 0);
    let big: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM timeline_entry t JOIN patient p ON p.id = t.patient_id WHERE p.prison_number = $1",
    )
    .bind(BIG_RECORD_PRISON_NUMBER())
    .fetch_one(&pool)
    .await
    .expect("big record");
    assert!(big >= scale.big_record_entries as i64, "{big} entries");

    // Medicines: prescriptions for people in custody only, doses on their rounds, each once, with
    // timeline entries for the recent ones; everyone on the big wing has a dose at 08:00.
    assert!(count("SELECT count(*) FROM prescription").await > 0);
    assert_eq!(
        count(
            "SELECT count(*) FROM prescription rx JOIN patient_whereabouts w ON w.patient_id = rx.patient_id
             WHERE w.status = 'released' OR w.establishment_id <> rx.establishment_id"
        )
        .await,
        0
    );
    let doses = count("SELECT count(*) FROM administration").await;
    assert!(doses as f64 >= scale.administrations as f64 * 0.9, "{doses} administrations");
    assert_eq!(
        count(
            "SELECT count(*) FROM administration a JOIN prescription rx ON rx.id = a.prescription_id
             WHERE a.scheduled_for IS NOT NULL AND (a.scheduled_for AT TIME ZONE 'Europe/London')::time <> ALL (rx.round_times)"
        )
        .await,
        0
    );
    assert!(
        count(
            "SELECT count(*) FROM administration WHERE outcome <> 'given' AND outcome <> 'self_administered'"
        )
        .await
            > 0
    );
    assert_eq!(count("SELECT count(*) FROM administration WHERE recorded_at > now()").await, 0);
    assert!(count("SELECT count(*) FROM timeline_entry WHERE kind = 'administration'").await > 0);
    assert_eq!(
        count(
            "SELECT count(*) FROM timeline_entry t WHERE t.kind = 'administration'
             AND NOT EXISTS (SELECT 1 FROM administration a WHERE a.id = t.source_id)"
        )
        .await,
        0
    );
    // Every day's doses are summarised, and each summary counts exactly that day's doses.
    assert_eq!(
        count(
            "SELECT count(*) FROM (SELECT patient_id, establishment_id, london_day(recorded_at) AS day, count(*) AS n
                                   FROM administration GROUP BY 1, 2, 3) a
             FULL JOIN administration_day d USING (patient_id, establishment_id, day)
             WHERE d.id IS NULL OR a.n IS DISTINCT FROM (d.given + d.self_administered + d.refused + d.did_not_attend
                                                         + d.not_available + d.withheld + d.patient_away + d.entered_in_error)"
        )
        .await,
        0
    );
    assert_eq!(
        count("SELECT count(*) FROM timeline_entry WHERE kind = 'administration_day'").await,
        count("SELECT count(*) FROM administration_day").await
    );
    let big_wing: (i64, i64) = sqlx::query_as(
        "SELECT count(*), count(*) FILTER (WHERE EXISTS (
                    SELECT 1 FROM prescription rx WHERE rx.patient_id = w.patient_id AND rx.kind = 'regular'
                    AND time '08:00' = ANY (rx.round_times)))
         FROM patient_whereabouts w JOIN location c ON c.id = w.location_id JOIN location l ON l.id = c.parent_id
         JOIN location g ON g.id = l.parent_id JOIN establishment e ON e.id = g.establishment_id
         WHERE e.code = $1 AND g.code = $2",
    )
    .bind(BIG_WING_ESTABLISHMENT)
    .bind(BIG_WING)
    .fetch_one(&pool)
    .await
    .expect("big wing");
    assert_eq!(big_wing.0 as usize, scale.big_wing_patients);
    assert_eq!(big_wing.0, big_wing.1);

    // The timeline lies in the table in the order its entries happened, as a live one does.
    assert_eq!(
        count(
            "SELECT count(*) FROM (SELECT occurred_at < lag(occurred_at) OVER (ORDER BY ctid) AS earlier
                                   FROM timeline_entry) t WHERE earlier"
        )
        .await,
        0
    );

    let patients_before = count("SELECT count(*) FROM patient").await;
    let again = load(&pool, &scale).await.expect("second load");
    assert!(again.is_empty(), "a finished load is not repeated");
    assert_eq!(count("SELECT count(*) FROM patient").await, patients_before);
}

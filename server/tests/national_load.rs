//! The national generator at a small scale: consistent data, one long record, resumable.

mod support;

use server::national::{BIG_RECORD_PRISON_NUMBER, Scale, load};
use support::fresh_database;

#[tokio::test]
async fn a_small_national_load_is_consistent_and_a_second_run_adds_nothing() {
    let pool = fresh_database().await;
    let scale = Scale::scaled(0.002);

    let ran = load(&pool, &scale).await.expect("load");

    assert_eq!(ran.len(), 5);
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

    let patients_before = count("SELECT count(*) FROM patient").await;
    let again = load(&pool, &scale).await.expect("second load");
    assert!(again.is_empty(), "a finished load is not repeated");
    assert_eq!(count("SELECT count(*) FROM patient").await, patients_before);
}

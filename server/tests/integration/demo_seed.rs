//! The demo data set loads into an empty database, is the same every time, and is not loaded twice.

use crate::support::fresh_database;
use chrono::{TimeZone, Utc};
use server::seed::{seed_demo, seed_demo_if_empty};

#[tokio::test]
async fn the_demo_data_set_is_realistic_and_consistent() {
    let pool = fresh_database().await;

    let summary = seed_demo_if_empty(&pool).await.expect("seed").expect("seeded an empty database");

    assert!(summary.establishments >= 3);
    let current: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM patient_whereabouts WHERE status IN ('in_establishment', 'at_court', 'temporary_absence')",
    )
    .fetch_one(&pool)
    .await
    .expect("count");
    assert!((550..=700).contains(&current), "{current} current patients");
    let roles: i64 =
        sqlx::query_scalar("SELECT count(DISTINCT role) FROM staff").fetch_one(&pool).await.expect("roles");
    assert_eq!(roles, 6, "staff of every role");
    let multi_episode: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM (SELECT patient_id FROM custody_episode GROUP BY patient_id HAVING count(*) > 1) t",
    )
    .fetch_one(&pool)
    .await
    .expect("episodes");
    assert!(multi_episode > 50, "{multi_episode} patients with several custody episodes");
    let open_episodes_per_patient: Option<i64> =
        sqlx::query_scalar("SELECT max(n) FROM (SELECT count(*) AS n FROM custody_episode WHERE ended_at IS NULL GROUP BY patient_id) t")
            .fetch_one(&pool)
            .await
            .expect("open episodes");
    assert_eq!(open_episodes_per_patient, Some(1));
    let future_movements: i64 = sqlx::query_scalar("SELECT count(*) FROM movement WHERE occurred_at > now()")
        .fetch_one(&pool)
        .await
        .expect("future");
    assert_eq!(future_movements, 0, "no movement is in the future");

    assert!(seed_demo_if_empty(&pool).await.expect("second call").is_none(), "seeding twice is refused");
}

#[tokio::test]
async fn the_same_seed_gives_the_same_people() {
    let now = Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).single().expect("time");
    let a = fresh_database().await;
    let b = fresh_database().await;
    seed_demo(&a, 7, now).await.expect("seed a");
    seed_demo(&b, 7, now).await.expect("seed b");
    let people = |pool: sqlx::PgPool| async move {
        sqlx::query_as::<_, (String, String, Option<String>)>(
            "SELECT prison_number, family_name, nhs_number FROM patient ORDER BY prison_number",
        )
        .fetch_all(&pool)
        .await
        .expect("people")
    };
    assert_eq!(people(a).await, people(b).await);
}

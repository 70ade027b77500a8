//! Recording allergies and alerts: the banner's truth, the timeline's entries, and the rules.

use crate::support::{client, fixtures, fresh_database, spawn_server};
use app::error::AppError;
use app::record::{AllergyStatus, ssr::banner};
use app::risks::ssr::{close_alert, open_alerts, raise_alert, record_allergy, record_no_known_allergies};

#[tokio::test]
async fn an_allergy_shows_on_the_banner_and_replaces_no_known_allergies() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    record_no_known_allergies(&pool, w.patient_at_leeds, &w.leeds_nurse).await.expect("nka");
    assert_eq!(
        banner(&pool, w.patient_at_leeds).await.expect("banner").allergies,
        AllergyStatus::NoKnownAllergies
    );

    record_allergy(
        &pool,
        w.patient_at_leeds,
        &w.leeds_nurse,
        "Penicillin",
        "Anaphylaxis",
        "life_threatening",
        "confirmed",
    )
    .await
    .expect("allergy");

    match banner(&pool, w.patient_at_leeds).await.expect("banner").allergies {
        AllergyStatus::Allergies(list) => assert_eq!(list[0].substance, "Penicillin"),
        other => panic!("expected allergies, got {other:?}"),
    }
    let entries: i64 =
        sqlx::query_scalar("SELECT count(*) FROM timeline_entry WHERE kind = 'allergy' AND patient_id = $1")
            .bind(w.patient_at_leeds)
            .fetch_one(&pool)
            .await
            .expect("count");
    assert_eq!(entries, 2, "the no-known-allergies statement and the allergy are both on the timeline");
}

#[tokio::test]
async fn no_known_allergies_cannot_be_recorded_over_a_recorded_allergy() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    record_allergy(&pool, w.patient_at_leeds, &w.leeds_nurse, "Latex", "Rash", "mild", "suspected")
        .await
        .expect("allergy");

    let result = record_no_known_allergies(&pool, w.patient_at_leeds, &w.leeds_nurse).await;

    assert!(matches!(result, Err(AppError::Invalid { .. })));
}

#[tokio::test]
async fn an_alert_is_raised_once_closed_with_a_reason_and_kept_in_history() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;

    raise_alert(&pool, w.patient_at_leeds, &w.leeds_nurse, "ACCT", "Disclosed thoughts of self-harm")
        .await
        .expect("raise");
    let twice = raise_alert(&pool, w.patient_at_leeds, &w.leeds_nurse, "ACCT", "").await;
    assert!(matches!(twice, Err(AppError::Invalid { .. })), "a second open ACCT is refused");
    let unknown = raise_alert(&pool, w.patient_at_leeds, &w.leeds_nurse, "NOT_A_TYPE", "").await;
    assert!(matches!(unknown, Err(AppError::Invalid { .. })));
    assert_eq!(banner(&pool, w.patient_at_leeds).await.expect("banner").alerts[0].name, "ACCT open");

    let open = open_alerts(&pool, w.patient_at_leeds).await.expect("open");
    close_alert(&pool, &w.leeds_nurse, open[0].id, "ACCT closed at case review").await.expect("close");

    assert!(banner(&pool, w.patient_at_leeds).await.expect("banner").alerts.is_empty());
    let history: Vec<String> = sqlx::query_scalar(
        "SELECT summary FROM timeline_entry WHERE patient_id = $1 AND kind = 'alert' ORDER BY occurred_at, summary",
    )
    .bind(w.patient_at_leeds)
    .fetch_all(&pool)
    .await
    .expect("history");
    assert_eq!(history, vec!["Alert raised: ACCT open".to_owned(), "Alert closed: ACCT open".to_owned()]);
    let again = close_alert(&pool, &w.leeds_nurse, open[0].id, "again").await;
    assert!(matches!(again, Err(AppError::Invalid { .. })));
}

#[tokio::test]
async fn staff_elsewhere_cannot_close_an_alert() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    raise_alert(&pool, w.patient_at_leeds, &w.leeds_nurse, "ACCT", "").await.expect("raise");
    let open = open_alerts(&pool, w.patient_at_leeds).await.expect("open");

    let result = close_alert(&pool, &w.moorland_nurse, open[0].id, "not mine").await;

    assert!(matches!(result, Err(AppError::Refused(_))));
}

#[tokio::test]
async fn an_allergy_with_an_unknown_severity_gets_a_field_error_over_http() {
    let pool = fresh_database().await;
    fixtures::world(&pool).await;
    let server = spawn_server(pool, Default::default()).await;
    let browser = client();
    server.sign_in(&browser, "nurse.lei", fixtures::PASSWORD).await;

    let response = server
        .call(
            &browser,
            "record_allergy",
            &[
                ("prison_number", "A1111AA"),
                ("substance", "Latex"),
                ("reaction", "Rash"),
                ("severity", "awful"),
                ("certainty", "confirmed"),
            ],
        )
        .await;

    assert!(
        matches!(crate::support::app_error(response).await, AppError::Invalid { field, .. } if field == "severity")
    );
}

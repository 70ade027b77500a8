//! SNOMED CT problems: search, record once, resolve, and the timeline entries they leave.

use crate::support::{fixtures, fresh_database};
use app::error::AppError;
use app::problems::ssr::{active_problems, record_problem, resolve_problem, search_concepts};

#[tokio::test]
async fn a_misspelt_search_finds_the_concept_with_its_snomed_id() {
    let pool = fresh_database().await;

    let found = search_concepts(&pool, "epilepsey").await.expect("search");

    assert_eq!(found[0].term, "Epilepsy");
    assert_eq!(found[0].snomed_id, 84_757_009);
}

#[tokio::test]
async fn a_problem_is_active_once_and_resolving_it_is_on_the_timeline() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    record_problem(&pool, w.patient_at_leeds, &w.leeds_nurse, 195_967_001, "Uses salbutamol")
        .await
        .expect("record");

    let twice = record_problem(&pool, w.patient_at_leeds, &w.leeds_nurse, 195_967_001, "").await;
    let unknown = record_problem(&pool, w.patient_at_leeds, &w.leeds_nurse, 1, "").await;
    assert!(matches!(twice, Err(AppError::Invalid { .. })));
    assert!(matches!(unknown, Err(AppError::Invalid { .. })));

    let active = active_problems(&pool, w.patient_at_leeds).await.expect("active");
    assert_eq!(active.len(), 1);
    resolve_problem(&pool, &w.leeds_nurse, active[0].id).await.expect("resolve");

    assert!(active_problems(&pool, w.patient_at_leeds).await.expect("active").is_empty());
    let summaries: Vec<String> = sqlx::query_scalar(
        "SELECT summary FROM timeline_entry WHERE patient_id = $1 AND kind = 'problem' ORDER BY occurred_at",
    )
    .bind(w.patient_at_leeds)
    .fetch_all(&pool)
    .await
    .expect("entries");
    assert_eq!(summaries, vec!["Problem recorded: Asthma".to_owned(), "Problem resolved: Asthma".to_owned()]);
    let refused = resolve_problem(&pool, &w.moorland_nurse, active[0].id).await;
    assert!(matches!(refused, Err(AppError::Refused(_))));
}

#[tokio::test]
async fn marking_a_problem_entry_in_error_takes_the_problem_off_the_active_list() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    record_problem(&pool, w.patient_at_leeds, &w.leeds_nurse, 84_757_009, "").await.expect("record");
    let entry: uuid::Uuid =
        sqlx::query_scalar("SELECT id FROM timeline_entry WHERE patient_id = $1 AND kind = 'problem'")
            .bind(w.patient_at_leeds)
            .fetch_one(&pool)
            .await
            .expect("entry");

    app::timeline::ssr::mark_entered_in_error(&pool, &w.leeds_nurse, entry, "Wrong patient", None)
        .await
        .expect("marked");

    assert!(active_problems(&pool, w.patient_at_leeds).await.expect("active").is_empty());
}

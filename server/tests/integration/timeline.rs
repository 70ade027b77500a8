//! The timeline against real PostgreSQL: order, keyset paging, filters, entered in error, access.

use std::collections::HashSet;

use crate::support::{client, fixtures, fresh_database, spawn_server};
use app::domain::Role;
use app::error::AppError;
use app::timeline::ssr::{add_note, mark_entered_in_error, page};
use app::timeline::{PAGE_SIZE, TimelineFilter};
use chrono::NaiveDate;
use uuid::Uuid;

async fn notes_at(pool: &sqlx::PgPool, patient: Uuid, establishment: Uuid, author: Uuid, role: &str, n: i32) {
    sqlx::query(
        "INSERT INTO timeline_entry (patient_id, kind, occurred_at, establishment_id, author_id, author_role, summary, body)
         SELECT $1, 'note', now() - make_interval(hours => i), $2, $3, $4, 'Note ' || i, 'Body of note ' || i
         FROM generate_series(1, $5) AS i",
    )
    .bind(patient)
    .bind(establishment)
    .bind(author)
    .bind(role)
    .bind(n)
    .execute(pool)
    .await
    .expect("insert notes");
}

async fn all_pages(pool: &sqlx::PgPool, patient: Uuid, filter: &TimelineFilter) -> Vec<Uuid> {
    let mut ids = Vec::new();
    let mut after = None;
    loop {
        let p = page(pool, patient, filter, after).await.expect("page");
        ids.extend(p.entries.iter().map(|e| e.id));
        match p.next {
            Some(c) => after = Some(c),
            None => return ids,
        }
    }
}

#[tokio::test]
async fn pages_run_newest_first_without_duplicates_or_gaps_even_when_entries_arrive_between_pages() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    notes_at(&pool, w.patient_at_leeds, w.leeds, w.leeds_nurse.staff_id, "nurse", 150).await;
    let before: HashSet<Uuid> = sqlx::query_scalar("SELECT id FROM timeline_entry WHERE patient_id = $1")
        .bind(w.patient_at_leeds)
        .fetch_all(&pool)
        .await
        .expect("ids")
        .into_iter()
        .collect();
    let filter = TimelineFilter::default();

    let first = page(&pool, w.patient_at_leeds, &filter, None).await.expect("first page");
    assert_eq!(first.entries.len() as i64, PAGE_SIZE);
    // A new note and a late-entered old one arrive while the nurse reads.
    add_note(&pool, w.patient_at_leeds, &w.leeds_nurse, "New while reading", None).await.expect("note");
    notes_at(&pool, w.patient_at_leeds, w.leeds, w.leeds_nurse.staff_id, "nurse", 1).await;
    let mut seen: Vec<Uuid> = first.entries.iter().map(|e| e.id).collect();
    let mut times: Vec<_> = first.entries.iter().map(|e| (e.occurred_at, e.id)).collect();
    let mut after = first.next;
    while let Some(cursor) = after {
        let p = page(&pool, w.patient_at_leeds, &filter, Some(cursor)).await.expect("page");
        seen.extend(p.entries.iter().map(|e| e.id));
        times.extend(p.entries.iter().map(|e| (e.occurred_at, e.id)));
        after = p.next;
    }

    let unique: HashSet<Uuid> = seen.iter().copied().collect();
    assert_eq!(unique.len(), seen.len(), "an entry appeared twice");
    assert!(before.is_subset(&unique), "an entry that existed before paging was skipped");
    assert!(times.windows(2).all(|w| w[0] > w[1]), "entries are not strictly newest first");
}

#[tokio::test]
async fn filters_narrow_by_kind_establishment_dates_role_and_words() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    let doctor = fixtures::staff(&pool, "dr.lei", Role::Prescriber, &[w.leeds]).await;
    notes_at(&pool, w.patient_at_leeds, w.leeds, w.leeds_nurse.staff_id, "nurse", 5).await;
    add_note(&pool, w.patient_at_leeds, &doctor, "Methadone titration reviewed", None).await.expect("note");
    let everything = all_pages(&pool, w.patient_at_leeds, &TimelineFilter::default()).await;
    assert_eq!(everything.len(), 7, "five nurse notes, one doctor note, one admission");

    let notes = TimelineFilter { kinds: vec!["note".into()], ..Default::default() };
    let movements = TimelineFilter { kinds: vec!["movement".into()], ..Default::default() };
    let by_doctor = TimelineFilter { author_role: Some(Role::Prescriber), ..Default::default() };
    let words = TimelineFilter { text: Some("METHADONE".into()), ..Default::default() };
    let wildcard = TimelineFilter { text: Some("%".into()), ..Default::default() };
    let elsewhere = TimelineFilter { establishment: Some("MDI".into()), ..Default::default() };
    let long_ago = TimelineFilter { to: NaiveDate::from_ymd_opt(2000, 1, 1), ..Default::default() };

    assert_eq!(all_pages(&pool, w.patient_at_leeds, &notes).await.len(), 6);
    assert_eq!(all_pages(&pool, w.patient_at_leeds, &movements).await.len(), 1);
    assert_eq!(all_pages(&pool, w.patient_at_leeds, &by_doctor).await.len(), 1);
    assert_eq!(all_pages(&pool, w.patient_at_leeds, &words).await.len(), 1);
    assert_eq!(all_pages(&pool, w.patient_at_leeds, &wildcard).await.len(), 0, "% is matched literally");
    assert_eq!(all_pages(&pool, w.patient_at_leeds, &elsewhere).await.len(), 0);
    assert_eq!(all_pages(&pool, w.patient_at_leeds, &long_ago).await.len(), 0);
}

#[tokio::test]
async fn an_entry_entered_in_error_is_kept_hidden_by_default_and_shown_with_who_and_why() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    let note = add_note(&pool, w.patient_at_leeds, &w.leeds_nurse, "Wrong patient: chest pain", None)
        .await
        .expect("note");

    let marked = mark_entered_in_error(
        &pool,
        &w.leeds_nurse,
        note.id,
        "Written on the wrong record",
        Some("Correct note"),
    )
    .await
    .expect("marked");

    let eie = marked.entered_in_error.expect("marked in error");
    assert_eq!(eie.reason, "Written on the wrong record");
    assert_eq!(eie.by, "nurse.lei");
    let hidden = all_pages(&pool, w.patient_at_leeds, &TimelineFilter::default()).await;
    let shown = all_pages(
        &pool,
        w.patient_at_leeds,
        &TimelineFilter { show_entered_in_error: true, ..Default::default() },
    )
    .await;
    assert!(!hidden.contains(&note.id));
    assert!(shown.contains(&note.id));
    let correction: Option<Uuid> = sqlx::query_scalar("SELECT id FROM timeline_entry WHERE corrects_id = $1")
        .bind(note.id)
        .fetch_optional(&pool)
        .await
        .expect("correction");
    assert!(correction.is_some_and(|id| hidden.contains(&id)), "the correction is on the timeline, linked");
    let again = mark_entered_in_error(&pool, &w.leeds_nurse, note.id, "twice", None).await;
    assert!(matches!(again, Err(AppError::Invalid { .. })));
}

#[tokio::test]
async fn only_the_author_or_a_manager_may_mark_an_entry_in_error() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    let colleague = fixtures::staff(&pool, "nurse2.lei", Role::Nurse, &[w.leeds]).await;
    let manager = fixtures::staff(&pool, "manager.lei", Role::HealthcareManager, &[w.leeds]).await;
    let note = add_note(&pool, w.patient_at_leeds, &w.leeds_nurse, "Seen", None).await.expect("note");

    let by_colleague = mark_entered_in_error(&pool, &colleague, note.id, "not mine", None).await;
    let by_manager = mark_entered_in_error(&pool, &manager, note.id, "duplicate entry", None).await;

    assert!(matches!(by_colleague, Err(AppError::Invalid { .. })));
    assert!(by_manager.is_ok());
}

#[tokio::test]
async fn marking_an_allergy_entry_in_error_takes_it_off_the_banner() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    sqlx::query(
        "INSERT INTO allergy (patient_id, substance, reaction, severity, establishment_id, recorded_by)
         VALUES ($1, 'Penicillin', 'Rash', 'mild', $2, $3)",
    )
    .bind(w.patient_at_leeds)
    .bind(w.leeds)
    .bind(w.leeds_nurse.staff_id)
    .execute(&pool)
    .await
    .expect("allergy");
    let allergies = TimelineFilter { kinds: vec!["allergy".into()], ..Default::default() };
    let entry = page(&pool, w.patient_at_leeds, &allergies, None).await.expect("page").entries.remove(0);
    assert!(entry.summary.contains("Penicillin"));

    mark_entered_in_error(&pool, &w.leeds_nurse, entry.id, "Recorded against the wrong patient", None)
        .await
        .expect("eie");

    let still_active: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM allergy WHERE patient_id = $1 AND entered_in_error_at IS NULL",
    )
    .bind(w.patient_at_leeds)
    .fetch_one(&pool)
    .await
    .expect("count");
    assert_eq!(still_active, 0);
}

#[tokio::test]
async fn a_movement_cannot_be_marked_in_error_from_the_timeline() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    let movement = page(&pool, w.patient_at_leeds, &TimelineFilter::default(), None)
        .await
        .expect("page")
        .entries
        .remove(0);
    assert_eq!(movement.kind, app::timeline::TimelineKind::Movement);

    let result = mark_entered_in_error(&pool, &w.leeds_nurse, movement.id, "wrong", None).await;

    assert!(matches!(result, Err(AppError::Invalid { .. })));
}

#[tokio::test]
async fn the_timeline_of_a_patient_elsewhere_is_refused_over_http_and_audited() {
    let pool = fresh_database().await;
    fixtures::world(&pool).await;
    let server = spawn_server(pool.clone(), Default::default()).await;
    let browser = client();
    server.sign_in(&browser, "nurse.lei", fixtures::PASSWORD).await;

    let own = browser
        .post(format!("{}/api/timeline_page", server.base_url))
        .json(&serde_json::json!({ "prison_number": "A1111AA", "filter": TimelineFilter::default(), "after": null }))
        .send()
        .await
        .expect("request");
    let other = browser
        .post(format!("{}/api/timeline_page", server.base_url))
        .json(&serde_json::json!({ "prison_number": "B2222BB", "filter": TimelineFilter::default(), "after": null }))
        .send()
        .await
        .expect("request");

    assert!(own.status().is_success(), "{}", own.status());
    let body: serde_json::Value = own.json().await.expect("json");
    assert_eq!(body["entries"][0]["kind"], "movement");
    assert!(matches!(crate::support::app_error(other).await, AppError::Refused(_)));
    let audited: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_event WHERE action = 'timeline.read'")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(audited, 2, "the allowed read and the refusal are both audited");
}

#[tokio::test]
async fn an_empty_note_gets_a_field_error_over_http() {
    let pool = fresh_database().await;
    fixtures::world(&pool).await;
    let server = spawn_server(pool, Default::default()).await;
    let browser = client();
    server.sign_in(&browser, "nurse.lei", fixtures::PASSWORD).await;

    let response = server.call(&browser, "add_note", &[("prison_number", "A1111AA"), ("text", "   ")]).await;

    assert!(
        matches!(crate::support::app_error(response).await, AppError::Invalid { field, .. } if field == "text")
    );
}

//! The daily summary of administrations on the timeline: one entry per patient, establishment and
//! London day, kept current by the database as doses are recorded or marked entered in error.

use std::collections::HashSet;

use chrono::{Duration, NaiveDate, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::{fixtures, fresh_database};
use app::domain::Role;
use app::domain::round_schedule::london_date;
use app::error::AppError;
use app::rounds::ssr::record_dose;
use app::timeline::ssr::{day_doses, mark_entered_in_error, page};
use app::timeline::{TimelineEntry, TimelineFilter};

struct Ward {
    w: fixtures::World,
    prescription: Uuid,
    round: (NaiveDate, chrono::NaiveTime),
}

async fn ward(pool: &PgPool) -> Ward {
    let w = fixtures::world(pool).await;
    let round = fixtures::hourly_rounds(pool, &[w.leeds]).await;
    let prescriber = fixtures::staff(pool, "dr.lei", Role::Prescriber, &[w.leeds]).await;
    let prescription = fixtures::sertraline_due(pool, &prescriber, w.patient_at_leeds, round.1).await;
    Ward { w, prescription, round }
}

/// Doses recorded `days_ago` London days back at the given local times, with these outcomes.
async fn doses_on(pool: &PgPool, ward: &Ward, days_ago: i64, at: &[(&str, &str)]) {
    let day = london_date(Utc::now()) - Duration::days(days_ago);
    for (time, outcome) in at {
        sqlx::query(
            "INSERT INTO administration (prescription_id, patient_id, establishment_id, outcome, reason, dose, recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4, CASE WHEN $4 IN ('given', 'self_administered') THEN NULL ELSE 'Test reason' END, 1, $5,
                     ($6::date + $7::time) AT TIME ZONE 'Europe/London')",
        )
        .bind(ward.prescription)
        .bind(ward.w.patient_at_leeds)
        .bind(ward.w.leeds)
        .bind(outcome)
        .bind(ward.w.leeds_nurse.staff_id)
        .bind(day)
        .bind(chrono::NaiveTime::parse_from_str(time, "%H:%M").expect("time"))
        .execute(pool)
        .await
        .expect("dose");
    }
}

async fn default_timeline(pool: &PgPool, patient: Uuid) -> Vec<TimelineEntry> {
    let mut all = Vec::new();
    let mut after = None;
    loop {
        let p = page(pool, patient, &TimelineFilter::default(), after).await.expect("page");
        all.extend(p.entries);
        match p.next {
            Some(c) => after = Some(c),
            None => return all,
        }
    }
}

fn day_summaries(entries: &[TimelineEntry]) -> Vec<&TimelineEntry> {
    entries.iter().filter(|e| e.kind == app::timeline::TimelineKind::AdministrationDay).collect()
}

#[tokio::test]
async fn a_days_doses_show_as_one_summary_by_default_and_each_dose_under_its_own_kind() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    doses_on(&pool, &ward, 2, &[("08:05", "given")]).await;
    doses_on(
        &pool,
        &ward,
        1,
        &[("08:05", "given"), ("12:05", "given"), ("17:05", "refused"), ("20:05", "withheld")],
    )
    .await;

    let timeline = default_timeline(&pool, ward.w.patient_at_leeds).await;
    assert!(
        timeline.iter().all(|e| e.kind != app::timeline::TimelineKind::Administration),
        "single doses are not shown by default"
    );
    let days = day_summaries(&timeline);
    assert_eq!(days.len(), 2);
    let yesterday = london_date(Utc::now()) - Duration::days(1);
    assert_eq!(
        days[0].summary,
        format!("Medicines on {}: 2 given, 1 refused, 1 withheld", yesterday.format("%a %-d %b"))
    );
    assert!(days[1].summary.ends_with(": 1 given"), "{}", days[1].summary);
    // The summary sits at the day's last dose.
    assert_eq!(app::components::format::time(days[0].occurred_at), "20:05");

    let doses_only = TimelineFilter { kinds: vec!["administration".into()], ..TimelineFilter::default() };
    let doses = page(&pool, ward.w.patient_at_leeds, &doses_only, None).await.expect("doses");
    assert_eq!(doses.entries.len(), 5);

    let opened = day_doses(&pool, ward.w.patient_at_leeds, days[0].id, None).await.expect("day doses");
    assert_eq!(opened.doses.len(), 4);
    assert!(opened.doses.windows(2).all(|w| w[0].occurred_at < w[1].occurred_at), "earliest first");
    assert!(opened.doses[2].summary.contains("refused"), "{}", opened.doses[2].summary);

    // An establishment that only reads its own entries does not open another's day.
    let elsewhere = day_doses(&pool, ward.w.patient_at_leeds, days[0].id, Some("MDI")).await;
    assert!(matches!(elsewhere, Err(AppError::NotFound(_))), "{elsewhere:?}");
}

#[tokio::test]
async fn the_summary_counts_a_new_dose_and_drops_one_marked_entered_in_error() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let nurse = &ward.w.leeds_nurse;
    let recorded = record_dose(&pool, nurse, &fixtures::dose_given(ward.prescription, Some(ward.round)))
        .await
        .expect("dose recorded");
    let _ = recorded;

    let timeline = default_timeline(&pool, ward.w.patient_at_leeds).await;
    let today = day_summaries(&timeline);
    assert_eq!(today.len(), 1);
    assert!(today[0].summary.ends_with(": 1 given"), "{}", today[0].summary);

    let dose_entry: Uuid =
        sqlx::query_scalar("SELECT id FROM timeline_entry WHERE patient_id = $1 AND kind = 'administration'")
            .bind(ward.w.patient_at_leeds)
            .fetch_one(&pool)
            .await
            .expect("dose entry");
    mark_entered_in_error(&pool, nurse, dose_entry, "Recorded against the wrong round", None)
        .await
        .expect("marked");

    let timeline = default_timeline(&pool, ward.w.patient_at_leeds).await;
    let today = day_summaries(&timeline);
    assert_eq!(today.len(), 1, "the day keeps its summary, which now says what happened");
    assert!(today[0].summary.ends_with(": none recorded (1 entered in error)"), "{}", today[0].summary);
    assert!(today[0].entered_in_error.is_none());

    // The summary itself is not marked: the dose is.
    let refused = mark_entered_in_error(&pool, nurse, today[0].id, "Wrong", None).await;
    assert!(matches!(refused, Err(AppError::Invalid { .. })), "{refused:?}");
}

#[tokio::test]
async fn paging_through_day_summaries_and_notes_has_no_duplicates_or_gaps() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    for days_ago in 1..=60 {
        doses_on(&pool, &ward, days_ago, &[("08:05", "given"), ("12:05", "given"), ("20:05", "refused")])
            .await;
    }
    sqlx::query(
        "INSERT INTO timeline_entry (patient_id, kind, occurred_at, establishment_id, author_id, author_role, summary)
         SELECT $1, 'note', now() - make_interval(hours => 13 * i), $2, $3, 'nurse', 'Note ' || i
         FROM generate_series(1, 90) i",
    )
    .bind(ward.w.patient_at_leeds)
    .bind(ward.w.leeds)
    .bind(ward.w.leeds_nurse.staff_id)
    .execute(&pool)
    .await
    .expect("notes");

    let timeline = default_timeline(&pool, ward.w.patient_at_leeds).await;
    let ids: HashSet<Uuid> = timeline.iter().map(|e| e.id).collect();
    assert_eq!(ids.len(), timeline.len(), "an entry appeared twice");
    assert_eq!(day_summaries(&timeline).len(), 60);
    assert_eq!(timeline.iter().filter(|e| e.kind == app::timeline::TimelineKind::Note).count(), 90);
    let keys: Vec<_> = timeline.iter().map(|e| (e.occurred_at, e.id)).collect();
    assert!(keys.windows(2).all(|w| w[0] > w[1]), "entries are not strictly newest first");
}

#[tokio::test]
async fn the_backfill_summarises_doses_recorded_before_the_summaries_existed_exactly_as_the_trigger_does() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    doses_on(&pool, &ward, 3, &[("08:05", "given"), ("17:05", "did_not_attend")]).await;
    let by_trigger: Vec<(String, chrono::DateTime<Utc>)> = sqlx::query_as(
        "SELECT summary, occurred_at FROM timeline_entry WHERE kind = 'administration_day' ORDER BY occurred_at",
    )
    .fetch_all(&pool)
    .await
    .expect("summaries");

    // As on a database where the doses came first: the summary rows are set aside and rebuilt.
    let mut tx = pool.begin().await.expect("tx");
    sqlx::query("SET LOCAL session_replication_role = replica").execute(&mut *tx).await.expect("replica");
    sqlx::query("DELETE FROM timeline_entry WHERE kind = 'administration_day'")
        .execute(&mut *tx)
        .await
        .expect("clear");
    sqlx::query("DELETE FROM administration_day").execute(&mut *tx).await.expect("clear");
    let written: i64 = sqlx::query_scalar("SELECT administration_day_backfill()")
        .fetch_one(&mut *tx)
        .await
        .expect("backfill");
    tx.commit().await.expect("commit");

    assert_eq!(written, 1);
    let rebuilt: Vec<(String, chrono::DateTime<Utc>)> = sqlx::query_as(
        "SELECT summary, occurred_at FROM timeline_entry WHERE kind = 'administration_day' ORDER BY occurred_at",
    )
    .fetch_all(&pool)
    .await
    .expect("summaries");
    assert_eq!(rebuilt, by_trigger);
}

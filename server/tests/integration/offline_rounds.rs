//! Offline rounds against a real database: a queued entry arrives once with the tablet's time, and
//! whatever the record did meanwhile is kept as a conflict for the nurse, never merged silently.

use chrono::{Duration, NaiveTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::{fixtures, fresh_database, spawn_server};
use app::auth::ssr::StaffContext;
use app::domain::Role;
use app::error::AppError;
use app::medicines::ssr::stop;
use app::offline::ssr::{open_conflicts, resolve, sync};
use app::offline::{ConflictResolution, OfflineEntry, OfflineKeys, SyncOutcome};
use app::rounds::ssr::record_dose;
use app::state::SessionRules;

struct Ward {
    w: fixtures::World,
    prescriber: StaffContext,
    other_nurse: StaffContext,
    round: (chrono::NaiveDate, NaiveTime),
    prescription: Uuid,
}

/// Leeds with hourly rounds and a regular sertraline dose due at the round open now.
async fn ward(pool: &PgPool) -> Ward {
    let w = fixtures::world(pool).await;
    let round = fixtures::hourly_rounds(pool, &[w.leeds]).await;
    let prescriber = fixtures::staff(pool, "dr.lei", Role::Prescriber, &[w.leeds]).await;
    let other_nurse = fixtures::staff(pool, "nurse2.lei", Role::Nurse, &[w.leeds]).await;
    let prescription = fixtures::sertraline_due(pool, &prescriber, w.patient_at_leeds, round.1).await;
    // Each nurse signed in on their tablet 13 hours ago and again just now: offline entries must
    // fall inside one of their sessions.
    for nurse in [&w.leeds_nurse, &other_nurse, &w.moorland_nurse] {
        for ago in ["13 hours", "1 minute"] {
            signed_in_ago(pool, nurse, ago).await;
        }
    }
    Ward { w, prescriber, other_nurse, round, prescription }
}

async fn signed_in_ago(pool: &PgPool, staff: &StaffContext, ago: &str) {
    sqlx::query(
        "INSERT INTO audit_event (occurred_at, staff_id, establishment_id, action, outcome)
         VALUES (now() - $3::interval, $1, $2, 'auth.sign_in', 'allowed')",
    )
    .bind(staff.staff_id)
    .bind(staff.establishment_id)
    .bind(ago)
    .execute(pool)
    .await
    .expect("sign-in");
}

/// The dose due now, given, as the tablet queued it `minutes_ago`.
fn queued(ward: &Ward, minutes_ago: i64) -> OfflineEntry {
    OfflineEntry {
        entry: fixtures::dose_given(ward.prescription, Some(ward.round)),
        recorded_at: Utc::now() - Duration::minutes(minutes_ago),
    }
}

async fn count(pool: &PgPool, sql: &str, id: Uuid) -> i64 {
    sqlx::query_scalar(sql).bind(id).fetch_one(pool).await.expect("count")
}

#[tokio::test]
async fn a_queued_entry_is_recorded_once_at_the_time_the_nurse_entered_it() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let item = queued(&ward, 0);

    let first = sync(&pool, &ward.w.leeds_nurse, &item).await.expect("sync");
    let SyncOutcome::Recorded(recorded) = first else { panic!("expected the dose recorded, got {first:?}") };
    assert_eq!(
        (recorded.recorded_at - item.recorded_at).num_milliseconds().abs(),
        0,
        "the tablet's time is kept"
    );
    // The network dropped before the tablet heard the answer: it sends the entry again.
    let again = sync(&pool, &ward.w.leeds_nurse, &item).await.expect("sync again");
    assert!(matches!(again, SyncOutcome::Recorded(_)), "{again:?}");
    assert_eq!(
        count(&pool, "SELECT count(*) FROM administration WHERE prescription_id = $1", ward.prescription)
            .await,
        1
    );
    let synced: (chrono::DateTime<Utc>, Option<chrono::DateTime<Utc>>) =
        sqlx::query_as("SELECT recorded_at, synced_at FROM administration WHERE client_entry_id = $1")
            .bind(item.entry.client_entry_id)
            .fetch_one(&pool)
            .await
            .expect("administration");
    assert!(
        synced.1.is_some_and(|at| at >= synced.0),
        "synced_at marks an entry that arrived later: {synced:?}"
    );
}

#[tokio::test]
async fn the_same_dose_recorded_by_another_tablet_meanwhile_is_a_conflict_kept_until_a_nurse_decides() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let online = fixtures::dose_given(ward.prescription, Some(ward.round));
    record_dose(&pool, &ward.other_nurse, &online).await.expect("the other tablet records it first");
    let item = queued(&ward, 0);

    let outcome = sync(&pool, &ward.w.leeds_nurse, &item).await.expect("sync");
    let SyncOutcome::Conflict(conflict) = outcome else { panic!("expected a conflict, got {outcome:?}") };
    assert!(conflict.problem.starts_with("Already recorded"), "{}", conflict.problem);
    let again = sync(&pool, &ward.w.leeds_nurse, &item).await.expect("sync again");
    assert_eq!(again, SyncOutcome::Conflict(conflict.clone()), "a retry finds the same conflict");
    assert_eq!(
        count(&pool, "SELECT count(*) FROM administration WHERE prescription_id = $1", ward.prescription)
            .await,
        1
    );
    assert_eq!(
        count(&pool, "SELECT count(*) FROM offline_conflict WHERE prescription_id = $1", ward.prescription)
            .await,
        1
    );

    // Any nurse of the establishment sees it, and one decides.
    let open = open_conflicts(&pool, &ward.other_nurse).await.expect("open conflicts");
    assert_eq!(open.iter().map(|c| c.id).collect::<Vec<_>>(), vec![conflict.id]);
    let short = resolve(&pool, &ward.other_nurse, conflict.id, ConflictResolution::NotGiven, " ok ").await;
    assert!(matches!(short, Err(AppError::Invalid { ref field, .. }) if field == "note"), "{short:?}");
    resolve(
        &pool,
        &ward.w.leeds_nurse,
        conflict.id,
        ConflictResolution::NotGiven,
        "Same dose, recorded twice",
    )
    .await
    .expect("resolve");
    assert!(open_conflicts(&pool, &ward.other_nurse).await.expect("open").is_empty());
    let timeline: (String, String) = sqlx::query_as(
        "SELECT summary, body FROM timeline_entry WHERE kind = 'offline_entry' AND source_id = $1",
    )
    .bind(conflict.id)
    .fetch_one(&pool)
    .await
    .expect("the decision is on the timeline");
    assert!(timeline.0.contains("did not happen as entered"), "{}", timeline.0);
    assert!(timeline.1.contains("Already recorded"), "both facts are kept: {}", timeline.1);
    let deleted =
        sqlx::query("DELETE FROM offline_conflict WHERE id = $1").bind(conflict.id).execute(&pool).await;
    assert!(deleted.is_err(), "the conflict is evidence and is never deleted");
}

#[tokio::test]
async fn a_prescription_stopped_while_the_tablet_was_offline_is_a_conflict_not_a_dose() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let item = queued(&ward, 0);
    stop(&pool, &ward.prescriber, ward.prescription, "Side effects").await.expect("stop");

    let outcome = sync(&pool, &ward.w.leeds_nurse, &item).await.expect("sync");
    let SyncOutcome::Conflict(conflict) = outcome else { panic!("expected a conflict, got {outcome:?}") };
    assert!(conflict.problem.contains("stopped"), "{}", conflict.problem);
    assert_eq!(
        count(&pool, "SELECT count(*) FROM administration WHERE prescription_id = $1", ward.prescription)
            .await,
        0
    );
    resolve(
        &pool,
        &ward.w.leeds_nurse,
        conflict.id,
        ConflictResolution::Given,
        "Given before the stop was known",
    )
    .await
    .expect("resolve");
    let again =
        resolve(&pool, &ward.w.leeds_nurse, conflict.id, ConflictResolution::NotGiven, "Changed my mind")
            .await;
    assert!(matches!(again, Err(AppError::Conflict(_))), "decided once: {again:?}");
}

#[tokio::test]
async fn an_entry_that_arrives_more_than_twelve_hours_late_is_not_applied_by_itself() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let item = queued(&ward, 13 * 60);
    let outcome = sync(&pool, &ward.w.leeds_nurse, &item).await.expect("sync");
    assert!(matches!(outcome, SyncOutcome::Conflict(ref c) if c.problem.contains("12 hours")), "{outcome:?}");
}

#[tokio::test]
async fn each_user_has_one_queue_key_that_only_they_can_fetch() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let server = spawn_server(pool, SessionRules::default()).await;
    let key_of = |username: &'static str| {
        let server = &server;
        async move {
            let browser = server.signed_in_client(username, fixtures::PASSWORD).await;
            let response = server.call(&browser, "offline_queue_key", &[]).await;
            assert_eq!(response.status(), 200);
            response.json::<OfflineKeys>().await.expect("keys")
        }
    };
    let first = key_of("nurse.lei").await;
    assert_eq!((first.current, first.keys.len()), (1, 1));
    assert_eq!(first.keys[0].1.len(), 64);
    assert_eq!(first.owner, ward.w.leeds_nurse.staff_id);
    assert_eq!(key_of("nurse.lei").await, first, "the same key after signing in again");
    assert_ne!(key_of("nurse2.lei").await.keys[0].1, first.keys[0].1, "another nurse has another key");
    let stranger = server.call(&crate::support::client(), "offline_queue_key", &[]).await;
    assert_eq!(stranger.status(), 401);
    let admin = server.signed_in_client("admin.lei", fixtures::PASSWORD).await;
    assert_eq!(server.call(&admin, "offline_queue_key", &[]).await.status(), 403);
}

#[tokio::test]
async fn a_change_of_password_rotates_the_queue_key_and_keeps_the_old_one_for_entries_queued_under_it() {
    let pool = fresh_database().await;
    let _ward = ward(&pool).await;
    let server = spawn_server(pool, SessionRules::default()).await;
    let browser = server.signed_in_client("nurse.lei", fixtures::PASSWORD).await;
    let keys = |browser: reqwest::Client| {
        let server = &server;
        async move {
            let response = server.call(&browser, "offline_queue_key", &[]).await;
            assert_eq!(response.status(), 200);
            response.json::<OfflineKeys>().await.expect("keys")
        }
    };
    let before = keys(browser.clone()).await;
    let new_password = "heron lantern quarry violet";
    let changed = server
        .call(
            &browser,
            "change_password",
            &[("current", fixtures::PASSWORD), ("new", new_password), ("confirm", new_password)],
        )
        .await;
    assert_eq!(changed.status(), 200, "{}", changed.text().await.unwrap_or_default());
    let after = keys(browser).await;
    assert_eq!(after.current, 2, "entries queued from now on are sealed under a new key");
    assert_eq!(after.keys.len(), 2);
    assert_eq!(after.keys[0], before.keys[0], "the old key still opens what was queued under it");
    assert_ne!(after.keys[1].1, before.keys[0].1);
}

#[tokio::test]
async fn a_patient_released_while_the_tablet_was_offline_is_a_conflict_for_the_nurse_who_gave_the_dose() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let item = queued(&ward, 0);
    let episode = fixtures::current_episode(&pool, ward.w.patient_at_leeds).await;
    fixtures::movement(&pool, ward.w.patient_at_leeds, episode, "REL", "out", ward.w.leeds, None, "1 second")
        .await;

    let outcome = sync(&pool, &ward.w.leeds_nurse, &item).await.expect("sync");
    let SyncOutcome::Conflict(conflict) = outcome else { panic!("expected a conflict, got {outcome:?}") };
    assert_eq!(conflict.prison_number, "A1111AA");
    assert_eq!(
        count(&pool, "SELECT count(*) FROM administration WHERE prescription_id = $1", ward.prescription)
            .await,
        0
    );

    // Moorland never held the patient's prescription: its nurse's made-up entry is refused outright,
    // and the server names no patient.
    let stranger = OfflineEntry { entry: fixtures::dose_given(ward.prescription, Some(ward.round)), ..item };
    let refused = sync(&pool, &ward.w.moorland_nurse, &stranger).await;
    assert!(matches!(refused, Err(AppError::Refused(_))), "{refused:?}");
}

#[tokio::test]
async fn an_entry_for_another_establishments_patient_is_refused_before_any_rule_and_names_nobody() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    // Claimed 13 hours old: the old code answered with a conflict naming the Leeds patient.
    let item = queued(&ward, 13 * 60);
    let refused = sync(&pool, &ward.w.moorland_nurse, &item).await;
    assert!(matches!(refused, Err(AppError::Refused(_))), "{refused:?}");
    assert_eq!(
        count(&pool, "SELECT count(*) FROM offline_conflict WHERE prescription_id = $1", ward.prescription)
            .await,
        0,
        "no conflict is kept for a record the nurse may not see"
    );
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_event WHERE staff_id = $1 AND action = 'offline.sync' AND outcome = 'refused'",
    )
    .bind(ward.w.moorland_nurse.staff_id)
    .fetch_one(&pool)
    .await
    .expect("audit");
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn an_entry_dated_outside_every_session_of_the_nurse_or_in_the_future_is_refused() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    for (minutes_ago, what) in [(40 * 24 * 60, "a month back"), (-24 * 60, "tomorrow")] {
        let item = queued(&ward, minutes_ago);
        let refused = sync(&pool, &ward.w.leeds_nurse, &item).await;
        assert!(
            matches!(refused, Err(AppError::Invalid { ref field, .. }) if field == "recorded_at"),
            "{what}: {refused:?}"
        );
    }
    assert_eq!(
        count(&pool, "SELECT count(*) FROM offline_conflict WHERE prescription_id = $1", ward.prescription)
            .await,
        0
    );
}

#[tokio::test]
async fn another_users_entry_id_reveals_nothing_of_their_dose_or_conflict() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let mine = queued(&ward, 0);
    sync(&pool, &ward.w.leeds_nurse, &mine).await.expect("recorded");
    // Another nurse replays the same entry id: she is not told of the first nurse's dose.
    let replay = sync(&pool, &ward.other_nurse, &mine).await;
    if let Ok(SyncOutcome::Recorded(ref dose)) = replay {
        panic!("another user's dose was handed back: {dose:?}");
    }
}

#[tokio::test]
async fn resolving_a_conflict_decides_access_again() {
    let pool = fresh_database().await;
    let ward = ward(&pool).await;
    let online = fixtures::dose_given(ward.prescription, Some(ward.round));
    record_dose(&pool, &ward.other_nurse, &online).await.expect("recorded first");
    let outcome = sync(&pool, &ward.w.leeds_nurse, &queued(&ward, 0)).await.expect("sync");
    let SyncOutcome::Conflict(conflict) = outcome else { panic!("expected a conflict, got {outcome:?}") };
    // The patient is transferred away and the Leeds read-after-leaving period is over.
    let episode = fixtures::current_episode(&pool, ward.w.patient_at_leeds).await;
    fixtures::movement(
        &pool,
        ward.w.patient_at_leeds,
        episode,
        "TRN",
        "out",
        ward.w.leeds,
        Some(ward.w.moorland),
        "2 seconds",
    )
    .await;
    fixtures::movement(
        &pool,
        ward.w.patient_at_leeds,
        episode,
        "TRN",
        "in",
        ward.w.moorland,
        None,
        "1 second",
    )
    .await;
    // ... long enough ago that Leeds no longer reads even what it recorded.
    sqlx::query("UPDATE movement SET occurred_at = now() - interval '200 days' WHERE patient_id = $1 AND kind = 'TRN'")
        .bind(ward.w.patient_at_leeds)
        .execute(&pool)
        .await
        .expect("back-date the transfer");
    let refused =
        resolve(&pool, &ward.w.leeds_nurse, conflict.id, ConflictResolution::NotGiven, "Same dose, twice")
            .await;
    assert!(matches!(refused, Err(AppError::Refused(_))), "{refused:?}");
    assert_eq!(
        count(&pool, "SELECT count(*) FROM timeline_entry WHERE source_id = $1", conflict.id).await,
        0,
        "nothing written on a record Leeds may no longer write"
    );
}

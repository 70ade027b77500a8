//! Reads routed to a replica: search, timeline pages and reports read it; access decisions,
//! audit rows and writes stay on the primary. The "replica" here is a copy of the database that
//! has stopped replaying, so every read shows which side served it. Real streaming replication is
//! exercised by `scripts/replica-drill.sh`.

use crate::support::{app_error, fixtures, fresh_database, spawn_server_with_pools, with_stalled_copy};
use app::patients::PatientSearchRow;
use app::state::{DatabasePools, SessionRules};
use app::timeline::{TimelineFilter, TimelinePage};
use serde_json::json;

fn page_of(prison_number: &str) -> serde_json::Value {
    json!({"prison_number": prison_number, "filter": TimelineFilter::default(), "after": null})
}

#[tokio::test]
async fn search_and_timeline_read_the_replica_while_access_and_audit_use_the_primary() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    let (primary, replica) = with_stalled_copy(pool).await;

    // What the replica has not yet replayed, and what only it holds (a stand-in for a write the
    // primary lost in a failover, or simply a marker).
    fixtures::admitted_patient(&primary, "D4444DD", "Latearrival", w.leeds).await;
    fixtures::admitted_patient(&replica, "C3333CC", "Replicaonly", w.leeds).await;
    sqlx::query(
        "INSERT INTO timeline_entry (patient_id, kind, occurred_at, establishment_id, author_id, author_role, summary, body)
         VALUES ($1, 'note', now(), $2, $3, 'nurse', 'Seen on the replica', 'Marker')",
    )
    .bind(w.patient_at_leeds)
    .bind(w.leeds)
    .bind(w.leeds_nurse.staff_id)
    .execute(&replica)
    .await
    .expect("replica-only note");

    let server = spawn_server_with_pools(
        DatabasePools { primary: primary.clone(), read_replica: Some(replica.clone()) },
        SessionRules::default(),
    )
    .await;
    let browser = server.signed_in_client("nurse.lei", fixtures::PASSWORD).await;

    let search = |query: &'static str| {
        let (server, browser) = (&server, &browser);
        async move {
            let response = server.call(browser, "search_patients", &[("query", query)]).await;
            assert_eq!(response.status(), 200, "{:?}", app_error(response).await);
            response.json::<Vec<PatientSearchRow>>().await.expect("search rows")
        }
    };
    assert_eq!(search("Replicaonly").await.len(), 1, "search reads the replica");
    assert!(search("Latearrival").await.is_empty(), "the replica has not replayed this admission");

    let page = server.call_json(&browser, "timeline_page", &page_of("A1111AA")).await;
    assert_eq!(page.status(), 200, "{:?}", app_error(page).await);
    let page: TimelinePage = page.json().await.expect("timeline page");
    assert!(
        page.entries.iter().any(|e| e.summary == "Seen on the replica"),
        "the timeline reads the replica"
    );

    // Who may see a record is decided on the primary: a patient the primary does not know is not
    // served from the replica, and one it does know opens even before the replica has them.
    let stale = server.call_json(&browser, "timeline_page", &page_of("C3333CC")).await;
    assert_eq!(stale.status(), 403, "{:?}", app_error(stale).await);
    let banner = server.call(&browser, "patient_banner", &[("prison_number", "D4444DD")]).await;
    assert_eq!(banner.status(), 200);

    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_event WHERE action IN ('patient.search', 'timeline.read')",
    )
    .fetch_one(&primary)
    .await
    .expect("audit rows");
    assert!(audited >= 3, "reads are audited on the primary ({audited})");
    let on_replica: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_event")
        .fetch_one(&replica)
        .await
        .expect("replica audit");
    assert_eq!(on_replica, 0, "nothing is written to the replica");
}

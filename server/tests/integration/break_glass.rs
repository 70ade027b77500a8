//! Break-glass: a record outside the user's relationship opens read-only, for a reason, for a
//! while; every use lands on the healthcare manager's report and can be reviewed once.

use crate::support::{TestServer, app_error, fixtures, fresh_database, spawn_server};
use app::domain::Role;
use app::domain::access::Refusal;
use app::error::AppError;
use app::state::SessionRules;

async fn signed_in(server: &TestServer, username: &str) -> reqwest::Client {
    server.signed_in_client(username, fixtures::PASSWORD).await
}

async fn break_glass(
    server: &TestServer,
    browser: &reqwest::Client,
    prison_number: &str,
    reason: &str,
) -> reqwest::Response {
    server.call(browser, "start_break_glass", &[("prison_number", prison_number), ("reason", reason)]).await
}

#[tokio::test]
async fn break_glass_opens_a_record_elsewhere_read_only_with_the_reason_audited() {
    let pool = fresh_database().await;
    fixtures::world(&pool).await;
    let server = spawn_server(pool.clone(), SessionRules::default()).await;
    let nurse = signed_in(&server, "nurse.lei").await;

    let before = server.call(&nurse, "patient_banner", &[("prison_number", "B2222BB")]).await;
    assert_eq!(app_error(before).await, AppError::Refused(Refusal::NotAtYourEstablishment));

    let too_short = break_glass(&server, &nurse, "B2222BB", "  need  ").await;
    assert!(matches!(app_error(too_short).await, AppError::Invalid { field, .. } if field == "reason"));

    let granted =
        break_glass(&server, &nurse, "B2222BB", "Collapsed at court; paramedic asks for medicines").await;
    assert!(granted.status().is_success(), "{}", granted.status());
    let until: chrono::DateTime<chrono::Utc> = granted.json().await.expect("expiry");
    let minutes = (until - chrono::Utc::now()).num_minutes();
    assert!((58..=60).contains(&minutes), "break-glass lasts an hour by default, got {minutes} min");

    let banner = server.call(&nurse, "patient_banner", &[("prison_number", "B2222BB")]).await;
    assert!(banner.status().is_success(), "{}", banner.status());
    let banner: serde_json::Value = banner.json().await.expect("banner");
    assert!(banner["break_glass_until"].is_string(), "the banner says the access is break-glass: {banner}");

    let write =
        server.call(&nurse, "add_note", &[("prison_number", "B2222BB"), ("text", "Seen at court")]).await;
    assert_eq!(app_error(write).await, AppError::Refused(Refusal::BreakGlassIsReadOnly));

    let audit: Vec<(String, String)> = sqlx::query_as(
        "SELECT action, outcome FROM audit_event a JOIN patient p ON p.id = a.patient_id
         WHERE p.prison_number = 'B2222BB' ORDER BY a.id",
    )
    .fetch_all(&pool)
    .await
    .expect("audit");
    let audit: Vec<(&str, &str)> = audit.iter().map(|(a, o)| (a.as_str(), o.as_str())).collect();
    assert_eq!(
        audit,
        vec![
            ("patient.banner.read", "refused"),
            ("break_glass.start", "refused"),
            ("break_glass.start", "allowed"),
            ("patient.banner.read", "allowed"),
            ("timeline.note.write", "refused"),
        ]
    );
}

#[tokio::test]
async fn break_glass_is_not_for_records_one_can_already_open_nor_for_non_clinical_staff() {
    let pool = fresh_database().await;
    fixtures::world(&pool).await;
    let server = spawn_server(pool.clone(), SessionRules::default()).await;
    let nurse = signed_in(&server, "nurse.lei").await;
    let admin = signed_in(&server, "admin.lei").await;

    let own = break_glass(&server, &nurse, "A1111AA", "Checking the record of my own patient").await;
    assert!(matches!(app_error(own).await, AppError::Conflict(m) if m.contains("already have access")));
    let by_admin = break_glass(&server, &admin, "B2222BB", "Administrator wants to look at this").await;
    assert_eq!(app_error(by_admin).await, AppError::Refused(Refusal::RoleHasNoClinicalAccess));
    let granted: i64 =
        sqlx::query_scalar("SELECT count(*) FROM break_glass_access").fetch_one(&pool).await.expect("count");
    assert_eq!(granted, 0);
}

#[tokio::test]
async fn expired_break_glass_gives_nothing() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    sqlx::query(
        "INSERT INTO break_glass_access (staff_id, establishment_id, patient_id, reason, started_at, expires_at)
         VALUES ($1, $2, $3, 'An emergency yesterday afternoon', now() - interval '2 hours', now() - interval '1 hour')",
    )
    .bind(w.leeds_nurse.staff_id)
    .bind(w.leeds)
    .bind(w.patient_at_moorland)
    .execute(&pool)
    .await
    .expect("old break-glass");
    let server = spawn_server(pool.clone(), SessionRules::default()).await;
    let nurse = signed_in(&server, "nurse.lei").await;

    let banner = server.call(&nurse, "patient_banner", &[("prison_number", "B2222BB")]).await;
    assert_eq!(app_error(banner).await, AppError::Refused(Refusal::NotAtYourEstablishment));
}

#[tokio::test]
async fn managers_at_both_ends_see_the_use_review_it_once_and_the_access_itself_cannot_change() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    let third = fixtures::establishment(&pool, "WWI", "HMP Wandsworth").await;
    fixtures::staff(&pool, "manager.lei", Role::HealthcareManager, &[w.leeds]).await;
    fixtures::staff(&pool, "manager.mdi", Role::HealthcareManager, &[w.moorland]).await;
    fixtures::staff(&pool, "manager.wwi", Role::HealthcareManager, &[third]).await;
    let server = spawn_server(pool.clone(), SessionRules::default()).await;
    let nurse = signed_in(&server, "nurse.lei").await;
    let granted =
        break_glass(&server, &nurse, "B2222BB", "Collapsed at court; paramedic asks for medicines").await;
    assert!(granted.status().is_success());

    let everything = serde_json::json!({ "filter": { "from": null, "to": null, "user": "", "prison_number": "", "unreviewed_only": false } });
    let mut ids = Vec::new();
    for (manager, sees) in [("manager.lei", 1), ("manager.mdi", 1), ("manager.wwi", 0)] {
        let browser = signed_in(&server, manager).await;
        let report = server.call_json(&browser, "break_glass_report", &everything).await;
        assert!(report.status().is_success(), "{manager}: {}", report.status());
        let report: Vec<serde_json::Value> = report.json().await.expect("report");
        assert_eq!(report.len(), sees, "{manager}");
        if let Some(first) = report.first() {
            assert_eq!(first["reason"], "Collapsed at court; paramedic asks for medicines");
            assert_eq!(first["prison_number"], "B2222BB");
            ids.push(first["id"].clone());
        }
    }
    let by_nurse = server.call_json(&nurse, "break_glass_report", &everything).await;
    assert_eq!(app_error(by_nurse).await, AppError::Refused(Refusal::NotAHealthcareManager));

    let manager = signed_in(&server, "manager.lei").await;
    let no_note = server
        .call_json(
            &manager,
            "review_break_glass",
            &serde_json::json!({ "id": ids[0], "outcome": "Inappropriate", "note": " " }),
        )
        .await;
    assert!(matches!(app_error(no_note).await, AppError::Invalid { .. }));
    let reviewed = server.call_json(&manager, "review_break_glass", &serde_json::json!({ "id": ids[0], "outcome": "Inappropriate", "note": "Not her patient; referred to IG lead" })).await;
    assert!(reviewed.status().is_success(), "{}", reviewed.status());
    let again = server
        .call_json(
            &manager,
            "review_break_glass",
            &serde_json::json!({ "id": ids[0], "outcome": "Appropriate", "note": "" }),
        )
        .await;
    assert!(matches!(app_error(again).await, AppError::Conflict(_)));

    let unreviewed = serde_json::json!({ "filter": { "from": null, "to": null, "user": "", "prison_number": "", "unreviewed_only": true } });
    let left: Vec<serde_json::Value> =
        server.call_json(&manager, "break_glass_report", &unreviewed).await.json().await.expect("report");
    assert!(left.is_empty());
    // Leeds' review does not shut Moorland out: the patient's end still has it to review, once.
    let moorland = signed_in(&server, "manager.mdi").await;
    let left: Vec<serde_json::Value> =
        server.call_json(&moorland, "break_glass_report", &unreviewed).await.json().await.expect("report");
    assert_eq!(left.len(), 1, "Moorland has yet to review it");
    assert_eq!(left[0]["reviews"][0]["establishment"], "LEI");
    let review = serde_json::json!({ "id": ids[0], "outcome": "Appropriate", "note": "" });
    let by_moorland = server.call_json(&moorland, "review_break_glass", &review).await;
    assert!(by_moorland.status().is_success(), "{}", by_moorland.status());
    let again = server.call_json(&moorland, "review_break_glass", &review).await;
    assert!(matches!(app_error(again).await, AppError::Conflict(_)));
    let reviews: i64 =
        sqlx::query_scalar("SELECT count(*) FROM break_glass_review").fetch_one(&pool).await.expect("count");
    assert_eq!(reviews, 2, "one review per end");

    let rewrite =
        sqlx::query("UPDATE break_glass_access SET reason = 'something else entirely'").execute(&pool).await;
    assert!(rewrite.is_err(), "the reason given is evidence and cannot be rewritten");
    let delete = sqlx::query("DELETE FROM break_glass_access").execute(&pool).await;
    assert!(delete.is_err(), "break-glass uses are never deleted");
}

#[tokio::test]
async fn a_manager_cannot_review_their_own_break_glass_use_in_code_or_in_the_database() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    let manager = fixtures::staff(&pool, "manager.lei", Role::HealthcareManager, &[w.leeds]).await;
    fixtures::staff(&pool, "deputy.lei", Role::HealthcareManager, &[w.leeds]).await;
    let server = spawn_server(pool.clone(), SessionRules::default()).await;
    let own = signed_in(&server, "manager.lei").await;
    let granted =
        break_glass(&server, &own, "B2222BB", "Called by the ambulance crew at court for allergies").await;
    assert!(granted.status().is_success(), "{}", granted.status());

    let everything = serde_json::json!({ "filter": { "from": null, "to": null, "user": "", "prison_number": "", "unreviewed_only": false } });
    let report: Vec<serde_json::Value> =
        server.call_json(&own, "break_glass_report", &everything).await.json().await.expect("report");
    assert_eq!(report.len(), 1);
    assert_eq!(report[0]["own_use"], true, "the report tells the manager it is their own use");
    let id = report[0]["id"].clone();
    let review = serde_json::json!({ "id": id, "outcome": "Appropriate", "note": "" });
    let self_review = server.call_json(&own, "review_break_glass", &review).await;
    assert_eq!(app_error(self_review).await, AppError::Refused(Refusal::MayNotReviewOwnBreakGlass));
    let refused: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_event WHERE staff_id = $1 AND action = 'break_glass.review.own' AND outcome = 'refused'",
    )
    .bind(manager.staff_id)
    .fetch_one(&pool)
    .await
    .expect("audit");
    assert_eq!(refused, 1, "the attempt is audited");

    // The database holds the rule too, whatever code writes the row.
    let direct = sqlx::query(
        "INSERT INTO break_glass_review (break_glass_id, used_by, establishment_id, reviewed_by, outcome)
         SELECT id, staff_id, establishment_id, staff_id, 'appropriate' FROM break_glass_access",
    )
    .execute(&pool)
    .await;
    assert!(direct.is_err(), "a self-review cannot be stored");
    let third = fixtures::establishment(&pool, "WWI", "HMP Wandsworth").await;
    let wrong_end = sqlx::query(
        "INSERT INTO break_glass_review (break_glass_id, used_by, establishment_id, reviewed_by, outcome)
         SELECT b.id, b.staff_id, $1, s.id, 'appropriate' FROM break_glass_access b, staff s WHERE s.username = 'deputy.lei'",
    )
    .bind(third)
    .execute(&pool)
    .await;
    assert!(wrong_end.is_err(), "a review speaks for one of the two ends only");

    let deputy = signed_in(&server, "deputy.lei").await;
    let by_deputy = server.call_json(&deputy, "review_break_glass", &review).await;
    assert!(by_deputy.status().is_success(), "another manager reviews it: {}", by_deputy.status());
}

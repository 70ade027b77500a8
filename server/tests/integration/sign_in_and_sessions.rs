//! Sign-in, sessions and server functions over HTTP against the real server.

use std::time::Duration;

use crate::support::{app_error, client, fixtures, fresh_database, spawn_server};
use app::domain::access::Refusal;
use app::error::AppError;
use app::state::SessionRules;

fn rules() -> SessionRules {
    SessionRules::default()
}

#[tokio::test]
async fn a_signed_in_nurse_opens_a_patient_at_her_establishment() {
    let pool = fresh_database().await;
    fixtures::world(&pool).await;
    let server = spawn_server(pool, rules()).await;
    let browser = client();

    let signed_in = server.sign_in(&browser, "nurse.lei", fixtures::PASSWORD).await;
    assert!(signed_in.status().is_success() || signed_in.status().is_redirection(), "{}", signed_in.status());
    let record = server.call(&browser, "patient_banner", &[("prison_number", "A1111AA")]).await;

    assert!(record.status().is_success(), "{}", record.status());
    let body: serde_json::Value = record.json().await.expect("json");
    assert_eq!(body["prison_number"], "A1111AA");
    assert_eq!(body["allergies"], "NotRecorded");
}

#[tokio::test]
async fn a_patient_at_another_establishment_is_refused_with_a_clear_message() {
    let pool = fresh_database().await;
    fixtures::world(&pool).await;
    let server = spawn_server(pool.clone(), rules()).await;
    let browser = client();
    server.sign_in(&browser, "nurse.lei", fixtures::PASSWORD).await;

    let record = server.call(&browser, "patient_banner", &[("prison_number", "B2222BB")]).await;

    let error = app_error(record).await;
    assert_eq!(error, AppError::Refused(Refusal::NotAtYourEstablishment));
    assert!(error.to_string().contains("not at your establishment"));
    let refusals: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_event WHERE outcome = 'refused' AND action = 'patient.banner.read'",
    )
    .fetch_one(&pool)
    .await
    .expect("count");
    assert_eq!(refusals, 1);
}

#[tokio::test]
async fn without_signing_in_no_record_is_returned_and_pages_redirect_to_sign_in() {
    let pool = fresh_database().await;
    fixtures::world(&pool).await;
    let server = spawn_server(pool, rules()).await;
    let browser = client();

    let record = server.call(&browser, "patient_banner", &[("prison_number", "A1111AA")]).await;
    let page = browser.get(format!("{}/patients/A1111AA", server.base_url)).send().await.expect("page");

    assert_eq!(app_error(record).await, AppError::NotSignedIn);
    assert!(page.status().is_redirection());
    let location = page.headers()["location"].to_str().expect("location");
    assert!(location.starts_with("/sign-in?reason=required&next=%2Fpatients%2FA1111AA"), "{location}");
}

#[tokio::test]
async fn a_wrong_password_is_refused_and_five_lock_the_account_on_that_device() {
    let pool = fresh_database().await;
    fixtures::world(&pool).await;
    let server = spawn_server(pool, rules()).await;
    let browser = client();

    for attempt in 1..=5 {
        let response = server.sign_in(&browser, "nurse.lei", "wrong password").await;
        let error = app_error(response).await;
        if attempt < 5 {
            assert_eq!(error, AppError::BadCredentials, "attempt {attempt}");
        } else {
            assert!(matches!(error, AppError::AccountLockedHere(_)), "attempt {attempt}: {error:?}");
        }
    }
    let with_right_password = server.sign_in(&browser, "nurse.lei", fixtures::PASSWORD).await;
    assert!(matches!(app_error(with_right_password).await, AppError::AccountLockedHere(_)));
}

#[tokio::test]
async fn an_unknown_username_gets_the_same_answer_as_a_wrong_password() {
    let pool = fresh_database().await;
    fixtures::world(&pool).await;
    let server = spawn_server(pool, rules()).await;

    let response = server.sign_in(&client(), "nobody.here", "whatever").await;
    assert_eq!(app_error(response).await, AppError::BadCredentials);

    // Five failures lock a username that does not exist just as they lock a real account, so the
    // lock message does not reveal which usernames are real.
    let mut answers = Vec::new();
    for username in ["nobody.here", "nurse.lei"] {
        let attempts = if username == "nurse.lei" { 5 } else { 4 };
        let mut last = None;
        for _ in 0..attempts {
            last = Some(app_error(server.sign_in(&client(), username, "wrong password").await).await);
        }
        answers.push(last.map(|e| matches!(e, AppError::AccountLockedHere(_))));
    }
    assert_eq!(answers, vec![Some(true), Some(true)]);
}

#[tokio::test]
async fn failures_a_day_old_are_forgotten_alike_for_real_and_unknown_usernames() {
    let pool = fresh_database().await;
    fixtures::world(&pool).await;
    let server = spawn_server(pool.clone(), rules()).await;

    for username in ["nobody.here", "nurse.lei"] {
        for _ in 0..4 {
            app_error(server.sign_in(&client(), username, "wrong password").await).await;
        }
    }
    // A day and a bit later: the four failures no longer count towards a lock.
    sqlx::query("UPDATE sign_in_throttle SET updated_at = now() - interval '25 hours'")
        .execute(&pool)
        .await
        .expect("age the unknown username's failures");
    sqlx::query("UPDATE sign_in_client_failure SET updated_at = now() - interval '25 hours'")
        .execute(&pool)
        .await
        .expect("age the failures counted per address");
    sqlx::query(
        "UPDATE staff SET last_failed_sign_in_at = now() - interval '25 hours' WHERE username = 'nurse.lei'",
    )
    .execute(&pool)
    .await
    .expect("age the nurse's failures");
    for username in ["nobody.here", "nurse.lei"] {
        let fifth = app_error(server.sign_in(&client(), username, "wrong password").await).await;
        assert_eq!(fifth, AppError::BadCredentials, "{username}");
    }
    let right = server.sign_in(&client(), "nurse.lei", fixtures::PASSWORD).await;
    assert!(right.status().is_success() || right.status().is_redirection(), "{}", right.status());

    // The rows kept for unknown usernames and per address go once they would be forgotten anyway
    // (the nurse's own address lost its row when she signed in).
    for table in ["sign_in_throttle", "sign_in_client_failure"] {
        sqlx::query(&format!("UPDATE {table} SET updated_at = now() - interval '25 hours'"))
            .execute(&pool)
            .await
            .expect("age again");
    }
    sqlx::query("INSERT INTO sign_in_throttle (username, failed_sign_ins) VALUES ('recent.attempt', 1)")
        .execute(&pool)
        .await
        .expect("a recent failure");
    sqlx::query(
        "INSERT INTO sign_in_client_failure (username, client, failed_sign_ins) VALUES ('recent.attempt', '127.0.0.1', 1)",
    )
    .execute(&pool)
    .await
    .expect("a recent failure from an address");
    let pruned = app::auth::ssr::forget_old_sign_in_failures(&pool).await.expect("prune");
    assert_eq!(pruned, 2, "nobody.here's row in each table");
    for table in ["sign_in_throttle", "sign_in_client_failure"] {
        let left: Vec<String> = sqlx::query_scalar(&format!("SELECT username FROM {table}"))
            .fetch_all(&pool)
            .await
            .expect("rows");
        assert_eq!(left, vec!["recent.attempt".to_owned()], "{table}");
    }
}

#[tokio::test]
async fn an_idle_session_is_signed_out() {
    let pool = fresh_database().await;
    fixtures::world(&pool).await;
    let idle = SessionRules {
        idle_timeout: Duration::from_secs(1),
        absolute_lifetime: Duration::from_secs(3600),
        ..SessionRules::default()
    };
    let server = spawn_server(pool, idle).await;
    let browser = client();
    server.sign_in(&browser, "nurse.lei", fixtures::PASSWORD).await;

    tokio::time::sleep(Duration::from_millis(1_500)).await;
    let record = server.call(&browser, "patient_banner", &[("prison_number", "A1111AA")]).await;

    assert_eq!(app_error(record).await, AppError::SessionIdle);
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let pool = fresh_database().await;
    fixtures::world(&pool).await;
    let server = spawn_server(pool, rules()).await;
    let browser = client();
    server.sign_in(&browser, "nurse.lei", fixtures::PASSWORD).await;

    server.call(&browser, "sign_out", &[]).await;
    let record = server.call(&browser, "patient_banner", &[("prison_number", "A1111AA")]).await;

    assert_eq!(app_error(record).await, AppError::NotSignedIn);
}

#[tokio::test]
async fn patient_search_finds_a_misspelt_name_only_within_the_establishment() {
    let pool = fresh_database().await;
    let w = fixtures::world(&pool).await;
    fixtures::admitted_patient(&pool, "A3333CC", "Whitaker", w.leeds).await;
    fixtures::admitted_patient(&pool, "B4444DD", "Whitaker", w.moorland).await;
    let server = spawn_server(pool, rules()).await;
    let browser = client();
    server.sign_in(&browser, "nurse.lei", fixtures::PASSWORD).await;

    let response = server.call(&browser, "search_patients", &[("query", "Whitakre")]).await;

    let rows: Vec<serde_json::Value> = response.json().await.expect("json");
    let numbers: Vec<&str> = rows.iter().filter_map(|r| r["prison_number"].as_str()).collect();
    assert_eq!(numbers, vec!["A3333CC"]);
}

#[tokio::test]
async fn a_mistyped_nhs_number_in_search_gets_a_field_error() {
    let pool = fresh_database().await;
    fixtures::world(&pool).await;
    let server = spawn_server(pool, rules()).await;
    let browser = client();
    server.sign_in(&browser, "nurse.lei", fixtures::PASSWORD).await;

    let response = server.call(&browser, "search_patients", &[("query", "943 476 5918")]).await;

    assert!(matches!(app_error(response).await, AppError::Invalid { field, .. } if field == "q"));
}

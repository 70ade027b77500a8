//! Failed sign-ins lock an account from the device's address only, so that nobody can lock a
//! nurse out of her own tablet from elsewhere; a hundred in a row from anywhere lock it everywhere.
//! Unknown usernames are answered exactly alike at every step.

mod support;

use app::auth::ssr::{MAX_FAILED_SIGN_INS, MAX_FAILED_SIGN_INS_ANYWHERE};
use app::error::AppError;
use app::state::SessionRules;
use server::client_address::TrustedProxyHops;
use server::startup::WebOptions;
use support::{TestServer, app_error, client, client_from, fixtures, fresh_database, spawn_server_with_web};

async fn server_behind(hops: usize) -> TestServer {
    let pool = fresh_database().await;
    fixtures::world(&pool).await;
    let web = WebOptions { trusted_proxy_hops: TrustedProxyHops(hops), ..WebOptions::default() };
    spawn_server_with_web(pool.into(), SessionRules::default(), web).await
}

fn signed_in(response: &reqwest::Response) -> bool {
    response.status().is_success() || response.status().is_redirection()
}

/// Signs in through a proxy that says the browser is at `address`.
async fn sign_in_via_proxy(
    server: &TestServer,
    address: &str,
    username: &str,
    password: &str,
) -> reqwest::Response {
    client()
        .post(format!("{}/api/sign_in", server.base_url))
        .header("Accept", "application/json")
        .header("X-Forwarded-For", address)
        .form(&[("username", username), ("password", password), ("next", "/")])
        .send()
        .await
        .expect("request reaches the server")
}

#[tokio::test]
async fn wrong_passwords_from_one_device_lock_the_account_there_and_not_on_the_nurses_tablet() {
    let server = server_behind(0).await;
    let elsewhere = client_from("127.0.0.2");

    for username in ["nurse.lei", "nobody.here"] {
        for attempt in 1..=MAX_FAILED_SIGN_INS {
            let error = app_error(server.sign_in(&elsewhere, username, "wrong password").await).await;
            if attempt < MAX_FAILED_SIGN_INS {
                assert_eq!(error, AppError::BadCredentials, "{username}, attempt {attempt}");
            } else {
                assert!(matches!(error, AppError::AccountLockedHere(_)), "{username}: {error:?}");
            }
        }
    }
    let right_password_there = server.sign_in(&elsewhere, "nurse.lei", fixtures::PASSWORD).await;
    assert!(matches!(app_error(right_password_there).await, AppError::AccountLockedHere(_)));

    let on_her_tablet = server.sign_in(&client_from("127.0.0.3"), "nurse.lei", fixtures::PASSWORD).await;
    assert!(signed_in(&on_her_tablet), "{}", on_her_tablet.status());

    // The audit trail says which device each attempt came from.
    let details: Vec<(String, String)> = sqlx::query_as(
        "SELECT a.outcome, a.detail FROM audit_event a JOIN staff s ON s.id = a.staff_id
         WHERE s.username = 'nurse.lei' AND a.action = 'auth.sign_in' ORDER BY a.occurred_at DESC, a.id DESC LIMIT 2",
    )
    .fetch_all(&server.pool)
    .await
    .expect("audit");
    assert_eq!(
        details,
        vec![
            ("allowed".to_owned(), "device address 127.0.0.3".to_owned()),
            ("refused".to_owned(), "account locked on this device; device address 127.0.0.2".to_owned()),
        ]
    );
}

#[tokio::test]
async fn without_trusted_proxies_a_forwarded_for_header_does_not_change_the_address() {
    let server = server_behind(0).await;

    for attempt in 1..=MAX_FAILED_SIGN_INS {
        // A new made-up address each time: were the header believed, no address would reach five.
        let response = sign_in_via_proxy(&server, &format!("192.0.2.{attempt}"), "nurse.lei", "wrong").await;
        let error = app_error(response).await;
        assert_eq!(
            matches!(error, AppError::AccountLockedHere(_)),
            attempt == MAX_FAILED_SIGN_INS,
            "attempt {attempt}: {error:?}"
        );
    }
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_forwarded_address_is_the_device() {
    let server = server_behind(1).await;

    for _ in 0..MAX_FAILED_SIGN_INS {
        sign_in_via_proxy(&server, "10.20.0.9", "nurse.lei", "wrong").await;
    }
    let same_device = sign_in_via_proxy(&server, "10.20.0.9", "nurse.lei", fixtures::PASSWORD).await;
    assert!(matches!(app_error(same_device).await, AppError::AccountLockedHere(_)));
    // A browser that writes its own header gets the proxy's entry appended after it, which counts.
    let other_device =
        sign_in_via_proxy(&server, "10.20.0.9, 10.20.0.77", "nurse.lei", fixtures::PASSWORD).await;
    assert!(signed_in(&other_device), "{}", other_device.status());
}

#[tokio::test]
async fn a_hundred_failures_in_a_row_from_anywhere_lock_the_account_everywhere_alike_for_unknown_usernames() {
    let server = server_behind(1).await;
    let almost = MAX_FAILED_SIGN_INS_ANYWHERE - 2;
    // Failures spread over many devices so far (each device fewer than five).
    sqlx::query(
        "UPDATE staff SET failed_sign_ins = $1, last_failed_sign_in_at = now() WHERE username = 'nurse.lei'",
    )
    .bind(almost)
    .execute(&server.pool)
    .await
    .expect("the nurse's failures so far");
    sqlx::query("INSERT INTO sign_in_throttle (username, failed_sign_ins) VALUES ('nobody.here', $1)")
        .bind(almost)
        .execute(&server.pool)
        .await
        .expect("the unknown username's failures so far");

    for username in ["nurse.lei", "nobody.here"] {
        let ninety_ninth = sign_in_via_proxy(&server, "10.30.0.1", username, "wrong").await;
        assert_eq!(app_error(ninety_ninth).await, AppError::BadCredentials, "{username}");
        let hundredth = sign_in_via_proxy(&server, "10.30.0.2", username, "wrong").await;
        assert!(matches!(app_error(hundredth).await, AppError::AccountLocked(_)), "{username}");
    }
    let from_a_new_device = sign_in_via_proxy(&server, "10.30.0.3", "nurse.lei", fixtures::PASSWORD).await;
    assert!(matches!(app_error(from_a_new_device).await, AppError::AccountLocked(_)));
}

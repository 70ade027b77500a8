//! Failed sign-ins lock an account from the device's address only, so that nobody can lock a
//! nurse out of her own tablet from elsewhere; a hundred in a row from anywhere lock it everywhere.
//! Unknown usernames are answered exactly alike at every step.

use crate::support::{
    TestServer, app_error, client, client_from, fixtures, fresh_database, spawn_server_with_web,
};
use app::auth::ssr::{MAX_FAILED_SIGN_INS, MAX_FAILED_SIGN_INS_ANYWHERE, PasswordCheckLimits};
use app::error::AppError;
use app::state::SessionRules;
use server::client_address::TrustedProxyHops;
use server::startup::WebOptions;

async fn server_behind(hops: usize) -> TestServer {
    server_with(hops, SessionRules::default()).await
}

async fn server_with(hops: usize, rules: SessionRules) -> TestServer {
    let pool = fresh_database().await;
    fixtures::world(&pool).await;
    let web = WebOptions { trusted_proxy_hops: TrustedProxyHops(hops), ..WebOptions::default() };
    spawn_server_with_web(pool.into(), rules, web).await
}

/// A server whose per-address limit does not get in the way of a burst from one address.
async fn server_for_bursts() -> TestServer {
    let checks =
        PasswordCheckLimits { attempts_per_minute_per_address: 10_000, ..PasswordCheckLimits::default() };
    server_with(1, SessionRules { password_checks: checks, ..SessionRules::default() }).await
}

/// The audit details of the refused password attempts of `username`, without the address.
async fn refusals(server: &TestServer, username: &str) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT split_part(a.detail, ';', 1) FROM audit_event a JOIN staff s ON s.id = a.staff_id
         WHERE s.username = $1 AND a.outcome = 'refused' AND a.action LIKE 'auth.%'",
    )
    .bind(username)
    .fetch_all(&server.pool)
    .await
    .expect("refusals")
}

fn how_many(details: &[String], detail: &str) -> usize {
    details.iter().filter(|d| d.as_str() == detail).count()
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

#[tokio::test]
async fn fifty_parallel_wrong_passwords_from_one_device_are_all_counted_and_only_five_are_tried() {
    let server = server_for_bursts().await;
    let burst = (0..50).map(|_| sign_in_via_proxy(&server, "10.40.0.1", "nurse.lei", "wrong"));
    let answers = futures::future::join_all(burst).await;
    let mut wrong = 0;
    let mut locked_here = 0;
    for answer in answers {
        match app_error(answer).await {
            AppError::BadCredentials => wrong += 1,
            AppError::AccountLockedHere(_) => locked_here += 1,
            other => panic!("unexpected answer {other:?}"),
        }
    }
    // Four guesses are answered "wrong"; the fifth locks the account from this device.
    assert_eq!((wrong, locked_here), (MAX_FAILED_SIGN_INS - 1, 50 - MAX_FAILED_SIGN_INS + 1));
    let details = refusals(&server, "nurse.lei").await;
    assert_eq!(details.len(), 50, "every attempt is audited");
    assert_eq!(how_many(&details, "wrong password"), 5, "only five passwords were checked");
    let (overall, here): (i32, i32) = sqlx::query_as(
        "SELECT s.failed_sign_ins, f.failed_sign_ins FROM staff s
         JOIN sign_in_client_failure f ON f.username = s.username AND f.client = '10.40.0.1'
         WHERE s.username = 'nurse.lei'",
    )
    .fetch_one(&server.pool)
    .await
    .expect("counts");
    assert_eq!((overall, here), (5, 5));
    let right_here = sign_in_via_proxy(&server, "10.40.0.1", "nurse.lei", fixtures::PASSWORD).await;
    assert!(matches!(app_error(right_here).await, AppError::AccountLockedHere(_)));
    let on_her_tablet = sign_in_via_proxy(&server, "10.40.0.2", "nurse.lei", fixtures::PASSWORD).await;
    assert!(signed_in(&on_her_tablet), "{}", on_her_tablet.status());
}

#[tokio::test]
async fn correct_passwords_checked_at_once_from_one_device_all_pass_and_lock_nothing() {
    // A witness countersigning several controlled-drug doses on one tablet at once, or a ward's
    // shared tablet signing in again after a restart: every one is right, so none is a failure.
    let server = server_for_bursts().await;
    let burst = (0..12).map(|_| sign_in_via_proxy(&server, "10.42.0.1", "nurse.lei", fixtures::PASSWORD));
    let answers = futures::future::join_all(burst).await;
    for answer in &answers {
        assert!(signed_in(answer), "{}", answer.status());
    }
    let (overall, here): (i32, i64) = sqlx::query_as(
        "SELECT s.failed_sign_ins, (SELECT count(*) FROM sign_in_client_failure f WHERE f.username = s.username)
         FROM staff s WHERE s.username = 'nurse.lei'",
    )
    .fetch_one(&server.pool)
    .await
    .expect("counts");
    assert_eq!((overall, here), (0, 0), "nothing is left counted against her");
}

#[tokio::test]
async fn parallel_bursts_from_many_devices_cannot_pass_the_hundred_ceiling() {
    let server = server_for_bursts().await;
    let before = MAX_FAILED_SIGN_INS_ANYWHERE - 10;
    sqlx::query(
        "UPDATE staff SET failed_sign_ins = $1, last_failed_sign_in_at = now() WHERE username = 'nurse.lei'",
    )
    .bind(before)
    .execute(&server.pool)
    .await
    .expect("the nurse's failures so far");
    // Thirty devices at once, each its first guess: ten may be tried, no more.
    let server = &server;
    let burst = (0..30).map(|i| async move {
        let address = format!("10.41.0.{}", i + 1);
        sign_in_via_proxy(server, &address, "nurse.lei", "wrong").await
    });
    let answers = futures::future::join_all(burst).await;
    let mut locked = 0;
    for answer in answers {
        if matches!(app_error(answer).await, AppError::AccountLocked(_)) {
            locked += 1;
        }
    }
    assert_eq!(locked, 21, "the hundredth locks, and the twenty after it find it locked");
    let overall: i32 = sqlx::query_scalar("SELECT failed_sign_ins FROM staff WHERE username = 'nurse.lei'")
        .fetch_one(&server.pool)
        .await
        .expect("count");
    assert_eq!(overall, MAX_FAILED_SIGN_INS_ANYWHERE);
    assert_eq!(how_many(&refusals(server, "nurse.lei").await, "wrong password"), 10);
}

#[tokio::test]
async fn one_address_making_more_attempts_than_its_allowance_is_told_to_wait_and_nothing_is_counted() {
    let checks = PasswordCheckLimits { attempts_per_minute_per_address: 3, ..PasswordCheckLimits::default() };
    let server = server_with(1, SessionRules { password_checks: checks, ..SessionRules::default() }).await;
    for username in ["nurse.lei", "nurse.mdi", "someone.else"] {
        let answer = sign_in_via_proxy(&server, "10.42.0.1", username, "wrong").await;
        assert_eq!(app_error(answer).await, AppError::BadCredentials);
    }
    let fourth = sign_in_via_proxy(&server, "10.42.0.1", "nurse.lei", fixtures::PASSWORD).await;
    assert_eq!(fourth.status(), 429);
    assert_eq!(app_error(fourth).await, AppError::TooManyAttempts);
    let failures: i32 = sqlx::query_scalar("SELECT failed_sign_ins FROM staff WHERE username = 'nurse.lei'")
        .fetch_one(&server.pool)
        .await
        .expect("count");
    assert_eq!(failures, 1, "the attempt over the allowance was not counted against the nurse");
    let elsewhere = sign_in_via_proxy(&server, "10.42.0.2", "nurse.lei", fixtures::PASSWORD).await;
    assert!(signed_in(&elsewhere), "another device has its own allowance: {}", elsewhere.status());
}

#[tokio::test]
async fn wrong_current_passwords_count_against_the_account_like_sign_ins() {
    let server = server_for_bursts().await;
    let desk = client();
    let response = server
        .call(&desk, "sign_in", &[("username", "nurse.lei"), ("password", fixtures::PASSWORD), ("next", "/")])
        .await;
    assert!(signed_in(&response), "{}", response.status());
    let change = |current: &'static str| {
        let desk = desk.clone();
        let server = &server;
        async move {
            let form = [
                ("current", current),
                ("new", "a fresh long passphrase 42"),
                ("confirm", "a fresh long passphrase 42"),
            ];
            server.call(&desk, "change_password", &form).await
        }
    };
    // Ten at once: five are tried and the account locks from this device.
    let answers = futures::future::join_all((0..10).map(|_| change("not my password"))).await;
    for answer in answers {
        assert!(matches!(app_error(answer).await, AppError::Invalid { .. }));
    }
    let details = refusals(&server, "nurse.lei").await;
    assert_eq!(how_many(&details, "wrong password"), 5);
    assert_eq!(how_many(&details, "account locked on this device"), 5);
    // The lock holds for signing in from the same device, too.
    let sign_in = server
        .call(
            &client(),
            "sign_in",
            &[("username", "nurse.lei"), ("password", fixtures::PASSWORD), ("next", "/")],
        )
        .await;
    assert!(matches!(app_error(sign_in).await, AppError::AccountLockedHere(_)));
}

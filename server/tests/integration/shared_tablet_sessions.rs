//! Sessions on shared tablets: the screen locks and only the same user unlocks it; too many wrong
//! passwords sign out; a user is signed in on at most a few devices; a password change follows
//! the password rule and signs the user out elsewhere.

use std::time::Duration;

use crate::support::{TestServer, app_error, client, fixtures, fresh_database, spawn_server};
use app::error::AppError;
use app::state::SessionRules;

async fn signed_in(server: &TestServer, username: &str, password: &str) -> reqwest::Client {
    server.signed_in_client(username, password).await
}

async fn banner(server: &TestServer, browser: &reqwest::Client) -> reqwest::Response {
    server.call(browser, "patient_banner", &[("prison_number", "A1111AA")]).await
}

#[tokio::test]
async fn a_locked_screen_serves_nothing_until_the_same_user_unlocks_it() {
    let pool = fresh_database().await;
    fixtures::world(&pool).await;
    let server = spawn_server(pool.clone(), SessionRules::default()).await;
    let tablet = signed_in(&server, "nurse.lei", fixtures::PASSWORD).await;

    assert!(server.call(&tablet, "lock_screen", &[]).await.status().is_success());
    assert_eq!(app_error(banner(&server, &tablet).await).await, AppError::SessionLocked);
    let page = tablet.get(format!("{}/patients/A1111AA", server.base_url)).send().await.expect("page");
    assert!(page.status().is_redirection());
    assert_eq!(page.headers()["location"], "/unlock?next=%2Fpatients%2FA1111AA");
    let who: serde_json::Value = server.call(&tablet, "locked_user", &[]).await.json().await.expect("who");
    assert_eq!(who["username"], "nurse.lei");

    let wrong = server.call(&tablet, "unlock_screen", &[("password", "not my password at all")]).await;
    assert!(
        matches!(app_error(wrong).await, AppError::Invalid { message, .. } if message.contains("4 more tries"))
    );
    let right = server.call(&tablet, "unlock_screen", &[("password", fixtures::PASSWORD)]).await;
    assert!(right.status().is_success(), "{}", right.status());
    assert!(banner(&server, &tablet).await.status().is_success());
}

#[tokio::test]
async fn a_tablet_left_alone_locks_before_it_signs_out() {
    let pool = fresh_database().await;
    fixtures::world(&pool).await;
    // Long enough that signing in (argon2, on a busy two-core machine) cannot itself outlast it.
    let rules = SessionRules { lock_after: Duration::from_secs(4), ..SessionRules::default() };
    let server = spawn_server(pool.clone(), rules).await;
    let tablet = signed_in(&server, "nurse.lei", fixtures::PASSWORD).await;
    assert!(banner(&server, &tablet).await.status().is_success());

    tokio::time::sleep(Duration::from_millis(4_500)).await;

    assert_eq!(app_error(banner(&server, &tablet).await).await, AppError::SessionLocked);
}

#[tokio::test]
async fn five_wrong_passwords_at_the_lock_screen_sign_the_tablet_out() {
    let pool = fresh_database().await;
    fixtures::world(&pool).await;
    let server = spawn_server(pool.clone(), SessionRules::default()).await;
    let tablet = signed_in(&server, "nurse.lei", fixtures::PASSWORD).await;
    server.call(&tablet, "lock_screen", &[]).await;

    for _ in 0..4 {
        let wrong = server.call(&tablet, "unlock_screen", &[("password", "guess guess guess")]).await;
        assert!(matches!(app_error(wrong).await, AppError::Invalid { .. }));
    }
    let last = server.call(&tablet, "unlock_screen", &[("password", "guess guess guess")]).await;
    assert_eq!(app_error(last).await, AppError::NotSignedIn);
    let after = server.call(&tablet, "unlock_screen", &[("password", fixtures::PASSWORD)]).await;
    assert_eq!(app_error(after).await, AppError::NotSignedIn, "the session is gone, not just locked");
    let refused: Vec<String> = sqlx::query_scalar(
        "SELECT split_part(detail, ';', 1) FROM audit_event WHERE action = 'auth.unlock' AND outcome = 'refused'
         ORDER BY occurred_at, id",
    )
    .fetch_all(&pool)
    .await
    .expect("refusals");
    let mut expected = vec!["wrong password"; 5];
    expected.push("too many wrong passwords");
    assert_eq!(refused, expected);
}

#[tokio::test]
async fn signing_in_on_a_third_device_ends_the_oldest_session() {
    let pool = fresh_database().await;
    fixtures::world(&pool).await;
    let server = spawn_server(pool.clone(), SessionRules::default()).await;
    let first = signed_in(&server, "nurse.lei", fixtures::PASSWORD).await;
    let second = signed_in(&server, "nurse.lei", fixtures::PASSWORD).await;
    assert!(banner(&server, &first).await.status().is_success());

    let third = signed_in(&server, "nurse.lei", fixtures::PASSWORD).await;

    assert_eq!(app_error(banner(&server, &first).await).await, AppError::NotSignedIn);
    assert!(banner(&server, &second).await.status().is_success());
    assert!(banner(&server, &third).await.status().is_success());
    server.call(&third, "sign_out", &[]).await;
    let reasons: Vec<String> =
        sqlx::query_scalar("SELECT coalesce(ended_reason, 'open') FROM staff_session ORDER BY started_at")
            .fetch_all(&pool)
            .await
            .expect("sessions");
    assert_eq!(reasons, vec!["signed in elsewhere", "open", "signed out"]);
}

#[tokio::test]
async fn a_new_password_follows_the_rule_and_ends_the_other_sessions() {
    let pool = fresh_database().await;
    fixtures::world(&pool).await;
    let server = spawn_server(pool.clone(), SessionRules::default()).await;
    let desktop = signed_in(&server, "nurse.lei", fixtures::PASSWORD).await;
    let tablet = signed_in(&server, "nurse.lei", fixtures::PASSWORD).await;
    let change = |current: &'static str, new: &'static str, confirm: &'static str| {
        let server = &server;
        let desktop = &desktop;
        async move {
            server
                .call(desktop, "change_password", &[("current", current), ("new", new), ("confirm", confirm)])
                .await
        }
    };

    let field_of = |e: AppError| match e {
        AppError::Invalid { field, message } => (field, message),
        other => panic!("expected a field error, got {other:?}"),
    };
    let (field, _) = field_of(
        app_error(change("wrong", "kettle orchard lantern wing", "kettle orchard lantern wing").await).await,
    );
    assert_eq!(field, "current");
    let (field, message) =
        field_of(app_error(change(fixtures::PASSWORD, "short one", "short one").await).await);
    assert_eq!((field.as_str(), message.contains("at least 15")), ("new", true));
    let (_, message) =
        field_of(app_error(change(fixtures::PASSWORD, "Password!!2024!!!", "Password!!2024!!!").await).await);
    assert!(message.contains("commonly used"), "{message}");
    let (field, _) = field_of(
        app_error(change(fixtures::PASSWORD, "kettle orchard lantern wing", "kettle orchard lantern").await)
            .await,
    );
    assert_eq!(field, "confirm");

    let changed =
        change(fixtures::PASSWORD, "kettle orchard lantern wing", "kettle orchard lantern wing").await;
    assert!(changed.status().is_success(), "{}", changed.status());

    assert!(
        banner(&server, &desktop).await.status().is_success(),
        "the device that changed it stays signed in"
    );
    assert_eq!(app_error(banner(&server, &tablet).await).await, AppError::NotSignedIn);
    let old = client();
    assert_eq!(
        app_error(server.sign_in(&old, "nurse.lei", fixtures::PASSWORD).await).await,
        AppError::BadCredentials
    );
    signed_in(&server, "nurse.lei", "kettle orchard lantern wing").await;
}

#[tokio::test]
async fn wrong_passwords_sent_to_the_lock_screen_at_once_are_each_counted() {
    let pool = fresh_database().await;
    fixtures::world(&pool).await;
    let server = spawn_server(pool.clone(), SessionRules::default()).await;
    let tablet = signed_in(&server, "nurse.lei", fixtures::PASSWORD).await;
    server.call(&tablet, "lock_screen", &[]).await;

    let burst = (0..20).map(|_| server.call(&tablet, "unlock_screen", &[("password", "guess guess guess")]));
    futures::future::join_all(burst).await;

    let wrong: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_event WHERE action = 'auth.unlock' AND detail LIKE 'wrong password%'",
    )
    .fetch_one(&pool)
    .await
    .expect("count");
    assert_eq!(wrong, 5, "no more than five guesses were tried, however many arrived together");
    let after = server.call(&tablet, "unlock_screen", &[("password", fixtures::PASSWORD)]).await;
    assert_eq!(app_error(after).await, AppError::NotSignedIn);
}

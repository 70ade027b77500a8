//! The browser-facing defences: a Content-Security-Policy that lets only the page's own script and
//! WebAssembly run, and refusal of changes sent from other websites (CSRF).

use crate::support::{app_error, client, fixtures, fresh_database, spawn_server};
use app::error::AppError;
use app::state::SessionRules;

#[tokio::test]
async fn pages_carry_a_nonce_policy_that_matches_their_inline_scripts() {
    let pool = fresh_database().await;
    let server = spawn_server(pool, SessionRules::default()).await;

    let page = client().get(format!("{}/sign-in", server.base_url)).send().await.expect("page");
    assert!(page.status().is_success());
    let headers = page.headers().clone();
    let policy = headers["content-security-policy"].to_str().expect("ascii policy").to_owned();
    let html = page.text().await.expect("html");

    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or_else(|| panic!("no nonce in {policy}"));
    assert!(nonce.len() >= 16, "nonce too short: {nonce}");
    assert!(policy.contains("frame-ancestors 'none'") && policy.contains("object-src 'none'"), "{policy}");
    assert!(!policy.contains("unsafe-inline") && !policy.contains("'unsafe-eval'"), "{policy}");
    let inline_scripts = html.matches("<script").count();
    let with_nonce = html.matches(&format!("nonce=\"{nonce}\"")).count();
    assert!(
        inline_scripts > 0 && with_nonce >= inline_scripts,
        "{inline_scripts} scripts, {with_nonce} with the nonce"
    );
    assert!(!html.contains(" style=\""), "inline style attributes would be blocked by the policy");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "no-referrer");

    let second = client().get(format!("{}/sign-in", server.base_url)).send().await.expect("page");
    let second_policy = second.headers()["content-security-policy"].to_str().expect("ascii").to_owned();
    assert_ne!(policy, second_policy, "a nonce is used once");

    let api = client().post(format!("{}/api/current_user", server.base_url)).send().await.expect("api");
    let api_policy = api.headers()["content-security-policy"].to_str().expect("ascii");
    assert!(api_policy.starts_with("default-src 'none'"), "{api_policy}");
}

#[tokio::test]
async fn a_change_sent_from_another_website_is_refused_before_it_reaches_the_app() {
    let pool = fresh_database().await;
    fixtures::world(&pool).await;
    let server = spawn_server(pool.clone(), SessionRules::default()).await;
    let host = server.base_url.trim_start_matches("http://").to_owned();
    let form = [("username", "nurse.lei"), ("password", fixtures::PASSWORD), ("next", "/")];

    let forged = client()
        .post(format!("{}/api/sign_in", server.base_url))
        .header("Origin", "https://evil.example")
        .form(&form)
        .send()
        .await
        .expect("request");
    assert_eq!(forged.status(), 403);
    assert_eq!(app_error(forged).await, AppError::CrossSite);

    let cross_site = client()
        .post(format!("{}/api/sign_in", server.base_url))
        .header("Sec-Fetch-Site", "cross-site")
        .form(&form)
        .send()
        .await
        .expect("request");
    assert_eq!(cross_site.status(), 403);

    let sign_ins: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_event WHERE action = 'auth.sign_in'")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(sign_ins, 0, "refused requests never reached sign-in");

    let same_site = client()
        .post(format!("{}/api/sign_in", server.base_url))
        .header("Origin", format!("http://{host}"))
        .header("Sec-Fetch-Site", "same-origin")
        .form(&form)
        .send()
        .await
        .expect("request");
    assert!(same_site.status().is_success() || same_site.status().is_redirection(), "{}", same_site.status());
}

#[tokio::test]
async fn errors_carry_their_own_status_and_nothing_with_patient_data_is_cached() {
    let pool = fresh_database().await;
    fixtures::world(&pool).await;
    let server = spawn_server(pool.clone(), SessionRules::default()).await;
    let browser = client();

    let signed_out = server.call(&browser, "patient_banner", &[("prison_number", "A1111AA")]).await;
    assert_eq!(signed_out.status(), 401);
    assert_eq!(signed_out.headers()["cache-control"], "no-store");
    assert_eq!(app_error(signed_out).await, AppError::NotSignedIn);

    server.sign_in(&browser, "nurse.lei", fixtures::PASSWORD).await;
    let refused = server.call(&browser, "patient_banner", &[("prison_number", "B2222BB")]).await;
    assert_eq!(refused.status(), 403);
    let invalid = server.call(&browser, "patient_banner", &[("prison_number", "not a number")]).await;
    assert_eq!(invalid.status(), 422);
    // A number nobody has is answered as one held elsewhere: whether it exists is not told.
    let missing = server.call(&browser, "patient_banner", &[("prison_number", "Z9999ZZ")]).await;
    assert_eq!(missing.status(), 403);
    let garbled = server.call(&browser, "patient_banner", &[("nothing", "here")]).await;
    assert_eq!(garbled.status(), 400);

    let record = server.call(&browser, "patient_banner", &[("prison_number", "A1111AA")]).await;
    assert_eq!(record.status(), 200);
    assert_eq!(record.headers()["cache-control"], "no-store");
    let page = browser.get(format!("{}/patients/A1111AA", server.base_url)).send().await.expect("page");
    assert_eq!(page.headers()["cache-control"], "no-store");
}

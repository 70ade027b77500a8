//! What the benchmarks share: command-line arguments and a signed-in HTTP client.

pub type BenchResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

pub fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned())
}

/// A client with its own cookie store, signed in as `username` (national staff share one password).
#[allow(dead_code)] // The sign-in flood bench signs in its own way; each bench compiles this module.
pub async fn signed_in(base: &str, username: &str) -> BenchResult<reqwest::Client> {
    Ok(signed_in_with_cookie(base, username).await?.0)
}

/// [`signed_in`], with the value of the session cookie the server set.
#[allow(dead_code)] // Only the hot-paths bench reads the cookie; each bench compiles this module.
pub async fn signed_in_with_cookie(base: &str, username: &str) -> BenchResult<(reqwest::Client, String)> {
    use reqwest::cookie::CookieStore;

    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let client = reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let response = client
        .post(format!("{base}/api/sign_in"))
        .form(&[("username", username), ("password", "national-load"), ("next", "/")])
        .send()
        .await?;
    if !(response.status().is_success() || response.status().is_redirection()) {
        return Err(format!("sign-in as {username} failed: {}", response.status()).into());
    }
    let cookies = jar.cookies(&base.parse()?).ok_or("no session cookie after signing in")?;
    let session = cookies
        .to_str()?
        .split("; ")
        .find_map(|c| c.strip_prefix("throughcare.sid="))
        .ok_or("no session cookie after signing in")?
        .to_owned();
    Ok((client, session))
}

/// The session rules of a load run: many simulated tablets may sign in as the same nurse, which
/// the concurrent-session policy would otherwise end one by one.
pub fn load_session_rules() -> app::state::SessionRules {
    app::state::SessionRules { max_sessions_per_user: u32::MAX, ..app::state::SessionRules::default() }
}

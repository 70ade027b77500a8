//! Periodic tidying the database needs and no request does: what is kept for failed sign-ins of
//! unknown usernames and per device address, once it would be forgotten anyway. Every instance runs it; the DELETE is
//! idempotent, so two instances doing it at once is harmless.

use std::time::Duration;

use sqlx::PgPool;

const EVERY: Duration = Duration::from_secs(60 * 60);

pub fn spawn(pool: PgPool) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(EVERY);
        loop {
            every.tick().await;
            match app::auth::ssr::forget_old_sign_in_failures(&pool).await {
                Ok(0) => {}
                Ok(rows) => tracing::info!(rows, "forgot day-old failed sign-ins"),
                Err(error) => tracing::warn!(%error, "could not prune day-old failed sign-ins"),
            }
        }
    });
}

/// Forgets client addresses whose password-attempt allowance has refilled, so that a sweep of
/// made-up addresses does not keep memory for good.
pub fn spawn_password_check_upkeep(checks: app::auth::ssr::PasswordChecks) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(60));
        loop {
            every.tick().await;
            checks.forget_refilled();
        }
    });
}

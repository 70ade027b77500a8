//! What every server function can reach on the server: the one pool and the session rules.

use axum::extract::FromRef;
use leptos::prelude::{LeptosOptions, use_context};
use sqlx::PgPool;
use std::time::Duration;

use crate::error::AppError;

#[derive(Clone, Debug)]
pub struct SessionRules {
    /// Signed out after this long without activity (15 minutes by default).
    pub idle_timeout: Duration,
    /// The screen locks after this long without activity (3 minutes by default); the same user
    /// unlocks it with their password. At or above `idle_timeout` it never locks first.
    pub lock_after: Duration,
    /// Signed out this long after signing in, active or not (12 hours by default).
    pub absolute_lifetime: Duration,
    /// How long an establishment a patient has left can still read what it recorded (90 days by default).
    pub former_establishment_read: Duration,
    /// Devices one member of staff may be signed in on at once (2 by default: a desktop and a
    /// tablet); signing in on another ends the oldest.
    pub max_sessions_per_user: u32,
    /// How long break-glass access to a record lasts (60 minutes by default).
    pub break_glass_duration: Duration,
    /// Password attempts per address and Argon2 hashes at once (sign-in, unlock, change of
    /// password, witness).
    pub password_checks: crate::auth::ssr::PasswordCheckLimits,
}

impl Default for SessionRules {
    fn default() -> Self {
        Self {
            idle_timeout: Duration::from_secs(15 * 60),
            lock_after: Duration::from_secs(3 * 60),
            absolute_lifetime: Duration::from_secs(12 * 60 * 60),
            former_establishment_read: Duration::from_secs(90 * 24 * 60 * 60),
            max_sessions_per_user: 2,
            break_glass_duration: Duration::from_secs(60 * 60),
            password_checks: crate::auth::ssr::PasswordCheckLimits::default(),
        }
    }
}

/// The primary, where everything is written and every access decision is read, and optionally a
/// streaming replica for the read-mostly lookups that may be served a moment behind.
#[derive(Clone, Debug)]
pub struct DatabasePools {
    pub primary: PgPool,
    pub read_replica: Option<PgPool>,
}

impl From<PgPool> for DatabasePools {
    fn from(primary: PgPool) -> Self {
        Self { primary, read_replica: None }
    }
}

#[derive(Clone, Debug, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    /// The primary.
    pub pool: PgPool,
    /// A streaming replica, when one is configured (`THROUGHCARE_REPLICA_URL`).
    pub read_replica: Option<PgPool>,
    pub session_rules: SessionRules,
    pub live: crate::live::LiveHub,
    /// The per-address limit on password attempts and the cap on hashes running at once.
    pub password_checks: crate::auth::ssr::PasswordChecks,
}

impl AppState {
    /// Where search, timeline pages and the managers' reports read: the replica when there is
    /// one. Access decisions, audit rows and every write stay on the primary (`pool`), so a lagging
    /// replica can delay what a list shows but never widen who may see it.
    pub fn read_pool(&self) -> &PgPool {
        self.read_replica.as_ref().unwrap_or(&self.pool)
    }
}

/// The application state, provided to every server function and SSR render by the router.
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the Leptos context");
        AppError::Internal
    })
}

//! Server-side sessions: what a signed-in session holds, the idle and absolute limits,
//! and the staff context every server function starts from.

use chrono::Utc;
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use tower_sessions::Session;
use uuid::Uuid;

use crate::domain::Role;
use crate::error::AppError;
use crate::state::SessionRules;

pub mod attempts;
pub mod client_address;
pub mod common_passwords;
pub mod concurrent_sessions;
mod password;
mod sign_in;

pub use attempts::{PasswordCheckLimits, PasswordChecks};
pub use client_address::ClientAddress;
pub use password::hash_password;
pub use sign_in::{
    MAX_FAILED_SIGN_INS, MAX_FAILED_SIGN_INS_ANYWHERE, PasswordCheck, PasswordPurpose, authenticate,
    check_password, forget_old_sign_in_failures,
};

const AUTH_KEY: &str = "throughcare.auth";
/// Activity is written back to the session at most this often, to spare the store a write per request.
const HEARTBEAT_SECS: i64 = 15;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionAuth {
    pub staff_id: Uuid,
    pub establishment_id: Option<Uuid>,
    pub signed_in_at: i64,
    pub last_seen_at: i64,
    /// The screen is locked: nothing is served until the same user unlocks it with their password.
    #[serde(default)]
    pub locked: bool,
}

impl SessionAuth {
    pub fn new(staff_id: Uuid, now: i64) -> Self {
        Self { staff_id, establishment_id: None, signed_in_at: now, last_seen_at: now, locked: false }
    }

    /// Whether the screen should be locked at `now`: it was locked, or nobody has used it for
    /// the lock period (shorter than the idle sign-out).
    pub fn should_lock(&self, now: i64, rules: &SessionRules) -> bool {
        let lock_after = i64::try_from(rules.lock_after.as_secs()).unwrap_or(i64::MAX);
        self.locked || now.saturating_sub(self.last_seen_at) >= lock_after
    }

    /// Whether a session is still valid at `now` (unix seconds) under `rules`.
    pub fn check(&self, now: i64, rules: &SessionRules) -> Result<(), AppError> {
        let lifetime = i64::try_from(rules.absolute_lifetime.as_secs()).unwrap_or(i64::MAX);
        let idle = i64::try_from(rules.idle_timeout.as_secs()).unwrap_or(i64::MAX);
        if now.saturating_sub(self.signed_in_at) >= lifetime {
            Err(AppError::SessionExpired)
        } else if now.saturating_sub(self.last_seen_at) >= idle {
            Err(AppError::SessionIdle)
        } else {
            Ok(())
        }
    }
}

/// The signed-in member of staff, at the establishment they chose.
#[derive(Clone, Debug)]
pub struct StaffContext {
    pub staff_id: Uuid,
    pub display_name: String,
    pub role: Role,
    pub establishment_id: Uuid,
}

pub async fn current_session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|error| {
        tracing::error!(?error, "session layer missing");
        AppError::Internal
    })
}

/// The id under which the session store keeps this session (known once it has been saved).
pub fn session_id(session: &Session) -> Option<String> {
    session.id().map(|id| id.to_string())
}

pub async fn store_auth(session: &Session, auth: &SessionAuth) -> Result<(), AppError> {
    session.insert(AUTH_KEY, auth).await?;
    session.save().await?;
    Ok(())
}

/// Who made a request: the user, or the page on its own (see [`BACKGROUND_ENDPOINTS`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Activity {
    /// Counts as use: refreshes the idle and lock clocks.
    User,
    /// Checked like any request, but leaves the idle and lock clocks alone.
    Background,
}

/// The server functions a page calls by itself, not because someone touched the screen: the round
/// list reloading on live updates and every 15 seconds while offline, the offline queue syncing
/// and its conflicts and key being fetched. Were they counted as use, a round page left open
/// would never idle or lock on the server. They do not need to be: the browser watches for real
/// use (keys, taps, scrolling; `components::idle_watch`) and reports it with `keep_alive`, a
/// user action, at least every third of the lock period while someone is using the page. The
/// live-updates stream (`server::live`) is background too, and says so itself. A list here, not
/// a header the browser sets, so that the rule is in one place and a forged header cannot matter:
/// leaving the clocks alone only ever makes a session end sooner.
pub const BACKGROUND_ENDPOINTS: &[&str] =
    &["/api/round_list", "/api/sync_offline_dose", "/api/offline_conflicts", "/api/offline_queue_key"];

/// Whether the request being served is one of [`BACKGROUND_ENDPOINTS`]; outside a server function
/// (a page load, which is the user navigating) it is the user's.
fn activity_of_this_request() -> Activity {
    let background = leptos::prelude::use_context::<http::request::Parts>()
        .is_some_and(|parts| BACKGROUND_ENDPOINTS.contains(&parts.uri.path()));
    if background { Activity::Background } else { Activity::User }
}

/// The session's sign-in, if it is still valid; records activity unless the request is one the
/// page makes by itself. An expired or idle session is flushed so that it cannot be revived.
pub async fn signed_in(session: &Session, rules: &SessionRules) -> Result<SessionAuth, AppError> {
    signed_in_for(session, rules, activity_of_this_request()).await
}

/// As [`signed_in`], saying who made the request.
pub async fn signed_in_for(
    session: &Session,
    rules: &SessionRules,
    activity: Activity,
) -> Result<SessionAuth, AppError> {
    let Some(mut auth) = session.get::<SessionAuth>(AUTH_KEY).await? else {
        return Err(AppError::NotSignedIn);
    };
    let now = Utc::now().timestamp();
    if let Err(reason) = auth.check(now, rules) {
        session.flush().await?;
        return Err(reason);
    }
    if auth.should_lock(now, rules) {
        if !auth.locked {
            auth.locked = true;
            store_auth(session, &auth).await?;
        }
        return Err(AppError::SessionLocked);
    }
    if activity == Activity::User && now - auth.last_seen_at >= HEARTBEAT_SECS {
        auth.last_seen_at = now;
        store_auth(session, &auth).await?;
    }
    Ok(auth)
}

/// The session's sign-in whether or not the screen is locked (to lock or unlock it); an expired
/// or idle session is flushed as in [`signed_in`].
pub async fn signed_in_even_if_locked(
    session: &Session,
    rules: &SessionRules,
) -> Result<SessionAuth, AppError> {
    let Some(auth) = session.get::<SessionAuth>(AUTH_KEY).await? else {
        return Err(AppError::NotSignedIn);
    };
    if let Err(reason) = auth.check(Utc::now().timestamp(), rules) {
        session.flush().await?;
        return Err(reason);
    }
    Ok(auth)
}

/// A valid session at a chosen establishment: the first step of every staff server function.
pub async fn working_session(rules: &SessionRules) -> Result<(Session, SessionAuth, Uuid), AppError> {
    let session = current_session().await?;
    let auth = signed_in(&session, rules).await?;
    let establishment_id = auth.establishment_id.ok_or(AppError::NoEstablishmentChosen)?;
    Ok((session, auth, establishment_id))
}

/// The staff context from the staff row (display name, role) read for this session. No row means
/// the account was deactivated, or no longer works at that establishment, since signing in: the
/// session ends.
pub async fn staff_from_row(
    session: &Session,
    auth: &SessionAuth,
    establishment_id: Uuid,
    row: Option<(String, Role)>,
) -> Result<StaffContext, AppError> {
    let Some((display_name, role)) = row else {
        session.flush().await?;
        return Err(AppError::NotSignedIn);
    };
    Ok(StaffContext { staff_id: auth.staff_id, display_name, role, establishment_id })
}

/// The starting point of every server function that touches a patient: a valid session, an
/// active account, and an establishment the user still works at.
pub async fn staff_context(pool: &PgPool, rules: &SessionRules) -> Result<StaffContext, AppError> {
    let (session, auth, establishment_id) = working_session(rules).await?;
    let row = active_staff_row(pool, auth.staff_id, establishment_id).await?;
    staff_from_row(&session, &auth, establishment_id, row).await
}

/// The display name and role of a member of staff whose account is active and who still works at
/// `establishment_id`; `None` otherwise. Public so the benchmarks can run it raw.
pub async fn active_staff_row(
    pool: &PgPool,
    staff_id: Uuid,
    establishment_id: Uuid,
) -> Result<Option<(String, Role)>, AppError> {
    let row = sqlx::query!(
        r#"SELECT s.display_name, s.role AS "role: Role"
           FROM staff s
           JOIN staff_establishment se ON se.staff_id = s.id AND se.establishment_id = $2
           WHERE s.id = $1 AND s.active"#,
        staff_id,
        establishment_id,
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| (r.display_name, r.role)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn rules() -> SessionRules {
        SessionRules {
            idle_timeout: Duration::from_secs(900),
            absolute_lifetime: Duration::from_secs(43_200),
            lock_after: Duration::from_secs(180),
            ..SessionRules::default()
        }
    }

    #[test]
    fn a_tablet_left_for_the_lock_period_locks_before_it_signs_out() {
        let auth = SessionAuth::new(Uuid::nil(), 1_000);
        assert!(!auth.should_lock(1_000 + 179, &rules()));
        assert!(auth.should_lock(1_000 + 180, &rules()));
        assert_eq!(auth.check(1_000 + 180, &rules()), Ok(()), "locked, not yet signed out");
        let locked = SessionAuth { locked: true, ..auth };
        assert!(locked.should_lock(1_001, &rules()), "a locked screen stays locked however recent");
    }

    #[test]
    fn a_session_used_a_minute_ago_is_valid() {
        let mut auth = SessionAuth::new(Uuid::nil(), 1_000);
        auth.last_seen_at = 1_000;
        assert_eq!(auth.check(1_060, &rules()), Ok(()));
    }

    #[test]
    fn a_session_idle_for_fifteen_minutes_is_signed_out() {
        let auth = SessionAuth::new(Uuid::nil(), 1_000);
        assert_eq!(auth.check(1_000 + 900, &rules()), Err(AppError::SessionIdle));
    }

    #[test]
    fn an_active_session_still_ends_after_twelve_hours() {
        let mut auth = SessionAuth::new(Uuid::nil(), 0);
        auth.last_seen_at = 43_199;
        assert_eq!(auth.check(43_200, &rules()), Err(AppError::SessionExpired));
    }
}

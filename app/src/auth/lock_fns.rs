//! Locking a shared tablet's screen and unlocking it by the same user.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Who the locked screen belongs to: shown on the lock screen so the right person unlocks it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockedUser {
    pub display_name: String,
    pub username: String,
}

/// Locks the screen now (the user steps away, or the browser saw no activity for the lock period).
#[server(endpoint = "lock_screen")]
pub async fn lock_now() -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    let session = super::ssr::current_session().await?;
    let mut auth = super::ssr::signed_in_even_if_locked(&session, &state.session_rules).await?;
    if !auth.locked {
        auth.locked = true;
        super::ssr::store_auth(&session, &auth).await?;
        audit_lock(
            &state.pool,
            &auth,
            crate::audit::AuditAction::AuthLock,
            crate::audit::Outcome::Allowed,
            "",
        )
        .await?;
    }
    Ok(())
}

#[server(endpoint = "locked_user")]
pub async fn load_locked_user() -> Result<LockedUser, AppError> {
    let state = crate::state::app_state()?;
    let session = super::ssr::current_session().await?;
    let auth = super::ssr::signed_in_even_if_locked(&session, &state.session_rules).await?;
    let row =
        sqlx::query!("SELECT display_name, username FROM staff WHERE id = $1 AND active", auth.staff_id)
            .fetch_optional(&state.pool)
            .await?
            .ok_or(AppError::NotSignedIn)?;
    Ok(LockedUser { display_name: row.display_name, username: row.username })
}

/// Unlocks the screen with the password of the user it belongs to. Wrong passwords count against
/// the account like failed sign-ins (one count for sign-in, unlock, change of password and
/// witnessing, taken before the password is hashed, so parallel tries cannot share one count);
/// once they lock the account from this device the session ends.
#[server(endpoint = "unlock_screen")]
pub async fn unlock_screen(password: String) -> Result<(), AppError> {
    use super::ssr::{ClientAddress, PasswordCheck, PasswordPurpose, check_password};
    use crate::audit::Outcome;

    let state = crate::state::app_state()?;
    let session = super::ssr::current_session().await?;
    let mut auth = super::ssr::signed_in_even_if_locked(&session, &state.session_rules).await?;
    // Before "not locked, nothing to do": the answer never depends on whether it was locked.
    crate::domain::password_policy::check_typed("", &password)
        .map_err(|(field, message)| AppError::invalid(field, message))?;
    if !auth.locked {
        return Ok(());
    }
    if password.is_empty() {
        return Err(AppError::invalid("password", "Enter your password."));
    }
    let username = sqlx::query_scalar!("SELECT username FROM staff WHERE id = $1 AND active", auth.staff_id)
        .fetch_optional(&state.pool)
        .await?;
    let Some(username) = username else {
        session.flush().await?;
        return Err(AppError::NotSignedIn);
    };
    let client = ClientAddress::of_request().await;
    match check_password(&state.pool, &username, &password, client, PasswordPurpose::Unlock).await {
        Ok(PasswordCheck::Correct(staff_id)) if staff_id == auth.staff_id => {
            auth.locked = false;
            auth.last_seen_at = chrono::Utc::now().timestamp();
            super::ssr::store_auth(&session, &auth).await?;
            Ok(())
        }
        Ok(PasswordCheck::Correct(_)) => Err(AppError::Internal),
        Ok(PasswordCheck::Wrong { tries_left_here }) => Err(AppError::invalid(
            "password",
            format!("That password is not right. {tries_left_here} more tries before you are signed out."),
        )),
        Err(AppError::AccountLocked(_) | AppError::AccountLockedHere(_)) => {
            let detail = "too many wrong passwords; signed out";
            audit_lock(&state.pool, &auth, crate::audit::AuditAction::AuthUnlock, Outcome::Refused, detail)
                .await?;
            session.flush().await?;
            Err(AppError::NotSignedIn)
        }
        Err(other) => Err(other),
    }
}

#[cfg(feature = "ssr")]
async fn audit_lock(
    pool: &sqlx::PgPool,
    auth: &super::ssr::SessionAuth,
    action: crate::audit::AuditAction,
    outcome: crate::audit::Outcome,
    detail: &str,
) -> Result<(), AppError> {
    crate::audit::record(
        pool,
        crate::audit::AuditEntry {
            staff_id: Some(auth.staff_id),
            establishment_id: auth.establishment_id,
            patient_id: None,
            action,
            outcome,
            detail,
        },
    )
    .await
}

use leptos::prelude::*;
use uuid::Uuid;

use super::CurrentUser;
#[cfg(feature = "ssr")]
use super::EstablishmentChoice;
use crate::error::AppError;

/// Checks the username and password, starts a fresh session, and sends the user on to choose
/// an establishment (or straight to `next` when they work at only one).
#[server(endpoint = "sign_in")]
pub async fn sign_in(username: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use super::safe_next_path;
    use super::ssr::{
        ClientAddress, PasswordPurpose, SessionAuth, authenticate, current_session, store_auth,
    };

    if username.trim().is_empty() {
        return Err(AppError::invalid("username", "Enter your username."));
    }
    if password.is_empty() {
        return Err(AppError::invalid("password", "Enter your password."));
    }
    let state = crate::state::app_state()?;
    let client = ClientAddress::of_request().await;
    let staff_id = authenticate(&state.pool, &username, &password, client, PasswordPurpose::SignIn).await?;

    let session = current_session().await?;
    // A new session id on every sign-in defeats session fixation.
    session.cycle_id().await?;
    let mut auth = SessionAuth::new(staff_id, chrono::Utc::now().timestamp());
    let establishments = establishments_of(&state.pool, staff_id).await?;
    let next = safe_next_path(next.as_deref());
    let single = if let [only] = establishments.as_slice() { Some(only.id) } else { None };
    auth.establishment_id = single;
    store_auth(&session, &auth).await?;
    if let Some(id) = super::ssr::session_id(&session) {
        let limit = state.session_rules.max_sessions_per_user;
        super::ssr::concurrent_sessions::admit(&state.pool, staff_id, &id, limit).await?;
    }
    if single.is_some() {
        leptos_axum::redirect(&next);
    } else {
        leptos_axum::redirect(&format!(
            "/choose-establishment?next={}",
            crate::components::url::encode(&next)
        ));
    }
    Ok(())
}

/// Sets (or switches) the establishment the signed-in user is working at.
#[server(endpoint = "choose_establishment")]
pub async fn choose_establishment(establishment_id: Uuid, next: Option<String>) -> Result<(), AppError> {
    use super::ssr::{current_session, signed_in, store_auth};
    use crate::audit::{self, AuditEntry, Outcome};

    let state = crate::state::app_state()?;
    let session = current_session().await?;
    let mut auth = signed_in(&session, &state.session_rules).await?;
    let works_there =
        establishments_of(&state.pool, auth.staff_id).await?.iter().any(|e| e.id == establishment_id);
    if !works_there {
        return Err(AppError::invalid("establishment_id", "You do not work at that establishment."));
    }
    auth.establishment_id = Some(establishment_id);
    store_auth(&session, &auth).await?;
    audit::record(
        &state.pool,
        AuditEntry {
            staff_id: Some(auth.staff_id),
            establishment_id: Some(establishment_id),
            patient_id: None,
            action: crate::audit::AuditAction::AuthChooseEstablishment,
            outcome: Outcome::Allowed,
            detail: "",
        },
    )
    .await?;
    leptos_axum::redirect(&super::safe_next_path(next.as_deref()));
    Ok(())
}

#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    let session = super::ssr::current_session().await?;
    if let Some(id) = super::ssr::session_id(&session) {
        super::ssr::concurrent_sessions::signed_out(&state.pool, &id).await?;
    }
    session.flush().await?;
    leptos_axum::redirect("/sign-in?reason=signed_out");
    Ok(())
}

/// The signed-in user; fails with a sign-in error when there is none.
#[server(endpoint = "current_user")]
pub async fn load_current_user() -> Result<CurrentUser, AppError> {
    use super::ssr::{current_session, signed_in};
    use crate::domain::Role;

    let state = crate::state::app_state()?;
    let session = current_session().await?;
    let auth = signed_in(&session, &state.session_rules).await?;
    let staff = sqlx::query!(
        r#"SELECT display_name, role AS "role: Role" FROM staff WHERE id = $1 AND active"#,
        auth.staff_id
    )
    .fetch_optional(&state.pool)
    .await?
    .ok_or(AppError::NotSignedIn)?;
    let establishments = establishments_of(&state.pool, auth.staff_id).await?;
    let working_at = establishments.iter().find(|e| Some(e.id) == auth.establishment_id).cloned();
    Ok(CurrentUser {
        staff_id: auth.staff_id,
        display_name: staff.display_name,
        role: staff.role,
        working_at,
        establishments,
        idle_timeout_secs: state.session_rules.idle_timeout.as_secs(),
        lock_after_secs: state.session_rules.lock_after.as_secs(),
    })
}

/// Called by the browser while the user is active, so that a long piece of typing does not
/// count as inactivity.
#[server(endpoint = "keep_alive")]
pub async fn keep_alive() -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    let session = super::ssr::current_session().await?;
    super::ssr::signed_in(&session, &state.session_rules).await?;
    Ok(())
}

#[cfg(feature = "ssr")]
async fn establishments_of(
    pool: &sqlx::PgPool,
    staff_id: Uuid,
) -> Result<Vec<EstablishmentChoice>, AppError> {
    Ok(sqlx::query_as!(
        EstablishmentChoice,
        "SELECT e.id, e.code, e.name
         FROM establishment e JOIN staff_establishment se ON se.establishment_id = e.id
         WHERE se.staff_id = $1
         ORDER BY e.name",
        staff_id
    )
    .fetch_all(pool)
    .await?)
}

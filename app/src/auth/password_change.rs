//! Changing one's own password, under the password rule (domain::password_policy).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form_message;
use crate::domain::password_policy::{MIN_CHARS, PasswordProblem, check_shape};
use crate::error::AppError;

/// Sets a new password after checking the current one; every other session of the user ends.
#[server(endpoint = "change_password")]
pub async fn change_password(current: String, new: String, confirm: String) -> Result<(), AppError> {
    use super::ssr::{
        ClientAddress, PasswordCheck, PasswordChecks, PasswordPurpose, check_password,
        common_passwords::refuse_common, concurrent_sessions,
    };
    use crate::audit::{self, AuditEntry, Outcome};

    let state = crate::state::app_state()?;
    let session = super::ssr::current_session().await?;
    let auth = super::ssr::signed_in(&session, &state.session_rules).await?;
    let staff =
        sqlx::query!("SELECT username, display_name FROM staff WHERE id = $1 AND active", auth.staff_id)
            .fetch_optional(&state.pool)
            .await?
            .ok_or(AppError::NotSignedIn)?;
    // The current password is checked like a sign-in, on the account's one count of failures:
    // a session left open is not a way round the lock.
    let client = ClientAddress::of_request().await;
    let purpose = PasswordPurpose::PasswordChange;
    let not_right = || AppError::invalid("current", "Your current password is not right.");
    match check_password(&state.pool, &staff.username, &current, client, purpose).await {
        Ok(PasswordCheck::Correct(id)) if id == auth.staff_id => {}
        Ok(_) => return Err(not_right()),
        Err(AppError::AccountLocked(until) | AppError::AccountLockedHere(until)) => {
            return Err(AppError::invalid(
                "current",
                format!("Too many wrong passwords for this account. Try again after {until}."),
            ));
        }
        Err(other) => return Err(other),
    }
    let problem = |p: PasswordProblem| AppError::invalid("new", p.to_string());
    if new != confirm {
        return Err(AppError::invalid("confirm", PasswordProblem::ConfirmationDiffers.to_string()));
    }
    if new == current {
        return Err(problem(PasswordProblem::Unchanged));
    }
    check_shape(&new, &[&staff.username, &staff.display_name]).map_err(problem)?;
    refuse_common(&new).map_err(problem)?;
    let hash = PasswordChecks::current().hash_new(new.clone()).await?;
    let mut tx = state.pool.begin().await?;
    sqlx::query!(
        "UPDATE staff SET password_hash = $2, failed_sign_ins = 0, locked_until = NULL WHERE id = $1",
        auth.staff_id,
        hash
    )
    .execute(&mut *tx)
    .await?;
    crate::offline::ssr::rotate_queue_key(&mut tx, auth.staff_id).await?;
    audit::record(
        &mut *tx,
        AuditEntry {
            staff_id: Some(auth.staff_id),
            establishment_id: auth.establishment_id,
            patient_id: None,
            action: crate::audit::AuditAction::AuthPasswordChange,
            outcome: Outcome::Allowed,
            detail: "",
        },
    )
    .await?;
    tx.commit().await?;
    // Whoever may have known the old password is signed out everywhere else.
    if let Some(id) = super::ssr::session_id(&session) {
        concurrent_sessions::end_others(&state.pool, auth.staff_id, &id).await?;
    }
    Ok(())
}

#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    // The shape rules run here too, so a short password is explained before anything is sent.
    let early = move || {
        let n = new.get();
        if n.is_empty() {
            return None;
        }
        check_shape(&n, &[]).err().map(|p| p.to_string())
    };
    let field = move |name: &'static str| {
        move || match action.value().get() {
            Some(Err(AppError::Invalid { field, message })) if field == name => Some(message),
            _ => None,
        }
    };
    // The server has rotated the offline keys: the tablet wraps them again, under the new password.
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(()))) {
            crate::offline::tablet_store::remember_password(&new.get_untracked(), "");
        }
    });
    let general = move || match action.value().get() {
        Some(Err(AppError::Invalid { .. })) => None,
        other => form_message(other),
    };
    view! {
        <Title text="Change password · Throughcare" />
        <section class="card narrow" aria-labelledby="password-heading">
            <h1 id="password-heading">"Change your password"</h1>
            <p id="password-rule">
                "At least " {MIN_CHARS} " characters. A few unrelated words are strong and quick to type on a tablet; "
                "capitals, numbers and symbols are not needed. Common or guessable passwords, and your own name, are refused. "
                "Changing it signs you out on your other devices."
            </p>
            {move || matches!(action.value().get(), Some(Ok(()))).then(|| view! {
                <p class="notice" role="status" data-testid="password-changed">"Your password has been changed."</p>
            })}
            <ActionForm action attr:class="password-form">
                <label for="current-password">"Current password"</label>
                <input id="current-password" name="current" type="password" autocomplete="current-password" required />
                <p class="field-error" role="alert">{field("current")}</p>
                <label for="new-password">"New password"</label>
                <input id="new-password" name="new" type="password" autocomplete="new-password" required
                    minlength=MIN_CHARS aria-describedby="password-rule new-password-error"
                    on:input=move |ev| new.set(event_target_value(&ev)) />
                <p id="new-password-error" class="field-error" role="alert">{move || field("new")().or_else(early)}</p>
                <label for="confirm-password">"New password again"</label>
                <input id="confirm-password" name="confirm" type="password" autocomplete="new-password" required
                    on:input=move |ev| confirm.set(event_target_value(&ev)) />
                <p class="field-error" role="alert">{move || field("confirm")().or_else(|| {
                    let (n, c) = (new.get(), confirm.get());
                    (!c.is_empty() && n != c && c.len() >= n.len()).then(|| PasswordProblem::ConfirmationDiffers.to_string())
                })}</p>
                <p class="field-error" role="alert">{general}</p>
                <button type="submit" class="primary" disabled=move || action.pending().get()>"Change password"</button>
            </ActionForm>
        </section>
    }
}

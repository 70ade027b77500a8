use leptos::prelude::*;

#[cfg(feature = "hydrate")]
use crate::components::url;
use crate::error::AppError;

/// Shows why something could not be done, in words the user can act on. When the session has
/// ended, the browser goes to sign-in and comes back here afterwards.
#[component]
pub fn ErrorPanel(error: AppError) -> impl IntoView {
    let needs_sign_in = error.needs_sign_in();
    let choose = matches!(error, AppError::NoEstablishmentChosen);
    let back_to_search = matches!(error, AppError::Refused(_) | AppError::NotFound(_));
    let reason = match error {
        AppError::SessionIdle => "idle",
        AppError::SessionExpired => "expired",
        _ => "required",
    };
    let message = error.to_string();
    if matches!(error, AppError::SessionLocked) {
        match use_context::<crate::auth::ScreenLock>() {
            Some(lock) => {
                lock.stale.set(true);
                lock.locked.set(true);
            }
            None => go_to_unlock(),
        }
    }

    #[cfg(feature = "hydrate")]
    if needs_sign_in {
        Effect::new(move |_| {
            if let Some(window) = web_sys::window() {
                let here = window.location().pathname().unwrap_or_default()
                    + &window.location().search().unwrap_or_default();
                let _ = window
                    .location()
                    .set_href(&format!("/sign-in?reason={reason}&next={}", url::encode(&here)));
            }
        });
    }

    view! {
        <div class="error-panel" role="alert">
            <p>{message}</p>
            {needs_sign_in.then(|| view! { <a href=format!("/sign-in?reason={reason}")>"Sign in"</a> })}
            {choose.then(|| view! { <a href="/choose-establishment">"Choose establishment"</a> })}
            {back_to_search.then(|| view! { <a href="/patients">"Back to patient search"</a> })}
        </div>
    }
}

/// A page outside the signed-in layout met a locked session: unlock on its own page, then return.
fn go_to_unlock() {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let here = window.location().pathname().unwrap_or_default()
            + &window.location().search().unwrap_or_default();
        let _ = window.location().set_href(&format!("/unlock?next={}", url::encode(&here)));
    }
}

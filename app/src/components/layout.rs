use leptos::prelude::*;
use leptos_router::components::{A, Outlet};

use super::ErrorPanel;
use super::idle_watch::watch_for_idle;
use crate::auth::{CurrentUser, SignOut, load_current_user};

/// The frame of every signed-in page: who and where you are, navigation, sign out.
#[component]
pub fn SignedInLayout() -> impl IntoView {
    let user = Resource::new(|| (), |_| load_current_user());
    view! {
        <a class="skip-link" href="#main">"Skip to main content"</a>
        <header class="app-header">
            <a class="brand" href="/">"Throughcare"</a>
            <Suspense fallback=|| view! { <span class="header-loading">"Loading…"</span> }>
                {move || Suspend::new(async move {
                    match user.await {
                        Ok(user) => view! { <HeaderBar user /> }.into_any(),
                        Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    }
                })}
            </Suspense>
        </header>
        <main id="main" tabindex="-1">
            <Outlet />
        </main>
    }
}

#[component]
fn HeaderBar(user: CurrentUser) -> impl IntoView {
    watch_for_idle(user.idle_timeout_secs);
    let sign_out = ServerAction::<SignOut>::new();
    let place = match &user.working_at {
        Some(e) => format!("{} ({})", e.name, e.code),
        None => "No establishment chosen".to_owned(),
    };
    let can_switch = user.establishments.len() > 1 || user.working_at.is_none();
    let manager = user.role == crate::domain::Role::HealthcareManager;
    view! {
        <nav class="main-nav" aria-label="Main">
            <A href="/">"Home"</A>
            <A href="/patients">"Patients"</A>
            <A href="/rounds">"Rounds"</A>
            <A href="/transfers">"Transfers"</A>
            <A href="/clinics">"Clinics"</A>
            <A href="/controlled-drugs">"CD register"</A>
            {manager.then(|| view! { <A href="/break-glass">"Break-glass"</A> <A href="/audit">"Audit"</A> })}
        </nav>
        <div class="who">
            <span class="where" data-testid="working-at">{place}</span>
            {can_switch.then(|| view! { <a class="switch" href="/choose-establishment">"Switch"</a> })}
            <span class="user">{user.display_name.clone()} " · " {user.role.title()}</span>
            <ActionForm action=sign_out attr:class="sign-out">
                <button type="submit" class="secondary">"Sign out"</button>
            </ActionForm>
        </div>
    }
}

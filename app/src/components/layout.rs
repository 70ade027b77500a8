use leptos::prelude::*;
use leptos_router::components::{A, Outlet};

use super::ErrorPanel;
use super::idle_watch::watch_for_idle;
use super::sign_out::SignOutButton;
use crate::auth::{CurrentUser, LockScreen, ScreenLock, load_current_user};
use crate::offline::OfflineRound;

/// The frame of every signed-in page: who and where you are, navigation, sign out.
#[component]
pub fn SignedInLayout() -> impl IntoView {
    let user = Resource::new(|| (), |_| load_current_user());
    let lock = ScreenLock { locked: RwSignal::new(false), stale: RwSignal::new(false) };
    provide_context(lock);
    // The tablet's queue of offline entries belongs to the session, not to the round page: it
    // is sent from any page, and signing out asks about it.
    let offline = OfflineRound::new();
    provide_context(offline);
    crate::offline::keep_the_queue_moving(offline);
    let on_unlocked = Callback::new(move |()| {
        super::idle_watch::unlocked();
        // Offline, the page underneath could not read the tablet's copy while locked (locking
        // drops the keys), so it is loaded again, from the tablet, now that they are back.
        let offline_now = offline.connection.get_untracked() == crate::offline::Connection::Offline;
        if lock.stale.get_untracked() || offline_now {
            reload();
        } else {
            lock.locked.set(false);
        }
    });
    view! {
        <Show when=move || lock.locked.get()>
            <LockScreen on_unlocked />
        </Show>
        // While locked the page stays underneath, unseen and out of reach of keyboard and screen reader.
        <div class="signed-in" class:locked-away=move || lock.locked.get() inert=move || lock.locked.get()>
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
        </div>
    }
}

fn reload() {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

#[component]
fn HeaderBar(user: CurrentUser) -> impl IntoView {
    let lock = expect_context::<ScreenLock>();
    watch_for_idle(
        user.idle_timeout_secs,
        user.lock_after_secs,
        Callback::new(move |()| lock.locked.set(true)),
    );
    let offline = use_context::<OfflineRound>().unwrap_or_default();
    let waiting = move || offline.waiting.with(Vec::len);
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
            <a class="user" href="/account/password" title="Change your password">{user.display_name.clone()} " · " {user.role.title()}</a>
            {move || (waiting() > 0).then(|| view! {
                <a class="waiting-badge" href="/rounds" data-testid="header-waiting">
                    {move || match waiting() { 1 => "1 entry waiting to sync".to_owned(), n => format!("{n} entries waiting to sync") }}
                </a>
            })}
            <button type="button" class="secondary" on:click=move |_| {
                super::idle_watch::lock(Callback::new(move |()| lock.locked.set(true)));
            }>
                "Lock"
            </button>
            <SignOutButton />
        </div>
    }
}

//! The lock screen of a shared tablet: the page stays as it was underneath, hidden, until the same
//! user types their password; anyone else signs out.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{SignOut, UnlockScreen, load_locked_user};
use crate::components::form_message;

/// Whether the signed-in layout is locked; provided by it, set by the idle watch, the Lock button
/// and any server answer that says the screen is locked.
#[derive(Clone, Copy, Debug)]
pub struct ScreenLock {
    pub locked: RwSignal<bool>,
    /// Something on the page failed because the screen was locked: after unlocking, the page is
    /// loaded again rather than left showing that failure.
    pub stale: RwSignal<bool>,
}

#[component]
pub fn LockScreen(on_unlocked: Callback<()>) -> impl IntoView {
    let who = Resource::new(|| (), |_| load_locked_user());
    let unlock = ServerAction::<UnlockScreen>::new();
    let sign_out = ServerAction::<SignOut>::new();
    Effect::new(move |_| match unlock.value().get() {
        Some(Ok(())) => on_unlocked.run(()),
        Some(Err(e)) if e.needs_sign_in() => go_to("/sign-in?reason=locked_out"),
        _ => {}
    });
    view! {
        <div class="lock-screen" role="dialog" aria-modal="true" aria-labelledby="lock-heading" data-testid="lock-screen">
            <div class="card lock-card">
                <h1 id="lock-heading">"Screen locked"</h1>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        who.await.ok().map(|u| view! {
                            <p>"Locked for " <strong>{u.display_name}</strong> " (" {u.username} "). Enter your password to carry on where you were."</p>
                        })
                    })}
                </Suspense>
                <ActionForm action=unlock attr:class="unlock-form">
                    <label for="unlock-password">"Password"</label>
                    <input id="unlock-password" name="password" type="password" autocomplete="current-password" required autofocus />
                    <p class="field-error" role="alert">{move || form_message(unlock.value().get())}</p>
                    <button type="submit" class="primary" disabled=move || unlock.pending().get()>"Unlock"</button>
                </ActionForm>
                <ActionForm action=sign_out attr:class="sign-out">
                    <button type="submit" class="secondary">"Not you? Sign out"</button>
                </ActionForm>
            </div>
        </div>
    }
}

/// Where a locked session lands when a page is (re)loaded: unlock, then back to the page.
#[component]
pub fn UnlockPage() -> impl IntoView {
    let query = use_query_map();
    let on_unlocked = Callback::new(move |()| {
        let next = query.with_untracked(|q| super::safe_next_path(q.get("next").as_deref()));
        go_to(&next);
    });
    view! {
        <Title text="Screen locked · Throughcare" />
        <main id="main" class="sign-in">
            <LockScreen on_unlocked />
        </main>
    }
}

fn go_to(path: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_href(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

//! The lock screen of a shared tablet: the page stays as it was underneath, hidden, until the same
//! user types their password; anyone else signs out.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{SignOut, UnlockScreen, load_locked_user, unlock_screen};
use crate::error::AppError;

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
    let sign_out = ServerAction::<SignOut>::new();
    let password = NodeRef::<leptos::html::Input>::new();
    let pending = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    // Offline the server cannot say who; the tablet remembers whose keys it wrapped. Read from
    // IndexedDB once the page runs in the browser (a future that is not Send, so not in Suspend).
    let offline_username = RwSignal::new(None::<String>);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            offline_username.set(crate::offline::tablet_store::locked_for().await);
        });
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(typed) = password.get_untracked().map(|input| input.value()) else {
            return;
        };
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        message.set(None);
        let username = who.get_untracked().and_then(Result::ok).map(|u| u.username);
        leptos::task::spawn_local(async move {
            let answer = unlock_screen(typed.clone()).await;
            let next = after_unlock_attempt(answer, &typed, username.as_deref()).await;
            pending.set(false);
            match next {
                Unlocked::Yes => {
                    #[cfg(feature = "hydrate")]
                    crate::offline::tablet_store::set_locked(false);
                    on_unlocked.run(())
                }
                Unlocked::SignedOut => go_to("/sign-in?reason=locked_out"),
                Unlocked::No(why) => message.set(Some(why)),
            }
        });
    };
    view! {
        <div class="lock-screen" role="dialog" aria-modal="true" aria-labelledby="lock-heading" data-testid="lock-screen">
            <div class="card lock-card">
                <h1 id="lock-heading">"Screen locked"</h1>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let known = who.await.ok().map(|u| (u.display_name, Some(u.username)));
                        let offline = known.is_none();
                        move || {
                            // Offline the server cannot say who; the tablet remembers whose keys
                            // it wrapped.
                            let username = known.clone().or_else(|| {
                                offline.then(|| offline_username.get()).flatten().map(|u| (u, None))
                            });
                            username.map(|(name, username)| view! {
                                <p>
                                    "Locked for " <strong>{name}</strong>
                                    {username.map(|u| format!(" ({u})"))}
                                    ". Enter your password to carry on where you were."
                                </p>
                            })
                        }
                    })}
                </Suspense>
                <form method="post" action=UnlockScreen::url() class="unlock-form" on:submit=on_submit>
                    <label for="unlock-password">"Password"</label>
                    <input id="unlock-password" name="password" type="password" autocomplete="current-password" required autofocus node_ref=password />
                    <p class="field-error" role="alert">{move || message.get()}</p>
                    <button type="submit" class="primary" disabled=move || pending.get()>
                        {move || if pending.get() { "Checking…" } else { "Unlock" }}
                    </button>
                </form>
                <ActionForm action=sign_out attr:class="sign-out">
                    <button type="submit" class="secondary">"Not you? Sign out"</button>
                </ActionForm>
            </div>
        </div>
    }
}

enum Unlocked {
    Yes,
    SignedOut,
    No(String),
}

/// The server decides when it can be reached; with no network the tablet checks the password by
/// unwrapping the keys it wrapped under it at sign-in, with the same five tries.
async fn after_unlock_attempt(answer: Result<(), AppError>, typed: &str, username: Option<&str>) -> Unlocked {
    match answer {
        Ok(()) => {
            #[cfg(feature = "hydrate")]
            crate::offline::tablet_store::remember_password(typed, username.unwrap_or_default());
            Unlocked::Yes
        }
        Err(e) if e.needs_sign_in() => Unlocked::SignedOut,
        Err(AppError::Unreachable(_)) => unlock_offline(typed).await,
        Err(AppError::Invalid { message, .. }) => Unlocked::No(message),
        Err(e) => {
            let _ = (typed, username);
            Unlocked::No(e.to_string())
        }
    }
}

#[cfg(feature = "hydrate")]
async fn unlock_offline(typed: &str) -> Unlocked {
    use crate::offline::tablet_store::{OfflinePasswordCheck, check_password};
    match check_password(typed).await {
        OfflinePasswordCheck::Right => Unlocked::Yes,
        OfflinePasswordCheck::Wrong { tries_left } => Unlocked::No(format!(
            "That password is not right. {tries_left} more tries before you are signed out."
        )),
        OfflinePasswordCheck::SignedOut => Unlocked::SignedOut,
        OfflinePasswordCheck::Unavailable => Unlocked::No(NO_OFFLINE_UNLOCK.to_owned()),
    }
}

#[cfg(not(feature = "hydrate"))]
async fn unlock_offline(_typed: &str) -> Unlocked {
    Unlocked::No(NO_OFFLINE_UNLOCK.to_owned())
}

const NO_OFFLINE_UNLOCK: &str = "No connection, and this tablet cannot check your password without one \
    (you signed in before the page had finished loading). Move into Wi-Fi coverage to unlock; \
    entries recorded offline are kept.";

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

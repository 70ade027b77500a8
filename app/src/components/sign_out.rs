//! Signing out of a shared tablet. Entries recorded without a network and not yet sent are not
//! lost by a sign-out (they stay sealed on the tablet for their author), but the nurse is told
//! before leaving them there, and offered to send them first. Without a network the server
//! cannot end the session, so the nurse is told that too and offered the lock instead.

use leptos::prelude::*;

use super::idle_watch;
use crate::auth::{ScreenLock, SignOut};
use crate::error::AppError;
use crate::offline::{Connection, OfflineRound};

#[component]
pub fn SignOutButton() -> impl IntoView {
    let lock = expect_context::<ScreenLock>();
    let offline = use_context::<OfflineRound>().unwrap_or_default();
    let sign_out = ServerAction::<SignOut>::new();
    let asking = RwSignal::new(false);
    let waiting = move || offline.waiting.with(Vec::len);
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if waiting() > 0 {
            ev.prevent_default();
            asking.set(true);
        }
    };
    let lock_here = move || idle_watch::lock(Callback::new(move |()| lock.locked.set(true)));
    let unreachable = move || matches!(sign_out.value().get(), Some(Err(AppError::Unreachable(_))));
    let lock_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = lock_button.get() {
            let _ = button.focus();
        }
    });
    view! {
        <ActionForm action=sign_out attr:class="sign-out">
            <button type="submit" class="secondary" on:click=on_click>"Sign out"</button>
        </ActionForm>
        <Show when=unreachable>
            <div class="modal-backdrop">
            <div class="sign-out-warning card" role="alertdialog" aria-modal="true"
                aria-labelledby="sign-out-offline-heading" data-testid="sign-out-offline">
                <h2 id="sign-out-offline-heading">"You are still signed in"</h2>
                <p>"There is no network, so the record cannot end your session. Lock the screen now, and sign out when you are back in Wi-Fi coverage."</p>
                <div class="actions">
                    <button type="button" class="primary" node_ref=lock_button on:click=move |_| { sign_out.value().set(None); lock_here(); }>"Lock the screen"</button>
                    <button type="button" class="secondary" on:click=move |_| sign_out.value().set(None)>"Close"</button>
                </div>
            </div>
            </div>
        </Show>
        <Show when=move || asking.get()>
            <WaitingEntriesWarning offline asking on_sign_out=Callback::new(move |()| {
                asking.set(false);
                sign_out.dispatch(SignOut {});
            }) />
        </Show>
    }
}

#[component]
fn WaitingEntriesWarning(
    offline: OfflineRound,
    asking: RwSignal<bool>,
    on_sign_out: Callback<()>,
) -> impl IntoView {
    let waiting = move || offline.waiting.with(Vec::len);
    let stay = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = stay.get() {
            let _ = button.focus();
        }
    });
    let live = move || offline.connection.get() == Connection::Live;
    let sign_out_class = move || if waiting() > 0 { "danger" } else { "primary" };
    view! {
        <div class="modal-backdrop">
        <div class="sign-out-warning card" role="alertdialog" aria-modal="true"
            aria-labelledby="sign-out-warning-heading" aria-describedby="sign-out-warning-detail"
            data-testid="sign-out-warning"
            on:keydown=move |ev| if ev.key() == "Escape" { asking.set(false) }>
            <h2 id="sign-out-warning-heading">
                {move || match waiting() {
                    0 => "Every entry has been sent".to_owned(),
                    1 => "1 entry has not been sent yet".to_owned(),
                    n => format!("{n} entries have not been sent yet"),
                }}
            </h2>
            <div id="sign-out-warning-detail">
                {move || (waiting() > 0).then(|| view! {
                    <p>"They were recorded on this tablet without a network and are not in the record yet."</p>
                    <p>"If you sign out now they stay sealed on this tablet, where nobody else can read or send them, and are sent when you sign in here again."</p>
                })}
                {move || (waiting() > 0 && !live()).then(|| view! {
                    <p class="sync-problem">"There is no network here to send them now."</p>
                })}
                {move || offline.sync_problem.get().map(|p| view! { <p class="sync-problem">{p}</p> })}
            </div>
            <div class="actions">
                {move || (waiting() > 0 && live()).then(|| view! {
                    <button type="button" class="primary" disabled=move || offline.syncing.get()
                        on:click=move |_| offline.sync()>
                        {move || if offline.syncing.get() { "Sending…" } else { "Send them now" }}
                    </button>
                })}
                <button type="button" class="secondary" node_ref=stay on:click=move |_| asking.set(false)>"Stay signed in"</button>
                <button type="button" class=sign_out_class
                    on:click=move |_| on_sign_out.run(())>
                    {move || if waiting() > 0 { "Sign out and leave them on this tablet" } else { "Sign out" }}
                </button>
            </div>
        </div>
        </div>
    }
}

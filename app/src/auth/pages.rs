use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{ChooseEstablishment, SignIn, load_current_user};
use crate::components::ErrorPanel;
use crate::error::AppError;

fn reason_message(reason: &str) -> Option<&'static str> {
    match reason {
        "idle" => Some("You were signed out because the screen was left idle."),
        "expired" => Some("Your session reached its maximum length. Please sign in again."),
        "signed_out" => Some("You have signed out."),
        "locked_out" => Some("You were signed out after too many wrong passwords at the lock screen."),
        "required" => Some("Please sign in to continue."),
        _ => None,
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    // Every way out of a session ends here: the tablet forgets the offline-round key, so what a
    // queue holds cannot be read until its author signs in again.
    #[cfg(feature = "hydrate")]
    Effect::new(|_| crate::offline::tablet_store::forget_key());
    let query = use_query_map();
    let sign_in = ServerAction::<SignIn>::new();
    let next = move || query.with(|q| q.get("next").unwrap_or_default());
    let notice = move || query.with(|q| q.get("reason").and_then(|r| reason_message(&r)));
    let error = move || sign_in.value().get().and_then(Result::err);
    let field_error = move |field: &'static str| {
        move || match error() {
            Some(AppError::Invalid { field: f, message }) if f == field => Some(message),
            _ => None,
        }
    };
    let general_error = move || match error() {
        Some(AppError::Invalid { .. }) | None => None,
        Some(e) => Some(e.to_string()),
    };
    let username = NodeRef::<leptos::html::Input>::new();
    let password = NodeRef::<leptos::html::Input>::new();
    // The password is in hand only here: the offline keys are wrapped under it, so that the
    // screen lock can be lifted in a dead zone later. The last attempt before the page leaves is the one that signed in.
    let remember_for_offline_unlock = move |_: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        if let (Some(u), Some(p)) = (username.get_untracked(), password.get_untracked()) {
            crate::offline::tablet_store::remember_password(&p.value(), u.value().trim());
        }
    };

    view! {
        <Title text="Sign in · Throughcare" />
        <main id="main" class="sign-in">
            <h1>"Throughcare"</h1>
            <p class="tagline">"Prison healthcare record"</p>
            {move || notice().map(|n| view! { <p class="notice" role="status">{n}</p> })}
            <ActionForm action=sign_in attr:class="card sign-in-form" on:submit=remember_for_offline_unlock>
                <h2>"Sign in"</h2>
                {move || general_error().map(|e| view! { <p class="error-panel" role="alert">{e}</p> })}
                <label for="username">"Username"</label>
                <input id="username" name="username" type="text" autocomplete="username" required node_ref=username
                    autocapitalize="none" spellcheck="false" />
                {move || field_error("username")().map(|e| view! { <p class="field-error">{e}</p> })}
                <label for="password">"Password"</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required node_ref=password />
                {move || field_error("password")().map(|e| view! { <p class="field-error">{e}</p> })}
                <input type="hidden" name="next" prop:value=next />
                <button type="submit" class="primary" disabled=move || sign_in.pending().get()>
                    {move || if sign_in.pending().get() { "Signing in…" } else { "Sign in" }}
                </button>
            </ActionForm>
        </main>
    }
}

#[component]
pub fn ChooseEstablishmentPage() -> impl IntoView {
    let query = use_query_map();
    let next = move || query.with(|q| q.get("next").unwrap_or_default());
    let user = Resource::new(|| (), |_| load_current_user());
    let choose = ServerAction::<ChooseEstablishment>::new();
    view! {
        <Title text="Choose establishment · Throughcare" />
        <main id="main" class="sign-in">
            <h1>"Where are you working today?"</h1>
            {move || choose.value().get().and_then(Result::err).map(|error| view! { <ErrorPanel error /> })}
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match user.await {
                        Err(error) => view! { <ErrorPanel error /> }.into_any(),
                        Ok(user) if user.establishments.is_empty() => view! {
                            <p class="error-panel" role="alert">
                                "Your account is not linked to any establishment. Ask your healthcare manager to add you."
                            </p>
                        }.into_any(),
                        Ok(user) => view! {
                            <ul class="establishment-choices">
                                {user.establishments.into_iter().map(|e| view! {
                                    <li>
                                        <ActionForm action=choose>
                                            <input type="hidden" name="establishment_id" value=e.id.to_string() />
                                            <input type="hidden" name="next" prop:value=next />
                                            <button type="submit" class="choice">
                                                <span class="choice-name">{e.name.clone()}</span>
                                                <span class="choice-code">{e.code.clone()}</span>
                                            </button>
                                        </ActionForm>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}

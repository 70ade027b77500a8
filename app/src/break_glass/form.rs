use leptos::prelude::*;

use super::StartBreakGlass;
use crate::components::form_message;
use crate::domain::break_glass::{REASON_MAX_CHARS, reason as checked_reason};

/// Offered where a record cannot be opened: read it anyway, for a stated reason that the
/// healthcare manager will review.
#[component]
pub fn BreakGlassForm(prison_number: Signal<String>, on_granted: Callback<()>) -> impl IntoView {
    let action = ServerAction::<StartBreakGlass>::new();
    let reason = RwSignal::new(String::new());
    let client_error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_granted.run(());
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // The same rule the server applies, so a short reason is caught without a round trip.
        match checked_reason(&reason.get_untracked()) {
            Ok(text) => {
                client_error.set(None);
                action
                    .dispatch(StartBreakGlass { prison_number: prison_number.get_untracked(), reason: text });
            }
            Err(refusal) => client_error.set(Some(refusal.to_string())),
        }
    };
    let message = move || client_error.get().or_else(|| form_message(action.value().get()));
    view! {
        <section class="card break-glass" aria-labelledby="break-glass-heading" data-testid="break-glass-form">
            <h2 id="break-glass-heading">"Emergency access (break-glass)"</h2>
            <p id="break-glass-explained">
                "If you have a clinical reason to see this record now, you can open it to read for a limited time. "
                "Your name, the time and your reason are recorded and reviewed by your healthcare manager. "
                "You cannot add to the record this way."
            </p>
            <form on:submit=on_submit novalidate>
                <label for="break-glass-reason">"Reason for opening this record"</label>
                <textarea
                    id="break-glass-reason"
                    name="reason"
                    rows="3"
                    maxlength=REASON_MAX_CHARS
                    aria-describedby="break-glass-explained break-glass-message"
                    aria-invalid=move || message().is_some().to_string()
                    prop:value=move || reason.get()
                    on:input=move |ev| reason.set(event_target_value(&ev))
                ></textarea>
                // Only there when there is something to say, so the page's refusal stays its one alert.
                {move || message().map(|m| view! { <p id="break-glass-message" class="field-error" role="alert">{m}</p> })}
                <button type="submit" class="danger" aria-busy=move || action.pending().get().to_string()>
                    "Open the record (break-glass)"
                </button>
            </form>
        </section>
    }
}

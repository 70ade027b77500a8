use leptos::prelude::*;

use super::{
    CERTAINTIES, CloseAlert, OpenAlert, RaiseAlert, RecordAllergy, RecordNoKnownAllergies, SEVERITIES,
    check_allergy, load_alert_types, load_open_alerts,
};
use crate::components::field::{FieldErrors, FieldMessage, TextField};
use crate::components::{ErrorPanel, format};
use crate::domain::record_checks::{alert_problems, close_reason_problems};

use crate::components::form_message as message;
use crate::record::{RecordVersion, refresh_record_on_success as refresh_on_success};

/// Allergies and alerts, recorded from the patient's page; the banner updates at once.
#[component]
pub fn RecordRisksPanel(prison_number: Signal<String>) -> impl IntoView {
    view! {
        <section class="card record-risks" aria-label="Allergies, alerts and problems">
            <AllergyForm prison_number />
            <AlertForms prison_number />
            <crate::problems::ProblemForm prison_number />
        </section>
    }
    // Erased here so the patient page's view type stays shallow enough to compile.
    .into_any()
}

#[component]
fn AllergyForm(prison_number: Signal<String>) -> impl IntoView {
    let record = ServerAction::<RecordAllergy>::new();
    let none = ServerAction::<RecordNoKnownAllergies>::new();
    refresh_on_success(record);
    refresh_on_success(none);
    let form = NodeRef::<leptos::html::Form>::new();
    let substance = NodeRef::<leptos::html::Input>::new();
    let reaction = NodeRef::<leptos::html::Input>::new();
    let severity = NodeRef::<leptos::html::Select>::new();
    let certainty = NodeRef::<leptos::html::Select>::new();
    let checked = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(Ok(())) = record.value().get()
            && let Some(f) = form.get_untracked()
        {
            f.reset();
        }
    });
    // The same rule the server applies runs here first, so a missing answer is named at once.
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let allergy = RecordAllergy {
            prison_number: prison_number.get_untracked(),
            substance: substance.get_untracked().map(|e| e.value()).unwrap_or_default(),
            reaction: reaction.get_untracked().map(|e| e.value()).unwrap_or_default(),
            severity: severity.get_untracked().map(|e| e.value()).unwrap_or_default(),
            certainty: certainty.get_untracked().map(|e| e.value()).unwrap_or_default(),
        };
        match check_allergy(&allergy.substance, &allergy.reaction, &allergy.severity, &allergy.certainty) {
            Err((_, message)) => checked.set(Some(message)),
            Ok(()) => {
                checked.set(None);
                record.dispatch(allergy);
            }
        }
    };
    view! {
        <details class="record-form">
            <summary>"Record an allergy"</summary>
            <form node_ref=form on:submit=on_submit novalidate>
                <div class="form-grid">
                    <div>
                        <label for="allergy-substance">"Substance"</label>
                        <input type="text" id="allergy-substance" node_ref=substance required maxlength="200" autocomplete="off" />
                    </div>
                    <div>
                        <label for="allergy-reaction">"Reaction"</label>
                        <input type="text" id="allergy-reaction" node_ref=reaction required maxlength="200" autocomplete="off" />
                    </div>
                    <div>
                        <label for="allergy-severity">"Severity"</label>
                        <select id="allergy-severity" node_ref=severity required>
                            <option value="">"Choose…"</option>
                            {SEVERITIES.iter().map(|(code, title)| view! { <option value=*code>{*title}</option> }).collect_view()}
                        </select>
                    </div>
                    <div>
                        <label for="allergy-certainty">"Certainty"</label>
                        <select id="allergy-certainty" node_ref=certainty>
                            {CERTAINTIES.iter().map(|(code, title)| view! { <option value=*code>{*title}</option> }).collect_view()}
                        </select>
                    </div>
                </div>
                {move || checked.get().or_else(|| message(record.value().get())).map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                {move || matches!(record.value().get(), Some(Ok(()))).then(|| view! { <p class="saved" role="status">"Allergy recorded."</p> })}
                <button type="submit" class="primary" disabled=move || record.pending().get()>"Record allergy"</button>
            </form>
            <ActionForm action=none attr:class="inline-form">
                <input type="hidden" name="prison_number" prop:value=move || prison_number.get() />
                <button type="submit" class="secondary">"Record no known allergies"</button>
                {move || message(none.value().get()).map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </ActionForm>
        </details>
    }
}

#[component]
fn AlertForms(prison_number: Signal<String>) -> impl IntoView {
    let raise = ServerAction::<RaiseAlert>::new();
    refresh_on_success(raise);
    let types = Resource::new(|| (), |_| load_alert_types());
    let errors = FieldErrors::for_action("alert", raise);
    // The server's rule runs first in the browser: no type chosen is said beside the choice.
    let check = move |ev: leptos::ev::SubmitEvent| {
        errors.check_submit(&ev, |a: RaiseAlert| alert_problems(&a.alert_type, &a.note))
    };
    let version = RecordVersion::current();
    let open = Resource::new(move || (prison_number.get(), version.get()), |(pn, _)| load_open_alerts(pn));
    view! {
        <details class="record-form">
            <summary>"Raise or close an alert"</summary>
            <ActionForm action=raise attr:novalidate=true on:submit:capture=check>
                <input type="hidden" name="prison_number" prop:value=move || prison_number.get() />
                <div class="form-grid">
                    <div class="field">
                        <label for=errors.id("alert_type")>"Alert to raise"</label>
                        <select id=errors.id("alert_type") name="alert_type" required aria-describedby=errors.error_id("alert_type")
                            aria-invalid=move || errors.message("alert_type").is_some().to_string()>
                            <option value="">"Choose…"</option>
                            <Suspense fallback=|| ()>
                                {move || Suspend::new(async move {
                                    types.await.unwrap_or_default().into_iter().map(|t| view! {
                                        <option value=t.code.clone()>{t.name.clone()}</option>
                                    }).collect_view()
                                })}
                            </Suspense>
                        </select>
                        <FieldMessage errors field="alert_type" />
                    </div>
                    <div class="wide">
                        <TextField errors field="note" label="Note on the alert (optional)" />
                    </div>
                </div>
                {move || errors.general().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                <button type="submit" class="primary" disabled=move || raise.pending().get()>"Raise alert"</button>
            </ActionForm>
            <h3>"Open alerts"</h3>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match open.await {
                        Err(error) => view! { <ErrorPanel error /> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p class="muted">"No open alerts."</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="open-alerts">
                                {list.into_iter().map(|alert| view! { <li><CloseAlertForm alert /></li> }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Transition>
        </details>
    }
}

/// Closing one open alert, with the reason checked in the browser first and any refusal shown
/// beside this alert's reason (each alert has its own form and ids).
#[component]
fn CloseAlertForm(alert: OpenAlert) -> impl IntoView {
    let close = ServerAction::<CloseAlert>::new();
    refresh_on_success(close);
    let errors = FieldErrors::for_action(format!("close-alert-{}", alert.id), close);
    let check = move |ev: leptos::ev::SubmitEvent| {
        errors.check_submit(&ev, |args: CloseAlert| close_reason_problems(&args.reason))
    };
    view! {
        <strong>{alert.name.clone()}</strong>
        " " <span class="muted">"since " {format::date_time(alert.since)}</span>
        <ActionForm action=close attr:class="close-alert" attr:novalidate=true on:submit:capture=check>
            <input type="hidden" name="alert_id" value=alert.id.to_string() />
            <TextField errors field="reason" label=format!("Reason for closing {}", alert.name) required=true />
            {move || errors.general().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            <button type="submit" class="secondary" disabled=move || close.pending().get()>"Close alert"</button>
        </ActionForm>
    }
}

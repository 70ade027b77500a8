use leptos::prelude::*;

use super::{RecordReceptionScreening, ScreeningPrefill};
use crate::components::field::{ChoiceField, FieldErrors, TextField};
use crate::components::format;
use crate::domain::screening::{RISK_LEVELS, ReceptionScreening, USE_LEVELS};
use crate::record::refresh_record_on_success;

/// The first-stage reception health screen, before the first night in a cell. After a transfer it
/// starts from what the handover says, for the nurse to check with the patient.
#[component]
pub fn ScreeningForm(
    prison_number: Signal<String>,
    #[prop(optional)] prefill: Option<ScreeningPrefill>,
) -> impl IntoView {
    let save = ServerAction::<RecordReceptionScreening>::new();
    refresh_record_on_success(save);
    let errors = FieldErrors::for_action("scr", save);
    let from_handover = prefill.is_some();
    let prefill = prefill.unwrap_or_default();
    // The rule the server applies runs here first: a missing answer is named beside its field
    // and nothing is sent (or lost) until the screen is complete.
    let check = move |ev: leptos::ev::SubmitEvent| {
        errors.check_submit(&ev, |args: RecordReceptionScreening| ReceptionScreening::from(&args).problems())
    };
    view! {
        <details class="record-form" open=from_handover>
            <summary>"Reception screening (first stage)"</summary>
            {from_handover.then(|| view! {
                <p class="muted">"Filled in from the handover: check each answer with the patient before saving."</p>
            })}
            <ActionForm action=save attr:class="screening-form" attr:novalidate=true on:submit:capture=check>
                <input type="hidden" name="prison_number" prop:value=move || prison_number.get() />
                <TextField errors field="physical_health" label="Physical health (conditions, injuries, pain)" rows=2 required=true value=prefill.physical_health />
                <TextField errors field="current_medicines" label="Current medicines and doses (or 'none')" rows=3 required=true value=prefill.current_medicines />
                <TextField errors field="last_dose" label="When was the last dose taken?" value=prefill.last_dose />
                <div class="form-grid">
                    <ChoiceField errors field="alcohol" label="Alcohol use" options=&USE_LEVELS />
                    <ChoiceField errors field="drugs" label="Drug use" options=&USE_LEVELS />
                    <ChoiceField errors field="withdrawal_risk" label="Withdrawal risk" options=&RISK_LEVELS />
                    <ChoiceField errors field="self_harm_risk" label="Self-harm and suicide risk" options=&RISK_LEVELS />
                </div>
                <TextField errors field="mental_health" label="Mental health (or 'none reported')" rows=2 required=true />
                <label class="check" for="scr-ld">
                    <input type="checkbox" id="scr-ld" name="learning_disability" />
                    "Learning disability or difficulty"
                </label>
                <label class="check" for="scr-urgent">
                    <input type="checkbox" id="scr-urgent" name="urgent_referral" />
                    "Urgent referral needed tonight"
                </label>
                <TextField errors field="notes" label="Notes (optional)" rows=2 value=prefill.notes />
                {move || errors.general().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                {move || save.value().get().and_then(Result::ok).map(|saved| view! {
                    <p class="saved" role="status" data-testid="screening-saved">
                        "Screening saved. Second-stage health assessment due by "
                        {format::date_time(saved.second_stage_due_at)} "."
                        {saved.acct_opened.then_some(" An ACCT has been opened.")}
                    </p>
                })}
                <button type="submit" class="primary" disabled=move || save.pending().get()>"Save screening"</button>
            </ActionForm>
        </details>
    }
}

use leptos::prelude::*;

use super::{RecordReceptionScreening, ScreeningPrefill};
use crate::components::{form_message, format};
use crate::domain::screening::{RISK_LEVELS, USE_LEVELS};
use crate::patients::refresh_record_on_success;

#[component]
fn Choice(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    options: &'static [(&'static str, &'static str)],
) -> impl IntoView {
    view! {
        <div>
            <label for=id>{label}</label>
            <select id=id name=name required>
                <option value="">"Choose…"</option>
                {options.iter().map(|(code, title)| view! { <option value=*code>{*title}</option> }).collect_view()}
            </select>
        </div>
    }
}

/// The first-stage reception health screen, before the first night in a cell. After a transfer it
/// starts from what the handover says, for the nurse to check with the patient.
#[component]
pub fn ScreeningForm(
    prison_number: Signal<String>,
    #[prop(optional)] prefill: Option<ScreeningPrefill>,
) -> impl IntoView {
    let save = ServerAction::<RecordReceptionScreening>::new();
    refresh_record_on_success(save);
    let from_handover = prefill.is_some();
    let prefill = prefill.unwrap_or_default();
    view! {
        <details class="record-form" open=from_handover>
            <summary>"Reception screening (first stage)"</summary>
            {from_handover.then(|| view! {
                <p class="muted">"Filled in from the handover: check each answer with the patient before saving."</p>
            })}
            <ActionForm action=save attr:class="screening-form">
                <input type="hidden" name="prison_number" prop:value=move || prison_number.get() />
                <label for="scr-physical">"Physical health (conditions, injuries, pain)"</label>
                <textarea id="scr-physical" name="physical_health" rows="2" required>{prefill.physical_health}</textarea>
                <label for="scr-medicines">"Current medicines and doses (or 'none')"</label>
                <textarea id="scr-medicines" name="current_medicines" rows="3" required>{prefill.current_medicines}</textarea>
                <label for="scr-last-dose">"When was the last dose taken?"</label>
                <input type="text" id="scr-last-dose" name="last_dose" autocomplete="off" value=prefill.last_dose />
                <div class="form-grid">
                    <Choice id="scr-alcohol" name="alcohol" label="Alcohol use" options=&USE_LEVELS />
                    <Choice id="scr-drugs" name="drugs" label="Drug use" options=&USE_LEVELS />
                    <Choice id="scr-withdrawal" name="withdrawal_risk" label="Withdrawal risk" options=&RISK_LEVELS />
                    <Choice id="scr-self-harm" name="self_harm_risk" label="Self-harm and suicide risk" options=&RISK_LEVELS />
                </div>
                <label for="scr-mental">"Mental health (or 'none reported')"</label>
                <textarea id="scr-mental" name="mental_health" rows="2" required></textarea>
                <label class="check" for="scr-ld">
                    <input type="checkbox" id="scr-ld" name="learning_disability" />
                    "Learning disability or difficulty"
                </label>
                <label class="check" for="scr-urgent">
                    <input type="checkbox" id="scr-urgent" name="urgent_referral" />
                    "Urgent referral needed tonight"
                </label>
                <label for="scr-notes">"Notes (optional)"</label>
                <textarea id="scr-notes" name="notes" rows="2">{prefill.notes}</textarea>
                {move || form_message(save.value().get()).map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
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

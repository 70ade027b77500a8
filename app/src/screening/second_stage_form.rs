use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::RecordSecondStage;
use crate::components::field::{ChoiceField, FieldErrors, TextField};
use crate::components::format;
use crate::domain::second_stage::{BBV_TESTING, DENTAL, IMMUNISATIONS, OPTICAL, SMOKING, SOCIAL_CARE};
use crate::record::refresh_record_on_success;

/// The second-stage health assessment (NICE NG57), due within 7 days of reception. Opened
/// straight away when the worklist sends the nurse here (`?assess=second`).
#[component]
pub fn SecondStageForm(prison_number: Signal<String>) -> impl IntoView {
    let save = ServerAction::<RecordSecondStage>::new();
    refresh_record_on_success(save);
    let errors = FieldErrors::for_action("ssa", save).within("assessment");
    let form = NodeRef::<leptos::html::Form>::new();
    let query = use_query_map();
    let open = query.with_untracked(|q| q.get("assess").as_deref() == Some("second"));
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get()
            && let Some(f) = form.get_untracked()
        {
            f.reset();
        }
    });
    // The rule the server applies runs first here: nothing is sent, and nothing typed is lost,
    // until every answer passes.
    let check = move |ev: leptos::ev::SubmitEvent| {
        errors.check_submit(&ev, |args: RecordSecondStage| args.assessment.problems())
    };
    view! {
        <details class="record-form" id="second-stage" open=open>
            <summary>"Second-stage health assessment (within 7 days)"</summary>
            <ActionForm action=save node_ref=form attr:class="screening-form" attr:novalidate=true on:submit:capture=check>
                <input type="hidden" name="prison_number" prop:value=move || prison_number.get() />
                <fieldset>
                    <legend>"Physical health examination"</legend>
                    <div class="form-grid">
                        <TextField errors field="blood_pressure" label="Blood pressure (mmHg)" required=true />
                        <TextField errors field="pulse" label="Pulse (beats a minute)" required=true />
                        <TextField errors field="weight_kg" label="Weight in kg (optional)" />
                        <TextField errors field="height_cm" label="Height in cm (optional)" />
                    </div>
                    <TextField errors field="examination" label="Examination findings" rows=2 required=true />
                    <TextField errors field="long_term_conditions" label="Long-term conditions: how they are now, treatment (or 'none')" rows=2 required=true />
                </fieldset>
                <fieldset>
                    <legend>"Substance misuse and mental health follow-up"</legend>
                    <TextField errors field="substance_misuse" label="Alcohol and drugs since reception: withdrawal, treatment (or 'none')" rows=2 required=true />
                    <ChoiceField errors field="smoking" label="Smoking" options=&SMOKING />
                    <TextField errors field="mental_health" label="Mental health since reception: mood, self-harm, referral (or 'none')" rows=2 required=true />
                    <TextField errors field="neurodiversity" label="Learning disability, autism, ADHD or brain injury (optional)" rows=2 />
                </fieldset>
                <fieldset>
                    <legend>"Sexual health, blood-borne viruses and immunisations"</legend>
                    <div class="form-grid">
                        <ChoiceField errors field="bbv_testing" label="Blood-borne virus testing (HIV, hepatitis B and C)" options=&BBV_TESTING />
                        <ChoiceField errors field="immunisations" label="Immunisations" options=&IMMUNISATIONS />
                    </div>
                    <TextField errors field="sexual_health" label="Sexual health notes (say why if testing was not offered)" rows=2 />
                </fieldset>
                <fieldset>
                    <legend>"Other needs"</legend>
                    <div class="form-grid">
                        <ChoiceField errors field="dental" label="Dental" options=&DENTAL />
                        <ChoiceField errors field="optical" label="Optical" options=&OPTICAL />
                        <ChoiceField errors field="social_care" label="Social care" options=&SOCIAL_CARE />
                    </div>
                </fieldset>
                <TextField errors field="plan" label="Plan: referrals, follow-up and who does what" rows=3 required=true />
                {move || errors.general().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                {move || save.value().get().and_then(Result::ok).map(|saved| view! {
                    <p class="saved" role="status" data-testid="second-stage-saved">
                        "Second-stage health assessment saved " {format::date_time(saved.completed_at)} "."
                        {saved.was_due_at.filter(|due| *due < saved.completed_at).map(|due| format!(
                            " It was due by {}: the delay is on the record.", format::date_time(due)
                        ))}
                    </p>
                })}
                <button type="submit" class="primary" disabled=move || save.pending().get()>"Save assessment"</button>
            </ActionForm>
        </details>
    }
}

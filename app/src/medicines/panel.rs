use leptos::prelude::*;

use super::prescribe_form::PrescribeForm;
use super::{
    ActivePrescription, OST_REVIEW_DECISIONS, RecordOstReview, StopPrescription, SupplyInPossession,
    load_medicines,
};
use crate::components::form_message as message;
use crate::components::{ErrorPanel, format};
use crate::domain::prescribing::Supply;
use crate::record::{RecordVersion, refresh_record_on_success};

/// The patient's current medicines, and for prescribers the means to prescribe, change and stop.
#[component]
pub fn MedicinesPanel(prison_number: Signal<String>) -> impl IntoView {
    let version = RecordVersion::current();
    provide_context(super::ChangingPrescription(RwSignal::new(None)));
    // Fetched by the browser: created inside the record's own suspense, a server-rendered
    // resource here would reach the page as its fallback and fail to hydrate.
    let summary = LocalResource::new(move || {
        version.track();
        load_medicines(prison_number.get())
    });
    view! {
        <section class="card medicines" aria-labelledby="medicines-heading">
            <div class="medicines-head">
                <h2 id="medicines-heading">"Medicines"</h2>
                <a href=move || format!("/patients/{}/mar", prison_number.get())>"MAR chart"</a>
            </div>
            {move || {
                    match summary.get() {
                        None => view! { <p class="loading">"Loading medicines…"</p> }.into_any(),
                        Some(Err(error)) => view! { <ErrorPanel error /> }.into_any(),
                        Some(Ok(s)) => {
                            let may_prescribe = s.may_prescribe;
                            let may_administer = s.may_administer;
                            view! {
                                {if s.prescriptions.is_empty() {
                                    view! { <p class="muted" data-testid="no-prescriptions">"No current prescriptions."</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="prescriptions" data-testid="prescriptions">
                                            {s.prescriptions.into_iter().map(|p| view! {
                                                <li><PrescriptionRow p may_prescribe may_administer /></li>
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                                {may_prescribe.then(|| view! { <PrescribeForm prison_number round_times=s.round_times.clone() /> })}
                            }.into_any()
                        }
                    }
            }}
        </section>
    }
    .into_any()
}

#[component]
fn PrescriptionRow(p: ActivePrescription, may_prescribe: bool, may_administer: bool) -> impl IntoView {
    let stop = ServerAction::<StopPrescription>::new();
    let supply = ServerAction::<SupplyInPossession>::new();
    let review = ServerAction::<RecordOstReview>::new();
    refresh_record_on_success(stop);
    refresh_record_on_success(supply);
    refresh_record_on_success(review);
    let id = p.id.to_string();
    let whole = p.clone();
    let directions = p.directions();
    let in_possession = p.supply == Supply::InPossession;
    view! {
        <article class="prescription" data-testid="prescription">
            <h3>
                {p.product_name.clone()}
                {p.cd_schedule.map(|s| view! { <span class="badge badge-cd">"CD Schedule " {s}</span> })}
                {p.is_ost.then(|| view! { <span class="badge badge-ost">"OST"</span> })}
                {(p.critical_class.is_some() && !p.is_ost).then(|| view! { <span class="badge badge-critical">"Critical"</span> })}
            </h3>
            <p class="directions">{directions} " · " {p.supply.title()}</p>
            <p class="muted">
                "For " {p.indication.clone()} " · started " {format::date(p.starts_on)}
                {p.review_on.map(|d| format!(" · review {}", format::date(d)))}
                {p.ends_on.map(|d| format!(" · ends {}", format::date(d)))}
                " · " {p.prescribed_by.clone()}
            </p>
            <p class="last-dose">
                {match p.last_given_at {
                    Some(t) => format!("Last taken {}", format::date_time(t)),
                    None => "Not yet taken".to_owned(),
                }}
                {p.last_supply.as_ref().map(|s| format!(" · supplied to keep: {} on {} by {}", s.quantity, format::date_time(s.supplied_at), s.supplied_by))}
            </p>
            {p.allergy_override_reason.clone().map(|r| view! { <p class="warning">"Prescribed despite a recorded allergy: " {r}</p> })}
            {p.ost_review_required.then(|| view! {
                <p class="dose-stopped" role="alert">"Opioid substitution missed for 3 or more days: prescriber review required before the next dose."</p>
            })}
            <div class="prescription-actions">
                {(may_prescribe && p.ost_review_required).then(|| { let id = id.clone(); view! {
                    <details class="record-form">
                        <summary>"Record the opioid substitution review"</summary>
                        <ActionForm action=review>
                            <input type="hidden" name="prescription_id" value=id.clone() />
                            <fieldset>
                                <legend>"Decision"</legend>
                                {OST_REVIEW_DECISIONS.iter().map(|(code, title)| {
                                    let input_id = format!("ost-{code}-{id}");
                                    let for_id = input_id.clone();
                                    view! { <label class="radio" for=for_id><input type="radio" id=input_id name="decision" value=*code required />{*title}</label> }
                                }).collect_view()}
                            </fieldset>
                            <label for=format!("ost-note-{id}")>"Review note"</label>
                            <textarea id=format!("ost-note-{id}") name="note" rows="2" required maxlength="2000"></textarea>
                            <button type="submit">"Record review"</button>
                            {move || message(review.value().get()).map(|m| view! { <p class="error-message" role="alert">{m}</p> })}
                        </ActionForm>
                    </details>
                }})}
                {(may_administer && in_possession).then(|| { let id = id.clone(); view! {
                    <details class="record-form">
                        <summary>"Supply to keep (in possession)"</summary>
                        <ActionForm action=supply>
                            <input type="hidden" name="prescription_id" value=id.clone() />
                            <label for=format!("supply-{id}")>"Quantity (" {p.dose_unit.clone()} ")"</label>
                            <input type="text" inputmode="decimal" id=format!("supply-{id}") name="quantity" required />
                            <button type="submit">"Record supply"</button>
                            {move || message(supply.value().get()).map(|m| view! { <p class="error-message" role="alert">{m}</p> })}
                        </ActionForm>
                    </details>
                }})}
                {may_prescribe.then(|| {
                    let changing = use_context::<super::ChangingPrescription>();
                    let p = whole.clone();
                    view! {
                        <button type="button" class="secondary small" aria-label=format!("Change {}", p.product_name)
                            on:click=move |_| if let Some(c) = changing { c.0.set(Some(p.clone())) }>"Change…"</button>
                    }
                })}
                {may_prescribe.then(|| view! {
                    <details class="record-form">
                        <summary>"Stop"</summary>
                        <ActionForm action=stop>
                            <input type="hidden" name="prescription_id" value=id.clone() />
                            <label for=format!("stop-{id}")>"Reason for stopping"</label>
                            <input type="text" id=format!("stop-{id}") name="reason" required maxlength="500" />
                            <button type="submit" class="danger">"Stop prescription"</button>
                            {move || message(stop.value().get()).map(|m| view! { <p class="error-message" role="alert">{m}</p> })}
                        </ActionForm>
                    </details>
                })}
            </div>
        </article>
    }
}

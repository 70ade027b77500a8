use chrono::NaiveTime;
use leptos::prelude::*;

use super::{PendingMedicine, ReconcileMedicine, ReconcileRequest, is_critical};
use crate::components::form_message as message;
use crate::components::format;
use crate::domain::transfer::ReconciliationDecision;
use crate::medicines::RoundTime;

/// One medicine the patient arrived with: continue (re-timed to this establishment's rounds),
/// change, or stop, each with a reason.
#[component]
pub fn ReconcileRow(
    prison_number: Signal<String>,
    pending: PendingMedicine,
    round_times: Vec<RoundTime>,
    on_done: Callback<()>,
) -> impl IntoView {
    let action = ServerAction::<ReconcileMedicine>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            on_done.run(());
        }
    });
    let rx = pending.prescription;
    let id = rx.id;
    let regular = !rx.round_times.is_empty();
    let decision = RwSignal::new(None::<ReconciliationDecision>);
    let reason = RwSignal::new(String::new());
    let dose = RwSignal::new(String::new());
    let proposed = pending.proposed_times.clone().unwrap_or_default();
    let chosen = RwSignal::new(proposed.clone());
    let key = id.simple().to_string();
    let dose_id = format!("rec-dose-{key}");
    let reason_id = format!("rec-reason-{key}");
    let critical = is_critical(&rx);
    let name = rx.product_name.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(decision) = decision.get_untracked() else {
            action.value().set(Some(Err(crate::error::AppError::invalid(
                "decision",
                "Choose continue, change or stop.",
            ))));
            return;
        };
        action.dispatch(ReconcileMedicine {
            prison_number: prison_number.get_untracked(),
            request: ReconcileRequest {
                prescription_id: id,
                decision,
                reason: reason.get_untracked(),
                dose: dose.get_untracked(),
                round_times: chosen.get_untracked(),
            },
        });
    };
    let retiming = match &pending.proposed_times {
        Ok(times) if times.is_empty() => "When required: no round times.".to_owned(),
        Ok(times) => format!("Continues at {} here.", join(times)),
        Err(problem) => problem.clone(),
    };
    view! {
        <form class="reconcile" class:critical=critical on:submit=on_submit novalidate data-testid="reconcile-row"
            aria-label=format!("Reconcile {name}")>
            <h3>
                {rx.product_name.clone()}
                {critical.then(|| view! { " " <span class="badge badge-critical">"Critical: reconcile tonight"</span> })}
            </h3>
            <p>{rx.directions()} " · " {rx.supply.title()} " · from " {rx.establishment_code.clone()}
                " · last dose " {rx.last_given_at.map(format::date_time).unwrap_or_else(|| "not recorded".to_owned())}</p>
            <p class="muted">{retiming}</p>
            <fieldset class="choices">
                <legend>"Decision"</legend>
                {ReconciliationDecision::ALL.into_iter().map(|d| {
                    let input_id = format!("rec-{}-{key}", d.as_db());
                    let label_for = input_id.clone();
                    let group = format!("decision-{key}");
                    view! {
                        <label class="radio" for=label_for>
                            <input type="radio" id=input_id name=group
                                prop:checked=move || decision.get() == Some(d)
                                on:change=move |_| decision.set(Some(d)) />
                            {d.label()}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <Show when=move || decision.get() == Some(ReconciliationDecision::Change)>
                <label for=dose_id.clone()>"New dose (" {rx.dose_unit.clone()} "), blank keeps " {rx.dose.to_string()}</label>
                <input type="text" inputmode="decimal" id=dose_id.clone() autocomplete="off"
                    prop:value=move || dose.get() on:input=move |ev| dose.set(event_target_value(&ev)) />
                {regular.then(|| view! {
                    <fieldset class="choices">
                        <legend>"Rounds here"</legend>
                        {round_times.iter().map(|r| {
                            let time = r.time;
                            let input_id = format!("rec-time-{}-{key}", time.format("%H%M"));
                            let label_for = input_id.clone();
                            view! {
                                <label class="check" for=label_for>
                                    <input type="checkbox" id=input_id
                                        prop:checked=move || chosen.with(|c| c.contains(&time))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            chosen.update(|c| { c.retain(|t| *t != time); if on { c.push(time); } });
                                        } />
                                    {time.format("%H:%M").to_string()} " " {r.label.clone()}
                                </label>
                            }
                        }).collect_view()}
                    </fieldset>
                })}
            </Show>
            <label for=reason_id.clone()>"Reason"</label>
            <input type="text" id=reason_id maxlength="1000" autocomplete="off"
                placeholder="e.g. Confirmed with patient and handover; supply checked"
                prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
            {move || message(action.value().get()).map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            <button type="submit" class="primary" disabled=move || action.pending().get()>"Save decision"</button>
        </form>
    }
}

fn join(times: &[NaiveTime]) -> String {
    times.iter().map(|t| t.format("%H:%M").to_string()).collect::<Vec<_>>().join(", ")
}

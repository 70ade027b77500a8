//! Offline entries the record had moved past by the time they arrived: each shown to the nurses of
//! the establishment with what the tablet said and what the record said, until one decides.

use leptos::prelude::*;

use super::{
    ConflictResolution, OfflineConflict, ResolveOfflineConflict, offline_conflicts, validate_resolution_note,
};
use crate::components::format;

#[component]
pub fn OfflineConflicts(changed: RwSignal<u32>) -> impl IntoView {
    let conflicts = LocalResource::new(move || {
        changed.track();
        offline_conflicts()
    });
    view! {
        {move || match conflicts.get() {
            Some(Ok(list)) if !list.is_empty() => Some(view! {
                <section class="card offline-conflicts" aria-labelledby="offline-conflicts-title" data-testid="offline-conflicts">
                    <h2 id="offline-conflicts-title">"Offline entries that need a decision"</h2>
                    <p class="hint">
                        "These were recorded on a tablet without a network, and the record had changed by the time they arrived. "
                        "Nothing was merged: say what happened. If a dose was given twice, also report a medication incident and tell the prescriber."
                    </p>
                    <ul>
                        {list.into_iter().map(|conflict| view! { <li><ConflictCard conflict changed /></li> }).collect_view()}
                    </ul>
                </section>
            }),
            _ => None,
        }}
    }
}

#[component]
fn ConflictCard(conflict: OfflineConflict, changed: RwSignal<u32>) -> impl IntoView {
    let resolve = ServerAction::<ResolveOfflineConflict>::new();
    let note = RwSignal::new(String::new());
    let choice = RwSignal::new(None::<ConflictResolution>);
    let message = RwSignal::new(None::<String>);
    Effect::new(move |_| match resolve.value().get() {
        Some(Ok(())) => changed.update(|v| *v = v.wrapping_add(1)),
        Some(Err(e)) => message.set(Some(e.to_string())),
        None => {}
    });
    let id = conflict.id;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(resolution) = choice.get_untracked() else {
            message.set(Some("Choose what happened.".to_owned()));
            return;
        };
        let text = note.get_untracked();
        if let Err(m) = validate_resolution_note(&text) {
            message.set(Some(m));
            return;
        }
        message.set(None);
        resolve.dispatch(ResolveOfflineConflict { id, resolution, note: text });
    };
    let key = id.to_string();
    let note_id = format!("conflict-note-{key}");
    view! {
        <form class="conflict" on:submit=submit data-testid="offline-conflict">
            <p>
                <strong>{conflict.patient_name.clone()}</strong> " (" {conflict.prison_number.clone()} "): "
                {conflict.product_name.clone()} " — " <strong>{conflict.outcome.title()}</strong>
                {conflict.reason.clone().map(|r| format!(" ({r})"))}
                " entered offline by " {conflict.recorded_by.clone()} " at " {format::date_time(conflict.recorded_offline_at)}
            </p>
            <p class="conflict-problem">"The record said: " {conflict.problem.clone()}</p>
            <fieldset>
                <legend>"What happened?"</legend>
                <label class="radio big-check">
                    <input type="radio" name=format!("resolution-{key}") on:change=move |_| choice.set(Some(ConflictResolution::NotGiven)) />
                    "It did not happen as entered (a duplicate or a mistaken entry)"
                </label>
                <label class="radio big-check">
                    <input type="radio" name=format!("resolution-{key}") on:change=move |_| choice.set(Some(ConflictResolution::Given)) />
                    "It happened as entered"
                </label>
            </fieldset>
            <label for=note_id.clone()>"Note"</label>
            <textarea id=note_id rows="2" maxlength="1000" prop:value=note on:input=move |ev| note.set(event_target_value(&ev))></textarea>
            <button type="submit" class="primary">"Record decision"</button>
            {move || message.get().map(|m| view! { <p class="error-message" role="alert">{m}</p> })}
        </form>
    }
}

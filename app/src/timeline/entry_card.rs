use leptos::prelude::*;

use super::day_doses::DayDoses;
use super::{MarkEnteredInError, TimelineEntry, TimelineKind};
use crate::components::format;
use crate::error::AppError;

/// One timeline entry: a one-line summary that expands inline to the whole entry, and the
/// entered-in-error correction for those allowed to make it.
#[component]
pub fn EntryCard(entry: TimelineEntry, on_changed: Callback<TimelineEntry>) -> impl IntoView {
    let expanded = RwSignal::new(false);
    let correcting = RwSignal::new(false);
    let body_id = format!("entry-{}", entry.id);
    let in_error = entry.entered_in_error.clone();
    let who = match (&entry.author, entry.author_role) {
        (Some(name), Some(role)) => format!("{name} · {}", role.title()),
        (Some(name), None) => name.clone(),
        _ => "Recorded by the system".to_owned(),
    };
    // A day's summary follows its doses; its doses are corrected one by one inside it.
    let is_day = entry.kind == TimelineKind::AdministrationDay;
    let summary = RwSignal::new(entry.summary.clone());
    let can_correct = in_error.is_none()
        && entry.kind != TimelineKind::Movement
        && !is_day
        && use_context::<crate::record::ReadOnlyRecord>().is_none();
    let is_note = entry.kind == TimelineKind::Note;
    let entry_id = entry.id;
    view! {
        <li class=format!("entry kind-{}", entry.kind.code()) class:entered-in-error=entry.entered_in_error.is_some() data-kind=entry.kind.code()>
            <button type="button" class="entry-head" aria-expanded=move || expanded.get().to_string()
                aria-controls=body_id.clone() on:click=move |_| expanded.update(|e| *e = !*e)>
                <span class="entry-meta">
                    <span class="entry-kind">{entry.kind_title.clone()}</span>
                    <time datetime=entry.occurred_at.to_rfc3339()>{format::date_time(entry.occurred_at)}</time>
                    <span class="entry-est">{entry.establishment_code.clone()}</span>
                    <span class="entry-author">{who.clone()}</span>
                </span>
                <span class="entry-summary">
                    {entry.entered_in_error.is_some().then(|| view! { <span class="tag danger">"Entered in error"</span> " " })}
                    {entry.corrects_id.is_some().then(|| view! { <span class="tag">"Correction"</span> " " })}
                    <span class="summary-text">{move || summary.get()}</span>
                </span>
            </button>
            <div class="entry-body" id=body_id hidden=move || !expanded.get()>
                {(!entry.body.is_empty()).then(|| view! { <p class="entry-text">{entry.body.clone()}</p> })}
                {is_day.then(|| view! {
                    <Show when=move || expanded.get()>
                        <DayDoses entry_id summary />
                    </Show>
                })}
                {in_error.map(|e| view! {
                    <p class="eie-note">
                        "Entered in error by " {e.by} " on " {format::date_time(e.at)} ": " <q>{e.reason}</q>
                    </p>
                })}
                {can_correct.then(|| view! {
                    <Show when=move || correcting.get() fallback=move || view! {
                        <button type="button" class="secondary small" on:click=move |_| correcting.set(true)>
                            "Mark entered in error"
                        </button>
                    }>
                        <CorrectionForm entry_id is_note on_changed on_cancel=Callback::new(move |_| correcting.set(false)) />
                    </Show>
                })}
            </div>
        </li>
    }
}

#[component]
fn CorrectionForm(
    entry_id: uuid::Uuid,
    is_note: bool,
    on_changed: Callback<TimelineEntry>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let mark = ServerAction::<MarkEnteredInError>::new();
    Effect::new(move |_| {
        if let Some(Ok(entry)) = mark.value().get() {
            on_changed.run(entry);
        }
    });
    let error = move || match mark.value().get() {
        Some(Err(AppError::Invalid { message, .. })) => Some(message),
        Some(Err(e)) => Some(e.to_string()),
        _ => None,
    };
    let reason_id = format!("eie-reason-{entry_id}");
    let correction_id = format!("eie-correction-{entry_id}");
    view! {
        <ActionForm action=mark attr:class="eie-form">
            <input type="hidden" name="entry_id" value=entry_id.to_string() />
            <label for=reason_id.clone()>"Why is this entry in error? (required)"</label>
            <textarea id=reason_id name="reason" rows="2" required maxlength=crate::domain::free_text::FreeText::Reason.max_chars()></textarea>
            {is_note.then(|| view! {
                <label for=correction_id.clone()>"Corrected note (optional: replaces this one, linked to it)"</label>
                <textarea id=correction_id.clone() name="correction" rows="3" maxlength=crate::domain::free_text::FreeText::Record.max_chars()></textarea>
            })}
            {move || error().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <div class="actions">
                <button type="submit" class="danger" disabled=move || mark.pending().get()>"Mark entered in error"</button>
                <button type="button" class="secondary" on:click=move |_| on_cancel.run(())>"Cancel"</button>
            </div>
        </ActionForm>
    }
}

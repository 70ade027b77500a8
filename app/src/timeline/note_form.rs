use leptos::prelude::*;

use super::{AddNote, TimelineEntry};
use crate::error::AppError;

/// Writes a consultation note; on success the form empties and the note heads the timeline.
#[component]
pub fn NoteForm(prison_number: Signal<String>, on_added: Callback<TimelineEntry>) -> impl IntoView {
    let add = ServerAction::<AddNote>::new();
    let text = NodeRef::<leptos::html::Textarea>::new();
    Effect::new(move |_| {
        if let Some(Ok(entry)) = add.value().get() {
            if let Some(area) = text.get_untracked() {
                area.set_value("");
            }
            on_added.run(entry);
        }
    });
    let error = move || match add.value().get() {
        Some(Err(AppError::Invalid { message, .. })) => Some(message),
        Some(Err(e)) => Some(e.to_string()),
        _ => None,
    };
    view! {
        <ActionForm action=add attr:class="note-form card">
            <label for="note-text">"New consultation note"</label>
            <textarea id="note-text" name="text" rows="3" node_ref=text required
                placeholder="What you saw, what you did, what happens next"></textarea>
            {move || error().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <input type="hidden" name="prison_number" prop:value=move || prison_number.get() />
            <button type="submit" class="primary" disabled=move || add.pending().get()>
                {move || if add.pending().get() { "Saving…" } else { "Save note" }}
            </button>
        </ActionForm>
    }
}

use leptos::prelude::*;

use super::ExportFhirBundle;
use crate::components::ErrorPanel;

/// Downloads the patient's record as a FHIR R4 JSON file named after their prison number.
#[component]
pub fn FhirExportButton(prison_number: String) -> impl IntoView {
    let export = ServerAction::<ExportFhirBundle>::new();
    let not_saved = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    {
        let file_name = format!("{prison_number}-fhir.json");
        Effect::new(move |_| {
            export.value().with(|result| {
                if let Some(Ok(text)) = result {
                    not_saved.set(
                        crate::components::save_text_file(&file_name, "application/fhir+json", text).is_err(),
                    );
                }
            })
        });
    }
    let on_click = move |_| {
        // The button stays focusable while the file is prepared (a disabled button would drop a
        // keyboard user's focus), so a second press is ignored here instead.
        if !export.pending().get_untracked() {
            not_saved.set(false);
            export.dispatch(ExportFhirBundle { prison_number: prison_number.clone() });
        }
    };
    let error = move || export.value().with(|v| if let Some(Err(e)) = v { Some(e.clone()) } else { None });
    view! {
        <div class="fhir-export">
            <button type="button" class="secondary" on:click=on_click aria-busy=move || export.pending().get().to_string()>
                "Download record (FHIR R4 JSON)"
            </button>
            <span class="muted" role="status">
                {move || export.pending().get().then_some("Preparing the file…")}
            </span>
            {move || error().map(|error| view! { <ErrorPanel error /> })}
            {move || not_saved.get().then(|| view! {
                <p class="field-error" role="alert">"This browser could not save the file. Try another browser."</p>
            })}
        </div>
    }
}

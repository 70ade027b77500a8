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
                    not_saved.set(download(&file_name, text).is_err());
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

/// Saves `text` as a file: a Blob behind a temporary object URL, followed by a link that is
/// clicked and removed again.
#[cfg(feature = "hydrate")]
fn download(file_name: &str, text: &str) -> Result<(), wasm_bindgen::JsValue> {
    use wasm_bindgen::{JsCast, JsValue};

    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/fhir+json");
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into().map_err(JsValue::from)?;
    link.set_href(&url);
    link.set_download(file_name);
    // Firefox follows a click only on a link that is in the document.
    document.body().ok_or("no body")?.append_child(&link)?;
    link.click();
    link.remove();
    // Revoking at once can cancel the download in some browsers; a moment later it is safe.
    gloo::timers::callback::Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

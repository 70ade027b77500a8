//! Saving text the server produced (an export) as a file in the browser.

/// Saves `text` as a file: a Blob behind a temporary object URL, followed by a link that is
/// clicked and removed again.
#[cfg(feature = "hydrate")]
pub fn save_text_file(file_name: &str, mime_type: &str, text: &str) -> Result<(), wasm_bindgen::JsValue> {
    use wasm_bindgen::{JsCast, JsValue};

    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime_type);
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

//! The WASM entry point: hydrates the server-rendered page into the live app.

// The optimised WASM build computes the layout of the app's nested view types here; the
// default limit of 128 is too low for them (the server crate sets the same).
#![recursion_limit = "256"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // Lets tests (and anyone debugging) know the page is interactive now.
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}

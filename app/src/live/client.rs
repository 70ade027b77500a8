use std::sync::Arc;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::EventSource;

use super::ROUND_ACTIVITY_PATH;

/// Calls `on_change` whenever anything changes on a round at the user's establishment (and
/// after a reconnect, when something may have been missed). The browser reconnects by itself.
pub fn subscribe_to_round_activity(on_change: impl Fn() + 'static) {
    let Ok(source) = EventSource::new(ROUND_ACTIVITY_PATH) else {
        leptos::logging::warn!("live updates unavailable: could not open the event stream");
        return;
    };
    let on_change = Arc::new(on_change);
    let on_message = {
        let on_change = on_change.clone();
        Closure::<dyn Fn(web_sys::Event)>::new(move |_event: web_sys::Event| on_change())
    };
    for kind in ["round", "resync"] {
        let _ = source.add_event_listener_with_callback(kind, on_message.as_ref().unchecked_ref());
    }
    // The page lives as long as the stream; both go when the user leaves the page.
    let source_for_cleanup = send_wrapper::SendWrapper::new(source.clone());
    leptos::prelude::on_cleanup(move || source_for_cleanup.close());
    on_message.forget();
}

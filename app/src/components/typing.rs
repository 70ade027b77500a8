//! Search-as-you-type without a request per keystroke.

use leptos::ev::Event;
use leptos::prelude::*;
use std::time::Duration;

const TYPING_PAUSE: Duration = Duration::from_millis(200);

/// An `on:input` handler that copies the field's text into `typed` once typing pauses, so the
/// searches that read `typed` run once per word rather than once per letter.
pub fn settle_into(typed: RwSignal<String>) -> impl Fn(Event) + Copy + 'static {
    let timer = StoredValue::new(None::<TimeoutHandle>);
    move |ev: Event| {
        let value = event_target_value(&ev);
        if let Some(pending) = timer.get_value() {
            pending.clear();
        }
        timer.set_value(set_timeout_with_handle(move || typed.set(value), TYPING_PAUSE).ok());
    }
}

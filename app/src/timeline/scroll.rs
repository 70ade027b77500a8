//! Loads older entries when the end of the list scrolls into view.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

pub fn load_when_visible(target: NodeRef<Div>, on_visible: impl Fn() + 'static) {
    let on_visible = std::rc::Rc::new(on_visible);
    Effect::new(move |_| {
        let Some(element) = target.get() else { return };
        let on_visible = on_visible.clone();
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let visible = entries.iter().any(|e| {
                e.dyn_into::<web_sys::IntersectionObserverEntry>()
                    .map(|e| e.is_intersecting())
                    .unwrap_or(false)
            });
            if visible {
                on_visible();
            }
        });
        let options = web_sys::IntersectionObserverInit::new();
        options.set_root_margin("400px");
        if let Ok(observer) =
            web_sys::IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options)
        {
            observer.observe(&element);
        }
        // The observer lives as long as the page; the closure must too.
        callback.forget();
    });
}

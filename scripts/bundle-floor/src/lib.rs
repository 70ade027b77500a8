//! The smallest Leptos app shaped like Throughcare: router, meta, one page with a resource
//! from a server function, a signal and an event handler, hydrated.
use leptos::prelude::*;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Greeting {
    pub text: String,
    pub count: i64,
}

#[server]
pub async fn greet(name: String) -> Result<Greeting, ServerFnError> {
    Ok(Greeting { text: name, count: 1 })
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title text="Floor"/>
        <Router>
            <nav><A href="/">"Home"</A></nav>
            <main>
                <Routes fallback=|| "Not found">
                    <Route path=path!("") view=Home/>
                </Routes>
            </main>
        </Router>
    }
}

#[component]
fn Home() -> impl IntoView {
    let greeting = Resource::new(|| (), |_| greet("nurse".into()));
    let (count, set_count) = signal(0);
    view! {
        <button on:click=move |_| set_count.update(|n| *n += 1)>{count}</button>
        <Suspense fallback=|| "Loading">
            {move || greeting.get().map(|g| match g {
                Ok(g) => format!("{} {}", g.text, g.count),
                Err(e) => e.to_string(),
            })}
        </Suspense>
    }
}

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}

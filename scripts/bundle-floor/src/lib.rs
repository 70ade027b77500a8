//! The smallest Leptos app shaped like Throughcare: one page with a signal, an event handler and
//! a resource from one server function, hydrated. As a single-page app it carries the router and
//! `leptos_meta` as Throughcare does; with the `islands` feature only the interactive part is
//! shipped, and the page around it is server-rendered.

use leptos::prelude::*;
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

/// The interactive part both builds share.
fn counter_and_greeting() -> impl IntoView {
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

#[cfg(not(feature = "islands"))]
mod single_page {
    use leptos::prelude::*;
    use leptos_meta::{Title, provide_meta_context};
    use leptos_router::components::{A, Route, Router, Routes};
    use leptos_router::path;

    #[component]
    pub fn App() -> impl IntoView {
        provide_meta_context();
        view! {
            <Title text="Floor"/>
            <Router>
                <nav><A href="/">"Home"</A></nav>
                <main>
                    <Routes fallback=|| "Not found">
                        <Route path=path!("") view=super::counter_and_greeting/>
                    </Routes>
                </main>
            </Router>
        }
    }

    #[wasm_bindgen::prelude::wasm_bindgen]
    pub fn hydrate() {
        console_error_panic_hook::set_once();
        leptos::mount::hydrate_body(App);
    }
}

#[cfg(feature = "islands")]
mod islands {
    use leptos::prelude::*;

    #[island]
    pub fn Counter() -> impl IntoView {
        super::counter_and_greeting()
    }

    #[wasm_bindgen::prelude::wasm_bindgen]
    pub fn hydrate() {
        console_error_panic_hook::set_once();
        leptos::mount::hydrate_islands();
    }
}

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::handover_view::HandoverView;
use super::load_handover;
use crate::components::{ErrorPanel, print_page};

/// The handover pack on its own page, printable for the escort (one or two pages).
#[component]
pub fn HandoverPage() -> impl IntoView {
    let params = use_params_map();
    let prison_number = Signal::derive(move || params.with(|p| p.get("prison_number").unwrap_or_default()));
    let pack = Resource::new(move || prison_number.get(), load_handover);
    view! {
        <Title text="Handover · Throughcare" />
        <nav class="page-actions no-print" aria-label="Handover actions">
            <a href=move || format!("/patients/{}", prison_number.get())>"Back to the record"</a>
            <button type="button" class="secondary small" on:click=move |_| print_page()>"Print handover"</button>
        </nav>
        <Suspense fallback=|| view! { <p class="loading">"Assembling the handover…"</p> }>
            {move || Suspend::new(async move {
                match pack.await {
                    Ok(pack) => view! { <HandoverView pack /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

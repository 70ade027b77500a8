use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

use super::load_appointment_slip;
use crate::components::{ErrorPanel, format, print_page};
use crate::domain::appointment::ClinicKind;

/// The slip handed to the patient. An outside hospital appointment's date and time are left off:
/// a prisoner who knows when they will be outside the walls is an escape and ambush risk.
#[component]
pub fn AppointmentSlipPage() -> impl IntoView {
    let params = use_params_map();
    let key = move || {
        params.with(|p| {
            (
                p.get("prison_number").unwrap_or_default(),
                p.get("id").and_then(|i| Uuid::parse_str(&i).ok()).unwrap_or_default(),
            )
        })
    };
    let slip = Resource::new(key, |(pn, id)| load_appointment_slip(pn, id));
    view! {
        <Title text="Appointment slip · Throughcare" />
        <nav class="page-actions no-print" aria-label="Slip actions">
            <a href=move || format!("/patients/{}", key().0)>"Back to the record"</a>
            <button type="button" class="secondary small" on:click=move |_| print_page()>"Print slip"</button>
        </nav>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match slip.await {
                    Ok((who, a)) => {
                        let hospital = a.clinic_kind == ClinicKind::Hospital;
                        view! {
                            <article class="handover slip" data-testid="appointment-slip">
                                <h2>"Healthcare appointment"</h2>
                                <p><strong>{who}</strong></p>
                                <p>{a.clinic_name.unwrap_or_else(|| a.clinic_kind.title().to_owned())}</p>
                                {if hospital {
                                    view! { <p data-testid="slip-when">"Date and time are not shown for security. Officers will collect you."</p> }.into_any()
                                } else {
                                    view! { <p data-testid="slip-when">{a.starts_at.map(format::date_time).unwrap_or_else(|| "You are on the waiting list; you will be told the time.".to_owned())}</p> }.into_any()
                                }}
                            </article>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

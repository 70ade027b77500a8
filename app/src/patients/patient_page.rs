use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::banner::PatientBanner;
use super::load_patient_banner;
use crate::components::ErrorPanel;
use crate::timeline::TimelinePanel;

/// The patient's record: the banner, then the timeline of everything that has happened.
#[component]
pub fn PatientPage() -> impl IntoView {
    let params = use_params_map();
    let prison_number = Signal::derive(move || params.with(|p| p.get("prison_number").unwrap_or_default()));
    let banner = Resource::new(move || prison_number.get(), load_patient_banner);
    view! {
        <Title text="Patient · Throughcare" />
        <Suspense fallback=|| view! { <p class="loading">"Loading patient…"</p> }>
            {move || Suspend::new(async move {
                match banner.await {
                    Ok(banner) => view! {
                        <Title text=format!("{} {} · Throughcare", banner.given_name, banner.family_name.to_uppercase()) />
                        <PatientBanner banner />
                        <TimelinePanel prison_number />
                    }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

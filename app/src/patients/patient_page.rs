use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::appointments::AppointmentsPanel;
use crate::break_glass::BreakGlassForm;
use crate::components::ErrorPanel;
use crate::components::banner::PatientBanner;
use crate::domain::access::Refusal;
use crate::error::AppError;
use crate::fhir_export::FhirExportButton;
use crate::medicines::MedicinesPanel;
use crate::record::{PatientBanner as Banner, ReadOnlyRecord, RecordVersion, load_patient_banner};
use crate::risks::RecordRisksPanel;
use crate::screening::{ScreeningForm, ScreeningStatusLine, SecondStageForm};
use crate::timeline::TimelinePanel;
use crate::transfers::MovementPanel;

/// The patient's record: the banner, the forms that change what it shows, and the timeline.
#[component]
pub fn PatientPage() -> impl IntoView {
    let params = use_params_map();
    let prison_number = Signal::derive(move || params.with(|p| p.get("prison_number").unwrap_or_default()));
    let version = RwSignal::new(0u32);
    provide_context(RecordVersion(version));
    // Opening the record (and the access decision) happens once per patient; writes refresh
    // only the banner and the timeline, so forms and loaded pages keep their state.
    let opened = Resource::new(move || prison_number.get(), load_patient_banner);
    // Break-glass changes what the whole page may show, so the page is loaded afresh (re-rendering
    // it from inside the form that asked would tear the form out from under its own update).
    let reopen = Callback::new(move |()| {
        #[cfg(feature = "hydrate")]
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    });
    view! {
        <Title text="Patient · Throughcare" />
        <Suspense fallback=|| view! { <p class="loading">"Loading patient…"</p> }>
            {move || Suspend::new(async move {
                match opened.await {
                    Ok(banner) if banner.own_entries_only.is_some() => { provide_context(ReadOnlyRecord); view! {
                        <LiveBanner prison_number opened=banner version />
                        <TimelinePanel prison_number />
                        <BreakGlassForm prison_number on_granted=reopen />
                    }.into_any() }
                    Ok(banner) if banner.break_glass_until.is_some() => { provide_context(ReadOnlyRecord); view! {
                        <LiveBanner prison_number opened=banner version />
                        <p class="page-actions no-print">
                            <a href=move || format!("/patients/{}/mar", prison_number.get())>"Medicines administration record"</a>
                        </p>
                        <TimelinePanel prison_number />
                    }.into_any() }
                    Ok(banner) => view! {
                        <Title text=format!("{} {} · Throughcare", banner.given_name, banner.family_name.to_uppercase()) />
                        <LiveBanner prison_number opened=banner version />
                        <div class="page-actions no-print"><FhirExportButton prison_number=prison_number.get_untracked() /></div>
                        <RecordRisksPanel prison_number />
                        <MovementPanel prison_number />
                        <MedicinesPanel prison_number />
                        <AppointmentsPanel prison_number />
                        <section class="card record-risks" aria-label="Screening">
                            <ScreeningStatusLine prison_number />
                            <ScreeningForm prison_number />
                            <SecondStageForm prison_number />
                        </section>
                        <TimelinePanel prison_number />
                    }.into_any(),
                    Err(error) => {
                        let offer_break_glass = matches!(
                            error,
                            AppError::Refused(Refusal::NotAtYourEstablishment | Refusal::PatientHasLeft)
                        );
                        view! {
                            <ErrorPanel error />
                            {offer_break_glass.then(|| view! { <BreakGlassForm prison_number on_granted=reopen /> })}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The banner as opened, fetched again after each write to the record.
#[component]
fn LiveBanner(prison_number: Signal<String>, opened: Banner, version: RwSignal<u32>) -> impl IntoView {
    let current = Resource::new(
        move || version.get(),
        move |v| {
            let opened = opened.clone();
            let pn = prison_number.get_untracked();
            async move { if v == 0 { Ok(opened) } else { load_patient_banner(pn).await } }
        },
    );
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match current.await {
                    Ok(banner) => view! { <PatientBanner banner /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

use super::{
    DischargeRequest, DischargeSummary, DischargeView, ReleasePatient, default_days, load_discharge,
};
use crate::components::form_message as message;
use crate::components::{AlertsView, AllergiesView};
use crate::components::{ErrorPanel, format, print_page};
use crate::domain::discharge::SUPPLY_DAYS;
use crate::fhir_export::FhirExportButton;
use crate::transfers::HandoverPack;

/// Release from custody: choose the supply, name the community prescriber, release; afterwards
/// the summary, printable, for the patient and the GP.
#[component]
pub fn DischargePage() -> impl IntoView {
    let params = use_params_map();
    let prison_number = Signal::derive(move || params.with(|p| p.get("prison_number").unwrap_or_default()));
    let version = RwSignal::new(0u32);
    let view_data = Resource::new(move || (prison_number.get(), version.get()), |(pn, _)| load_discharge(pn));
    view! {
        <Title text="Release and discharge summary · Throughcare" />
        <nav class="page-actions no-print" aria-label="Discharge actions">
            <a href=move || format!("/patients/{}", prison_number.get())>"Back to the record"</a>
            <button type="button" class="secondary small" on:click=move |_| print_page()>"Print"</button>
        </nav>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match view_data.await {
                    Ok(DischargeView::Draft { record, may_release }) => view! {
                        <ReleaseForm prison_number record=*record may_release on_released=Callback::new(move |()| version.update(|v| *v += 1)) />
                    }.into_any(),
                    Ok(DischargeView::Released(summary)) => view! { <SummaryView summary=*summary /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ReleaseForm(
    prison_number: Signal<String>,
    record: HandoverPack,
    may_release: bool,
    on_released: Callback<()>,
) -> impl IntoView {
    let action = ServerAction::<ReleasePatient>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            on_released.run(());
        }
    });
    let supplies: RwSignal<Vec<(Uuid, u32)>> =
        RwSignal::new(record.prescriptions.iter().map(|rx| (rx.id, default_days(rx))).collect());
    let community = RwSignal::new(String::new());
    let gp = RwSignal::new(String::new());
    let follow_up = RwSignal::new(String::new());
    let on_ost = record.prescriptions.iter().any(|rx| rx.is_ost);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(ReleasePatient {
            prison_number: prison_number.get_untracked(),
            request: DischargeRequest {
                supplies: supplies.get_untracked(),
                community_prescriber: community.get_untracked(),
                gp_practice: gp.get_untracked(),
                follow_up: follow_up.get_untracked(),
            },
        });
    };
    let p = record.patient.clone();
    view! {
        <section class="card" aria-labelledby="release-heading" data-testid="release-form">
            <h1 id="release-heading">"Release: " {p.family_name.to_uppercase()} ", " {p.given_name.clone()}</h1>
            <p class="muted">"Prison No. " {p.prison_number.clone()} " · born " {format::date(p.date_of_birth)}</p>
            <AllergiesView allergies=record.allergies.clone() />
            <AlertsView alerts=record.alerts.clone() />
            <form on:submit=on_submit novalidate>
                <h2>"Medicines to take out"</h2>
                {if record.prescriptions.is_empty() {
                    view! { <p class="muted">"No current medicines."</p> }.into_any()
                } else {
                    record.prescriptions.clone().into_iter().map(|rx| {
                        let id = rx.id;
                        let select_id = format!("supply-{}", id.simple());
                        let label_for = select_id.clone();
                        view! {
                            <div class="supply-line" data-testid="supply-line">
                                <label for=label_for>{rx.product_name.clone()} " — " {rx.directions()}
                                    {rx.is_ost.then(|| view! { " " <span class="badge badge-ost">"OST: bridged, not supplied"</span> })}
                                    {rx.last_given_at.map(|t| format!(" · last dose {}", format::date_time(t)))}</label>
                                <select id=select_id on:change=move |ev| {
                                    let days = event_target_value(&ev).parse().unwrap_or(0);
                                    supplies.update(|s| { s.retain(|(rx, _)| *rx != id); s.push((id, days)); });
                                }>
                                    {SUPPLY_DAYS.into_iter().map(|d| {
                                        let chosen = move || supplies.with(|s| s.iter().any(|(rx, days)| *rx == id && *days == d));
                                        view! { <option value=d.to_string() selected=chosen>{if d == 0 { "None".to_owned() } else { format!("{d} days") }}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                        }
                    }).collect_view().into_any()
                }}
                <label for="community-prescriber">
                    {if on_ost { "Community prescriber taking over opioid substitution (required)" } else { "Community prescriber or drug service (if any)" }}
                </label>
                <input type="text" id="community-prescriber" maxlength=crate::domain::free_text::FreeText::Reason.max_chars() autocomplete="off"
                    prop:value=move || community.get() on:input=move |ev| community.set(event_target_value(&ev)) />
                <label for="gp-practice">"GP practice"</label>
                <input type="text" id="gp-practice" maxlength="500" autocomplete="off"
                    prop:value=move || gp.get() on:input=move |ev| gp.set(event_target_value(&ev)) />
                <label for="follow-up">"Follow-up for community care"</label>
                <textarea id="follow-up" rows="3" maxlength="2000"
                    prop:value=move || follow_up.get() on:input=move |ev| follow_up.set(event_target_value(&ev))></textarea>
                {move || message(action.value().get()).map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                // A <div>, not a <p>: the export button is a <div>, which a <p> may not hold (the
                // browser would split the paragraph and hydration would find a different tree).
                <div class="no-print">"Before release, download the record for the community team: "
                    <FhirExportButton prison_number=prison_number.get_untracked() /></div>
                {may_release.then(|| view! {
                    <button type="submit" class="primary" disabled=move || action.pending().get()>"Release and write the discharge summary"</button>
                })}
            </form>
        </section>
    }
}

#[component]
fn SummaryView(summary: DischargeSummary) -> impl IntoView {
    let p = summary.patient;
    view! {
        <article class="handover" data-testid="discharge-summary">
            <header class="handover-head">
                <h2>"Discharge summary: " {p.family_name.to_uppercase()} ", " {p.given_name}</h2>
                <p>"Born " {format::date(p.date_of_birth)} " · NHS No. " {p.nhs_number.unwrap_or_else(|| "Not known".to_owned())}
                    " · Prison No. " {p.prison_number}</p>
                <p>"Released from " <strong>{summary.establishment}</strong> " " {format::date_time(summary.released_at)}
                    " · written by " {summary.written_by}</p>
            </header>
            <h3>"Allergies and alerts"</h3>
            <AllergiesView allergies=summary.allergies />
            <AlertsView alerts=summary.alerts />
            <h3>"Medicines supplied"</h3>
            <table class="handover-medicines">
                <thead><tr><th scope="col">"Medicine"</th><th scope="col">"Directions"</th><th scope="col">"Supplied"</th><th scope="col">"Last dose in custody"</th></tr></thead>
                <tbody>
                    {summary.medicines.into_iter().map(|line| view! {
                        <tr>
                            <th scope="row">{line.prescription.product_name.clone()}</th>
                            <td>{line.prescription.directions()}</td>
                            <td>{match (line.days, line.quantity) {
                                (0, _) if line.prescription.is_ost => "Not supplied: bridged to the community prescriber".to_owned(),
                                (0, _) => "None".to_owned(),
                                (d, Some(q)) => format!("{d} days: {q} {}", line.prescription.dose_unit),
                                (d, None) => format!("{d} days"),
                            }}</td>
                            <td>{line.prescription.last_given_at.map(format::date_time).unwrap_or_else(|| "Not recorded".to_owned())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {summary.ost_last_dose.map(|at| view! {
                <p class="warning" data-testid="ost-bridge">"Opioid substitution: last dose " {format::date_time(at)}
                    ". Community prescriber: " {summary.community_prescriber.clone()}</p>
            })}
            <h3>"Problems"</h3>
            {if summary.problems.is_empty() {
                view! { <p class="muted">"No active problems recorded."</p> }.into_any()
            } else {
                view! { <ul>{summary.problems.into_iter().map(|pr| view! { <li>{pr.term} " (SNOMED " {pr.snomed_id} ")"</li> }).collect_view()}</ul> }.into_any()
            }}
            <h3>"GP and follow-up"</h3>
            <p>"GP practice: " {if summary.gp_practice.is_empty() { "not given".to_owned() } else { summary.gp_practice }}</p>
            <p>{summary.follow_up}</p>
        </article>
    }
}

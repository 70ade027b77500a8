use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::handover_view::{HandoverView, screening_prefill};
use super::reconciliation_form::ReconcileRow;
use super::{ReceivePatient, ReceptionData, load_handover, load_reception};
use crate::components::PatientBannerView;
use crate::components::form_message as message;
use crate::components::{ErrorPanel, format};
use crate::record::load_patient_banner;
use crate::screening::ScreeningForm;

/// Reception at the receiving establishment: the handover, receiving the patient into a cell,
/// and medicines reconciliation.
#[component]
pub fn ReceptionPage() -> impl IntoView {
    let params = use_params_map();
    let prison_number = Signal::derive(move || params.with(|p| p.get("prison_number").unwrap_or_default()));
    let version = RwSignal::new(0u32);
    let banner =
        Resource::new(move || (prison_number.get(), version.get()), |(pn, _)| load_patient_banner(pn));
    let reception = Resource::new(move || (prison_number.get(), version.get()), |(pn, _)| load_reception(pn));
    let pack = Resource::new(move || prison_number.get(), load_handover);
    let refresh = Callback::new(move |()| version.update(|v| *v += 1));
    view! {
        <Title text="Reception · Throughcare" />
        <Transition fallback=|| view! { <p class="loading">"Loading patient…"</p> }>
            {move || Suspend::new(async move {
                match banner.await {
                    Ok(banner) => view! { <PatientBannerView banner /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Transition>
        <Transition fallback=|| view! { <p class="loading">"Loading reception…"</p> }>
            {move || Suspend::new(async move {
                match reception.await {
                    Ok(data) => view! { <ReceptionBody prison_number data refresh /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Transition>
        <Suspense fallback=|| view! { <p class="loading">"Loading the handover…"</p> }>
            {move || Suspend::new(async move {
                let arrived = reception.await.map(|r| r.arrived_here).unwrap_or(false);
                match pack.await {
                    Ok(pack) => view! {
                        {arrived.then(|| {
                            let prefill = screening_prefill(&pack);
                            view! {
                                <section class="card record-risks" aria-label="Reception screening">
                                    <ScreeningForm prison_number prefill />
                                </section>
                            }
                        })}
                        <details class="card" open>
                            <summary><h2 class="inline">"Handover from the sending establishment"</h2></summary>
                            <HandoverView pack />
                        </details>
                    }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ReceptionBody(prison_number: Signal<String>, data: ReceptionData, refresh: Callback<()>) -> impl IntoView {
    let receive = ServerAction::<ReceivePatient>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = receive.value().get() {
            refresh.run(());
        }
    });
    let critical_pending = data.pending.iter().filter(|p| super::is_critical(&p.prescription)).count();
    let pending_count = data.pending.len();
    let round_times = data.round_times.clone();
    let landings = group_by_landing(&data.cells);
    view! {
        {data.incoming_here.then(|| view! {
            <section class="card" aria-labelledby="receive-heading" data-testid="receive">
                <h2 id="receive-heading">"Receive the patient"</h2>
                {data.transfer.as_ref().map(|t| view! {
                    <p>"From " <strong>{t.from.name.clone()}</strong>
                        {t.departed.as_ref().map(|s| format!(", left {}", format::date_time(s.at)))}</p>
                })}
                <ActionForm action=receive>
                    <input type="hidden" name="prison_number" prop:value=move || prison_number.get() />
                    <label for="reception-cell">"Cell"</label>
                    <select id="reception-cell" name="cell" required>
                        <option value="">"Choose a cell…"</option>
                        {landings.into_iter().map(|(landing, cells)| view! {
                            <optgroup label=landing>
                                {cells.into_iter().map(|c| view! { <option value=c.id.to_string()>{c.code}</option> }).collect_view()}
                            </optgroup>
                        }).collect_view()}
                    </select>
                    {move || message(receive.value().get()).map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                    <button type="submit" class="primary" disabled=move || receive.pending().get()>"Receive into cell"</button>
                </ActionForm>
            </section>
        })}
        {data.arrived_here.then(|| view! {
            <section class="card" aria-labelledby="reconcile-heading" data-testid="reconciliation">
                <h2 id="reconcile-heading">"Medicines reconciliation"</h2>
                {data.arrived_at.map(|at| view! { <p class="muted">"Here since " {format::date_time(at)} ". Next: the "
                    <a href=move || format!("/patients/{}", prison_number.get())>"reception screening on the record"</a> "."</p> })}
                {(critical_pending > 0).then(|| view! {
                    <p class="dose-stopped" role="alert">{critical_pending}
                        " critical medicine(s) must be reconciled tonight: a missed dose harms quickly."</p>
                })}
                {if pending_count == 0 {
                    view! { <p class="ok" data-testid="reconciliation-complete">"Reconciliation complete: no medicines from elsewhere await a decision."</p> }.into_any()
                } else if !data.may_reconcile {
                    view! { <p class="warning">{pending_count} " medicine(s) await a prescriber's decision. Ask the prescriber on duty."</p> }.into_any()
                } else {
                    data.pending.into_iter().map(|pending| view! {
                        <ReconcileRow prison_number pending round_times=round_times.clone() on_done=refresh />
                    }).collect_view().into_any()
                }}
                {(!data.reconciled.is_empty()).then(|| view! {
                    <h3>"Decided"</h3>
                    <ul data-testid="reconciled">
                        {data.reconciled.into_iter().map(|r| view! {
                            <li><strong>{r.product_name}</strong> ": " {r.decision} " · " {r.reason}
                                " " <span class="muted">{r.decided.by} " " {format::date_time(r.decided.at)}</span></li>
                        }).collect_view()}
                    </ul>
                })}
            </section>
        })}
        {(!data.incoming_here && !data.arrived_here).then(|| view! {
            <p class="warning card">"This patient is neither on the way here nor here: nothing to receive or reconcile."</p>
        })}
    }
}

fn group_by_landing(cells: &[super::CellChoice]) -> Vec<(String, Vec<super::CellChoice>)> {
    let mut out: Vec<(String, Vec<super::CellChoice>)> = Vec::new();
    for cell in cells {
        match out.last_mut() {
            Some((landing, list)) if *landing == cell.landing => list.push(cell.clone()),
            _ => out.push((cell.landing.clone(), vec![cell.clone()])),
        }
    }
    out
}

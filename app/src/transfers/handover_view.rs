use leptos::prelude::*;

use super::{HandoverPack, HandoverStage, is_critical};
use crate::components::format;
use crate::components::{AlertsView, AllergiesView};

/// The handover pack as the escort carries it and the receiving team reads it.
#[component]
pub fn HandoverView(pack: HandoverPack) -> impl IntoView {
    let stage = match pack.stage {
        HandoverStage::Live => "Assembled now from the record; it is stored again when the patient leaves.",
        HandoverStage::Scheduled => "As stored when the transfer was scheduled.",
        HandoverStage::Departed => "As it stood when the patient left.",
    };
    let p = pack.patient;
    let critical: Vec<_> = pack.prescriptions.iter().filter(|rx| is_critical(rx)).cloned().collect();
    let others: Vec<_> = pack.prescriptions.iter().filter(|rx| !is_critical(rx)).cloned().collect();
    view! {
        <article class="handover" data-testid="handover">
            <header class="handover-head">
                <h2>"Handover: " {p.family_name.to_uppercase()} ", " {p.given_name}</h2>
                <p>
                    "Born " {format::date(p.date_of_birth)} " · Prison No. " {p.prison_number}
                    " · NHS No. " {p.nhs_number.unwrap_or_else(|| "Not known".to_owned())}
                    " · " {format::title_case(&p.sex)}
                </p>
                {pack.transfer.map(|t| view! {
                    <p data-testid="handover-transfer">
                        <strong>{t.from.name} " → " {t.to.name}</strong> " · " {t.status.describe()}
                        " · planned " {format::date(t.planned_for)} " · " {t.reason}
                        {t.fit_confirmed.map(|s| format!(" · fit to transfer: {} {}", s.by, format::date_time(s.at)))}
                        {t.hold_override.map(|(s, reason)| format!(" · MEDICAL HOLD OVERRIDDEN by {}: {reason}", s.by))}
                    </p>
                })}
                <p class="muted">{stage} " " {format::date_time(pack.assembled_at)}</p>
            </header>
            <section aria-labelledby="handover-risks">
                <h3 id="handover-risks">"Allergies and alerts"</h3>
                <AllergiesView allergies=pack.allergies />
                <AlertsView alerts=pack.alerts />
            </section>
            <section aria-labelledby="handover-critical">
                <h3 id="handover-critical">"Critical medicines (reconcile on the first night)"</h3>
                <MedicineTable list=critical empty="No critical medicines." />
            </section>
            <section aria-labelledby="handover-medicines">
                <h3 id="handover-medicines">"Other medicines"</h3>
                <MedicineTable list=others empty="No other current medicines." />
            </section>
            <section aria-labelledby="handover-problems">
                <h3 id="handover-problems">"Active problems"</h3>
                {if pack.problems.is_empty() {
                    view! { <p class="muted">"No active problems."</p> }.into_any()
                } else {
                    view! { <ul>{pack.problems.into_iter().map(|pr| view! {
                        <li>{pr.term} " " <span class="muted">"(SNOMED " {pr.snomed_id} ", since " {format::date(format::local_date(pr.since))} ")"</span></li>
                    }).collect_view()}</ul> }.into_any()
                }}
            </section>
            <section aria-labelledby="handover-screening">
                <h3 id="handover-screening">"Screening"</h3>
                <p>
                    {match pack.screening.first_stage_at {
                        Some(t) => format!("First-stage reception screen done {}.", format::date_time(t)),
                        None => "First-stage reception screen not done in this custody episode.".to_owned(),
                    }}
                    " "
                    {match (pack.screening.second_stage_done, pack.screening.second_stage_due_at) {
                        (true, _) => "Second-stage health assessment done.".to_owned(),
                        (false, Some(due)) => format!("Second-stage health assessment due by {}.", format::date_time(due)),
                        (false, None) => String::new(),
                    }}
                </p>
            </section>
            <section aria-labelledby="handover-appointments">
                <h3 id="handover-appointments">"Outstanding appointments"</h3>
                {if pack.appointments.is_empty() {
                    view! { <p class="muted">"None outstanding."</p> }.into_any()
                } else {
                    view! { <ul data-testid="handover-appointments">{pack.appointments.into_iter().map(|a| {
                        let hospital = a.clinic_kind == crate::domain::appointment::ClinicKind::Hospital;
                        view! {
                            <li>
                                <strong>{a.clinic_name.clone().unwrap_or_else(|| a.clinic_kind.title().to_owned())}</strong>
                                " · " {a.starts_at.map(format::date_time).unwrap_or_else(|| a.status.title().to_owned())}
                                " · " {a.reason.clone()} " (" {a.priority.title()} ")"
                                {hospital.then(|| view! { " " <strong class="badge badge-critical">"Hospital: rebook at the receiving establishment"</strong> })}
                            </li>
                        }
                    }).collect_view()}</ul> }.into_any()
                }}
            </section>
            <section aria-labelledby="handover-notes">
                <h3 id="handover-notes">"Latest notes"</h3>
                {if pack.recent_notes.is_empty() {
                    view! { <p class="muted">"No notes."</p> }.into_any()
                } else {
                    view! { <ul class="handover-notes">{pack.recent_notes.into_iter().map(|n| view! {
                        <li><span class="muted">{format::date_time(n.at)} " · " {n.establishment_code} " · " {n.author.unwrap_or_default()}</span>
                            <br />{n.body}</li>
                    }).collect_view()}</ul> }.into_any()
                }}
            </section>
        </article>
    }
}

#[component]
fn MedicineTable(list: Vec<crate::medicines::ActivePrescription>, empty: &'static str) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="muted">{empty}</p> }.into_any();
    }
    view! {
        <table class="handover-medicines" data-testid="handover-medicines">
            <thead><tr>
                <th scope="col">"Medicine"</th><th scope="col">"Directions"</th>
                <th scope="col">"Last dose"</th><th scope="col">"Supply"</th>
            </tr></thead>
            <tbody>
                {list.into_iter().map(|rx| {
                    let directions = rx.directions();
                    view! {
                        <tr>
                            <th scope="row">
                                {rx.product_name.clone()}
                                {rx.is_ost.then(|| view! { " " <span class="badge badge-ost">"OST"</span> })}
                                {rx.critical_class.clone().filter(|_| !rx.is_ost).map(|c| view! { " " <span class="badge badge-critical">{format::title_case(&c)}</span> })}
                                {rx.cd_schedule.map(|s| view! { " " <span class="badge badge-cd">"CD " {s}</span> })}
                            </th>
                            <td>{directions}</td>
                            <td data-testid="last-dose">{rx.last_given_at.map(format::date_time).unwrap_or_else(|| "Not yet given".to_owned())}</td>
                            <td>{rx.supply.title()}
                                {rx.last_supply.map(|s| format!(" · {} supplied {}", s.quantity, format::date_time(s.supplied_at)))}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }.into_any()
}

/// The reception screen's starting answers from the handover: problems, medicines with their last
/// doses, and the alerts that came with the patient.
pub fn screening_prefill(pack: &HandoverPack) -> crate::screening::ScreeningPrefill {
    let physical_health = if pack.problems.is_empty() {
        String::new()
    } else {
        format!(
            "From the handover: {}",
            pack.problems.iter().map(|p| p.term.as_str()).collect::<Vec<_>>().join("; ")
        )
    };
    let current_medicines = if pack.prescriptions.is_empty() {
        "None on the handover".to_owned()
    } else {
        pack.prescriptions
            .iter()
            .map(|rx| format!("{} {}", rx.product_name, rx.directions()))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let last_dose = pack
        .prescriptions
        .iter()
        .filter_map(|rx| rx.last_given_at.map(|at| format!("{} {}", rx.product_name, format::date_time(at))))
        .collect::<Vec<_>>()
        .join("; ");
    let notes = if pack.alerts.is_empty() {
        String::new()
    } else {
        format!(
            "Alerts on arrival: {}",
            pack.alerts.iter().map(|a| a.name.as_str()).collect::<Vec<_>>().join(", ")
        )
    };
    crate::screening::ScreeningPrefill { physical_health, current_medicines, last_dose, notes }
}

use chrono::{NaiveDate, NaiveTime};
use leptos::prelude::*;

use super::RoundPatient;
use super::dose_card::{DoseCard, PatientIdentity, PrnCard};
use crate::components::format;
use crate::components::{AlertsView, AllergiesView};
use crate::domain::WhereaboutsStatus;

/// One patient on the round: who they are (checked before every dose), their allergies and
/// risks, and each dose due.
#[component]
pub fn RoundPatientCard(
    patient: RoundPatient,
    round: Signal<Option<(NaiveDate, NaiveTime)>>,
) -> impl IntoView {
    let identity = PatientIdentity {
        name: format!("{}, {}", patient.family_name.to_uppercase(), patient.given_name),
        born: format::date(patient.date_of_birth),
        prison_number: patient.prison_number.clone(),
        look_alike: patient.look_alike,
        away: patient.status != WhereaboutsStatus::InEstablishment,
    };
    let heading_id = format!("patient-{}", patient.prison_number);
    let labelled_by = heading_id.clone();
    let away = match patient.status {
        WhereaboutsStatus::AtCourt => Some("At court"),
        WhereaboutsStatus::TemporaryAbsence => Some("Away (hospital or escort)"),
        _ => None,
    };
    view! {
        <article class="card round-patient" aria-labelledby=labelled_by data-testid="round-patient"
            data-prison-number=patient.prison_number.clone()>
            <header class="round-patient-header">
                <span class="cell" aria-label="Cell">{patient.cell.clone()}</span>
                <h2 id=heading_id>
                    <span class="family">{patient.family_name.to_uppercase()}</span> ", " {patient.given_name.clone()}
                </h2>
                <span class="born">"Born " {identity.born.clone()}</span>
                <a class="prison-number" href=format!("/patients/{}", patient.prison_number)>{patient.prison_number.clone()}</a>
                {away.map(|a| view! { <span class="away-badge">{a}</span> })}
            </header>
            {patient.look_alike.then(|| view! {
                <p class="look-alike-warning" role="note">
                    "Similar name on this round: check name, date of birth and prison number before every dose."
                </p>
            })}
            {(patient.reconciliation_due > 0).then(|| view! {
                <p class="dose-stopped" role="note" data-testid="reconciliation-due">
                    {patient.reconciliation_due} " medicine(s) from another establishment await reconciliation: not given until a prescriber decides. "
                    <a href=format!("/patients/{}/reception", patient.prison_number)>"Reconcile"</a>
                </p>
            })}
            <div class="round-patient-risks">
                <AllergiesView allergies=patient.allergies.clone() />
                <AlertsView alerts=patient.alerts.clone() />
            </div>
            <ul class="doses" aria-label="Doses due">
                {patient.doses.into_iter().map(|dose| {
                    let identity = identity.clone();
                    view! { <li><DoseCard dose identity round /></li> }
                }).collect_view()}
            </ul>
            {(!patient.prn.is_empty()).then(|| view! {
                <h3 class="prn-heading">"When required (PRN)"</h3>
                <ul class="doses prn" aria-label="When required medicines">
                    {patient.prn.into_iter().map(|option| {
                        let identity = identity.clone();
                        view! { <li><PrnCard option identity /></li> }
                    }).collect_view()}
                </ul>
            })}
        </article>
    }
}

use leptos::prelude::*;

use super::format;
use crate::domain::age::age_on;
use crate::record::{ActiveAlert, AllergyStatus, PatientBanner as Banner};

/// The patient banner: identity, whereabouts, allergies and active alerts, on every clinical screen.
#[component]
pub fn PatientBanner(banner: Banner) -> impl IntoView {
    let today = format::local_date(chrono::Utc::now());
    let age = age_on(banner.date_of_birth, today);
    let allergies = banner.allergies;
    let alerts = banner.alerts;
    view! {
        <section class="patient-banner" aria-label="Patient banner" data-testid="patient-banner">
            <div class="identity">
                <h1 class="patient-name">
                    <span class="family">{banner.family_name.to_uppercase()}</span> ", " {banner.given_name}
                </h1>
                <dl class="identifiers">
                    <div><dt>"Born"</dt><dd>{format::date(banner.date_of_birth)} " (" {age} "y)"</dd></div>
                    <div><dt>"Sex"</dt><dd>{format::title_case(&banner.sex)}</dd></div>
                    <div><dt>"NHS No."</dt><dd data-testid="nhs-number">{banner.nhs_number.unwrap_or_else(|| "Not known".to_owned())}</dd></div>
                    <div><dt>"Prison No."</dt><dd data-testid="prison-number">{banner.prison_number}</dd></div>
                    <div><dt>"Location"</dt><dd data-testid="location">{banner.whereabouts}</dd></div>
                </dl>
            </div>
            {banner.break_glass_until.map(|until| view! {
                <p class="warning break-glass-notice" data-testid="break-glass-notice">
                    <strong>"Break-glass access"</strong> " until " {format::time(until)}
                    ". Read only. Your access and your reason are reviewed by your healthcare manager."
                </p>
            })}
            {match banner.own_entries_only {
                Some(code) => view! {
                    <p class="warning" data-testid="own-entries-only">
                        "This patient has left your establishment. You see only what " {code}
                        " recorded, for your governance; allergies, alerts and anything newer are not shown."
                    </p>
                }.into_any(),
                None => view! { <AllergiesView allergies /> <AlertsView alerts /> }.into_any(),
            }}
        </section>
    }
}

/// Allergies as every clinical screen shows them: recorded, "no known allergies", or a warning
/// that nobody has asked.
#[component]
pub fn AllergiesView(allergies: AllergyStatus) -> impl IntoView {
    match allergies {
        AllergyStatus::Allergies(list) => view! {
            <div class="allergies has-allergies" data-testid="allergies">
                <span class="label">"Allergies"</span>
                <ul>
                    {list.into_iter().map(|a| view! {
                        <li class=format!("allergy severity-{}", a.severity)>
                            <strong>{a.substance}</strong> " – " {a.reaction}
                            " (" {format::title_case(&a.severity)} ")"
                        </li>
                    }).collect_view()}
                </ul>
            </div>
        }.into_any(),
        AllergyStatus::NoKnownAllergies => view! {
            <div class="allergies nka" data-testid="allergies"><span class="label">"Allergies"</span> "No known allergies"</div>
        }.into_any(),
        AllergyStatus::NotRecorded => view! {
            <div class="allergies not-recorded" data-testid="allergies">
                <span class="label">"Allergies"</span> <strong>"Allergies not recorded"</strong>
            </div>
        }.into_any(),
    }
}

#[component]
pub fn AlertsView(alerts: Vec<ActiveAlert>) -> impl IntoView {
    if alerts.is_empty() {
        view! { <p class="alerts none" data-testid="alerts">"No active alerts"</p> }.into_any()
    } else {
        view! {
            <ul class="alerts" data-testid="alerts" aria-label="Active alerts">
                {alerts.into_iter().map(|a| view! {
                    <li class=format!("alert alert-{}", a.category) title=format!("Since {}", format::date_time(a.since))>{a.name}</li>
                }).collect_view()}
            </ul>
        }.into_any()
    }
}

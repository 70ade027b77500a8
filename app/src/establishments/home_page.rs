use leptos::prelude::*;
use leptos_meta::Title;

use super::{EstablishmentOverview, load_establishment_overview};
use crate::components::{ErrorPanel, format};

#[component]
pub fn HomePage() -> impl IntoView {
    let overview = Resource::new(|| (), |_| load_establishment_overview());
    view! {
        <Title text="Home · Throughcare" />
        <Suspense fallback=|| view! { <p class="loading">"Loading establishment…"</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(o) => view! { <Overview o /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Overview(o: EstablishmentOverview) -> impl IntoView {
    let arrivals = o.arrivals_today.len();
    view! {
        <h1>{o.name.clone()} " " <span class="code">{o.code.clone()}</span></h1>
        <section class="stat-grid" aria-label="Establishment at a glance">
            <div class="stat" data-testid="patients-in">
                <span class="stat-value">{o.patients_in}</span>
                <span class="stat-label">"Patients in"</span>
            </div>
            <div class="stat">
                <span class="stat-value">{arrivals}</span>
                <span class="stat-label">"Arrivals today"</span>
            </div>
            <div class="stat">
                <span class="stat-value">{o.incoming}</span>
                <span class="stat-label">"In transit to here"</span>
            </div>
            <div class="stat">
                <span class="stat-value">{o.away_at_court_or_hospital}</span>
                <span class="stat-label">"Away (court, hospital)"</span>
            </div>
            <div class="stat">
                <span class="stat-value">{o.patients_with_alerts}</span>
                <span class="stat-label">"Patients with alerts"</span>
            </div>
        </section>
        <div class="two-col">
            <section class="card" aria-labelledby="arrivals-heading">
                <h2 id="arrivals-heading">"Arrivals today"</h2>
                {if o.arrivals_today.is_empty() {
                    view! { <p class="muted">"No arrivals yet today."</p> }.into_any()
                } else {
                    view! {
                        <ul class="plain-list">
                            {o.arrivals_today.into_iter().map(|a| view! {
                                <li>
                                    <a href=format!("/patients/{}", a.prison_number)>{a.name}</a>
                                    " " <span class="muted">{a.prison_number} " · " {a.how} " · " {format::date_time(a.arrived_at)}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
            <crate::screening::ScreeningWorklistCard />
            <section class="card" aria-labelledby="alerts-heading">
                <h2 id="alerts-heading">"Active alerts"</h2>
                <table class="compact">
                    <caption class="visually-hidden">"Patients in with each active alert"</caption>
                    <thead><tr><th scope="col">"Alert"</th><th scope="col" class="num">"Patients"</th></tr></thead>
                    <tbody>
                        {o.alert_counts.into_iter().map(|a| view! {
                            <tr><td>{a.name}</td><td class="num">{a.count}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        </div>
    }
}

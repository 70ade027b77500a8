use chrono::Duration;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::{AppointmentReport, load_appointment_report};
use crate::components::{ErrorPanel, format};

/// Did-not-attend and establishment-cancelled rates per clinic and reason, and waiting times.
#[component]
pub fn AppointmentReportPage() -> impl IntoView {
    let query = use_query_map();
    let today = format::local_date(chrono::Utc::now());
    let default_from = (today - Duration::days(28)).to_string();
    let from = Memo::new(move |_| query.with(|q| q.get("from")).unwrap_or_else(|| default_from.clone()));
    let to = Memo::new(move |_| query.with(|q| q.get("to")).unwrap_or_else(|| today.to_string()));
    let report = Resource::new(move || (from.get(), to.get()), |(f, t)| load_appointment_report(f, t));
    let navigate = use_navigate();
    let go = StoredValue::new(move |f: String, t: String| {
        navigate(&format!("/appointments/report?from={f}&to={t}"), Default::default())
    });
    view! {
        <Title text="Appointment report · Throughcare" />
        <h1>"Appointments: attendance and waiting"</h1>
        <form class="round-chooser card no-print" on:submit=|ev| ev.prevent_default()>
            <div>
                <label for="report-from">"From"</label>
                <input type="date" id="report-from" prop:value=move || from.get()
                    on:change=move |ev| { let f = event_target_value(&ev); go.with_value(|go| go(f, to.get_untracked())); } />
            </div>
            <div>
                <label for="report-to">"To"</label>
                <input type="date" id="report-to" prop:value=move || to.get()
                    on:change=move |ev| { let t = event_target_value(&ev); go.with_value(|go| go(from.get_untracked(), t)); } />
            </div>
        </form>
        <Transition fallback=|| view! { <p class="loading">"Counting…"</p> }>
            {move || Suspend::new(async move {
                match report.await {
                    Ok(r) => view! { <Report r /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn percent(rate: Option<u32>) -> String {
    rate.map(|r| format!("{r}%")).unwrap_or_else(|| "–".to_owned())
}

#[component]
fn Report(r: AppointmentReport) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="rates-heading" data-testid="attendance-report">
            <h2 id="rates-heading">"By clinic, " {format::date(r.from)} " to " {format::date(r.to)}</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Attendance by clinic, scrolls sideways"><table class="worklist">
                <thead><tr>
                    <th scope="col">"Clinic"</th><th scope="col">"Appointments"</th><th scope="col">"Attended"</th>
                    <th scope="col">"Did not attend"</th><th scope="col">"Refused"</th><th scope="col">"Cancelled by establishment"</th>
                    <th scope="col">"Patient away"</th>
                </tr></thead>
                <tbody>
                    {r.clinics.iter().map(|c| view! {
                        <tr data-testid="clinic-rates">
                            <th scope="row">{c.clinic.clone()}</th>
                            <td>{c.booked}</td>
                            <td>{c.attended}</td>
                            <td>{c.did_not_attend} " (" {percent(c.did_not_attend_rate)} ")"</td>
                            <td>{c.refused}</td>
                            <td>{c.cancelled_by_establishment} " (" {percent(c.establishment_cancelled_rate)} ")"</td>
                            <td>{c.patient_away}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
            <h3>"Did-not-attend and establishment-cancelled rates"</h3>
            <div class="bar-chart" role="img" aria-label="Did-not-attend and establishment-cancelled rate per clinic">
                {r.clinics.iter().filter(|c| c.booked > 0).map(|c| {
                    let dna = c.did_not_attend_rate.unwrap_or(0);
                    let cancelled = c.establishment_cancelled_rate.unwrap_or(0);
                    view! {
                        <div class="bar-row">
                            <span class="bar-label">{c.clinic.clone()}</span>
                            <span class=format!("bar bar-dna {}", bar_width_class(dna))>{format!("DNA {dna}%")}</span>
                            <span class=format!("bar bar-cancelled {}", bar_width_class(cancelled))>{format!("Cancelled {cancelled}%")}</span>
                        </div>
                    }
                }).collect_view()}
            </div>
        </section>
        <section class="card" aria-labelledby="reasons-heading">
            <h2 id="reasons-heading">"By reason"</h2>
            {if r.reasons.is_empty() {
                view! { <p class="muted">"No missed or cancelled appointments in this period."</p> }.into_any()
            } else {
                view! {
                    <table class="worklist">
                        <thead><tr><th scope="col">"Clinic"</th><th scope="col">"Outcome"</th><th scope="col">"Reason"</th><th scope="col">"Count"</th></tr></thead>
                        <tbody>{r.reasons.into_iter().map(|x| view! {
                            <tr><th scope="row">{x.clinic}</th><td>{format::title_case(&x.outcome)}</td><td>{x.reason}</td><td>{x.count}</td></tr>
                        }).collect_view()}</tbody>
                    </table>
                }.into_any()
            }}
        </section>
        <section class="card" aria-labelledby="waiting-times-heading">
            <h2 id="waiting-times-heading">"Waiting times"</h2>
            <table class="worklist">
                <thead><tr><th scope="col">"Clinic"</th><th scope="col">"Waiting now"</th><th scope="col">"Longest wait now (days)"</th><th scope="col">"Median days from request to appointment"</th></tr></thead>
                <tbody>{r.waiting.into_iter().map(|w| view! {
                    <tr><th scope="row">{w.clinic}</th><td>{w.waiting_now}</td>
                        <td>{w.longest_wait_now_days.map(|d| d.to_string()).unwrap_or_else(|| "–".to_owned())}</td>
                        <td>{w.median_days_to_appointment.map(|d| format!("{d:.1}")).unwrap_or_else(|| "–".to_owned())}</td></tr>
                }).collect_view()}</tbody>
            </table>
        </section>
    }
}

/// Bar widths come from stylesheet classes in 5% steps, because the Content-Security-Policy
/// allows no inline style attributes.
fn bar_width_class(percent: u32) -> String {
    let step = (percent.min(100) + 2) / 5 * 5;
    format!("bar-w-{step}")
}

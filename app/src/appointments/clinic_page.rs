use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};
use uuid::Uuid;

use super::{ClinicDay, ClinicListRow, RecordAppointmentOutcome, load_clinic_day};
use crate::components::form_message as message;
use crate::components::{AlertsView, AllergiesView};
use crate::components::{ErrorPanel, format};
use crate::domain::appointment::{AppointmentStatus, ESTABLISHMENT_REASONS};

/// A clinic's day: who is booked when, outcomes recorded as the clinic runs, free slots, and the
/// waiting list with the time each patient has waited.
#[component]
pub fn ClinicListPage() -> impl IntoView {
    let query = use_query_map();
    let clinic = Memo::new(move |_| query.with(|q| q.get("clinic").and_then(|c| Uuid::parse_str(&c).ok())));
    let date = Memo::new(move |_| query.with(|q| q.get("date")));
    let version = RwSignal::new(0u32);
    let day =
        Resource::new(move || (clinic.get(), date.get(), version.get()), |(c, d, _)| load_clinic_day(c, d));
    view! {
        <Title text="Clinic list · Throughcare" />
        <h1>"Clinic list"</h1>
        <Transition fallback=|| view! { <p class="loading">"Loading the clinic…"</p> }>
            {move || Suspend::new(async move {
                match day.await {
                    Ok(d) => view! { <Day day=d version /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Day(day: ClinicDay, version: RwSignal<u32>) -> impl IntoView {
    let navigate = use_navigate();
    let chosen = day.clinic.as_ref().map(|c| c.id);
    let date = day.date;
    let go = StoredValue::new(move |clinic: Option<Uuid>, d: String| {
        let mut q = vec![format!("date={d}")];
        if let Some(c) = clinic {
            q.push(format!("clinic={c}"));
        }
        navigate(&format!("/clinics?{}", q.join("&")), Default::default());
    });
    view! {
        <form class="round-chooser card" on:submit=|ev| ev.prevent_default()>
            <div>
                <label for="clinic-choice">"Clinic"</label>
                <select id="clinic-choice" on:change=move |ev| {
                    let c = Uuid::parse_str(&event_target_value(&ev)).ok();
                    go.with_value(|go| go(c, date.to_string()));
                }>
                    <option value="" selected=chosen.is_none()>"Choose a clinic…"</option>
                    {day.clinics.iter().map(|c| view! {
                        <option value=c.id.to_string() selected=chosen == Some(c.id)>{c.name.clone()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div>
                <label for="clinic-date">"Day"</label>
                <input type="date" id="clinic-date" value=date.to_string() on:change=move |ev| {
                    let d = event_target_value(&ev);
                    go.with_value(|go| go(chosen, d));
                } />
            </div>
        </form>
        {day.clinic.clone().map(|c| view! {
            <section class="card" aria-labelledby="clinic-day-heading" data-testid="clinic-list">
                <h2 id="clinic-day-heading">{c.name.clone()} " · " {format::date(date)}</h2>
                {if day.rows.is_empty() {
                    view! { <p class="muted">"Nobody is booked."</p> }.into_any()
                } else {
                    let mut names: Vec<String> = day.rows.iter().filter_map(|r| r.appointment.clinician.clone()).collect();
                    names.sort();
                    names.dedup();
                    let clinician = RwSignal::new(String::new());
                    let rows = day.rows.clone();
                    view! {
                        <label for="clinician-filter">"Clinician"</label>
                        <select id="clinician-filter" on:change=move |ev| clinician.set(event_target_value(&ev))>
                            <option value="">"Everyone"</option>
                            {names.into_iter().map(|n| view! { <option value=n.clone()>{n.clone()}</option> }).collect_view()}
                        </select>
                        <ol class="clinic-rows">{rows.into_iter().map(|row| {
                            let who = row.appointment.clinician.clone().unwrap_or_default();
                            view! { <li class:filtered-out=move || { let c = clinician.get(); !c.is_empty() && c != who }><Row row version /></li> }
                        }).collect_view()}</ol>
                    }.into_any()
                }}
                <h3>"Free slots"</h3>
                <p data-testid="free-slots">{if day.free_slots.is_empty() { "None left on this day.".to_owned() } else {
                    day.free_slots.iter().map(|t| format::time(*t)).collect::<Vec<_>>().join(", ")
                }}</p>
            </section>
            <section class="card" aria-labelledby="waiting-heading" data-testid="waiting-list">
                <h2 id="waiting-heading">"Waiting list"</h2>
                {if day.waiting.is_empty() {
                    view! { <p class="muted">"Nobody is waiting."</p> }.into_any()
                } else {
                    view! {
                        <table class="worklist">
                            <thead><tr><th scope="col">"Patient"</th><th scope="col">"Reason"</th><th scope="col">"Priority"</th><th scope="col">"Waited"</th></tr></thead>
                            <tbody>{day.waiting.clone().into_iter().map(|w| view! {
                                <tr>
                                    <th scope="row"><a href=format!("/patients/{}", w.prison_number)>{w.name}</a></th>
                                    <td>{w.appointment.reason}{(w.appointment.status == AppointmentStatus::ToRebook).then_some(" (to rebook after transfer)")}</td>
                                    <td>{w.appointment.priority.title()}</td>
                                    <td>{w.days_waited} " days"</td>
                                </tr>
                            }).collect_view()}</tbody>
                        </table>
                    }.into_any()
                }}
            </section>
        })}
    }
}

#[component]
fn Row(row: ClinicListRow, version: RwSignal<u32>) -> impl IntoView {
    let action = ServerAction::<RecordAppointmentOutcome>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            version.update(|v| *v += 1);
        }
    });
    let a = row.appointment;
    let key = a.id.simple().to_string();
    let booked = a.status == AppointmentStatus::Booked;
    view! {
        <article class="clinic-row" data-testid="clinic-row">
            <p>
                <strong>{a.starts_at.map(format::time).unwrap_or_default()}</strong> " "
                <a href=format!("/patients/{}", row.prison_number)>{row.name.clone()}</a>
                " · born " {format::date(row.date_of_birth)} " · " {row.prison_number.clone()} " · " {row.location.clone()}
            </p>
            {match row.allergies {
                Some(allergies) => view! {
                    <div class="round-patient-risks"><AllergiesView allergies /><AlertsView alerts=row.alerts /></div>
                }.into_any(),
                None => view! {
                    <p class="muted" data-testid="clinic-row-left">"No longer held here: their record is with the establishment holding them."</p>
                }.into_any(),
            }}
            <p class="muted">{a.reason.clone()} {a.clinician.clone().map(|c| format!(" · {c}"))}</p>
            {if booked {
                view! {
                    <ActionForm action attr:class="stacked-form">
                        <input type="hidden" name="appointment_id" value=a.id.to_string() />
                        <fieldset class="choices">
                            <legend>"Outcome"</legend>
                            {AppointmentStatus::OUTCOMES.into_iter().map(|o| {
                                let input_id = format!("{}-{}", o.as_db(), key);
                                let label_for = input_id.clone();
                                view! {
                                    <label class="radio" for=label_for>
                                        <input type="radio" id=input_id name="outcome" value=o.as_db() required />
                                        {o.title()}
                                    </label>
                                }
                            }).collect_view()}
                        </fieldset>
                        <label for=format!("reason-{key}")>"If the establishment cancelled: why"</label>
                        <select id=format!("reason-{key}") name="reason_code">
                            <option value="">"Not applicable"</option>
                            {ESTABLISHMENT_REASONS.iter().map(|(code, title)| view! { <option value=*code>{*title}</option> }).collect_view()}
                        </select>
                        <label for=format!("note-{key}")>"Note (needed for a refusal)"</label>
                        <input type="text" id=format!("note-{key}") name="note" maxlength="1000" autocomplete="off" />
                        {move || message(action.value().get()).map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                        <button type="submit" class="primary small" disabled=move || action.pending().get()
                            aria-label=format!("Save outcome for {}", row.name)>"Save outcome"</button>
                    </ActionForm>
                }.into_any()
            } else {
                let attended = a.status == AppointmentStatus::Attended;
                let record = format!("/patients/{}", row.prison_number);
                view! { <p data-testid="outcome"><strong>{a.status.title()}</strong>
                    {a.outcome_reason.clone().map(|r| format!(" · {r}"))}
                    {(!a.outcome_note.is_empty()).then(|| format!(" · {}", a.outcome_note))}
                    {attended.then(|| view! { " · " <a href=record>"Write the consultation note"</a> })}</p> }.into_any()
            }}
        </article>
    }
}

use leptos::prelude::*;
use uuid::Uuid;

use super::{
    AppointmentView, BookAppointment, BookingRequest, CancelAppointment, PatientAppointments,
    RecordLetterReceived, load_patient_appointments,
};
use crate::components::form_message as message;
use crate::components::{ErrorPanel, format};
use crate::domain::appointment::{AppointmentStatus, ClinicKind, Priority};
use crate::record::{RecordVersion, refresh_record_on_success};

/// The patient's appointments: what is outstanding (with rebooking and slips), recent outcomes,
/// and booking.
#[component]
pub fn AppointmentsPanel(prison_number: Signal<String>) -> impl IntoView {
    let version = RecordVersion::current();
    let data = LocalResource::new(move || {
        version.track();
        load_patient_appointments(prison_number.get())
    });
    // Rebooking names the appointment it continues; the form below picks it up.
    let rebooking = RwSignal::new(None::<AppointmentView>);
    view! {
        <section class="card appointments" aria-labelledby="appointments-heading" data-testid="appointments-panel">
            <h2 id="appointments-heading">"Appointments"</h2>
            {move || match data.get() {
                None => view! { <p class="loading">"Loading appointments…"</p> }.into_any(),
                Some(Err(error)) => view! { <ErrorPanel error /> }.into_any(),
                Some(Ok(d)) => view! { <Body prison_number data=d rebooking /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Body(
    prison_number: Signal<String>,
    data: PatientAppointments,
    rebooking: RwSignal<Option<AppointmentView>>,
) -> impl IntoView {
    let PatientAppointments { outstanding, recent, clinics, clinicians } = data;
    view! {
        {if outstanding.is_empty() {
            view! { <p class="muted">"Nothing outstanding."</p> }.into_any()
        } else {
            view! {
                <ul class="appointment-list" data-testid="outstanding-appointments">
                    {outstanding.into_iter().map(|a| view! { <li><Outstanding prison_number a rebooking /></li> }).collect_view()}
                </ul>
            }.into_any()
        }}
        <BookingForm prison_number clinics clinicians rebooking />
        {(!recent.is_empty()).then(|| view! {
            <h3>"Recent"</h3>
            <ul class="appointment-list recent">
                {recent.into_iter().map(|a| view! { <li><Recent a /></li> }).collect_view()}
            </ul>
        })}
    }
}

/// A past appointment; an attended hospital one waits for its clinic letter.
#[component]
fn Recent(a: AppointmentView) -> impl IntoView {
    let letter = ServerAction::<RecordLetterReceived>::new();
    refresh_record_on_success(letter);
    let awaiting_letter = a.clinic_kind == ClinicKind::Hospital
        && a.status == AppointmentStatus::Attended
        && a.letter_received_at.is_none();
    let id = a.id;
    view! {
        {when(&a)} " · " {a.clinic_name.clone().unwrap_or_else(|| a.clinic_kind.title().to_owned())}
        " · " <strong>{a.status.title()}</strong>
        {a.outcome_reason.clone().map(|r| format!(" ({r})"))}
        {a.letter_received_at.map(|t| format!(" · clinic letter received {}", format::date(format::local_date(t))))}
        {awaiting_letter.then(|| view! {
            " · " <em>"awaiting the clinic letter"</em> " "
            <ActionForm action=letter attr:class="inline-form">
                <input type="hidden" name="appointment_id" value=id.to_string() />
                <button type="submit" class="secondary small">"Letter received"</button>
            </ActionForm>
        })}
    }
}

fn when(a: &AppointmentView) -> String {
    match a.starts_at {
        Some(t) => format::date_time(t),
        None => format!("Waiting since {}", format::date(format::local_date(a.requested_at))),
    }
}

#[component]
fn Outstanding(
    prison_number: Signal<String>,
    a: AppointmentView,
    rebooking: RwSignal<Option<AppointmentView>>,
) -> impl IntoView {
    let cancel = ServerAction::<CancelAppointment>::new();
    refresh_record_on_success(cancel);
    let id = a.id;
    let reason_id = format!("cancel-reason-{}", id.simple());
    let hospital = a.clinic_kind == ClinicKind::Hospital;
    let whole = a.clone();
    view! {
        <article class="appointment" class:to-rebook=a.status == AppointmentStatus::ToRebook data-testid="appointment">
            <p>
                <strong>{a.clinic_name.clone().unwrap_or_else(|| a.clinic_kind.title().to_owned())}</strong>
                " · " {when(&a)}
                " · " <span class=format!("badge priority-{}", a.priority.as_db())>{a.priority.title()}</span>
                {a.escort_required.then(|| view! { " " <span class="badge badge-cd">"Escort"</span> })}
                {(a.status != AppointmentStatus::Booked).then(|| view! { " · " <em>{a.status.title()}</em> })}
            </p>
            <p class="muted">{a.reason.clone()} {a.clinician.clone().map(|c| format!(" · with {c}"))}
                {a.carried_from.clone().map(|e| format!(" · came from {e}"))}</p>
            {(hospital && a.status == AppointmentStatus::ToRebook).then(|| view! {
                <p class="warning">"Hospital appointment: rebook with the hospital and arrange an escort."</p>
            })}
            <div class="prescription-actions">
                <button type="button" class="secondary small" on:click=move |_| rebooking.set(Some(whole.clone()))>
                    {if a.status == AppointmentStatus::Booked { "Rebook" } else { "Book a time" }}
                </button>
                <a class="button secondary small" href=move || format!("/patients/{}/appointments/{id}/slip", prison_number.get())>"Print slip"</a>
                <details class="record-form">
                    <summary>"Cancel"</summary>
                    <ActionForm action=cancel>
                        <input type="hidden" name="appointment_id" value=id.to_string() />
                        <label for=reason_id.clone()>"Why is it no longer needed?"</label>
                        <input type="text" id=reason_id name="reason" required maxlength="1000" autocomplete="off" />
                        {move || message(cancel.value().get()).map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                        <button type="submit" class="secondary">"Cancel appointment"</button>
                    </ActionForm>
                </details>
            </div>
        </article>
    }
}

#[component]
fn BookingForm(
    prison_number: Signal<String>,
    clinics: Vec<super::ClinicChoice>,
    clinicians: Vec<super::ClinicianChoice>,
    rebooking: RwSignal<Option<AppointmentView>>,
) -> impl IntoView {
    let action = ServerAction::<BookAppointment>::new();
    refresh_record_on_success(action);
    let request = RwSignal::new(BookingRequest { priority: "routine".into(), ..Default::default() });
    let open = NodeRef::<leptos::html::Details>::new();
    // Choosing "Book a time" or "Rebook" fills the form from that appointment and opens it.
    Effect::new(move |_| {
        if let Some(a) = rebooking.get() {
            request.update(|r| {
                r.continues_id = Some(a.id);
                r.reason = a.reason.clone();
                r.priority = a.priority.as_db().to_owned();
                r.escort_required = a.escort_required;
            });
            if let Some(details) = open.get() {
                details.set_open(true);
            }
        }
    });
    let set = |f: fn(&mut BookingRequest, String)| {
        move |ev: leptos::ev::Event| request.update(|r| f(r, event_target_value(&ev)))
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(BookAppointment {
            prison_number: prison_number.get_untracked(),
            request: request.get_untracked(),
        });
    };
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            rebooking.set(None);
            request.set(BookingRequest { priority: "routine".into(), ..Default::default() });
        }
    });
    let min_date = format::local_date(chrono::Utc::now()).to_string();
    view! {
        <details class="record-form" node_ref=open>
            <summary>{move || if rebooking.with(Option::is_some) { "Book or rebook this appointment" } else { "Book an appointment" }}</summary>
            <form on:submit=on_submit novalidate class="stacked-form" data-testid="booking-form">
                <label for="appt-clinic">"Clinic"</label>
                <select id="appt-clinic" required on:change=move |ev| {
                    let id = Uuid::parse_str(&event_target_value(&ev)).ok();
                    request.update(|r| r.clinic_id = id);
                }>
                    <option value="">"Choose…"</option>
                    {clinics.into_iter().map(|c| {
                        let id = c.id;
                        view! { <option value=id.to_string() selected=move || request.with(|r| r.clinic_id == Some(id))>{c.name} " (" {c.kind.title()} ")"</option> }
                    }).collect_view()}
                </select>
                <label for="appt-date">"Date (leave date and time empty for the waiting list)"</label>
                <input type="date" id="appt-date" min=min_date prop:value=move || request.with(|r| r.date.clone()) on:input=set(|r, v| r.date = v) />
                <label for="appt-time">"Time"</label>
                <input type="time" id="appt-time" step="300" prop:value=move || request.with(|r| r.time.clone()) on:input=set(|r, v| r.time = v) />
                <label for="appt-clinician">"Clinician (optional)"</label>
                <select id="appt-clinician" on:change=move |ev| {
                    let id = Uuid::parse_str(&event_target_value(&ev)).ok();
                    request.update(|r| r.clinician_id = id);
                }>
                    <option value="">"Any"</option>
                    {clinicians.into_iter().map(|c| view! { <option value=c.id.to_string()>{c.name} " (" {format::title_case(&c.role)} ")"</option> }).collect_view()}
                </select>
                <fieldset class="choices">
                    <legend>"Priority"</legend>
                    {Priority::ALL.into_iter().map(|p| {
                        let input_id = format!("appt-priority-{}", p.as_db());
                        let label_for = input_id.clone();
                        view! {
                            <label class="radio" for=label_for>
                                <input type="radio" id=input_id name="appt-priority"
                                    prop:checked=move || request.with(|r| r.priority == p.as_db())
                                    on:change=move |_| request.update(|r| r.priority = p.as_db().to_owned()) />
                                {p.title()}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <label for="appt-reason">"Reason"</label>
                <input type="text" id="appt-reason" maxlength="1000" autocomplete="off"
                    prop:value=move || request.with(|r| r.reason.clone()) on:input=set(|r, v| r.reason = v) />
                <label class="check" for="appt-escort">
                    <input type="checkbox" id="appt-escort" prop:checked=move || request.with(|r| r.escort_required)
                        on:change=move |ev| { let on = event_target_checked(&ev); request.update(|r| r.escort_required = on); } />
                    "Escort required (always for hospital)"
                </label>
                <label for="appt-security">"Security note for the escort (optional)"</label>
                <input type="text" id="appt-security" maxlength=crate::domain::free_text::FreeText::Note.max_chars() autocomplete="off"
                    prop:value=move || request.with(|r| r.security_note.clone()) on:input=set(|r, v| r.security_note = v) />
                {move || message(action.value().get()).map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                <button type="submit" class="primary" disabled=move || action.pending().get()>"Save appointment"</button>
            </form>
        </details>
    }
}

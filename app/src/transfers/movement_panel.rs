use leptos::prelude::*;

use super::{
    CancelTransfer, ConfirmFitToTransfer, CustodyMovement, DepartTransfer, MovementPanelData,
    RecordCustodyMovement, RedirectTransfer, RemandElsewhere, ScheduleTransfer, TransferDetails,
    load_movement_panel,
};
use crate::components::form_message as message;
use crate::components::{ErrorPanel, format};
use crate::domain::transfer::TransferStatus;
use crate::record::{RecordVersion, refresh_record_on_success};

/// Where the patient is, their transfer, and the movements the user may record next.
#[component]
pub fn MovementPanel(prison_number: Signal<String>) -> impl IntoView {
    let version = RecordVersion::current();
    let panel = LocalResource::new(move || {
        version.track();
        load_movement_panel(prison_number.get())
    });
    view! {
        <section class="card movement" aria-labelledby="movement-heading" data-testid="movement-panel">
            <div class="medicines-head">
                <h2 id="movement-heading">"Whereabouts and transfers"</h2>
                <a href=move || format!("/patients/{}/handover", prison_number.get())>"Handover pack"</a>
            </div>
            {move || match panel.get() {
                None => view! { <p class="loading">"Loading movement…"</p> }.into_any(),
                Some(Err(error)) => view! { <ErrorPanel error /> }.into_any(),
                Some(Ok(data)) => view! { <MovementBody prison_number data /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn MovementBody(prison_number: Signal<String>, data: MovementPanelData) -> impl IntoView {
    let offered = if data.at_sending_establishment && data.transfer.is_none() {
        CustodyMovement::offered(data.status)
    } else {
        Vec::new()
    };
    // Release is from the establishment, or straight from court.
    let may_release = data.at_sending_establishment
        && data.transfer.is_none()
        && matches!(
            data.status,
            Some(
                crate::domain::WhereaboutsStatus::InEstablishment | crate::domain::WhereaboutsStatus::AtCourt
            )
        );
    let may_schedule = data.at_sending_establishment
        && data.transfer.is_none()
        && data.status == Some(crate::domain::WhereaboutsStatus::InEstablishment);
    view! {
        <p data-testid="movement-whereabouts"><strong>{data.whereabouts.clone()}</strong></p>
        {data.medical_hold.then(|| view! {
            <p class="warning" role="note">"Medical hold: do not transfer without clinical agreement."</p>
        })}
        {data.transfer.clone().map(|t| view! { <TransferCard prison_number transfer=t data=data.clone() /> })}
        {may_schedule.then(|| view! { <ScheduleForm prison_number destinations=data.destinations.clone() /> })}
        {(!offered.is_empty()).then(|| view! { <CustodyMovementForm prison_number offered /> })}
        {(data.at_sending_establishment && data.status == Some(crate::domain::WhereaboutsStatus::AtCourt)).then(|| view! {
            <RemandForm prison_number destinations=data.destinations.clone() />
        })}
        {may_release.then(|| view! {
            <p><a href=move || format!("/patients/{}/discharge", prison_number.get())>"Release from custody (discharge summary)"</a></p>
        })}
    }
}

#[component]
fn TransferCard(
    prison_number: Signal<String>,
    transfer: TransferDetails,
    data: MovementPanelData,
) -> impl IntoView {
    let sending_and_scheduled = data.at_sending_establishment && transfer.status == TransferStatus::Scheduled;
    let in_transit = transfer.status == TransferStatus::Departed;
    let may_confirm = sending_and_scheduled && data.may_confirm_fit && transfer.fit_confirmed.is_none();
    let may_depart = sending_and_scheduled && transfer.fit_confirmed.is_some();
    let id = transfer.id;
    view! {
        <div class="transfer" data-testid="transfer">
            <p>
                <span class="badge">{transfer.status.describe()}</span> " "
                "Transfer to " <strong>{transfer.to.name.clone()}</strong>
                " · planned " {format::date(transfer.planned_for)}
            </p>
            <p class="muted">"Reason: " {transfer.reason.clone()} " · scheduled by " {transfer.scheduled.by.clone()}
                " " {format::date_time(transfer.scheduled.at)}</p>
            {transfer.fit_confirmed.clone().map(|s| view! {
                <p data-testid="fit-confirmed">"Fit to transfer: confirmed by " {s.by} " " {format::date_time(s.at)}</p>
            })}
            {transfer.departed.clone().map(|s| view! {
                <p>"Left " {transfer.from.name.clone()} " " {format::date_time(s.at)} " (" {s.by} ")"</p>
            })}
            {transfer.redirects.iter().map(|r| view! { <p class="muted">"Redirected: " {r.clone()}</p> }).collect_view()}
            {may_confirm.then(|| view! { <ConfirmFitForm prison_number id /> })}
            {may_depart.then(|| view! { <DepartForm prison_number id medical_hold=data.medical_hold may_override=data.may_override_hold /> })}
            {sending_and_scheduled.then(|| view! { <CancelForm prison_number id /> })}
            {in_transit.then(|| view! { <RedirectForm prison_number id destinations=data.destinations.clone() /> })}
            {data.incoming_here.then(|| view! {
                <p><a class="button primary" href=move || format!("/patients/{}/reception", prison_number.get())>"Receive patient"</a></p>
            })}
        </div>
    }
}

#[component]
fn ScheduleForm(
    prison_number: Signal<String>,
    destinations: Vec<super::EstablishmentChoice>,
) -> impl IntoView {
    let action = ServerAction::<ScheduleTransfer>::new();
    refresh_record_on_success(action);
    let today = format::local_date(chrono::Utc::now()).to_string();
    view! {
        <details class="record-form">
            <summary>"Schedule a transfer"</summary>
            <ActionForm action>
                <input type="hidden" name="prison_number" prop:value=move || prison_number.get() />
                <label for="transfer-to">"Receiving establishment"</label>
                <select id="transfer-to" name="to" required>
                    <option value="">"Choose…"</option>
                    {destinations.into_iter().map(|d| { let code = d.code.clone(); view! { <option value=code>{d.name} " (" {d.code} ")"</option> } }).collect_view()}
                </select>
                <label for="transfer-date">"Planned date"</label>
                <input type="date" id="transfer-date" name="planned_for" min=today required />
                <label for="transfer-reason">"Reason"</label>
                <input type="text" id="transfer-reason" name="reason" maxlength="1000" required autocomplete="off"
                    placeholder="e.g. Re-categorisation to Cat C" />
                {move || message(action.value().get()).map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                <button type="submit" class="primary" disabled=move || action.pending().get()>"Schedule transfer"</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn ConfirmFitForm(prison_number: Signal<String>, id: uuid::Uuid) -> impl IntoView {
    let action = ServerAction::<ConfirmFitToTransfer>::new();
    refresh_record_on_success(action);
    view! {
        <ActionForm action attr:class="stacked-form">
            <input type="hidden" name="prison_number" prop:value=move || prison_number.get() />
            <input type="hidden" name="transfer_id" value=id.to_string() />
            <label for="fit-note">"Fit to transfer: note for the escort (optional)"</label>
            <input type="text" id="fit-note" name="note" maxlength=crate::domain::free_text::FreeText::Note.max_chars() autocomplete="off" />
            {move || message(action.value().get()).map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            <button type="submit" class="primary" disabled=move || action.pending().get()>"Confirm fit to transfer"</button>
        </ActionForm>
    }
}

#[component]
fn DepartForm(
    prison_number: Signal<String>,
    id: uuid::Uuid,
    medical_hold: bool,
    may_override: bool,
) -> impl IntoView {
    let action = ServerAction::<DepartTransfer>::new();
    refresh_record_on_success(action);
    view! {
        <ActionForm action attr:class="stacked-form">
            <input type="hidden" name="prison_number" prop:value=move || prison_number.get() />
            <input type="hidden" name="transfer_id" value=id.to_string() />
            {(medical_hold && may_override).then(|| view! {
                <label for="hold-override">"Medical hold override: clinical agreement and reason"</label>
                <input type="text" id="hold-override" name="hold_override_reason" maxlength="1000" autocomplete="off" />
            })}
            {(medical_hold && !may_override).then(|| view! {
                <p class="warning">"A prescriber or the healthcare manager must agree before this patient leaves."</p>
            })}
            {move || message(action.value().get()).map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            <button type="submit" class="primary" disabled=move || action.pending().get()>"Patient has left (depart)"</button>
        </ActionForm>
    }
}

#[component]
fn CancelForm(prison_number: Signal<String>, id: uuid::Uuid) -> impl IntoView {
    let action = ServerAction::<CancelTransfer>::new();
    refresh_record_on_success(action);
    view! {
        <details class="record-form">
            <summary>"Cancel this transfer"</summary>
            <ActionForm action>
                <input type="hidden" name="prison_number" prop:value=move || prison_number.get() />
                <input type="hidden" name="transfer_id" value=id.to_string() />
                <label for="cancel-reason">"Why is it cancelled?"</label>
                <input type="text" id="cancel-reason" name="reason" maxlength="1000" required autocomplete="off" />
                {move || message(action.value().get()).map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                <button type="submit" class="secondary" disabled=move || action.pending().get()>"Cancel transfer"</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn RedirectForm(
    prison_number: Signal<String>,
    id: uuid::Uuid,
    destinations: Vec<super::EstablishmentChoice>,
) -> impl IntoView {
    let action = ServerAction::<RedirectTransfer>::new();
    refresh_record_on_success(action);
    view! {
        <details class="record-form">
            <summary>"Redirect (patient on the road)"</summary>
            <ActionForm action>
                <input type="hidden" name="prison_number" prop:value=move || prison_number.get() />
                <input type="hidden" name="transfer_id" value=id.to_string() />
                <label for="redirect-to">"New destination"</label>
                <select id="redirect-to" name="to" required>
                    <option value="">"Choose…"</option>
                    {destinations.into_iter().map(|d| { let code = d.code.clone(); view! { <option value=code>{d.name} " (" {d.code} ")"</option> } }).collect_view()}
                </select>
                <label for="redirect-reason">"Reason"</label>
                <input type="text" id="redirect-reason" name="reason" maxlength="1000" required autocomplete="off" />
                {move || message(action.value().get()).map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                <button type="submit" class="secondary" disabled=move || action.pending().get()>"Redirect"</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn CustodyMovementForm(prison_number: Signal<String>, offered: Vec<CustodyMovement>) -> impl IntoView {
    let action = ServerAction::<RecordCustodyMovement>::new();
    refresh_record_on_success(action);
    view! {
        <details class="record-form">
            <summary>"Record court or hospital escort"</summary>
            <ActionForm action>
                <input type="hidden" name="prison_number" prop:value=move || prison_number.get() />
                <fieldset>
                    <legend>"Movement"</legend>
                    {offered.into_iter().map(|m| {
                        let value = serde_json::to_value(m).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
                        let id = format!("movement-{value}");
                        view! {
                            <label class="check" for=id.clone()>
                                <input type="radio" id=id.clone() name="movement" value=value required />
                                {m.label()}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <label for="movement-reason">"Detail (which court or hospital; optional)"</label>
                <input type="text" id="movement-reason" name="reason" maxlength="1000" autocomplete="off" />
                {move || message(action.value().get()).map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                <button type="submit" class="primary" disabled=move || action.pending().get()>"Record movement"</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn RemandForm(prison_number: Signal<String>, destinations: Vec<super::EstablishmentChoice>) -> impl IntoView {
    let action = ServerAction::<RemandElsewhere>::new();
    refresh_record_on_success(action);
    view! {
        <details class="record-form">
            <summary>"Remanded by the court to another establishment"</summary>
            <ActionForm action>
                <input type="hidden" name="prison_number" prop:value=move || prison_number.get() />
                <label for="remand-to">"Establishment"</label>
                <select id="remand-to" name="to" required>
                    <option value="">"Choose…"</option>
                    {destinations.into_iter().map(|d| { let code = d.code.clone(); view! { <option value=code>{d.name} " (" {d.code} ")"</option> } }).collect_view()}
                </select>
                <label for="remand-reason">"Court and reason"</label>
                <input type="text" id="remand-reason" name="reason" maxlength="1000" required autocomplete="off" />
                {move || message(action.value().get()).map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                <button type="submit" class="secondary" disabled=move || action.pending().get()>"Record remand"</button>
            </ActionForm>
        </details>
    }
}

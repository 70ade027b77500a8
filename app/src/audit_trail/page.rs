use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{AuditLine, AuditQuery, AuditSubject, ExportAuditTrail, actions, load_audit_trail};
use crate::components::{ErrorPanel, form_message, format};

/// Who looked at a record, or what a member of staff looked at, over a period; with a CSV export.
/// `?patient=A1234BC` opens it for that patient.
#[component]
pub fn AuditTrailPage() -> impl IntoView {
    let query = use_query_map();
    let from_url = query.with_untracked(|q| q.get("patient"));
    let today = format::local_date(chrono::Utc::now());
    let by_patient = RwSignal::new(true);
    let identifier = RwSignal::new(from_url.clone().unwrap_or_default());
    let from = RwSignal::new(today - chrono::Duration::days(30));
    let to = RwSignal::new(today);
    let current = move || AuditQuery {
        subject: if by_patient.get_untracked() {
            AuditSubject::Patient { prison_number: identifier.get_untracked().trim().to_uppercase() }
        } else {
            AuditSubject::Staff { username: identifier.get_untracked().trim().to_lowercase() }
        },
        from: from.get_untracked(),
        to: to.get_untracked(),
    };
    let shown = RwSignal::new(from_url.map(|_| current()));
    let trail = Resource::new(
        move || shown.get(),
        |q| async move {
            match q {
                Some(q) => load_audit_trail(q).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let export = ServerAction::<ExportAuditTrail>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        export.value().with(|result| {
            if let Some(Ok(text)) = result {
                let _ = crate::components::save_text_file("audit-trail.csv", "text/csv", text);
            }
        })
    });
    let date_input = move |signal: RwSignal<NaiveDate>| {
        move |ev: leptos::ev::Event| {
            if let Ok(d) = NaiveDate::parse_from_str(&event_target_value(&ev), "%Y-%m-%d") {
                signal.set(d);
            }
        }
    };
    view! {
        <Title text="Audit trail · Throughcare" />
        <h1>"Audit trail"</h1>
        <form class="card filters" aria-label="Choose an audit trail" on:submit=move |ev| { ev.prevent_default(); shown.set(Some(current())); }>
            <fieldset class="choices">
                <legend>"Look at"</legend>
                <input type="radio" id="audit-by-patient" name="subject" prop:checked=move || by_patient.get() on:change=move |_| by_patient.set(true) />
                <label for="audit-by-patient">"A patient's record"</label>
                <input type="radio" id="audit-by-staff" name="subject" prop:checked=move || !by_patient.get() on:change=move |_| by_patient.set(false) />
                <label for="audit-by-staff">"A member of staff"</label>
            </fieldset>
            <div class="field">
                <label for="audit-identifier">{move || if by_patient.get() { "Prison number" } else { "Username" }}</label>
                <input id="audit-identifier" type="text" autocomplete="off" required
                    prop:value=move || identifier.get() on:input=move |ev| identifier.set(event_target_value(&ev)) />
            </div>
            <div class="field"><label for="audit-from">"From"</label>
                <input id="audit-from" type="date" prop:value=move || from.get().to_string() on:change=date_input(from) /></div>
            <div class="field"><label for="audit-to">"To"</label>
                <input id="audit-to" type="date" prop:value=move || to.get().to_string() on:change=date_input(to) /></div>
            <button type="submit">"Show"</button>
            <button type="button" class="secondary" on:click=move |_| { export.dispatch(ExportAuditTrail { query: current() }); }>
                "Download CSV"
            </button>
            <span class="field-error" role="alert">{move || form_message(export.value().get())}</span>
        </form>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match trail.await {
                    Ok(None) => view! { <p class="muted">"Choose a patient or a member of staff and a period."</p> }.into_any(),
                    Ok(Some(t)) if t.lines.is_empty() => view! { <p class="card" data-testid="audit-empty">"Nothing recorded in this period."</p> }.into_any(),
                    Ok(Some(t)) => view! {
                        {t.truncated.then(|| view! { <p class="warning">"Showing the newest " {t.lines.len()} " entries. Choose a shorter period, or download the CSV for all of them."</p> })}
                        <AuditTable lines=t.lines />
                    }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn AuditTable(lines: Vec<AuditLine>) -> impl IntoView {
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Audit entries, scrolls sideways"><table class="audit-trail" data-testid="audit-trail">
            <caption class="visually-hidden">"Audit entries, newest first"</caption>
            <thead><tr><th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"Where"</th>
                <th scope="col">"Patient"</th><th scope="col">"What"</th><th scope="col">"Outcome"</th></tr></thead>
            <tbody>
                {lines.into_iter().map(|l| view! {
                    <tr class=format!("outcome-{}", l.outcome)>
                        <td>{format::date_time(l.at)}</td>
                        <td>{l.staff_name.unwrap_or_else(|| "Not signed in".to_owned())}
                            {l.staff_username.map(|u| view! { <span class="muted">" (" {u} ")"</span> })}</td>
                        <td>{l.establishment.unwrap_or_default()}</td>
                        <td>{match (l.patient_name, l.prison_number) { (Some(n), Some(pn)) => format!("{n} {pn}"), _ => String::new() }}</td>
                        <td>{actions::describe(&l.action)} " " <code class="muted">{l.action.clone()}</code></td>
                        <td>{format::title_case(&l.outcome)}{(!l.detail.is_empty()).then(|| format!(" · {}", l.detail))}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table></div>
    }
}

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use std::time::Duration;

use super::{PatientSearchRow, search_patients};
use crate::components::{ErrorPanel, format, url};

/// Results follow the typing after this pause, so each keystroke does not cost a request.
const TYPING_PAUSE: Duration = Duration::from_millis(180);

#[component]
pub fn PatientSearchPage() -> impl IntoView {
    let query = use_query_map();
    let q = move || query.with(|m| m.get("q").unwrap_or_default());
    let results = Resource::new(q, search_patients);
    let navigate = use_navigate();
    let pending_timer = StoredValue::new(None::<TimeoutHandle>);
    let typed = RwSignal::new(query.with_untracked(|m| m.get("q").unwrap_or_default()));

    let show = move |value: String| {
        navigate(
            &format!("/patients?q={}", url::encode(value.trim())),
            NavigateOptions { replace: true, scroll: false, ..Default::default() },
        );
    };
    let on_input = {
        let show = show.clone();
        move |ev| {
            let value = event_target_value(&ev);
            typed.set(value.clone());
            if let Some(handle) = pending_timer.get_value() {
                handle.clear();
            }
            let show = show.clone();
            let handle = set_timeout_with_handle(move || show(value), TYPING_PAUSE).ok();
            pending_timer.set_value(handle);
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(handle) = pending_timer.get_value() {
            handle.clear();
        }
        show(typed.get_untracked());
    };
    // Typing must never be overwritten by a late URL update, so the box starts from the URL once.
    let initial = typed.get_untracked();

    view! {
        <Title text="Find a patient · Throughcare" />
        <h1>"Find a patient"</h1>
        <form role="search" method="get" action="/patients" class="search-form" on:submit=on_submit>
            <label for="patient-search">"Name, prison number or NHS number"</label>
            <input id="patient-search" name="q" type="search" value=initial autocomplete="off"
                spellcheck="false" placeholder="e.g. Smith, A1234BC or 943 476 5919" on:input=on_input />
            <button type="submit" class="primary">"Search"</button>
        </form>
        <p class="hint">"Patients at your establishment, and those on their way to it."</p>
        <Transition fallback=|| view! { <p class="loading">"Searching…"</p> }>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(rows) => view! { <Results rows typed=!q().trim().is_empty() /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Results(rows: Vec<PatientSearchRow>, typed: bool) -> impl IntoView {
    if rows.is_empty() {
        let message = if typed {
            "No patients found at your establishment."
        } else {
            "Type at least two letters of a name, or a number."
        };
        return view! { <p role="status" class="muted" data-testid="search-status">{message}</p> }.into_any();
    }
    let count = rows.len();
    view! {
        <p role="status" class="muted" data-testid="search-status">
            {format!("{count} patient{} found", if count == 1 { "" } else { "s" })}
        </p>
        <table class="results" data-testid="search-results">
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Born"</th>
                    <th scope="col">"Prison No."</th>
                    <th scope="col">"NHS No."</th>
                    <th scope="col">"Location"</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr>
                        <td><a href=format!("/patients/{}", r.prison_number)>
                            <span class="family">{r.family_name.to_uppercase()}</span> ", " {r.given_name}
                        </a></td>
                        <td>{format::date(r.date_of_birth)}</td>
                        <td>{r.prison_number}</td>
                        <td>{r.nhs_number.unwrap_or_default()}</td>
                        <td>{r.whereabouts}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

use leptos::prelude::*;

use super::{RecordProblem, ResolveProblem, load_active_problems, search_problem_concepts};
use crate::components::field::{FieldErrors, FieldMessage, TextField};
use crate::components::form_message as message;
use crate::components::{ErrorPanel, format};
use crate::domain::record_checks::problem_entry_problems;
use crate::record::{RecordVersion, refresh_record_on_success};

/// Search the SNOMED CT problem list by typing, choose a concept, record it; resolve active ones.
#[component]
pub fn ProblemForm(prison_number: Signal<String>) -> impl IntoView {
    let record = ServerAction::<RecordProblem>::new();
    let resolve = ServerAction::<ResolveProblem>::new();
    refresh_record_on_success(record);
    refresh_record_on_success(resolve);
    let version = RecordVersion::current();
    let typed = RwSignal::new(String::new());
    let matches = Resource::new(move || typed.get(), search_problem_concepts);
    let active =
        Resource::new(move || (prison_number.get(), version.get()), |(pn, _)| load_active_problems(pn));
    let on_type = crate::components::typing::settle_into(typed);
    let errors = FieldErrors::for_action("problem", record);
    // The server's rule runs first here: a problem typed but not chosen from the list is named
    // beside the search box, and what was typed stays.
    let check = move |ev: leptos::ev::SubmitEvent| {
        errors.check_submit(&ev, |p: RecordProblem| problem_entry_problems(p.concept_id, &p.note))
    };
    view! {
        <details class="record-form">
            <summary>"Record or resolve a problem"</summary>
            <ActionForm action=record attr:novalidate=true on:submit:capture=check>
                <input type="hidden" name="prison_number" prop:value=move || prison_number.get() />
                <label for=errors.id("concept_id")>"Problem (SNOMED CT)"</label>
                <input type="search" id=errors.id("concept_id") autocomplete="off" on:input=on_type
                    placeholder="e.g. asthma, epilepsy, opioid dependence"
                    aria-describedby=errors.error_id("concept_id")
                    aria-invalid=move || errors.message("concept_id").is_some().to_string() />
                <FieldMessage errors field="concept_id" />
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match matches.await {
                            Err(error) => view! { <ErrorPanel error /> }.into_any(),
                            Ok(list) if list.is_empty() => ().into_any(),
                            Ok(list) => view! {
                                <fieldset class="concepts">
                                    <legend>"Choose the problem"</legend>
                                    {list.into_iter().map(|c| {
                                        let id = format!("concept-{}", c.snomed_id);
                                        view! {
                                            <label class="check" for=id.clone()>
                                                <input type="radio" id=id.clone() name="concept_id" value=c.snomed_id.to_string() required />
                                                {c.term} " " <span class="muted">{c.snomed_id}</span>
                                            </label>
                                        }
                                    }).collect_view()}
                                </fieldset>
                            }.into_any(),
                        }
                    })}
                </Transition>
                <TextField errors field="note" label="Note on the problem (optional)" />
                {move || errors.general().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                <button type="submit" class="primary" disabled=move || record.pending().get()>"Record problem"</button>
            </ActionForm>
            <h3>"Active problems"</h3>
            {move || message(resolve.value().get()).map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match active.await {
                        Err(error) => view! { <ErrorPanel error /> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p class="muted">"No active problems."</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="open-alerts" data-testid="active-problems">
                                {list.into_iter().map(|p| view! {
                                    <li>
                                        <strong>{p.term.clone()}</strong>
                                        " " <span class="muted">{p.snomed_id} " · since " {format::date_time(p.since)}</span>
                                        <ActionForm action=resolve attr:class="inline-form">
                                            <input type="hidden" name="problem_id" value=p.id.to_string() />
                                            <button type="submit" class="secondary small"
                                                aria-label=format!("Resolve {}", p.term)>"Resolve"</button>
                                        </ActionForm>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Transition>
        </details>
    }
}

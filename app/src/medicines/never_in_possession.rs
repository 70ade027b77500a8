//! The establishment's never-in-possession list: medicines never handed to patients to keep
//! here (diversion, overdose risk). Pharmacists keep it; prescribing enforces it.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{AddNeverInPossession, RemoveNeverInPossession, load_never_in_possession, search_medicines};
use crate::components::form_message as message;
use crate::components::{ErrorPanel, format};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeverInPossessionEntry {
    pub id: Uuid,
    pub product_name: String,
    pub reason: String,
    pub added_by: String,
    pub added_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeverInPossessionList {
    pub entries: Vec<NeverInPossessionEntry>,
    pub may_manage: bool,
}

#[component]
pub fn NeverInPossessionPage() -> impl IntoView {
    let add = ServerAction::<AddNeverInPossession>::new();
    let remove = ServerAction::<RemoveNeverInPossession>::new();
    let list =
        Resource::new(move || (add.version().get(), remove.version().get()), |_| load_never_in_possession());
    view! {
        <Title text="Never in possession · Throughcare" />
        <h1>"Never in possession"</h1>
        <p class="hint">"Medicines on this list are never given to patients to keep at this establishment. Prescribing refuses in-possession supply for them."</p>
        <Transition fallback=|| view! { <p class="loading">"Loading the list…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    Ok(l) => view! {
                        {l.may_manage.then(|| view! { <AddForm add /> })}
                        <section class="card">
                            <h2>{l.entries.len()} " medicines"</h2>
                            <ul class="plain-list" data-testid="never-in-possession">
                                {l.entries.into_iter().map(|e| {
                                    let id = e.id.to_string();
                                    let input_id = format!("nip-remove-{id}");
                                    let for_id = input_id.clone();
                                    view! {
                                        <li>
                                            <strong>{e.product_name.clone()}</strong> " · " {e.reason}
                                            <span class="muted">" · added by " {e.added_by} " on " {format::date_time(e.added_at)}</span>
                                            {l.may_manage.then(|| view! {
                                                <details class="record-form">
                                                    <summary>"Remove from the list"</summary>
                                                    <ActionForm action=remove attr:class="close-alert">
                                                        <input type="hidden" name="id" value=id.clone() />
                                                        <label for=for_id>"Reason for removing " {e.product_name.clone()}</label>
                                                        <input type="text" id=input_id name="reason" required maxlength="500" />
                                                        <button type="submit" class="secondary">"Remove"</button>
                                                    </ActionForm>
                                                </details>
                                            })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            {move || message(remove.value().get()).map(|m| view! { <p class="error-message" role="alert">{m}</p> })}
                        </section>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn AddForm(add: ServerAction<AddNeverInPossession>) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    // Fetched in the browser only: the list exists only once someone types.
    let matches = LocalResource::new(move || search_medicines(typed.get()));
    let on_type = crate::components::typing::settle_into(typed);
    view! {
        <details class="card record-form">
            <summary>"Add a medicine"</summary>
            <ActionForm action=add>
                <label for="nip-search">"Medicine"</label>
                <input type="search" id="nip-search" autocomplete="off" on:input=on_type placeholder="e.g. pregabalin" />
                {move || {
                        match matches.get() {
                            None => ().into_any(),
                            Some(Err(error)) => view! { <ErrorPanel error /> }.into_any(),
                            Some(Ok(list)) if list.is_empty() => ().into_any(),
                            Some(Ok(list)) => view! {
                                <fieldset class="concepts">
                                    <legend>"Choose the product"</legend>
                                    {list.into_iter().map(|m| {
                                        let id = format!("nip-product-{}", m.code);
                                        let for_id = id.clone();
                                        view! {
                                            <label class="check" for=for_id>
                                                <input type="radio" id=id name="product_code" value=m.code.to_string() required />
                                                {m.name} {m.never_in_possession_here.then_some(" (already listed)")}
                                            </label>
                                        }
                                    }).collect_view()}
                                </fieldset>
                            }.into_any(),
                        }
                }}
                <label for="nip-reason">"Reason"</label>
                <input type="text" id="nip-reason" name="reason" required maxlength="500" />
                <button type="submit" class="primary">"Add to the list"</button>
                {move || message(add.value().get()).map(|m| view! { <p class="error-message" role="alert">{m}</p> })}
            </ActionForm>
        </details>
    }
}

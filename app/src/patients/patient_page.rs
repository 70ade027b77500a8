use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::banner::PatientBanner;
use super::{PatientRecord, load_patient_record};
use crate::components::{ErrorPanel, format};

#[component]
pub fn PatientPage() -> impl IntoView {
    let params = use_params_map();
    let prison_number = move || params.with(|p| p.get("prison_number").unwrap_or_default());
    let record = Resource::new(prison_number, load_patient_record);
    view! {
        <Title text="Patient · Throughcare" />
        <Suspense fallback=|| view! { <p class="loading">"Loading patient…"</p> }>
            {move || Suspend::new(async move {
                match record.await {
                    Ok(r) => view! { <Record r /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Record(r: PatientRecord) -> impl IntoView {
    view! {
        <PatientBanner banner=r.banner />
        <div class="two-col">
            <section class="card" aria-labelledby="custody-heading">
                <h2 id="custody-heading">"Custody history"</h2>
                {r.episodes.into_iter().map(|ep| view! {
                    <article class="episode">
                        <h3>
                            {format::date(format::local_date(ep.started_at))} " – "
                            {ep.ended_at.map(|t| format::date(format::local_date(t))).unwrap_or_else(|| "current".to_owned())}
                            <span class="muted">" · " {ep.establishments.join(", ")}</span>
                        </h3>
                        <ol class="movements">
                            {ep.movements.into_iter().map(|m| view! {
                                <li>
                                    <time datetime=m.occurred_at.to_rfc3339()>{format::date_time(m.occurred_at)}</time>
                                    " " <span class=format!("kind kind-{}", m.kind.to_lowercase())>{m.kind.clone()}</span>
                                    " " {m.description}
                                </li>
                            }).collect_view()}
                        </ol>
                    </article>
                }).collect_view()}
            </section>
            <section class="card" aria-labelledby="alert-history-heading">
                <h2 id="alert-history-heading">"Alerts, active and closed"</h2>
                <ul class="plain-list">
                    {r.alert_history.into_iter().map(|a| {
                        let closed = a.ends_at.is_some();
                        view! {
                            <li class:closed=closed>
                                <strong>{a.name}</strong>
                                {closed.then(|| view! { " " <span class="tag">"Closed"</span> })}
                                " " <span class="muted">
                                    {format::date(format::local_date(a.starts_at))}
                                    {a.ends_at.map(|t| format!(" – {}", format::date(format::local_date(t))))}
                                    " · " {a.establishment} " · " {a.raised_by}
                                </span>
                                {(!a.note.is_empty()).then(|| view! { <p class="note">{a.note.clone()}</p> })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        </div>
    }
}

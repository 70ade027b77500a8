use leptos::prelude::*;
use leptos_meta::Title;

use super::{TransferRow, load_transfer_lists};
use crate::components::{ErrorPanel, format};

/// The establishment's transfers: going out, coming in, medicines to reconcile, recently gone.
#[component]
pub fn TransfersPage() -> impl IntoView {
    let lists = Resource::new(|| (), |_| load_transfer_lists());
    view! {
        <Title text="Transfers · Throughcare" />
        <h1>"Transfers"</h1>
        <Suspense fallback=|| view! { <p class="loading">"Loading transfers…"</p> }>
            {move || Suspend::new(async move {
                match lists.await {
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    Ok(l) => view! {
                        <section class="card" aria-labelledby="incoming-heading" data-testid="incoming">
                            <h2 id="incoming-heading">"Incoming"</h2>
                            <TransferTable rows=l.incoming empty="Nobody is on the way here." link="reception" />
                        </section>
                        <section class="card" aria-labelledby="reconciliation-heading" data-testid="reconciliation-due">
                            <h2 id="reconciliation-heading">"Medicines reconciliation due"</h2>
                            {if l.reconciliation_due.is_empty() {
                                view! { <p class="muted">"Every patient's medicines are reconciled."</p> }.into_any()
                            } else {
                                view! {
                                    <table class="worklist">
                                        <thead><tr><th scope="col">"Patient"</th><th scope="col">"Location"</th>
                                            <th scope="col">"Here since"</th><th scope="col">"To reconcile"</th></tr></thead>
                                        <tbody>{l.reconciliation_due.into_iter().map(|r| view! {
                                            <tr class:overdue=(r.critical_pending > 0)>
                                                <th scope="row"><a href=format!("/patients/{}/reception", r.prison_number)>{r.name}</a>
                                                    " " <span class="muted">{r.prison_number.clone()}</span></th>
                                                <td>{r.location}</td>
                                                <td>{format::date_time(r.arrived_at)}</td>
                                                <td>{r.pending} " medicines"
                                                    {(r.critical_pending > 0).then(|| view! {
                                                        " " <strong class="badge badge-critical">{r.critical_pending} " critical: first night"</strong>
                                                    })}</td>
                                            </tr>
                                        }).collect_view()}</tbody>
                                    </table>
                                }.into_any()
                            }}
                        </section>
                        <section class="card" aria-labelledby="outgoing-heading" data-testid="outgoing">
                            <h2 id="outgoing-heading">"Outgoing"</h2>
                            <TransferTable rows=l.outgoing empty="No transfers scheduled from here." link="" />
                        </section>
                        <section class="card" aria-labelledby="left-heading" data-testid="recently-left">
                            <h2 id="left-heading">"Recently transferred away"</h2>
                            <p class="muted">"You can read what this establishment recorded for these patients, and nothing newer."</p>
                            <TransferTable rows=l.recently_left empty="Nobody has left recently." link="" />
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn TransferTable(rows: Vec<TransferRow>, empty: &'static str, link: &'static str) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="muted">{empty}</p> }.into_any();
    }
    view! {
        <table class="worklist">
            <thead><tr>
                <th scope="col">"Patient"</th><th scope="col">"From → to"</th><th scope="col">"Planned"</th>
                <th scope="col">"Status"</th><th scope="col">"Flags"</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| {
                    let href = if link.is_empty() {
                        format!("/patients/{}", r.prison_number)
                    } else {
                        format!("/patients/{}/{link}", r.prison_number)
                    };
                    let status = match (r.departed_at, r.arrived_at) {
                        (_, Some(at)) => format!("Received {}", format::date_time(at)),
                        (Some(at), None) => format!("Left {}", format::date_time(at)),
                        _ if r.fit_confirmed => "Scheduled · fit to transfer".to_owned(),
                        _ => r.status.describe().to_owned(),
                    };
                    view! {
                        <tr>
                            <th scope="row"><a href=href>{r.name}</a> " " <span class="muted">{r.prison_number.clone()}</span></th>
                            <td>{r.from.code} " → " {r.to.name}</td>
                            <td>{format::date(r.planned_for)}</td>
                            <td>{status}</td>
                            <td>
                                {r.medical_hold.then(|| view! { <span class="badge badge-critical">"Medical hold"</span> " " })}
                                {(r.critical_medicines > 0).then(|| view! { <span class="badge badge-ost">{r.critical_medicines} " critical medicines"</span> })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }.into_any()
}

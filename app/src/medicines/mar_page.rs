use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::load_mar;
use super::mar::{MarCell, MarChart};
use crate::components::PatientBannerView;
use crate::components::{ErrorPanel, format, print_page};
use crate::record::load_patient_banner;

/// The MAR chart on its own page: banner, 7 or 28 days, printable.
#[component]
pub fn MarPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let prison_number = Signal::derive(move || params.with(|p| p.get("prison_number").unwrap_or_default()));
    let days =
        Memo::new(move |_| if query.with(|q| q.get("days").as_deref() == Some("28")) { 28 } else { 7 });
    let banner = Resource::new(move || prison_number.get(), load_patient_banner);
    let chart = Resource::new(move || (prison_number.get(), days.get()), |(pn, d)| load_mar(pn, d));
    view! {
        <Title text="MAR chart · Throughcare" />
        <Suspense fallback=|| view! { <p class="loading">"Loading patient…"</p> }>
            {move || Suspend::new(async move {
                match banner.await {
                    Ok(banner) => view! { <PatientBannerView banner /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
        <section class="card mar" aria-labelledby="mar-heading">
            <div class="mar-head">
                <h2 id="mar-heading">"Medicines administration record"</h2>
                <nav class="mar-range no-print" aria-label="Days shown">
                    <a href=move || format!("/patients/{}/mar?days=7", prison_number.get())
                        aria-current=move || (days.get() == 7).then_some("page")>"7 days"</a>
                    <a href=move || format!("/patients/{}/mar?days=28", prison_number.get())
                        aria-current=move || (days.get() == 28).then_some("page")>"28 days"</a>
                    <a href=move || format!("/patients/{}", prison_number.get())>"Back to the record"</a>
                    <button type="button" class="secondary small" on:click=move |_| print_page()>"Print"</button>
                </nav>
            </div>
            <p class="mar-key">"Key: G given · S self-administered · R refused · DNA did not attend · NA not available · W withheld · A patient away · "
                <strong>"NOT REC"</strong> " due and not recorded."</p>
            <Transition fallback=|| view! { <p class="loading">"Loading the chart…"</p> }>
                {move || Suspend::new(async move {
                    match chart.await {
                        Ok(chart) => view! { <MarTable chart /> }.into_any(),
                        Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
    .into_any()
}

#[component]
fn MarTable(chart: MarChart) -> impl IntoView {
    if chart.rows.is_empty() {
        return view! { <p class="muted">"No prescriptions in this period."</p> }.into_any();
    }
    view! {
        // Focusable, so the chart can be scrolled sideways with the arrow keys.
        <div class="mar-scroll" tabindex="0" role="region" aria-label="Administration chart, scrolls sideways">
            <table class="mar-table" data-testid="mar-table">
                <thead>
                    <tr>
                        <th scope="col">"Medicine"</th>
                        <th scope="col">"Round"</th>
                        {chart.days.iter().map(|d| view! { <th scope="col" class="day">{d.format("%a %-d %b").to_string()}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {chart.rows.into_iter().map(|row| view! {
                        <tr>
                            <th scope="row"><strong>{row.product_name}</strong><br /><span class="muted">{row.directions}</span></th>
                            <td>{row.round_time.map(|t| t.format("%H:%M").to_string()).unwrap_or_else(|| "PRN".to_owned())}</td>
                            {row.cells.into_iter().map(|cell| match cell {
                                MarCell::NotDue => view! { <td class="mar-cell not-due"><span class="visually-hidden">"Not due"</span></td> }.into_any(),
                                MarCell::Upcoming => view! { <td class="mar-cell upcoming">"due"</td> }.into_any(),
                                MarCell::NotRecorded => view! { <td class="mar-cell missing"><strong>"NOT REC"</strong></td> }.into_any(),
                                MarCell::Recorded(entries) => view! {
                                    <td class="mar-cell recorded">
                                        {entries.into_iter().map(|e| {
                                            let class = if e.outcome.is_taken() { "mar-code taken" } else { "mar-code not-taken" };
                                            let title = format!("{} at {} by {}", e.outcome.title(), format::time(e.at), e.by);
                                            view! { <span class=class><abbr title=title>{e.outcome.mar_code()}</abbr> " " <span class="mar-time">{format::time(e.at)}</span></span> }
                                        }).collect_view()}
                                    </td>
                                }.into_any(),
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

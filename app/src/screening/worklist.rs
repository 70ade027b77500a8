use leptos::prelude::*;

use super::{WorkItem, load_screening_worklist};
use crate::components::{ErrorPanel, format};

/// Screens and assessments due at this establishment, overdue ones marked in words and colour.
#[component]
pub fn ScreeningWorklistCard() -> impl IntoView {
    let list = Resource::new(|| (), |_| load_screening_worklist());
    view! {
        <section class="card" aria-labelledby="screening-heading" data-testid="screening-worklist">
            <h2 id="screening-heading">"Screening worklist"</h2>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(error) => view! { <ErrorPanel error /> }.into_any(),
                        Ok(w) => view! {
                            <h3>"First-stage screen due (before the first night)"</h3>
                            <Items items=w.first_stage_due when_label="arrived" empty="Everyone here has been screened." testid="first-stage-due" action=None />
                            <h3>"Second-stage assessment due (within 7 days)"</h3>
                            <Items items=w.second_stage_due when_label="due" empty="No second-stage assessments outstanding." testid="second-stage-due"
                                action=Some("Record assessment") />
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Items(
    items: Vec<WorkItem>,
    when_label: &'static str,
    empty: &'static str,
    testid: &'static str,
    /// A link straight to the form that clears the row, when there is one.
    action: Option<&'static str>,
) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="muted" data-testid=testid>{empty}</p> }.into_any();
    }
    view! {
        <ul class="plain-list worklist" data-testid=testid>
            {items.into_iter().map(|i| view! {
                <li class:overdue=i.overdue>
                    <a href=format!("/patients/{}", i.prison_number)>{i.name.clone()}</a>
                    " " <span class="muted">{i.prison_number.clone()} " · " {i.location} " · " {when_label} " " {format::date_time(i.at)}</span>
                    {i.overdue.then(|| view! { " " <span class="tag danger">"Overdue"</span> })}
                    {action.map(|label| view! {
                        " " <a class="button secondary small" href=format!("/patients/{}?assess=second#second-stage", i.prison_number)
                            aria-label=format!("{label} for {}", i.name)>{label}</a>
                    })}
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

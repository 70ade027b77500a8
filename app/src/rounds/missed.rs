use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::components::{ErrorPanel, format};

/// Doses due on one wing on one day, and how many were not recorded or not given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissedDosesLine {
    pub wing: String,
    pub day: NaiveDate,
    pub due: i64,
    pub not_recorded: i64,
    pub not_given: i64,
}

/// For the healthcare manager: doses not recorded per wing per day over the last week, so a
/// wing whose rounds are slipping is seen the next morning.
#[component]
pub fn MissedDosesPage() -> impl IntoView {
    let report = Resource::new(|| (), |_| super::load_missed_doses());
    view! {
        <Title text="Missed doses · Throughcare" />
        <h1>"Missed doses by wing"</h1>
        <p class="hint">"The last seven days of rounds for patients here now. A dose is missed when its round has passed and nothing was recorded."</p>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match report.await {
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    Ok(lines) if lines.is_empty() => view! { <p>"No doses were due in the last seven days."</p> }.into_any(),
                    Ok(lines) => view! {
                        <table class="compact card" data-testid="missed-doses">
                            <thead><tr>
                                <th scope="col">"Wing"</th><th scope="col">"Day"</th><th scope="col" class="num">"Doses due"</th>
                                <th scope="col" class="num">"Not recorded"</th><th scope="col" class="num">"Recorded as not given"</th>
                            </tr></thead>
                            <tbody>
                                {lines.into_iter().map(|l| view! {
                                    <tr class:overdue={l.not_recorded > 0}>
                                        <th scope="row">{l.wing}</th>
                                        <td>{format::date(l.day)}</td>
                                        <td class="num">{l.due}</td>
                                        <td class="num">{if l.not_recorded > 0 { view! { <strong class="missing-count">{l.not_recorded}</strong> }.into_any() } else { view! { "0" }.into_any() }}</td>
                                        <td class="num">{l.not_given}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

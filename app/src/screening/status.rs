use chrono::Utc;
use leptos::prelude::*;

use super::{ScreeningStatus, load_screening_status};
use crate::components::{ErrorPanel, format};
use crate::domain::screening::{SecondStageState, second_stage_state};
use crate::record::RecordVersion;

/// Where the patient's screens stand, above the forms: a nurse opening the record sees at once
/// whether the reception screen is done and when the second-stage assessment falls due.
#[component]
pub fn ScreeningStatusLine(prison_number: Signal<String>) -> impl IntoView {
    let version = RecordVersion::current();
    let status = LocalResource::new(move || {
        version.track();
        load_screening_status(prison_number.get())
    });
    view! {
        <div class="screening-status" data-testid="screening-status" aria-live="polite">
            {move || match status.get() {
                None => view! { <p class="loading">"Loading screening status…"</p> }.into_any(),
                Some(Err(error)) => view! { <ErrorPanel error /> }.into_any(),
                Some(Ok(s)) => view! { <Lines status=s /> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn Lines(status: ScreeningStatus) -> impl IntoView {
    if !status.in_custody {
        return view! { <p class="muted">"Not in custody: no screening is due."</p> }.into_any();
    }
    let first = match status.first_stage_at {
        Some(at) => format!("Reception screen done {}.", format::date_time(at)),
        None => "No reception screen since arriving here: due before the first night.".to_owned(),
    };
    let (second, urgent) =
        match second_stage_state(status.second_stage_due_at, status.second_stage_done_at, Utc::now()) {
            SecondStageState::NotYetDue => {
                ("Second-stage assessment: due 7 days after the reception screen.".to_owned(), false)
            }
            SecondStageState::Due { due_at } => {
                (format!("Second-stage assessment due by {}.", format::date_time(due_at)), false)
            }
            SecondStageState::Overdue { due_at } => (
                format!("Second-stage assessment overdue: it was due by {}.", format::date_time(due_at)),
                true,
            ),
            SecondStageState::Done { done_at, late } => (
                format!(
                    "Second-stage assessment done {}{}.",
                    format::date_time(done_at),
                    if late { ", after its due date" } else { "" }
                ),
                false,
            ),
        };
    view! {
        <p>{first}</p>
        <p class:warning=urgent data-testid="second-stage-status">{second}</p>
    }
    .into_any()
}

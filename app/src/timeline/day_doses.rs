//! A day's medicines summary opened on the timeline: the doses it counts, each its own entry
//! (and so correctable), fetched when the nurse opens the day rather than with every page.

use leptos::prelude::*;
use uuid::Uuid;

use super::entry_card::EntryCard;
use super::{TimelineEntry, load_day_doses};
use crate::components::ErrorPanel;

/// Which patient the timeline shows, for the parts of an entry that fetch more of the record.
#[derive(Clone, Copy)]
pub struct TimelinePatient(pub Signal<String>);

#[component]
pub fn DayDoses(entry_id: Uuid, summary: RwSignal<String>) -> AnyView {
    let Some(TimelinePatient(prison_number)) = use_context::<TimelinePatient>() else {
        return ().into_any();
    };
    // Bumped when a dose is marked in error, so the list and the day's counts are read again.
    let changes = RwSignal::new(0_u32);
    let doses = Resource::new(
        move || (prison_number.get(), changes.get()),
        move |(pn, _)| load_day_doses(pn, entry_id),
    );
    let on_changed = Callback::new(move |_: TimelineEntry| changes.update(|n| *n += 1));
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading the day's doses…"</p> }>
            {move || Suspend::new(async move {
                match doses.await {
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    Ok(day) => {
                        summary.set(day.summary);
                        if day.doses.is_empty() {
                            return view! { <p class="muted">"The doses of this day are not on the timeline."</p> }.into_any();
                        }
                        view! {
                            <ol class="entries day-doses" aria-label="Doses this day" data-testid="day-doses">
                                {day.doses.into_iter().map(|entry| view! { <EntryCard entry on_changed /> }).collect_view()}
                            </ol>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
    .into_any()
}

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

use super::entry_card::EntryCard;
use super::filter_bar::FilterBar;
use super::note_form::NoteForm;
use super::{
    EpisodeHeading, TimelineCursor, TimelineEntry, TimelineFilter, load_timeline_facets, load_timeline_page,
};
use crate::components::{ErrorPanel, format};

/// The timeline of one patient: filter bar, note form, and the entries grouped by custody episode,
/// loading older pages as the user scrolls (or presses "Show older entries").
#[component]
pub fn TimelinePanel(#[prop(into)] prison_number: Signal<String>) -> impl IntoView {
    provide_context(super::day_doses::TimelinePatient(prison_number));
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(|q| TimelineFilter::from_query(|k| q.get(k))));
    let facets = Resource::new(move || prison_number.get(), load_timeline_facets);
    // Every write to the record (a note here, an allergy or alert elsewhere) bumps this, so the
    // first page is fetched again with the new entry on top.
    let version = crate::record::RecordVersion::current();
    let first = Resource::new(
        move || (prison_number.get(), filter.get(), version.get()),
        |(pn, f, _)| load_timeline_page(pn, f, None),
    );
    // Pages after the first, and entries changed in place since they were loaded.
    let older = RwSignal::new(Vec::<TimelineEntry>::new());
    let next = RwSignal::new(None::<TimelineCursor>);
    let loading_more = RwSignal::new(false);
    let more_error = RwSignal::new(None::<crate::error::AppError>);
    let replaced = RwSignal::new(Vec::<TimelineEntry>::new());

    // A new first page (new filter, new note) starts the list again.
    Effect::new(move |_| {
        if let Some(Ok(page)) = first.get() {
            older.set(Vec::new());
            replaced.set(Vec::new());
            more_error.set(None);
            next.set(page.next);
        }
    });

    let load_more = move || {
        let Some(cursor) = next.get_untracked() else { return };
        if loading_more.get_untracked() {
            return;
        }
        loading_more.set(true);
        let pn = prison_number.get_untracked();
        let f = filter.get_untracked();
        leptos::task::spawn_local(async move {
            match load_timeline_page(pn, f, Some(cursor)).await {
                Ok(page) => {
                    older.update(|o| o.extend(page.entries));
                    next.set(page.next);
                }
                Err(e) => more_error.set(Some(e)),
            }
            loading_more.set(false);
        });
    };
    let on_changed = Callback::new(move |entry: TimelineEntry| {
        replaced.update(|r| {
            r.retain(|e| e.id != entry.id);
            r.push(entry);
        });
    });
    let on_note_added = Callback::new(move |_: TimelineEntry| version.update(|n| *n += 1));

    view! {
        <section class="timeline" aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">"Timeline"</h2>
            {use_context::<crate::record::ReadOnlyRecord>().is_none().then(|| view! { <NoteForm prison_number on_added=on_note_added /> })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match facets.await {
                        Ok(f) => view! { <FilterBar facets=f filter /> }.into_any(),
                        Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    }
                })}
            </Suspense>
            <Transition fallback=|| view! { <p class="loading">"Loading timeline…"</p> }>
                {move || Suspend::new(async move {
                    let episodes = facets.await.map(|f| f.episodes).unwrap_or_default();
                    match first.await {
                        Err(error) => view! { <ErrorPanel error /> }.into_any(),
                        Ok(page) => {
                            let show_eie = filter.get_untracked().show_entered_in_error;
                            view! {
                                <EntryList first=page.entries older replaced episodes on_changed show_eie />
                            }.into_any()
                        }
                    }
                })}
            </Transition>
            {move || more_error.get().map(|error| view! { <ErrorPanel error /> })}
            <LoadMore next loading_more load_more />
        </section>
    }
    .into_any()
}

#[component]
fn EntryList(
    first: Vec<TimelineEntry>,
    older: RwSignal<Vec<TimelineEntry>>,
    replaced: RwSignal<Vec<TimelineEntry>>,
    episodes: Vec<EpisodeHeading>,
    on_changed: Callback<TimelineEntry>,
    show_eie: bool,
) -> impl IntoView {
    // Shared with the closure rather than stored in the reactive arena: the closure can outlive
    // this component's owner for a moment when a new first page replaces the list.
    let episodes = std::sync::Arc::new(episodes);
    let rows = move || {
        let replaced = replaced.get();
        let mut all = first.clone();
        all.extend(older.get());
        let mut out = Vec::with_capacity(all.len());
        let mut current_episode: Option<Option<Uuid>> = None;
        for entry in all {
            let entry = replaced.iter().find(|r| r.id == entry.id).cloned().unwrap_or(entry);
            if entry.entered_in_error.is_some() && !show_eie {
                continue;
            }
            if current_episode != Some(entry.custody_episode_id) {
                current_episode = Some(entry.custody_episode_id);
                let heading = episodes.iter().find(|e| Some(e.id) == entry.custody_episode_id).cloned();
                out.push(view! { <EpisodeHeader heading /> }.into_any());
            }
            out.push(view! { <EntryCard entry on_changed /> }.into_any());
        }
        if out.is_empty() {
            out.push(
                view! { <li class="muted empty" role="status">"No entries match these filters."</li> }
                    .into_any(),
            );
        }
        out
    };
    view! { <ol class="entries" data-testid="timeline-entries">{rows}</ol> }
}

#[component]
fn EpisodeHeader(heading: Option<EpisodeHeading>) -> impl IntoView {
    let text = match heading {
        Some(h) => format!(
            "Custody episode {} – {} · {}",
            format::date(format::local_date(h.started_at)),
            h.ended_at.map(|t| format::date(format::local_date(t))).unwrap_or_else(|| "current".to_owned()),
            h.establishments.join(", ")
        ),
        None => "Outside custody".to_owned(),
    };
    view! { <li class="episode-heading"><h3>{text}</h3></li> }
}

#[component]
fn LoadMore(
    next: RwSignal<Option<TimelineCursor>>,
    loading_more: RwSignal<bool>,
    load_more: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let sentinel = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    {
        let load_more = load_more.clone();
        super::scroll::load_when_visible(sentinel, move || {
            if next.get_untracked().is_some() {
                load_more();
            }
        });
    }
    view! {
        <div class="load-more" node_ref=sentinel>
            <Show
                when=move || next.get().is_some()
                fallback=|| view! { <p class="muted end">"Start of the record."</p> }
            >
                <button
                    type="button"
                    class="secondary"
                    disabled=move || loading_more.get()
                    on:click={
                        let load_more = load_more.clone();
                        move |_| load_more()
                    }
                >
                    {move || if loading_more.get() { "Loading…" } else { "Show older entries" }}
                </button>
            </Show>
        </div>
    }
}

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};
use std::time::Duration;

use super::{TimelineFacets, TimelineFilter};
use crate::domain::Role;

const TYPING_PAUSE: Duration = Duration::from_millis(250);

/// Filters live in the URL: each change navigates (no reload), so back and shared links work.
#[component]
pub fn FilterBar(facets: TimelineFacets, filter: Memo<TimelineFilter>) -> impl IntoView {
    let navigate = use_navigate();
    let location = use_location();
    let apply = move |change: &dyn Fn(&mut TimelineFilter)| {
        let mut f = filter.get_untracked();
        change(&mut f);
        let query = f.to_query();
        let path = location.pathname.get_untracked();
        let target = if query.is_empty() { path } else { format!("{path}?{query}") };
        navigate(&target, NavigateOptions { scroll: false, ..Default::default() });
    };
    let apply = StoredValue::new(apply);
    let typing_timer = StoredValue::new(None::<TimeoutHandle>);
    let initial_text = filter.get_untracked().text.unwrap_or_default();
    let active = move || filter.get().active_count();
    // Open when the page arrives filtered; after that the user opens and closes it.
    let initially_open = filter.get_untracked().active_count() > 0;

    view! {
        <details class="filter-bar card" open=initially_open>
            <summary>
                "Filters"
                {move || (active() > 0).then(|| view! { " " <span class="count">{active()} " active"</span> })}
            </summary>
            <div class="filter-grid">
                <fieldset class="kinds">
                    <legend>"Entry kinds"</legend>
                    {facets.kinds.into_iter().map(|k| {
                        let code = k.code.clone();
                        let id = format!("kind-{}", k.code);
                        let checked = {
                            let code = code.clone();
                            move || filter.get().kinds.contains(&code)
                        };
                        view! {
                            <label class="check" for=id.clone()>
                                <input type="checkbox" id=id.clone() prop:checked=checked on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let code = code.clone();
                                    apply.with_value(|apply| apply(&move |f: &mut TimelineFilter| {
                                        f.kinds.retain(|c| c != &code);
                                        if on { f.kinds.push(code.clone()); f.kinds.sort(); }
                                    }));
                                } />
                                {k.title}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <div class="field">
                    <label for="filter-establishment">"Establishment"</label>
                    <select id="filter-establishment" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        apply.with_value(|apply| apply(&move |f: &mut TimelineFilter| {
                            f.establishment = (!v.is_empty()).then(|| v.clone());
                        }));
                    }>
                        <option value="" selected=move || filter.get().establishment.is_none()>"All establishments"</option>
                        {facets.establishments.into_iter().map(|e| {
                            let code = e.code.clone();
                            view! {
                                <option value=e.code.clone() selected=move || filter.get().establishment.as_deref() == Some(code.as_str())>
                                    {e.name.clone()} " (" {e.code.clone()} ")"
                                </option>
                            }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="filter-role">"Author role"</label>
                    <select id="filter-role" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        apply.with_value(|apply| apply(&move |f: &mut TimelineFilter| {
                            f.author_role = Role::from_db(&v);
                        }));
                    }>
                        <option value="" selected=move || filter.get().author_role.is_none()>"Any role"</option>
                        {Role::ALL.into_iter().filter(|r| r.may(crate::domain::Capability::ClinicalAccess)).map(|r| view! {
                            <option value=r.as_db() selected=move || filter.get().author_role == Some(r)>{r.title()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="filter-from">"From"</label>
                    <input type="date" id="filter-from"
                        prop:value=move || filter.get().from.map(|d| d.to_string()).unwrap_or_default()
                        on:change=move |ev| {
                            let v = chrono::NaiveDate::parse_from_str(&event_target_value(&ev), "%Y-%m-%d").ok();
                            apply.with_value(|apply| apply(&move |f: &mut TimelineFilter| f.from = v));
                        } />
                </div>
                <div class="field">
                    <label for="filter-to">"To"</label>
                    <input type="date" id="filter-to"
                        prop:value=move || filter.get().to.map(|d| d.to_string()).unwrap_or_default()
                        on:change=move |ev| {
                            let v = chrono::NaiveDate::parse_from_str(&event_target_value(&ev), "%Y-%m-%d").ok();
                            apply.with_value(|apply| apply(&move |f: &mut TimelineFilter| f.to = v));
                        } />
                </div>
                <div class="field wide">
                    <label for="filter-text">"Words in the entry"</label>
                    <input type="search" id="filter-text" value=initial_text autocomplete="off" on:input=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(h) = typing_timer.get_value() { h.clear(); }
                        let handle = set_timeout_with_handle(move || {
                            let text = v.trim().to_owned();
                            apply.with_value(|apply| apply(&move |f: &mut TimelineFilter| {
                                f.text = (!text.is_empty()).then(|| text.clone());
                            }));
                        }, TYPING_PAUSE).ok();
                        typing_timer.set_value(handle);
                    } />
                </div>
                <label class="check wide" for="filter-eie">
                    <input type="checkbox" id="filter-eie" prop:checked=move || filter.get().show_entered_in_error
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            apply.with_value(|apply| apply(&move |f: &mut TimelineFilter| f.show_entered_in_error = on));
                        } />
                    "Show entries marked entered in error"
                </label>
                <div class="wide">
                    <button type="button" class="secondary" on:click=move |_| {
                        apply.with_value(|apply| apply(&|f: &mut TimelineFilter| *f = TimelineFilter::default()));
                    }>"Clear filters"</button>
                </div>
            </div>
        </details>
    }
}

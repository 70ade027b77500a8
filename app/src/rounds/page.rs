use chrono::{NaiveDate, NaiveTime};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use uuid::Uuid;

use super::patient_card::RoundPatientCard;
use super::{RoundList, RoundOptions, RoundPatient, tablet_list};
use crate::components::{ErrorPanel, format};
use crate::domain::round_schedule::DoseTiming;
use crate::offline::{Connection, OfflineConflicts, OfflineRound, OfflineStatus};

/// The round page: choose the round and the wing, then walk the list. The list is fetched in
/// the browser and refreshed whenever another tablet records something here.
#[component]
pub fn RoundPage() -> impl IntoView {
    let query = use_query_map();
    let time = Memo::new(move |_| {
        query.with(|q| q.get("time").and_then(|t| NaiveTime::parse_from_str(&t, "%H:%M").ok()))
    });
    let location =
        Memo::new(move |_| query.with(|q| q.get("location").and_then(|l| Uuid::parse_str(&l).ok())));
    let date = Memo::new(move |_| {
        query.with(|q| q.get("date").and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()))
    });
    // The signed-in layout keeps the queue; the page adds the round's own view of the network.
    let offline = use_context::<OfflineRound>().unwrap_or_default();
    provide_context(offline);
    let options = LocalResource::new(move || tablet_list::round_options(offline));
    let version = RwSignal::new(0u32);
    crate::live::subscribe_to_round_activity(move || version.update(|v| *v = v.wrapping_add(1)));
    watch_the_network(offline, version);
    let round = LocalResource::new(move || {
        let (date, time, location) = (date.get(), time.get(), location.get());
        version.track();
        offline.synced.track();
        async move {
            match (date, time, location) {
                (Some(d), Some(t), Some(l)) => tablet_list::round_list(offline, d, t, l).await.map(Some),
                _ => Ok(None),
            }
        }
    });
    view! {
        <Title text="Medication round · Throughcare" />
        <div class="round-page">
            <div class="page-head">
                <h1>"Medication round"</h1>
                <a href="/rounds/missed">"Missed doses by wing"</a>
            </div>
            <OfflineStatus state=offline />
            {move || (offline.connection.get() == Connection::Live).then(|| view! { <OfflineConflicts changed=offline.conflicts_changed /> })}
            {move || match options.get() {
                None => view! { <p class="loading">"Loading rounds…"</p> }.into_any(),
                Some(Err(error)) => view! { <ErrorPanel error /> }.into_any(),
                Some(Ok(options)) => view! { <RoundChooser options date time location /> }.into_any(),
            }}
            <RoundBody round />
        </div>
    }
}

/// Reloads the round when the browser says the network is back, and every 15 seconds while
/// offline or with entries waiting (a reload that, when the server answers, syncs the queue).
/// The layout follows the network for every page (`offline::keep_the_queue_moving`).
fn watch_the_network(offline: OfflineRound, version: RwSignal<u32>) {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        crate::offline::tablet_store::register_shell();
        let bump = move || version.update(|v| *v = v.wrapping_add(1));
        let window = gloo::utils::window();
        let online = gloo::events::EventListener::new(&window, "online", move |_| bump());
        let retry = gloo::timers::callback::Interval::new(15_000, move || {
            if offline.is_offline() || !offline.waiting.with_untracked(Vec::is_empty) {
                bump();
            }
        });
        let held = send_wrapper::SendWrapper::new((online, retry));
        on_cleanup(move || drop(held));
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (offline, version);
}

/// Where the round is: day, round time and wing or landing, all in the URL so a refresh or a
/// shared link opens the same round.
#[derive(Clone, Copy, PartialEq, Eq)]
struct RoundChoice {
    date: Option<NaiveDate>,
    time: Option<NaiveTime>,
    location: Option<Uuid>,
}

impl RoundChoice {
    fn path(self) -> String {
        let mut parts = Vec::new();
        if let Some(d) = self.date {
            parts.push(format!("date={}", d.format("%Y-%m-%d")));
        }
        if let Some(t) = self.time {
            parts.push(format!("time={}", t.format("%H:%M")));
        }
        if let Some(l) = self.location {
            parts.push(format!("location={l}"));
        }
        format!("/rounds?{}", parts.join("&"))
    }
}

#[component]
fn RoundChooser(
    options: RoundOptions,
    date: Memo<Option<NaiveDate>>,
    time: Memo<Option<NaiveTime>>,
    location: Memo<Option<Uuid>>,
) -> impl IntoView {
    let navigate = use_navigate();
    let current = move || RoundChoice {
        date: date.get_untracked(),
        time: time.get_untracked(),
        location: location.get_untracked(),
    };
    let go = move |choice: RoundChoice| {
        navigate(&choice.path(), NavigateOptions { scroll: false, replace: true, ..Default::default() });
    };
    let go = StoredValue::new(go);
    // Arriving without a round chosen opens the one happening now.
    if (date.get_untracked().is_none() || time.get_untracked().is_none())
        && let Some((d, t)) = options.suggested
    {
        go.with_value(|go| go(RoundChoice { date: Some(d), time: Some(t), ..current() }));
    }
    let today = options.today;
    let yesterday = today.pred_opt().unwrap_or(today);
    view! {
        <form class="round-chooser card" on:submit=|ev| ev.prevent_default()>
            <div>
                <label for="round-day">"Day"</label>
                <select id="round-day" on:change=move |ev| {
                    let d = NaiveDate::parse_from_str(&event_target_value(&ev), "%Y-%m-%d").ok();
                    go.with_value(|go| go(RoundChoice { date: d, ..current() }));
                }>
                    {[(today, "Today"), (yesterday, "Yesterday")].into_iter().map(|(d, word)| {
                        let value = d.format("%Y-%m-%d").to_string();
                        view! { <option value=value selected=move || date.get() == Some(d)>{word} " (" {format::date(d)} ")"</option> }
                    }).collect_view()}
                </select>
            </div>
            <div>
                <label for="round-time">"Round"</label>
                <select id="round-time" on:change=move |ev| {
                    let t = NaiveTime::parse_from_str(&event_target_value(&ev), "%H:%M").ok();
                    go.with_value(|go| go(RoundChoice { time: t, ..current() }));
                }>
                    {options.round_times.into_iter().map(|r| {
                        let value = r.time.format("%H:%M").to_string();
                        let selected = move || time.get() == Some(r.time);
                        view! { <option value=value.clone() selected=selected>{value.clone()} " " {r.label}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div>
                <label for="round-location">"Wing or landing"</label>
                <select id="round-location" on:change=move |ev| {
                    let l = Uuid::parse_str(&event_target_value(&ev)).ok();
                    go.with_value(|go| go(RoundChoice { location: l, ..current() }));
                }>
                    <option value="" selected=move || location.get().is_none()>"Choose where you are…"</option>
                    {options.locations.into_iter().map(|l| {
                        let id = l.id;
                        view! { <option value=id.to_string() selected=move || location.get() == Some(id)>{l.description}</option> }
                    }).collect_view()}
                </select>
            </div>
        </form>
    }
}

#[component]
fn RoundBody(round: LocalResource<Result<Option<RoundList>, crate::error::AppError>>) -> impl IntoView {
    let list = move || round.get().and_then(|r| r.ok()).flatten();
    let error = move || round.get().and_then(|r| r.err());
    let patients = move || list().map(|l| l.patients).unwrap_or_default();
    view! {
        {move || error().map(|error| view! { <ErrorPanel error /> })}
        {move || match round.get() {
            None => Some(view! { <p class="loading">"Loading the round…"</p> }.into_any()),
            Some(Ok(None)) => Some(view! { <p class="hint">"Choose the round and the wing or landing you are on."</p> }.into_any()),
            _ => None,
        }}
        {move || list().map(|l| view! { <RoundSummary list=l /> })}
        <ol class="round-patients" aria-label="Patients on this round">
            // Keyed by what the card shows, so a card changes only when its own doses change and
            // a nurse's half-filled card survives other tablets' updates.
            <For each=patients key=card_key let:patient>
                <li><RoundPatientCard patient round=Signal::derive(move || list().map(|l| (l.date, l.round_time))) /></li>
            </For>
        </ol>
        {move || list().map(|l| view! { <EndOfRound list=l /> })}
    }
}

fn card_key(p: &RoundPatient) -> String {
    format!(
        "{}:{}",
        p.patient_id,
        serde_json::to_string(&(&p.doses, &p.prn, &p.alerts, &p.allergies)).unwrap_or_default()
    )
}

#[component]
fn RoundSummary(list: RoundList) -> impl IntoView {
    let total: usize = list.patients.iter().map(|p| p.doses.len()).sum();
    let done: usize = list.patients.iter().flat_map(|p| &p.doses).filter(|d| d.recorded.is_some()).count();
    let timing = match list.timing {
        DoseTiming::Upcoming => "Not due yet",
        DoseTiming::DueNow => "Due now",
        DoseTiming::Overdue => "Overdue",
    };
    view! {
        <div class="round-summary" role="status" aria-live="polite">
            <p>
                <strong>{list.round_time.format("%H:%M").to_string()} " " {list.label.clone()}</strong>
                " · " {list.location.clone()} " · " {format::date(list.date)}
                " · " <span class=format!("timing timing-{}", timing.to_lowercase().replace(' ', "-"))>{timing}</span>
            </p>
            <p data-testid="round-progress">{done} " of " {total} " doses recorded · " {list.patients.len()} " patients"</p>
        </div>
    }
}

/// Doses not yet recorded, listed for escalation before the nurse leaves the wing.
#[component]
fn EndOfRound(list: RoundList) -> impl IntoView {
    let outstanding: Vec<(String, String, String)> = list
        .patients
        .iter()
        .flat_map(|p| {
            p.doses.iter().filter(|d| d.recorded.is_none()).map(move |d| {
                (
                    p.cell.clone(),
                    format!("{}, {}", p.family_name.to_uppercase(), p.given_name),
                    d.product_name.clone(),
                )
            })
        })
        .collect();
    view! {
        <section class="card end-of-round" aria-label="End of round">
            <h2>"End of round"</h2>
            {if outstanding.is_empty() {
                view! { <p data-testid="round-complete">"Every dose on this round is recorded."</p> }.into_any()
            } else {
                view! {
                    <p>{outstanding.len()} " doses not yet recorded. Record them, or escalate to the nurse in charge:"</p>
                    <ul data-testid="round-outstanding">
                        {outstanding.into_iter().map(|(cell, name, product)| view! {
                            <li>{cell} " · " {name} " · " {product}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

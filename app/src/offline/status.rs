//! What the round page knows about its connection and its queue, shared by the page and every
//! dose card, and the status line that always says whether the round is live or offline.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use uuid::Uuid;

use super::OfflineEntry;
use crate::components::format;
use crate::rounds::{DoseEntry, RecordedDose};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connection {
    Live,
    Offline,
}

/// The round page's offline state, provided as context to its dose cards.
#[derive(Clone, Copy)]
pub struct OfflineRound {
    pub connection: RwSignal<Connection>,
    /// When the round list on screen came from the server.
    pub list_loaded_at: RwSignal<Option<DateTime<Utc>>>,
    /// This user's entries on this tablet waiting to sync, oldest first.
    pub waiting: RwSignal<Vec<OfflineEntry>>,
    /// Why syncing stopped, if it did for a reason other than the network.
    pub sync_problem: RwSignal<Option<String>>,
    /// Bumped when the server may hold new conflicts.
    pub conflicts_changed: RwSignal<u32>,
    /// Bumped when entries synced, so the round list reloads.
    pub synced: RwSignal<u32>,
    /// Entries are being sent now.
    pub syncing: RwSignal<bool>,
}

impl Default for OfflineRound {
    fn default() -> Self {
        Self::new()
    }
}

impl OfflineRound {
    pub fn new() -> Self {
        Self {
            connection: RwSignal::new(Connection::Live),
            list_loaded_at: RwSignal::new(None),
            waiting: RwSignal::new(Vec::new()),
            sync_problem: RwSignal::new(None),
            conflicts_changed: RwSignal::new(0),
            synced: RwSignal::new(0),
            syncing: RwSignal::new(false),
        }
    }

    pub fn is_offline(&self) -> bool {
        self.connection.get_untracked() == Connection::Offline
    }

    /// When-required doses of this prescription queued here and not yet synced.
    pub fn queued_doses_of(&self, prescription_id: Uuid) -> Vec<DateTime<Utc>> {
        self.waiting.with_untracked(|w| {
            w.iter()
                .filter(|q| q.entry.prescription_id == prescription_id && q.entry.outcome.is_taken())
                .map(|q| q.recorded_at)
                .collect()
        })
    }

    /// The queued entry for this dose of a round, if the tablet holds one.
    pub fn queued_for(
        &self,
        prescription_id: Uuid,
        round: Option<(chrono::NaiveDate, chrono::NaiveTime)>,
    ) -> Option<RecordedDose> {
        self.waiting.with_untracked(|w| {
            w.iter()
                .find(|q| {
                    round.is_some() && q.entry.prescription_id == prescription_id && q.entry.round == round
                })
                .map(queued_dose)
        })
    }

    /// Keeps an entry on the tablet to send when the network returns.
    pub async fn keep(self, entry: DoseEntry) -> Result<RecordedDose, String> {
        let item = OfflineEntry {
            entry: DoseEntry { witness_username: String::new(), witness_password: String::new(), ..entry },
            recorded_at: Utc::now(),
        };
        #[cfg(feature = "hydrate")]
        super::tablet_store::add_to_queue(&item).await.map_err(|e| {
            format!("Not saved: this tablet cannot keep entries offline ({e}). Record it when back online.")
        })?;
        let shown = queued_dose(&item);
        self.waiting.update(|w| w.push(item));
        Ok(shown)
    }

    /// Reads the queue back from the tablet (after a reload or a sign-in) and sends it if the
    /// network allows.
    #[cfg(feature = "hydrate")]
    pub async fn restore_then_sync(self) {
        if let Ok(queue) = super::tablet_store::queue().await {
            self.waiting.set(queue);
        }
        self.sync();
    }

    /// Sends the queue in order, each entry once; stops at the first network failure.
    pub fn sync(self) {
        #[cfg(feature = "hydrate")]
        {
            if self.syncing.get_untracked() || self.waiting.with_untracked(Vec::is_empty) {
                return;
            }
            self.syncing.set(true);
            leptos::task::spawn_local(async move {
                super::sync::drain(self).await;
                self.syncing.set(false);
            });
        }
    }
}

fn queued_dose(item: &OfflineEntry) -> RecordedDose {
    RecordedDose {
        outcome: item.entry.outcome,
        reason: (!item.entry.reason.trim().is_empty()).then(|| item.entry.reason.trim().to_owned()),
        recorded_by: "this tablet, waiting to sync".to_owned(),
        recorded_at: item.recorded_at,
        witnessed_by: None,
    }
}

/// Live or offline, since when, and how many entries wait: always on screen during a round.
#[component]
pub fn OfflineStatus(state: OfflineRound) -> impl IntoView {
    let waiting = move || state.waiting.with(Vec::len);
    let entries = move || match waiting() {
        1 => "1 entry waiting to sync".to_owned(),
        n => format!("{n} entries waiting to sync"),
    };
    view! {
        <div class="offline-status" data-testid="connection"
            class:offline=move || state.connection.get() == Connection::Offline
            data-state=move || if state.connection.get() == Connection::Offline { "offline" } else { "live" }
            role="status" aria-live="polite">
            {move || match state.connection.get() {
                Connection::Live => view! {
                    <strong>"Live"</strong>
                    <span>{move || match (waiting(), state.syncing.get()) {
                        (0, _) => "every entry is saved".to_owned(),
                        (_, true) => format!("syncing: {}", entries()),
                        (_, false) => entries(),
                    }}</span>
                }.into_any(),
                Connection::Offline => view! {
                    <strong>"Offline"</strong>
                    <span>{move || state.list_loaded_at.get().map(|t| format!("round list from {}", format::time(t))).unwrap_or_default()}</span>
                    <span data-testid="waiting">{entries}</span>
                }.into_any(),
            }}
            {move || state.sync_problem.get().map(|p| view! { <span class="sync-problem">{p}</span> })}
            {move || (state.connection.get() == Connection::Live && waiting() > 0).then(|| view! {
                <button type="button" class="secondary" on:click=move |_| state.sync()>"Sync now"</button>
            })}
        </div>
    }
}

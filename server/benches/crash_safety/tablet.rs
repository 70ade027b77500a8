//! One tablet on the round: signed in as its own nurse, recording its own doses one after another,
//! and retrying with the same `client_entry_id` whenever it cannot be sure a dose was saved (no
//! answer, the connection dropped, or the server said it failed inside), as the real tablet does.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use app::domain::AdministrationOutcome;
use app::domain::round_schedule::round_instant;
use app::error::AppError;
use app::rounds::{DoseEntry, RecordedDose};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use uuid::Uuid;

/// A dose slot this tablet owns: no other tablet records it, so any conflict is the drill's.
#[derive(Clone, Copy)]
pub struct Slot {
    pub prescription_id: Uuid,
    pub date: NaiveDate,
    pub time: NaiveTime,
}

impl Slot {
    /// The tablet's entry for this dose: given, with a fresh entry id.
    pub fn given(&self) -> DoseEntry {
        DoseEntry {
            prescription_id: self.prescription_id,
            round: Some((self.date, self.time)),
            outcome: AdministrationOutcome::Given,
            reason: String::new(),
            swallow_confirmed: false,
            witness_username: String::new(),
            witness_password: String::new(),
            client_entry_id: Uuid::new_v4(),
        }
    }
}

/// What the tablet saw; the drill later compares it with the database.
#[derive(Default)]
pub struct TabletReport {
    /// Entries the tablet started (each with a fresh client_entry_id).
    pub attempted: usize,
    pub requests: usize,
    /// Entries the server acknowledged: (client_entry_id, prescription, round instant).
    pub acknowledged: Vec<(Uuid, Uuid, DateTime<Utc>)>,
    /// Entries that needed at least one retry, and how many retries in all.
    pub retried_entries: usize,
    pub retry_requests: usize,
    /// Retries answered with the dose as saved before the crash: recognised, not doubled.
    pub recognised_on_retry: usize,
    /// Definite refusals (never acknowledged): id and the message shown to the nurse.
    pub rejected: Vec<(Uuid, String)>,
    /// Entries still unresolved when the drill gave up waiting (never acknowledged).
    pub unresolved: Vec<Uuid>,
    pub sign_ins: usize,
    /// Every slot was recorded before the load ended: give the drill more prescriptions.
    pub ran_out: bool,
}

enum Answer {
    Saved(Option<RecordedDose>),
    Uncertain,
    SignIn,
    Rejected(String),
}

pub struct Tablet {
    pub base: String,
    pub username: String,
    pub password: String,
    pub slots: Vec<Slot>,
    /// Set when the load ends: finish the entry in hand, start no more.
    pub stop_new: Arc<AtomicBool>,
    /// Set when the drill stops waiting for entries in flight.
    pub give_up: Arc<AtomicBool>,
}

impl Tablet {
    pub async fn run(self) -> Result<TabletReport, String> {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| e.to_string())?;
        let mut report = TabletReport::default();
        self.sign_in(&client, &mut report).await;
        for slot in &self.slots {
            if self.stop_new.load(Ordering::Relaxed) {
                break;
            }
            let entry = slot.given();
            report.attempted += 1;
            self.record_until_resolved(&client, &entry, &mut report).await;
        }
        report.ran_out = !self.stop_new.load(Ordering::Relaxed);
        Ok(report)
    }

    async fn record_until_resolved(
        &self,
        client: &reqwest::Client,
        entry: &DoseEntry,
        report: &mut TabletReport,
    ) {
        let mut retries = 0usize;
        loop {
            let sent_at = Utc::now();
            report.requests += 1;
            match self.send(client, entry).await {
                Answer::Saved(dose) => {
                    // A retry answered with a dose recorded before this request was the first
                    // attempt, committed before the crash, recognised by its client_entry_id.
                    if retries > 0 && dose.is_some_and(|d| d.recorded_at < sent_at) {
                        report.recognised_on_retry += 1;
                    }
                    let Some((date, time)) = entry.round else { return };
                    report.acknowledged.push((
                        entry.client_entry_id,
                        entry.prescription_id,
                        round_instant(date, time),
                    ));
                    return;
                }
                Answer::Rejected(message) => {
                    report.rejected.push((entry.client_entry_id, message));
                    return;
                }
                Answer::SignIn => self.sign_in(client, report).await,
                Answer::Uncertain => {}
            }
            if self.give_up.load(Ordering::Relaxed) {
                report.unresolved.push(entry.client_entry_id);
                return;
            }
            if retries == 0 {
                report.retried_entries += 1;
            }
            retries += 1;
            report.retry_requests += 1;
            tokio::time::sleep(backoff(retries)).await;
        }
    }

    async fn send(&self, client: &reqwest::Client, entry: &DoseEntry) -> Answer {
        let request = client
            .post(format!("{}/api/record_dose", self.base))
            .header(reqwest::header::ORIGIN, &self.base)
            .json(&serde_json::json!({ "entry": entry }));
        let Ok(response) = request.send().await else { return Answer::Uncertain };
        let status = response.status();
        let Ok(body) = response.bytes().await else { return Answer::Uncertain };
        if status.is_success() {
            return match serde_json::from_slice::<RecordedDose>(&body) {
                Ok(dose) => Answer::Saved(Some(dose)),
                Err(_) => Answer::Uncertain,
            };
        }
        match serde_json::from_slice::<AppError>(&body) {
            Ok(e) if e.needs_sign_in() => Answer::SignIn,
            Ok(AppError::Internal | AppError::Communication(_)) | Err(_) => Answer::Uncertain,
            // Two requests with one id raced and the other saved it: the entry is saved.
            Ok(AppError::Conflict(message)) if message == "This entry was already saved." => {
                Answer::Saved(None)
            }
            Ok(other) => Answer::Rejected(other.to_string()),
        }
    }

    /// Signs in, retrying through outages; the establishment is chosen at sign-in because each
    /// drill nurse works at one only.
    async fn sign_in(&self, client: &reqwest::Client, report: &mut TabletReport) {
        let mut tries = 0;
        loop {
            let answer = client
                .post(format!("{}/api/sign_in", self.base))
                .header(reqwest::header::ORIGIN, &self.base)
                .form(&[("username", self.username.as_str()), ("password", &self.password), ("next", "/")])
                .send()
                .await;
            if let Ok(response) = answer
                && (response.status().is_success() || response.status().is_redirection())
            {
                report.sign_ins += 1;
                return;
            }
            if self.give_up.load(Ordering::Relaxed) {
                return;
            }
            tries += 1;
            tokio::time::sleep(backoff(tries)).await;
        }
    }
}

/// 100 ms, doubling to at most a second: quick to notice the restart, gentle while it is down.
fn backoff(tries: usize) -> Duration {
    Duration::from_millis(100u64.saturating_mul(1 << tries.min(4)).min(1_000))
}

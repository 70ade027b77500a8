//! The verdict: what the tablets were told against what the database holds after every crash.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::{PgPool, Row};
use uuid::Uuid;

use crate::common::BenchResult;
use crate::tablet::TabletReport;

/// Where an administration row says it belongs: prescription and round instant.
type StoredDose = (Uuid, Option<DateTime<Utc>>);

const DRILL_PRESCRIPTIONS: &str = "SELECT id FROM prescription WHERE indication = 'Crash-safety drill'";

pub async fn print_durability_settings(pool: &PgPool) -> BenchResult<()> {
    let mut shown = Vec::new();
    for setting in ["fsync", "synchronous_commit", "full_page_writes", "wal_sync_method"] {
        // SHOW takes no parameters; the names are constants above.
        let value: String = sqlx::query_scalar(&format!("SHOW {setting}")).fetch_one(pool).await?;
        shown.push(format!("{setting}={value}"));
    }
    println!("PostgreSQL durability settings in force: {}", shown.join(", "));
    Ok(())
}

#[derive(Default)]
pub struct Findings {
    /// Acknowledged entries missing from the database.
    pub lost: Vec<Uuid>,
    /// Acknowledged entries stored against another prescription or round than the one sent.
    pub mismatched: usize,
    /// Client entry ids stored more than once.
    pub duplicate_ids: usize,
    /// Prescription and round pairs given more than once.
    pub doubled_doses: usize,
    /// Drill administrations with an id no tablet sent.
    pub unknown_rows: usize,
    /// Entries saved though the tablet never heard so (refused or unresolved on its side).
    pub saved_unacknowledged: usize,
    pub rows: usize,
}

pub async fn check(pool: &PgPool, reports: &[TabletReport]) -> BenchResult<Findings> {
    let acknowledged: HashMap<Uuid, (Uuid, DateTime<Utc>)> =
        reports.iter().flat_map(|r| r.acknowledged.iter().map(|(id, rx, at)| (*id, (*rx, *at)))).collect();
    let unacknowledged: HashSet<Uuid> = reports
        .iter()
        .flat_map(|r| r.rejected.iter().map(|(id, _)| *id).chain(r.unresolved.iter().copied()))
        .collect();
    let rows = sqlx::query(&format!(
        "SELECT client_entry_id, prescription_id, scheduled_for FROM administration
         WHERE prescription_id IN ({DRILL_PRESCRIPTIONS})"
    ))
    .fetch_all(pool)
    .await?;
    let mut findings = Findings { rows: rows.len(), ..Findings::default() };
    let mut stored: HashMap<Uuid, Vec<StoredDose>> = HashMap::new();
    for row in &rows {
        let id: Option<Uuid> = row.try_get("client_entry_id")?;
        let Some(id) = id else {
            findings.unknown_rows += 1;
            continue;
        };
        stored.entry(id).or_default().push((row.try_get("prescription_id")?, row.try_get("scheduled_for")?));
    }
    for (id, (rx, at)) in &acknowledged {
        match stored.get(id).map(Vec::as_slice) {
            None | Some([]) => findings.lost.push(*id),
            Some([(stored_rx, stored_at)]) => {
                if stored_rx != rx || *stored_at != Some(*at) {
                    findings.mismatched += 1;
                }
            }
            Some(_) => {}
        }
    }
    for (id, copies) in &stored {
        if copies.len() > 1 {
            findings.duplicate_ids += 1;
        }
        if unacknowledged.contains(id) {
            findings.saved_unacknowledged += 1;
        } else if !acknowledged.contains_key(id) {
            findings.unknown_rows += 1;
        }
    }
    findings.doubled_doses = sqlx::query_scalar::<_, i64>(&format!(
        "SELECT count(*) FROM (SELECT 1 FROM administration WHERE prescription_id IN ({DRILL_PRESCRIPTIONS})
                                 GROUP BY prescription_id, scheduled_for HAVING count(*) > 1) doubled"
    ))
    .fetch_one(pool)
    .await?
    .try_into()?;
    Ok(findings)
}

/// How many times PostgreSQL said it was recovering from a crash, from its own log.
pub fn crash_recoveries_in_log(log: &Path) -> usize {
    std::fs::read_to_string(log)
        .map(|text| text.matches("not properly shut down; automatic recovery in progress").count())
        .unwrap_or(0)
}

pub struct Summary {
    pub reports: Vec<TabletReport>,
    pub findings: Findings,
    pub kills: usize,
    pub processes_killed: usize,
    pub recoveries: usize,
    pub downtime: Vec<Duration>,
    pub load_time: Duration,
    pub total_time: Duration,
}

/// Prints the figures; true when nothing acknowledged was lost and nothing was doubled.
pub fn report(s: &Summary) -> bool {
    let sum = |f: fn(&TabletReport) -> usize| s.reports.iter().map(f).sum::<usize>();
    let f = &s.findings;
    let acknowledged = sum(|r| r.acknowledged.len());
    let rejected: Vec<&str> =
        s.reports.iter().flat_map(|r| r.rejected.iter().map(|(_, m)| m.as_str())).collect();
    let unresolved = sum(|r| r.unresolved.len());
    let worst_down = s.downtime.iter().max().copied().unwrap_or_default();
    let duplicated = f.duplicate_ids + f.doubled_doses;
    println!("\n| crash-safety drill | figure |");
    println!("|---|---|");
    println!("| tablets | {} |", s.reports.len());
    println!("| doses attempted (distinct client_entry_ids) | {} |", sum(|r| r.attempted));
    println!("| requests sent | {} |", sum(|r| r.requests));
    println!("| acknowledged | {acknowledged} |");
    println!("| retried (entries in flight at a crash) | {} |", sum(|r| r.retried_entries));
    println!("| retry requests | {} |", sum(|r| r.retry_requests));
    println!("| retries recognised as already saved | {} |", sum(|r| r.recognised_on_retry));
    println!("| refused by the server (never acknowledged) | {} |", rejected.len());
    println!("| unresolved at the end (never acknowledged) | {unresolved} |");
    println!("| kills survived (app + every PostgreSQL process, SIGKILL) | {} |", s.kills);
    println!("| processes SIGKILLed | {} |", s.processes_killed);
    println!("| PostgreSQL crash recoveries in its log | {} |", s.recoveries);
    println!("| worst restart (PostgreSQL recovery + app ready) | {:.2} s |", worst_down.as_secs_f64());
    println!("| drill administrations in the database | {} |", f.rows);
    println!("| saved but not acknowledged (tablet told no answer) | {} |", f.saved_unacknowledged);
    println!("| **lost** (acknowledged, not in the database) | **{}** |", f.lost.len());
    println!("| **duplicated** (an id or a dose stored twice) | **{duplicated}** |");
    println!("| stored against another dose than sent | {} |", f.mismatched);
    println!("| rows no tablet sent | {} |", f.unknown_rows);
    println!(
        "| load time / total time | {:.1} s / {:.1} s |",
        s.load_time.as_secs_f64(),
        s.total_time.as_secs_f64()
    );
    let ran_out = s.reports.iter().filter(|r| r.ran_out).count();
    if ran_out > 0 {
        println!("note: {ran_out} tablets recorded every slot before the load ended; raise --prescriptions");
    }
    for message in rejected.iter().take(3) {
        println!("refused: {message}");
    }
    for id in f.lost.iter().take(10) {
        println!("LOST: client_entry_id {id}");
    }
    let ok = f.lost.is_empty() && duplicated == 0 && f.mismatched == 0 && f.unknown_rows == 0;
    println!(
        "\n{}",
        if ok {
            "PASS: every acknowledged administration is present exactly once."
        } else {
            "FAIL: see the figures above."
        }
    );
    ok
}

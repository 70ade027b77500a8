//! The national data set: ~130 establishments, ~90,000 people in custody, ~1,000,000 released,
//! five years of movements, notes and alerts in realistic proportions, one patient with a
//! 10,000-entry record, prescriptions for the people in custody with 20 million doses recorded on
//! the rounds of the last months, and a 300-patient wing for the round list. Loaded with COPY and
//! set-based SQL in phases; each phase commits with a marker, so a load that is stopped resumes
//! where it was, and a finished load is not repeated.

mod copy;
mod ids;
mod medicines;
mod phases;

use std::time::Instant;

use sqlx::PgPool;

pub use medicines::{BIG_WING, BIG_WING_ESTABLISHMENT, TIMELINE_DAYS, UNRECORDED_DAYS};
pub use phases::{ALL as PHASES, BIG_RECORD_PRISON_NUMBER};

#[derive(Clone, Debug)]
pub struct Scale {
    pub establishments: usize,
    pub current_patients: usize,
    pub released_patients: usize,
    pub staff_per_establishment: usize,
    /// Entries in the record of the one very long-stay patient.
    pub big_record_entries: usize,
    /// People on the one big wing ([`BIG_WING`] at [`BIG_WING_ESTABLISHMENT`]), all with a
    /// regular dose at the 08:00 round.
    pub big_wing_patients: usize,
    /// Doses recorded on rounds (and when required), over as many days back as that takes.
    pub administrations: usize,
    pub seed: u64,
}

impl Scale {
    pub fn national() -> Self {
        Self {
            establishments: 130,
            current_patients: 90_000,
            released_patients: 1_000_000,
            staff_per_establishment: 40,
            big_record_entries: 10_000,
            big_wing_patients: 300,
            administrations: 20_000_000,
            seed: 20_261_127,
        }
    }

    /// The national shape multiplied by `factor` (0.01 gives a quick, small load).
    pub fn scaled(factor: f64) -> Self {
        let n = Self::national();
        let by = |v: usize, min: usize| ((v as f64 * factor).round() as usize).max(min);
        Self {
            establishments: by(n.establishments, 3),
            current_patients: by(n.current_patients, 30),
            released_patients: by(n.released_patients, 30),
            staff_per_establishment: n.staff_per_establishment.min(by(n.staff_per_establishment, 8)),
            big_record_entries: by(n.big_record_entries, 200),
            big_wing_patients: by(n.big_wing_patients, 30),
            administrations: by(n.administrations, 1_000),
            seed: n.seed,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum NationalLoadError {
    #[error("database error during the national load: {0}")]
    Database(#[from] sqlx::Error),
    #[error("the database already holds patients that are not from a national load; use an empty database")]
    NotEmpty,
}

/// Runs every phase not yet done, printing progress; returns the phases it ran.
pub async fn load(pool: &PgPool, scale: &Scale) -> Result<Vec<&'static str>, NationalLoadError> {
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS national_load_phase (phase text PRIMARY KEY, rows bigint NOT NULL, done_at timestamptz NOT NULL DEFAULT now())",
    )
    .execute(pool)
    .await?;
    let started_before: i64 =
        sqlx::query_scalar("SELECT count(*) FROM national_load_phase").fetch_one(pool).await?;
    let patients: i64 = sqlx::query_scalar("SELECT count(*) FROM patient").fetch_one(pool).await?;
    if started_before == 0 && patients > 0 {
        return Err(NationalLoadError::NotEmpty);
    }
    let mut ran = Vec::new();
    for phase in phases::ALL {
        let done: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM national_load_phase WHERE phase = $1)")
                .bind(phase)
                .fetch_one(pool)
                .await?;
        if done {
            eprintln!("[national] {phase:<22} already loaded, skipped");
            continue;
        }
        let started = Instant::now();
        eprintln!("[national] {phase:<22} loading…");
        let mut tx = pool.begin().await?;
        // Bulk rows are written with their derived rows in the same phase, set-based, instead of
        // row by row through the triggers.
        sqlx::query("SET LOCAL session_replication_role = replica").execute(&mut *tx).await?;
        let rows = phases::run(phase, &mut tx, scale).await?;
        sqlx::query("INSERT INTO national_load_phase (phase, rows) VALUES ($1, $2)")
            .bind(phase)
            .bind(i64::try_from(rows).unwrap_or(i64::MAX))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        eprintln!("[national] {phase:<22} {rows} rows in {:.1?}", started.elapsed());
        ran.push(phase);
    }
    eprintln!("[national] analysing tables");
    sqlx::query("ANALYZE").execute(pool).await?;
    Ok(ran)
}
